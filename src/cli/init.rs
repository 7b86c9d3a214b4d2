//! `ward init`: write the commented configuration template.

use anyhow::{Context, Result, bail};
use clap::Args;
use ward::config::TEMPLATE;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Overwrite an existing ward.toml.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &InitArgs) -> Result<u8> {
    let path = std::path::Path::new("ward.toml");
    if path.exists() && !args.force {
        bail!("ward.toml exists already (use --force to overwrite)");
    }
    std::fs::write(path, TEMPLATE).context("cannot write ward.toml")?;
    eprintln!("ward: wrote ward.toml");
    Ok(0)
}
