//! Cargo.lock (v1–v4) and Cargo.toml (direct dependencies).
//!
//! Both are read with the `toml` crate into typed serde structs. The
//! `cargo-lock` crate was considered for Cargo.lock and left out: it resolves
//! every `dependencies` entry, so real lockfiles trimmed to a few packages are
//! rejected ("couldn't resolve dependency"), it brings `url` + `idna` + ICU
//! (about 30 crates ward does not otherwise build), and it keeps no spans for
//! the `line` of an entry.
//!
//! Cargo.lock `location` of a git package is its source without the `git+`
//! prefix and *with* the `#commit` fragment (`https://host/repo?rev=x#abc123`),
//! so the exact pinned commit is visible to whoever reads a finding.

use super::graph::{Graph, Node};
use super::{Ecosystem, Input, Package, Source};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

// ---------------------------------------------------------------- Cargo.lock

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockedPackage>,
    /// The pre-2017 format put the root crate here instead of in `[[package]]`.
    root: Option<LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: Spanned<String>,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
}

/// Every `[[package]]` of a Cargo.lock. Path crates (no `source`) are all
/// listed: the lockfile cannot tell the root crate from other local ones.
pub fn parse_lock(input: &Input) -> Result<Vec<Package>, String> {
    let text = input.text;
    let lock: Lockfile = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let lines = LineIndex::new(text);
    let mut out = Vec::with_capacity(lock.package.len() + 1);
    for p in lock.root.iter().chain(&lock.package) {
        let (source, location) = lock_source(p.source.as_deref())
            .map_err(|e| format!("line {}: {e}", lines.line(p.name.span().start)))?;
        let mut pkg = Package::new(
            Ecosystem::CratesIo,
            p.name.get_ref(),
            Some(p.version.clone()),
        );
        pkg.source = source;
        pkg.location = location;
        pkg.line = Some(lines.line(p.name.span().start));
        // Only v2+ per-package checksums count. v1 kept them in `[metadata]`,
        // which cargo drops when it rewrites the file in a newer format: a
        // format migration is not a lost hash.
        pkg.integrity = p.checksum.clone();
        out.push(pkg);
    }
    Ok(out)
}

/// The kind of a lockfile `source` (`registry+URL`, `sparse+URL`, `git+URL#rev`),
/// and the location worth showing for non-registry ones.
fn lock_source(source: Option<&str>) -> Result<(Source, Option<String>), String> {
    let Some(source) = source else {
        return Ok((Source::Path, None));
    };
    let (kind, url) = source
        .split_once('+')
        .ok_or_else(|| format!("source `{source}` has no kind (`registry+`, `git+`…)"))?;
    match kind {
        // crates.io (git or sparse index) needs no mention; another
        // registry's crates are other packages than crates.io's of that name.
        "registry" | "sparse" if is_crates_io(url) => Ok((Source::Registry, None)),
        "registry" | "sparse" => Ok((Source::Registry, Some(url.to_string()))),
        "git" => Ok((Source::Git, Some(url.to_string()))),
        "path" => Ok((Source::Path, Some(url.to_string()))),
        _ => Err(format!("unknown source kind `{kind}` in `{source}`")),
    }
}

fn is_crates_io(index: &str) -> bool {
    let i = index.trim_end_matches('/');
    i == "https://github.com/rust-lang/crates.io-index" || i == "https://index.crates.io"
}

/// A `[[package]]` as the dependency graph needs it.
#[derive(Deserialize)]
struct GraphPackage {
    name: String,
    version: String,
    #[serde(default)]
    dependencies: Vec<String>,
}

#[derive(Deserialize)]
struct GraphLock {
    #[serde(default)]
    package: Vec<GraphPackage>,
    root: Option<GraphPackage>,
}

