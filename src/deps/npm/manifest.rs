//! package.json: the direct dependencies a project declares.
//!
//! `dependencies` and `optionalDependencies` are runtime (dev false),
//! `devDependencies` dev; `peerDependencies` are the host's to install.
//! The version is the requirement as written; git, tarball and directory
//! specs have none (the spec goes to `location`).

use super::{PATH_SEP, json_error, json_key_lines, npm_package, source_of, unalias};
use crate::deps::{Input, Package, Source};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Deserialize)]
#[serde(expecting = "a package.json object")]
struct Manifest {
    dependencies: Option<BTreeMap<String, String>>,
    #[serde(rename = "optionalDependencies")]
    optional_dependencies: Option<BTreeMap<String, String>>,
    #[serde(rename = "devDependencies")]
    dev_dependencies: Option<BTreeMap<String, String>>,
}

const SECTIONS: [&str; 3] = ["dependencies", "optionalDependencies", "devDependencies"];

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let manifest: Manifest = serde_json::from_str(input.text).map_err(|e| json_error(&e))?;
    let lines = json_key_lines(input.text, |path| {
        path.len() == 1 && path.first().is_some_and(|k| SECTIONS.contains(k))
    });
    let sections = [
        ("dependencies", &manifest.dependencies, false),
        (
            "optionalDependencies",
            &manifest.optional_dependencies,
            false,
        ),
        ("devDependencies", &manifest.dev_dependencies, true),
    ];
    // npm installs a name listed both as a runtime and a dev dependency once,
    // as the runtime one.
    let runtime: HashSet<&str> = sections
        .iter()
        .filter(|(_, _, dev)| !dev)
        .flat_map(|(_, deps, _)| deps.iter().flatten().map(|(k, _)| k.as_str()))
        .collect();
    let mut out = Vec::new();
    for (section, deps, dev) in sections {
        for (key, spec) in deps.iter().flatten() {
            if dev && runtime.contains(key.as_str()) {
                continue;
            }
            let mut p = package(key, spec);
            p.dev = Some(dev);
            p.line = lines.get(&format!("{section}{PATH_SEP}{key}")).copied();
            out.push(p);
        }
    }
    Ok(out)
}

fn package(key: &str, spec: &str) -> Package {
    let (name, range) = unalias(key, spec.trim());
    let source = source_of(range);
    if source != Source::Registry {
        let mut p = npm_package(name, None, source);
        p.location = Some(range.to_string());
        return p;
    }
    let version = (!range.is_empty()).then(|| range.to_string());
    npm_package(name, version, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "package.json",
            text,
            include: &include,
        })
    }

    #[test]
    fn sections_aliases_and_lines() {
        let text = r#"{
  "name": "me",
  "dependencies": {
    "a": "^1.0.0",
    "cjs": "npm:string-width@^4",
    "g": "github:o/g#main"
  },
  "devDependencies": {"a": "^2.0.0", "t": "~5.0.0"},
  "peerDependencies": {"p": "*"}
}"#;
        let mut got = parse_text(text).unwrap();
        got.sort_by(|x, y| x.name.cmp(&y.name));
        let names: Vec<_> = got.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "g", "string-width", "t"]);
        assert_eq!(
            (got[0].version.as_deref(), got[0].dev),
            (Some("^1.0.0"), Some(false))
        );
        assert_eq!(got[0].line, Some(4));
        assert_eq!(
            (got[1].source, got[1].version.as_deref()),
            (Source::Git, None)
        );
        assert_eq!(got[1].location.as_deref(), Some("github:o/g#main"));
        assert_eq!(got[2].version.as_deref(), Some("^4"));
        assert_eq!((got[3].dev, got[3].line), (Some(true), Some(8)));
    }

    #[test]
    fn non_string_specs_fail() {
        let err = parse_text("{\"dependencies\": {\"a\": 1}}").unwrap_err();
        assert!(err.starts_with("line 1, column "), "{err}");
    }
}
