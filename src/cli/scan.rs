//! `ward scan`: pick the source, run the engine, render, choose the exit code.

use super::emit;
use super::progress::Bar;
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;
use ward::config::Config;
use ward::detect::Severity;
use ward::detect::secrets::rule;
use ward::report::{Format, Report};
use ward::scan::{Detectors, Engine, Loader, Outcome};
use ward::source::history::{self, Selection};
use ward::source::{self, Blob, Change, Collected, SkipReason};
use ward::suppress::baseline::Baseline;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a report: `auto` colours a terminal, unless the
    /// report goes to a file or `NO_COLOR` is set.
    pub fn enabled(self, output: Option<&Path>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                output.is_none()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Detectors `--only` can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Detector {
    Secrets,
    Code,
    Deps,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Scan the lines staged for the next commit (the default).
    #[arg(long, conflicts_with_all = ["tree", "stdin", "all", "range", "branch", "pre_push"])]
    staged: bool,
    /// Scan every file under PATH (default: .) without git; .gitignore is honoured.
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = ".",
          conflicts_with_all = ["stdin", "all", "range", "branch", "pre_push"])]
    tree: Option<PathBuf>,
    /// Scan standard input as one file.
    #[arg(long, conflicts_with_all = ["all", "range", "branch", "pre_push"])]
    stdin: bool,
    /// Path reported for --stdin (and used to match ward.toml globs).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "<stdin>",
        requires = "stdin"
    )]
    stdin_name: String,
    /// Scan the history: every commit reachable from any ref (branches, tags, remotes, stash).
    #[arg(long, conflicts_with_all = ["range", "branch", "pre_push"], help_heading = "History")]
    all: bool,
    /// Scan the commits of a range: A..B (in B, not in A), A...B, or REV and its ancestors.
    #[arg(long, value_name = "A..B", conflicts_with_all = ["branch", "pre_push"], help_heading = "History")]
    range: Option<String>,
    /// Scan a branch (or any revision) and its ancestors.
    #[arg(
        long,
        value_name = "REV",
        conflicts_with = "pre_push",
        help_heading = "History"
    )]
    branch: Option<String>,
    /// Only commits committed at or after DATE (2024-05-01, RFC 3339, "2 weeks ago");
    /// alone, over every ref.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["staged", "tree", "stdin"], help_heading = "History")]
    since: Option<String>,
    /// With --all: also the commits reflogs remember (amended, reset, rebased away).
    #[arg(long, requires = "all", help_heading = "History")]
    reflog: bool,
    /// With --all: every commit in the object database, reachable or not.
    #[arg(long, requires = "all", help_heading = "History")]
    include_unreachable: bool,
    /// Run as git's pre-push hook: read the pushed refs from standard input and
    /// scan only the commits the remote does not have.
    #[arg(long, help_heading = "History")]
    pre_push: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when a finding at or above LEVEL remains [default: high, or ward.toml's scan.fail-on].
    #[arg(long, value_name = "LEVEL")]
    fail_on: Option<Severity>,
    /// Hide the findings recorded in this baseline (see `ward baseline`) [default: ward.toml's scan.baseline].
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Run only these detectors (comma-separated): secrets, code, deps.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "DETECTORS")]
    only: Vec<Detector>,
    /// Ask the package registries whether new packages exist and how old they are
    /// (2 s budget; unanswered lookups are reported, not blocked).
    #[arg(long)]
    online: bool,
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
    /// Never show a progress bar (history scans show one on a terminal).
    #[arg(long)]
    no_progress: bool,
    /// Also print the one-line summary when nothing is found.
    #[arg(long, short)]
    verbose: bool,
    /// Only these staged files (as the pre-commit framework passes them): their added
    /// lines, or their whole content when they are unchanged from HEAD.
    #[arg(value_name = "PATHS", conflicts_with_all = ["all", "range", "branch", "pre_push", "since"])]
    paths: Vec<PathBuf>,
}

