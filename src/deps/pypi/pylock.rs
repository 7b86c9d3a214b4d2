//! pylock.toml (PEP 751), as pip, pdm and uv write it: every `[[packages]]`
//! except the project itself (`directory = { path = "." }`).
//!
//! The source is the package's one source table: `vcs` (git, whatever the
//! VCS), `directory` (path), `archive` (url, or path when it has only a
//! `path`); otherwise `index`/`sdist`/`wheels` mean a registry. `version` is
//! optional in the format and `None` when absent. pylock has no development
//! flag per package (groups live in markers), so `dev` is `None`.

use super::{Doc, Toml, Value, hash_table, join_hashes};
use crate::deps::{Ecosystem, Input, Package, Source, pep503};
use toml::de::DeTable;

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let mut out = Vec::new();
    Toml::new(input.text).blocks("packages", |doc| {
        for entry in doc.tables(&doc.root, "packages")? {
            out.extend(package(&doc, entry)?);
        }
        Ok(())
    })?;
    Ok(out)
}

fn package(doc: &Doc, entry: &Value) -> Result<Option<Package>, String> {
    let name = doc.name(entry)?;
    let table = doc.as_table(entry, "packages")?;
    let version = doc.str_field(table, "version")?.map(str::to_string);
    let mut p = Package::new(Ecosystem::PyPI, pep503(doc.as_str(name, "name")?), version);
    p.line = Some(doc.line_of(name));
    if let Some(vcs) = doc.table_field(table, "vcs")? {
        p.source = Source::Git;
        p.location = location(doc, vcs, &["url", "path"])?;
    } else if let Some(dir) = doc.table_field(table, "directory")? {
        let path = doc.str_field(dir, "path")?;
        if path.is_some_and(is_project_root) {
            return Ok(None);
        }
        p.source = Source::Path;
        p.location = path.map(str::to_string);
    } else if let Some(archive) = doc.table_field(table, "archive")? {
        let url = doc.str_field(archive, "url")?;
        p.source = if url.is_some() {
            Source::Url
        } else {
            Source::Path
        };
        p.location = location(doc, archive, &["url", "path"])?;
    }
    p.integrity = join_hashes(hashes(doc, table)?);
    Ok(Some(p))
}

fn is_project_root(path: &str) -> bool {
    matches!(path.trim_end_matches(['/', '\\']), "." | "")
}

/// The first of `keys` present in `table`.
fn location(doc: &Doc, table: &DeTable, keys: &[&str]) -> Result<Option<String>, String> {
    for key in keys {
        if let Some(value) = doc.str_field(table, key)? {
            return Ok(Some(value.to_string()));
        }
    }
    Ok(None)
}

/// `algo:value` from the `hashes` of the archive, the sdist and every wheel.
fn hashes(doc: &Doc, table: &DeTable) -> Result<Vec<String>, String> {
    let mut files: Vec<&DeTable> = Vec::new();
    for key in ["archive", "sdist"] {
        files.extend(doc.table_field(table, key)?);
    }
    if let Some(wheels) = doc.array_field(table, "wheels")? {
        for wheel in wheels.iter() {
            files.push(doc.as_table(wheel, "wheels")?);
        }
    }
    let mut out = Vec::new();
    for file in files {
        if let Some(hashes) = doc.table_field(file, "hashes")? {
            out.extend(hash_table(hashes));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "pylock.toml",
            text,
            include: &include,
        })
    }

    #[test]
    fn sources_lines_and_hashes() {
        let text = r#"lock-version = "1.0"
created-by = "pip"

[[packages]]
name = "annotated-types"
version = "0.7.0"

[[packages.wheels]]
name = "annotated_types-0.7.0-py3-none-any.whl"
url = "https://x/annotated_types-0.7.0-py3-none-any.whl"

[packages.wheels.hashes]
sha256 = "1f02"

[[packages]]
name = "mleroc"
version = "0.1.0"
vcs = { type = "git", url = "https://github.com/Veggente/mleroc.git", commit-id = "7350" }

[[packages]]
name = "local"
archive = { path = "dist/local-1.0.tar.gz", hashes = { sha256 = "aa" } }

[[packages]]
name = "self"
directory = { path = ".", editable = true }
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
                    "annotated-types",
                    Some("0.7.0"),
                    Source::Registry,
                    Some(5),
                    Some("sha256:1f02"),
                    None
                ),
                (
                    "mleroc",
                    Some("0.1.0"),
                    Source::Git,
                    Some(16),
                    None,
                    Some("https://github.com/Veggente/mleroc.git")
                ),
                (
                    "local",
                    None,
                    Source::Path,
                    Some(21),
                    Some("sha256:aa"),
                    Some("dist/local-1.0.tar.gz")
                ),
            ]
        );
    }

    #[test]
    fn packages_must_be_an_array_of_tables() {
        let err = run("lock-version = \"1.0\"\n[packages]\nname = \"requests\"\n").unwrap_err();
        assert_eq!(err, "line 2: `packages` must be an array of tables");
    }
}
