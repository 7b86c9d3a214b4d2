//! bun.lock: JSONC (trailing commas, comments) whose `packages` map each
//! install path to a tuple `["name@version", …]`.
//!
//! Registry packages carry a version; git, tarball, directory and workspace
//! packages carry their spec instead (`name@github:o/r#abc`), hence no version.

use super::{
    Lines, Text, comment_end, json_error, looks_like_version, npm_package, source_of,
    split_name_spec, unalias,
};
use crate::deps::graph::{Graph, Node};
use crate::deps::{Input, Package, Source};
use indexmap::IndexMap;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// Strings are borrowed from the file; `packages` keeps the file's order.
#[derive(serde::Deserialize)]
#[serde(expecting = "a bun.lock object")]
struct Lockfile<'t> {
    #[serde(borrow)]
    packages: Option<IndexMap<Text<'t>, Vec<Element<'t>>>>,
}

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    // Same length and line breaks as the text: positions in it are the text's.
    let json = strip_jsonc(input.text)?;
    let lock: Lockfile = serde_json::from_str(&json).map_err(|e| json_error(&e))?;
    let Some(packages) = lock.packages else {
        return Ok(Vec::new());
    };
    let mut lines = Lines::new(&json);
    let mut out = Vec::with_capacity(packages.len());
    for (key, tuple) in &packages {
        let mut p = package(key.as_str(), tuple)?;
        p.line = lines.of(key);
        out.push(p);
    }
    Ok(out)
}

fn package(key: &str, tuple: &[Element]) -> Result<Package, String> {
    let bad = || format!("`packages.{key}` must start with a \"name@version\" string");
    let first = tuple.first().and_then(Element::as_str).ok_or_else(bad)?;
    let (name, spec) = split_name_spec(first).ok_or_else(bad)?;
    let (name, spec) = unalias(name, spec);
    let source = match source_of(spec) {
        // A tarball URL, even one on a registry, is what the user asked for.
        Source::Registry if spec.contains("://") => Source::Url,
        other => other,
    };
    let registry_version = source == Source::Registry && looks_like_version(spec);
    let mut p = npm_package(name, registry_version.then(|| spec.to_string()), source);
    if source != Source::Registry {
        p.location = Some(spec.to_string());
    }
    // Registry tuples end with the SRI hash; git ones hold a commit instead.
    p.integrity = tuple
        .iter()
        .skip(1)
        .filter_map(Element::as_str)
        .rfind(|s| is_sri(s))
        .map(str::to_string);
    Ok(p)
}

/// An element of a `packages` tuple: its text if it is a string; other
/// values (the dependency object, numbers) are read and dropped.
struct Element<'t>(Option<Text<'t>>);

impl Element<'_> {
    fn as_str(&self) -> Option<&str> {
        self.0.as_ref().map(Text::as_str)
    }
}

impl<'de: 't, 't> Deserialize<'de> for Element<'t> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ElementVisitor(PhantomData))
    }
}

struct ElementVisitor<'t>(PhantomData<Element<'t>>);

