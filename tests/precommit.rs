//! Through the real pre-commit framework (PyPI `pre-commit`, installed by
//! `.ci/run`), with the `ward-system` hook from this repository's
//! `.pre-commit-hooks.yaml`. Offline: the hook repository is a local clone.

mod common;
use common::{Repo, fake, ward_bin};
use std::process::Command;

fn pre_commit_available() -> bool {
    Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn ward_system_hook_through_pre_commit() {
    if !pre_commit_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit must be installed in CI (.ci/run does it)"
        );
        eprintln!("SKIPPED: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    // The hook repository: this repository's .pre-commit-hooks.yaml at a commit.
    let hooks_repo = Repo::new();
    let manifest = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    hooks_repo
        .write(".pre-commit-hooks.yaml", manifest)
        .add(&["."])
        .commit("hooks");
    let rev = hooks_repo.git(&["rev-parse", "HEAD"]).trim().to_string();

    let r = Repo::new();
    r.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n- repo: {}\n  rev: {rev}\n  hooks:\n  - id: ward-system\n",
            hooks_repo.path().display()
        ),
    );
    r.write("a.py", "x = 1\n").add(&["."]).commit("init");

    let home = tempfile::tempdir().unwrap();
    let bin_dir = ward_bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |args: &[&str]| {
        Command::new("pre-commit")
            .args(args)
            .current_dir(r.path())
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", home.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };

    // Staged secret: the framework passes the file name; ward blocks it.
    r.write("b.py", format!("TOKEN = '{}'\n", fake::github_pat(1)))
        .add(&["b.py"]);
    let out = run(&["run"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("github-pat"), "{text}");
    assert!(text.contains("b.py:1:10"), "{text}");

    // Clean staged change passes.
    r.git(&["reset", "-q", "b.py"]);
    std::fs::remove_file(r.path().join("b.py")).unwrap();
    r.write("a.py", "x = 2\n").add(&["a.py"]);
    let out = run(&["run"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    r.commit("clean");

    // --all-files with the index equal to HEAD: whole contents are scanned.
    r.write("old.env", format!("GITHUB_TOKEN={}\n", fake::github_pat(2)))
        .add(&["old.env"])
        .commit("old leak");
    let out = run(&["run", "--all-files"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("old.env:1"), "{text}");
}
