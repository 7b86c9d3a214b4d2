//! `--tree`, `--stdin`, ward.toml, `ward init`, `ward rules`, `--help`.

mod common;
use common::{Repo, fake, hits, ward};
use predicates::str::contains;

#[test]
fn tree_scan_honours_gitignore_and_includes_dotfiles() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(
        p.join(".env"),
        format!("GITHUB_TOKEN={}\n", fake::github_pat(1)),
    )
    .unwrap();
    std::fs::create_dir_all(p.join("ignored")).unwrap();
    std::fs::write(
        p.join("ignored/x.env"),
        format!("GITHUB_TOKEN={}\n", fake::github_pat(2)),
    )
    .unwrap();
    std::fs::create_dir_all(p.join("src/deep")).unwrap();
    std::fs::write(
        p.join("src/deep/k.py"),
        format!("K = '{}'\n", fake::aws_key_id(3)),
    )
    .unwrap();
    let out = ward()
        .current_dir(p)
        .args(["scan", "--tree", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scan"]["mode"], "tree");
    assert_eq!(
        hits(&v),
        vec![
            ("github-pat".into(), ".env".into(), 1),
            ("aws-access-key-id".into(), "src/deep/k.py".into(), 1)
        ]
    );
    // --tree with no value scans the current directory; a path argument works from elsewhere.
    ward()
        .current_dir(p)
        .args(["scan", "--tree"])
        .assert()
        .code(1);
    ward().args(["scan", "--tree"]).arg(p).assert().code(1);
    ward()
        .args(["scan", "--tree", "/nonexistent/ward"])
        .assert()
        .code(2)
        .stderr(contains("/nonexistent/ward"));
}

#[test]
fn tree_equals_staged_on_equal_content() {
    let r = Repo::new();
    r.write("a/b.py", format!("x = 1\nT = '{}'\n", fake::github_pat(4)));
    r.write("c.yml", format!("slack: {}\n", fake::slack_bot(5)));
    r.add(&["."]);
    let (_, staged) = r.scan_json(&[]);
    let (_, tree) = r.scan_json(&["--tree", "."]);
    assert_eq!(hits(&staged), hits(&tree));
}

#[test]
fn stdin_scan() {
    ward()
        .args(["scan", "--stdin", "--stdin-name", "paste.txt"])
        .write_stdin(format!("token: {}\n", fake::github_pat(6)))
        .assert()
        .code(1)
        .stdout(contains("paste.txt:1:8"));
    ward()
        .args(["scan", "--stdin"])
        .write_stdin("nothing here\n")
        .assert()
        .success();
    // Arbitrary binary input is skipped, not an error.
    ward()
        .args(["scan", "--stdin", "--format", "json"])
        .write_stdin(vec![0u8, 159, 146, 150])
        .assert()
        .success();
}

#[test]
fn config_allow_disable_severity_and_custom_rules() {
    let r = Repo::new();
    r.write(
        "ward.toml",
        r#"
[rules]
disable = ["aws-access-key-id"]
[rules.severity]
github-pat = "low"

[[allow]]
rule = "slack-bot-token"
path = "tests/**"
reason = "fixtures"

[[custom-rules]]
id = "acme-key"
title = "ACME key"
severity = "high"
keywords = ["acme_"]
regex = '''\b(?P<secret>acme_[A-Za-z0-9]{32})\b'''
why = "grants ACME access"
fix = "rotate it"
examples = ["k = acme_Q2hv8sZk1LmP0vXw7RtYb3Nc5Df6Gh9J"]  # ward:allow (a custom rule's own example)
negative-examples = ["k = acme_short"]
"#,
    );
    r.write(
        "app.py",
        format!(
            "A = '{}'\nG = '{}'\n",
            fake::aws_key_id(1),
            fake::github_pat(2)
        ),
    );
    r.write("tests/fx.py", format!("S = '{}'\n", fake::slack_bot(3)));
    r.write(
        "src/x.py",
        format!(
            "S = '{}'\nK = 'acme_Q2hv8sZk1LmP0vXw7RtYb3Nc5Df6Gh9J'\n",
            fake::slack_bot(4)
        ),
    );
    r.add(&["."]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 1);
    let h = hits(&v);
    assert_eq!(
        h,
        vec![
            ("github-pat".into(), "app.py".into(), 2),
            ("slack-bot-token".into(), "src/x.py".into(), 1),
            ("acme-key".into(), "src/x.py".into(), 2),
        ]
    );
    assert_eq!(v["findings"][0]["severity"], "low");
}

#[test]
fn malformed_config_names_file_key_and_line() {
    let r = Repo::new();
    r.write("a.txt", "x\n").add(&["."]);
    r.write("ward.toml", "[scan]\nmax-file-size = 10\nbogus = true\n");
    r.ward()
        .assert()
        .code(2)
        .stderr(contains("ward.toml:3:"))
        .stderr(contains("bogus"));
    r.write("ward.toml", "[rules]\ndisable = [\"no-such-rule\"]\n");
    r.ward()
        .assert()
        .code(2)
        .stderr(contains("ward.toml:2:"))
        .stderr(contains("no-such-rule"));
    r.write("ward.toml", "[scan\n");
    r.ward().assert().code(2).stderr(contains("ward.toml:1:"));
    r.write("ward.toml", "[[custom-rules]]\nid = \"x-y\"\ntitle = \"t\"\nseverity = \"high\"\nkeywords = [\"abc\"]\nregex = '(unclosed'\nwhy = \"w\"\nfix = \"f\"\n");
    r.ward().assert().code(2).stderr(contains("invalid regex"));
    r.write(
        "ward.toml",
        "[[allow]]\nrule = \"github-pat\"\nreason = \"\"\n",
    );
    r.ward().assert().code(2).stderr(contains("reason"));
}

#[test]
fn init_writes_a_valid_commented_config() {
    let r = Repo::new();
    r.ward().arg("init").assert().success();
    let text = std::fs::read_to_string(r.path().join("ward.toml")).unwrap();
    assert!(text.contains("[[allow]]"));
    r.ward()
        .arg("init")
        .assert()
        .code(2)
        .stderr(contains("exists"));
    r.write("a.txt", "x\n").add(&["a.txt"]);
    r.ward().assert().success();
}

#[test]
fn rules_list_and_show() {
    let out = ward().args(["rules", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let n: usize = text
        .lines()
        .filter(|l| !l.is_empty() && !l.contains("rules;"))
        .count();
    assert!(n >= 120, "only {n} rules");
    assert!(text.contains("github-pat"));
    ward()
        .args(["rules", "show", "github-pat"])
        .assert()
        .success()
        .stdout(contains("## Why it matters"))
        .stdout(contains("## How to fix"))
        .stdout(contains("severity: critical"));
    ward()
        .args(["rules", "show", "nope"])
        .assert()
        .code(2)
        .stderr(contains("nope"));
    let json = ward().args(["rules", "list", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), n);
}

#[test]
fn rules_check_on_a_user_pack() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        r#"[[rules]]
id = "acme-key"
title = "ACME key"
severity = "high"
keywords = ["acme_"]
regex = '''\b(?P<secret>acme_[A-Za-z0-9]{32})\b'''
why = "w"
fix = "f"
examples = ["k = acme_Q2hv8sZk1LmP0vXw7RtYb3Nc5Df6Gh9J"]  # ward:allow (a custom rule's own example)
negative-examples = ["k = acme_short"]
"#,
    )
    .unwrap();
    ward()
        .args(["rules", "check"])
        .arg(&good)
        .assert()
        .success()
        .stdout(contains("0 problems"));
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&good)
            .unwrap()
            .replace("acme_short", "acme_Q2hv8sZk1LmP0vXw7RtYb3Nc5Df6GhXX"),
    )
    .unwrap();
    ward()
        .args(["rules", "check"])
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(contains("negative example detected"));
}

#[test]
fn help_snapshot() {
    let out = ward().arg("--help").output().unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn broken_pipe_is_not_an_error() {
    let mut child = std::process::Command::new(common::ward_bin())
        .args(["rules", "list"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.success() || status.code() == Some(0));
}
