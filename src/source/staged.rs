//! The staged source: index vs `HEAD^{tree}`, as `git diff --cached` sees it.
//!
//! Reads the index once and walks HEAD's tree only where the index's
//! cache-tree says a directory changed, so the cost follows the size of the
//! change, not of the repository. Never writes to the index or the work tree.

use super::{Blob, Change, Collected, Side, Sides, SkipReason, Skipped};
use anyhow::{Context, Result};
use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};
use gix::index::entry::{Flags, Mode};
use gix::index::extension::Tree as CacheTree;
use gix::index::{Entry, State};
use gix::objs::tree::EntryMode;
use std::collections::{HashMap, HashSet};

/// An opened repository with the index the commit will be made from.
pub struct Staged {
    pub repo: gix::ThreadSafeRepository,
    pub index: std::sync::Arc<gix::index::File>,
    pub head_tree: Option<ObjectId>,
}

impl Staged {
    /// Open the repository around `dir` (honouring `GIT_DIR`, `GIT_INDEX_FILE`, …).
    pub fn open(dir: &std::path::Path) -> Result<Staged> {
        let repo = gix::ThreadSafeRepository::discover_with_environment_overrides(dir)
            .with_context(|| {
                format!(
                    "{} is not in a git repository (use --tree to scan a directory)",
                    dir.display()
                )
            })?;
        let local = repo.to_thread_local();
        let index_path = local.index_path();
        let index = if index_path.exists() {
            gix::index::File::at(
                &index_path,
                local.object_hash(),
                true,
                gix::index::decode::Options::default(),
            )
            .with_context(|| format!("cannot read the git index {}", index_path.display()))?
        } else {
            gix::index::File::from_state(State::new(local.object_hash()), index_path)
        };
        let mut head = local.head().context("cannot read HEAD")?;
        let head_tree = if head.is_unborn() {
            None
        } else {
            let commit = head
                .peel_to_commit()
                .context("HEAD does not point to a commit")?;
            Some(
                commit
                    .tree_id()
                    .context("cannot read HEAD's tree")?
                    .detach(),
            )
        };
        drop(head);
        Ok(Staged {
            repo,
            index: std::sync::Arc::new(index),
            head_tree,
        })
    }

    /// Every path whose staged content differs from HEAD.
    pub fn changes(&self) -> Result<Collected> {
        let repo = self.repo.to_thread_local();
        let mut walk = Walk {
            repo: &repo,
            state: &self.index,
            out: Collected::default(),
            added: Vec::new(),
            deleted: HashMap::new(),
        };
        walk.dir(self.head_tree, 0, self.index.entries(), self.index.tree())?;
        Ok(self.with_sides(walk.finish()))
    }

    /// For explicit paths (the pre-commit framework): the staged added lines of
    /// each path that differs from HEAD, the whole staged content of the others.
    pub fn changes_for_paths(&self, paths: &[String]) -> Result<Collected> {
        let all = self.changes()?;
        let wanted: HashSet<&str> = paths.iter().map(String::as_str).collect();
        let mut out = Collected::default();
        let mut seen = HashSet::new();
        for c in all.changes {
            if wanted.contains(c.path.as_str()) {
                seen.insert(c.path.clone());
                out.changes.push(c);
            }
        }
        for s in all.skipped {
            if wanted.contains(s.path.as_str()) {
                seen.insert(s.path.clone());
                out.skipped.push(s);
            }
        }
        for p in paths {
            if seen.contains(p) {
                continue;
            }
            match self.index.entry_by_path(p.as_bytes().as_bstr()) {
                Some(e) => match classify(e) {
                    Some(reason) => out.skipped.push(skip(p.clone(), reason)),
                    None => out.changes.push(Change::added(
                        p.clone(),
                        Blob::Git(e.id),
                        Some(u64::from(e.stat.size)),
                    )),
                },
                // Not tracked: scan the file as it is on disk.
                None => {
                    let root = self
                        .repo
                        .work_dir()
                        .map(std::path::Path::to_path_buf)
                        .unwrap_or_default();
                    out.changes
                        .push(Change::added(p.clone(), Blob::File(root.join(p)), None));
                }
            }
        }
        Ok(self.with_sides(out))
    }

