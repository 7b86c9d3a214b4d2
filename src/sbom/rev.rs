//! The lockfiles of a commit, read from the object database without a
//! checkout: `ward sbom --rev`, and a git revision given to `ward sbom diff`.
//!
//! The files taken are those the directory walk takes ([`deps::is_lockfile`],
//! nothing under `node_modules/`), and a lockfile's includes (`-r base.txt`,
//! `go.sum`) are read from the same tree, as the history scan reads them.

use super::Locked;
use crate::deps;
use crate::source::Side;
use anyhow::{Context, Result, bail};
use gix::bstr::ByteSlice;
use std::path::Path;

/// The commit `rev` names, peeled to its tree.
pub fn tree_of(repo: &gix::Repository, rev: &str) -> Result<gix::ObjectId> {
    let object = repo
        .rev_parse_single(rev)
        .map_err(|_| anyhow::anyhow!("unknown revision `{rev}`"))?
        .object()
        .with_context(|| format!("cannot read `{rev}`"))?;
    let commit = object
        .peel_to_commit()
        .map_err(|_| anyhow::anyhow!("`{rev}` is not a commit"))?;
    Ok(commit
        .tree_id()
        .with_context(|| format!("cannot read the tree of `{rev}`"))?
        .detach())
}

/// The text of the file at `path` in `rev`, if it is there and is UTF-8.
pub fn read_text(repo: &gix::Repository, rev: &str, path: &str) -> Option<String> {
    let tree = repo.find_tree(tree_of(repo, rev).ok()?).ok()?;
    let entry = tree.lookup_entry_by_path(path).ok()??;
    let blob = repo.find_blob(entry.object_id()).ok()?;
    String::from_utf8(blob.data.clone()).ok()
}

/// Every lockfile of `rev` at or under `under` (a repository-relative path
/// with `/` separators; empty for the whole tree), parsed, sorted by path.
pub fn lockfiles_at(repo: &gix::Repository, rev: &str, under: &str) -> Result<Vec<Locked>> {
    let tree_id = tree_of(repo, rev)?;
    let tree = repo
        .find_tree(tree_id)
        .with_context(|| format!("cannot read the tree of `{rev}`"))?;
    let under = under.trim_matches('/');
    let mut paths: Vec<(String, gix::ObjectId)> = Vec::new();
    if under.is_empty() {
        collect(&tree, "", &mut paths)?;
    } else {
        let entry = tree
            .lookup_entry_by_path(under)
            .with_context(|| format!("cannot read `{under}` in `{rev}`"))?
            .with_context(|| format!("{under}: not in `{rev}`"))?;
        if entry.mode().is_tree() {
            let sub = repo
                .find_tree(entry.object_id())
                .with_context(|| format!("cannot read `{under}` in `{rev}`"))?;
            collect(&sub, under, &mut paths)?;
        } else if deps::is_lockfile(Path::new(under)) && entry.mode().is_blob() {
            paths.push((under.to_string(), entry.object_id()));
        } else {
            bail!("{under}: not a lockfile ward knows");
        }
    }
    paths.sort();
    let side = Side::Tree(tree_id);
    paths
        .iter()
        .map(|(path, id)| {
            let blob = repo
                .find_blob(*id)
                .with_context(|| format!("{path}: cannot read blob {id}"))?;
            let include =
                |rel: &str| crate::scan::include(Some(repo), Some(&side), None, path, rel);
            Ok(super::lock(path, &blob.data, &include)?)
        })
        .collect()
}

/// The lockfile blobs of `tree`, whose path in the commit is `prefix`.
fn collect(
    tree: &gix::Tree<'_>,
    prefix: &str,
    out: &mut Vec<(String, gix::ObjectId)>,
) -> Result<()> {
    let entries = tree
        .traverse()
        .breadthfirst
        .files()
        .context("cannot walk the tree")?;
    for e in entries {
        if !e.mode.is_blob() {
            continue;
        }
        let Ok(rel) = e.filepath.to_str() else {
            continue;
        };
        if rel.split('/').any(|c| c == "node_modules" || c == ".git") {
            continue;
        }
        if deps::is_lockfile(Path::new(rel)) {
            let path = if prefix.is_empty() {
                rel.to_string()
            } else {
                format!("{prefix}/{rel}")
            };
            out.push((path, e.oid));
        }
    }
    Ok(())
}
