//! composer.lock: `packages` (dev false) and `packages-dev` (dev true).
//!
//! Version verbatim (`v1.2.3` keeps its `v`). Source: `dist.type: path` →
//! path (location `dist.url`); no `dist` but a VCS `source` → git (location
//! `source.url`); anything else → registry. Integrity: `dist.shasum` when not
//! empty (Packagist leaves it empty for GitHub zipballs).

use super::graph::{Graph, Node};
use super::{Ecosystem, Input, Package, Source};
use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};
use std::fmt;

/// Composer's VCS drivers: a `source` of one of these kinds is a checkout.
const VCS_TYPES: &[&str] = &["git", "hg", "svn", "fossil", "perforce"];

/// What is read of a composer.lock. Typed, so serde skips the rest of each
/// package (autoload, authors, require…) instead of building values for it.
#[derive(Deserialize)]
#[serde(expecting = "a JSON object")]
struct Lockfile {
    #[serde(default, deserialize_with = "packages")]
    packages: Vec<Entry>,
    #[serde(default, rename = "packages-dev", deserialize_with = "packages_dev")]
    packages_dev: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(expecting = "a package object")]
struct Entry {
    name: String,
    version: Option<String>,
    dist: Option<Location>,
    source: Option<Location>,
}

/// `dist` or `source`.
#[derive(Deserialize)]
#[serde(expecting = "an object")]
struct Location {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
    shasum: Option<String>,
}

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let lock: Lockfile = serde_json::from_str(input.text).map_err(|e| json_error(&e))?;
    // Derived structs also accept an array (fields by position); a lockfile is an object.
    if !input.text.trim_start().starts_with('{') {
        return Err("expected a JSON object at the top level".into());
    }
    let mut lines = LineFinder::new(input.text);
    let mut out = Vec::with_capacity(lock.packages.len() + lock.packages_dev.len());
    for (section, entries, dev) in [
        (Section::Packages, lock.packages, false),
        (Section::PackagesDev, lock.packages_dev, true),
    ] {
        for (i, entry) in entries.into_iter().enumerate() {
            if entry.name.is_empty() {
                return Err(format!("`{}[{i}].name` is empty", section.key()));
            }
            let line = lines.name_line(section, &entry.name);
            let mut pkg = package(entry);
            pkg.dev = Some(dev);
            pkg.line = line;
            out.push(pkg);
        }
    }
    Ok(out)
}

/// A composer.lock as the dependency graph needs it.
#[derive(Deserialize)]
#[serde(expecting = "a JSON object")]
struct GraphLock {
    packages: Option<Vec<GraphEntry>>,
    #[serde(rename = "packages-dev")]
    packages_dev: Option<Vec<GraphEntry>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a package object")]
struct GraphEntry {
    name: String,
    version: Option<String>,
    /// An object of name → constraint (PHP writes an empty one as `[]`).
    require: Option<serde_json::Value>,
}

/// Requirements on the platform rather than on a package.
fn is_platform(name: &str) -> bool {
    matches!(
        name,
        "php" | "php-64bit" | "php-ipv6" | "php-zts" | "php-debug" | "hhvm" | "composer"
    ) || name.starts_with("ext-")
        || name.starts_with("lib-")
        || name.starts_with("composer-")
}

/// The edges of a composer.lock: each package's `require` (of `packages` and
/// `packages-dev`), platform requirements (`php`, `ext-*`, `lib-*`,
/// `composer-plugin-api`…) left out; names are case-insensitive. What the
/// project requires is in composer.json, not here: the roots are what
/// nothing depends on.
pub fn graph(text: &str) -> Result<Graph, String> {
    let lock: GraphLock = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let entries: Vec<GraphEntry> = lock
        .packages
        .into_iter()
        .chain(lock.packages_dev)
        .flatten()
        .collect();
    let by_name: std::collections::HashMap<String, &str> = entries
        .iter()
        .map(|e| (e.name.to_lowercase(), e.name.as_str()))
        .collect();
    let edges = entries
        .iter()
        .map(|e| {
            let mut deps: Vec<Node> = e
                .require
                .as_ref()
                .and_then(serde_json::Value::as_object)
                .into_iter()
                .flat_map(|m| m.keys())
                .map(|d| d.to_lowercase())
                .filter(|d| !is_platform(d))
                .map(|d| Node::new(by_name.get(&d).map_or(d.clone(), |n| n.to_string()), None))
                .collect();
            deps.sort();
            deps.dedup();
            (Node::new(e.name.clone(), e.version.clone()), deps)
        })
        .collect();
    Ok(Graph { roots: None, edges })
}

fn package(entry: Entry) -> Package {
    let mut pkg = Package::new(Ecosystem::Packagist, entry.name, entry.version);
    let kind = |l: &Option<Location>| l.as_ref().and_then(|l| l.kind.clone());
    match (kind(&entry.dist).as_deref(), kind(&entry.source).as_deref()) {
        (Some("path"), _) => {
            pkg.source = Source::Path;
            pkg.location = entry.dist.as_ref().and_then(|d| d.url.clone());
        }
        (None, Some(vcs)) if entry.dist.is_none() && VCS_TYPES.contains(&vcs) => {
            pkg.source = Source::Git;
            pkg.location = entry.source.as_ref().and_then(|s| s.url.clone());
        }
        _ => {}
    }
    pkg.integrity = entry.dist.and_then(|d| d.shasum).filter(|s| !s.is_empty());
    pkg
}

/// `packages` and `packages-dev`: an array, or `null` for none. A visitor
/// rather than `Option<Vec<_>>` so a wrong type names the key.
fn packages<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    d.deserialize_any(EntriesVisitor(Section::Packages))
}