/// The edges of a Cargo.lock: each package's `dependencies`, written
/// `name`, `name version` or `name version (source)`. The project's own
/// crates are path packages nothing else depends on, so the roots are left
/// to that rule.
pub fn graph(text: &str) -> Result<Graph, String> {
    let lock: GraphLock = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let edges = lock
        .root
        .iter()
        .chain(&lock.package)
        .map(|p| {
            let deps = p
                .dependencies
                .iter()
                .filter_map(|d| {
                    let mut parts = d.split_whitespace();
                    let name = parts.next()?;
                    Some(Node::new(name, parts.next().map(str::to_string)))
                })
                .collect();
            (Node::new(&p.name, Some(p.version.clone())), deps)
        })
        .collect();
    Ok(Graph { roots: None, edges })
}

// ---------------------------------------------------------------- Cargo.toml

/// The tables of a Cargo.toml that declare dependencies; the rest is ignored.
/// (No `#[serde(flatten)]`: it buffers values and loses their spans.)
#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    dependencies: DependencyTable,
    #[serde(default, rename = "build-dependencies", alias = "build_dependencies")]
    build: DependencyTable,
    #[serde(default, rename = "dev-dependencies", alias = "dev_dependencies")]
    dev: DependencyTable,
    /// `[target.'cfg(unix)'.dependencies]` and friends.
    #[serde(default)]
    target: BTreeMap<String, TargetTables>,
}

#[derive(Deserialize)]
struct TargetTables {
    #[serde(default)]
    dependencies: DependencyTable,
    #[serde(default, rename = "build-dependencies", alias = "build_dependencies")]
    build: DependencyTable,
    #[serde(default, rename = "dev-dependencies", alias = "dev_dependencies")]
    dev: DependencyTable,
}

type DependencyTable = BTreeMap<Spanned<String>, DependencyEntry>;

/// The table form of a dependency, derived so serde checks each field's type.
#[derive(Default, Deserialize)]
struct Dependency {
    version: Option<String>,
    git: Option<String>,
    path: Option<String>,
    /// The real crate name when the key is a rename.
    package: Option<String>,
    /// `workspace = true`: the requirement lives in the workspace root.
    workspace: Option<bool>,
}

/// `name = "1.0"` or `name = { version = "1.0", git = "…", … }`.
struct DependencyEntry(Dependency);

/// Direct dependencies of a Cargo.toml: `[dependencies]` and
/// `[build-dependencies]` (dev false), `[dev-dependencies]` (dev true), also
/// under `[target.*]`. `version` is the requirement as written.
pub fn parse_manifest(input: &Input) -> Result<Vec<Package>, String> {
    let text = input.text;
    let manifest: Manifest = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let top = [
        (&manifest.dependencies, false),
        (&manifest.build, false),
        (&manifest.dev, true),
    ];
    let targets = manifest
        .target
        .values()
        .flat_map(|t| [(&t.dependencies, false), (&t.build, false), (&t.dev, true)]);
    for (table, dev) in top.into_iter().chain(targets) {
        for (key, DependencyEntry(dep)) in table {
            out.push(manifest_package(key, dep, dev, &lines));
        }
    }
    Ok(out)
}

fn manifest_package(
    key: &Spanned<String>,
    dep: &Dependency,
    dev: bool,
    lines: &LineIndex,
) -> Package {
    let name = dep.package.as_deref().unwrap_or(key.get_ref());
    let version = if dep.workspace == Some(true) {
        None
    } else {
        dep.version.clone()
    };
    let mut pkg = Package::new(Ecosystem::CratesIo, name, version);
    // Cargo rejects `git` together with `path`; should both be written, the
    // git source is the one worth reviewing.
    if let Some(git) = &dep.git {
        pkg.source = Source::Git;
        pkg.location = Some(git.clone());
    } else if let Some(path) = &dep.path {
        pkg.source = Source::Path;
        pkg.location = Some(path.clone());
    }
    pkg.dev = Some(dev);
    pkg.line = Some(lines.line(key.span().start));
    pkg
}

/// A dependency is either a bare requirement string or a table; serde's
/// untagged enums would hide *which* field of the table has the wrong type.
impl<'de> Deserialize<'de> for DependencyEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DependencyVisitor)
    }
}

struct DependencyVisitor;

