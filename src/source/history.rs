//! The history source: commits (every ref, a range, a branch, what a push
//! sends), each diffed against its parents into blob changes. A change made by
//! several commits (a cherry-pick, the same branch reachable twice) is scanned
//! once and attributed to the earliest of them.
//!
//! A merge is diffed against every parent and only paths that differ from all
//! of them are kept, with all parents' blobs as the old side: a branch's work
//! is reported at the branch commit that made it, not again at the merge, but
//! lines a merge adds by itself (an "evil merge") are.

use super::{Blob, Change, Collected, Side, Sides, SkipReason, Skipped};
use crate::detect::Commit;
use crate::scan::Progress;
use anyhow::{Context, Result, bail};
use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::diff::tree::recorder::Change as TreeChange;
use gix::objs::tree::EntryMode;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Which commits to scan: everything reachable from `tips` and not from `hidden`.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    pub tips: Vec<ObjectId>,
    pub hidden: Vec<ObjectId>,
    /// Skip commits committed before this time (seconds since the epoch).
    pub since: Option<i64>,
}

/// Bytes of tree objects each thread keeps decoded; trees near the root are
/// read by nearly every commit diff.
const OBJECT_CACHE: usize = 32 << 20;

impl Selection {
    /// Every ref (branches, tags, remotes, stash …), plus HEAD when it is detached.
    pub fn all_refs(repo: &gix::Repository) -> Result<Selection> {
        let mut tips = Vec::new();
        let refs = repo
            .references()
            .context("cannot read the repository's refs")?;
        for r in refs.all().context("cannot read the repository's refs")? {
            let Ok(mut r) = r else { continue };
            // Tags may point at trees or blobs; only commits start a walk.
            if let Ok(c) = r.peel_to_commit() {
                tips.push(c.id);
            }
        }
        if let Ok(id) = repo.head_id() {
            tips.push(id.detach());
        }
        Ok(Selection {
            tips,
            ..Selection::default()
        })
    }

    /// `A..B` (commits in B not in A), `A...B` (in either, not in both's merge base), or one rev.
    pub fn range(repo: &gix::Repository, spec: &str) -> Result<Selection> {
        let resolve = |rev: &str| -> Result<ObjectId> {
            let rev = if rev.is_empty() { "HEAD" } else { rev };
            Ok(repo
                .rev_parse_single(rev)
                .with_context(|| format!("{spec}: unknown revision `{rev}`"))?
                .object()
                .with_context(|| format!("{spec}: cannot read `{rev}`"))?
                .peel_to_commit()
                .with_context(|| format!("{spec}: `{rev}` is not a commit"))?
                .id)
        };
        if let Some((a, b)) = spec.split_once("...") {
            let (a, b) = (resolve(a)?, resolve(b)?);
            let base = repo
                .merge_base(a, b)
                .with_context(|| format!("{spec}: no merge base"))?
                .with_context(|| format!("{spec}: no merge base"))?
                .detach();
            return Ok(Selection {
                tips: vec![a, b],
                hidden: vec![base],
                since: None,
            });
        }
        match spec.split_once("..") {
            Some((a, b)) => Ok(Selection {
                tips: vec![resolve(b)?],
                hidden: vec![resolve(a)?],
                since: None,
            }),
            None => Ok(Selection {
                tips: vec![resolve(spec)?],
                ..Selection::default()
            }),
        }
    }

    /// Every commit object in the database, reachable or not (lost stashes,
    /// rewritten branches, reflog-only commits).
    pub fn add_unreachable(&mut self, repo: &gix::Repository) -> Result<()> {
        let iter = repo
            .objects
            .iter()
            .context("cannot list the objects in the repository")?;
        for id in iter.flatten() {
            if let Ok(h) = repo.find_header(id)
                && h.kind() == gix::object::Kind::Commit
            {
                self.tips.push(id);
            }
        }
        Ok(())
    }

