//! The tree source: a directory walk without git, honouring `.gitignore`
//! (the `ignore` crate, as ripgrep), hidden files included, `.git` excluded.

use super::{Blob, Change, Collected, SkipReason, Skipped};
use anyhow::{Result, bail};
use std::path::Path;
use std::sync::Mutex;

/// Collect every file under `root` (or `root` itself when it is a file).
pub fn collect(root: &Path, threads: usize) -> Result<Collected> {
    if !root.exists() {
        bail!("{}: no such file or directory", root.display());
    }
    if root.is_file() {
        return Ok(Collected {
            changes: vec![change(root, root.file_name().map_or(root, Path::new))],
            skipped: Vec::new(),
        });
    }
    let out = Mutex::new(Collected::default());
    ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .threads(threads)
        .filter_entry(|e| e.file_name() != ".git")
        .build_parallel()
        .run(|| {
            let out = &out;
            Box::new(move |entry| {
                let push_skip = |path: String, reason, detail| {
                    out.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .skipped
                        .push(Skipped {
                            path,
                            reason,
                            detail,
                        });
                };
                match entry {
                    Ok(e) => {
                        let Some(ft) = e.file_type() else {
                            return ignore::WalkState::Continue;
                        };
                        if ft.is_file() {
                            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                            // No size: a stat per file costs a path walk; the read
                            // checks the size on the open file.
                            let c = change(e.path(), rel);
                            out.lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .changes
                                .push(c);
                        }
                    }
                    Err(err) => {
                        let path = match &err {
                            ignore::Error::WithPath { path, .. } => path.display().to_string(),
                            _ => root.display().to_string(),
                        };
                        push_skip(path, SkipReason::Unreadable, Some(err.to_string()));
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let mut collected = out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    collected.changes.sort_by(|a, b| a.path.cmp(&b.path));
    collected.skipped.sort();
    Ok(collected)
}

fn change(abs: &Path, rel: &Path) -> Change {
    let path = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Change::added(path, Blob::File(abs.to_path_buf()), None)
}
