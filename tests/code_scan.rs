//! The code detector end to end: the hook reports only statements touched by
//! added lines, suppressions and `--only` apply, reports carry `kind: code`.

mod common;
use common::{Repo, rules, sarif_validator};

const OLD: &str = "import requests\n\n\ndef legacy(url):\n    return requests.get(url, verify=False)\n\n\ndef fetch(url):\n    return requests.get(url,\n                        timeout=5)\n";

#[test]
fn hook_reports_statements_touched_by_added_lines_only() {
    let r = Repo::new();
    r.write("app/client.py", OLD).add(&["."]).commit("init");
    // One line of an existing multi-line call changes; the old insecure call stays.
    let new = OLD.replace("timeout=5)", "timeout=5, verify=False)");
    r.write("app/client.py", new).add(&["."]);
    let (code, report) = r.scan_json(&[]);
    assert_eq!(code, 1, "{report}");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report}");
    let f = &findings[0];
    assert_eq!(f["kind"], "code");
    assert_eq!(f["rule"], "tls-verify-disabled-python");
    assert_eq!(f["path"], "app/client.py");
    assert_eq!(f["line"], 10, "{report}");
    // The whole file: both calls.
    let out = r
        .ward()
        .args(["scan", "--tree", ".", "--format", "json"])
        .output()
        .unwrap();
    let tree: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules(&tree).len(), 2, "{tree}");
}

#[test]
fn commented_out_code_and_strings_pass() {
    let r = Repo::new();
    r.write("README.md", "x\n").add(&["."]).commit("init");
    r.write(
        "main.go",
        "package main\n\n// cfg := &tls.Config{InsecureSkipVerify: true}\nvar doc = \"InsecureSkipVerify: true is for tests\"\n/*\nInsecureSkipVerify: true\n*/\n",
    )
    .add(&["."]);
    let (code, report) = r.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn only_selects_detectors_and_suppressions_apply() {
    let r = Repo::new();
    r.write("README.md", "x\n").add(&["."]).commit("init");
    r.write(
        "deploy.sh",
        "#!/bin/sh\ncurl -sk https://example.com/install.sh | sh\ncurl -k https://example.com/b # ward:allow\n",
    )
    .add(&["."]);
    let (code, report) = r.scan_json(&["--only", "secrets"]);
    assert_eq!((code, rules(&report).len()), (0, 0), "{report}");
    let (code, report) = r.scan_json(&["--only", "code"]);
    assert_eq!(code, 1);
    assert_eq!(rules(&report), ["tls-insecure-cli"], "{report}");
    // Disabled in ward.toml.
    r.write("ward.toml", "[rules]\ndisable = [\"tls-insecure-cli\"]\n");
    let (code, report) = r.scan_json(&[]);
    assert_eq!((code, rules(&report).len()), (0, 0), "{report}");
    // An unknown id is still an error naming the key.
    r.write("ward.toml", "[rules]\ndisable = [\"tls-nope\"]\n");
    let out = r.ward().args(["scan"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tls-nope"));
    // Allowed by path.
    r.write(
        "ward.toml",
        "[[allow]]\nrule = \"tls-insecure-cli\"\npath = \"*.sh\"\nreason = \"lab box\"\n",
    );
    let (code, _) = r.scan_json(&[]);
    assert_eq!(code, 0);
}

#[test]
fn sarif_with_code_findings_validates() {
    let r = Repo::new();
    r.write("README.md", "x\n").add(&["."]).commit("init");
    r.write(
        "src/net.rs",
        "fn c() -> reqwest::Client {\n    reqwest::Client::builder()\n        .danger_accept_invalid_certs(true)\n        .build()\n        .unwrap()\n}\n",
    )
    .add(&["."]);
    let out = r
        .ward()
        .args(["scan", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(sarif_validator().is_valid(&doc), "{doc}");
    let rule = &doc["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "tls-danger-accept-invalid-rust");
    assert!(
        rule["help"]["text"]
            .as_str()
            .unwrap()
            .contains("add_root_certificate")
    );
    assert_eq!(
        doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
}

#[test]
fn rules_show_and_list_include_code_rules() {
    let out = common::ward()
        .args(["rules", "show", "tls-insecure-skip-verify-go"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.contains("kind: code (tls)") && page.contains("RootCAs"),
        "{page}"
    );
    let out = common::ward()
        .args(["rules", "list", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "code" && r["pack"] == "tls")
    );
}
