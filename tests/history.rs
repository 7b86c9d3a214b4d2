//! History scans: --all, --range, --branch, --since, reflogs and unreachable
//! commits, merges, renames, shallow clones, empty and bare repositories,
//! missing objects, and the pre-push hook with git's real stdin format.

mod common;

use common::{Repo, fake, hits, skipped, ward};
use serde_json::Value;

fn head(r: &Repo) -> String {
    r.git(&["rev-parse", "HEAD"]).trim().to_string()
}

/// (rule, path, line, commit) of each finding.
fn attributed(report: &Value) -> Vec<(String, String, u64, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["commit"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn filler(n: usize) -> String {
    (0..n).map(|i| format!("value_{i} = {i}\n")).collect()
}

#[test]
fn secret_is_attributed_to_the_commit_that_added_it_even_after_deletion() {
    let r = Repo::new();
    let pat = fake::github_pat(1);
    r.write("app.py", filler(5)).add(&["app.py"]).commit("init");
    r.write("app.py", format!("{}token = \"{pat}\"\n", filler(5)))
        .add(&["app.py"])
        .commit("add token");
    let introduced = head(&r);
    // Edits above the line move it; nothing new is reported for them.
    r.write("app.py", format!("{}token = \"{pat}\"\n", filler(9)))
        .add(&["app.py"])
        .commit("more settings");
    r.write("app.py", filler(9))
        .add(&["app.py"])
        .commit("remove token");
    // The tree is clean now: a staged scan and a tree scan find nothing.
    assert_eq!(r.scan_json(&["--tree", "."]).0, 0);

    let (code, report) = r.scan_json(&["--all"]);
    assert_eq!(code, 1);
    assert_eq!(
        attributed(&report),
        vec![("github-pat".into(), "app.py".into(), 6, introduced.clone())]
    );
    let f = &report["findings"][0];
    assert_eq!(f["author"], "Dev <dev@example.com>");
    assert!(f["date"].as_str().unwrap().starts_with("20"), "{f}");
    assert_eq!(report["scan"]["mode"], "all");
    assert_eq!(report["scan"]["commits"], 4);
    assert!(!report.to_string().contains(&pat), "secret leaked");

    // Human output names the commit and its author.
    let out = r.ward().args(["scan", "--all"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("in commit {}", &introduced[..12])),
        "{text}"
    );
    assert!(text.contains("across 4 commits"), "{text}");
}

#[test]
fn merges_report_branch_work_at_the_branch_commit_and_evil_merges_at_the_merge() {
    let r = Repo::new();
    r.write("a.txt", filler(3)).add(&["a.txt"]).commit("init");
    r.git(&["checkout", "-q", "-b", "topic"]);
    let slack = fake::slack_bot(7);
    r.write("notify.yaml", format!("slack:\n  token: {slack}\n"))
        .add(&["notify.yaml"])
        .commit("notifications");
    let branch_commit = head(&r);
    r.git(&["checkout", "-q", "main"]);
    r.write("b.txt", "main work\n")
        .add(&["b.txt"])
        .commit("main work");
    r.git(&["merge", "-q", "--no-ff", "topic", "-m", "merge topic"]);

    // An evil merge: the merge commit itself adds a secret no parent had.
    r.git(&["checkout", "-q", "-b", "topic2", "HEAD~1"]);
    r.write("c.txt", "topic2\n")
        .add(&["c.txt"])
        .commit("topic2");
    r.git(&["checkout", "-q", "main"]);
    r.git(&["merge", "-q", "--no-ff", "--no-commit", "topic2"]);
    let stripe = fake::stripe_live(3);
    r.write("c.txt", format!("topic2\nSTRIPE_KEY = \"{stripe}\"\n"))
        .add(&["c.txt"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "merge topic2"]);
    let merge_commit = head(&r);

    let (_, report) = r.scan_json(&["--all"]);
    let mut got = attributed(&report);
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                "slack-bot-token".into(),
                "notify.yaml".into(),
                2,
                branch_commit
            ),
            ("stripe-secret-key".into(), "c.txt".into(), 2, merge_commit),
        ]
    );
}

