//! SBOM export: the package identifiers (package URLs) that CycloneDX and
//! SPDX documents name components by, the [`Component`] list both writers
//! share, and the writers themselves ([`cyclonedx`], [`spdx`]).
//!
//! Both documents are pure functions of the [`Bom`] and [`Meta`], so the
//! same tree and the same `SOURCE_DATE_EPOCH` give byte-identical output.
//!
//! Lockfiles are read into [`Locked`] (packages, and the dependency graph of
//! formats that record one); [`bom`] merges them into components keyed by purl
//! and the edges between those components. [`read`] goes the other way: the
//! components of an existing CycloneDX or SPDX document.

pub mod cyclonedx;
pub mod diff;
mod hash;
pub mod purl;
pub mod read;
pub mod rev;
pub mod root;
pub mod spdx;

pub use hash::{Hash, HashAlg};

use crate::deps::graph::{Graph, Node};
use crate::deps::{self, Ecosystem, IncludeFn, Package, ParseError, Source};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One distinct package of the exported tree, keyed by its purl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// Canonical package URL; unique in a component list, and the sort key.
    pub purl: String,
    pub ecosystem: Ecosystem,
    /// The package name as ward's lockfile parsers report it (`@scope/name`).
    pub name: String,
    pub version: Option<String>,
    /// Development-only in every lockfile that lists it.
    pub dev: bool,
    pub source: Source,
    /// The git URL or tarball URL of a non-registry source.
    pub location: Option<String>,
    /// Sorted, without duplicates.
    pub hashes: Vec<Hash>,
}

impl Component {
    /// npm scopes are CycloneDX groups: `@types/node` is group `@types`, name `node`.
    pub fn group_and_name(&self) -> (Option<&str>, &str) {
        match self.name.split_once('/') {
            Some((scope, name)) if self.ecosystem == Ecosystem::Npm && scope.starts_with('@') => {
                (Some(scope), name)
            }
            _ => (None, &self.name),
        }
    }

    /// A URL a consumer can fetch, for git and URL sources only (paths are local).
    pub fn remote_location(&self) -> Option<String> {
        match self.source {
            Source::Git | Source::Url => self
                .location
                .as_deref()
                .filter(|l| l.contains("://") && !l.chars().any(char::is_whitespace))
                .map(scp_to_url),
            Source::Registry | Source::Path => None,
        }
    }
}

/// `ssh://git@github.com:owner/repo` (scp syntax behind a scheme, as yarn and
/// bun record it) is not a URL: the text after the host's colon is a path, not
/// a port, so it becomes `ssh://git@github.com/owner/repo`.
fn scp_to_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    match authority[host_start..].find(':') {
        Some(i) => {
            let colon = host_start + i;
            let port = &rest[colon + 1..authority_end];
            if port.bytes().all(|b| b.is_ascii_digit()) {
                return url.to_string();
            }
            format!("{scheme}://{}/{}", &rest[..colon], &rest[colon + 1..])
        }
        None => url.to_string(),
    }
}

/// The components of all `packages`, one per purl, sorted by purl.
///
/// The same package locked by two files is one component: it is dev-only when
/// every occurrence is, and carries the union of the hashes recorded for it.
pub fn components<'a>(packages: impl IntoIterator<Item = &'a Package>) -> Vec<Component> {
    let mut by_purl: BTreeMap<String, Component> = BTreeMap::new();
    for p in packages {
        let purl = purl::from_package(p).to_string();
        let hashes = hash::parse_integrity(p.integrity.as_deref().unwrap_or(""));
        let dev = p.dev == Some(true);
        match by_purl.get_mut(&purl) {
            Some(c) => {
                c.dev &= dev;
                c.hashes.extend(hashes);
                c.hashes.sort();
                c.hashes.dedup();
                if c.location.is_none() {
                    c.location.clone_from(&p.location);
                }
            }
            None => {
                let mut hashes = hashes;
                hashes.sort();
                hashes.dedup();
                by_purl.insert(
                    purl.clone(),
                    Component {
                        purl,
                        ecosystem: p.ecosystem,
                        name: p.name.clone(),
                        version: p.version.clone(),
                        dev,
                        source: p.source,
                        location: p.location.clone(),
                        hashes,
                    },
                );
            }
        }
    }
    by_purl.into_values().collect()
}

/// One lockfile read for export.
#[derive(Debug, Clone)]
pub struct Locked {
    pub path: String,
    pub packages: Vec<Package>,
    /// Its dependency edges, for formats that record them.
    pub graph: Option<Graph>,
}

/// Parse the lockfile `path` (packages, then edges); `include` reads the
/// files it refers to. The package list is what the file is judged by: a
/// graph that cannot be read leaves the file without edges, not in error.
pub fn lock(path: &str, bytes: &[u8], include: &IncludeFn<'_>) -> Result<Locked, ParseError> {
    let packages = deps::parse_bytes(path, bytes, include)?;
    let graph = deps::decode(bytes)
        .ok()
        .and_then(|text| deps::graph::parse(path, text).ok().flatten());
    Ok(Locked {
        path: path.to_string(),
        packages,
        graph,
    })
}

/// A lockfile on disk, as [`lock`] reads it.
pub fn lock_file(path: &std::path::Path) -> Result<Locked, ParseError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ParseError {
        path: shown.clone(),
        message: format!("cannot read: {e}"),
    })?;
    lock(&shown, &bytes, &deps::disk_include(path))
}

