//! The staged source, end to end: real repositories, the real binary.

mod common;
use common::{Repo, fake, hits, rules, skipped};

fn base_repo() -> Repo {
    let r = Repo::new();
    r.write("README.md", "# demo\n")
        .write("src/app.py", "import os\n\nprint('hi')\n");
    r.add(&["."]).commit("init");
    r
}

#[test]
fn clean_commit_passes_silently() {
    let r = base_repo();
    r.write("src/app.py", "import os\n\nprint('hello')\n")
        .add(&["src/app.py"]);
    r.ward().assert().success().stdout("").stderr("");
}

#[test]
fn staged_token_blocks_with_readable_report() {
    let r = base_repo();
    let token = fake::github_pat(1);
    r.write(
        "src/app.py",
        format!("import os\n\nTOKEN = \"{token}\"\nprint('hi')\n"),
    );
    r.add(&["src/app.py"]);
    let out = r.ward().assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("critical[github-pat]"), "{text}");
    assert!(text.contains("src/app.py:3:10"), "{text}");
    assert!(
        text.contains("why:") && text.contains("fix:") && text.contains("ward:allow"),
        "{text}"
    );
    assert!(!text.contains(&token), "secret printed in clear: {text}");
    assert!(
        text.contains(&token[..6]),
        "redacted prefix missing: {text}"
    );
}

#[test]
fn initial_commit_scans_everything_added() {
    let r = Repo::new();
    r.write(
        "config/.env",
        format!("AWS_ACCESS_KEY_ID={}\n", fake::aws_key_id(7)),
    );
    r.add(&["."]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        hits(&v),
        vec![("aws-access-key-id".into(), "config/.env".into(), 1)]
    );
}

#[test]
fn only_added_lines_of_modified_files() {
    let r = Repo::new();
    let old = fake::stripe_live(3);
    r.write(
        "pay.py",
        format!("KEY = \"{old}\"  # committed long ago\nx = 1\n"),
    );
    r.add(&["."]).commit("init");
    let new = fake::stripe_live(4);
    r.write(
        "pay.py",
        format!("KEY = \"{old}\"  # committed long ago\nx = 1\nNEW = \"{new}\"\n"),
    );
    r.add(&["pay.py"]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 1);
    let h = hits(&v);
    assert_eq!(h.len(), 1, "{v:#}");
    assert_eq!(h[0].2, 3, "only the added line 3 is reported");
}

#[test]
fn multi_line_private_key_in_a_hunk() {
    let r = base_repo();
    let key = fake::rsa_private_key(9);
    r.write("deploy/id_rsa", &key).add(&["deploy/id_rsa"]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 1);
    let h = hits(&v);
    assert_eq!(h.len(), 1, "{v:#}");
    assert!(h[0].0.contains("private-key"), "{h:?}");
    assert_eq!(h[0].1, "deploy/id_rsa");
}

#[test]
fn deleted_and_pure_renamed_files_add_nothing() {
    let r = Repo::new();
    let t = fake::github_pat(5);
    r.write("a/old.py", format!("T = '{t}'\n"))
        .write("gone.py", format!("T = '{t}'\n"));
    r.add(&["."]).commit("init");
    std::fs::create_dir_all(r.path().join("b")).unwrap();
    r.git(&["mv", "a/old.py", "b/new.py"]);
    r.git(&["rm", "-q", "gone.py"]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 0, "{v:#}");
    assert!(rules(&v).is_empty());
}

#[test]
fn renamed_with_edits_reports_only_new_lines() {
    let r = Repo::new();
    let t = fake::github_pat(6);
    let body: String = (0..20).map(|i| format!("line {i}\n")).collect();
    r.write("old/settings.py", format!("T = '{t}'\n{body}"));
    r.add(&["."]).commit("init");
    std::fs::create_dir_all(r.path().join("new")).unwrap();
    r.git(&["mv", "old/settings.py", "new/settings.py"]);
    let t2 = fake::github_pat(8);
    r.write("new/settings.py", format!("T = '{t}'\n{body}U = '{t2}'\n"));
    r.add(&["."]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        hits(&v),
        vec![("github-pat".into(), "new/settings.py".into(), 22)]
    );
}