    /// Lockfiles read their includes from HEAD (old) and the index (new).
    /// A changed requirements file also changes the unchanged ones beside it
    /// that include it (`-r base.txt`): those are diffed too.
    fn with_sides(&self, mut c: Collected) -> Collected {
        let changed: HashSet<String> = c.changes.iter().map(|c| c.path.clone()).collect();
        for path in &changed {
            if crate::deps::is_dependency_file(path) && path.ends_with(".txt") {
                c.changes.extend(self.includers(path, &changed));
            }
        }
        let sides = std::sync::Arc::new(Sides {
            old: self.head_tree.map(Side::Tree).into_iter().collect(),
            new: Side::Index(self.index.clone()),
        });
        for change in &mut c.changes {
            if crate::deps::is_dependency_file(&change.path) {
                change.sides = Some(sides.clone());
            }
        }
        c
    }

    /// Unchanged requirements files in `path`'s directory that mention its name
    /// (as `-r`/`-c` targets do).
    fn includers(&self, path: &str, changed: &HashSet<String>) -> Vec<Change> {
        let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
        let repo = self.repo.to_thread_local();
        let mut out = Vec::new();
        for e in self.index.entries() {
            let p = e.path(&self.index).to_str_lossy();
            let (d, _) = p.rsplit_once('/').map_or(("", p.as_ref()), |(d, n)| (d, n));
            if d != dir
                || changed.contains(p.as_ref())
                || !crate::deps::is_dependency_file(&p)
                || !p.ends_with(".txt")
            {
                continue;
            }
            let mentions = repo
                .find_blob(e.id)
                .is_ok_and(|b| b.data.find(name.as_bytes()).is_some());
            if mentions {
                let mut c = Change::added(p.into_owned(), Blob::Git(e.id), None);
                c.old.push(Blob::Git(e.id));
                out.push(c);
            }
        }
        out
    }
}

fn skip(path: String, reason: SkipReason) -> Skipped {
    Skipped {
        path,
        reason,
        detail: None,
    }
}

/// Index entries that carry no scannable staged content.
fn classify(e: &Entry) -> Option<SkipReason> {
    if e.stage_raw() != 0 {
        Some(SkipReason::Conflict)
    } else if e.flags.contains(Flags::INTENT_TO_ADD) {
        Some(SkipReason::IntentToAdd)
    } else if e.mode == Mode::COMMIT {
        Some(SkipReason::Submodule)
    } else if e.mode == Mode::SYMLINK {
        Some(SkipReason::Symlink)
    } else {
        None
    }
}

struct Walk<'a> {
    repo: &'a gix::Repository,
    state: &'a State,
    out: Collected,
    /// Added paths (no old blob yet): candidates for rename pairing.
    added: Vec<Change>,
    /// Blobs HEAD had at paths the index no longer has: oid → path.
    deleted: HashMap<ObjectId, String>,
}

struct HeadEntry {
    mode: EntryMode,
    id: ObjectId,
}

