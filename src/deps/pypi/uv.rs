//! uv.lock: every `[[package]]` except the project itself
//! (`source = { virtual = "." }` or `{ editable = "." }`).
//!
//! `source` is an inline table with one key: `registry` (an index URL or a
//! local index directory), `git` (URL with `#commit`), `url`, or `path`,
//! `directory`, `editable`, `virtual` (local). uv records no development flag
//! per package, so `dev` is `None`. Hashes: the `sdist` and `wheels` hashes.

use super::{Doc, Toml, Value, join_hashes};
use crate::deps::graph::{Graph, Node};
use crate::deps::{Ecosystem, Input, Package, Source, pep503};
use toml::de::DeTable;

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let mut out = Vec::new();
    Toml::new(input.text).blocks("package", |doc| {
        for entry in doc.tables(&doc.root, "package")? {
            out.extend(package(&doc, entry)?);
        }
        Ok(())
    })?;
    Ok(out)
}

fn package(doc: &Doc, entry: &Value) -> Result<Option<Package>, String> {
    let name = doc.name(entry)?;
    let table = doc.as_table(entry, "package")?;
    let version = doc.str_field(table, "version")?.map(str::to_string);
    let mut p = Package::new(Ecosystem::PyPI, pep503(doc.as_str(name, "name")?), version);
    p.line = Some(doc.line_of(name));
    if let Some(source) = doc.table_field(table, "source")? {
        let Some((kind, location)) = source_kind(doc, source)? else {
            return Ok(None);
        };
        p.source = kind;
        p.location = location;
    }
    p.integrity = join_hashes(hashes(doc, table)?);
    Ok(Some(p))
}

/// The source of a package and its location; `None` for the project itself.
fn source_kind(doc: &Doc, source: &DeTable) -> Result<Option<(Source, Option<String>)>, String> {
    for (key, kind) in [
        ("registry", Source::Registry),
        ("git", Source::Git),
        ("url", Source::Url),
        ("path", Source::Path),
        ("directory", Source::Path),
        ("editable", Source::Path),
        ("virtual", Source::Path),
    ] {
        let Some(value) = doc.str_field(source, key)? else {
            continue;
        };
        let root = matches!(key, "virtual" | "editable") && value == ".";
        if root {
            return Ok(None);
        }
        let location = (kind != Source::Registry).then(|| value.to_string());
        return Ok(Some((kind, location)));
    }
    Ok(Some((Source::Registry, None)))
}

/// `hash` of the `sdist` and of each of the `wheels`.
fn hashes(doc: &Doc, table: &DeTable) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    if let Some(sdist) = doc.table_field(table, "sdist")? {
        out.extend(doc.str_field(sdist, "hash")?.map(str::to_string));
    }
    if let Some(wheels) = doc.array_field(table, "wheels")? {
        for wheel in wheels.iter() {
            let wheel = doc.as_table(wheel, "wheels")?;
            out.extend(doc.str_field(wheel, "hash")?.map(str::to_string));
        }
    }
    Ok(out)
}

#[derive(serde::Deserialize)]
struct GraphPackage {
    name: String,
    version: Option<String>,
    source: Option<std::collections::BTreeMap<String, toml::Value>>,
    #[serde(default)]
    dependencies: Vec<GraphDep>,
    #[serde(default, rename = "optional-dependencies")]
    optional: std::collections::BTreeMap<String, Vec<GraphDep>>,
    #[serde(default, rename = "dev-dependencies")]
    dev: std::collections::BTreeMap<String, Vec<GraphDep>>,
}

/// `{ name = "x" }`, with `version` when the lockfile holds several versions of `x`.
#[derive(serde::Deserialize)]
struct GraphDep {
    name: String,
    version: Option<String>,
}

/// The edges of a uv.lock: `dependencies`, `optional-dependencies` and
/// `dev-dependencies` of each package; the project's own (`virtual` or
/// `editable` `"."`) are the roots.
pub fn graph(text: &str) -> Result<Graph, String> {
    let packages: Vec<GraphPackage> = super::package_tables(text)?;
    let mut roots: Option<Vec<Node>> = None;
    let mut edges = Vec::with_capacity(packages.len());
    for p in packages {
        let deps: Vec<Node> = p
            .dependencies
            .iter()
            .chain(p.optional.values().flatten())
            .chain(p.dev.values().flatten())
            .map(|d| Node::new(pep503(&d.name), d.version.clone()))
            .collect();
        let is_root = p.source.as_ref().is_some_and(|s| {
            ["virtual", "editable"]
                .iter()
                .any(|k| s.get(*k).and_then(toml::Value::as_str) == Some("."))
        });
        if is_root {
            roots.get_or_insert_default().extend(deps);
        } else {
            edges.push((Node::new(pep503(&p.name), p.version), deps));
        }
    }
    Ok(Graph { roots, edges })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "uv.lock",
            text,
            include: &include,
        })
    }

    #[test]
    fn sources_lines_and_hashes() {
        let text = r#"version = 1

[[package]]
name = "emoji"
version = "2.14.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://x/emoji-2.14.0.tar.gz", hash = "sha256:aa", size = 1 }
wheels = [
    { url = "https://x/emoji-2.14.0-py3-none-any.whl", hash = "sha256:bb", size = 2 },
]

[[package]]
name = "ruff"
version = "0.8.1"
source = { git = "https://github.com/astral-sh/ruff#84748be" }

[[package]]
name = "member"
source = { editable = "packages/member" }

[[package]]
name = "project"
version = "0.1.0"
source = { virtual = "." }
"#;
        let all = run(text).unwrap();
        let got: Vec<_> = all
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
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
                    "emoji",
                    Some("2.14.0"),
                    Source::Registry,
                    Some(4),
                    Some("sha256:aa sha256:bb"),
                    None
                ),
                (
                    "ruff",
                    Some("0.8.1"),
                    Source::Git,
                    Some(13),
                    None,
                    Some("https://github.com/astral-sh/ruff#84748be")
                ),
                (
                    "member",
                    None,
                    Source::Path,
                    Some(18),
                    None,
                    Some("packages/member")
                ),
            ]
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            run("[[package]]\nname = \"a\"\nsource = { git = 1 }\n").unwrap_err(),
            "line 3: `git` must be a string, not integer"
        );
        assert!(run("[[package]]\nname = \"a\"\nwheels = [\n").is_err());
    }
}
