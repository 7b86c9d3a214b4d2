//! `ward db`: the local data ward checks against.

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use std::path::PathBuf;
use ward::deps::{Ecosystem, names};

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Import data: `--names FILE --ecosystem E` imports every package name a
    /// registry has (one a line), so new packages can be checked offline.
    Import {
        /// A file of package names, one a line.
        #[arg(long, value_name = "FILE")]
        names: PathBuf,
        /// The registry the names are from: crates.io, npm, PyPI, Go, RubyGems, Packagist.
        #[arg(long, value_name = "ECOSYSTEM")]
        ecosystem: String,
        /// The database directory [default: $WARD_DB_DIR, or the platform cache dir].
        #[arg(long, value_name = "DIR")]
        db: Option<PathBuf>,
    },
}

pub fn run(cmd: DbCommand) -> Result<u8> {
    match cmd {
        DbCommand::Import {
            names: file,
            ecosystem,
            db,
        } => {
            let eco = parse_ecosystem(&ecosystem)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text = ward::deps::decode(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let dir = db.unwrap_or_else(names::db_dir);
            let n = names::import(&dir, eco, text)
                .with_context(|| format!("cannot write the name index under {}", dir.display()))?;
            eprintln!(
                "ward: imported {n} {} package names into {}",
                eco.as_str(),
                dir.display()
            );
            Ok(0)
        }
    }
}

fn parse_ecosystem(s: &str) -> Result<Ecosystem> {
    let all = [
        Ecosystem::CratesIo,
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::Go,
        Ecosystem::RubyGems,
        Ecosystem::Packagist,
    ];
    match all.into_iter().find(|e| e.as_str().eq_ignore_ascii_case(s)) {
        Some(e) => Ok(e),
        None => bail!("unknown ecosystem `{s}` (crates.io, npm, PyPI, Go, RubyGems, Packagist)"),
    }
}
