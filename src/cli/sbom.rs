//! `ward sbom`: a CycloneDX or SPDX document of every package locked under a path.

use super::emit;
use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use ward::deps::{self, Package};
use ward::sbom::cyclonedx::{self, SpecVersion};
use ward::sbom::{self, Meta};

#[derive(Debug, Args)]
pub struct SbomArgs {
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
    if args.format == SbomFormat::Spdx && args.spec_version.is_some() {
        bail!("--spec-version applies to --format cyclonedx only");
    }
    let root = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut packages: Vec<Package> = Vec::new();
    // Parse everything first: a broken lockfile leaves no partial document.
    for f in files(&root)? {
        packages.extend(deps::parse_file(&f)?);
    }
    let components = sbom::components(&packages);
    let meta = Meta::new(&project_name(&root)).map_err(anyhow::Error::msg)?;
    let doc = match args.format {
        SbomFormat::Cyclonedx => {
            let spec = match args.spec_version {
                Some(CdxVersion::V1_5) => SpecVersion::V1_5,
                Some(CdxVersion::V1_6) | None => SpecVersion::V1_6,
            };
            cyclonedx::document(&components, &meta, spec)
        }
        SbomFormat::Spdx => sbom::spdx::document(&components, &meta),
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    emit(&text, args.output.as_deref())?;
    Ok(0)
}
