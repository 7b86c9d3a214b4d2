//! poetry.lock, 1.x and 2.x: every `[[package]]`.
//!
//! `dev` comes from 1.x's `category` (`dev` or `main`); 2.x records `groups`
//! instead, which do not say whether a group is for development, so `dev` is
//! `None` there. `[package.source]` `type` decides the source: `git`, `directory`
//! and `file` (path), `url`; `legacy` and other indexes are registries.
//! Hashes come from the package's `files` (lock 2.0), else `[metadata.files]`
//! (lock 1.1) or `[metadata.hashes]` (lock 1.0).

use super::{Doc, Toml, Value, join_hashes};
use crate::deps::graph::{Graph, Node};
use crate::deps::{Ecosystem, Input, Package, Source, pep503};
use std::collections::HashMap;
use toml::de::{DeArray, DeTable};

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let toml = Toml::new(input.text);
    let mut out = Vec::new();
    let mut metadata = Vec::new();
    toml.blocks("package", |doc| {
        for entry in doc.tables(&doc.root, "package")? {
            out.push(package(&doc, entry)?);
        }
        if doc.root.contains_key("metadata") {
            metadata.push(doc);
        }
        Ok(())
    })?;
    metadata_hashes(&metadata, &mut out)?;
    Ok(out)
}

/// Fill in hashes from `[metadata]` (in any of `blocks`) for packages without
/// `files` (1.x lockfiles).
fn metadata_hashes(blocks: &[Doc], out: &mut [Package]) -> Result<(), String> {
    let mut files = MetadataFiles::default();
    for doc in blocks {
        if let Some(metadata) = doc.table_field(&doc.root, "metadata")? {
            files.read(doc, metadata)?;
        }
    }
    if files.files.is_empty() {
        return Ok(());
    }
    let mut versions: HashMap<String, usize> = HashMap::new();
    for p in out.iter() {
        *versions.entry(p.name.clone()).or_default() += 1;
    }
    for p in out.iter_mut().filter(|p| p.integrity.is_none()) {
        let shared = versions.get(&p.name).copied().unwrap_or(0) > 1;
        p.integrity = files.hashes(&p.name, p.version.as_deref(), shared);
    }
    Ok(())
}

fn package(doc: &Doc, entry: &Value) -> Result<Package, String> {
    let name = doc.name(entry)?;
    let table = doc.as_table(entry, "package")?;
    let version = doc.str_field(table, "version")?.map(str::to_string);
    let mut p = Package::new(Ecosystem::PyPI, pep503(doc.as_str(name, "name")?), version);
    p.line = Some(doc.line_of(name));
    p.dev = match doc.str_field(table, "category")? {
        Some("dev") => Some(true),
        Some(_) => Some(false),
        None => None,
    };
    if let Some(source) = doc.table_field(table, "source")? {
        let url = doc.str_field(source, "url")?;
        p.source = match doc.str_field(source, "type")? {
            Some("git") => Source::Git,
            Some("directory" | "file") => Source::Path,
            Some("url") => Source::Url,
            _ => Source::Registry,
        };
        if p.source != Source::Registry {
            p.location = url.map(str::to_string);
        }
    }
    if let Some(files) = doc.array_field(table, "files")? {
        p.integrity = join_hashes(file_hashes(files, None));
    }
    Ok(p)
}

/// `hash` of each `{file, hash}` in `files`; with `version`, only the files
/// whose name carries it (a 1.1 lockfile lists every version's files together).
fn file_hashes(files: &DeArray, version: Option<&str>) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| f.get_ref().as_table())
        .filter(|f| version.is_none_or(|v| file_has_version(f, v)))
        .filter_map(|f| f.get("hash")?.get_ref().as_str().map(str::to_string))
        .collect()
}

fn file_has_version(file: &DeTable, version: &str) -> bool {
    let name = file
        .get("file")
        .and_then(|f| f.get_ref().as_str())
        .unwrap_or("");
    name.contains(&format!("-{version}-")) || name.contains(&format!("-{version}."))
}

/// The hashes a 1.x lockfile keeps apart from its packages, by normalised name.
#[derive(Default)]
struct MetadataFiles<'a, 'i> {
    files: HashMap<String, &'a DeArray<'i>>,
}

