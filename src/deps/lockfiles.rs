//! Finding the lockfiles of a tree: shared by `ward audit` and `ward sbom`,
//! which both describe what is installed, so both skip manifests.

use std::path::{Path, PathBuf};

/// Manifests hold requirements (`^4.18`), not the versions installed.
pub fn is_lockfile(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !matches!(name, "package.json" | "pyproject.toml" | "Cargo.toml")
        && super::format_for(name).is_some()
}

/// The lockfiles at `root` (itself, or under it; `.gitignore` honoured), sorted.
pub fn lockfiles_under(root: &Path) -> Result<Vec<PathBuf>, String> {
    if root.is_file() {
        if !is_lockfile(root) {
            return Err(format!("{}: not a lockfile ward knows", root.display()));
        }
        return Ok(vec![root.to_path_buf()]);
    }
    if !root.is_dir() {
        return Err(format!("{}: no such file or directory", root.display()));
    }
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .hidden(false)
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some(".git" | "node_modules")))
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| is_lockfile(p))
        .collect();
    out.sort();
    Ok(out)
}