/// What a scan reads.
pub(super) enum Source {
    Staged(Vec<PathBuf>),
    Tree(PathBuf),
    Stdin(String),
    History(HistorySpec),
}

/// Which commits a history scan walks.
pub(super) struct HistorySpec {
    pub mode: &'static str,
    pub range: Option<String>,
    pub since: Option<String>,
    pub reflog: bool,
    pub unreachable: bool,
}

/// Settings every scan shares.
pub(super) struct Common<'a> {
    pub config: Option<&'a Path>,
    pub jobs: Option<usize>,
    pub progress: bool,
    pub detectors: Detectors,
    /// `--online`: registry lookups even when ward.toml does not ask for them.
    pub online: bool,
}

/// `--only`: nothing listed means every detector.
pub(super) fn detectors(only: &[Detector]) -> Detectors {
    if only.is_empty() {
        return Detectors::default();
    }
    Detectors {
        secrets: only.contains(&Detector::Secrets),
        code: only.contains(&Detector::Code),
        deps: only.contains(&Detector::Deps),
    }
}

/// A finished scan: the engine that ran, what it read and found.
pub(super) struct Scanned {
    pub mode: &'static str,
    pub engine: Engine,
    pub outcome: Outcome,
    pub commits: usize,
}

impl ScanArgs {
    fn source(&self) -> Result<Source> {
        let history = |mode, range: Option<String>| {
            Source::History(HistorySpec {
                mode,
                range,
                since: self.since.clone(),
                reflog: self.reflog,
                unreachable: self.include_unreachable,
            })
        };
        Ok(if let Some(tree) = &self.tree {
            if !self.paths.is_empty() {
                bail!("--tree takes one PATH; file arguments are for staged scans");
            }
            Source::Tree(tree.clone())
        } else if self.stdin {
            Source::Stdin(self.stdin_name.clone())
        } else if self.all {
            history("all", None)
        } else if let Some(r) = &self.range {
            history("range", Some(r.clone()))
        } else if let Some(b) = &self.branch {
            history("branch", Some(b.clone()))
        } else if self.pre_push {
            history("pre-push", None)
        } else if self.since.is_some() {
            history("all", None)
        } else {
            Source::Staged(self.paths.clone())
        })
    }
}