    /// Every commit any reflog remembers.
    pub fn add_reflogs(&mut self, repo: &gix::Repository) -> Result<()> {
        let refs = repo
            .references()
            .context("cannot read the repository's refs")?;
        for r in refs.all().context("cannot read the repository's refs")? {
            let Ok(r) = r else { continue };
            let mut platform = r.log_iter();
            let Ok(Some(lines)) = platform.all() else {
                continue;
            };
            for line in lines.flatten() {
                if let Ok(id) = ObjectId::from_hex(line.new_oid)
                    && !id.is_null()
                    && repo.find_commit(id).is_ok()
                {
                    self.tips.push(id);
                }
            }
        }
        Ok(())
    }
}

/// The commits walked and the changes they made, ready for the engine.
pub struct History {
    pub collected: Collected,
    /// Commits walked (after `since`).
    pub commits: usize,
}

/// One commit's contribution: its metadata, its new blobs, what it could not read.
struct CommitChanges {
    changes: Vec<(String, ObjectId, Vec<ObjectId>)>,
    skipped: Vec<Skipped>,
    commit: Arc<Commit>,
    /// The commit's tree and its parents' (for lockfile includes).
    sides: Option<Arc<Sides>>,
}

/// Walk the selection and diff every commit, reporting each to `progress`.
pub fn collect(
    repo: &gix::ThreadSafeRepository,
    selection: &Selection,
    progress: &dyn Progress,
) -> Result<History> {
    let local = repo.to_thread_local();
    let mut collected = Collected::default();
    let ids = walk(&local, selection, &mut collected.skipped)?;
    progress.phase("diffing", ids.len() as u64);
    let shallow: HashSet<ObjectId> = local
        .shallow_commits()
        .ok()
        .flatten()
        .map(|c| c.iter().copied().collect())
        .unwrap_or_default();

    // Oldest first: position in this list breaks committer-time ties.
    let per_commit: Vec<Option<CommitChanges>> = ids
        .par_iter()
        .enumerate()
        .map_init(
            || {
                let mut r = repo.to_thread_local();
                r.object_cache_size_if_unset(OBJECT_CACHE);
                (r, gix::diff::tree::State::default())
            },
            |(r, state), (seq, id)| {
                let out = diff_commit(r, state, *id, seq as u32, &shallow, selection.since);
                progress.step(0);
                out
            },
        )
        .collect();

    // One task per distinct change; the earliest commit making it wins.
    type Task = (String, Arc<Commit>, Option<Arc<Sides>>);
    let mut tasks: HashMap<(ObjectId, Vec<ObjectId>), Task> = HashMap::new();
    let mut commits = 0;
    let mut skipped_seen = HashSet::new();
    for c in per_commit.into_iter().flatten() {
        commits += 1;
        for s in c.skipped {
            if skipped_seen.insert((s.path.clone(), s.reason)) {
                collected.skipped.push(s);
            }
        }
        for (path, new, olds) in c.changes {
            match tasks.entry((new, olds)) {
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    if c.commit.order < e.get().1.order {
                        e.insert((path, c.commit.clone(), c.sides.clone()));
                    }
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert((path, c.commit.clone(), c.sides.clone()));
                }
            }
        }
    }
    collected.changes = tasks
        .into_iter()
        .map(|((new, olds), (path, commit, sides))| Change {
            sides: sides.filter(|_| crate::deps::is_dependency_file(&path)),
            path,
            old: olds.into_iter().map(Blob::Git).collect(),
            new: Blob::Git(new),
            size: None,
            commit: Some(commit),
            deleted: false,
        })
        .collect();
    // Oldest first keeps the pack's delta bases warm in the readers' caches.
    collected.changes.sort_by(|a, b| {
        let key = |c: &Change| c.commit.as_ref().map(|c| c.order);
        key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path))
    });
    collected.skipped.sort();
    Ok(History { collected, commits })
}

