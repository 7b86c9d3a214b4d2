//! `ward db`: the local data ward checks against — the OSV advisory
//! database and the package name indexes.

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use serde_json::json;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use ward::config::Config;
use ward::deps::{Ecosystem, names};
use ward::text::rfc3339;
use ward::vuln::import::{self, Summary};
use ward::vuln::store::{EcosystemStatus, Store};
use ward::vuln::update::{self, DEFAULT_ECOSYSTEMS, DEFAULT_URL, Outcome};

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Import advisories from PATH (an OSV export zip, a directory of OSV JSON
    /// files, or one JSON file); or, with `--names FILE --ecosystem E`, every
    /// package name a registry has (one a line), so new packages can be
    /// checked offline.
    ///
    /// A zip or directory replaces the advisories of the ecosystems it holds
    /// (others are kept); a single JSON file adds or updates its records.
    Import {
        /// An OSV export zip, a directory (every *.json below it) or a JSON file.
        #[arg(
            value_name = "PATH",
            required_unless_present = "names",
            conflicts_with = "names"
        )]
        path: Option<PathBuf>,
        /// A file of package names, one a line.
        #[arg(long, value_name = "FILE", requires = "ecosystem")]
        names: Option<PathBuf>,
        /// The registry the names are from: crates.io, npm, PyPI, Go, RubyGems, Packagist.
        #[arg(long, value_name = "ECOSYSTEM", requires = "names")]
        ecosystem: Option<String>,
        #[command(flatten)]
        place: Place,
    },
    /// Download each ecosystem's OSV export (only when it changed) and import it.
    Update {
        /// Only these ecosystems (repeat or comma-separate) [default: crates.io,
        /// npm, PyPI, Go, RubyGems, Packagist, Maven].
        #[arg(long = "ecosystem", value_name = "ECOSYSTEM", value_delimiter = ',')]
        ecosystems: Vec<String>,
        /// Base URL of the exports [default: ward.toml's advisories.url, or OSV's bucket].
        #[arg(long, value_name = "URL", env = "WARD_OSV_URL")]
        url: Option<String>,
        #[command(flatten)]
        place: Place,
    },
    /// What the advisory database holds: per ecosystem, records, when imported, newest record.
    Status {
        #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
        format: StatusFormat,
        #[command(flatten)]
        place: Place,
    },
}

/// Where the databases are, and the ward.toml that may say so.
#[derive(Debug, clap::Args)]
pub struct Place {
    /// The database directory [default: $WARD_DB_DIR, ward.toml's advisories.db,
    /// or the platform cache dir].
    #[arg(long, value_name = "DIR")]
    db: Option<PathBuf>,
    /// Read configuration from FILE instead of ward.toml / .ward.toml here.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Human,
    Json,
}

pub fn run(cmd: DbCommand) -> Result<u8> {
    match cmd {
        DbCommand::Import {
            path: Some(path),
            place,
            ..
        } => import_advisories(&path, &place),
        DbCommand::Import {
            names: Some(file),
            ecosystem: Some(ecosystem),
            place,
            ..
        } => import_names(&file, &ecosystem, &place),
        DbCommand::Import { .. } => bail!("give PATH, or --names FILE --ecosystem E"),
        DbCommand::Update {
            ecosystems,
            url,
            place,
        } => run_update(&ecosystems, url, &place),
        DbCommand::Status { format, place } => status(format, &place),
    }
}

impl Place {
    fn config(&self) -> Result<Config> {
        let builtin = ward::detect::secrets::rule::builtin();
        Ok(match &self.config {
            Some(p) => Config::load(p, &builtin)?,
            None => Config::discover(Path::new("."), &builtin)?,
        })
    }

    /// `--db`, else `$WARD_DB_DIR`, else `[advisories] db`, else the cache dir.
    fn dir(&self, config: &Config) -> PathBuf {
        if let Some(d) = &self.db {
            return d.clone();
        }
        if std::env::var_os("WARD_DB_DIR").is_some_and(|d| !d.is_empty()) {
            return names::db_dir();
        }
        config.advisories.db.clone().unwrap_or_else(names::db_dir)
    }
}

