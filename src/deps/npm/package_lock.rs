//! package-lock.json and npm-shrinkwrap.json (lockfile versions 1, 2 and 3).
//!
//! v2 and v3 list every installed package under `packages`, keyed by its
//! install path; v1 (and a v2 file that only kept it) nests `dependencies`.

use super::{Lines, Text, json_error, npm_package, source_of, unalias};
use crate::deps::graph::{Graph, Node};
use crate::deps::{Input, Package, Source};
use indexmap::IndexMap;
use serde::Deserialize;

/// The parts of a lockfile the package list needs, read in one pass:
/// `packages` (v2, v3) becomes packages as it is read, with no map in
/// between; the v1 `dependencies` tree is only kept when there is no
/// `packages` (a v2 file has both, with the same content).
struct PackageLock<'t, 'l> {
    lines: &'l mut Lines<'t>,
}

/// What the top-level object held.
enum Read<'t> {
    Packages(Vec<Package>),
    Legacy(IndexMap<Text<'t>, LegacyEntry<'t>>),
    Neither,
}

impl<'de: 't, 't> serde::de::DeserializeSeed<'de> for PackageLock<'t, '_> {
    type Value = Read<'t>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Read<'t>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de: 't, 't> serde::de::Visitor<'de> for PackageLock<'t, '_> {
    type Value = Read<'t>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a package-lock object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Read<'t>, A::Error> {
        use serde::de::{Error, IgnoredAny};
        let mut packages = None;
        let mut legacy = None;
        while let Some(key) = map.next_key::<Text<'t>>()? {
            match key.as_str() {
                "packages" if packages.is_some() => {
                    return Err(A::Error::duplicate_field("packages"));
                }
                "packages" => {
                    let seed = Packages {
                        lines: &mut *self.lines,
                    };
                    packages = map.next_value_seed(seed)?;
                    if packages.is_some() {
                        legacy = None;
                    }
                }
                "dependencies" if packages.is_none() => legacy = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(match (packages, legacy) {
            (Some(p), _) => Read::Packages(p),
            (None, Some(l)) => Read::Legacy(l),
            (None, None) => Read::Neither,
        })
    }
}

/// The `packages` map, read entry by entry into packages (`null`: none).
struct Packages<'t, 'l> {
    lines: &'l mut Lines<'t>,
}

impl<'de: 't, 't> serde::de::DeserializeSeed<'de> for Packages<'t, '_> {
    type Value = Option<Vec<Package>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de: 't, 't> serde::de::Visitor<'de> for Packages<'t, '_> {
    type Value = Option<Vec<Package>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let hint = map.size_hint().unwrap_or(0);
        let mut out: Vec<Package> = Vec::with_capacity(hint);
        // Each key, its line and the place of its package in `out`, in file
        // order. npm writes keys sorted: a key given twice shows as one out of order.
        let mut keys: Vec<Key> = Vec::with_capacity(hint);
        let mut sorted = true;
        while let Some(key) = map.next_key::<Text<'t>>()? {
            let entry: Entry = map.next_value()?;
            let line = self.lines.of(&key);
            let at = from_entry(key.as_str(), &entry).map(|mut p| {
                p.line = line;
                out.push(p);
                out.len() - 1
            });
            sorted &= keys
                .last()
                .is_none_or(|last| last.text.as_str() < key.as_str());
            keys.push(Key {
                text: key,
                line,
                at,
            });
        }
        if !sorted {
            last_value_first_place(&keys, &mut out);
        }
        Ok(Some(out))
    }
}

/// A key of `packages`: where it is and where its package went.
struct Key<'t> {
    text: Text<'t>,
    line: Option<u32>,
    at: Option<usize>,
}

/// A key given twice keeps its first place (and line) and takes the last
/// value, as `JSON.parse` does: one package (or none) per key, in the order
/// of the keys' first places.
fn last_value_first_place(keys: &[Key], out: &mut Vec<Package>) {
    // Each key's first place and the package of its last value.
    let mut seen: foldhash::HashMap<&str, (usize, Option<usize>)> =
        foldhash::HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    for (place, key) in keys.iter().enumerate() {
        seen.entry(key.text.as_str()).or_insert((place, None)).1 = key.at;
    }
    let mut kept: Vec<(usize, usize)> = seen
        .into_values()
        .filter_map(|(place, at)| Some((place, at?)))
        .collect();
    kept.sort_unstable();
    let mut packages: Vec<Option<Package>> = std::mem::take(out).into_iter().map(Some).collect();
    *out = kept
        .into_iter()
        .filter_map(|(place, at)| {
            let mut p = packages[at].take()?;
            p.line = keys[place].line;
            Some(p)
        })
        .collect();
}