/// Commit ids of the selection, oldest first.
fn walk(
    repo: &gix::Repository,
    selection: &Selection,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<ObjectId>> {
    let mut tips: Vec<ObjectId> = selection.tips.clone();
    tips.sort();
    tips.dedup();
    if tips.is_empty() {
        return Ok(Vec::new());
    }
    let walk = repo
        .rev_walk(tips)
        .with_hidden(selection.hidden.iter().copied())
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
        ))
        .all()
        .context("cannot walk the history")?;
    let mut ids = Vec::new();
    for info in walk {
        match info {
            Ok(info) => ids.push(info.id),
            Err(e) => {
                skipped.push(Skipped {
                    path: "<history>".into(),
                    reason: SkipReason::Missing,
                    detail: Some(format!("the walk stopped early: {e}")),
                });
                break;
            }
        }
    }
    ids.reverse();
    Ok(ids)
}

fn missing(what: String, detail: String) -> Skipped {
    Skipped {
        path: what,
        reason: SkipReason::Missing,
        detail: Some(detail),
    }
}

/// Diff one commit against its parents into the blobs it adds.
fn diff_commit(
    repo: &gix::Repository,
    state: &mut gix::diff::tree::State,
    id: ObjectId,
    seq: u32,
    shallow: &HashSet<ObjectId>,
    since: Option<i64>,
) -> Option<CommitChanges> {
    let mut skipped = Vec::new();
    let commit = match repo.find_commit(id) {
        Ok(c) => c,
        Err(e) => {
            skipped.push(missing(format!("commit {id}"), e.to_string()));
            return Some(CommitChanges {
                changes: Vec::new(),
                skipped,
                commit: Arc::new(unknown_commit(id, seq)),
                sides: None,
            });
        }
    };
    let meta = match metadata(&commit, seq) {
        Ok(m) => m,
        Err(e) => {
            skipped.push(missing(format!("commit {id}"), e.to_string()));
            unknown_commit(id, seq)
        }
    };
    if since.is_some_and(|s| meta.order.0 < s) {
        return None;
    }
    let commit_arc = Arc::new(meta);
    let done = |changes, skipped| {
        Some(CommitChanges {
            changes,
            skipped,
            commit: commit_arc.clone(),
            sides: None,
        })
    };
    let tree = match commit.tree_id() {
        Ok(t) => t.detach(),
        Err(e) => {
            skipped.push(missing(format!("commit {id}"), e.to_string()));
            return done(Vec::new(), skipped);
        }
    };
    let parents: Vec<ObjectId> = if shallow.contains(&id) {
        // The clone stops here: what this commit holds is the earliest we can see.
        if commit.parent_ids().next().is_some() {
            skipped.push(missing(
                format!("commit {id}"),
                "shallow clone: its parents are not here, so its whole tree was scanned as added by it".into(),
            ));
        }
        Vec::new()
    } else {
        commit.parent_ids().map(|p| p.detach()).collect()
    };
    let mut parent_trees = Vec::new();
    for p in &parents {
        match repo
            .find_commit(*p)
            .ok()
            .and_then(|c| c.tree_id().ok().map(|t| t.detach()))
        {
            Some(t) => parent_trees.push(t),
            None => skipped.push(missing(
                format!("commit {p}"),
                format!("parent of {id} is not in the repository; {id} was scanned whole"),
            )),
        }
    }
    let changes = if parent_trees.len() <= 1 {
        match tree_diff(repo, state, parent_trees.first().copied(), tree) {
            Ok(records) => single_parent(records, &mut skipped),
            Err(e) => {
                skipped.push(missing(format!("commit {id}"), e.to_string()));
                Vec::new()
            }
        }
    } else {
        let mut per_parent = Vec::new();
        for pt in &parent_trees {
            match tree_diff(repo, state, Some(*pt), tree) {
                Ok(records) => per_parent.push(records),
                Err(e) => {
                    skipped.push(missing(format!("commit {id}"), e.to_string()));
                    return done(Vec::new(), skipped);
                }
            }
        }
        merge(per_parent, &mut skipped)
    };
    Some(CommitChanges {
        changes,
        skipped,
        commit: commit_arc,
        sides: Some(Arc::new(Sides {
            old: parent_trees.into_iter().map(Side::Tree).collect(),
            new: Side::Tree(tree),
        })),
    })
}

