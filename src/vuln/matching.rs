//! Which advisories affect a package version, how bad that is, and the
//! smallest version that clears them all — the OSV evaluation rules.
//!
//! A version is affected when it is in an affected entry's `versions` list
//! or inside one of its `SEMVER`/`ECOSYSTEM` ranges: events sorted by
//! version (`introduced: "0"` first), `introduced` inclusive, `fixed`
//! exclusive, `last_affected` inclusive, and below some `limit` if the range
//! has any. `GIT` ranges name commits, not versions, and are ignored here;
//! withdrawn records never match.

use super::cvss;
use super::osv::{Affected, Osv, Range, base_ecosystem, normalise_name};
use super::version::{Scheme, VersionKey};
use crate::detect::Severity;

/// Does `record` affect `version` of the package `name` (normalised) in `ecosystem`?
pub fn affects(record: &Osv, ecosystem: &str, name: &str, version: &str) -> bool {
    let Some(scheme) = Scheme::for_ecosystem(ecosystem) else {
        return false;
    };
    !record.is_withdrawn()
        && entries(record, ecosystem, name).any(|a| entry_affects(a, scheme, version))
}

/// The affected entries of `record` about this package.
fn entries<'r>(
    record: &'r Osv,
    ecosystem: &'r str,
    name: &'r str,
) -> impl Iterator<Item = &'r Affected> + 'r {
    record.affected.iter().filter(move |a| {
        base_ecosystem(&a.package.ecosystem) == ecosystem
            && normalise_name(ecosystem, &a.package.name) == name
    })
}

fn entry_affects(a: &Affected, scheme: Scheme, version: &str) -> bool {
    let key = scheme.key(version);
    a.versions
        .iter()
        .any(|v| v == version || scheme.key(v) == key)
        || a.ranges
            .iter()
            .any(|r| range_scheme(r, scheme).is_some_and(|s| in_range(r, s, version)))
}