fn import_names(file: &Path, ecosystem: &str, place: &Place) -> Result<u8> {
    let eco = parse_ecosystem(ecosystem)?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text =
        ward::deps::decode(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    // The name index stays where scans look for it (no ward.toml involved).
    let dir = place.db.clone().unwrap_or_else(names::db_dir);
    let n = names::import(&dir, eco, text)
        .with_context(|| format!("cannot write the name index under {}", dir.display()))?;
    eprintln!(
        "ward: imported {n} {} package names into {}",
        eco.as_str(),
        dir.display()
    );
    Ok(0)
}

fn import_advisories(path: &Path, place: &Place) -> Result<u8> {
    let dir = place.dir(&place.config()?);
    let summary = import::import(&dir, path)?;
    warn_skipped(&path.display().to_string(), &summary);
    eprintln!(
        "ward: imported {} advisories from {} into {} ({})",
        summary.records,
        path.display(),
        Store::path(&dir).display(),
        counts(&summary.ecosystems)
    );
    Ok(0)
}

fn run_update(ecosystems: &[String], url: Option<String>, place: &Place) -> Result<u8> {
    let config = place.config()?;
    let dir = place.dir(&config);
    let base = url
        .or(config.advisories.url)
        .unwrap_or_else(|| DEFAULT_URL.to_string());
    let wanted: Vec<String> = if ecosystems.is_empty() {
        DEFAULT_ECOSYSTEMS
            .iter()
            .map(|e| (*e).to_string())
            .collect()
    } else {
        ecosystems.iter().map(|e| osv_spelling(e.trim())).collect()
    };
    let mut failed = 0;
    for eco in &wanted {
        match update::update(&dir, &base, eco) {
            Ok(Outcome::UpToDate) => eprintln!("ward: {eco}: up to date"),
            Ok(Outcome::Updated(summary)) => {
                warn_skipped(eco, &summary);
                eprintln!("ward: {eco}: imported {} advisories", summary.records);
            }
            Err(e) => {
                failed += 1;
                eprintln!("ward: error: {eco}: {e}");
            }
        }
    }
    if failed > 0 {
        eprintln!(
            "ward: {failed} of {} ecosystems failed; the database keeps their previous data",
            wanted.len()
        );
        return Ok(2);
    }
    Ok(0)
}

fn status(format: StatusFormat, place: &Place) -> Result<u8> {
    let config = place.config()?;
    let dir = place.dir(&config);
    let store = Store::open(&dir)?;
    let ecosystems = match &store {
        Some(s) => s.status()?,
        None => Vec::new(),
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let max_age =
        i64::try_from(config.advisories.max_age_days.saturating_mul(86_400)).unwrap_or(i64::MAX);
    let text = match format {
        StatusFormat::Json => {
            let list: Vec<_> = ecosystems
                .iter()
                .map(|e| {
                    let age = now.saturating_sub(e.imported_at).max(0);
                    json!({
                        "ecosystem": e.ecosystem,
                        "records": e.records,
                        "imported_at": rfc3339(e.imported_at),
                        "age_seconds": age,
                        "stale": age > max_age,
                        "newest_modified": e.newest_modified,
                        "url": e.url,
                    })
                })
                .collect();
            let doc = json!({
                "database": store.as_ref().map(|s| s.file().display().to_string()),
                "max_age_days": config.advisories.max_age_days,
                "ecosystems": list,
            });
            format!("{doc:#}\n")
        }
        StatusFormat::Human if store.is_none() => {
            "no advisory database yet: run `ward db update` or `ward db import PATH`\n".to_string()
        }
        StatusFormat::Human => human_status(&Store::path(&dir), &ecosystems, now, max_age),
    };
    super::emit(&text, None)?;
    Ok(0)
}

fn human_status(file: &Path, ecosystems: &[EcosystemStatus], now: i64, max_age: i64) -> String {
    let mut out = format!("{}\n", file.display());
    if ecosystems.is_empty() {
        out.push_str("no ecosystem imported\n");
        return out;
    }
    let width = ecosystems
        .iter()
        .map(|e| e.ecosystem.len())
        .max()
        .unwrap_or(0)
        .max("ecosystem".len());
    let _ = writeln!(
        out,
        "{:<width$}  {:>8}  {:<20}  {:>9}  newest record",
        "ecosystem", "records", "imported", "age"
    );
    let mut stale = Vec::new();
    for e in ecosystems {
        let age = now.saturating_sub(e.imported_at).max(0);
        if age > max_age {
            stale.push(e.ecosystem.as_str());
        }
        let _ = writeln!(
            out,
            "{:<width$}  {:>8}  {:<20}  {:>9}  {}",
            e.ecosystem,
            e.records,
            rfc3339(e.imported_at),
            human_age(age),
            e.newest_modified.as_deref().unwrap_or("-")
        );
    }
    if !stale.is_empty() {
        let _ = writeln!(
            out,
            "stale (imported more than {} days ago): {}; run `ward db update`",
            max_age / 86_400,
            stale.join(", ")
        );
    }
    out
}

fn counts(ecosystems: &[EcosystemStatus]) -> String {
    ecosystems
        .iter()
        .map(|e| format!("{} {}", e.ecosystem, e.records))
        .collect::<Vec<_>>()
        .join(", ")
}

fn warn_skipped(what: &str, summary: &Summary) {
    for w in &summary.warnings {
        eprintln!("ward: warning: {what}: skipped {w}");
    }
    let unlisted = summary
        .skipped
        .saturating_sub(summary.warnings.len() as u64);
    if unlisted > 0 {
        eprintln!("ward: warning: {what}: skipped {unlisted} more entries");
    }
}

/// `pypi` → `PyPI`: the OSV spelling of the ecosystems ward knows; others verbatim.
fn osv_spelling(name: &str) -> String {
    DEFAULT_ECOSYSTEMS
        .iter()
        .find(|e| e.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_string(), |e| (*e).to_string())
}

fn human_age(secs: i64) -> String {
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7_200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3_600),
        s => format!("{} days", s / 86_400),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_714_564_800), "2024-05-01T12:00:00Z");
        assert_eq!(rfc3339(4_102_444_799), "2099-12-31T23:59:59Z");
    }

    #[test]
    fn spellings() {
        assert_eq!(osv_spelling("pypi"), "PyPI");
        assert_eq!(osv_spelling("CRATES.IO"), "crates.io");
        assert_eq!(osv_spelling("Hex"), "Hex");
    }
}
