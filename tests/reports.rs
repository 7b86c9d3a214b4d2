//! Report formats: the JSON contract, SARIF against the official schema,
//! GitHub annotations, human snapshots. Secrets never appear in clear.

mod common;
use common::{Repo, fake, sarif_validator};
use serde_json::Value;

/// A repository with three findings of different severities staged.
fn leaky_repo() -> (Repo, Vec<String>) {
    let r = Repo::new();
    r.write("README.md", "# x\n").add(&["."]).commit("init");
    let secrets = vec![fake::github_pat(1), fake::aws_key_id(2), fake::slack_bot(3)];
    r.write(
        "app/settings.py",
        format!(
            "GITHUB_TOKEN = \"{}\"\nAWS_ACCESS_KEY_ID = \"{}\"\n",
            secrets[0], secrets[1]
        ),
    );
    r.write(
        "deploy dir/notify.sh",
        format!(
            "curl -H 'Authorization: Bearer {}' https://slack.com/api/chat.postMessage\n",
            secrets[2]
        ),
    );
    r.add(&["."]);
    (r, secrets)
}

fn stdout(r: &Repo, args: &[&str]) -> String {
    let out = r.ward().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_redacted(text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(
            !text.contains(s.as_str()),
            "secret {s} printed in clear:\n{text}"
        );
    }
}

#[test]
fn json_follows_the_version_1_contract() {
    let (r, secrets) = leaky_repo();
    let text = stdout(&r, &["scan", "--format", "json"]);
    assert_redacted(&text, &secrets);
    let v: Value = serde_json::from_str(&text).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(&v),
        ["version", "tool", "scan", "findings", "packages", "summary"]
    );
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "ward");
    assert_eq!(
        keys(&v["scan"]),
        [
            "mode",
            "files",
            "bytes",
            "commits",
            "skipped",
            "duration_ms"
        ]
    );
    assert_eq!(v["scan"]["mode"], "staged");
    assert_eq!(v["scan"]["files"], 2);
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(
            keys(f),
            [
                "kind",
                "rule",
                "severity",
                "title",
                "path",
                "line",
                "column",
                "end_line",
                "commit",
                "snippet",
                "fingerprint",
                "fix",
                "package",
                "advisories"
            ]
        );
        assert_eq!(f["kind"], "secret");
        assert_eq!(f["fingerprint"].as_str().unwrap().len(), 64);
    }
    assert_eq!(keys(&v["packages"]), ["added", "removed", "changed"]);
    assert_eq!(
        keys(&v["summary"]),
        ["critical", "high", "medium", "low", "info", "blocking"]
    );
    let total: u64 = ["critical", "high", "medium", "low", "info"]
        .iter()
        .map(|k| v["summary"][k].as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, v["findings"].as_array().unwrap().len());
}

#[test]
fn fingerprints_survive_edits_above_the_line() {
    let (r, _) = leaky_repo();
    let a: Value = serde_json::from_str(&stdout(&r, &["scan", "--format", "json"])).unwrap();
    let before = std::fs::read_to_string(r.path().join("app/settings.py")).unwrap();
    r.write("app/settings.py", format!("# a comment\n\n{before}"))
        .add(&["."]);
    let b: Value = serde_json::from_str(&stdout(&r, &["scan", "--format", "json"])).unwrap();
    let fps = |v: &Value| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(fps(&a), fps(&b));
    assert_ne!(a["findings"][0]["line"], b["findings"][0]["line"]);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let (r, secrets) = leaky_repo();
    let text = stdout(&r, &["scan", "--format", "sarif"]);
    assert_redacted(&text, &secrets);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does not check these; code-scanning consumers do.
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for res in run["results"].as_array().unwrap() {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        assert_eq!(
            res["partialFingerprints"]["wardFingerprint/v1"]
                .as_str()
                .unwrap()
                .len(),
            64
        );
    }
    // A path with a space is a valid URI reference.
    assert!(text.contains("deploy%20dir/notify.sh"), "{text}");
}

#[test]
fn sarif_with_no_findings_is_valid_too() {
    let r = Repo::new();
    r.write("a.txt", "nothing\n").add(&["."]);
    let out = r
        .ward()
        .args(["scan", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(sarif_validator().is_valid(&doc));
}

#[test]
fn github_annotations() {
    let (r, secrets) = leaky_repo();
    let text = stdout(&r, &["scan", "--format", "github"]);
    assert_redacted(&text, &secrets);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("::error file=app/settings.py,line=1,col=17,endLine=1,title=ward%3A "),
        "{}",
        lines[0]
    );
    assert!(lines.iter().all(|l| !l[2..].contains('\n')));
}

#[test]
fn human_report_snapshot() {
    let (r, secrets) = leaky_repo();
    let text = stdout(&r, &["scan", "--color", "never"]);
    assert_redacted(&text, &secrets);
    // Timings vary; everything else is stable.
    let text = regex::Regex::new(r"in \d+ ms")
        .unwrap()
        .replace_all(&text, "in N ms");
    insta::assert_snapshot!(text);
}

#[test]
fn show_secrets_prints_them() {
    let (r, secrets) = leaky_repo();
    let text = stdout(&r, &["scan", "--format", "json", "--show-secrets"]);
    assert!(text.contains(&secrets[0]));
}

#[test]
fn output_file_and_fail_on() {
    let (r, _) = leaky_repo();
    let out = r.path().join("report.json");
    r.ward()
        .args(["scan", "--format", "json", "--output"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout("");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(v["summary"]["blocking"].as_u64().unwrap() >= 1);
    // Nothing reaches `critical` when only a high-severity finding is present.
    let r2 = Repo::new();
    r2.write(
        "x.py",
        format!("T = '{}'\n", fake::github_pat(5)).replace("ghp_", "ghp_"),
    )
    .add(&["."]);
    r2.ward()
        .args(["scan", "--fail-on", "critical"])
        .assert()
        .code(1);
    r2.ward()
        .args(["scan", "--fail-on", "nonsense"])
        .assert()
        .code(2);
}

#[test]
fn color_always_emits_ansi_and_no_color_by_default_in_pipes() {
    let (r, _) = leaky_repo();
    let plain = stdout(&r, &["scan"]);
    assert!(!plain.contains('\u{1b}'));
    let colored = r
        .ward()
        .args(["scan", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&colored.stdout).contains('\u{1b}'));
}
