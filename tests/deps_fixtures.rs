//! Every lockfile case in ../shared/fixtures/lockfiles: `ward deps list` prints
//! exactly the expected packages; parse-only cases parse; invalid cases fail
//! with one line naming the file, exit 2, and print nothing on stdout.

mod common;

use common::{shared, ward};
use serde_json::Value;

fn key(p: &Value) -> (String, String, String) {
    (
        p["name"].as_str().unwrap_or("").to_string(),
        p["version"].as_str().unwrap_or("\u{0}").to_string(),
        p["source"].as_str().unwrap_or("").to_string(),
    )
}

fn sorted(list: &Value) -> Vec<Value> {
    let mut v = list.as_array().cloned().unwrap_or_default();
    v.sort_by_key(key);
    v
}

#[test]
fn every_lockfile_fixture() {
    let root = shared("fixtures/lockfiles");
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("INDEX.json")).unwrap()).unwrap();
    let filter = std::env::var("WARD_DEPS_CASE").unwrap_or_default();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in index["cases"].as_array().unwrap() {
        let eco = case["eco"].as_str().unwrap();
        let name = case["case"].as_str().unwrap();
        if !format!("{eco}/{name}").contains(&filter) {
            continue;
        }
        ran += 1;
        let dir = root.join(eco).join(name);
        let input = dir.join(case["input"].as_str().unwrap());
        let out = ward()
            .args(["deps", "list", "--format", "json"])
            .arg(&input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let label = format!("{eco}/{name}");
        match case["mode"].as_str().unwrap() {
            "expect" => {
                if out.status.code() != Some(0) {
                    failures.push(format!("{label}: exit {:?}: {stderr}", out.status.code()));
                    continue;
                }
                let got: Value = serde_json::from_slice(&out.stdout).unwrap();
                let want: Value = serde_json::from_str(
                    &std::fs::read_to_string(dir.join("expected.json")).unwrap(),
                )
                .unwrap();
                let (got, want) = (sorted(&got["packages"]), sorted(&want["packages"]));
                if got != want {
                    let missing: Vec<_> =
                        want.iter().filter(|p| !got.contains(p)).take(4).collect();
                    let extra: Vec<_> = got.iter().filter(|p| !want.contains(p)).take(4).collect();
                    failures.push(format!(
                        "{label}: {} packages, want {}; missing {missing:?}; extra {extra:?}",
                        got.len(),
                        want.len()
                    ));
                }
            }
            "parse-only" => {
                if out.status.code() != Some(0) {
                    failures.push(format!("{label}: parse-only case failed: {stderr}"));
                }
            }
            "invalid" => {
                let shown = input.display().to_string();
                let ok = out.status.code() == Some(2)
                    && out.stdout.is_empty()
                    && stderr.lines().count() == 1
                    && stderr.contains(&shown);
                if !ok {
                    failures.push(format!(
                        "{label}: invalid case: exit {:?}, stdout {} bytes, stderr {stderr:?}",
                        out.status.code(),
                        out.stdout.len()
                    ));
                }
            }
            other => panic!("unknown mode {other}"),
        }
    }
    assert!(ran > 0, "no case matches WARD_DEPS_CASE={filter}");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