#[test]
fn renames_do_not_report_a_secret_again() {
    let r = Repo::new();
    let key = fake::aws_key_id(4);
    r.write(
        "conf/settings.py",
        format!("{}AWS_KEY = \"{key}\"\n", filler(4)),
    )
    .add(&["."])
    .commit("settings");
    let introduced = head(&r);
    r.git(&["mv", "conf/settings.py", "conf/base.py"]);
    r.commit("pure rename");
    std::fs::create_dir_all(r.path().join("config")).unwrap();
    r.git(&["mv", "conf/base.py", "config/base.py"]);
    r.write(
        "config/base.py",
        format!("# moved\n{}AWS_KEY = \"{key}\"\n", filler(4)),
    )
    .add(&["."])
    .commit("rename with an edit");
    let (_, report) = r.scan_json(&["--all"]);
    assert_eq!(
        attributed(&report),
        vec![(
            "aws-access-key-id".into(),
            "conf/settings.py".into(),
            5,
            introduced
        )]
    );
}

#[test]
fn branches_tags_ranges_and_since_select_commits() {
    let r = Repo::new();
    r.write("a.txt", "start\n").add(&["a.txt"]).commit("init");
    let base = head(&r);
    // Old, dated commits: --since cuts them off.
    let old_key = fake::stripe_live(11);
    r.write("old.js", format!("const k = \"{old_key}\";\n"))
        .add(&["old.js"]);
    r.git(&[
        "-c",
        "user.name=Old",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "old",
        "--date=2015-01-01T00:00:00Z",
    ]);
    std::process::Command::new("git")
        .args(["commit", "-q", "--amend", "--no-edit", "--no-verify"])
        .env("GIT_COMMITTER_DATE", "2015-01-01T00:00:00Z")
        .current_dir(r.path())
        .output()
        .unwrap();
    let old = head(&r);
    r.git(&["tag", "-a", "v1", "-m", "release 1"]);
    r.write("a.txt", "start\nmore\n")
        .add(&["a.txt"])
        .commit("more");
    let after_old = head(&r);

    // A branch that is never merged.
    r.git(&["checkout", "-q", "-b", "experiment"]);
    let pat = fake::github_pat(12);
    r.write("exp.py", format!("T = \"{pat}\"\n"))
        .add(&["exp.py"])
        .commit("experiment");
    r.git(&["checkout", "-q", "main"]);
    // A tag pointing at a blob must not break the walk.
    let blob = r.git(&["hash-object", "-w", "a.txt"]);
    r.git(&["tag", "blob-tag", blob.trim()]);

    let rules_of = |args: &[&str]| {
        let mut v: Vec<String> = common::rules(&r.scan_json(args).1);
        v.sort();
        v
    };
    assert_eq!(rules_of(&["--all"]), ["github-pat", "stripe-secret-key"]);
    assert_eq!(rules_of(&["--branch", "main"]), ["stripe-secret-key"]);
    assert_eq!(
        rules_of(&["--branch", "experiment"]),
        ["github-pat", "stripe-secret-key"]
    );
    assert_eq!(rules_of(&["--range", "main..experiment"]), ["github-pat"]);
    assert_eq!(
        rules_of(&["--range", &format!("{old}..main")]),
        Vec::<String>::new()
    );
    assert_eq!(
        rules_of(&["--range", &format!("{base}..{after_old}")]),
        ["stripe-secret-key"]
    );
    assert_eq!(rules_of(&["--range", "v1"]), ["stripe-secret-key"]);
    assert_eq!(
        rules_of(&["--all", "--since", "2020-01-01"]),
        ["github-pat"]
    );
    assert_eq!(rules_of(&["--since", "2020-01-01"]), ["github-pat"]);

    // A bad revision is a one-line error, exit 2.
    let out = r
        .ward()
        .args(["scan", "--range", "main..nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope"), "{err}");
    let out = r
        .ward()
        .args(["scan", "--since", "not a date at all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn reflog_and_unreachable_commits_are_opt_in() {
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    let key = fake::aws_key_id(21);
    r.write("leak.txt", format!("aws_access_key_id = {key}\n"))
        .add(&["leak.txt"])
        .commit("oops");
    r.git(&["reset", "-q", "--hard", "HEAD~1"]);
    assert!(common::rules(&r.scan_json(&["--all"]).1).is_empty());
    assert_eq!(
        common::rules(&r.scan_json(&["--all", "--reflog"]).1),
        ["aws-access-key-id"]
    );
    r.git(&["reflog", "expire", "--expire=now", "--all"]);
    assert!(common::rules(&r.scan_json(&["--all", "--reflog"]).1).is_empty());
    assert_eq!(
        common::rules(&r.scan_json(&["--all", "--include-unreachable"]).1),
        ["aws-access-key-id"]
    );
}

#[test]
fn shallow_clones_scan_what_exists_and_say_what_is_missing() {
    let r = Repo::new();
    let pat = fake::github_pat(31);
    r.write("app.py", format!("T = \"{pat}\"\n"))
        .add(&["app.py"])
        .commit("one");
    for i in 0..3 {
        r.write("n.txt", format!("{i}\n"))
            .add(&["n.txt"])
            .commit("n");
    }
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let st = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "2", &url])
        .arg(clone.path().join("c"))
        .status()
        .unwrap();
    assert!(st.success());
    let out = ward()
        .current_dir(clone.path().join("c"))
        .args(["scan", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["scan"]["commits"], 2);
    // The secret is older than the clone: it shows up at the shallow boundary.
    assert_eq!(
        hits(&report),
        vec![("github-pat".into(), "app.py".into(), 1)]
    );
    let sk = skipped(&report);
    assert!(
        sk.iter()
            .any(|(p, reason)| p.starts_with("commit ") && reason == "missing"),
        "{sk:?}"
    );
}

#[test]
fn empty_and_bare_repositories() {
    let r = Repo::new();
    let (code, report) = r.scan_json(&["--all"]);
    assert_eq!(code, 0);
    assert_eq!(report["scan"]["commits"], 0);

    r.write("x.py", format!("K = \"{}\"\n", fake::stripe_live(41)))
        .add(&["x.py"])
        .commit("x");
    let bare = tempfile::tempdir().unwrap();
    let st = std::process::Command::new("git")
        .args(["clone", "-q", "--bare"])
        .arg(r.path())
        .arg(bare.path().join("b.git"))
        .status()
        .unwrap();
    assert!(st.success());
    let out = ward()
        .current_dir(bare.path().join("b.git"))
        .args(["scan", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(common::rules(&report), ["stripe-secret-key"]);
}

#[test]
fn a_missing_blob_is_reported_not_fatal() {
    let r = Repo::new();
    r.write("keep.py", format!("K = \"{}\"\n", fake::stripe_live(51)))
        .write("lost.txt", "this blob will disappear\n")
        .add(&["."])
        .commit("init");
    let id = r.git(&["rev-parse", "HEAD:lost.txt"]);
    let id = id.trim();
    std::fs::remove_file(
        r.path()
            .join(format!(".git/objects/{}/{}", &id[..2], &id[2..])),
    )
    .unwrap();
    let (code, report) = r.scan_json(&["--all"]);
    assert_eq!(code, 1);
    assert_eq!(common::rules(&report), ["stripe-secret-key"]);
    let sk = skipped(&report);
    assert!(
        sk.iter()
            .any(|(p, reason)| p == "lost.txt" && reason == "unreadable"),
        "{sk:?}"
    );
}

#[test]
fn the_same_change_on_two_branches_is_reported_once_at_the_earliest() {
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    r.git(&["checkout", "-q", "-b", "one"]);
    let key = fake::stripe_live(61);
    r.write("pay.js", format!("const k = \"{key}\";\n"))
        .add(&["pay.js"])
        .commit("pay");
    let first = head(&r);
    r.git(&["checkout", "-q", "main"]);
    r.git(&["commit", "-q", "--allow-empty", "-m", "later"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    r.git(&["cherry-pick", first.as_str()]);
    let (_, report) = r.scan_json(&["--all"]);
    let got = attributed(&report);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].3, first);
}

#[test]
fn only_selects_detectors_in_history_too() {
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    r.write(
        "client.py",
        "import requests\nr = requests.get(URL, verify=False)\n",
    )
    .add(&["client.py"])
    .commit("fetch");
    r.write("client.py", "import requests\nr = requests.get(URL)\n")
        .add(&["client.py"])
        .commit("fix");
    assert_eq!(r.scan_json(&["--all", "--only", "secrets"]).0, 0);
    let (code, report) = r.scan_json(&["--all", "--only", "code"]);
    assert_eq!(code, 1, "{report}");
    let got = attributed(&report);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "tls-verify-disabled-python");
    assert_eq!(got[0].3, r.git(&["rev-parse", "HEAD~1"]).trim());
}

/// A bare "remote", a clone with ward's pre-push hook, real `git push`.
fn pushing_repo() -> (Repo, tempfile::TempDir) {
    let remote = tempfile::tempdir().unwrap();
    let st = std::process::Command::new("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(remote.path())
        .status()
        .unwrap();
    assert!(st.success());
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    r.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    r.git(&["push", "-q", "origin", "main"]);
    (r, remote)
}

fn push(r: &Repo, args: &[&str]) -> std::process::Output {
    let bin = common::ward_bin();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    std::process::Command::new("git")
        .arg("push")
        .args(args)
        .current_dir(r.path())
        .env("PATH", path)
        .env("HOME", r.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn pre_push_hook_blocks_a_push_that_sends_a_secret() {
    let (r, remote) = pushing_repo();
    let out = r.ward().args(["install", "--pre-push"]).output().unwrap();
    assert!(out.status.success());
    assert!(r.path().join(".git/hooks/pre-push").exists());
    // The hook script ward installs is the one shipped in hooks/.
    let installed = std::fs::read_to_string(r.path().join(".git/hooks/pre-push")).unwrap();
    let shipped = include_str!("../hooks/pre-push");
    let ward_line = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("ward_bin=\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(ward_line(&installed), ward_line(shipped));

    // A clean commit pushes.
    r.write("b.txt", "b\n").add(&["b.txt"]).commit("clean");
    let out = push(&r, &["-q", "origin", "main"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A secret in one of two new commits blocks the push; the remote keeps its tip.
    let remote_tip = || {
        std::process::Command::new("git")
            .args(["rev-parse", "main"])
            .current_dir(remote.path())
            .output()
            .unwrap()
            .stdout
    };
    let before = remote_tip();
    r.write("c.py", format!("K = \"{}\"\n", fake::stripe_live(71)))
        .add(&["c.py"])
        .commit("leak");
    r.write("d.txt", "d\n").add(&["d.txt"]).commit("after");
    let out = push(&r, &["origin", "main"]);
    assert!(!out.status.success());
    let err =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stripe-secret-key"), "{err}");
    assert_eq!(remote_tip(), before);

    // A new branch containing only pushed commits plus a clean one passes;
    // deleting a branch sends nothing.
    r.git(&["reset", "-q", "--hard", "HEAD~2"]);
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write("e.txt", "e\n").add(&["e.txt"]).commit("feature");
    let out = push(&r, &["-q", "origin", "feature"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = push(&r, &["-q", "origin", "--delete", "feature"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = r.ward().args(["uninstall", "--pre-push"]).output().unwrap();
    assert!(out.status.success());
    assert!(!r.path().join(".git/hooks/pre-push").exists());
}

#[test]
fn pre_push_reads_gits_stdin_format() {
    let (r, _remote) = pushing_repo();
    r.git(&["fetch", "-q", "origin"]);
    let pushed = head(&r);
    r.git(&["checkout", "-q", "-b", "topic"]);
    r.write("k.py", format!("K = \"{}\"\n", fake::stripe_live(81)))
        .add(&["k.py"])
        .commit("leak");
    let tip = head(&r);
    let zeros = "0".repeat(40);
    let run = |stdin: String| {
        let out = r
            .ward()
            .args(["scan", "--pre-push", "--format", "json"])
            .write_stdin(stdin)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (
            out.status.code().unwrap(),
            v,
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // New branch: every commit no remote-tracking ref has.
    let (code, v, _) = run(format!("refs/heads/topic {tip} refs/heads/topic {zeros}\n"));
    assert_eq!(code, 1);
    assert_eq!(v["scan"]["mode"], "pre-push");
    assert_eq!(v["scan"]["commits"], 1);
    // Update of an existing branch: remote sha..local sha.
    let (code, v, _) = run(format!("refs/heads/topic {tip} refs/heads/main {pushed}\n"));
    assert_eq!((code, v["scan"]["commits"].clone()), (1, 1.into()));
    // Deletion sends nothing; an empty push sends nothing.
    let (code, v, _) = run(format!("(delete) {zeros} refs/heads/topic {tip}\n"));
    assert_eq!((code, v["scan"]["commits"].clone()), (0, 0.into()));
    let (code, _, _) = run(String::new());
    assert_eq!(code, 0);
    // Garbage is a clear error.
    let (code, _, err) = run("what is this\n".into());
    assert_eq!(code, 2);
    assert!(err.contains("pre-push input line 1"), "{err}");
}

#[test]
fn history_sarif_validates_and_carries_the_commit() {
    let r = Repo::new();
    r.write("a.py", format!("K = \"{}\"\n", fake::stripe_live(91)))
        .add(&["a.py"])
        .commit("a");
    let out = r
        .ward()
        .args(["scan", "--all", "--format", "sarif"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = common::sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        doc["runs"][0]["results"][0]["properties"]["commit"],
        head(&r).as_str()
    );
}
