//! Command-line interface: clap definitions and one module per subcommand.
//! The only place that prints.

mod audit;
mod baseline;
mod db;
mod deps;
mod init;
mod install;
mod progress;
mod rules;
mod sbom;
mod scan;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Catch secrets before the commit lands.
///
/// Run with no subcommand (or `ward scan`) inside a git repository to scan what
/// is staged for the next commit; `ward install` makes that the pre-commit hook.
#[derive(Debug, Parser)]
#[command(
    name = "ward",
    version,
    args_conflicts_with_subcommands = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit status: 0 nothing at or above --fail-on, 1 findings, 2 error.\n\
Examples:\n  ward install                      # block secrets on every git commit\n  \
ward install --pre-push           # and every git push\n  \
ward scan --tree .                # scan a directory, no git needed\n  \
ward scan --all                   # every commit of every branch and tag\n  \
ward scan --range origin/main..HEAD --format sarif --output ward.sarif\n  \
ward baseline --all               # accept today's findings; report only new ones\n  \
ward rules show github-pat"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    scan: scan::ScanArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan staged changes (default), history (--all, --range, --pre-push), a directory (--tree) or stdin.
    Scan(Box<scan::ScanArgs>),
    /// Install ward's pre-commit hook (--pre-push: the pre-push hook); an existing hook is chained.
    Install(install::InstallArgs),
    /// Remove ward's hook (--pre-push: the pre-push one) and restore the hook it replaced.
    Uninstall(install::UninstallArgs),
    /// Record today's findings (as hashes) so that scans report only new ones.
    Baseline(baseline::BaselineArgs),
    /// Local data ward checks against: OSV advisories, package name indexes.
    #[command(subcommand)]
    Db(db::DbCommand),
    /// Packages declared by lockfiles and manifests.
    #[command(subcommand)]
    Deps(deps::DepsCommand),
    /// Check the packages locked under a path (or an SBOM's) against the advisory database.
    Audit(Box<audit::AuditArgs>),
    /// Write a CycloneDX or SPDX SBOM of the lockfiles under a path or in a commit; diff SBOMs.
    Sbom(sbom::SbomArgs),
    /// List, show and check detection rules.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Write a commented ward.toml into the current directory.
    Init(init::InitArgs),
}

/// Parse arguments and run; the returned code is the process exit status.
pub fn run() -> Result<u8> {
    let cli = Cli::parse();
    match cli.command {
        None => scan::run(cli.scan),
        Some(Command::Scan(args)) => scan::run(*args),
        Some(Command::Install(args)) => install::run_install(&args),
        Some(Command::Uninstall(args)) => install::run_uninstall(&args),
        Some(Command::Baseline(args)) => baseline::run(&args),
        Some(Command::Db(cmd)) => db::run(cmd),
        Some(Command::Deps(cmd)) => deps::run(cmd),
        Some(Command::Audit(args)) => audit::run(*args),
        Some(Command::Sbom(args)) => sbom::run(&args),
        Some(Command::Rules(cmd)) => rules::run(cmd),
        Some(Command::Init(args)) => init::run(&args),
    }
}

/// Write to stdout, or to `--output FILE`.
fn emit(text: &str, output: Option<&std::path::Path>) -> Result<()> {
    use anyhow::Context;
    use std::io::Write;
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}
