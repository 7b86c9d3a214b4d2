//! `ward audit`: every locked package of every lockfile under a path,
//! checked against the advisory database.

use super::emit;
use super::scan::ColorChoice;
use anyhow::{Context, Result, bail};
use clap::Args;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use ward::config::Config;
use ward::deps::{self, Package};
use ward::detect::vulnerabilities::{self, Hit};
use ward::detect::{Finding, Severity};
use ward::report::{Format, Report};
use ward::scan::Stats;
use ward::vuln::online;
use ward::vuln::osv::{Osv, normalise_name};
use ward::vuln::store::Store;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// A lockfile, or a directory to search for lockfiles (.gitignore honoured) [default: .].
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// Audit the components of an SBOM (CycloneDX or SPDX JSON) instead of lockfiles.
    #[arg(long, value_name = "FILE", conflicts_with = "path")]
    sbom: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains [default: high].
    #[arg(long, value_name = "LEVEL")]
    fail_on: Option<Severity>,
    /// Read configuration from FILE instead of ward.toml in PATH.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The database directory [default: [advisories] db, $WARD_DB_DIR, or the platform cache dir].
    #[arg(long, value_name = "DIR")]
    db: Option<PathBuf>,
    /// Also ask the OSV API (`[deps] registries.osv`) about every locked version.
    #[arg(long)]
    online: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// The packages of an SBOM's components; components ward cannot check (a
/// purl type without an OSV ecosystem ward knows, or no purl) are counted on
/// standard error, not silently dropped.
fn sbom_packages(file: &Path) -> Result<Vec<Package>> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let doc =
        ward::sbom::read::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let (packages, other) = ward::sbom::read::packages(&doc);
    if !other.is_empty() {
        let kinds: Vec<String> = other.iter().map(|(t, n)| format!("{n} {t}")).collect();
        eprintln!(
            "ward: {}: not audited (no advisory ecosystem ward knows): {}",
            file.display(),
            kinds.join(", ")
        );
    }
    Ok(deps::finish(packages))
}

pub fn run(args: AuditArgs) -> Result<u8> {
    let started = Instant::now();
    let root = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let builtin = ward::detect::secrets::rule::builtin();
    let config = match &args.config {
        Some(p) => Config::load(p, &builtin)?,
        None => {
            let dir = if root.is_dir() {
                root.clone()
            } else {
                root.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            Config::discover(&dir, &builtin)?
        }
    };
    let dir = args
        .db
        .clone()
        .or_else(|| config.advisories.db.clone())
        .unwrap_or_else(deps::names::db_dir);
    let online = args.online || config.deps.online;
    let store = Store::open(&dir)?;
    match &store {
        Some(store) => {
            if let Some(warning) =
                ward::vuln::store::age_warning(store, config.advisories.max_age_days)?
            {
                eprintln!("ward: {warning}");
            }
        }
        None if !online => bail!(
            "no advisory database in {} yet: run `ward db update` or `ward db import PATH` (or use --online)",
            dir.display()
        ),
        None => {}
    }
    let parsed: Vec<(PathBuf, Vec<Package>)> = match &args.sbom {
        Some(file) => vec![(file.clone(), sbom_packages(file)?)],
        None => deps::lockfiles_under(&root)
            .map_err(anyhow::Error::msg)?
            .into_iter()
            .map(|f| {
                let packages = deps::parse_file(&f)?;
                Ok((f, packages))
            })
            .collect::<Result<_>>()?,
    };
    // `--online`: one batched question for every distinct checkable version.
    let mut remote: HashMap<(String, String, String), Vec<Osv>> = HashMap::new();
    if online {
        let mut queries: Vec<online::Query> = parsed
            .iter()
            .flat_map(|(_, ps)| ps.iter())
            .filter(|p| vulnerabilities::checkable(p))
            .map(|p| {
                let eco = p.ecosystem.as_str();
                (
                    eco.to_string(),
                    normalise_name(eco, &p.name),
                    p.version.clone().unwrap_or_default(),
                )
            })
            .collect();
        queries.sort();
        queries.dedup();
        // An audit may take longer than a hook: ten times the hook's budget.
        let budget = config.deps.registries.budget * 10;
        let answers = online::query(&config.deps.registries.osv, &queries, budget)
            .map_err(|e| anyhow::anyhow!(e))?;
        remote = queries.into_iter().zip(answers).collect();
    }
    let today = ward::vuln::today();
    let mut cache: HashMap<(deps::Ecosystem, String, Option<String>), Option<Hit>> = HashMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut stats = Stats::default();
    for (file, packages) in &parsed {
        stats.files += 1;
        stats.bytes += std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let shown = file
            .strip_prefix(&root)
            .ok()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(file)
            .display()
            .to_string();
        for p in packages {
            let key = (p.ecosystem, p.name.clone(), p.version.clone());
            let hit = match cache.get(&key) {
                Some(hit) => hit.clone(),
                None => {
                    let eco = p.ecosystem.as_str();
                    let name = normalise_name(eco, &p.name);
                    let mut records = match (&store, vulnerabilities::checkable(p)) {
                        (Some(store), true) => store.records(eco, &name)?,
                        _ => Vec::new(),
                    };
                    let asked = (eco.to_string(), name, p.version.clone().unwrap_or_default());
                    records.extend(remote.get(&asked).cloned().unwrap_or_default());
                    let hit =
                        vulnerabilities::assess(&records, p, &config.advisories.ignore, &today);
                    cache.insert(key, hit.clone());
                    hit
                }
            };
            if let Some(hit) = hit {
                findings.push(vulnerabilities::finding(
                    &shown,
                    p,
                    hit,
                    &config.severity,
                    None,
                ));
            }
        }
    }
    // Grouped by package, then by where it is locked.
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            let p = f.package.as_ref();
            (
                p.map(|p| p.name.clone()),
                p.and_then(|p| p.version.clone()),
                f.path.clone(),
                f.line,
            )
        };
        key(a).cmp(&key(b))
    });
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::High);
    let report = Report::new(
        "audit",
        stats,
        findings,
        fail_on,
        false,
        started.elapsed().as_millis() as u64,
    );
    let color = args.color.enabled(args.output.as_deref());
    let rules = ward::detect::secrets::RuleSet::new(builtin);
    emit(
        &report.render(args.format, &rules, color),
        args.output.as_deref(),
    )?;
    Ok(u8::from(report.blocking() > 0))
}
