//! The OSV record (<https://ossf.github.io/osv-schema/>, schema 1.x).
//!
//! Read leniently: databases add fields and some omit or `null` optional
//! ones, so unknown fields are ignored and missing or `null` ones default.
//! Only `id` is required — without it a document is not an advisory.
//! Free-form parts (`database_specific`, `ecosystem_specific`) stay JSON.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// One advisory.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Osv {
    pub id: String,
    #[serde(default)]
    pub schema_version: Option<String>,
    /// RFC 3339; when the record last changed.
    #[serde(default)]
    pub modified: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    /// Set when the advisory was retracted: it must no longer match anything.
    #[serde(default)]
    pub withdrawn: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub upstream: Vec<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub related: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub details: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub severity: Vec<Severity>,
    #[serde(default, deserialize_with = "or_default")]
    pub affected: Vec<Affected>,
    #[serde(default, deserialize_with = "or_default")]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub database_specific: Option<Value>,
}

/// A score: `CVSS_V3` with a vector string, `Ubuntu` with a word, …
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Severity {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub score: String,
}

/// The versions of one package an advisory affects.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Affected {
    #[serde(default, deserialize_with = "or_default")]
    pub package: Package,
    #[serde(default, deserialize_with = "or_default")]
    pub severity: Vec<Severity>,
    #[serde(default, deserialize_with = "or_default")]
    pub ranges: Vec<Range>,
    /// Explicit affected versions, in addition to the ranges.
    #[serde(default, deserialize_with = "or_default")]
    pub versions: Vec<String>,
    #[serde(default)]
    pub ecosystem_specific: Option<Value>,
    #[serde(default)]
    pub database_specific: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Package {
    /// `crates.io`, `npm`, `PyPI`, … possibly with a suffix (`Debian:11`,
    /// `Packagist:https://packages.drupal.org/8`).
    #[serde(default)]
    pub ecosystem: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub purl: Option<String>,
}

/// A range of versions described by events, ordered by the range type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Range {
    /// `SEMVER`, `ECOSYSTEM` or `GIT` (commit hashes: not for package queries).
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub repo: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub events: Vec<Event>,
    #[serde(default)]
    pub database_specific: Option<Value>,
}

/// One event; the schema sets exactly one of the fields. A struct rather
/// than an enum so that a malformed event is skipped, not fatal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Event {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_affected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Reference {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub url: String,
}

impl Osv {
    /// Parse one record; fails when it is not JSON, has no `id` or a known
    /// field has the wrong type.
    pub fn from_slice(bytes: &[u8]) -> Result<Osv, serde_json::Error> {
        let osv: Osv = serde_json::from_slice(bytes)?;
        osv.check()
    }

    /// Like [`Osv::from_slice`], from an already parsed document.
    pub fn from_value(v: &Value) -> Result<Osv, serde_json::Error> {
        let osv = Osv::deserialize(v)?;
        osv.check()
    }

    fn check(self) -> Result<Osv, serde_json::Error> {
        if self.id.trim().is_empty() {
            return Err(serde::de::Error::custom("empty `id`"));
        }
        Ok(self)
    }

    /// Withdrawn advisories are kept (their id is still known) but match nothing.
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }
}

/// `null` reads as the default, as a missing field does.
fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// The ecosystem an OSV ecosystem string belongs to: the part before `:`
/// (`Debian:11` → `Debian`, `Packagist:https://…` → `Packagist`).
pub fn base_ecosystem(ecosystem: &str) -> &str {
    ecosystem
        .split_once(':')
        .map_or(ecosystem, |(base, _)| base)
}

/// A package name as the store indexes it, so that spellings the registry
/// treats as one name find the same records: PyPI per PEP 503 (lowercase,
/// runs of `-_.` → `-`), Packagist lowercase, others verbatim.
pub fn normalise_name(ecosystem: &str, name: &str) -> String {
    match base_ecosystem(ecosystem) {
        "PyPI" => crate::deps::pep503(name),
        "Packagist" => name.trim().to_lowercase(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_about_missing_null_and_unknown_fields() {
        let r = Osv::from_slice(
            br#"{"id":"X-1","aliases":null,"affected":[{"package":{"ecosystem":"npm","name":"a"},
                "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.0"},{}]}],
                "future_field":{"x":1}}],"credits":[{"name":"n"}],"schema_version":"1.7.0"}"#,
        )
        .unwrap();
        assert_eq!(r.id, "X-1");
        assert!(r.aliases.is_empty() && r.modified.is_none() && !r.is_withdrawn());
        let events = &r.affected[0].ranges[0].events;
        assert_eq!(events[1].fixed.as_deref(), Some("1.0.0"));
        assert_eq!(events[2], Event::default());
    }

    #[test]
    fn id_is_required() {
        assert!(Osv::from_slice(br#"{"summary":"s"}"#).is_err());
        assert!(Osv::from_slice(br#"{"id":"  "}"#).is_err());
        assert!(Osv::from_slice(b"[1,2]").is_err());
        assert!(Osv::from_slice(br#"{"id":"X","affected":"npm"}"#).is_err());
    }

    #[test]
    fn names() {
        assert_eq!(normalise_name("PyPI", "Zope.Interface"), "zope-interface");
        assert_eq!(normalise_name("PyPI", "Django"), "django");
        assert_eq!(
            normalise_name("Packagist", "Symfony/HTTP-Kernel"),
            "symfony/http-kernel"
        );
        assert_eq!(normalise_name("npm", "JSONStream"), "JSONStream");
        assert_eq!(normalise_name("crates.io", "Inflector"), "Inflector");
        assert_eq!(base_ecosystem("Debian:11"), "Debian");
        assert_eq!(
            base_ecosystem("Packagist:https://packages.drupal.org/8"),
            "Packagist"
        );
        assert_eq!(base_ecosystem("npm"), "npm");
    }
}