/// The components of a document and the dependency edges between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bom {
    /// Sorted and unique by purl.
    pub components: Vec<Component>,
    /// The purls the project depends on directly: the lockfiles' roots, every
    /// package a root does not lead to, and every package of a lockfile
    /// without a graph.
    pub root: BTreeSet<String>,
    /// Per purl, the purls it depends on; only components whose lockfile
    /// records their dependencies (an empty set then means none).
    pub edges: BTreeMap<String, BTreeSet<String>>,
}

/// The document content of the lockfiles `locked`. Edges are resolved within
/// their own lockfile (by name and version, or by name where it is unique
/// there); one that names no package of that file is left out.
pub fn bom(locked: &[Locked]) -> Bom {
    let components = components(locked.iter().flat_map(|l| &l.packages));
    let mut out = Bom {
        components,
        ..Bom::default()
    };
    for l in locked {
        let purls: Vec<String> = l
            .packages
            .iter()
            .map(|p| purl::from_package(p).to_string())
            .collect();
        let Some(graph) = &l.graph else {
            out.root.extend(purls);
            continue;
        };
        let mut by_name: HashMap<&str, Vec<(Option<&str>, &str)>> = HashMap::new();
        for (p, purl) in l.packages.iter().zip(&purls) {
            by_name
                .entry(p.name.as_str())
                .or_default()
                .push((p.version.as_deref(), purl.as_str()));
        }
        let resolve = |n: &Node| -> Option<&str> {
            let candidates = by_name.get(n.name.as_str())?;
            if let Some(v) = n.version.as_deref()
                && let Some((_, purl)) = candidates.iter().find(|(cv, _)| *cv == Some(v))
            {
                return Some(purl);
            }
            match candidates.as_slice() {
                [(_, purl)] => Some(purl),
                _ => None,
            }
        };
        let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (node, deps) in &graph.edges {
            let Some(from) = resolve(node) else { continue };
            let to = edges.entry(from).or_default();
            to.extend(deps.iter().filter_map(resolve).filter(|t| *t != from));
        }
        let roots: BTreeSet<&str> = match &graph.roots {
            Some(roots) => roots.iter().filter_map(resolve).collect(),
            None => {
                let targets: BTreeSet<&str> = edges.values().flatten().copied().collect();
                purls
                    .iter()
                    .map(String::as_str)
                    .filter(|p| !targets.contains(p))
                    .collect()
            }
        };
        // What the roots lead to; the rest hangs off the project directly.
        let mut reached: BTreeSet<&str> = BTreeSet::new();
        let mut todo: Vec<&str> = roots.iter().copied().collect();
        while let Some(p) = todo.pop() {
            if reached.insert(p) {
                todo.extend(edges.get(p).into_iter().flatten().copied());
            }
        }
        out.root.extend(roots.iter().map(|p| p.to_string()));
        out.root.extend(
            purls
                .iter()
                .filter(|p| !reached.contains(p.as_str()))
                .cloned(),
        );
        for (from, to) in edges {
            out.edges
                .entry(from.to_string())
                .or_default()
                .extend(to.into_iter().map(str::to_string));
        }
    }
    out
}

/// What a document says about itself rather than its components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The project: its manifest's package name, else the exported directory's name.
    pub name: String,
    /// The project's version and package URL, from its manifest.
    pub version: Option<String>,
    pub purl: Option<String>,
    /// RFC 3339, UTC.
    pub timestamp: String,
    /// ward's version, for the tool entry.
    pub tool_version: String,
}

impl Meta {
    /// Stamped `SOURCE_DATE_EPOCH` if set (reproducible builds), else now.
    pub fn new(project: &root::Project) -> Result<Meta, String> {
        let secs = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(v) => v
                .trim()
                .parse::<i64>()
                .map_err(|_| format!("SOURCE_DATE_EPOCH is not a number of seconds: {v:?}"))?,
            Err(_) => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                .unwrap_or(0),
        };
        Ok(Meta {
            name: project.name.clone(),
            version: project.version.clone(),
            purl: project.purl.clone(),
            timestamp: crate::text::rfc3339(secs),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
        })
    }
}

/// A UUID (version-5 layout, SHA-256 instead of SHA-1) of the project name and
/// the sorted component list: identical input, identical serial number and
/// namespace, while a changed tree gets a new one.
pub fn content_uuid(components: &[Component], meta: &Meta) -> String {
    let mut h = Sha256::new();
    h.update(meta.name.as_bytes());
    for c in components {
        h.update(b"\n");
        h.update(c.purl.as_bytes());
        for x in &c.hashes {
            h.update(b" ");
            h.update(x.hex.as_bytes());
        }
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::scp_to_url;

    #[test]
    fn scp_style_git_urls_become_urls() {
        assert_eq!(
            scp_to_url("git+ssh://git@github.com:o/r#abc"),
            "git+ssh://git@github.com/o/r#abc"
        );
        assert_eq!(scp_to_url("ssh://gitlab:o/r"), "ssh://gitlab/o/r");
        assert_eq!(scp_to_url("ssh://git@h:22/o/r"), "ssh://git@h:22/o/r");
        assert_eq!(scp_to_url("https://h/o/r.git"), "https://h/o/r.git");
    }
}
