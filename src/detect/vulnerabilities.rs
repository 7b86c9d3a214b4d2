//! The vulnerability detector: every package version a change brings in
//! (or, for `ward audit`, every locked version) is looked up in the advisory
//! database, and the advisories affecting it become one finding per package
//! — with the smallest version that clears them all.

use super::{Advisory, Commit, Finding, Kind, Severity};
use crate::config::Ignore;
use crate::deps::check::{DepRule, MALICIOUS, VULNERABLE};
use crate::deps::{Package, Source};
use crate::vuln::matching;
use crate::vuln::osv::{Osv, normalise_name};
use std::collections::HashMap;
use std::sync::Arc;

/// The advisories affecting one package version.
#[derive(Debug, Clone)]
pub struct Hit {
    pub advisories: Vec<Advisory>,
    /// The smallest version that none of them affects, if there is one.
    pub fix: Option<String>,
    pub malicious: bool,
    pub severity: Severity,
}

fn covers(ignore: &Ignore, advisory: &Advisory, today: &str) -> bool {
    ignore.until.as_deref().is_none_or(|u| today < u)
        && (advisory.id == ignore.id || advisory.aliases.contains(&ignore.id))
}

/// Packages of the public registry with a version: what advisories name.
/// (A crate from a private registry is another package than crates.io's
/// crate of that name: its parser records the registry as `location`.)
pub fn checkable(package: &Package) -> bool {
    package.version.is_some() && package.source == Source::Registry && package.location.is_none()
}

/// Which of `records` (from the store, the OSV API or both) affect `package`.
pub fn assess(records: &[Osv], package: &Package, ignore: &[Ignore], today: &str) -> Option<Hit> {
    if !checkable(package) {
        return None;
    }
    let version = package.version.as_deref()?;
    let ecosystem = package.ecosystem.as_str();
    let name = normalise_name(ecosystem, &package.name);
    let mut seen = std::collections::HashSet::new();
    let matched: Vec<&Osv> = records
        .iter()
        .filter(|r| seen.insert(r.id.as_str()))
        .filter(|r| matching::affects(r, ecosystem, &name, version))
        .collect();
    let advisories: Vec<Advisory> = merge(&matched)
        .into_iter()
        .filter(|a| !ignore.iter().any(|i| covers(i, a, today)))
        .collect();
    if advisories.is_empty() {
        return None;
    }
    // The fix must clear what is reported, not what was ignored.
    let kept: Vec<&Osv> = matched
        .iter()
        .copied()
        .filter(|r| {
            advisories
                .iter()
                .any(|a| a.id == r.id || a.aliases.contains(&r.id))
        })
        .collect();
    Some(Hit {
        fix: matching::smallest_fix(&kept, ecosystem, &name, version),
        malicious: kept.iter().any(|r| matching::is_malicious(r)),
        severity: advisories
            .iter()
            .map(|a| a.severity)
            .max()
            .unwrap_or(Severity::High),
        advisories,
    })
}

/// Records sharing an id or alias are one vulnerability. The shown id is
/// the malicious-package one if any, else the first record id in order
/// (so `GHSA-…` before `PYSEC-…`); the rest become aliases.
fn merge(records: &[&Osv]) -> Vec<Advisory> {
    let mut groups: Vec<(Vec<&Osv>, Vec<String>)> = Vec::new();
    for r in records {
        let ids: Vec<String> = std::iter::once(r.id.clone())
            .chain(r.aliases.iter().cloned())
            .collect();
        let hits: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].1.iter().any(|i| ids.contains(i)))
            .collect();
        let mut group = (vec![*r], ids);
        for g in hits.into_iter().rev() {
            let (rs, is) = groups.remove(g);
            group.0.extend(rs);
            group.1.extend(is);
        }
        groups.push(group);
    }
    let mut out: Vec<Advisory> = groups
        .into_iter()
        .map(|(mut rs, mut ids)| {
            rs.sort_by(|a, b| {
                (!matching::is_malicious(a), &a.id).cmp(&(!matching::is_malicious(b), &b.id))
            });
            let main = rs[0];
            ids.sort();
            ids.dedup();
            ids.retain(|i| *i != main.id);
            let summary = rs
                .iter()
                .find_map(|r| r.summary.clone().filter(|s| !s.trim().is_empty()))
                .or_else(|| rs.iter().find_map(|r| r.details.as_deref().map(first_line)))
                .unwrap_or_default();
            Advisory {
                id: main.id.clone(),
                aliases: ids,
                summary,
                severity: rs
                    .iter()
                    .map(|r| matching::severity(r))
                    .max()
                    .unwrap_or(Severity::High),
            }
        })
        .collect();
    out.sort_by(|a, b| (b.severity, &a.id).cmp(&(a.severity, &b.id)));
    out
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut s: String = line.trim().chars().take(160).collect();
    if s.len() < line.trim().len() {
        s.push('…');
    }
    s
}

/// The finding for a hit on `package` in the file `path`.
pub fn finding(
    path: &str,
    package: &Package,
    hit: Hit,
    severity: &HashMap<String, Severity>,
    commit: Option<&Arc<Commit>>,
) -> Finding {
    let rule: DepRule = if hit.malicious { MALICIOUS } else { VULNERABLE };
    let version = package.version.as_deref().unwrap_or("");
    let id = format!("{}:{}@{version}", package.ecosystem.as_str(), package.name);
    let ids: Vec<String> = hit
        .advisories
        .iter()
        .map(|a| match a.aliases.iter().find(|x| x.starts_with("CVE-")) {
            Some(cve) if *cve != a.id => format!("{} ({cve})", a.id),
            _ => a.id.clone(),
        })
        .collect();
    let first = &hit.advisories[0];
    let mut note = format!(
        "{}@{version}: {}{}",
        package.name,
        ids.join(", "),
        if first.summary.is_empty() {
            String::new()
        } else {
            format!(" — {}", first.summary)
        }
    );
    let fix = if hit.malicious {
        format!(
            "Remove `{}` now and treat the machine that installed it as compromised: rotate the \
             credentials it could read.",
            package.name
        )
    } else {
        match &hit.fix {
            Some(v) => {
                note.push_str(&format!("; bump to {v}"));
                format!(
                    "Upgrade `{}` to {v} or later (clears {}).",
                    package.name,
                    if hit.advisories.len() == 1 {
                        "the advisory".to_string()
                    } else {
                        format!("all {} advisories", hit.advisories.len())
                    }
                )
            }
            None => format!(
                "No fixed version of `{}` clears this yet: replace it, or accept the risk in \
                 ward.toml [[advisories.ignore]] with a reason.",
                package.name
            ),
        }
    };
    let line = package.line.unwrap_or(1).max(1);
    Finding {
        kind: Kind::Vulnerability,
        rule: rule.id.to_string(),
        // An explicit override in ward.toml wins over the advisory's own severity.
        severity: severity.get(rule.id).copied().unwrap_or(hit.severity),
        title: rule.title.to_string(),
        path: path.to_string(),
        line,
        column: 1,
        end_line: line,
        end_column: 1,
        line_text: format!("{}@{version}", package.name),
        secret_span: (0, 0),
        secret: id,
        why: rule.why.to_string(),
        fix,
        note: Some(note),
        commit: commit.cloned(),
        package: Some(package.clone()),
        advisories: hit.advisories,
    }
}