impl<'a, 'i> MetadataFiles<'a, 'i> {
    fn read(&mut self, doc: &Doc<'_, 'i>, metadata: &'a DeTable<'i>) -> Result<(), String> {
        for key in ["hashes", "files"] {
            let Some(table) = doc.table_field(metadata, key)? else {
                continue;
            };
            for (name, value) in table {
                if let Some(list) = value.get_ref().as_array() {
                    self.files.insert(pep503(name.get_ref()), list);
                }
            }
        }
        Ok(())
    }

    /// `shared`: the name is locked at several versions, so keep only this one's files.
    fn hashes(&self, name: &str, version: Option<&str>, shared: bool) -> Option<String> {
        let list = self.files.get(name)?;
        // 1.0's `[metadata.hashes]` is a plain list of hashes.
        let plain: Vec<String> = list
            .iter()
            .filter_map(|h| h.get_ref().as_str().map(str::to_string))
            .collect();
        if !plain.is_empty() {
            return join_hashes(plain);
        }
        join_hashes(file_hashes(list, version.filter(|_| shared)))
    }
}

#[derive(serde::Deserialize)]
struct GraphPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    dependencies: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// The edges of a poetry.lock: the names under each `[package.dependencies]`
/// (requirements, not versions: resolved by name). poetry.lock does not say
/// what the project requires, so the roots are what nothing depends on.
pub fn graph(text: &str) -> Result<Graph, String> {
    let packages: Vec<GraphPackage> = super::package_tables(text)?;
    let edges = packages
        .into_iter()
        .map(|p| {
            let deps = p
                .dependencies
                .keys()
                .map(|d| Node::new(pep503(d), None))
                .collect();
            (Node::new(pep503(&p.name), p.version), deps)
        })
        .collect();
    Ok(Graph { roots: None, edges })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "poetry.lock",
            text,
            include: &include,
        })
    }

    #[test]
    fn lines_hashes_and_sources() {
        let text = r#"
[[package]]
name = "Proto.Plus"
version = "1.22.0"
category = "dev"

[package.source]
type = "git"
url = "https://github.com/x/proto-plus"
reference = "main"

[[package]]
name = "proto-plus"
version = "1.23.0"
category = "main"

[[package]]
name = "six"
version = "1.0"
files = [{file = "six-1.0.tar.gz", hash = "sha256:aa"}, {file = "six-1.0-py3-none-any.whl", hash = "sha256:bb"}]

[metadata]
lock-version = "1.1"

[metadata.files]
proto-plus = [
    {file = "proto-plus-1.22.0.tar.gz", hash = "sha256:22"},
    {file = "proto_plus-1.23.0-py3-none-any.whl", hash = "sha256:23"},
]
"#;
        let all = run(text).unwrap();
        let got: Vec<_> = all
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.line,
                    p.dev,
                    p.source,
                    p.integrity.as_deref(),
                    p.location.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "proto-plus",
                    Some(3),
                    Some(true),
                    Source::Git,
                    Some("sha256:22"),
                    Some("https://github.com/x/proto-plus")
                ),
                (
                    "proto-plus",
                    Some(13),
                    Some(false),
                    Source::Registry,
                    Some("sha256:23"),
                    None
                ),
                (
                    "six",
                    Some(18),
                    None,
                    Source::Registry,
                    Some("sha256:aa sha256:bb"),
                    None
                ),
            ]
        );
    }

    #[test]
    fn lock_1_0_hashes_and_errors() {
        let all = run(
            "[[package]]\nname = \"a\"\nversion = \"1\"\n[metadata.hashes]\na = [\"h1\", \"h2\"]\n",
        )
        .unwrap();
        assert_eq!(all[0].integrity.as_deref(), Some("h1 h2"));
        assert_eq!(
            run("package = {name = \"a\"}\n").unwrap_err(),
            "line 1: `package` must be an array of tables"
        );
        assert_eq!(
            run("[[package]]\nversion = \"1\"\n").unwrap_err(),
            "line 1: package has no `name`"
        );
        assert_eq!(
            run("[[package]]\nname = 3\n").unwrap_err(),
            "line 2: `name` must be a string, not integer"
        );
        assert!(run("").unwrap().is_empty());
    }
}