impl Walk<'_> {
    fn tree_entries(&self, id: ObjectId) -> Result<HashMap<Vec<u8>, HeadEntry>> {
        let tree = self
            .repo
            .find_tree(id)
            .with_context(|| format!("cannot read tree {id} of HEAD"))?;
        let decoded = tree
            .decode()
            .with_context(|| format!("corrupt tree {id}"))?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| {
                (
                    e.filename.to_vec(),
                    HeadEntry {
                        mode: e.mode,
                        id: e.oid.to_owned(),
                    },
                )
            })
            .collect())
    }

    /// Compare the index entries under one directory (`entries`, whose paths all
    /// share the first `prefix_len` bytes) with HEAD's tree for it.
    fn dir(
        &mut self,
        tree: Option<ObjectId>,
        prefix_len: usize,
        entries: &[Entry],
        cache: Option<&CacheTree>,
    ) -> Result<()> {
        if let (Some(t), Some(c)) = (tree, cache)
            && c.num_entries.is_some()
            && c.id == t
        {
            return Ok(()); // the cache-tree vouches that nothing below changed
        }
        let mut head = match tree {
            Some(t) => self.tree_entries(t)?,
            None => HashMap::new(),
        };
        let mut i = 0;
        while i < entries.len() {
            let path: &BStr = entries[i].path(self.state);
            let rest = &path[prefix_len..];
            if let Some(slash) = rest.find_byte(b'/') {
                let name = &rest[..slash];
                let mut j = i + 1;
                while j < entries.len() {
                    let r = &entries[j].path(self.state)[prefix_len..];
                    if r.len() > slash && r[slash] == b'/' && &r[..slash] == name {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let sub_tree = head.remove(name).and_then(|h| {
                    if h.mode.is_tree() {
                        Some(h.id)
                    } else {
                        self.deleted.insert(h.id, join(path, prefix_len, name));
                        None
                    }
                });
                let sub_cache =
                    cache.and_then(|c| c.children.iter().find(|ch| ch.name.as_slice() == name));
                self.dir(sub_tree, prefix_len + slash + 1, &entries[i..j], sub_cache)?;
                i = j;
            } else {
                let e = &entries[i];
                let old = head.remove(rest.as_bytes());
                self.file(path, e, old)?;
                i += 1;
            }
        }
        // What HEAD has here and the index does not: deleted (kept for rename pairing).
        for (name, h) in head {
            let p = join(
                entries
                    .first()
                    .map_or(b"".as_bstr(), |e| e.path(self.state)),
                prefix_len,
                &name,
            );
            self.deleted_entry(p, h)?;
        }
        Ok(())
    }

    fn deleted_entry(&mut self, path: String, h: HeadEntry) -> Result<()> {
        if h.mode.is_tree() {
            for (name, child) in self.tree_entries(h.id)? {
                let p = format!("{path}/{}", name.as_bstr());
                self.deleted_entry(p, child)?;
            }
        } else if !h.mode.is_commit() && !h.mode.is_link() {
            self.deleted.insert(h.id, path);
        }
        Ok(())
    }

    fn file(&mut self, path: &BStr, e: &Entry, old: Option<HeadEntry>) -> Result<()> {
        if e.stage_raw() != 0 && e.stage_raw() != 2 {
            return Ok(()); // one report per unmerged path (stage 2, "ours")
        }
        let old = old.filter(|h| !h.mode.is_tree());
        if let Some(h) = &old
            && h.id == e.id
            && h.mode.is_commit() == (e.mode == Mode::COMMIT)
        {
            return Ok(()); // unchanged content (a mode change adds no lines)
        }
        let path = path.to_str_lossy().into_owned();
        if let Some(reason) = classify(e) {
            self.out.skipped.push(skip(path, reason));
            return Ok(());
        }
        let mut change = Change::added(path, Blob::Git(e.id), Some(u64::from(e.stat.size)));
        change.old.extend(
            old.filter(|h| !h.mode.is_commit() && !h.mode.is_link())
                .map(|h| Blob::Git(h.id)),
        );
        if !change.old.is_empty() {
            self.out.changes.push(change);
        } else {
            self.added.push(change);
        }
        Ok(())
    }

    /// Pair added paths with deleted ones: an identical blob is a pure rename
    /// (nothing added); otherwise a deleted file with the same name is diffed against.
    fn finish(mut self) -> Collected {
        let mut by_name: HashMap<String, ObjectId> = HashMap::new();
        for (id, p) in &self.deleted {
            by_name.entry(basename(p).to_string()).or_insert(*id);
        }
        let mut paired = HashSet::new();
        for mut c in std::mem::take(&mut self.added) {
            if let Blob::Git(id) = &c.new
                && self.deleted.contains_key(id)
            {
                paired.insert(*id);
                continue; // renamed or copied without edits
            }
            if let Some(old) = by_name.get(basename(&c.path)) {
                c.old.push(Blob::Git(*old));
            }
            self.out.changes.push(c);
        }
        // A deleted lockfile removes its packages.
        for (id, path) in &self.deleted {
            if !paired.contains(id) && crate::deps::is_dependency_file(path) {
                let mut c = Change::added(path.clone(), Blob::Bytes(Vec::new()), Some(0));
                c.old.push(Blob::Git(*id));
                c.deleted = true;
                self.out.changes.push(c);
            }
        }
        self.out.changes.sort_by(|a, b| a.path.cmp(&b.path));
        self.out.skipped.sort();
        self.out
    }
}

fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

fn join(any_path_in_dir: &BStr, prefix_len: usize, name: &[u8]) -> String {
    let prefix = &any_path_in_dir[..prefix_len.min(any_path_in_dir.len())];
    format!("{}{}", prefix.as_bstr(), name.as_bstr())
}