/// An entry of `packages` (v2, v3).
#[derive(Deserialize)]
pub(super) struct Entry<'t> {
    #[serde(borrow)]
    name: Option<Text<'t>>,
    #[serde(borrow)]
    version: Option<Text<'t>>,
    #[serde(borrow)]
    resolved: Option<Text<'t>>,
    #[serde(borrow)]
    integrity: Option<Text<'t>>,
    dev: Option<bool>,
    link: Option<bool>,
}

/// An entry of the v1 `dependencies` tree.
#[derive(Deserialize)]
struct LegacyEntry<'t> {
    #[serde(borrow)]
    version: Option<Text<'t>>,
    #[serde(borrow)]
    integrity: Option<Text<'t>>,
    dev: Option<bool>,
    #[serde(borrow)]
    dependencies: Option<IndexMap<Text<'t>, LegacyEntry<'t>>>,
}

const NODE_MODULES: &str = "node_modules/";

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    use serde::de::DeserializeSeed;
    let mut lines = Lines::new(input.text);
    let mut de = serde_json::Deserializer::from_str(input.text);
    let read = PackageLock { lines: &mut lines }
        .deserialize(&mut de)
        .and_then(|read| de.end().map(|()| read))
        .map_err(|e| json_error(&e))?;
    Ok(match read {
        Read::Packages(packages) => packages,
        Read::Legacy(deps) => {
            let mut out = Vec::new();
            walk_legacy(&deps, &mut lines, &mut out);
            out
        }
        Read::Neither => Vec::new(),
    })
}

/// A `packages` entry; `None` for the project itself and for links (their
/// target has its own entry).
pub(super) fn from_entry(key: &str, entry: &Entry) -> Option<Package> {
    if key.is_empty() || entry.link == Some(true) {
        return None;
    }
    let installed = installed_name(key);
    let name = entry_name(key, entry.name.as_ref().map(Text::as_str));
    let resolved = entry.resolved.as_ref().map(Text::as_str);
    let source = match (installed, resolved) {
        // Outside node_modules: a workspace member or a local directory.
        (None, _) => Source::Path,
        (Some(_), Some(resolved)) => source_of(resolved),
        (Some(_), None) => Source::Registry,
    };
    let mut p = npm_package(name, owned(&entry.version), source);
    p.dev = Some(entry.dev == Some(true));
    p.integrity = owned(&entry.integrity);
    if source != Source::Registry {
        p.location = Some(resolved.unwrap_or(key).to_string());
    }
    Some(p)
}

/// The package name of an install path under `node_modules/`.
fn installed_name(key: &str) -> Option<&str> {
    // The last `node_modules/` ends at one of the last few slashes (a
    // scoped name has one more): checking those beats a substring search.
    let bytes = key.as_bytes();
    memchr::memrchr_iter(b'/', bytes)
        .map(|slash| slash + 1)
        .find(|&end| bytes[..end].ends_with(NODE_MODULES.as_bytes()))
        .and_then(|end| key.get(end..))
}

/// The name of the package at `key`: its own `name`, else where it is installed.
pub(super) fn entry_name<'a>(key: &'a str, name: Option<&'a str>) -> &'a str {
    name.or_else(|| installed_name(key))
        .unwrap_or_else(|| key.rsplit('/').next().unwrap_or(key))
}

/// A `packages` entry as the dependency graph needs it.
#[derive(Deserialize)]
struct GraphEntry<'t> {
    #[serde(borrow)]
    name: Option<Text<'t>>,
    #[serde(borrow)]
    version: Option<Text<'t>>,
    #[serde(borrow)]
    resolved: Option<Text<'t>>,
    link: Option<bool>,
    #[serde(borrow, default)]
    dependencies: IndexMap<Text<'t>, serde::de::IgnoredAny>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional: IndexMap<Text<'t>, serde::de::IgnoredAny>,
    #[serde(borrow, default, rename = "peerDependencies")]
    peer: IndexMap<Text<'t>, serde::de::IgnoredAny>,
    /// Listed for the project and workspace members only.
    #[serde(borrow, default, rename = "devDependencies")]
    dev: IndexMap<Text<'t>, serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct GraphLock<'t> {
    #[serde(borrow)]
    packages: Option<IndexMap<Text<'t>, GraphEntry<'t>>>,
    #[serde(borrow)]
    dependencies: Option<IndexMap<Text<'t>, LegacyGraphEntry<'t>>>,
}