fn packages_dev<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    d.deserialize_any(EntriesVisitor(Section::PackagesDev))
}

struct EntriesVisitor(Section);

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Vec<Entry>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "`{}` to be an array", self.0.key())
    }

    fn visit_unit<E>(self) -> Result<Vec<Entry>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Entry>, A::Error> {
        let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(entry) = seq.next_element()? {
            entries.push(entry);
        }
        Ok(entries)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Packages,
    PackagesDev,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Packages => "packages",
            Section::PackagesDev => "packages-dev",
        }
    }
}

/// `line N: message`, like the other parsers (serde_json puts the position last).
fn json_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(message) if e.line() > 0 => format!("line {}: {message}", e.line()),
        _ => full,
    }
}

/// The packages' `"name": "…"` values with their lines, per section in file
/// order, found in one pass. Packages are matched against them in order, so
/// the lookup stays linear however many packages there are.
struct LineFinder {
    /// Per section: (line, decoded value), and the next one to look at.
    names: [(Vec<(u32, String)>, usize); 2],
}

/// Root object → `packages` array → package object: a package's own keys
/// are three brackets deep (authors' `name`s are deeper).
const PACKAGE_DEPTH: usize = 3;

impl LineFinder {
    fn new(text: &str) -> LineFinder {
        let bytes = text.as_bytes();
        let mut names: [(Vec<(u32, String)>, usize); 2] = Default::default();
        let mut section: Option<Section> = None;
        let (mut depth, mut line, mut i) = (0usize, 1u32, 0usize);
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\n' => line = line.saturating_add(1),
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth = depth.saturating_sub(1),
                b'"' => {
                    let Some(end) = string_end(bytes, i) else {
                        break; // unterminated: serde_json has rejected the file already
                    };
                    let token = bytes.get(i..end).unwrap_or_default();
                    if depth == 1 && is_key(bytes, end) {
                        section = match token {
                            b"\"packages\"" => Some(Section::Packages),
                            b"\"packages-dev\"" => Some(Section::PackagesDev),
                            _ => None,
                        };
                    } else if depth == PACKAGE_DEPTH
                        && token == b"\"name\""
                        && let Some(section) = section
                        && let Some(value) = string_value_after_key(text, end)
                    {
                        names[section as usize].0.push((line, value));
                    }
                    i = end; // a value is then skipped as a string of its own
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        LineFinder { names }
    }

    /// The line of the next package `"name"` equal to `name` in `section`;
    /// `None` (and no move) when there is none.
    fn name_line(&mut self, section: Section, name: &str) -> Option<u32> {
        let (names, next) = &mut self.names[section as usize];
        let found = names.get(*next..)?.iter().position(|(_, v)| v == name)?;
        *next += found + 1;
        names.get(*next - 1).map(|(line, _)| *line)
    }
}

/// Is the string ending at `end` a key (followed by `:`)?
fn is_key(bytes: &[u8], end: usize) -> bool {
    let after = bytes.get(end..).unwrap_or_default();
    after.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':')
}