impl<'de> Visitor<'de> for DependencyVisitor {
    type Value = DependencyEntry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a version requirement string or a dependency table")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DependencyEntry, E> {
        Ok(DependencyEntry(Dependency {
            version: Some(v.to_string()),
            ..Dependency::default()
        }))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DependencyEntry, A::Error> {
        Dependency::deserialize(de::value::MapAccessDeserializer::new(map)).map(DependencyEntry)
    }
}

// ---------------------------------------------------------------- helpers

/// A toml error on one line: `line N: ` + message + key path. Without its
/// input, the error's Display is the message and the key path instead of a
/// multi-line snippet of the file.
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let mut bare = e.clone();
    bare.set_input(None);
    let message = bare
        .to_string()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    match e.span() {
        Some(span) => format!("line {}: {message}", super::line_at(text, span.start)),
        None => message,
    }
}

/// Byte offset → 1-based line, by binary search over the newline offsets
/// (found once), so thousands of entries cost no rescan from the start.
struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex {
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    fn line(&self, offset: usize) -> u32 {
        let before = self.newlines.partition_point(|&nl| nl < offset);
        u32::try_from(before).unwrap_or(u32::MAX - 1) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(path: &'a str, text: &'a str) -> Input<'a> {
        Input {
            path,
            text,
            include: &|_| Err("no includes".into()),
        }
    }

    fn lock(text: &str) -> Result<Vec<Package>, String> {
        parse_lock(&input("Cargo.lock", text))
    }

    fn manifest(text: &str) -> Result<Vec<Package>, String> {
        parse_manifest(&input("Cargo.toml", text))
    }

    const V3: &str = r#"version = 3

[[package]]
name = "serde"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "abc"

[[package]]
name = "tag"
version = "0.1.0"
source = "git+https://github.com/o/r?tag=v1#c460e54ecd66a5da8d9725ee419b5199b552e0e6"

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde"]

[[package]]
name = "sparse-one"
version = "2.0.0"
source = "sparse+https://index.crates.io/"
"#;

    #[test]
    fn lock_sources_lines_integrity_locations() {
        let pkgs = lock(V3).unwrap();
        let got: Vec<_> = pkgs
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.source,
                    p.line,
                    p.integrity.as_deref(),
                    p.location.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("serde", Source::Registry, Some(4), Some("abc"), None),
                (
                    "tag",
                    Source::Git,
                    Some(10),
                    None,
                    Some("https://github.com/o/r?tag=v1#c460e54ecd66a5da8d9725ee419b5199b552e0e6")
                ),
                ("app", Source::Path, Some(15), None, None),
                ("sparse-one", Source::Registry, Some(20), None, None),
            ]
        );
        assert!(pkgs.iter().all(|p| p.dev.is_none()));
    }

    #[test]
    fn v1_metadata_checksums_are_not_integrity() {
        let text = "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[metadata]\n\"checksum a 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)\" = \"aaaa\"\n";
        let pkgs = lock(text).unwrap();
        assert_eq!(pkgs[0].integrity, None);
    }

    #[test]
    fn old_root_table_is_a_path_crate() {
        let text = "[root]\nname = \"app\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"x\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let pkgs = lock(text).unwrap();
        assert_eq!(pkgs[0].name, "app");
        assert_eq!(pkgs[0].source, Source::Path);
        assert_eq!(pkgs[0].line, Some(2));
        assert_eq!(pkgs[1].line, Some(6));
    }

    #[test]
    fn crlf_and_empty_lockfiles() {
        let text = "version = 4\r\n\r\n[[package]]\r\nname = \"a\"\r\nversion = \"1.0.0\"\r\n";
        let pkgs = lock(text).unwrap();
        assert_eq!((pkgs[0].line, pkgs[0].source), (Some(4), Source::Path));
        assert!(lock("").unwrap().is_empty());
        assert!(lock("# just a comment\nversion = 3\n").unwrap().is_empty());
    }

    #[test]
    fn lock_errors_are_one_line_with_a_line_number() {
        let cases = [
            ("version = 3\npackage = \"serde\"\n", "line 2: "),
            ("[[package]]\nname = \"a\"\nversion = 1\n", "line 3: "),
            ("[[package]]\nname = \"a\"\n", "line 1: "),
            (
                "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"svn+x\"\n",
                "line 2: unknown source kind `svn`",
            ),
            (
                "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"nowhere\"\n",
                "line 2: source `nowhere` has no kind",
            ),
            ("this is not toml\n", "line 1: "),
        ];
        for (text, want) in cases {
            let err = lock(text).unwrap_err();
            assert!(err.starts_with(want), "{text:?}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
        assert!(
            lock("[[package]]\nname = \"a\"\n")
                .unwrap_err()
                .contains("version")
        );
    }

    #[test]
    fn manifest_sections_renames_and_sources() {
        let text = r#"[package]
name = "me"
version = "0.1.0"

[dependencies]
serde = { version = "1", features = ["derive"] }
rx = { package = "regex", version = ">=1.5, <2" }
local = { path = "../local", version = "0.2" }
forked = { git = "https://github.com/o/forked", branch = "main" }
inherited = { workspace = true }

[dev-dependencies]
insta = "1.40"

[build-dependencies]
cc = "1"

[target.'cfg(unix)'.dependencies]
libc = "0.2"

[target.'cfg(windows)'.dev-dependencies]
winapi = "0.3"

[workspace.dependencies]
ignored = "1"
"#;
        let pkgs = manifest(text).unwrap();
        let mut got: Vec<_> = pkgs
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
                    p.source,
                    p.dev,
                    p.line,
                    p.location.as_deref(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                (
                    "cc",
                    Some("1"),
                    Source::Registry,
                    Some(false),
                    Some(16),
                    None
                ),
                (
                    "forked",
                    None,
                    Source::Git,
                    Some(false),
                    Some(9),
                    Some("https://github.com/o/forked")
                ),
                (
                    "inherited",
                    None,
                    Source::Registry,
                    Some(false),
                    Some(10),
                    None
                ),
                (
                    "insta",
                    Some("1.40"),
                    Source::Registry,
                    Some(true),
                    Some(13),
                    None
                ),
                (
                    "libc",
                    Some("0.2"),
                    Source::Registry,
                    Some(false),
                    Some(19),
                    None
                ),
                (
                    "local",
                    Some("0.2"),
                    Source::Path,
                    Some(false),
                    Some(8),
                    Some("../local")
                ),
                (
                    "regex",
                    Some(">=1.5, <2"),
                    Source::Registry,
                    Some(false),
                    Some(7),
                    None
                ),
                (
                    "serde",
                    Some("1"),
                    Source::Registry,
                    Some(false),
                    Some(6),
                    None
                ),
                (
                    "winapi",
                    Some("0.3"),
                    Source::Registry,
                    Some(true),
                    Some(22),
                    None
                ),
            ]
        );
    }

    #[test]
    fn manifest_underscore_aliases_and_dotted_keys() {
        let text =
            "[dev_dependencies]\na = \"1\"\n[dependencies]\nb.version = \"2\"\nb.optional = true\n";
        let pkgs = manifest(text).unwrap();
        let got: Vec<_> = pkgs
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref(), p.dev))
            .collect();
        assert_eq!(
            got,
            [("b", Some("2"), Some(false)), ("a", Some("1"), Some(true))]
        );
    }

    #[test]
    fn manifest_type_errors_name_the_line() {
        let cases = [
            (
                "[dependencies]\nregex = { git = { k = \"v\" } }\n",
                "line 2: ",
            ),
            ("[dependencies]\nregex = 1\n", "line 2: "),
            ("[dependencies]\nregex = { version = 1 }\n", "line 2: "),
            ("dependencies = [\"regex\"]\n", "line 1: "),
        ];
        for (text, want) in cases {
            let err = manifest(text).unwrap_err();
            assert!(err.starts_with(want), "{text:?}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn line_index_matches_line_at() {
        let text = "a\nbb\n\nccc\n";
        let idx = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                idx.line(offset),
                super::super::line_at(text, offset),
                "offset {offset}"
            );
        }
    }
}
