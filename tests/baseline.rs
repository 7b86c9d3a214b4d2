//! Baselines: record today's findings as hashes, report only new ones, survive
//! edits and renames with the identical secret, prune stale entries.

mod common;

use common::{Repo, fake};
use serde_json::Value;

fn baseline(r: &Repo, args: &[&str]) -> std::process::Output {
    r.ward().arg("baseline").args(args).output().unwrap()
}

fn read_baseline(r: &Repo) -> (String, Value) {
    let text = std::fs::read_to_string(r.path().join(".ward-baseline.json")).unwrap();
    let v = serde_json::from_str(&text).unwrap();
    (text, v)
}

fn filler(n: usize) -> String {
    (0..n).map(|i| format!("x{i} = {i}\n")).collect()
}

#[test]
fn baseline_hides_known_findings_and_reports_new_ones() {
    let r = Repo::new();
    let pat = fake::github_pat(101);
    let stripe = fake::stripe_live(102);
    r.write("app.py", format!("T = \"{pat}\"\n"))
        .write("pay.js", format!("const k = \"{stripe}\";\n"))
        .add(&["."])
        .commit("legacy");

    let out = baseline(&r, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (text, v) = read_baseline(&r);
    // Hashes only: neither secret, nor a prefix of it, is in the file.
    assert!(!text.contains(&pat) && !text.contains(&pat[..12]), "{text}");
    assert!(!text.contains(&stripe[..14]), "{text}");
    assert_eq!(v["version"], 1);
    assert_eq!(v["scope"], "tree");
    assert_eq!(v["entries"].as_array().unwrap().len(), 2);
    assert_eq!(v["entries"][0]["secret_sha256"].as_str().unwrap().len(), 64);

    // The tree scan with the baseline is clean.
    let (code, report) = r.scan_json(&["--tree", ".", "--baseline", ".ward-baseline.json"]);
    assert_eq!(code, 0, "{report}");
    // Edits above the line do not matter.
    r.write("app.py", format!("{}T = \"{pat}\"\n", filler(5)));
    let (code, _) = r.scan_json(&["--tree", ".", "--baseline", ".ward-baseline.json"]);
    assert_eq!(code, 0);
    // A rename with the identical secret is the same finding ...
    std::fs::rename(r.path().join("pay.js"), r.path().join("billing.js")).unwrap();
    let (code, _) = r.scan_json(&["--tree", ".", "--baseline", ".ward-baseline.json"]);
    assert_eq!(code, 0);
    // ... a different secret is new, and so is one in a new file.
    let other = fake::stripe_live(103);
    r.write("billing.js", format!("const k = \"{other}\";\n"));
    r.write("new.py", format!("T2 = \"{}\"\n", fake::github_pat(104)));
    let (code, report) = r.scan_json(&["--tree", ".", "--baseline", ".ward-baseline.json"]);
    assert_eq!(code, 1);
    let mut got = common::hits(&report);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("github-pat".into(), "new.py".into(), 1),
            ("stripe-secret-key".into(), "billing.js".into(), 1),
        ]
    );

    // The staged hook honours the baseline from ward.toml.
    r.write("ward.toml", "[scan]\nbaseline = \".ward-baseline.json\"\n");
    r.write(
        "app.py",
        format!("T = \"{pat}\"  # legacy, rotated in JIRA-1\n"),
    )
    .add(&["app.py"]);
    let (code, report) = r.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
    let out = r.ward().args(["scan", "--verbose"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("hidden by the baseline"), "{text}");
}

#[test]
fn prune_lists_and_removes_stale_entries() {
    let r = Repo::new();
    let pat = fake::github_pat(111);
    let key = fake::aws_key_id(112);
    r.write("a.py", format!("T = \"{pat}\"\n"))
        .write("b.py", format!("K = \"{key}\"\n"));
    assert!(baseline(&r, &[]).status.success());
    assert_eq!(read_baseline(&r).1["entries"].as_array().unwrap().len(), 2);
    std::fs::remove_file(r.path().join("b.py")).unwrap();
    let out = baseline(&r, &["--prune"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stale: aws-access-key-id in b.py"), "{err}");
    assert!(err.contains("removed 1 stale of 2"), "{err}");
    let (_, v) = read_baseline(&r);
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["path"], "a.py");
}

#[test]
fn history_baseline_records_commits_and_hides_old_findings() {
    let r = Repo::new();
    r.write("old.py", format!("T = \"{}\"\n", fake::github_pat(121)))
        .add(&["old.py"])
        .commit("old leak");
    r.git(&["rm", "-q", "old.py"]);
    r.commit("removed");
    let out = baseline(&r, &["--all"]);
    assert!(out.status.success());
    let (_, v) = read_baseline(&r);
    assert_eq!(v["scope"], "all");
    assert_eq!(v["entries"][0]["commit"].as_str().unwrap().len(), 40);
    let (code, _) = r.scan_json(&["--all", "--baseline", ".ward-baseline.json"]);
    assert_eq!(code, 0);
    r.write("new.py", format!("K = \"{}\"\n", fake::stripe_live(122)))
        .add(&["new.py"])
        .commit("new leak");
    let (code, report) = r.scan_json(&["--all", "--baseline", ".ward-baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(common::rules(&report), ["stripe-secret-key"]);
}

#[test]
fn a_broken_baseline_is_a_clear_error() {
    let r = Repo::new();
    r.write("a.txt", "a\n");
    for (content, needle) in [
        ("not json", "not a ward baseline"),
        (
            "{\"version\": 9, \"scope\": \"tree\", \"entries\": []}",
            "version 9",
        ),
        (
            "{\"version\": 1, \"scope\": \"tree\", \"entries\": [{\"rule\": \"r\", \"path\": \"p\", \"secret_sha256\": \"plain-secret\"}]}",
            "not a SHA-256",
        ),
    ] {
        r.write("b.json", content);
        let out = r
            .ward()
            .args(["scan", "--tree", ".", "--baseline", "b.json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("b.json") && err.contains(needle), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let out = r
        .ward()
        .args(["scan", "--tree", ".", "--baseline", "missing.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
