//! `ward scan`: pick the source, run the engine, render, choose the exit code.

use super::emit;
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;
use ward::config::Config;
use ward::detect::Severity;
use ward::detect::secrets::rule;
use ward::report::{Format, Report};
use ward::scan::{Engine, Loader};
use ward::source::{self, Blob, Change, Collected};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Scan the lines staged for the next commit (the default).
    #[arg(long, conflicts_with_all = ["tree", "stdin"])]
    staged: bool,
    /// Scan every file under PATH (default: .) without git; .gitignore is honoured.
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = ".", conflicts_with = "stdin")]
    tree: Option<PathBuf>,
    /// Scan standard input as one file.
    #[arg(long)]
    stdin: bool,
    /// Path reported for --stdin (and used to match ward.toml globs).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "<stdin>",
        requires = "stdin"
    )]
    stdin_name: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when a finding at or above LEVEL remains [default: high, or ward.toml's scan.fail-on].
    #[arg(long, value_name = "LEVEL")]
    fail_on: Option<Severity>,
    /// Print secrets in clear instead of redacted (never do this in CI logs).
    #[arg(long)]
    show_secrets: bool,
    /// Colour in human output (auto honours NO_COLOR and terminals).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// Read configuration from FILE instead of ward.toml / .ward.toml at the scan root.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Worker threads (default: number of cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Also print the one-line summary when nothing is found.
    #[arg(long, short)]
    verbose: bool,
    /// Only these staged files (as the pre-commit framework passes them): their added
    /// lines, or their whole content when they are unchanged from HEAD.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
}

pub fn run(args: ScanArgs) -> Result<u8> {
    let started = Instant::now();
    let threads = args.jobs.unwrap_or(0);
    if threads > 0 {
        // Only fails when a pool exists already; the default one is then used.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;

    let (mode, root, collected, loader) = if let Some(tree) = &args.tree {
        if !args.paths.is_empty() {
            bail!("--tree takes one PATH; file arguments are for staged scans");
        }
        let root_dir = if tree.is_dir() {
            tree.clone()
        } else {
            cwd.clone()
        };
        let collected = source::tree::collect(tree, threads.max(num_cpus()))?;
        ("tree", root_dir, collected, Loader::Files)
    } else if args.stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        let collected = Collected {
            changes: vec![Change {
                path: args.stdin_name.clone(),
                old: None,
                new: Blob::Bytes(bytes),
                size: None,
            }],
            skipped: Vec::new(),
        };
        ("stdin", cwd.clone(), collected, Loader::Files)
    } else {
        let staged = source::staged::Staged::open(&cwd)?;
        let workdir = staged
            .repo
            .work_dir()
            .map(Path::to_path_buf)
            .context("the repository is bare: there is nothing staged to scan (use --tree)")?;
        let collected = if args.paths.is_empty() {
            staged.changes()?
        } else {
            let rel = repo_relative(&args.paths, &cwd, &workdir)?;
            staged.changes_for_paths(&rel)?
        };
        (
            "staged",
            workdir,
            collected,
            Loader::Git(Box::new(staged.repo)),
        )
    };

    let builtin = rule::builtin();
    let config = match &args.config {
        Some(p) => Config::load(p, &builtin)?,
        None => Config::discover(&root, &builtin)?,
    };
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::High);
    let engine = Engine::with_rules(config, builtin);
    let outcome = engine.scan(collected, &loader);

    let duration_ms = started.elapsed().as_millis() as u64;
    let report = Report::new(
        mode,
        outcome.stats,
        outcome.findings,
        fail_on,
        args.show_secrets,
        duration_ms,
    );
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let quiet = args.format == Format::Human
        && report.findings.is_empty()
        && mode == "staged"
        && !args.verbose;
    if quiet {
        // A clean commit passes silently, except for files too large to scan.
        let large: Vec<_> = report
            .stats
            .skipped
            .iter()
            .filter(|s| s.reason == source::SkipReason::TooLarge)
            .map(|s| s.path.as_str())
            .collect();
        if !large.is_empty() {
            eprintln!(
                "ward: not scanned (larger than max-file-size): {}",
                large.join(", ")
            );
        }
    } else {
        emit(
            &report.render(args.format, &engine.rules, color),
            args.output.as_deref(),
        )?;
    }
    Ok(u8::from(report.blocking() > 0))
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

/// File arguments are relative to the current directory; the index is keyed by
/// repository-relative paths with `/`.
fn repo_relative(paths: &[PathBuf], cwd: &Path, workdir: &Path) -> Result<Vec<String>> {
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    paths
        .iter()
        .map(|p| {
            let abs = normalize(&cwd.join(p));
            let rel = abs.strip_prefix(&workdir).with_context(|| {
                format!(
                    "{}: outside the repository {}",
                    p.display(),
                    workdir.display()
                )
            })?;
            Ok(rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"))
        })
        .collect()
}

/// Resolve `.` and `..` without touching the file system (the path may be deleted).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