#[test]
fn mode_change_alone_adds_nothing() {
    let r = Repo::new();
    r.write("run.sh", format!("export T={}\n", fake::github_pat(2)));
    r.add(&["."]).commit("init");
    r.git(&["update-index", "--chmod=+x", "run.sh"]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn binary_and_large_files_are_skipped_and_counted() {
    let r = base_repo();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(fake::github_pat(1).as_bytes());
    r.write("img.png", &png);
    r.write("ward.toml", "[scan]\nmax-file-size = 1000\n");
    r.write(
        "big.txt",
        format!("{}\nT={}\n", "x".repeat(2000), fake::github_pat(2)),
    );
    r.add(&["img.png", "big.txt"]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(
        skipped(&v),
        vec![
            ("big.txt".into(), "too-large".into()),
            ("img.png".into(), "binary".into())
        ]
    );
    // In the plain hook, a too-large file is named on stderr even when the commit passes.
    r.ward()
        .assert()
        .success()
        .stderr(predicates::str::contains("big.txt"));
}

#[test]
fn crlf_and_non_utf8_keep_line_numbers() {
    let r = base_repo();
    let mut bytes = b"caf\xe9 = 1\r\nname = 'x'\r\n".to_vec();
    bytes.extend_from_slice(format!("token = \"{}\"\r\n", fake::github_pat(3)).as_bytes());
    r.write("latin1.cfg", &bytes).add(&["latin1.cfg"]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        hits(&v),
        vec![("github-pat".into(), "latin1.cfg".into(), 3)]
    );
    assert_eq!(v["findings"][0]["column"], 10);
}

#[test]
fn submodule_and_intent_to_add_are_skipped() {
    let r = base_repo();
    let sub = Repo::new();
    sub.write("x", "1\n").add(&["x"]).commit("sub");
    let head = sub.git(&["rev-parse", "HEAD"]);
    r.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{},vendor/lib", head.trim()),
    ]);
    r.write("later.py", format!("T='{}'\n", fake::github_pat(4)));
    r.git(&["add", "-N", "later.py"]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        skipped(&v),
        vec![
            ("later.py".into(), "intent-to-add".into()),
            ("vendor/lib".into(), "submodule".into())
        ]
    );
}

#[test]
fn detached_head_works() {
    let r = base_repo();
    r.git(&["checkout", "-q", "--detach"]);
    r.write("x.env", format!("GITHUB_TOKEN={}\n", fake::github_pat(11)));
    r.add(&["x.env"]);
    let (code, _) = r.scan_json(&[]);
    assert_eq!(code, 1);
}

#[test]
fn honours_git_index_file() {
    let r = base_repo();
    r.write("a.py", format!("T='{}'\n", fake::github_pat(12)));
    // Stage into a temporary index only, as `git commit -- path` does.
    let tmp = r.path().join(".git/tmp-index");
    std::fs::copy(r.path().join(".git/index"), &tmp).unwrap();
    let status = std::process::Command::new("git")
        .args(["add", "a.py"])
        .env("GIT_INDEX_FILE", &tmp)
        .current_dir(r.path())
        .status()
        .unwrap();
    assert!(status.success());
    r.ward().assert().success(); // the real index has nothing staged
    r.ward().env("GIT_INDEX_FILE", &tmp).assert().code(1);
}

#[test]
fn never_writes_index_or_worktree() {
    let r = base_repo();
    r.write("src/app.py", format!("T='{}'\n", fake::github_pat(13)))
        .add(&["src/app.py"]);
    let index = r.index_bytes();
    let status = r.git(&["status", "--porcelain"]);
    r.ward().assert().code(1);
    r.ward()
        .args(["scan", "--format", "sarif"])
        .assert()
        .code(1);
    assert_eq!(index, r.index_bytes(), "index changed");
    assert_eq!(status, r.git(&["status", "--porcelain"]));
}

#[test]
fn file_arguments_scan_added_lines_or_whole_content() {
    let r = Repo::new();
    let old = fake::github_pat(21);
    r.write("kept.py", format!("T = '{old}'\n"))
        .write("other.py", "x = 1\n");
    r.add(&["."]).commit("init");
    // Unchanged from HEAD (pre-commit run --all-files): the whole content counts.
    let (code, v) = r.scan_json(&["kept.py"]);
    assert_eq!(code, 1);
    assert_eq!(hits(&v), vec![("github-pat".into(), "kept.py".into(), 1)]);
    // Changed: only its added lines.
    r.write(
        "other.py",
        format!("x = 1\nU = '{}'\n", fake::github_pat(22)),
    );
    r.add(&["other.py"]);
    let (code, v) = r.scan_json(&["other.py"]);
    assert_eq!(code, 1);
    assert_eq!(hits(&v), vec![("github-pat".into(), "other.py".into(), 2)]);
    // Paths are relative to the current directory, as pre-commit passes them.
    let sub = r.path().join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let out = common::ward()
        .current_dir(&sub)
        .args(["scan", "--format", "json", "../kept.py"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn not_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    common::ward()
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not in a git repository"));
}

#[test]
fn corrupt_index_is_a_clear_error() {
    let r = base_repo();
    std::fs::write(r.path().join(".git/index"), b"DIRC\0\0\0\x02garbage").unwrap();
    r.ward()
        .assert()
        .code(2)
        .stderr(predicates::str::contains("index"));
}

#[test]
fn inline_markers_suppress() {
    let r = base_repo();
    r.write(
        "t.py",
        format!(
            "A = '{}'  # ward:allow\nB = '{}'  # gitleaks:allow\n# pragma: allowlist nextline secret\nC = '{}'\nD = '{}'  # ward:allow(other-rule)\n",
            fake::github_pat(31),
            fake::github_pat(32),
            fake::github_pat(33),
            fake::github_pat(34)
        ),
    );
    r.add(&["t.py"]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(hits(&v), vec![("github-pat".into(), "t.py".into(), 5)]);
}

#[test]
fn many_files_in_many_directories() {
    // Exercises the cache-tree walk: only the changed directory is read.
    let r = Repo::new();
    for d in 0..30 {
        for f in 0..10 {
            r.write(&format!("d{d}/sub/f{f}.txt"), format!("{d} {f}\n"));
        }
    }
    r.add(&["."]).commit("init");
    r.write(
        "d17/sub/f3.txt",
        format!("17 3\nT={}\n", fake::github_pat(40)),
    );
    r.write("d17/new.txt", "new\n");
    r.git(&["rm", "-q", "d5/sub/f1.txt"]);
    r.add(&["."]);
    let (code, v) = r.scan_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        hits(&v),
        vec![("github-pat".into(), "d17/sub/f3.txt".into(), 2)]
    );
    assert_eq!(v["scan"]["files"], 2);
}

/// A package-lock large enough (> 256 KiB) that ward reads the staged
/// version from the work tree when the index says the file there is it.
fn big_lock(extra: &str) -> String {
    let mut entries: Vec<String> = (0..2000)
        .map(|i| {
            format!(
                "    \"node_modules/internal-lib-{i}\": {{\n      \"version\": \"1.0.{i}\",\n      \"resolved\": \"https://registry.npmjs.org/internal-lib-{i}/-/internal-lib-{i}-1.0.{i}.tgz\"\n    }}"
            )
        })
        .collect();
    if !extra.is_empty() {
        entries.push(format!(
            "    \"node_modules/{extra}\": {{\n      \"version\": \"4.0.0\",\n      \"resolved\": \"https://registry.npmjs.org/{extra}/-/{extra}-4.0.0.tgz\"\n    }}"
        ));
    }
    format!(
        "{{\n  \"lockfileVersion\": 3,\n  \"packages\": {{\n    \"\": {{\"name\": \"app\"}},\n{}\n  }}\n}}\n",
        entries.join(",\n")
    )
}

#[test]
fn large_lockfile_scans_the_staged_version_not_the_work_tree() {
    let r = base_repo();
    r.write("package-lock.json", big_lock(""))
        .add(&["package-lock.json"]);
    r.commit("lock");
    let typosquat = |r: &Repo| rules(&r.scan_json(&[]).1).contains(&"dep-typosquat".to_string());

    // Staged and in the work tree alike.
    r.write("package-lock.json", big_lock("expres"))
        .add(&["package-lock.json"]);
    assert!(typosquat(&r));
    // Fixed in the work tree after `git add`: what is staged still has it.
    r.write("package-lock.json", big_lock("express"));
    assert!(typosquat(&r));
    // Also when the edit keeps the size and comes within the second of
    // staging: the nanoseconds of the file's times tell.
    r.write("package-lock.json", big_lock("expres"))
        .add(&["package-lock.json"]);
    r.write("package-lock.json", big_lock("zzzzzz"));
    assert!(typosquat(&r));
    // The reverse: staged clean, the typosquat only in the work tree.
    r.add(&["package-lock.json"]);
    r.write("package-lock.json", big_lock("expres"));
    assert!(!typosquat(&r));
}
