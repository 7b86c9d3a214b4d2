//! `ward install` / `ward uninstall`: put the pre-commit (and pre-push) hook where git looks
//! for it (`core.hooksPath`, linked worktrees), chaining to a hook that was
//! already there instead of destroying it.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The hook scripts shipped in `hooks/`.
pub const PRE_COMMIT: &str = include_str!("../hooks/pre-commit");
pub const PRE_PUSH: &str = include_str!("../hooks/pre-push");

/// The script ward installs as hook `name`.
fn script(name: &str) -> Result<&'static str> {
    match name {
        "pre-commit" => Ok(PRE_COMMIT),
        "pre-push" => Ok(PRE_PUSH),
        other => bail!("ward has no {other} hook"),
    }
}
/// Marks a hook file as ward's own.
const MARKER: &str = "# ward-hook:";

/// Where git reads hooks for the repository around `dir`.
pub fn hooks_dir(dir: &Path) -> Result<PathBuf> {
    let out = Command::new("git")
        .args(["rev-parse", "--path-format=absolute", "--git-path", "hooks"])
        .current_dir(dir)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!(
            "{}: not a git repository ({})",
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

fn is_ward_hook(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|s| s.contains(MARKER))
}

/// What `install` did, for the message.
#[derive(Debug, PartialEq, Eq)]
pub enum Installed {
    Fresh,
    Updated,
    /// An existing hook was kept and is run first.
    Chained(PathBuf),
    /// `--force`: the existing hook was moved aside, not run.
    Replaced(PathBuf),
}

pub fn install(dir: &Path, name: &str, force: bool) -> Result<(PathBuf, Installed)> {
    let template = script(name)?;
    let hooks = hooks_dir(dir)?;
    fs::create_dir_all(&hooks).with_context(|| format!("cannot create {}", hooks.display()))?;
    let hook = hooks.join(name);
    let chained = hooks.join(format!("{name}.ward-chained"));
    let backup = hooks.join(format!("{name}.ward-backup"));
    let how = if !hook.exists() {
        Installed::Fresh
    } else if is_ward_hook(&hook) {
        Installed::Updated
    } else if force {
        move_aside(&hook, &backup, "move it away before replacing the hook")?;
        Installed::Replaced(backup)
    } else {
        move_aside(&hook, &chained, "remove one (or use --force)")?;
        Installed::Chained(chained)
    };
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "ward".into());
    let script = template.replace("@WARD_FALLBACK@", &exe.replace('"', "\\\""));
    write_executable(&hook, &script)?;
    Ok((hook, how))
}

/// Rename an existing hook to `to`, never over a file already there.
fn move_aside(hook: &Path, to: &Path, advice: &str) -> Result<()> {
    if to.exists() {
        bail!(
            "{} and {} both exist; {advice}",
            hook.display(),
            to.display()
        );
    }
    fs::rename(hook, to).with_context(|| format!("cannot move {} aside", hook.display()))
}

fn write_executable(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("ward-tmp");
    fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&tmp, fs::Permissions::from_mode(0o755))?;
    }
    fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Remove ward's hook and put back whatever it replaced.
pub fn uninstall(dir: &Path, name: &str) -> Result<(PathBuf, Option<PathBuf>)> {
    let hooks = hooks_dir(dir)?;
    let hook = hooks.join(name);
    if hook.exists() && !is_ward_hook(&hook) {
        bail!("{} is not ward's hook; leaving it alone", hook.display());
    }
    if hook.exists() {
        fs::remove_file(&hook).with_context(|| format!("cannot remove {}", hook.display()))?;
    }
    for saved in [
        format!("{name}.ward-chained"),
        format!("{name}.ward-backup"),
    ] {
        let saved = hooks.join(saved);
        if saved.exists() {
            fs::rename(&saved, &hook)
                .with_context(|| format!("cannot restore {}", saved.display()))?;
            return Ok((hook, Some(saved)));
        }
    }
    Ok((hook, None))
}
