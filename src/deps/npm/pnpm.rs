//! pnpm-lock.yaml (lockfile versions 5.x, 6.x and 9.x).
//!
//! Every entry of `packages` is a package. Its key encodes name and version
//! (v5 `/name/1.0.0_peer`, v6 `/name@1.0.0(peer)`, v9 `name@1.0.0`); `name`
//! and `version` fields win over the key; `resolution` tells git, directory
//! and tarball packages from registry ones.

use super::{
    Text, looks_like_version, npm_package, parse_yaml, source_of, split_name_spec, yaml_key_lines,
};
use crate::deps::graph::{Graph, Node};
use crate::deps::{Input, Package, Source};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Strings are borrowed from the file.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Lockfile<'t> {
    #[serde(rename = "lockfileVersion", borrow)]
    lockfile_version: Option<Text<'t>>,
    #[serde(borrow)]
    packages: Option<BTreeMap<Text<'t>, Option<Entry<'t>>>>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Entry<'t> {
    #[serde(borrow)]
    name: Option<Text<'t>>,
    #[serde(borrow)]
    version: Option<Text<'t>>,
    dev: Option<bool>,
    #[serde(borrow)]
    resolution: Option<Resolution<'t>>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Resolution<'t> {
    #[serde(borrow)]
    integrity: Option<Text<'t>>,
    #[serde(borrow)]
    tarball: Option<Text<'t>>,
    #[serde(borrow)]
    commit: Option<Text<'t>>,
    #[serde(borrow)]
    repo: Option<Text<'t>>,
    #[serde(borrow)]
    directory: Option<Text<'t>>,
    #[serde(rename = "type", borrow)]
    kind: Option<Text<'t>>,
}

/// How a key encodes its package, by lockfile version.
#[derive(Clone, Copy, PartialEq)]
enum KeyStyle {
    /// `/name/1.0.0_peer`, `host/name/1.0.0`
    V5,
    /// `/name@1.0.0(peer)`
    V6,
    /// `name@1.0.0(peer)`; no `dev` flags.
    V9,
}

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let docs: Vec<Lockfile> = parse_yaml(input.text)?;
    let lines = yaml_key_lines(input.text, Some("packages"), 2);
    let mut out = Vec::new();
    for doc in &docs {
        let style = key_style(doc.lockfile_version.as_deref())?;
        for (key, entry) in doc.packages.iter().flatten() {
            if let Some(mut p) = package(key, entry.as_ref(), style)? {
                p.line = lines.get(key.as_str()).copied();
                out.push(p);
            }
        }
    }
    Ok(out)
}

fn key_style(version: Option<&str>) -> Result<KeyStyle, String> {
    let Some(version) = version else {
        return Ok(KeyStyle::V5);
    };
    let major = version.trim().trim_start_matches('v');
    let major = major.split('.').next().unwrap_or(major);
    match major.parse::<u32>() {
        Ok(0..=5) => Ok(KeyStyle::V5),
        Ok(6..=8) => Ok(KeyStyle::V6),
        Ok(_) => Ok(KeyStyle::V9),
        Err(_) => Err(format!("lockfileVersion `{version}` is not a number")),
    }
}

/// The package of one entry; `None` when neither key nor fields give it a
/// version and it is not a local directory.
fn package(key: &str, entry: Option<&Entry>, style: KeyStyle) -> Result<Option<Package>, String> {
    let from_key = name_version_of_key(key, style)?;
    let resolution = entry.and_then(|e| e.resolution.as_ref());
    let (source, location) = source_of_entry(key, resolution);
    let name = entry
        .and_then(|e| e.name.as_deref())
        .or(from_key.map(|(n, _)| n));
    let version = entry
        .and_then(|e| e.version.as_deref())
        .or(from_key.and_then(|(_, v)| v));
    let Some(name) = name else {
        return Ok(None);
    };
    if version.is_none() && source != Source::Path {
        return Ok(None);
    }
    let mut p = npm_package(name, version.map(str::to_string), source);
    p.dev = match style {
        KeyStyle::V9 => None,
        _ => Some(entry.and_then(|e| e.dev) == Some(true)),
    };
    p.integrity = resolution.and_then(|r| r.integrity.as_deref().map(str::to_string));
    p.location = location;
    Ok(Some(p))
}