impl<'de: 't, 't> Visitor<'de> for ElementVisitor<'t> {
    type Value = Element<'t>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Element<'t>, E> {
        Ok(Element(Some(Text(Cow::Borrowed(s)))))
    }

    fn visit_str<E>(self, s: &str) -> Result<Element<'t>, E> {
        Ok(Element(Some(Text(Cow::Owned(s.to_string())))))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Element<'t>, E> {
        Ok(Element(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Element<'t>, E> {
        Ok(Element(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Element<'t>, E> {
        Ok(Element(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Element<'t>, E> {
        Ok(Element(None))
    }

    fn visit_unit<E>(self) -> Result<Element<'t>, E> {
        Ok(Element(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element<'t>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Element(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element<'t>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Element(None))
    }
}

fn is_sri(s: &str) -> bool {
    ["sha1-", "sha256-", "sha384-", "sha512-"]
        .iter()
        .any(|a| s.starts_with(a))
}

/// The dependency maps of a workspace, or of a `packages` tuple's object.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DependencyMaps<'t> {
    #[serde(borrow)]
    dependencies: IndexMap<Text<'t>, IgnoredAny>,
    #[serde(borrow, rename = "devDependencies")]
    dev: IndexMap<Text<'t>, IgnoredAny>,
    #[serde(borrow, rename = "optionalDependencies")]
    optional: IndexMap<Text<'t>, IgnoredAny>,
    #[serde(borrow, rename = "peerDependencies")]
    peer: IndexMap<Text<'t>, IgnoredAny>,
}

impl DependencyMaps<'_> {
    fn names(&self) -> impl Iterator<Item = &str> {
        self.dependencies
            .keys()
            .chain(self.dev.keys())
            .chain(self.optional.keys())
            .chain(self.peer.keys())
            .map(Text::as_str)
    }
}

#[derive(serde::Deserialize)]
#[serde(expecting = "a bun.lock object")]
struct GraphLock<'t> {
    #[serde(borrow, default)]
    workspaces: IndexMap<Text<'t>, DependencyMaps<'t>>,
    #[serde(borrow, default)]
    packages: IndexMap<Text<'t>, Vec<serde_json::Value>>,
}

/// The edges of a bun.lock: each package's dependency names (from the object
/// of its tuple; a workspace member's from its `workspaces` entry), resolved
/// the way Node does: `packages` keys are install paths (`chalk/has-flag` is
/// the `has-flag` under `chalk`), looked up from the package's own path, then
/// each path above it. The roots are the dependencies of `workspaces[""]`.
pub fn graph(text: &str) -> Result<Graph, String> {
    let json = strip_jsonc(text)?;
    let lock: GraphLock = serde_json::from_str(&json).map_err(|e| json_error(&e))?;
    let mut nodes: std::collections::HashMap<&str, Node> =
        std::collections::HashMap::with_capacity(lock.packages.len());
    for (key, tuple) in &lock.packages {
        let elements: Vec<Element> = tuple
            .iter()
            .map(|v| Element(v.as_str().map(|s| Text(Cow::Borrowed(s)))))
            .collect();
        let p = package(key.as_str(), &elements)?;
        nodes.insert(key.as_str(), Node::new(p.name, p.version));
    }
    let resolve = |from: &str, dep: &str| -> Option<Node> {
        let mut dir = from;
        loop {
            let found = if dir.is_empty() {
                nodes.get(dep)
            } else {
                nodes.get(format!("{dir}/{dep}").as_str())
            };
            if let Some(node) = found {
                return Some(node.clone());
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent(dir);
        }
    };
    let resolve_all = |from: &str, names: &mut dyn Iterator<Item = &str>| -> Vec<Node> {
        let mut out: Vec<Node> = names.filter_map(|d| resolve(from, d)).collect();
        out.sort();
        out.dedup();
        out
    };
    let roots = lock
        .workspaces
        .get("")
        .map(|w| resolve_all("", &mut w.names()));
    let mut edges = Vec::with_capacity(lock.packages.len());
    for (key, tuple) in &lock.packages {
        let key = key.as_str();
        let Some(node) = nodes.get(key) else { continue };
        let own: Option<DependencyMaps> = tuple
            .iter()
            .skip(1)
            .find(|v| v.is_object())
            .and_then(|v| DependencyMaps::deserialize(v).ok());
        // A workspace member lists its dependencies under `workspaces`.
        let member = tuple
            .first()
            .and_then(serde_json::Value::as_str)
            .and_then(split_name_spec)
            .and_then(|(_, spec)| spec.strip_prefix("workspace:"))
            .and_then(|path| lock.workspaces.get(path));
        let mut names = own.iter().chain(member).flat_map(DependencyMaps::names);
        edges.push((node.clone(), resolve_all(key, &mut names)));
    }
    Ok(Graph { roots, edges })
}

/// The install path above `path` (`a/@s/b` → `a`, `@s/b` → the top).
fn parent(path: &str) -> &str {
    let up = path.rfind('/').map_or("", |i| &path[..i]);
    let last = up.rsplit('/').next().unwrap_or(up);
    if last.starts_with('@') {
        up.rfind('/').map_or("", |i| &up[..i])
    } else {
        up
    }
}

/// JSON from JSONC: comments and trailing commas become spaces, so that line
/// and column numbers in errors still point into the original text.
fn strip_jsonc(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    // Only strings, comments and commas matter: jump from one to the next.
    while let Some(found) = memchr::memchr3(b'"', b'/', b',', bytes.get(i..).unwrap_or(&[])) {
        i += found;
        match bytes.get(i) {
            Some(b'"') => i = skip_string(bytes, i),
            Some(b'/') if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {
                let end = comment_end(bytes, i);
                if let Some(comment) = out.get_mut(i..end) {
                    blank(comment);
                }
                i = end;
            }
            Some(b',') if next_significant(bytes, i + 1).is_none_or(|c| c == b'}' || c == b']') => {
                if let Some(comma) = out.get_mut(i) {
                    *comma = b' ';
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).map_err(|_| "not valid UTF-8".to_string())
}

/// Index just past the string opening at `start`.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while let Some(found) = memchr::memchr2(b'"', b'\\', bytes.get(j..).unwrap_or(&[])) {
        j += found;
        if bytes.get(j) == Some(&b'"') {
            return j + 1;
        }
        j += 2; // an escape and the character it escapes
    }
    bytes.len()
}

/// The next byte that is neither whitespace nor inside a comment.
fn next_significant(bytes: &[u8], mut i: usize) -> Option<u8> {
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => i = comment_end(bytes, i),
            _ => return Some(b),
        }
    }
    None
}

/// Spaces instead of a comment, keeping its line breaks.
fn blank(bytes: &mut [u8]) {
    for b in bytes.iter_mut().filter(|b| **b != b'\n') {
        *b = b' ';
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "bun.lock",
            text,
            include: &include,
        })
    }

    #[test]
    fn jsonc_is_stripped_outside_strings() {
        let text = "{\n  // c\n  \"a\": [\"x,]\", /* y */ 1,],\n}\n";
        let json = strip_jsonc(text).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["a"][0], "x,]");
        assert_eq!(json.lines().count(), text.lines().count());
    }

    #[test]
    fn lines_integrity_locations() {
        let text = "{\n  \"lockfileVersion\": 1,\n  \"packages\": {\n    \"a\": [\"a@1.0.0\", \"\", {}, \"sha512-abc\"],\n\n    \"b\": [\"b@github:o/b#0123\", {}, \"o-b-0123\"],\n    \"w\": [\"w@workspace:packages/w\"],\n  },\n}\n";
        let mut got = parse_text(text).unwrap();
        got.sort_by(|x, y| x.name.cmp(&y.name));
        assert_eq!(got[0].line, Some(4));
        assert_eq!(got[0].integrity.as_deref(), Some("sha512-abc"));
        assert_eq!(got[1].source, Source::Git);
        assert_eq!(got[1].integrity, None);
        assert_eq!(got[1].location.as_deref(), Some("github:o/b#0123"));
        assert_eq!(
            (got[2].source, got[2].version.as_deref()),
            (Source::Path, None)
        );
    }

    #[test]
    fn bad_tuples_fail() {
        let err = parse_text("{\"packages\": {\"a\": [1]}}").unwrap_err();
        assert_eq!(
            err,
            "`packages.a` must start with a \"name@version\" string"
        );
        assert!(parse_text("{\"packages\": {\"a\": []}}").is_err());
        assert!(parse_text("{\"packages\": {\"a\": [\"nameonly\"]}}").is_err());
    }

    #[test]
    fn tuples_hold_any_values() {
        let text = "{\"packages\": {\"a\": [\"a@1.0.0\", [1, {\"x\": [null]}], 2.5, true, null, \"sha1-x\"]}}";
        let got = parse_text(text).unwrap();
        assert_eq!(got[0].integrity.as_deref(), Some("sha1-x"));
        // The first bad tuple in the file is the one reported.
        let err = parse_text("{\"packages\": {\"z\": [1], \"a\": [2]}}").unwrap_err();
        assert!(err.starts_with("`packages.z`"), "{err}");
    }
}