/// SEMVER ranges order by SemVer whatever the ecosystem; GIT ranges (and
/// unknown types) say nothing about versions.
fn range_scheme(range: &Range, ecosystem: Scheme) -> Option<Scheme> {
    match range.kind.as_str() {
        "SEMVER" => Some(Scheme::Semver),
        "ECOSYSTEM" => Some(ecosystem),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Event {
    Introduced,
    Fixed,
    LastAffected,
}

fn in_range(range: &Range, scheme: Scheme, version: &str) -> bool {
    let v = scheme.key(version);
    // `None` is the "0" that sorts before every version.
    let mut events: Vec<(Option<VersionKey>, Event)> = Vec::with_capacity(range.events.len());
    let mut limits: Vec<Option<VersionKey>> = Vec::new();
    for e in &range.events {
        let key = |s: &str| (s != "0").then(|| scheme.key(s));
        if let Some(s) = &e.introduced {
            events.push((key(s), Event::Introduced));
        }
        if let Some(s) = &e.fixed {
            events.push((Some(scheme.key(s)), Event::Fixed));
        }
        if let Some(s) = &e.last_affected {
            events.push((Some(scheme.key(s)), Event::LastAffected));
        }
        if let Some(s) = &e.limit {
            // `*` is no limit at all.
            limits.push((s != "*").then(|| scheme.key(s)));
        }
    }
    if !limits.is_empty() && !limits.iter().any(|l| l.as_ref().is_none_or(|l| v < *l)) {
        return false;
    }
    events.sort_by(|a, b| a.0.cmp(&b.0));
    let mut affected = false;
    for (at, event) in &events {
        match (event, at) {
            (Event::Introduced, None) => affected = true,
            (Event::Introduced, Some(at)) if v >= *at => affected = true,
            (Event::Fixed, Some(at)) if v >= *at => affected = false,
            (Event::LastAffected, Some(at)) if v > *at => affected = false,
            _ => {}
        }
    }
    affected
}

/// The smallest `fixed` version above `version` that none of `records`
/// affects: one bump that clears them all. `None` when there is none.
pub fn smallest_fix(
    records: &[&Osv],
    ecosystem: &str,
    name: &str,
    version: &str,
) -> Option<String> {
    let scheme = Scheme::for_ecosystem(ecosystem)?;
    let current = scheme.key(version);
    let mut candidates: Vec<(VersionKey, &str)> = records
        .iter()
        .flat_map(|r| entries(r, ecosystem, name))
        .flat_map(|a| &a.ranges)
        .filter(|r| range_scheme(r, scheme).is_some())
        .flat_map(|r| &r.events)
        .filter_map(|e| e.fixed.as_deref())
        .map(|f| (scheme.key(f), f))
        .filter(|(k, _)| *k > current)
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    candidates.dedup_by(|a, b| a.0 == b.0);
    candidates
        .into_iter()
        .find(|(_, f)| !records.iter().any(|r| affects(r, ecosystem, name, f)))
        .map(|(_, f)| f.to_string())
}

/// How bad a record is: a malicious package (`MAL-`) is critical; otherwise
/// the highest CVSS score given (record or package level), else RustSec's
/// informational kind (unsound: medium; unmaintained, notice: low), else the
/// database's own label (GHSA `severity`), else high.
pub fn severity(record: &Osv) -> Severity {
    if is_malicious(record) {
        return Severity::Critical;
    }
    let vectors = record
        .severity
        .iter()
        .chain(record.affected.iter().flat_map(|a| &a.severity));
    let best = vectors
        .filter_map(|s| cvss::base_score(&s.score))
        .fold(None, |best: Option<f64>, s| {
            Some(best.map_or(s, |b| b.max(s)))
        });
    if let Some(score) = best {
        return cvss::level(score).parse().unwrap_or(Severity::High);
    }
    // RustSec's informational advisories are warnings, not vulnerabilities
    // (cargo-audit lists them apart): unsound code medium, the rest low.
    let informational = std::iter::once(record.database_specific.as_ref())
        .chain(record.affected.iter().map(|a| a.database_specific.as_ref()))
        .flatten()
        .find_map(|d| d.get("informational").and_then(|i| i.as_str()));
    match informational {
        Some("unsound") => return Severity::Medium,
        Some(_) => return Severity::Low,
        None => {}
    }
    let label = record
        .database_specific
        .as_ref()
        .and_then(|d| d.get("severity"))
        .and_then(|s| s.as_str())
        .map(str::to_ascii_lowercase);
    match label.as_deref() {
        Some("critical") => Severity::Critical,
        Some("high") => Severity::High,
        Some("moderate" | "medium") => Severity::Medium,
        Some("low") => Severity::Low,
        _ => Severity::High,
    }
}

/// OSV's malicious-packages database uses `MAL-` ids.
pub fn is_malicious(record: &Osv) -> bool {
    record.id.starts_with("MAL-") || record.aliases.iter().any(|a| a.starts_with("MAL-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Osv {
        Osv::from_slice(json.as_bytes()).unwrap()
    }

    fn lib(ranges: &str, versions: &str) -> Osv {
        record(&format!(
            r#"{{"id": "T-1", "affected": [{{"package": {{"ecosystem": "npm", "name": "lib"}},
               "ranges": {ranges}, "versions": {versions}}}]}}"#
        ))
    }

    #[test]
    fn events_in_any_order() {
        let r = lib(
            r#"[{"type": "SEMVER", "events": [{"fixed": "2.0.0"}, {"introduced": "0"}, {"introduced": "3.0.0"}, {"fixed": "3.1.0"}]}]"#,
            "[]",
        );
        let hit = |v: &str| affects(&r, "npm", "lib", v);
        assert!(hit("0.0.1") && hit("1.9.9") && hit("3.0.0") && hit("3.0.9"));
        assert!(!hit("2.0.0") && !hit("2.5.0") && !hit("3.1.0"));
        assert!(!affects(&r, "npm", "other", "1.0.0"));
        assert!(!affects(&r, "PyPI", "lib", "1.0.0"));
    }

    #[test]
    fn last_affected_limit_and_lists() {
        let r = lib(
            r#"[{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"last_affected": "1.4.0"}]},
                {"type": "SEMVER", "events": [{"introduced": "0"}, {"limit": "0.5.0"}]},
                {"type": "GIT", "events": [{"introduced": "abc"}]}]"#,
            r#"["9.9.9"]"#,
        );
        let hit = |v: &str| affects(&r, "npm", "lib", v);
        assert!(hit("1.0.0") && hit("1.4.0") && hit("0.4.9") && hit("9.9.9"));
        assert!(!hit("1.4.1") && !hit("0.5.0") && !hit("0.9.0"));
    }

    #[test]
    fn one_bump_clears_every_advisory() {
        let a = lib(
            r#"[{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}]"#,
            "[]",
        );
        let b = lib(
            r#"[{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"fixed": "1.5.0"}]}]"#,
            "[]",
        );
        assert_eq!(
            smallest_fix(&[&a, &b], "npm", "lib", "1.1.0").as_deref(),
            Some("1.5.0")
        );
        assert_eq!(
            smallest_fix(&[&a], "npm", "lib", "1.1.0").as_deref(),
            Some("1.2.0")
        );
        let open = lib(
            r#"[{"type": "SEMVER", "events": [{"introduced": "0"}]}]"#,
            "[]",
        );
        assert_eq!(smallest_fix(&[&open], "npm", "lib", "1.1.0"), None);
    }

    #[test]
    fn severity_sources() {
        let mal = record(r#"{"id": "MAL-2024-1", "affected": []}"#);
        assert_eq!(severity(&mal), Severity::Critical);
        let cvss = record(
            r#"{"id": "X", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}"#,
        );
        assert_eq!(severity(&cvss), Severity::Critical);
        let label = record(r#"{"id": "GHSA-1", "database_specific": {"severity": "MODERATE"}}"#);
        assert_eq!(severity(&label), Severity::Medium);
        let info = record(
            r#"{"id": "RUSTSEC-1", "affected": [{"package": {"ecosystem": "crates.io", "name": "x"}, "database_specific": {"informational": "unmaintained"}}]}"#,
        );
        assert_eq!(severity(&info), Severity::Low);
        assert_eq!(severity(&record(r#"{"id": "PYSEC-1"}"#)), Severity::High);
        let withdrawn = record(
            r#"{"id": "W", "withdrawn": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "npm", "name": "lib"}, "versions": ["1.0.0"]}]}"#,
        );
        assert!(!affects(&withdrawn, "npm", "lib", "1.0.0"));
    }
}