/// What the dependency graph needs of a lockfile: the importers' and each
/// package's (v9: snapshot's) dependency maps.
#[derive(Deserialize)]
struct GraphLockfile {
    #[serde(rename = "lockfileVersion")]
    lockfile_version: Option<LockfileVersion>,
    #[serde(default)]
    importers: BTreeMap<String, Importer>,
    /// v5 and single-project v6 put the project's dependencies at the top.
    #[serde(flatten)]
    top: Importer,
    #[serde(default)]
    packages: BTreeMap<String, Option<GraphEntry>>,
    #[serde(default)]
    snapshots: BTreeMap<String, Option<GraphEntry>>,
}

#[derive(Deserialize, Default)]
struct Importer {
    #[serde(default)]
    dependencies: BTreeMap<String, ImporterDep>,
    #[serde(default, rename = "devDependencies")]
    dev: BTreeMap<String, ImporterDep>,
    #[serde(default, rename = "optionalDependencies")]
    optional: BTreeMap<String, ImporterDep>,
}

/// `'6.0'` or `5.4`.
#[derive(Deserialize)]
#[serde(untagged)]
enum LockfileVersion {
    Text(String),
    Number(f64),
}

/// v5: the version; v6+: `{specifier, version}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum ImporterDep {
    Version(String),
    Spec { version: String },
}

#[derive(Deserialize)]
struct GraphEntry {
    name: Option<String>,
    version: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default, rename = "optionalDependencies")]
    optional: BTreeMap<String, String>,
}

/// The edges of a pnpm-lock.yaml: each package's (v9: snapshot's)
/// `dependencies` and `optionalDependencies`, name → resolved version (with
/// peer suffixes, or a key of its own for aliases and other registries); the
/// importers' dependencies are the roots. Links (`link:`) to workspace
/// projects are not packages and are left out.
pub fn graph(text: &str) -> Result<Option<Graph>, String> {
    let docs: Vec<GraphLockfile> = super::full_yaml(text)?;
    let mut roots = Vec::new();
    let mut edges = Vec::new();
    for doc in docs {
        let version = doc.lockfile_version.as_ref().map(|v| match v {
            LockfileVersion::Text(s) => s.clone(),
            LockfileVersion::Number(n) => n.to_string(),
        });
        let style = key_style(version.as_deref())?;
        for importer in doc.importers.values().chain([&doc.top]) {
            for (name, dep) in importer
                .dependencies
                .iter()
                .chain(&importer.dev)
                .chain(&importer.optional)
            {
                let version = match dep {
                    ImporterDep::Version(v) | ImporterDep::Spec { version: v } => v,
                };
                roots.extend(dep_node(name, version, style));
            }
        }
        let entries = if style == KeyStyle::V9 {
            &doc.snapshots
        } else {
            &doc.packages
        };
        for (key, entry) in entries {
            let from_key = name_version_of_key(key, style)?;
            let e = entry.as_ref();
            let name = e
                .and_then(|e| e.name.as_deref())
                .or(from_key.map(|(n, _)| n));
            let version = e
                .and_then(|e| e.version.as_deref())
                .or(from_key.and_then(|(_, v)| v));
            let Some(name) = name else { continue };
            let deps = e
                .into_iter()
                .flat_map(|e| e.dependencies.iter().chain(&e.optional))
                .filter_map(|(n, v)| dep_node(n, v, style))
                .collect();
            edges.push((Node::new(name, version.map(str::to_string)), deps));
        }
    }
    Ok(Some(Graph {
        roots: Some(roots),
        edges,
    }))
}

