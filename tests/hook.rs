//! `ward install` and the hook as git runs it: real `git commit`s.

mod common;
use common::{Repo, fake, ward_bin};
use std::path::Path;
use std::process::Command;

/// `git commit` with ward's directory first on PATH, as a user who installed it.
fn commit(r: &Repo, args: &[&str]) -> std::process::Output {
    let bin_dir = ward_bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("git")
        .arg("commit")
        .args(args)
        .current_dir(r.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("HOME", r.path())
        .output()
        .unwrap()
}

fn hooks(r: &Repo) -> std::path::PathBuf {
    r.path().join(".git/hooks")
}

#[test]
fn install_blocks_a_secret_and_passes_a_clean_commit() {
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    r.ward().arg("install").assert().success();
    let hook = hooks(&r).join("pre-commit");
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("ward-hook")
    );

    r.write("b.txt", "fine\n").add(&["b.txt"]);
    let out = commit(&r, &["-qm", "clean"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    r.write("c.py", format!("T = '{}'\n", fake::github_pat(1)))
        .add(&["c.py"]);
    let out = commit(&r, &["-qm", "leak"]);
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("github-pat"), "{all}");
    assert_eq!(r.git(&["log", "--format=%s", "-1"]).trim(), "clean");
}

#[test]
fn partial_commit_uses_the_temporary_index() {
    let r = Repo::new();
    r.write("a.txt", "a\n")
        .write("b.txt", "b\n")
        .add(&["."])
        .commit("init");
    r.ward().arg("install").assert().success();
    // The secret is staged in b.txt, but `git commit -- a.txt` commits only a.txt.
    r.write("b.txt", format!("b\nT={}\n", fake::github_pat(2)))
        .add(&["b.txt"]);
    r.write("a.txt", "a\nmore\n");
    let out = commit(&r, &["-qm", "only a", "--", "a.txt"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // And the other way round: the partial commit of b.txt is blocked.
    r.write("a.txt", "a\nmore\nstill\n");
    let out = commit(&r, &["-qm", "b", "--", "b.txt"]);
    assert!(!out.status.success());
}

#[test]
fn existing_hook_is_chained_and_restored() {
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    let hook = hooks(&r).join("pre-commit");
    let marker = r.path().join("ran");
    let original = format!("#!/bin/sh\necho ran > '{}'\nexit 0\n", marker.display());
    std::fs::write(&hook, &original).unwrap();
    make_executable(&hook);

    r.ward()
        .arg("install")
        .assert()
        .success()
        .stderr(predicates::str::contains("kept"));
    r.write("b.txt", "b\n").add(&["b.txt"]);
    assert!(commit(&r, &["-qm", "b"]).status.success());
    assert!(marker.exists(), "the original hook did not run");

    // Installing again does not chain ward to itself.
    r.ward().arg("install").assert().success();
    assert_eq!(
        std::fs::read_to_string(hooks(&r).join("pre-commit.ward-chained")).unwrap(),
        original
    );

    r.ward().arg("uninstall").assert().success();
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), original);
    assert!(!hooks(&r).join("pre-commit.ward-chained").exists());
}

#[test]
fn a_failing_chained_hook_stops_the_commit() {
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    let hook = hooks(&r).join("pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho 'lint failed' >&2\nexit 3\n").unwrap();
    make_executable(&hook);
    r.ward().arg("install").assert().success();
    r.write("b.txt", "b\n").add(&["b.txt"]);
    let out = commit(&r, &["-qm", "b"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("lint failed"));
}

#[test]
fn force_replaces_but_keeps_a_backup() {
    let r = Repo::new();
    let hook = hooks(&r).join("pre-commit");
    std::fs::create_dir_all(hooks(&r)).unwrap();
    std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
    r.ward().args(["install", "--force"]).assert().success();
    assert!(hooks(&r).join("pre-commit.ward-backup").exists());
    r.ward().arg("uninstall").assert().success();
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\nexit 0\n"
    );
}

#[test]
fn uninstall_leaves_a_foreign_hook_alone() {
    let r = Repo::new();
    std::fs::create_dir_all(hooks(&r)).unwrap();
    std::fs::write(hooks(&r).join("pre-commit"), "#!/bin/sh\nexit 0\n").unwrap();
    r.ward()
        .arg("uninstall")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not ward's hook"));
    assert!(hooks(&r).join("pre-commit").exists());
}

#[test]
fn respects_core_hooks_path() {
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    r.git(&["config", "core.hooksPath", ".githooks"]);
    r.ward().arg("install").assert().success();
    assert!(r.path().join(".githooks/pre-commit").exists());
    assert!(!hooks(&r).join("pre-commit").exists());
    r.write("k.env", format!("GITHUB_TOKEN={}\n", fake::github_pat(3)))
        .add(&["k.env"]);
    assert!(!commit(&r, &["-qm", "leak"]).status.success());
}

#[test]
fn works_in_a_linked_worktree() {
    let r = Repo::new();
    r.write("a.txt", "a\n").add(&["a.txt"]).commit("init");
    let wt = tempfile::tempdir().unwrap();
    let wt_path = wt.path().join("wt");
    r.git(&[
        "worktree",
        "add",
        "-q",
        wt_path.to_str().unwrap(),
        "-b",
        "feature",
    ]);
    common::ward()
        .current_dir(&wt_path)
        .arg("install")
        .assert()
        .success();
    assert!(
        hooks(&r).join("pre-commit").exists(),
        "hooks live in the common dir"
    );
    std::fs::write(
        wt_path.join("s.env"),
        format!("GITHUB_TOKEN={}\n", fake::github_pat(4)),
    )
    .unwrap();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(&wt_path)
            .env("HOME", r.path())
            .output()
            .unwrap()
    };
    assert!(git(&["add", "s.env"]).status.success());
    common::ward().current_dir(&wt_path).assert().code(1);
    let bin_dir = ward_bin().parent().unwrap().to_path_buf();
    let out = Command::new("git")
        .args(["commit", "-qm", "leak"])
        .current_dir(&wt_path)
        .env("HOME", r.path())
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn hook_script_in_repo_matches_what_install_writes() {
    let r = Repo::new();
    r.ward().arg("install").assert().success();
    let installed = std::fs::read_to_string(hooks(&r).join("pre-commit")).unwrap();
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("hooks/pre-commit"))
            .unwrap();
    let exe = ward_bin().display().to_string();
    assert_eq!(installed, shipped.replace("@WARD_FALLBACK@", &exe));
}

fn make_executable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
}