fn unknown_commit(id: ObjectId, seq: u32) -> Commit {
    Commit {
        id: id.to_string(),
        author: String::new(),
        email: String::new(),
        date: String::new(),
        order: (i64::MIN, seq),
    }
}

fn metadata(commit: &gix::Commit<'_>, seq: u32) -> Result<Commit> {
    let author = commit.author().context("cannot read the author")?;
    let committed = commit
        .committer()
        .map(|c| c.seconds())
        .context("cannot read the committer")?;
    let date = author
        .time()
        .map(|t| t.format_or_unix(gix::date::time::format::ISO8601_STRICT))
        .unwrap_or_default();
    Ok(Commit {
        id: commit.id.to_string(),
        author: author.name.trim().to_str_lossy().into_owned(),
        email: author.email.trim().to_str_lossy().into_owned(),
        date,
        order: (committed, seq),
    })
}

fn tree_diff(
    repo: &gix::Repository,
    state: &mut gix::diff::tree::State,
    old: Option<ObjectId>,
    new: ObjectId,
) -> Result<Vec<TreeChange>> {
    let kind = repo.object_hash();
    let new_tree = repo.find_tree(new).context("cannot read a tree")?;
    let old_data = match old {
        Some(o) => {
            repo.find_tree(o)
                .context("cannot read a tree")?
                .detach()
                .data
        }
        None => Vec::new(),
    };
    let mut recorder = gix::diff::tree::Recorder::default();
    gix::diff::tree(
        gix::objs::TreeRefIter::from_bytes(&old_data, kind),
        gix::objs::TreeRefIter::from_bytes(&new_tree.data, kind),
        state,
        &repo.objects,
        &mut recorder,
    )
    .map_err(|e| anyhow::anyhow!("cannot diff trees: {e}"))?;
    Ok(recorder.records)
}

/// Submodules and symlinks hold no text of this repository; trees are walked into.
fn scannable(mode: EntryMode, path: &[u8], skipped: &mut Vec<Skipped>) -> bool {
    if mode.is_commit() {
        skipped.push(Skipped {
            path: path.to_str_lossy().into_owned(),
            reason: SkipReason::Submodule,
            detail: None,
        });
    }
    mode.is_blob()
}

type NewBlob = (String, ObjectId, Vec<ObjectId>);

/// Changes against the only parent (or none): modified blobs diff against their
/// old version; an added blob that equals a deleted one is a rename (nothing
/// new); otherwise it diffs against a deleted blob of the same file name.
fn single_parent(records: Vec<TreeChange>, skipped: &mut Vec<Skipped>) -> Vec<NewBlob> {
    let mut out = Vec::new();
    let mut added = Vec::new();
    let mut deleted: HashMap<ObjectId, Vec<u8>> = HashMap::new();
    for r in records {
        match r {
            TreeChange::Modification {
                previous_entry_mode,
                previous_oid,
                entry_mode,
                oid,
                path,
            } => {
                if !scannable(entry_mode, &path, skipped) || previous_oid == oid {
                    continue;
                }
                let olds = if previous_entry_mode.is_blob() {
                    vec![previous_oid]
                } else {
                    Vec::new()
                };
                out.push((path.to_str_lossy().into_owned(), oid, olds));
            }
            TreeChange::Addition {
                entry_mode,
                oid,
                path,
                ..
            } => {
                if scannable(entry_mode, &path, skipped) {
                    added.push((path, oid));
                }
            }
            TreeChange::Deletion {
                entry_mode,
                oid,
                path,
                ..
            } => {
                if entry_mode.is_blob() {
                    deleted.insert(oid, path.into());
                }
            }
        }
    }
    if added.is_empty() {
        return out;
    }
    let mut by_name: HashMap<&[u8], ObjectId> = HashMap::new();
    for (id, p) in &deleted {
        by_name.entry(basename(p)).or_insert(*id);
    }
    for (path, oid) in &added {
        if deleted.contains_key(oid) {
            continue;
        }
        let olds = by_name.get(basename(path)).copied().into_iter().collect();
        out.push((path.to_str_lossy().into_owned(), *oid, olds));
    }
    out
}