pub fn run(args: ScanArgs) -> Result<u8> {
    let started = Instant::now();
    let source = args.source()?;
    let common = Common {
        config: args.config.as_deref(),
        jobs: args.jobs,
        progress: !args.no_progress && std::io::stderr().is_terminal(),
        detectors: detectors(&args.only),
        online: args.online,
    };
    let Scanned {
        mode,
        engine,
        mut outcome,
        commits,
    } = scan(source, &common)?;
    let packages = std::mem::take(&mut outcome.packages);
    for notice in std::mem::take(&mut outcome.stats.notices) {
        eprintln!("ward: {notice}");
    }

    let baseline = args.baseline.clone().or(engine.config.baseline.clone());
    if let Some(path) = baseline {
        let baseline = Baseline::load(&path)?;
        outcome.stats.baselined = baseline.filter(&mut outcome.findings);
    }

    let fail_on = args
        .fail_on
        .or(engine.config.fail_on)
        .unwrap_or(Severity::High);
    let duration_ms = started.elapsed().as_millis() as u64;
    let mut report = Report::new(
        mode,
        outcome.stats,
        outcome.findings,
        fail_on,
        args.show_secrets,
        duration_ms,
    );
    report.commits = commits;
    if mode == "staged" {
        report.packages = packages;
    }
    let color = args.color.enabled(args.output.as_deref());
    let hook = mode == "staged" || mode == "pre-push";
    let quiet = args.format == Format::Human && report.findings.is_empty() && hook && !args.verbose;
    if quiet {
        // A clean commit passes silently, except for what could not be scanned.
        let large: Vec<_> = report
            .stats
            .skipped
            .iter()
            .filter(|s| matches!(s.reason, SkipReason::TooLarge | SkipReason::Missing))
            .map(|s| s.path.as_str())
            .collect();
        if !large.is_empty() {
            eprintln!(
                "ward: not scanned (larger than max-file-size, or missing): {}",
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

/// Collect from the source and run the detectors (no baseline, no rendering).
pub(super) fn scan(source: Source, common: &Common) -> Result<Scanned> {
    let threads = common.jobs.unwrap_or(0);
    if threads > 0 {
        // Only fails when a pool exists already; the default one is then used.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let bar = Bar::new(common.progress);

    let (mode, root, collected, loader, commits) = match source {
        Source::Tree(tree) => {
            let root_dir = if tree.is_dir() {
                tree.clone()
            } else {
                cwd.clone()
            };
            let collected = source::tree::collect(&tree, threads.max(num_cpus()))?;
            ("tree", root_dir, collected, Loader::Files, 0)
        }
        Source::Stdin(name) => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            let collected = Collected {
                changes: vec![Change::added(name, Blob::Bytes(bytes), None)],
                skipped: Vec::new(),
            };
            ("stdin", cwd.clone(), collected, Loader::Files, 0)
        }
        Source::Staged(paths) => {
            let staged = source::staged::Staged::open(&cwd)?;
            let workdir =
                staged.repo.work_dir().map(Path::to_path_buf).context(
                    "the repository is bare: there is nothing staged to scan (use --all)",
                )?;
            let collected = if paths.is_empty() {
                staged.changes()?
            } else {
                let rel = repo_relative(&paths, &cwd, &workdir)?;
                staged.changes_for_paths(&rel)?
            };
            (
                "staged",
                workdir,
                collected,
                Loader::Git(Box::new(staged.repo)),
                0,
            )
        }
        Source::History(spec) => {
            let repo = gix::ThreadSafeRepository::discover_with_environment_overrides(&cwd)
                .with_context(|| format!("{} is not in a git repository", cwd.display()))?;
            let local = repo.to_thread_local();
            let root = local
                .workdir()
                .map_or_else(|| local.git_dir().to_path_buf(), Path::to_path_buf);
            let mut selection = match (spec.mode, &spec.range) {
                ("pre-push", _) => {
                    let mut input = String::new();
                    std::io::stdin()
                        .read_to_string(&mut input)
                        .context("cannot read the pushed refs from standard input")?;
                    history::pre_push(&local, &input)?
                }
                (_, Some(range)) => Selection::range(&local, range)?,
                _ => Selection::all_refs(&local)?,
            };
            if spec.reflog {
                selection.add_reflogs(&local)?;
            }
            if spec.unreachable {
                selection.add_unreachable(&local)?;
            }
            if let Some(since) = &spec.since {
                let t = gix::date::parse(since, Some(gix::date::Zoned::now()))
                    .with_context(|| format!("--since {since}: not a date"))?;
                selection.since = Some(t.seconds);
            }
            let history = history::collect(&repo, &selection, &bar)?;
            drop(local);
            (
                spec.mode,
                root,
                history.collected,
                Loader::Git(Box::new(repo)),
                history.commits,
            )
        }
    };

    let builtin = rule::builtin();
    let config = match common.config {
        Some(p) => Config::load(p, &builtin)?,
        None => Config::discover(&root, &builtin)?,
    };
    let mut config = config;
    config.deps.online |= common.online;
    let mut engine = Engine::with_rules(config, builtin);
    engine.detectors = common.detectors;
    let mut outcome = engine.scan_with_progress(collected, &loader, &bar);
    bar.finish();
    if commits > 0 {
        ward::scan::keep_earliest(&mut outcome.findings);
    }
    Ok(Scanned {
        mode,
        engine,
        outcome,
        commits,
    })
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
