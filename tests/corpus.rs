//! Detection quality on the corpus under tests/corpus: realistic secrets in
//! the files they appear in (positive/, with expected.toml) and hard negatives
//! (negative/: any finding is a false alarm). Prints recall per severity
//! floor; `python3 tests/corpus/score.py` gives the per-provider breakdown.

mod common;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Expected {
    files: BTreeMap<String, Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    lines: Vec<u64>,
}

#[test]
fn corpus_recall_and_false_alarms() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(root.join("expected.toml")).unwrap()).unwrap();
    // Scan the corpus as its own root: ward's own ward.toml allows tests/corpus/**.
    let out = common::ward()
        .args([
            "scan",
            "--tree",
            ".",
            "--format",
            "json",
            "--config",
            "/dev/null",
        ])
        .current_dir(&root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let covers = |f: &Value, path: &str, line: u64| {
        f["path"] == path
            && f["line"].as_u64().unwrap() <= line
            && line <= f["end_line"].as_u64().unwrap()
            || (f["path"] == path
                && f["line"].as_u64().unwrap() + 1 == line
                && f["rule"].as_str().unwrap().contains("private-key"))
    };
    let mut total = 0;
    let mut found_any = 0;
    let mut found_high = 0;
    let mut misses = Vec::new();
    for (path, e) in &expected.files {
        for &line in &e.lines {
            total += 1;
            let hits: Vec<&Value> = findings.iter().filter(|f| covers(f, path, line)).collect();
            if hits.is_empty() {
                misses.push(format!("{path}:{line}"));
            } else {
                found_any += 1;
                if hits
                    .iter()
                    .any(|f| matches!(f["severity"].as_str(), Some("high" | "critical")))
                {
                    found_high += 1;
                }
            }
        }
    }
    let false_alarms: Vec<String> = findings
        .iter()
        .filter(|f| f["path"].as_str().unwrap().starts_with("negative/"))
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    let pct = |n: usize| 100.0 * n as f64 / total as f64;
    eprintln!(
        "corpus: {total} secrets; recall {found_any} ({:.1}%) at any severity, {found_high} ({:.1}%) at high or above; \
         {} false alarms in negative files",
        pct(found_any),
        pct(found_high),
        false_alarms.len()
    );
    eprintln!("misses: {misses:?}");
    assert!(
        pct(found_any) >= 90.0,
        "recall {:.1}% < 90%; misses: {misses:?}",
        pct(found_any)
    );
    assert!(false_alarms.is_empty(), "false alarms: {false_alarms:#?}");
}
