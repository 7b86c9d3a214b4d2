//! package-lock.json and npm-shrinkwrap.json (lockfile versions 1, 2 and 3).
//!
//! v2 and v3 list every installed package under `packages`, keyed by its
//! install path; v1 (and a v2 file that only kept it) nests `dependencies`.

use super::{PATH_SEP, json_error, json_key_lines, npm_package, source_of, unalias};
use crate::deps::{Input, Package, Source};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(expecting = "a package-lock object")]
struct PackageLock {
    packages: Option<HashMap<String, Entry>>,
    dependencies: Option<HashMap<String, LegacyEntry>>,
}

/// An entry of `packages` (v2, v3).
#[derive(Deserialize)]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    dev: Option<bool>,
    link: Option<bool>,
}

/// An entry of the v1 `dependencies` tree.
#[derive(Deserialize)]
struct LegacyEntry {
    version: Option<String>,
    integrity: Option<String>,
    dev: Option<bool>,
    dependencies: Option<HashMap<String, LegacyEntry>>,
}

const NODE_MODULES: &str = "node_modules/";

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let lock: PackageLock = serde_json::from_str(input.text).map_err(|e| json_error(&e))?;
    if let Some(packages) = &lock.packages {
        let lines = json_key_lines(input.text, |path| path == ["packages"]);
        let mut out = Vec::with_capacity(packages.len());
        for (key, entry) in packages {
            if let Some(mut p) = from_entry(key, entry) {
                p.line = lines.get(&format!("packages{PATH_SEP}{key}")).copied();
                out.push(p);
            }
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    if let Some(deps) = &lock.dependencies {
        let lines = json_key_lines(input.text, is_legacy_tree);
        walk_legacy(deps, "dependencies", &lines, &mut out);
    }
    Ok(out)
}

/// A `packages` entry; `None` for the project itself and for links (their
/// target has its own entry).
fn from_entry(key: &str, entry: &Entry) -> Option<Package> {
    if key.is_empty() || entry.link == Some(true) {
        return None;
    }
    let installed = key
        .rfind(NODE_MODULES)
        .map(|i| &key[i + NODE_MODULES.len()..]);
    let name = entry
        .name
        .as_deref()
        .or(installed)
        .unwrap_or_else(|| key.rsplit('/').next().unwrap_or(key));
    let source = match (installed, entry.resolved.as_deref()) {
        // Outside node_modules: a workspace member or a local directory.
        (None, _) => Source::Path,
        (Some(_), Some(resolved)) => source_of(resolved),
        (Some(_), None) => Source::Registry,
    };
    let mut p = npm_package(name, entry.version.clone(), source);
    p.dev = Some(entry.dev == Some(true));
    p.integrity = entry.integrity.clone();
    if source != Source::Registry {
        p.location = entry.resolved.clone().or_else(|| Some(key.to_string()));
    }
    Some(p)
}

/// The v1 tree: keys of `dependencies` objects nested in entries of others.
fn is_legacy_tree(path: &[&str]) -> bool {
    path.len() % 2 == 1 && path.iter().step_by(2).all(|k| *k == "dependencies")
}

fn walk_legacy(
    deps: &HashMap<String, LegacyEntry>,
    path: &str,
    lines: &HashMap<String, u32>,
    out: &mut Vec<Package>,
) {
    for (key, entry) in deps {
        let here = format!("{path}{PATH_SEP}{key}");
        let mut p = from_legacy(key, entry);
        p.line = lines.get(&here).copied();
        out.push(p);
        if let Some(nested) = &entry.dependencies {
            walk_legacy(nested, &format!("{here}{PATH_SEP}dependencies"), lines, out);
        }
    }
}

/// In v1 `version` is the version, an `npm:` alias, or the spec of a git,
/// tarball or directory dependency (which then has no version); `resolved`
/// adds nothing to it.
fn from_legacy(key: &str, entry: &LegacyEntry) -> Package {
    let written = entry.version.as_deref().unwrap_or("");
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
    p.integrity = entry.integrity.clone();
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
}
