//! `ward sbom`: a CycloneDX or SPDX document of every package locked under a
//! path (or in a commit: `--rev`), and `ward sbom diff` of two documents or
//! commits.

use super::deps::ListFormat;
use super::emit;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use std::fmt::Write;
use std::path::{Component as PathPart, Path, PathBuf};
use ward::deps;
use ward::sbom::cyclonedx::{self, SpecVersion};
use ward::sbom::read::{self, Entry};
use ward::sbom::root::{self, Project};
use ward::sbom::{self, Locked, Meta};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SbomArgs {
    #[command(subcommand)]
    command: Option<SbomCommand>,
    /// A lockfile (or manifest), or a directory to search for lockfiles (.gitignore honoured) [default: .].
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SbomFormat::Cyclonedx)]
    format: SbomFormat,
    /// CycloneDX specification version [default: 1.6].
    #[arg(long, value_enum, value_name = "VERSION")]
    spec_version: Option<CdxVersion>,
    /// Write the document to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Export the lockfiles of this commit, read from git without a checkout
    /// (PATH: a directory or lockfile of the repository in the current directory).
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SbomCommand {
    /// Components added, removed and changed between two SBOMs (CycloneDX or
    /// SPDX JSON) or git revisions: OLD NEW.
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// An SBOM file, or a revision of the repository in the current directory.
    #[arg(value_name = "OLD")]
    old: String,
    /// An SBOM file, or a revision of the repository in the current directory.
    #[arg(value_name = "NEW")]
    new: String,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SbomFormat {
    Cyclonedx,
    Spdx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CdxVersion {
    #[value(name = "1.6")]
    V1_6,
    #[value(name = "1.5")]
    V1_5,
}

/// The files to export: a file named on the command line is taken as it is
/// (a manifest too: the user asked for it), a directory gives its lockfiles.
fn files(root: &Path) -> Result<Vec<PathBuf>> {
    if root.is_file() && deps::is_dependency_file(&root.to_string_lossy()) {
        return Ok(vec![root.to_path_buf()]);
    }
    deps::lockfiles_under(root).map_err(anyhow::Error::msg)
}

/// The project's name: the directory exported (or holding the file exported).
fn project_name(root: &Path) -> String {
    let dir = if root.is_file() {
        root.parent().unwrap_or(Path::new("."))
    } else {
        root
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".to_string())
}

pub fn run(args: &SbomArgs) -> Result<u8> {
    if let Some(SbomCommand::Diff(d)) = &args.command {
        return diff(d);
    }
    if args.format == SbomFormat::Spdx && args.spec_version.is_some() {
        bail!("--spec-version applies to --format cyclonedx only");
    }
    // Parse everything first: a broken lockfile leaves no partial document.
    let (locked, project) = match &args.rev {
        Some(rev) => at_rev(rev, args.path.as_deref())?,
        None => {
            let root = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
            let locked = files(&root)?
                .iter()
                .map(|f| sbom::lock_file(f))
                .collect::<Result<Vec<_>, _>>()?;
            let dir = if root.is_file() {
                root.parent().unwrap_or(Path::new(".")).to_path_buf()
            } else {
                root.clone()
            };
            let project = root::find(|m| std::fs::read_to_string(dir.join(m)).ok())
                .unwrap_or_else(|| Project::named(&project_name(&root)));
            (locked, project)
        }
    };
    let bom = sbom::bom(&locked);
    let meta = Meta::new(&project).map_err(anyhow::Error::msg)?;
    let doc = match args.format {
        SbomFormat::Cyclonedx => {
            let spec = match args.spec_version {
                Some(CdxVersion::V1_5) => SpecVersion::V1_5,
                Some(CdxVersion::V1_6) | None => SpecVersion::V1_6,
            };
            cyclonedx::document(&bom, &meta, spec)
        }
        SbomFormat::Spdx => sbom::spdx::document(&bom, &meta),
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    emit(&text, args.output.as_deref())?;
    Ok(0)
}

/// The repository of the current directory.
fn repo() -> Result<gix::Repository> {
    gix::discover(".").context("not in a git repository")
}

/// The lockfiles of `rev` under `path`, and the project's name: that of the
/// directory exported, as a checkout of the commit would give it.
fn at_rev(rev: &str, path: Option<&Path>) -> Result<(Vec<Locked>, Project)> {
    let repo = repo()?;
    let workdir = repo
        .workdir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo.git_dir().to_path_buf());
    let workdir = std::fs::canonicalize(&workdir)
        .with_context(|| format!("cannot read {}", workdir.display()))?;
    let under = match path {
        Some(p) => inside(&workdir, p)?,
        None => String::new(),
    };
    let locked = sbom::rev::lockfiles_at(&repo, rev, &under)?;
    // A lockfile named on the command line: the project is its directory.
    let dir = if locked.len() == 1 && locked[0].path == under {
        under.rsplit_once('/').map_or("", |(d, _)| d)
    } else {
        &under
    };
    let name = match dir.rsplit('/').next().filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => workdir
            .file_name()
            .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned()),
    };
    let project = root::find(|m| {
        let path = if dir.is_empty() {
            m.to_string()
        } else {
            format!("{dir}/{m}")
        };
        sbom::rev::read_text(&repo, rev, &path)
    })
    .unwrap_or_else(|| Project::named(&name));
    Ok((locked, project))
}

/// `path` (relative to the current directory) as a path of the repository
/// at `workdir`; it need not exist in the working tree.
fn inside(workdir: &Path, path: &Path) -> Result<String> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    let mut parts: Vec<String> = Vec::new();
    let full = cwd.join(path);
    for c in full.components() {
        match c {
            PathPart::ParentDir => {
                parts.pop();
            }
            PathPart::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            PathPart::RootDir | PathPart::Prefix(_) | PathPart::CurDir => {}
        }
    }
    let root: Vec<String> = workdir
        .components()
        .filter_map(|c| match c {
            PathPart::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    match parts.strip_prefix(root.as_slice()) {
        Some(rest) => Ok(rest.join("/")),
        None => bail!(
            "{}: not inside the repository at {}",
            path.display(),
            workdir.display()
        ),
    }
}

/// One side of `ward sbom diff`: an SBOM file, else a revision.
fn side(arg: &str) -> Result<Vec<Entry>> {
    let path = Path::new(arg);
    if path.is_file() {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {arg}"))?;
        let doc = read::read(&bytes).map_err(|e| anyhow::anyhow!("{arg}: {e}"))?;
        return Ok(doc.entries);
    }
    let repo = gix::discover(".")
        .map_err(|_| anyhow::anyhow!("{arg}: no such file (and no git repository here)"))?;
    if sbom::rev::tree_of(&repo, arg).is_err() {
        bail!("{arg}: no such file or revision");
    }
    let locked = sbom::rev::lockfiles_at(&repo, arg, "")?;
    let bom = sbom::bom(&locked);
    Ok(bom.components.iter().map(Entry::from).collect())
}

fn diff(args: &DiffArgs) -> Result<u8> {
    let old = side(&args.old)?;
    let new = side(&args.new)?;
    let d = sbom::diff::diff(&old, &new);
    let text = match args.format {
        ListFormat::Json => {
            let entry = |e: &Entry| {
                json!({"key": e.key(), "purl": e.purl.as_ref().map(ToString::to_string),
                       "name": e.name, "version": e.version})
            };
            let changed: Vec<serde_json::Value> = d
                .changed
                .iter()
                .map(|c| {
                    json!({"key": c.new.key(), "name": c.new.name,
                           "old_version": c.old.version, "new_version": c.new.version,
                           "old_purl": c.old.purl.as_ref().map(ToString::to_string),
                           "new_purl": c.new.purl.as_ref().map(ToString::to_string),
                           "kinds": c.kinds})
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&json!({
                "old": args.old,
                "new": args.new,
                "added": d.added.iter().map(entry).collect::<Vec<_>>(),
                "removed": d.removed.iter().map(entry).collect::<Vec<_>>(),
                "changed": changed,
            }))?;
            s.push('\n');
            s
        }
        ListFormat::Human => {
            let mut s = format!("{} -> {}\n", args.old, args.new);
            let v = |e: &Entry| e.version.clone().unwrap_or_else(|| "-".into());
            for e in &d.added {
                let _ = writeln!(s, "  + {} {}", e.key(), v(e));
            }
            for e in &d.removed {
                let _ = writeln!(s, "  - {} {}", e.key(), v(e));
            }
            for c in &d.changed {
                let kinds: Vec<String> = c
                    .kinds
                    .iter()
                    .filter_map(|k| serde_json::to_value(k).ok())
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                let _ = writeln!(
                    s,
                    "  ~ {} {} -> {} [{}]",
                    c.new.key(),
                    v(&c.old),
                    v(&c.new),
                    kinds.join(", ")
                );
            }
            if d.is_empty() {
                s.push_str("  no component changes\n");
            }
            s
        }
    };
    emit(&text, args.output.as_deref())?;
    Ok(0)
}