/// A dependency `name: version` as a node: the version without its peer
/// suffix, or the package of a key (`/other@1.0.0`, `other@1.0.0` for an alias).
fn dep_node(name: &str, version: &str, style: KeyStyle) -> Option<Node> {
    if version.starts_with("link:") || version.starts_with("file:") {
        return None;
    }
    let plain = match style {
        KeyStyle::V5 => version.split('_').next().unwrap_or(version),
        _ => version.split('(').next().unwrap_or(version),
    };
    if looks_like_version(plain) {
        return Some(Node::new(name, Some(plain.to_string())));
    }
    let (name, version) = name_version_of_key(version, style).ok()??;
    Some(Node::new(name, version.map(str::to_string)))
}

/// Name and (if the key holds one) version from a package key.
fn name_version_of_key(key: &str, style: KeyStyle) -> Result<Option<(&str, Option<&str>)>, String> {
    // Local packages: the fields name them.
    if key.starts_with("file:") || key.starts_with("link:") {
        return Ok(None);
    }
    let no_version = || format!("package key `{key}` has no version");
    let rest = match style {
        KeyStyle::V9 => key,
        // `/name…` from the default registry, `host/name…` from another one.
        _ => match key.strip_prefix('/') {
            Some(rest) => rest,
            None => key.split_once('/').ok_or_else(no_version)?.1,
        },
    };
    let (name, version) = match style {
        KeyStyle::V5 => split_v5(rest),
        _ => match split_name_spec(rest) {
            Some((name, spec)) => (name, Some(spec.split('(').next().unwrap_or(spec))),
            None if style == KeyStyle::V9 => return Err(no_version()),
            None => (rest, None),
        },
    };
    Ok(Some((name, version.filter(|v| looks_like_version(v)))))
}

/// `name/1.0.0_peer` or `@scope/name/1.0.0_peer`.
fn split_v5(rest: &str) -> (&str, Option<&str>) {
    let slashes = if rest.starts_with('@') { 2 } else { 1 };
    let mut cut = rest.match_indices('/').map(|(i, _)| i);
    let Some(end) = cut.nth(slashes - 1) else {
        return (rest, None);
    };
    let version = &rest[end + 1..];
    let version = version.split('/').next().unwrap_or(version);
    (
        &rest[..end],
        Some(version.split('_').next().unwrap_or(version)),
    )
}

