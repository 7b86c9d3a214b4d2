//! `ward install` / `ward uninstall`.

use anyhow::Result;
use clap::Args;
use ward::hook::{self, Installed};

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Replace an existing hook instead of chaining to it (it is kept as <hook>.ward-backup).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
pub struct UninstallArgs {}

pub fn run_install(args: &InstallArgs) -> Result<u8> {
    let cwd = std::env::current_dir()?;
    let (path, how) = hook::install(&cwd, "pre-commit", args.force)?;
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

pub fn run_uninstall(_args: &UninstallArgs) -> Result<u8> {
    let cwd = std::env::current_dir()?;
    let (path, restored) = hook::uninstall(&cwd, "pre-commit")?;
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
