//! `ward deps`: the packages lockfiles and manifests declare.

use super::emit;
use super::scan::{self, Common, HistorySpec, Source};
use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use serde_json::json;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use ward::config::Config;
use ward::deps::diff::FileDiff;
use ward::deps::{self, IncludeFn, Package};
use ward::scan::Detectors;
use ward::source::SkipReason;

#[derive(Debug, Subcommand)]
pub enum DepsCommand {
    /// Parse lockfiles and manifests (files, or every one under a directory) and list their packages.
    List {
        /// Files or directories [default: .].
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show which packages changed lockfiles and manifests add, remove or change,
    /// and what the checks say about them (staged changes by default).
    Diff {
        /// Compare the staged version of each changed lockfile with HEAD (the default).
        #[arg(long, conflicts_with_all = ["range", "files"])]
        staged: bool,
        /// Every lockfile change of the commits in a range (A..B, or REV and its ancestors).
        #[arg(long, value_name = "A..B", conflicts_with = "files")]
        range: Option<String>,
        /// Compare two files instead: OLD NEW (a missing OLD means every package is new).
        #[arg(value_name = "FILE", num_args = 2)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Read configuration from FILE instead of ward.toml at the repository root.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Ask the registries whether new packages exist and how old they are.
        #[arg(long)]
        online: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

pub fn run(cmd: DepsCommand) -> Result<u8> {
    match cmd {
        DepsCommand::List {
            paths,
            format,
            output,
        } => list(&paths, format, output.as_deref()),
        DepsCommand::Diff {
            staged: _,
            range,
            files,
            format,
            output,
            config,
            online,
        } => {
            let text = diff(range, &files, format, config.as_deref(), online)?;
            emit(&text, output.as_deref())?;
            Ok(0)
        }
    }
}

/// The diffs and the findings on them, rendered.
fn diff(
    range: Option<String>,
    files: &[PathBuf],
    format: ListFormat,
    config: Option<&Path>,
    online: bool,
) -> Result<String> {
    let (file_diffs, findings) = if let [old, new] = files {
        file_pair(old, new, config, online)?
    } else {
        let source = match range {
            Some(r) => Source::History(HistorySpec {
                mode: "range",
                range: Some(r),
                since: None,
                reflog: false,
                unreachable: false,
            }),
            None => Source::Staged(Vec::new()),
        };
        let common = Common {
            config,
            jobs: None,
            progress: false,
            detectors: Detectors {
                secrets: false,
                code: false,
                deps: true,
            },
            online,
        };
        let mut scanned = scan::scan(source, &common)?;
        // Problems with a file (it does not parse) are errors here: this command is about it.
        if let Some(s) = scanned
            .outcome
            .stats
            .skipped
            .iter()
            .find(|s| s.reason == SkipReason::Unparsable)
        {
            bail!("{}: {}", s.path, s.detail.clone().unwrap_or_default());
        }
        (
            std::mem::take(&mut scanned.outcome.packages),
            std::mem::take(&mut scanned.outcome.findings),
        )
    };
    Ok(match format {
        ListFormat::Json => {
            let files: Vec<serde_json::Value> = file_diffs
                .iter()
                .map(|f| {
                    let mut v = ward::report::json::file_diff(&f.diff);
                    v["file"] = json!(f.path);
                    v["commit"] = json!(f.commit.as_ref().map(|c| &c.id));
                    v
                })
                .collect();
            let problems: Vec<serde_json::Value> = findings
                .iter()
                .map(|f| {
                    json!({"rule": f.rule, "severity": f.severity, "path": f.path, "line": f.line,
                           "package": f.package.as_ref().map(|p| json!({"ecosystem": p.ecosystem.as_str(), "name": p.name, "version": p.version})),
                           "message": f.note, "commit": f.commit.as_ref().map(|c| &c.id)})
                })
                .collect();
            let mut s =
                serde_json::to_string_pretty(&json!({"files": files, "findings": problems}))?;
            s.push('\n');
            s
        }
        ListFormat::Human => human_diff(&file_diffs, &findings),
    })
}

/// `ward deps diff OLD NEW`: two files on disk.
fn file_pair(
    old: &Path,
    new: &Path,
    config: Option<&Path>,
    online: bool,
) -> Result<(Vec<FileDiff>, Vec<ward::detect::Finding>)> {
    let builtin = ward::detect::secrets::rule::builtin();
    let mut config = match config {
        Some(p) => Config::load(p, &builtin)?,
        None => Config::default(),
    };
    config.deps.online |= online;
    let new_bytes = std::fs::read(new).with_context(|| format!("cannot read {}", new.display()))?;
    let old_bytes = if old.exists() {
        Some(std::fs::read(old).with_context(|| format!("cannot read {}", old.display()))?)
    } else {
        None
    };
    let name = new.display().to_string();
    let include_of = |file: &Path| {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        move |rel: &str| -> Result<String, String> {
            let p = dir.join(rel);
            let b = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            deps::decode(&b).map(str::to_owned)
        }
    };
    let include_new = include_of(new);
    let include_old = include_of(old);
    let olds: Vec<(&[u8], &IncludeFn<'_>)> = old_bytes
        .as_deref()
        .map(|b| (b, &include_old as &IncludeFn<'_>))
        .into_iter()
        .collect();
    // The old side is parsed strictly too: a broken OLD is an error here.
    if let Some(b) = &old_bytes {
        deps::parse_bytes(&old.display().to_string(), b, &include_old)?;
    }
    let checked = ward::detect::dependencies::check_file(
        &name,
        &new_bytes,
        &include_new,
        &olds,
        &config.deps,
        &config.severity,
        None,
    )?;
    let diff = FileDiff {
        path: name,
        commit: None,
        diff: checked.diff,
    };
    let mut findings = checked.findings;
    let (more, _) = ward::detect::dependencies::existence(
        std::slice::from_ref(&diff),
        &config.deps,
        &deps::names::db_dir(),
        &config.severity,
    );
    findings.extend(more);
    Ok((vec![diff], findings))
}

fn human_diff(files: &[FileDiff], findings: &[ward::detect::Finding]) -> String {
    let mut s = String::new();
    for f in files {
        let commit = f
            .commit
            .as_ref()
            .map(|c| format!(" in commit {}", c.short_id()))
            .unwrap_or_default();
        let _ = writeln!(s, "{}{commit}", f.path);
        let v = |p: &Package| p.version.clone().unwrap_or_else(|| "-".into());
        for p in &f.diff.added {
            let _ = writeln!(s, "  + {} {}{}", p.name, v(p), source_note(p));
        }
        for p in &f.diff.removed {
            let _ = writeln!(s, "  - {} {}", p.name, v(p));
        }
        for c in &f.diff.changed {
            let kinds: Vec<String> = c
                .kinds
                .iter()
                .map(|k| {
                    serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                })
                .collect();
            let _ = writeln!(
                s,
                "  ~ {} {} -> {}{} [{}]",
                c.new.name,
                v(&c.old),
                v(&c.new),
                source_note(&c.new),
                kinds.join(", ")
            );
        }
        for p in findings.iter().filter(|x| {
            x.path == f.path && x.commit.as_ref().map(|c| &c.id) == f.commit.as_ref().map(|c| &c.id)
        }) {
            let _ = writeln!(
                s,
                "  ! {}[{}] line {}: {}",
                p.severity,
                p.rule,
                p.line,
                p.note.as_deref().unwrap_or(&p.title)
            );
        }
    }
    if files.is_empty() {
        s.push_str("no lockfile or manifest changes\n");
    }
    s
}

fn source_note(p: &Package) -> String {
    match (p.source, &p.location) {
        (deps::Source::Registry, _) => String::new(),
        (src, Some(loc)) => format!(" ({} {loc})", source_name(src)),
        (src, None) => format!(" ({})", source_name(src)),
    }
}

fn source_name(s: deps::Source) -> &'static str {
    match s {
        deps::Source::Registry => "registry",
        deps::Source::Git => "git",
        deps::Source::Path => "path",
        deps::Source::Url => "url",
    }
}

fn list(paths: &[PathBuf], format: ListFormat, output: Option<&Path>) -> Result<u8> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for p in &paths {
        if p.is_dir() {
            files.extend(find_files(p));
        } else if p.exists() {
            if !deps::is_dependency_file(&p.to_string_lossy()) {
                bail!("{}: not a lockfile or manifest ward knows", p.display());
            }
            files.push(p.clone());
        } else {
            bail!("{}: no such file or directory", p.display());
        }
    }
    // Parse everything before printing anything: an error leaves no partial output.
    let mut parsed: Vec<(PathBuf, Vec<Package>)> = Vec::new();
    for f in files {
        let packages = deps::parse_file(&f)?;
        parsed.push((f, packages));
    }
    let text = match format {
        ListFormat::Json => {
            let all: Vec<&Package> = parsed.iter().flat_map(|(_, p)| p).collect();
            let files: Vec<String> = parsed
                .iter()
                .map(|(f, _)| f.display().to_string())
                .collect();
            let mut s = serde_json::to_string_pretty(&json!({"packages": all, "files": files}))
                .context("cannot render JSON")?;
            s.push('\n');
            s
        }
        ListFormat::Human => {
            let mut s = String::new();
            for (f, packages) in &parsed {
                let _ = writeln!(s, "{} ({} packages)", f.display(), packages.len());
                for p in packages {
                    let _ = writeln!(
                        s,
                        "  {:<10} {} {}{}{}",
                        p.ecosystem.as_str(),
                        p.name,
                        p.version.as_deref().unwrap_or("-"),
                        source_note(p),
                        if p.dev == Some(true) { " [dev]" } else { "" }
                    );
                }
            }
            if parsed.is_empty() {
                s.push_str("no lockfiles or manifests found\n");
            }
            s
        }
    };
    emit(&text, output)?;
    Ok(0)
}

/// Lockfiles and manifests under `dir` (.gitignore honoured; installed packages skipped).
fn find_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .filter_entry(|e| {
            let n = e.file_name();
            n != "node_modules" && n != ".git" && n != "vendor"
        })
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| deps::is_dependency_file(&p.to_string_lossy()))
        .collect();
    out.sort();
    out
}
