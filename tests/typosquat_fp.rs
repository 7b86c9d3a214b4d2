//! Typosquat false alarms on real lockfiles: every package of every lockfile
//! fixture is a real, legitimate package, so (almost) none may be flagged.

mod common;

use serde_json::Value;
use ward::deps::{Ecosystem, typosquat};

#[test]
fn real_lockfile_packages_are_rarely_flagged() {
    let root = common::shared("fixtures/lockfiles");
    let mut names = std::collections::BTreeSet::new();
    for eco in ["npm", "pypi", "crates.io"] {
        for case in std::fs::read_dir(root.join(eco)).unwrap().flatten() {
            let Ok(text) = std::fs::read_to_string(case.path().join("expected.json")) else {
                continue;
            };
            let v: Value = serde_json::from_str(&text).unwrap();
            for p in v["packages"].as_array().unwrap() {
                if p["source"] == "registry" {
                    names.insert((
                        p["ecosystem"].as_str().unwrap().to_string(),
                        p["name"].as_str().unwrap().to_string(),
                    ));
                }
            }
        }
    }
    let mut flagged = Vec::new();
    for (eco, name) in &names {
        let e = match eco.as_str() {
            "npm" => Ecosystem::Npm,
            "PyPI" => Ecosystem::PyPI,
            _ => Ecosystem::CratesIo,
        };
        if let Some(r) = typosquat::check(e, name) {
            flagged.push(format!("{eco}:{name} ~ {} ({})", r.target, r.how));
        }
    }
    eprintln!(
        "{} of {} flagged:\n{}",
        flagged.len(),
        names.len(),
        flagged.join("\n")
    );
    assert!(
        flagged.len() * 100 <= names.len(),
        "{} of {} real packages flagged",
        flagged.len(),
        names.len()
    );
}
