//! `ward baseline`: record today's findings so later scans report only new ones.

use super::scan::{self, Common, HistorySpec, Source};
use anyhow::{Context, Result};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use ward::suppress::baseline::{self, Baseline};

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Record the findings of the whole history (every ref) instead of the files as they are.
    #[arg(long)]
    all: bool,
    /// The baseline file to write (with --prune: to read and rewrite).
    #[arg(long, short, value_name = "FILE", default_value = baseline::DEFAULT_FILE)]
    output: PathBuf,
    /// Rescan, list the entries nothing matches any more, and remove them from the file.
    #[arg(long)]
    prune: bool,
    /// Read configuration from FILE instead of ward.toml / .ward.toml at the scan root.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Worker threads (default: number of cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Never show a progress bar.
    #[arg(long)]
    no_progress: bool,
}

pub fn run(args: &BaselineArgs) -> Result<u8> {
    let existing = if args.prune {
        Some(Baseline::load(&args.output)?)
    } else {
        None
    };
    let all = args.all || existing.as_ref().is_some_and(|b| b.scope == "all");
    let source = if all {
        Source::History(HistorySpec {
            mode: "all",
            range: None,
            since: None,
            reflog: false,
            unreachable: false,
        })
    } else {
        Source::Tree(work_tree()?)
    };
    let common = Common {
        config: args.config.as_deref(),
        jobs: args.jobs,
        progress: !args.no_progress && std::io::stderr().is_terminal(),
        detectors: ward::scan::Detectors::default(),
        online: false,
    };
    let scanned = scan::scan(source, &common)?;
    let findings = &scanned.outcome.findings;
    let scope = if all { "all" } else { "tree" };

    let (baseline, message) = match existing {
        Some(old) => {
            let stale = old.stale(findings);
            for e in &stale {
                eprintln!("ward: stale: {} in {} (no longer found)", e.rule, e.path);
            }
            let mut pruned = old.clone();
            pruned.entries.retain(|e| !stale.contains(e));
            let msg = format!(
                "ward: removed {} stale of {} entries from {}",
                stale.len(),
                old.entries.len(),
                args.output.display()
            );
            (pruned, msg)
        }
        None => {
            let b = Baseline::from_findings(findings, scope);
            let msg = format!(
                "ward: recorded {} finding(s) in {} (rule, path and SHA-256 of each secret; no secret is stored)",
                b.entries.len(),
                args.output.display()
            );
            (b, msg)
        }
    };
    std::fs::write(&args.output, baseline.to_json())
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!("{message}");
    Ok(0)
}

/// The work tree of the repository around the current directory, or the
/// current directory outside git: paths in the baseline are then
/// repository-relative, as in staged and history scans.
fn work_tree() -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    Ok(gix::discover(&cwd)
        .ok()
        .and_then(|r| r.workdir().map(|p| p.to_path_buf()))
        .unwrap_or(cwd))
}
