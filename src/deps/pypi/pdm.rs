//! pdm.lock: every `[[package]]`.
//!
//! `dev` is true when the package's `groups` leave out `default` (dev groups
//! and optional-dependency groups alike), `None` in old lockfiles without
//! `groups`. Direct references are keys of the package: `git` (also `hg`,
//! `svn`, `bzr`), `path`, `url`. Hashes come from `files`, or from
//! `[metadata.files]` keyed `"name version"` in old lockfiles.

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
    old_hashes(&metadata, &mut out)?;
    Ok(out)
}

#[derive(serde::Deserialize)]
struct GraphPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

/// The name a PEP 508 requirement (`name[extra] >=1; marker`) starts with.
fn requirement_name(requirement: &str) -> &str {
    let requirement = requirement.trim_start();
    let end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(requirement.len());
    &requirement[..end]
}

/// The edges of a pdm.lock: the requirement names of each package's
/// `dependencies` (resolved by name). pdm.lock does not say what the project
/// requires: the roots are what nothing depends on.
pub fn graph(text: &str) -> Result<Graph, String> {
    let packages: Vec<GraphPackage> = super::package_tables(text)?;
    let edges = packages
        .into_iter()
        .map(|p| {
            let mut deps: Vec<Node> = p
                .dependencies
                .iter()
                .map(|d| requirement_name(d))
                .filter(|d| !d.is_empty())
                .map(|d| Node::new(pep503(d), None))
                .collect();
            deps.sort();
            deps.dedup();
            (Node::new(pep503(&p.name), p.version), deps)
        })
        .collect();
    Ok(Graph { roots: None, edges })
}

fn package(doc: &Doc, entry: &Value) -> Result<Package, String> {
    let name = doc.name(entry)?;
    let table = doc.as_table(entry, "package")?;
    let version = doc.str_field(table, "version")?.map(str::to_string);
    let mut p = Package::new(Ecosystem::PyPI, pep503(doc.as_str(name, "name")?), version);
    p.line = Some(doc.line_of(name));
    if let Some(groups) = doc.array_field(table, "groups")? {
        let default = groups
            .iter()
            .any(|g| g.get_ref().as_str() == Some("default"));
        p.dev = Some(!default);
    }
    for (key, kind) in [
        ("git", Source::Git),
        ("hg", Source::Git),
        ("svn", Source::Git),
        ("bzr", Source::Git),
        ("path", Source::Path),
        ("url", Source::Url),
    ] {
        if let Some(location) = doc.str_field(table, key)? {
            p.source = kind;
            p.location = Some(location.to_string());
            break;
        }
    }
    if let Some(files) = doc.array_field(table, "files")? {
        p.integrity = join_hashes(file_hashes(files));
    }
    Ok(p)
}

/// Old lockfiles keep hashes in `[metadata.files]` (in any of `blocks`),
/// keyed `"name version"`.
fn old_hashes(blocks: &[Doc], out: &mut [Package]) -> Result<(), String> {
    let mut by_package: HashMap<(String, String), &DeArray> = HashMap::new();
    for doc in blocks {
        let Some(metadata) = doc.table_field(&doc.root, "metadata")? else {
            continue;
        };
        if let Some(files) = doc.table_field(metadata, "files")? {
            index_files(files, &mut by_package);
        }
    }
    for p in out.iter_mut().filter(|p| p.integrity.is_none()) {
        let key = (p.name.clone(), p.version.clone().unwrap_or_default());
        p.integrity = by_package
            .get(&key)
            .and_then(|list| join_hashes(file_hashes(list)));
    }
    Ok(())
}

fn index_files<'a, 'i>(
    files: &'a DeTable<'i>,
    by_package: &mut HashMap<(String, String), &'a DeArray<'i>>,
) {
    for (key, list) in files {
        if let (Some((name, version)), Some(list)) =
            (key.get_ref().split_once(' '), list.get_ref().as_array())
        {
            by_package.insert((pep503(name), version.trim().to_string()), list);
        }
    }
}

fn file_hashes(files: &DeArray) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| f.get_ref().as_table()?.get("hash")?.get_ref().as_str())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "pdm.lock",
            text,
            include: &include,
        })
    }

    #[test]
    fn groups_sources_and_hashes() {
        let text = r#"[metadata]
groups = ["default", "dev"]

[[package]]
name = "toml"
version = "0.10.2"
git = "https://github.com/uiri/toml.git"
revision = "65bab75"
groups = ["default", "dev"]

[[package]]
name = "Win_Inet_Pton"
version = "1.1.0"
groups = ["dev"]
files = [
    {file = "win_inet_pton-1.1.0.tar.gz", hash = "sha256:dd"},
]

[[package]]
name = "old"
version = "1"

[metadata.files]
"old 1" = [{url = "https://x/old-1.tar.gz", hash = "sha256:01"}]
"#;
        let all = run(text).unwrap();
        let got: Vec<_> = all
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.dev,
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
                (
                    "toml",
                    Some(false),
                    Source::Git,
                    Some(5),
                    None,
                    Some("https://github.com/uiri/toml.git")
                ),
                (
                    "win-inet-pton",
                    Some(true),
                    Source::Registry,
                    Some(12),
                    Some("sha256:dd"),
                    None
                ),
                (
                    "old",
                    None,
                    Source::Registry,
                    Some(20),
                    Some("sha256:01"),
                    None
                ),
            ]
        );
    }
}
