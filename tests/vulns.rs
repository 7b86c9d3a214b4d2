//! Vulnerable and malicious versions, end to end: the fixture advisories are
//! imported with `ward db import`, then every query of `cases.json` is run
//! against the store, the hook blocks commits that bring in affected
//! versions (naming the advisory and the version that fixes it), and
//! `ward audit` reports every locked package.

mod common;

use common::{Repo, shared, ward};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use ward::vuln::matching::affects;
use ward::vuln::osv::normalise_name;
use ward::vuln::store::Store;

/// A database dir holding the fixture advisories.
fn imported() -> tempfile::TempDir {
    let db = tempfile::tempdir().unwrap();
    ward()
        .env("WARD_DB_DIR", db.path())
        .args(["db", "import"])
        .arg(shared("fixtures/advisories/osv"))
        .assert()
        .success();
    db
}

#[derive(serde::Deserialize)]
struct Case {
    ecosystem: String,
    name: String,
    version: String,
    expected_ids: Vec<String>,
    why: String,
}

#[test]
fn every_case_through_the_store() {
    let db = imported();
    let store = Store::open(db.path()).unwrap().expect("a database");
    let cases: Vec<Case> =
        serde_json::from_slice(&std::fs::read(shared("fixtures/advisories/cases.json")).unwrap())
            .unwrap();
    assert_eq!(cases.len(), 383);
    let mut failures = Vec::new();
    for c in &cases {
        let name = normalise_name(&c.ecosystem, &c.name);
        let records = store.records(&c.ecosystem, &name).unwrap();
        let got: BTreeSet<&str> = records
            .iter()
            .filter(|r| affects(r, &c.ecosystem, &name, &c.version))
            .map(|r| r.id.as_str())
            .collect();
        let want: BTreeSet<&str> = c.expected_ids.iter().map(String::as_str).collect();
        if got != want {
            failures.push(format!(
                "{} {}@{}: got {got:?}, want {want:?} ({})",
                c.ecosystem, c.name, c.version, c.why
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn cargo_lock(packages: &[(&str, &str)]) -> String {
    let mut s = String::from("version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n");
    for (n, v) in packages {
        s.push_str(&format!(
            "\n[[package]]\nname = \"{n}\"\nversion = \"{v}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{}\"\n",
            "ab".repeat(32)
        ));
    }
    s
}

fn findings_of<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn the_hook_blocks_a_vulnerable_version_and_names_the_fix() {
    let db = imported();
    let r = Repo::new();
    r.write("Cargo.lock", cargo_lock(&[("serde", "1.0.100")]))
        .add(&["Cargo.lock"])
        .commit("init");
    // bitvec 0.17.3 is inside RUSTSEC-2020-0007 (fixed in 0.17.4).
    r.write(
        "Cargo.lock",
        cargo_lock(&[("bitvec", "0.17.3"), ("serde", "1.0.100")]),
    )
    .add(&["Cargo.lock"]);
    let out = r
        .ward()
        .env("WARD_DB_DIR", db.path())
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = findings_of(&report, "vulnerable-version");
    assert_eq!(hits.len(), 1, "{report:#}");
    let f = hits[0];
    assert_eq!(f["kind"], "vulnerability");
    assert_eq!(f["package"]["name"], "bitvec");
    assert_eq!(f["advisories"][0]["id"], "RUSTSEC-2020-0007");
    assert!(
        f["advisories"][0]["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "GHSA-7cjc-hvxf-gqh7")
    );
    assert!(
        f["message"].as_str().unwrap().contains("bump to 0.17.4"),
        "{f:#}"
    );
    assert!(f["fix"].as_str().unwrap().contains("0.17.4"), "{f:#}");
    assert!(f["line"].as_u64().unwrap() > 1);

    // Bumping to the fixed version passes; an unchanged vulnerable pin is not re-reported.
    r.write(
        "Cargo.lock",
        cargo_lock(&[("bitvec", "0.17.4"), ("serde", "1.0.100")]),
    )
    .add(&["Cargo.lock"]);
    let (code, report) = {
        let out = r
            .ward()
            .env("WARD_DB_DIR", db.path())
            .args(["scan", "--format", "json"])
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        )
    };
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn a_malicious_package_is_critical() {
    let db = imported();
    let r = Repo::new();
    r.write("requirements.txt", "requests==2.31.0\n")
        .add(&["requirements.txt"])
        .commit("init");
    r.write("requirements.txt", "requests==2.31.0\nreqeusts==2.31.0\n")
        .add(&["requirements.txt"]);
    let out = r
        .ward()
        .env("WARD_DB_DIR", db.path())
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = findings_of(&report, "malicious-package");
    assert_eq!(hits.len(), 1, "{report:#}");
    assert_eq!(hits[0]["severity"], "critical");
    assert_eq!(hits[0]["advisories"][0]["id"], "MAL-0000-0002");
    assert_eq!(hits[0]["line"], 2);
}

#[test]
fn without_a_database_the_hook_says_so_once_and_passes() {
    let r = Repo::new();
    r.write("Cargo.lock", cargo_lock(&[]))
        .add(&["Cargo.lock"])
        .commit("init");
    r.write("Cargo.lock", cargo_lock(&[("bitvec", "0.17.3")]))
        .add(&["Cargo.lock"]);
    let empty = tempfile::tempdir().unwrap();
    let out = r
        .ward()
        .env("WARD_DB_DIR", empty.path())
        .arg("scan")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("no advisory database").count(), 1, "{err}");
}

#[test]
fn audit_reports_every_locked_package_grouped() {
    let db = imported();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        cargo_lock(&[
            ("bitvec", "0.17.3"),
            ("rustdecimal", "1.0.0"),
            ("serde", "1.0.100"),
        ]),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("py")).unwrap();
    std::fs::write(
        dir.path().join("py/requirements.txt"),
        "reqeusts==2.31.1\nrequests==2.31.0\n",
    )
    .unwrap();
    let out = ward()
        .env("WARD_DB_DIR", db.path())
        .args(["audit", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["package"]["name"].as_str().unwrap().into(),
                f["path"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "vulnerable-version".into(),
                "bitvec".into(),
                "Cargo.lock".into()
            ),
            (
                "malicious-package".into(),
                "reqeusts".into(),
                "py/requirements.txt".into()
            ),
            (
                "malicious-package".into(),
                "rustdecimal".into(),
                "Cargo.lock".into()
            ),
        ]
    );
    // SARIF validates.
    let out = ward()
        .env("WARD_DB_DIR", db.path())
        .args(["audit", "--format", "sarif"])
        .arg(dir.path())
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let v = common::sarif_validator();
    assert!(v.is_valid(&sarif));
    // An ignored advisory (with a reason) no longer fails the audit for that package.
    std::fs::write(
        dir.path().join("ward.toml"),
        "[[advisories.ignore]]\nid = \"GHSA-7cjc-hvxf-gqh7\"\nreason = \"not reachable\"\n",
    )
    .unwrap();
    let out = ward()
        .env("WARD_DB_DIR", db.path())
        .args(["audit", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        findings_of(&report, "vulnerable-version").is_empty(),
        "{report:#}"
    );
    // An expired one applies again.
    std::fs::write(
        dir.path().join("ward.toml"),
        "[[advisories.ignore]]\nid = \"RUSTSEC-2020-0007\"\nreason = \"until the release\"\nuntil = \"2020-01-01\"\n",
    )
    .unwrap();
    let out = ward()
        .env("WARD_DB_DIR", db.path())
        .args(["audit", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings_of(&report, "vulnerable-version").len(), 1);
}

#[test]
fn audit_without_a_database_or_with_a_bad_lockfile_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Cargo.lock"), "not [toml").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = ward()
        .env("WARD_DB_DIR", empty.path())
        .arg("audit")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no advisory database"));
    let db = imported();
    let out = ward()
        .env("WARD_DB_DIR", db.path())
        .arg("audit")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Cargo.lock") && err.trim().lines().count() == 1,
        "{err}"
    );
    let _ = Path::new("");
}

/// A fake OSV API: `querybatch` names RUSTSEC-2020-0007 for `bitvec`, and
/// `/v1/vulns/{id}` serves the fixture record. Requests are recorded.
fn fake_osv_api(log: std::sync::Arc<std::sync::Mutex<Vec<String>>>) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap();
                let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
                let mut length = 0;
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    line.clear();
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                log.lock()
                    .unwrap()
                    .push(format!("{path} {}", String::from_utf8_lossy(&body)));
                let (status, answer) = if path == "/v1/querybatch" {
                    let q: Value = serde_json::from_slice(&body).unwrap();
                    let results: Vec<Value> = q["queries"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|q| {
                            if q["package"]["name"] == "bitvec" {
                                serde_json::json!({"vulns": [{"id": "RUSTSEC-2020-0007", "modified": "2026-01-01T00:00:00Z"}]})
                            } else {
                                serde_json::json!({})
                            }
                        })
                        .collect();
                    (200, serde_json::json!({"results": results}).to_string())
                } else if path == "/v1/vulns/RUSTSEC-2020-0007" {
                    (
                        200,
                        std::fs::read_to_string(shared(
                            "fixtures/advisories/osv/crates.io/RUSTSEC-2020-0007.json",
                        ))
                        .unwrap(),
                    )
                } else {
                    (404, "{}".to_string())
                };
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn online_queries_the_osv_api_without_a_local_database() {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let api = fake_osv_api(log.clone());
    let r = Repo::new();
    r.write("Cargo.lock", cargo_lock(&[("serde", "1.0.100")]))
        .write(
            "ward.toml",
            format!("[deps]\nregistries = {{ osv = \"{api}\" }}\n"),
        )
        .add(&["Cargo.lock", "ward.toml"])
        .commit("init");
    r.write(
        "Cargo.lock",
        cargo_lock(&[
            ("bitvec", "0.17.3"),
            ("serde", "1.0.100"),
            ("serde_json", "1.0.1"),
        ]),
    )
    .add(&["Cargo.lock"]);
    let empty = tempfile::tempdir().unwrap();
    let out = r
        .ward()
        .env("WARD_DB_DIR", empty.path())
        .args(["scan", "--format", "json", "--online", "--only", "deps"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    let hits = findings_of(&report, "vulnerable-version");
    assert_eq!(hits.len(), 1, "{report:#}");
    assert_eq!(hits[0]["advisories"][0]["id"], "RUSTSEC-2020-0007");
    let log = log.lock().unwrap();
    // One batch for the new packages only, then the one record it named.
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log[0].starts_with("/v1/querybatch ")
            && log[0].contains("\"bitvec\"")
            && log[0].contains("serde_json"),
        "{log:?}"
    );
    assert!(!log[0].contains("\"serde\""), "{log:?}");
    assert!(log[1].starts_with("/v1/vulns/RUSTSEC-2020-0007"));
}

#[test]
fn online_failure_is_a_notice_not_a_block() {
    let r = Repo::new();
    // Nothing listens on port 9 (discard) on 127.0.0.1 in the test environment.
    r.write("Cargo.lock", cargo_lock(&[]))
        .write("ward.toml", "[deps]\nonline-timeout-ms = 500\nregistries = { osv = \"http://127.0.0.1:9\", crates = \"http://127.0.0.1:9\" }\n")
        .add(&["Cargo.lock", "ward.toml"])
        .commit("init");
    r.write("Cargo.lock", cargo_lock(&[("serde", "1.0.100")]))
        .add(&["Cargo.lock"]);
    let empty = tempfile::tempdir().unwrap();
    let out = r
        .ward()
        .env("WARD_DB_DIR", empty.path())
        .args(["scan", "--online"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("127.0.0.1:9/v1/querybatch"), "{err}");
}

#[test]
fn audit_online_without_a_database() {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let api = fake_osv_api(log.clone());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        cargo_lock(&[("bitvec", "0.17.3"), ("serde", "1.0.100")]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ward.toml"),
        format!("[deps]\nregistries = {{ osv = \"{api}\" }}\n"),
    )
    .unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = ward()
        .env("WARD_DB_DIR", empty.path())
        .args(["audit", "--online", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    let hits = findings_of(&report, "vulnerable-version");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["package"]["name"], "bitvec");
    assert_eq!(log.lock().unwrap().len(), 2);
}

/// (rule, ecosystem, name, version, advisory ids) of each finding.
type Hit = (String, String, String, String, Vec<String>);

fn audit_hits(args: &[&str], db: &Path) -> (Option<i32>, Vec<Hit>, String) {
    let out = ward()
        .env("WARD_DB_DIR", db)
        .args(["audit", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));
    let hits = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["package"];
            let mut ids: Vec<String> = f["advisories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_str().unwrap().to_string())
                .collect();
            ids.sort();
            (
                f["rule"].as_str().unwrap().to_string(),
                p["ecosystem"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
                p["version"].as_str().unwrap().to_string(),
                ids,
            )
        })
        .collect();
    (out.status.code(), hits, stderr)
}

#[test]
fn audit_of_wards_own_sbom_equals_audit_of_the_lockfiles() {
    let db = imported();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        cargo_lock(&[
            ("bitvec", "0.17.3"),
            ("lru", "0.16.2"),
            ("serde", "1.0.100"),
        ]),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("web")).unwrap();
    std::fs::write(
        dir.path().join("web/package-lock.json"),
        r#"{"lockfileVersion":3,"packages":{"":{"name":"w"},
  "node_modules/ansi-html":{"version":"0.0.7"},
  "node_modules/left-pad":{"version":"1.3.0"}}}"#,
    )
    .unwrap();
    let (code, want, stderr) = audit_hits(&[dir.path().to_str().unwrap()], db.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(want.len(), 3, "{want:?}");
    for format in ["cyclonedx", "spdx"] {
        let bom = dir.path().join(format!("bom.{format}.json"));
        ward()
            .args(["sbom", "--format", format, "--output"])
            .arg(&bom)
            .arg(dir.path())
            .assert()
            .success();
        let (code, got, stderr) = audit_hits(&["--sbom", bom.to_str().unwrap()], db.path());
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert_eq!(got, want, "{format}");
    }
}

#[test]
fn audit_of_other_tools_sboms() {
    let db = imported();
    let dir = tempfile::tempdir().unwrap();
    // CycloneDX as other generators write it: components nested in components,
    // a type ward has no advisories for, a component without a purl.
    let cdx = dir.path().join("cdx.json");
    std::fs::write(
        &cdx,
        r#"{"bomFormat":"CycloneDX","specVersion":"1.4","version":1,
  "components":[
    {"type":"application","name":"app","components":[
      {"type":"library","name":"bitvec","version":"0.17.3","purl":"pkg:cargo/bitvec@0.17.3"},
      {"type":"library","group":"","name":"ansi-html","version":"0.0.7","purl":"pkg:npm/ansi-html@0.0.7"}
    ]},
    {"type":"library","name":"Newtonsoft.Json","version":"12.0.1","purl":"pkg:nuget/Newtonsoft.Json@12.0.1"},
    {"type":"file","name":"README"}
  ]}"#,
    )
    .unwrap();
    let (code, got, stderr) = audit_hits(&["--sbom", cdx.to_str().unwrap()], db.path());
    assert_eq!(code, Some(1), "{stderr}");
    let names: Vec<&str> = got.iter().map(|h| h.2.as_str()).collect();
    assert_eq!(names, ["ansi-html", "bitvec"]);
    assert!(
        stderr.contains("not audited")
            && stderr.contains("1 nuget")
            && stderr.contains("2 no purl"),
        "{stderr}"
    );
    // SPDX: purls in externalRefs; the document's own package has none.
    let spdx = dir.path().join("spdx.json");
    std::fs::write(
        &spdx,
        r#"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"x",
  "packages":[
    {"SPDXID":"SPDXRef-root","name":"x","downloadLocation":"NOASSERTION"},
    {"SPDXID":"SPDXRef-a","name":"lru","versionInfo":"0.16.2","downloadLocation":"NOASSERTION",
     "externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:cargo/lru@0.16.2"}]},
    {"SPDXID":"SPDXRef-b","name":"oauth2","versionInfo":"1.5.158","downloadLocation":"NOASSERTION",
     "externalRefs":[{"referenceCategory":"PACKAGE_MANAGER","referenceType":"purl","referenceLocator":"pkg:pypi/oauth2@1.5.158"}]}
  ]}"#,
    )
    .unwrap();
    let (code, got, stderr) = audit_hits(&["--sbom", spdx.to_str().unwrap()], db.path());
    assert_eq!(code, Some(1), "{stderr}");
    let got: Vec<(&str, &str, &[String])> = got
        .iter()
        .map(|h| (h.1.as_str(), h.2.as_str(), h.4.as_slice()))
        .collect();
    assert_eq!(
        got,
        [
            ("crates.io", "lru", &["RUSTSEC-2026-0002".to_string()][..]),
            ("PyPI", "oauth2", &["PYSEC-2014-85".to_string()][..]),
        ]
    );
}

#[test]
fn audit_of_an_invalid_sbom_exits_2_naming_it() {
    let db = imported();
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("notjson.json", "{not json"),
        ("other.json", r#"{"hello": 1}"#),
        (
            "deep.json",
            &format!(r#"{{"bomFormat":"CycloneDX","x":{}}}"#, "[".repeat(300)),
        ),
        (
            "badpurl.json",
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a","purl":"npm/a"}]}"#,
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let out = ward()
            .env("WARD_DB_DIR", db.path())
            .args(["audit", "--sbom"])
            .arg(&file)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(name) && err.trim().lines().count() == 1,
            "{name}: {err}"
        );
    }
}