/// A merge adds what differs from every parent; the old side is every parent's blob.
fn merge(per_parent: Vec<Vec<TreeChange>>, skipped: &mut Vec<Skipped>) -> Vec<NewBlob> {
    let parents = per_parent.len();
    // path -> (new blob, parents it differs from, their blobs)
    let mut seen: HashMap<Vec<u8>, (ObjectId, usize, Vec<ObjectId>)> = HashMap::new();
    for records in per_parent {
        for r in records {
            let (path, oid, old) = match r {
                TreeChange::Modification {
                    previous_entry_mode,
                    previous_oid,
                    entry_mode,
                    oid,
                    path,
                } => {
                    if !scannable(entry_mode, &path, skipped) {
                        continue;
                    }
                    let old = previous_entry_mode.is_blob().then_some(previous_oid);
                    (path, oid, old)
                }
                TreeChange::Addition {
                    entry_mode,
                    oid,
                    path,
                    ..
                } => {
                    if !scannable(entry_mode, &path, skipped) {
                        continue;
                    }
                    (path, oid, None)
                }
                TreeChange::Deletion { .. } => continue,
            };
            let e = seen.entry(path.into()).or_insert((oid, 0, Vec::new()));
            e.1 += 1;
            e.2.extend(old);
        }
    }
    let mut out = Vec::new();
    for (path, (oid, count, mut olds)) in seen {
        if count == parents {
            if olds.contains(&oid) {
                continue;
            }
            olds.sort();
            olds.dedup();
            out.push((path.to_str_lossy().into_owned(), oid, olds));
        }
    }
    out
}

fn basename(p: &[u8]) -> &[u8] {
    p.rsplit(|&b| b == b'/').next().unwrap_or(p)
}

/// The tips and hidden commits of a `git push`, from the lines git writes to a
/// pre-push hook's standard input:
/// `<local ref> <local sha> <remote ref> <remote sha>`.
/// A deletion pushes nothing; a new branch sends what no remote-tracking ref has.
pub fn pre_push(repo: &gix::Repository, stdin: &str) -> Result<Selection> {
    let mut selection = Selection::default();
    let mut remote_refs: Option<Vec<ObjectId>> = None;
    for (n, line) in stdin.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [_, local, _, remote] = fields[..] else {
            bail!(
                "pre-push input line {}: expected `<local ref> <local sha> <remote ref> <remote sha>`, got `{line}`",
                n + 1
            );
        };
        let parse = |s: &str| {
            ObjectId::from_hex(s.as_bytes()).with_context(|| {
                format!("pre-push input line {}: `{s}` is not an object id", n + 1)
            })
        };
        let (local, remote) = (parse(local)?, parse(remote)?);
        if local.is_null() {
            continue; // deleting a remote branch sends no commits
        }
        selection.tips.push(local);
        if !remote.is_null() && repo.has_object(remote) {
            selection.hidden.push(remote);
        } else {
            // A new branch (or a remote tip we never fetched): what no remote-tracking ref has.
            let known = remote_refs.get_or_insert_with(|| remote_tracking(repo));
            selection.hidden.extend(known.iter().copied());
        }
    }
    selection.hidden.sort();
    selection.hidden.dedup();
    Ok(selection)
}

fn remote_tracking(repo: &gix::Repository) -> Vec<ObjectId> {
    let Ok(refs) = repo.references() else {
        return Vec::new();
    };
    let Ok(remotes) = refs.remote_branches() else {
        return Vec::new();
    };
    remotes
        .flatten()
        .filter_map(|mut r| r.peel_to_id().ok().map(|id| id.detach()))
        .collect()
}
