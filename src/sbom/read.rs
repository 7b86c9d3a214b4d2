//! Reading an existing SBOM: the components of a CycloneDX JSON document
//! (any 1.x; `components`, nested `components` too) or an SPDX 2.x JSON
//! document (`packages` with a `purl` external reference; the document's own
//! package, which has none, is left out). The format is told by content:
//! `bomFormat` or `spdxVersion`.
//!
//! Typed serde structs read only what ward uses, so a large document costs one
//! pass; nesting deeper than [`deps::MAX_NESTING`] is refused before parsing.

use super::purl::{self, Purl};
use super::{Component, Hash};
use crate::deps::{self, Package};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// The document formats ward reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    CycloneDx,
    Spdx,
}

/// One component of a document, as it names itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Parsed and normalised; `None` only for a CycloneDX component without one.
    pub purl: Option<Purl>,
    /// CycloneDX `group/name` (`@types/node`), SPDX `name`.
    pub name: String,
    pub version: Option<String>,
    /// Sorted, without duplicates; algorithms ward does not know are left out.
    pub hashes: Vec<Hash>,
    /// CycloneDX scope `optional` or `excluded`; SPDX `DEV_DEPENDENCY_OF`.
    pub dev: bool,
}

impl Entry {
    /// The package it is, when its purl type has an ecosystem ward knows.
    pub fn package(&self) -> Option<Package> {
        let mut p = purl::to_package(self.purl.as_ref()?)?;
        p.dev = Some(self.dev);
        Some(p)
    }

    /// As an export component (purl canonical), when [`Entry::package`] is known.
    pub fn component(&self) -> Option<Component> {
        let p = self.package()?;
        Some(Component {
            purl: self.purl.as_ref()?.to_string(),
            ecosystem: p.ecosystem,
            name: p.name,
            version: p.version,
            dev: self.dev,
            source: p.source,
            location: p.location,
            hashes: self.hashes.clone(),
        })
    }

    /// What a diff pairs versions by: the purl without its version and
    /// without the qualifiers that change with it (`vcs_url` carries the
    /// commit, `download_url` the file); `name:` and the name without a purl.
    pub fn key(&self) -> String {
        let Some(p) = &self.purl else {
            return format!("name:{}", self.name);
        };
        let mut p = p.clone();
        p.version = None;
        p.subpath = None;
        p.qualifiers
            .retain(|k, _| matches!(k.as_str(), "repository_url" | "type" | "classifier"));
        p.to_string()
    }
}

/// A document read: its format and components (in document order).
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    /// `specVersion` or `spdxVersion` as written.
    pub version: String,
    pub entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "bomFormat")]
    bom_format: Option<serde_json::Value>,
    #[serde(rename = "spdxVersion")]
    spdx_version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct CdxDoc {
    #[serde(rename = "specVersion")]
    spec_version: Option<String>,
    #[serde(default)]
    components: Vec<CdxComponent>,
}

#[derive(Deserialize)]
struct CdxComponent {
    #[serde(default)]
    name: String,
    group: Option<String>,
    version: Option<String>,
    purl: Option<String>,
    scope: Option<String>,
    #[serde(default)]
    hashes: Vec<CdxHash>,
    #[serde(default)]
    components: Vec<CdxComponent>,
}

#[derive(Deserialize)]
struct CdxHash {
    alg: String,
    content: String,
}