/// A v1 `dependencies` entry as the dependency graph needs it.
#[derive(Deserialize)]
struct LegacyGraphEntry<'t> {
    #[serde(borrow)]
    version: Option<Text<'t>>,
    #[serde(borrow, default)]
    requires: IndexMap<Text<'t>, serde::de::IgnoredAny>,
    #[serde(borrow, default)]
    dependencies: IndexMap<Text<'t>, LegacyGraphEntry<'t>>,
}

/// The edges of a v1 tree: each entry's `requires`, resolved the way Node
/// does (the entry's own nested `dependencies`, then those of each entry
/// above it, then the top level). v1 does not say what the project itself
/// requires: the roots are what nothing depends on.
fn legacy_graph(top: &IndexMap<Text, LegacyGraphEntry>) -> Graph {
    fn node(key: &str, entry: &LegacyGraphEntry) -> Node {
        let written = entry.version.as_ref().map_or("", Text::as_str);
        let (name, version) = unalias(key, written);
        let version = (source_of(version) == Source::Registry && !version.is_empty())
            .then(|| version.to_string());
        Node::new(name, version)
    }
    fn walk<'a, 't>(
        level: &'a IndexMap<Text<'t>, LegacyGraphEntry<'t>>,
        scopes: &mut Vec<&'a IndexMap<Text<'t>, LegacyGraphEntry<'t>>>,
        edges: &mut Vec<(Node, Vec<Node>)>,
    ) {
        for (key, entry) in level {
            scopes.push(&entry.dependencies);
            let mut deps: Vec<Node> = entry
                .requires
                .keys()
                .filter_map(|dep| {
                    let dep = dep.as_str();
                    scopes.iter().rev().find_map(|scope| {
                        let (k, e) = scope.get_key_value(dep)?;
                        Some(node(k.as_str(), e))
                    })
                })
                .collect();
            deps.sort();
            deps.dedup();
            edges.push((node(key.as_str(), entry), deps));
            walk(&entry.dependencies, scopes, edges);
            scopes.pop();
        }
    }
    let mut edges = Vec::new();
    walk(top, &mut vec![top], &mut edges);
    Graph { roots: None, edges }
}