/// The index just past the closing quote of the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// After a key ending at `pos`: `: "…"` → the decoded string value.
fn string_value_after_key(text: &str, pos: usize) -> Option<String> {
    let rest = text
        .get(pos..)?
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    if !rest.starts_with('"') {
        return None;
    }
    let start = text.len() - rest.len();
    let end = string_end(text.as_bytes(), start)?;
    serde_json::from_str(text.get(start..end)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Package>, String> {
        parse(&Input {
            path: "composer.lock",
            text,
            include: &|_| Err("no includes".into()),
        })
    }

    const LOCK: &str = r#"{
    "packages": [
        {
            "name": "monolog/monolog",
            "version": "3.5.0",
            "source": {"type": "git", "url": "https://github.com/Seldaek/monolog.git", "reference": "abc"},
            "dist": {"type": "zip", "url": "https://api.github.com/repos/Seldaek/monolog/zipball/abc", "reference": "abc", "shasum": ""},
            "require": {"psr/log": "^2.0 || ^3.0"},
            "authors": [{"name": "psr/log"}]
        },
        {
            "name": "psr/log",
            "version": "v3.0.0",
            "dist": {"type": "zip", "url": "https://example.com/log.zip", "shasum": "0123abcd"}
        },
        {
            "name": "acme/local",
            "version": "dev-main",
            "dist": {"type": "path", "url": "../local", "reference": "x"}
        },
        {
            "name": "acme/from-vcs",
            "version": "dev-feature",
            "source": {"type": "git", "url": "https://git.example.com/acme/from-vcs.git", "reference": "def"}
        }
    ],
    "packages-dev": [
        {"name":"phpunit/phpunit","version":"10.5.0"}
    ]
}"#;

    #[test]
    fn sources_lines_integrity_and_dev() {
        let pkgs = parse_text(LOCK).unwrap();
        let got: Vec<_> = pkgs
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
                    p.source,
                    p.dev,
                    p.line,
                    p.integrity.as_deref(),
                    p.location.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "monolog/monolog",
                    Some("3.5.0"),
                    Source::Registry,
                    Some(false),
                    Some(4),
                    None,
                    None
                ),
                (
                    "psr/log",
                    Some("v3.0.0"),
                    Source::Registry,
                    Some(false),
                    Some(12),
                    Some("0123abcd"),
                    None
                ),
                (
                    "acme/local",
                    Some("dev-main"),
                    Source::Path,
                    Some(false),
                    Some(17),
                    None,
                    Some("../local")
                ),
                (
                    "acme/from-vcs",
                    Some("dev-feature"),
                    Source::Git,
                    Some(false),
                    Some(22),
                    None,
                    Some("https://git.example.com/acme/from-vcs.git")
                ),
                (
                    "phpunit/phpunit",
                    Some("10.5.0"),
                    Source::Registry,
                    Some(true),
                    Some(28),
                    None,
                    None
                ),
            ]
        );
    }

    #[test]
    fn dev_section_first_and_missing_sections() {
        let text = "{\"packages-dev\": [{\"name\": \"a/b\", \"version\": \"1.0\"}],\n\"packages\": [\n{\"name\": \"a/b\", \"version\": \"1.0\"}]}";
        let pkgs = parse_text(text).unwrap();
        let got: Vec<_> = pkgs.iter().map(|p| (p.dev, p.line)).collect();
        assert_eq!(got, [(Some(false), Some(3)), (Some(true), Some(1))]);
        assert!(parse_text("{}").unwrap().is_empty());
        assert!(parse_text("{\"packages\": null}").unwrap().is_empty());
    }

    #[test]
    fn names_written_with_escapes_are_found() {
        let text = "{\"packages\": [\n{\"description\": \"x \\\"name\\\": \\\"a/b\\\"\", \"name\" :\n \"a\\/b\", \"version\": \"1.0\"}]}";
        let pkgs = parse_text(text).unwrap();
        assert_eq!((pkgs[0].name.as_str(), pkgs[0].line), ("a/b", Some(2)));
    }

    #[test]
    fn errors() {
        let cases = [
            ("null", "line 1: invalid type: null, expected a JSON object"),
            ("[]", "expected a JSON object at the top level"),
            (
                r#"{"packages": {"name": "a/b"}}"#,
                "line 1: invalid type: map, expected `packages` to be an array",
            ),
            (
                r#"{"packages-dev": "x"}"#,
                "line 1: invalid type: string \"x\", expected `packages-dev` to be an array",
            ),
            (
                "{\"packages\": [\n1]}",
                "line 2: invalid type: integer `1`, expected a package object",
            ),
            (
                r#"{"packages": [{"version": "1"}]}"#,
                "line 1: missing field `name`",
            ),
            (
                r#"{"packages": [{"name": ""}]}"#,
                "`packages[0].name` is empty",
            ),
            (
                r#"{"packages": [{"name": "a/b", "version": 1}]}"#,
                "line 1: invalid type: integer `1`, expected a string",
            ),
            (
                r#"{"packages": [{"name": "a/b", "dist": "zip"}]}"#,
                "line 1: invalid type: string \"zip\", expected an object",
            ),
            ("this is not json!", "line 1: expected ident"),
            ("{\"packages\": [\n", "line 2: EOF while parsing a list"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_text(text).unwrap_err(), want, "{text}");
        }
    }
}