#[derive(Deserialize)]
struct SpdxDoc {
    #[serde(default)]
    packages: Vec<SpdxPackage>,
    #[serde(default)]
    relationships: Vec<SpdxRelationship>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxPackage {
    #[serde(rename = "SPDXID", default)]
    id: String,
    #[serde(default)]
    name: String,
    version_info: Option<String>,
    #[serde(default)]
    external_refs: Vec<SpdxRef>,
    #[serde(default)]
    checksums: Vec<SpdxChecksum>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxRef {
    reference_type: String,
    reference_locator: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxChecksum {
    algorithm: String,
    checksum_value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxRelationship {
    #[serde(default)]
    spdx_element_id: String,
    #[serde(default)]
    relationship_type: String,
    #[serde(default)]
    related_spdx_element: String,
}

/// The components of the document in `bytes`; the error is one line, without the file name.
pub fn read(bytes: &[u8]) -> Result<Document, String> {
    let text = deps::decode(bytes)?;
    deps::check_nesting(text, deps::MAX_NESTING)?;
    let json_err = |e: serde_json::Error| format!("line {}: {e}", e.line());
    let probe: Probe = serde_json::from_str(text).map_err(json_err)?;
    match (&probe.bom_format, &probe.spdx_version) {
        (Some(f), _) if f.as_str() == Some("CycloneDX") => {
            let doc: CdxDoc = serde_json::from_str(text).map_err(json_err)?;
            let version = doc.spec_version.unwrap_or_default();
            if !version.starts_with("1.") {
                return Err(format!(
                    "CycloneDX specVersion `{version}`: only 1.x is read"
                ));
            }
            let mut entries = Vec::new();
            cyclonedx(&doc.components, &mut entries)?;
            Ok(Document {
                format: Format::CycloneDx,
                version,
                entries,
            })
        }
        (Some(f), _) => Err(format!("bomFormat {f} is not CycloneDX")),
        (None, Some(v)) => {
            let version = v.as_str().unwrap_or_default().to_string();
            if !version.starts_with("SPDX-2.") {
                return Err(format!("spdxVersion {v}: only SPDX 2.x JSON is read"));
            }
            let doc: SpdxDoc = serde_json::from_str(text).map_err(json_err)?;
            Ok(Document {
                format: Format::Spdx,
                version,
                entries: spdx(doc)?,
            })
        }
        (None, None) => Err(
            "neither a CycloneDX (`bomFormat`) nor an SPDX (`spdxVersion`) JSON document".into(),
        ),
    }
}

fn parse_purl(s: &str, what: &str) -> Result<Purl, String> {
    Purl::parse(s).map_err(|e| format!("{what}: invalid purl `{s}`: {e}"))
}

fn sorted(mut hashes: Vec<Hash>) -> Vec<Hash> {
    hashes.sort();
    hashes.dedup();
    hashes
}

fn cyclonedx(components: &[CdxComponent], out: &mut Vec<Entry>) -> Result<(), String> {
    for c in components {
        let name = match c.group.as_deref().filter(|g| !g.is_empty()) {
            Some(g) => format!("{g}/{}", c.name),
            None => c.name.clone(),
        };
        let purl = match c.purl.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => Some(parse_purl(p, &format!("component `{name}`"))?),
            None => None,
        };
        out.push(Entry {
            purl,
            name,
            version: c.version.clone().filter(|v| !v.is_empty()),
            hashes: sorted(
                c.hashes
                    .iter()
                    .filter_map(|h| Hash::from_hex(&h.alg, &h.content))
                    .collect(),
            ),
            dev: matches!(c.scope.as_deref(), Some("optional" | "excluded")),
        });
        cyclonedx(&c.components, out)?;
    }
    Ok(())
}

fn spdx(doc: SpdxDoc) -> Result<Vec<Entry>, String> {
    let dev: HashSet<&str> = doc
        .relationships
        .iter()
        .filter(|r| r.relationship_type == "DEV_DEPENDENCY_OF")
        .map(|r| r.spdx_element_id.as_str())
        .collect();
    // What the document describes is the project itself, not a component.
    let described: HashSet<&str> = doc
        .relationships
        .iter()
        .filter(|r| r.relationship_type == "DESCRIBES" && r.spdx_element_id == "SPDXRef-DOCUMENT")
        .map(|r| r.related_spdx_element.as_str())
        .collect();
    let mut out = Vec::new();
    for p in &doc.packages {
        if described.contains(p.id.as_str()) {
            continue;
        }
        let Some(locator) = p
            .external_refs
            .iter()
            .find(|r| r.reference_type == "purl")
            .map(|r| r.reference_locator.as_str())
        else {
            continue;
        };
        let purl = parse_purl(locator, &format!("package `{}`", p.id))?;
        out.push(Entry {
            name: p.name.clone(),
            version: p
                .version_info
                .clone()
                .filter(|v| !v.is_empty())
                .or_else(|| purl.version.clone()),
            purl: Some(purl),
            hashes: sorted(
                p.checksums
                    .iter()
                    .filter_map(|c| Hash::from_hex(&c.algorithm, &c.checksum_value))
                    .collect(),
            ),
            dev: dev.contains(p.id.as_str()),
        });
    }
    Ok(out)
}

/// The packages of `doc` ward can check, and how many entries it cannot
/// (purl types without an ecosystem ward knows, or no purl), by type.
pub fn packages(doc: &Document) -> (Vec<Package>, BTreeMap<String, usize>) {
    let mut out = Vec::new();
    let mut other: BTreeMap<String, usize> = BTreeMap::new();
    for e in &doc.entries {
        match e.package() {
            Some(p) => out.push(p),
            None => {
                let ty = e.purl.as_ref().map_or("no purl", |p| p.ty.as_str());
                *other.entry(ty.to_string()).or_default() += 1;
            }
        }
    }
    (out, other)
}

impl From<&Component> for Entry {
    fn from(c: &Component) -> Entry {
        Entry {
            purl: Purl::parse(&c.purl).ok(),
            name: c.name.clone(),
            version: c.version.clone(),
            hashes: c.hashes.clone(),
            dev: c.dev,
        }
    }
}