/// The edges of a v2/v3 lockfile: each entry's dependency names, resolved
/// the way Node does (`node_modules/` of the entry's own directory, then of
/// each directory above it); links stand for their target. v1 files (only
/// `dependencies`): see [`legacy_graph`]. Unresolvable names (an optional or
/// peer dependency not installed) are left out.
pub fn graph(text: &str) -> Result<Option<Graph>, String> {
    let lock: GraphLock = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let Some(packages) = lock.packages else {
        return Ok(lock.dependencies.as_ref().map(legacy_graph));
    };
    let index: std::collections::HashMap<&str, &GraphEntry> =
        packages.iter().map(|(k, e)| (k.as_str(), e)).collect();
    // Follow a link to the directory it points at.
    let target = |key: &'_ str| -> Option<String> {
        let entry = index.get(key)?;
        if entry.link == Some(true) {
            let to = entry.resolved.as_ref()?.as_str();
            return index.contains_key(to).then(|| to.to_string());
        }
        Some(key.to_string())
    };
    let node = |key: &str| -> Option<Node> {
        let entry = index.get(key)?;
        let name = entry_name(key, entry.name.as_ref().map(Text::as_str));
        Some(Node::new(name, owned(&entry.version)))
    };
    let resolve = |from: &str, dep: &str| -> Option<Node> {
        let mut dir = from;
        loop {
            let candidate = if dir.is_empty() {
                format!("{NODE_MODULES}{dep}")
            } else {
                format!("{dir}/{NODE_MODULES}{dep}")
            };
            if index.contains_key(candidate.as_str()) {
                return node(&target(&candidate)?);
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir.rfind('/').map_or("", |i| &dir[..i]);
        }
    };
    let deps_of = |key: &str, entry: &GraphEntry| -> Vec<Node> {
        let mut out: Vec<Node> = entry
            .dependencies
            .keys()
            .chain(entry.optional.keys())
            .chain(entry.peer.keys())
            .chain(entry.dev.keys())
            .filter_map(|d| resolve(key, d.as_str()))
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let mut roots = None;
    let mut edges = Vec::with_capacity(packages.len());
    for (key, entry) in &packages {
        let key = key.as_str();
        if key.is_empty() {
            roots = Some(deps_of(key, entry));
        } else if entry.link != Some(true)
            && let Some(n) = node(key)
        {
            edges.push((n, deps_of(key, entry)));
        }
    }
    Ok(Some(Graph { roots, edges }))
}

fn owned(text: &Option<Text>) -> Option<String> {
    text.as_ref().map(|t| t.as_str().to_string())
}

fn walk_legacy(deps: &IndexMap<Text, LegacyEntry>, lines: &mut Lines, out: &mut Vec<Package>) {
    for (key, entry) in deps {
        let mut p = from_legacy(key.as_str(), entry);
        p.line = lines.of(key);
        out.push(p);
        if let Some(nested) = &entry.dependencies {
            walk_legacy(nested, lines, out);
        }
    }
}

/// In v1 `version` is the version, an `npm:` alias, or the spec of a git,
/// tarball or directory dependency (which then has no version); `resolved`
/// adds nothing to it.
fn from_legacy(key: &str, entry: &LegacyEntry) -> Package {
    let written = entry.version.as_ref().map_or("", Text::as_str);
    let (name, version) = unalias(key, written);
    let source = source_of(version);
    let mut p = if source == Source::Registry {
        let version = (!version.is_empty()).then(|| version.to_string());
        npm_package(name, version, source)
    } else {
        let mut p = npm_package(name, None, source);
        p.location = Some(version.to_string());
        p
    };
    p.dev = Some(entry.dev == Some(true));
    p.integrity = owned(&entry.integrity);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "package-lock.json",
            text,
            include: &include,
        })
    }

    #[test]
    fn v3_lines_integrity_and_locations() {
        let text = r#"{
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "root", "version": "1.0.0"},
    "node_modules/a": {
      "version": "1.0.0",
      "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz",
      "integrity": "sha512-abc"
    },
    "node_modules/b": {
      "version": "2.0.0",
      "resolved": "git+ssh://git@github.com/o/b.git#0123",
      "dev": true
    },
    "node_modules/c": {"resolved": "packages/c", "link": true},
    "packages/c": {"name": "@x/c", "version": "0.1.0"}
  }
}"#;
        let mut got = parse_text(text).unwrap();
        got.sort_by(|x, y| x.name.cmp(&y.name));
        let names: Vec<_> = got.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["@x/c", "a", "b"]);
        assert_eq!(got[0].source, Source::Path);
        assert_eq!(got[0].location.as_deref(), Some("packages/c"));
        assert_eq!(got[1].line, Some(5));
        assert_eq!(got[1].integrity.as_deref(), Some("sha512-abc"));
        assert_eq!(got[1].location, None);
        assert_eq!(got[2].source, Source::Git);
        assert_eq!(got[2].dev, Some(true));
        assert_eq!(
            got[2].location.as_deref(),
            Some("git+ssh://git@github.com/o/b.git#0123")
        );
    }

    #[test]
    fn v1_nested_lines() {
        let text = r#"{
  "lockfileVersion": 1,
  "dependencies": {
    "a": {
      "version": "1.0.0",
      "requires": {"b": "^2.0.0"},
      "dependencies": {
        "b": {"version": "2.0.0", "integrity": "sha1-x"}
      }
    },
    "b": {"version": "1.0.0"}
  }
}"#;
        let mut got = parse_text(text).unwrap();
        got.sort_by(|x, y| (&x.name, &x.version).cmp(&(&y.name, &y.version)));
        let lines: Vec<_> = got.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(4), Some(11), Some(8)]);
        assert_eq!(got[2].integrity.as_deref(), Some("sha1-x"));
    }

    #[test]
    fn errors_name_the_position() {
        let err = parse_text("{\"packages\": {\"node_modules/a\": {\"version\": 1}}}").unwrap_err();
        assert!(err.starts_with("line 1, column "), "{err}");
        assert!(err.contains("expected a string"), "{err}");
        assert!(!err.contains('\n'));
        let err = parse_text("null").unwrap_err();
        assert!(err.contains("expected a package-lock object"), "{err}");
    }

    #[test]
    fn escaped_and_repeated_keys() {
        // A key given twice: its first line, its last value (as JSON.parse).
        let text = "{\"packages\": {\n\"node_modules/a\": {\"version\": \"1.0.0\"},\n\"node_modules/\\u0062\": {\"version\": \"2.0.0\"},\n\"node_modules/a\": {\"version\": \"1.1.0\"}\n}}";
        let mut got = parse_text(text).unwrap();
        got.sort_by(|x, y| x.name.cmp(&y.name));
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].version.as_deref(), got[0].line),
            (Some("1.1.0"), Some(2))
        );
        // Escaped keys are read, but their line is not looked for.
        assert_eq!((got[1].name.as_str(), got[1].line), ("b", None));
    }
}
