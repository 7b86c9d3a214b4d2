//! The package diff through git: every case in ../shared/fixtures/lockdiff is
//! committed (old) and staged (new) in a real repository, and `ward deps diff`
//! must report exactly its expected additions, removals and changes. The hook
//! then blocks the typosquats those cases add.

mod common;

use common::{Repo, shared};
use serde_json::Value;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A repo with `old/` committed and `new/` staged on top.
fn staged_case(case: &Path) -> Repo {
    let r = Repo::new();
    r.write("README.md", "fixture\n")
        .add(&["README.md"])
        .commit("base");
    if case.join("old").is_dir() {
        copy_dir(&case.join("old"), r.path());
        r.add(&["."]).commit("old");
    }
    for e in std::fs::read_dir(r.path()).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name != ".git" && name != "README.md" {
            if e.file_type().unwrap().is_dir() {
                std::fs::remove_dir_all(e.path()).unwrap();
            } else {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
    }
    if case.join("new").is_dir() {
        copy_dir(&case.join("new"), r.path());
    }
    r.git(&["add", "-A"]);
    r
}

fn normalised(list: &Value, keys: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            keys.iter()
                .map(|k| e[*k].to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_lockdiff_fixture() {
    let root = shared("fixtures/lockdiff");
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("INDEX.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for case in index["cases"].as_array().unwrap() {
        let name = case["case"].as_str().unwrap();
        let dir = root.join(name);
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let r = staged_case(&dir);
        let out = r
            .ward()
            .args(["deps", "diff", "--format", "json"])
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!("{name}: {}", String::from_utf8_lossy(&out.stderr)));
            continue;
        }
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        let file = want["file"].as_str().unwrap();
        let empty = serde_json::json!({"added": [], "removed": [], "changed": []});
        let entry = got["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == file)
            .unwrap_or(&empty);
        let pkg = ["ecosystem", "name", "version", "source"];
        let chg = [
            "ecosystem",
            "name",
            "old_version",
            "new_version",
            "old_source",
            "new_source",
            "kinds",
        ];
        for (key, keys) in [
            ("added", &pkg[..]),
            ("removed", &pkg[..]),
            ("changed", &chg[..]),
        ] {
            let (g, w) = (normalised(&entry[key], keys), normalised(&want[key], keys));
            if g != w {
                failures.push(format!("{name} {key}:\n  got  {g:?}\n  want {w:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_hook_blocks_typosquats_and_reports_the_package_diff() {
    for (case, rule_hit) in [
        ("requirements-add-typosquat", "reqeusts"),
        ("npm-v3-add-typosquat", "loadsh"),
        ("yarn-v1-add-typosquat", "expres"),
    ] {
        let r = staged_case(&shared("fixtures/lockdiff").join(case));
        let (code, report) = r.scan_json(&[]);
        assert_eq!(code, 1, "{case}: {report}");
        let f = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "dep-typosquat")
            .unwrap_or_else(|| panic!("{case}: {report}"));
        assert_eq!(f["kind"], "dependency");
        assert_eq!(f["package"]["name"], rule_hit);
        assert!(f["line"].as_u64().unwrap() >= 1);
        let added: Vec<&str> = report["packages"]["added"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(added.contains(&rule_hit), "{case}: {added:?}");
        // `--only secrets` does not look at dependencies.
        let (code, _) = r.scan_json(&["--only", "secrets"]);
        assert_eq!(code, 0, "{case}");
    }
}

#[test]
fn policy_and_allow_in_ward_toml() {
    let r = staged_case(&shared("fixtures/lockdiff/requirements-add-typosquat"));
    r.write(
        "ward.toml",
        "[deps]\nallow = [\"PyPI:reqeusts\"]\ndeny = [\"PyPI:requests\"]\n",
    );
    let (code, report) = r.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
    r.write("ward.toml", "[deps]\ndeny = [\"PyPI:reqeusts\"]\n");
    let (code, report) = r.scan_json(&[]);
    assert_eq!(code, 1);
    assert!(common::rules(&report).contains(&"dep-denied".to_string()));
    r.write("ward.toml", "[deps]\ndeny = [\"nope:x\"]\n");
    let out = r.ward().arg("scan").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ward.toml:2"));
}

#[test]
fn dependency_findings_in_sarif_validate() {
    let r = staged_case(&shared("fixtures/lockdiff/npm-v3-add-typosquat"));
    let out = r
        .ward()
        .args(["scan", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = common::sarif_validator()
        .iter_errors(&doc)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "dep-typosquat");
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("did you mean `lodash`")
    );
    // The JSON report carries the same message.
    let (_, report) = r.scan_json(&[]);
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("lodash")
    );
}

#[test]
fn history_scans_check_every_commits_lockfile_changes() {
    let r = staged_case(&shared("fixtures/lockdiff/requirements-add-typosquat"));
    r.commit("add a dependency");
    let introduced = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    r.write("requirements.txt", "flask==3.0.0\n")
        .add(&["requirements.txt"])
        .commit("cleanup");
    let (code, report) = r.scan_json(&["--all"]);
    assert_eq!(code, 1, "{report}");
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "dep-typosquat")
        .unwrap();
    assert_eq!(f["commit"], introduced.as_str());
    // `deps diff --range` lists each commit's lockfile changes.
    let out = r
        .ward()
        .args([
            "deps",
            "diff",
            "--range",
            "HEAD~2..HEAD",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{v}");
    assert_eq!(files[0]["commit"], introduced.as_str());
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "dep-typosquat")
    );
    // Human output shows the diff, marked per commit.
    let out = r
        .ward()
        .args(["deps", "diff", "--range", "HEAD~2..HEAD"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("+ reqeusts 2.31.0"), "{text}");
    assert!(text.contains("dep-typosquat"), "{text}");
}
