//! Every built-in rule's examples run through the full pipeline, and the
//! generated rule docs are current (`WARD_UPDATE_DOCS=1` rewrites them).

use std::path::Path;
use ward::detect::secrets::{RuleSet, check, docs, rule};

#[test]
fn every_rule_example_and_negative_behaves() {
    let set = RuleSet::new(rule::builtin());
    let problems = check::check(set.rules(), &set);
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        list.is_empty(),
        "{} problems:\n{}",
        list.len(),
        list.join("\n")
    );
}

#[test]
fn enough_rules_and_providers() {
    let rules = rule::builtin();
    assert!(rules.len() >= 120, "{} rules", rules.len());
    let packs: std::collections::HashSet<&str> = rules.iter().map(|r| r.origin.as_str()).collect();
    assert!(packs.len() >= 80, "{} packs", packs.len());
}

#[test]
fn rule_docs_are_current() {
    let rules = rule::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let mut expected: Vec<(String, String)> = rules
        .iter()
        .map(|r| (format!("{}.md", r.id()), docs::page(r)))
        .collect();
    expected.push(("README.md".into(), docs::index(&rules)));
    if std::env::var_os("WARD_UPDATE_DOCS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let on_disk = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert!(
        stale.is_empty() && on_disk == expected.len(),
        "docs/rules is stale ({} files differ, {on_disk} on disk vs {} expected); run WARD_UPDATE_DOCS=1 cargo test --test rule_examples",
        stale.len(),
        expected.len()
    );
}

#[test]
fn compiled_packs_agree_with_the_runtime_parser() {
    let compiled: Vec<_> = rule::embedded::defs();
    let mut parsed = Vec::new();
    for (name, text) in rule::embedded::SECRET_PACKS {
        for r in rule::parse_pack(name, text).unwrap() {
            parsed.push((r.origin.clone(), r.def));
        }
    }
    assert_eq!(compiled.len(), parsed.len());
    for ((cp, cd), (pp, pd)) in compiled.iter().zip(&parsed) {
        assert_eq!(cp, pp);
        assert_eq!(
            cd, pd,
            "rule {} differs between build.rs and parse_pack",
            cd.id
        );
    }
}
