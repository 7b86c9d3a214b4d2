//! `ward install` / `ward uninstall`.

use anyhow::Result;
use clap::Args;
use ward::hook::{self, Installed};

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Replace an existing hook instead of chaining to it (it is kept as <hook>.ward-backup).
    #[arg(long)]
    force: bool,
    /// Install the pre-push hook (scans the commits a push sends) instead of pre-commit.
    #[arg(long)]
    pre_push: bool,
}

#[derive(Debug, Args)]
pub struct UninstallArgs {
    /// Remove the pre-push hook instead of pre-commit.
    #[arg(long)]
    pre_push: bool,
}

fn hook_name(pre_push: bool) -> &'static str {
    if pre_push { "pre-push" } else { "pre-commit" }
}

pub fn run_install(args: &InstallArgs) -> Result<u8> {
    let cwd = std::env::current_dir()?;
    let (path, how) = hook::install(&cwd, hook_name(args.pre_push), args.force)?;
    let msg = match how {
        Installed::Fresh => format!("ward: installed {}", path.display()),
        Installed::Updated => format!("ward: updated {}", path.display()),
        Installed::Chained(old) => format!(
            "ward: installed {}; the existing hook was kept as {} and runs first",
            path.display(),
            old.display()
        ),
        Installed::Replaced(old) => format!(
            "ward: installed {}; the existing hook was moved to {} (not run)",
            path.display(),
            old.display()
        ),
    };
    eprintln!("{msg}");
    Ok(0)
}

pub fn run_uninstall(args: &UninstallArgs) -> Result<u8> {
    let cwd = std::env::current_dir()?;
    let (path, restored) = hook::uninstall(&cwd, hook_name(args.pre_push))?;
    match restored {
        Some(from) => eprintln!(
            "ward: removed ward's hook; restored {} from {}",
            path.display(),
            from.display()
        ),
        None => eprintln!("ward: removed {}", path.display()),
    }
    Ok(0)
}
