//! The dependency detector: a changed lockfile or manifest is parsed on both
//! sides, diffed, and every package it adds or changes is checked; each
//! problem becomes a finding at the package's line in the new file.

use super::{Commit, Finding, Kind, Severity};
use crate::deps::IncludeFn;
use crate::deps::check::{self, Policy, Problem};
use crate::deps::diff::{FileDiff, PackageDiff, diff};
use crate::deps::names::NameIndex;
use crate::deps::registry::{self, Lookup};
use crate::deps::{self, Ecosystem, Package, Source, typosquat};
use crate::source::{SkipReason, Skipped};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// A file's package diff and the findings on it.
pub struct Checked {
    pub diff: PackageDiff,
    pub findings: Vec<Finding>,
}

/// Parse `new` and each of `olds` (none: the file is new; several: a merge,
/// where only what no parent had counts) and check the difference.
/// `include_new` / `include_old[i]` read the files a lockfile refers to.
pub fn check_file(
    path: &str,
    new: &[u8],
    include_new: &IncludeFn<'_>,
    olds: &[(&[u8], &IncludeFn<'_>)],
    policy: &Policy,
    severity: &HashMap<String, Severity>,
    commit: Option<&Arc<Commit>>,
) -> Result<Checked, deps::ParseError> {
    let diffs = match olds {
        // One old side in a format that can skip what did not change.
        [(old, _)] => match deps::parse_changed(path, old, new) {
            Some((old, new)) => vec![diff(&old, &new)],
            None => parse_and_diff(path, new, include_new, olds)?,
        },
        _ => parse_and_diff(path, new, include_new, olds)?,
    };
    let mut problems = check::check(&diffs[0], policy);
    for d in &diffs[1..] {
        let others = check::check(d, policy);
        problems.retain(|p| others.iter().any(|o| same(o, p)));
    }
    let text = std::str::from_utf8(new).unwrap_or("");
    let findings = problems
        .into_iter()
        .map(|p| finding(path, text, p, severity, commit))
        .collect();
    Ok(Checked {
        diff: diffs.into_iter().next().unwrap_or_default(),
        findings,
    })
}

/// Both sides parsed whole, and the new one diffed against each old one
/// (none: against nothing).
fn parse_and_diff(
    path: &str,
    new: &[u8],
    include_new: &IncludeFn<'_>,
    olds: &[(&[u8], &IncludeFn<'_>)],
) -> Result<Vec<PackageDiff>, deps::ParseError> {
    // An old side that does not parse counts as empty: everything is new.
    let (new_pkgs, old_lists) = match deps::format_for(path) {
        // Both sides at once when the format reads
        // no other file: the include readers are bound to this thread.
        Some(format) if !format.includes => {
            let no_include = |_: &str| -> Result<String, String> { Err(String::new()) };
            let old_bytes: Vec<&[u8]> = olds.iter().map(|(b, _)| *b).collect();
            let (new_pkgs, old_lists) = rayon::join(
                || deps::parse_bytes(path, new, &no_include),
                || {
                    old_bytes
                        .par_iter()
                        .map(|b| deps::parse_bytes(path, b, &no_include).unwrap_or_default())
                        .collect::<Vec<_>>()
                },
            );
            (new_pkgs?, old_lists)
        }
        _ => {
            let new_pkgs = deps::parse_bytes(path, new, include_new)?;
            let old_lists: Vec<Vec<Package>> = olds
                .iter()
                .map(|(bytes, include)| {
                    deps::parse_bytes(path, bytes, *include).unwrap_or_default()
                })
                .collect();
            (new_pkgs, old_lists)
        }
    };
    Ok(if old_lists.is_empty() {
        vec![diff(&[], &new_pkgs)]
    } else {
        old_lists.iter().map(|old| diff(old, &new_pkgs)).collect()
    })
}

fn same(a: &Problem, b: &Problem) -> bool {
    a.rule.id == b.rule.id
        && a.package.name == b.package.name
        && a.package.version == b.package.version
}

fn finding(
    path: &str,
    text: &str,
    problem: Problem,
    severity: &HashMap<String, Severity>,
    commit: Option<&Arc<Commit>>,
) -> Finding {
    let Problem {
        rule,
        package,
        detail,
    } = problem;
    let id = format!(
        "{}:{}@{}",
        package.ecosystem.as_str(),
        package.name,
        package.version.as_deref().unwrap_or("")
    );
    let line = package.line.unwrap_or(0);
    let line_text = line
        .checked_sub(1)
        .and_then(|i| crate::text::nth_line(text, i as usize))
        .map(str::to_string)
        .unwrap_or_else(|| id.clone());
    Finding {
        kind: Kind::Dependency,
        rule: rule.id.to_string(),
        severity: severity.get(rule.id).copied().unwrap_or(rule.severity),
        title: rule.title.to_string(),
        path: path.to_string(),
        line: line.max(1),
        column: 1,
        end_line: line.max(1),
        end_column: 1,
        line_text,
        secret_span: (0, 0),
        // Not a secret: the package identity, for the fingerprint.
        secret: id,
        why: rule.why.to_string(),
        fix: rule.fix.to_string(),
        note: Some(detail),
        commit: commit.cloned(),
        package: Some(package),
        advisories: Vec::new(),
    }
}

/// Does each package the scan adds exist? Checked against the offline name
/// index (`ward db import --names`) when one was imported for its ecosystem,
/// and against the registries themselves when `policy.online` is set. Popular
/// packages are known to exist and are not looked up. Lookups that did not
/// answer in time are returned as unchecked (a warning, never a block).
pub fn existence(
    files: &[FileDiff],
    policy: &Policy,
    db: &std::path::Path,
    severity: &HashMap<String, Severity>,
) -> (Vec<Finding>, Vec<Skipped>) {
    let mut arrivals: Vec<(&FileDiff, &Package)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in files {
        for p in &f.diff.added {
            // A private registry's packages (`location` set) are not the public one's.
            if p.source == Source::Registry
                && p.location.is_none()
                && !typosquat::is_popular(p.ecosystem, &p.name)
                && !policy.allow.iter().any(|a| a.matches(p))
                && seen.insert((p.ecosystem, p.name.clone()))
            {
                arrivals.push((f, p));
            }
        }
    }
    let mut findings = Vec::new();
    let mut skipped = Vec::new();
    let mut indexes: HashMap<Ecosystem, Option<NameIndex>> = HashMap::new();
    let mut ask = Vec::new();
    for (f, p) in arrivals {
        let index = indexes
            .entry(p.ecosystem)
            .or_insert_with(|| NameIndex::open(db, p.ecosystem));
        if let Some(index) = index
            && index.contains(&p.name).is_ok_and(|known| !known)
        {
            let detail = format!(
                "`{}` is not in the imported {} name index: no such package?",
                p.name,
                p.ecosystem.as_str()
            );
            findings.push(problem_finding(f, p, check::UNKNOWN, detail, severity));
            continue;
        }
        if policy.online {
            ask.push((f, p));
        }
    }
    if ask.is_empty() {
        return (findings, skipped);
    }
    let names: Vec<(Ecosystem, String)> = ask
        .iter()
        .map(|(_, p)| (p.ecosystem, p.name.clone()))
        .collect();
    let answers = registry::lookup_all(&policy.registries, &names);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    for ((f, p), answer) in ask.into_iter().zip(answers) {
        let eco = p.ecosystem.as_str();
        match answer {
            Lookup::Missing => {
                let detail = format!("the {eco} registry has no package named `{}`", p.name);
                findings.push(problem_finding(f, p, check::UNKNOWN, detail, severity));
            }
            Lookup::Found { created, versions } => {
                let age_days = created.map(|c| (now - c) / 86_400);
                let young = age_days.is_some_and(|d| d < NEW_PACKAGE_DAYS);
                if young || versions <= FEW_VERSIONS {
                    let detail = match age_days {
                        Some(d) if young => format!(
                            "`{}` was first published {d} day(s) ago ({versions} version(s))",
                            p.name
                        ),
                        _ => format!("`{}` has only {versions} version(s) on {eco}", p.name),
                    };
                    findings.push(problem_finding(f, p, check::NEW_PACKAGE, detail, severity));
                }
            }
            Lookup::Unchecked(why) => skipped.push(Skipped {
                path: f.path.clone(),
                reason: SkipReason::Unchecked,
                detail: Some(format!(
                    "{} {}: registry not asked in time ({why})",
                    eco, p.name
                )),
            }),
        }
    }
    (findings, skipped)
}

/// Younger than this, a package has had no time to be noticed.
const NEW_PACKAGE_DAYS: i64 = 30;
const FEW_VERSIONS: usize = 1;

fn problem_finding(
    f: &FileDiff,
    p: &Package,
    rule: check::DepRule,
    detail: String,
    severity: &HashMap<String, Severity>,
) -> Finding {
    let problem = Problem {
        rule,
        package: p.clone(),
        detail,
    };
    finding(&f.path, "", problem, severity, f.commit.as_ref())
}
