//! Is a new package real? The offline name index (`ward db import --names`)
//! and the registries themselves (`--online`), against a fake registry served
//! by the test on 127.0.0.1 — never the network.

mod common;

use common::Repo;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

/// A registry that answers PyPI JSON and npm metadata for a few names, and
/// never answers for `slow-*` within the budget.
fn fake_registry() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
                // Drain the headers.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs();
                let (status, body) = if path.contains("slow-") {
                    std::thread::sleep(Duration::from_secs(5));
                    (200, "{}".to_string())
                } else if path == "/pypi/brand-new-helper/json" {
                    let when = now - 3 * 86_400;
                    (
                        200,
                        format!(
                            r#"{{"releases": {{"0.1.0": [{{"upload_time_iso_8601": "@{when}"}}]}}}}"#
                        ),
                    )
                } else if path == "/pypi/old-and-stable/json" {
                    (
                        200,
                        r#"{"releases": {"1.0": [{"upload_time_iso_8601": "2015-01-01T00:00:00Z"}], "2.0": [{"upload_time_iso_8601": "2016-01-01T00:00:00Z"}]}}"#.to_string(),
                    )
                } else if path == "/left-padder" {
                    (404, "{}".to_string())
                } else {
                    (404, r#"{"message": "Not Found"}"#.to_string())
                };
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn online_lookups_flag_unknown_and_new_packages_and_never_hang() {
    let base = fake_registry();
    let r = Repo::new();
    r.write("README.md", "x\n")
        .add(&["README.md"])
        .commit("init");
    r.write(
        "ward.toml",
        format!("[deps]\nonline-timeout-ms = 1500\nregistries = {{ pypi = \"{base}\" }}\n"),
    );
    r.write(
        "requirements.txt",
        "requests==2.31.0\nold-and-stable==2.0\nbrand-new-helper==0.1.0\nflask-jwt-simplified==1.0\nslow-package==1.0\n",
    )
    .add(&["requirements.txt"]);

    // Offline (the default): no lookups, nothing to report.
    let (code, report) = r.scan_json(&[]);
    assert_eq!(code, 0, "{report}");

    let (code, report) = r.scan_json(&["--online"]);
    assert_eq!(code, 1, "{report}");
    let mut got: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["package"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("dep-new-package".into(), "brand-new-helper".into()),
            ("dep-unknown".into(), "flask-jwt-simplified".into()),
        ]
    );
    // `requests` is popular: not even asked. The slow one is reported as unchecked.
    let sk = common::skipped(&report);
    assert!(
        sk.contains(&("requirements.txt".into(), "unchecked".into())),
        "{sk:?}"
    );
    // ward.toml can turn it on, and allow a private package.
    r.write(
        "ward.toml",
        format!(
            "[deps]\nonline = true\nonline-timeout-ms = 1500\nallow = [\"PyPI:flask-jwt-simplified\"]\nregistries = {{ pypi = \"{base}\" }}\n"
        ),
    );
    let (_, report) = r.scan_json(&[]);
    assert!(
        !common::rules(&report).contains(&"dep-unknown".to_string()),
        "{report}"
    );
}

#[test]
fn offline_name_index() {
    let r = Repo::new();
    let db = tempfile::tempdir().unwrap();
    r.write("README.md", "x\n")
        .add(&["README.md"])
        .commit("init");
    r.write(
        "names.txt",
        "# PyPI names\nrequests\nDjango\nzope.interface\nmy_internal_lib\n",
    );
    let out = r
        .ward()
        .env("WARD_DB_DIR", db.path())
        .args([
            "db",
            "import",
            "--names",
            "names.txt",
            "--ecosystem",
            "pypi",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("imported 4 PyPI package names"));
    r.write(
        "requirements.txt",
        "django==4.2\nMy-Internal-Lib==1.0\nmade-up-orm==0.3\n",
    )
    .add(&["requirements.txt"]);
    let out = r
        .ward()
        .env("WARD_DB_DIR", db.path())
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unknown: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "dep-unknown")
        .map(|f| f["package"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(unknown, ["made-up-orm"]);
    let bad = r
        .ward()
        .env("WARD_DB_DIR", db.path())
        .args([
            "db",
            "import",
            "--names",
            "names.txt",
            "--ecosystem",
            "cpan",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