/// Source and location from `resolution` (or a `file:` key without one).
fn source_of_entry(key: &str, resolution: Option<&Resolution>) -> (Source, Option<String>) {
    let Some(r) = resolution else {
        return match key.starts_with("file:") || key.starts_with("link:") {
            true => (Source::Path, Some(key.to_string())),
            false => (Source::Registry, None),
        };
    };
    if r.kind.as_deref() == Some("git") || r.commit.is_some() || r.repo.is_some() {
        let location = r.repo.as_deref().or(r.tarball.as_deref());
        return (Source::Git, location.map(str::to_string));
    }
    if r.kind.as_deref() == Some("directory") || r.directory.is_some() {
        return (Source::Path, r.directory.as_deref().map(str::to_string));
    }
    if let Some(tarball) = r.tarball.as_deref() {
        let source = match source_of(tarball) {
            Source::Git => Source::Git,
            Source::Path => Source::Path,
            Source::Registry | Source::Url => Source::Url,
        };
        return (source, Some(tarball.to_string()));
    }
    (Source::Registry, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "pnpm-lock.yaml",
            text,
            include: &include,
        })
    }

    #[test]
    fn keys_of_each_version() {
        let v5 = |k| name_version_of_key(k, KeyStyle::V5).unwrap();
        let v6 = |k| name_version_of_key(k, KeyStyle::V6).unwrap();
        let v9 = |k| name_version_of_key(k, KeyStyle::V9).unwrap();
        let nv = |n, v| Some((n, Some(v)));
        assert_eq!(v5("/@a/b/1.0.0_c@2.0.0"), nv("@a/b", "1.0.0"));
        assert_eq!(v5("registry.npmjs.org/foo/1.1.0"), nv("foo", "1.1.0"));
        assert_eq!(v6("/@a/b@1.0.0(c@2.0.0)"), nv("@a/b", "1.0.0"));
        assert_eq!(v9("@a/b@1.0.0(c@2.0.0(d@1.0.0))"), nv("@a/b", "1.0.0"));
        assert!(name_version_of_key("invalid", KeyStyle::V5).is_err());
        assert!(name_version_of_key("invalid", KeyStyle::V9).is_err());
    }

    #[test]
    fn lines_integrity_locations() {
        let text = "lockfileVersion: '9.0'\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: sha512-abc}\n\n  b@https://codeload.github.com/o/b/tar.gz/0123:\n    resolution: {tarball: https://codeload.github.com/o/b/tar.gz/0123}\n    version: 2.0.0\n\n  c@file:../c:\n    resolution: {directory: ../c, type: directory}\n    name: c\n\nsnapshots:\n  a@1.0.0: {}\n";
        let mut got = parse_text(text).unwrap();
        got.sort_by(|x, y| x.name.cmp(&y.name));
        assert_eq!(got.len(), 3);
        assert_eq!(
            (got[0].line, got[0].integrity.as_deref()),
            (Some(5), Some("sha512-abc"))
        );
        assert_eq!(got[0].dev, None);
        assert_eq!(got[1].source, Source::Git);
        assert_eq!(got[1].line, Some(8));
        assert_eq!(
            got[1].location.as_deref(),
            Some("https://codeload.github.com/o/b/tar.gz/0123")
        );
        assert_eq!(
            (got[2].source, got[2].version.as_deref()),
            (Source::Path, None)
        );
        assert_eq!(got[2].location.as_deref(), Some("../c"));
    }

    #[test]
    fn errors_are_one_line() {
        for text in [
            "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: x",
            "lockfileVersion: 5.3\npackages:\n  nokey:\n    dev: false\n",
            "packages: [a, b]\n",
        ] {
            let err = parse_text(text).unwrap_err();
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn fast_yaml_reader_agrees_with_serde_saphyr() {
        use crate::deps::npm::{full_yaml, simple_yaml};
        let v9 = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      '@a/b':\n        specifier: ^1.0.0\n        version: 1.0.0(c@2.0.0)\n\npackages:\n\n  '@a/b@1.0.0':\n    resolution: {integrity: sha512-abc==}\n    engines: {node: ^12 || >=16.0.0}\n    peerDependencies:\n      c: '*'\n\n  c@2.0.0:\n    resolution: {tarball: https://codeload.github.com/o/c/tar.gz/0123}\n    version: 2.0.0\n    os: [darwin]\n\nsnapshots:\n\n  '@a/b@1.0.0(c@2.0.0)':\n    dependencies:\n      c: 2.0.0\n";
        let v6 = "lockfileVersion: '6.0'\n\ndevDependencies:\n  is-number:\n    specifier: ^7.0.0\n    version: 7.0.0\n\npackages:\n\n  /is-number@7.0.0:\n    resolution: {integrity: sha512-41Cifkg==}\n    engines: {node: '>=0.12.0'}\n    dev: true\n\n  /uuid@8.0.0:\n    resolution: {integrity: sha512-jOXGuXZ==}\n    hasBin: true\n    dev: false\n    optional: true\n";
        let v5 = "lockfileVersion: 5.3\n\nspecifiers:\n  mocks: github:my-org/mocks#main\n\npackages:\n  github.com/o/p/2670878:\n    resolution: { commit: 2670878, repo: git@bitbucket.org:o/p.git, type: git }\n    name: '@s/p'\n    version: 1.0.0\n    dev: false\n\n  /foo/1.0.0_bar@2.0.0:\n    resolution: {integrity: sha1-x}\n    dev: true\n  file:../c:\n    resolution: {directory: ../c, type: directory}\n    name: c\n";
        for sample in [v9, v6, v5] {
            let texts =
                std::iter::once(sample.to_string()).chain(simple_yaml::mutations(sample, 1500));
            let mut read = 0;
            for text in texts {
                if let Some(fast) = simple_yaml::read::<Lockfile>(&text) {
                    assert_eq!(Ok(fast), full_yaml::<Lockfile>(&text), "{text}");
                    read += 1;
                }
            }
            assert!(read > 200, "only {read} edits read");
        }
    }
}
