//! Pipfile.lock (spec 6): the packages of `default` (dev false) and
//! `develop` (dev true), and of any custom package category pipenv wrote as
//! another top-level object (dev true: not part of the default install).
//!
//! `version` is `==X` (or `===X`), reported as `X`; git/path/file entries
//! usually have none. Source: `git` (also `hg`, `svn`, `bzr`), `path`,
//! `file` (a URL or a local file). `hashes` are the integrity.

use super::{LineIndex, join_hashes, url_source};
use crate::deps::{Ecosystem, Input, Package, Source, pep503};
use serde_json::{Map, Value};
use std::collections::HashMap;

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let text = input.text;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let root: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let root = root
        .as_object()
        .ok_or("the lockfile must be a JSON object")?;
    let keys = KeyIndex::new(text);
    let mut out = Vec::new();
    for (section, value) in root {
        if section == "_meta" {
            continue;
        }
        let known = matches!(section.as_str(), "default" | "develop");
        let Some(entries) = value.as_object() else {
            if known {
                return Err(format!("`{section}` must be an object of packages"));
            }
            continue; // not a package category
        };
        if !known && !entries.values().all(Value::is_object) {
            continue;
        }
        let dev = section != "default";
        let section_at = keys.first(section, 0).unwrap_or(0);
        for (name, entry) in entries {
            let mut p = package(section, name, entry, dev)?;
            p.line = keys.first(name, section_at).map(|at| keys.lines.line(at));
            out.push(p);
        }
    }
    Ok(out)
}

fn package(section: &str, name: &str, entry: &Value, dev: bool) -> Result<Package, String> {
    let entry = entry
        .as_object()
        .ok_or_else(|| format!("`{section}.{name}` must be an object"))?;
    let version = str_field(entry, "version", section, name)?.map(|v| {
        let pin = v.strip_prefix("===").or_else(|| v.strip_prefix("=="));
        pin.unwrap_or(v).trim().to_string()
    });
    let mut p = Package::new(Ecosystem::PyPI, pep503(name), version);
    p.dev = Some(dev);
    for key in ["git", "hg", "svn", "bzr", "path", "file"] {
        if let Some(location) = str_field(entry, key, section, name)? {
            p.source = match key {
                "path" => Source::Path,
                "file" => url_source(location),
                _ => Source::Git,
            };
            p.location = Some(location.to_string());
            break;
        }
    }
    if let Some(hashes) = entry.get("hashes") {
        let list = hashes
            .as_array()
            .ok_or_else(|| format!("`{section}.{name}.hashes` must be an array"))?;
        let hashes = list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        p.integrity = join_hashes(hashes);
    }
    Ok(p)
}

fn str_field<'a>(
    entry: &'a Map<String, Value>,
    key: &str,
    section: &str,
    name: &str,
) -> Result<Option<&'a str>, String> {
    match entry.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("`{section}.{name}.{key}` must be a string")),
    }
}

/// Where each object key (`"name": {`) starts, found in one pass over the
/// text, so an entry's line is a lookup rather than a search.
struct KeyIndex<'t> {
    at: HashMap<&'t str, Vec<usize>>,
    lines: LineIndex,
}

impl<'t> KeyIndex<'t> {
    fn new(text: &'t str) -> KeyIndex<'t> {
        let bytes = text.as_bytes();
        let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut i = 0;
        while let Some(start) = memchr::memchr(b'"', bytes.get(i..).unwrap_or(&[])).map(|o| o + i) {
            let end = string_end(bytes, start + 1);
            i = end + 1;
            let colon = skip_space(bytes, i);
            if bytes.get(colon) == Some(&b':')
                && bytes.get(skip_space(bytes, colon + 1)) == Some(&b'{')
            {
                at.entry(text.get(start + 1..end).unwrap_or(""))
                    .or_default()
                    .push(start);
            }
        }
        KeyIndex {
            at,
            lines: LineIndex::new(text),
        }
    }

    /// The first `"key": {` at or after byte `from`.
    fn first(&self, key: &str, from: usize) -> Option<usize> {
        self.at.get(key)?.iter().copied().find(|&o| o >= from)
    }
}

/// Index of the closing quote of a JSON string whose content starts at `i`.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index of the first non-whitespace byte at or after `from`.
fn skip_space(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or(&[]);
    from + rest.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "Pipfile.lock",
            text,
            include: &include,
        })
    }

    #[test]
    fn lines_hashes_sources() {
        let text = r#"{
    "_meta": {"sources": [{"name": "pypi", "url": "https://pypi.org/simple"}]},
    "default": {
        "MarkupSafe": {"hashes": ["sha256:aa", "sha256:bb"], "version": "==2.1.1"},
        "itsdangerous": {"editable": true, "git": "https://github.com/pallets/itsdangerous", "ref": "de09"}
    },
    "develop": {
        "markupsafe": {"hashes": ["sha256:cc"], "version": "==2.1.0"},
        "local": {"path": "./local"}
    },
    "docs": {
        "sphinx": {"version": "===7.0"}
    }
}"#;
        let mut all = run(text).unwrap();
        all.sort_by_key(|p| p.line);
        let got: Vec<_> = all
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
                    p.source,
                    p.dev,
                    p.line,
                    p.integrity.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "markupsafe",
                    Some("2.1.1"),
                    Source::Registry,
                    Some(false),
                    Some(4),
                    Some("sha256:aa sha256:bb")
                ),
                (
                    "itsdangerous",
                    None,
                    Source::Git,
                    Some(false),
                    Some(5),
                    None
                ),
                (
                    "markupsafe",
                    Some("2.1.0"),
                    Source::Registry,
                    Some(true),
                    Some(8),
                    Some("sha256:cc")
                ),
                ("local", None, Source::Path, Some(true), Some(9), None),
                (
                    "sphinx",
                    Some("7.0"),
                    Source::Registry,
                    Some(true),
                    Some(12),
                    None
                ),
            ]
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            run(r#"{"_meta": {}, "default": [{"requests": "==2.31.0"}], "develop": {}}"#)
                .unwrap_err(),
            "`default` must be an object of packages"
        );
        assert_eq!(
            run(r#"{"default": {"a": "==1"}}"#).unwrap_err(),
            "`default.a` must be an object"
        );
        assert_eq!(
            run("this is not json!").unwrap_err(),
            "expected ident at line 1 column 2"
        );
        assert!(run("").unwrap().is_empty());
    }
}
