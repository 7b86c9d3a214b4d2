//! Wires the stages: changes from a source are read, diffed, run through the
//! detectors and the suppressions, in parallel, into an [`Outcome`].

use crate::config::Config;
use crate::deps::{self, IncludeFn, diff::FileDiff};
use crate::detect::Finding;
use crate::detect::code::{self, Language};
use crate::detect::secrets::RuleSet;
use crate::detect::secrets::rule::{self, Rule};
use crate::detect::{dependencies, vulnerabilities};
use crate::diff::Target;
use crate::source::{Blob, Change, Collected, Side, SkipReason, Skipped};
use crate::suppress::{self, inline};
use crate::vuln::online;
use crate::vuln::osv::{Osv, normalise_name};
use crate::vuln::store::{Store, age_warning};
use rayon::prelude::*;
use serde::Serialize;

/// Above this many bytes to scan, or this many files (a tree walk and
/// history do not know sizes up front), the prefilters are built for speed
/// of search.
const LARGE_INPUT: u64 = 16 << 20;
const LARGE_INPUT_FILES: usize = 1000;

/// Files per unit of parallel work (each unit opens its own repository handle).
const SCAN_BATCH: usize = 64;

/// What one scan found and how much it read.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub stats: Stats,
    /// The package diff of each changed lockfile or manifest, by path.
    pub packages: Vec<FileDiff>,
}

/// What scanning one change gave.
#[derive(Debug, Default)]
struct Scanned {
    /// Read and scanned (else it is in `skipped`).
    scanned: bool,
    bytes: u64,
    skipped: Vec<Skipped>,
    findings: Vec<Finding>,
    suppressed: usize,
    packages: Option<FileDiff>,
}

/// Lockfiles can be much larger than source files and still matter.
const MAX_LOCKFILE_SIZE: u64 = 64 << 20;
/// From this size a lockfile's secret scan gets a thread of its own.
const PARALLEL_LOCKFILE: usize = 256 << 10;

/// Which detectors run (`--only`).
#[derive(Debug, Clone, Copy)]
pub struct Detectors {
    pub secrets: bool,
    pub code: bool,
    pub deps: bool,
}

impl Default for Detectors {
    fn default() -> Self {
        Detectors {
            secrets: true,
            code: true,
            deps: true,
        }
    }
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub skipped: Vec<Skipped>,
    /// One-line messages for the user (no advisory database yet, a stale one).
    #[serde(skip)]
    pub notices: Vec<String>,
    #[serde(skip)]
    pub suppressed: usize,
    /// Findings hidden because a baseline lists them.
    #[serde(skip)]
    pub baselined: usize,
}

/// Progress of a long scan, for a progress bar; `()` ignores it.
pub trait Progress: Sync {
    /// A new phase with `total` steps.
    fn phase(&self, _name: &str, _total: u64) {}
    /// One step done, which read `bytes`.
    fn step(&self, _bytes: u64) {}
}

impl Progress for () {}

/// The detectors of one run, configured.
pub struct Engine {
    pub rules: RuleSet,
    pub config: Config,
    pub detectors: Detectors,
    /// Where the offline name index lives (`ward db import --names`).
    pub db_dir: std::path::PathBuf,
}

/// Reads blob contents; git blobs through a per-thread repository handle.
pub enum Loader {
    Files,
    Git(Box<gix::ThreadSafeRepository>),
}

enum Read {
    Bytes(Vec<u8>),
    Skip(SkipReason, Option<String>),
}

impl Engine {
    /// Built-in rules plus `[[custom-rules]]`, minus disabled ones, with severity overrides.
    pub fn new(config: Config) -> Engine {
        Engine::with_rules(config, rule::builtin())
    }

    /// As [`Engine::new`], with the built-in rules already parsed (the CLI parses them once).
    pub fn with_rules(config: Config, builtin: Vec<Rule>) -> Engine {
        let mut rules = builtin;
        rules.extend(
            config
                .custom_rules
                .iter()
                .cloned()
                .map(|d| Rule::new(d, "ward.toml")),
        );
        rules.retain(|r| !config.disabled.contains(r.id()));
        for r in &mut rules {
            if let Some(s) = config.severity.get(r.id()) {
                r.def.severity = *s;
            }
        }
        Engine {
            rules: RuleSet::new(rules),
            config,
            detectors: Detectors::default(),
            db_dir: deps::names::db_dir(),
        }
    }

    /// Scan everything a source collected.
    pub fn scan(&self, collected: Collected, loader: &Loader) -> Outcome {
        self.scan_with_progress(collected, loader, &())
    }

    pub fn scan_with_progress(
        &self,
        collected: Collected,
        loader: &Loader,
        progress: &dyn Progress,
    ) -> Outcome {
        let Collected { changes, skipped } = collected;
        progress.phase("scanning", changes.len() as u64);
        let expected: u64 = changes.iter().filter_map(|c| c.size).sum();
        let large = expected > LARGE_INPUT || changes.len() > LARGE_INPUT_FILES;
        self.rules.expect_large_input(large);
        code::expect_large_input(large);
        let results: Vec<Scanned> = changes
            .into_par_iter()
            // Small batches, so an idle core can take work from a busy one
            // to the end: rayon splits a long list into a few big runs
            // otherwise, and files in path order are of uneven cost (a
            // 100,000-file tree ended with one core alone for 2.5 s).
            .with_max_len(SCAN_BATCH)
            .map_init(
                || match loader {
                    Loader::Git(r) => Some(r.to_thread_local()),
                    Loader::Files => None,
                },
                |repo, change| {
                    let out = self.scan_change(repo.as_ref(), change);
                    progress.step(out.bytes);
                    out
                },
            )
            .collect();
        let mut out = Outcome::default();
        out.stats.skipped = skipped;
        for r in results {
            if r.scanned {
                out.stats.files += 1;
                out.stats.bytes += r.bytes;
            }
            out.stats.skipped.extend(r.skipped);
            out.stats.suppressed += r.suppressed;
            out.findings.extend(r.findings);
            out.packages.extend(r.packages);
        }
        if self.detectors.deps {
            let (findings, unchecked) = dependencies::existence(
                &out.packages,
                &self.config.deps,
                &self.db_dir,
                &self.config.severity,
            );
            let before = findings.len();
            let kept: Vec<Finding> = findings
                .into_iter()
                .filter(|f| suppress::by_config(&self.config, f).is_none())
                .collect();
            out.stats.suppressed += before - kept.len();
            out.findings.extend(kept);
            out.stats.skipped.extend(unchecked);
            self.vulnerabilities(&mut out);
        }
        out.packages.sort_by(|a, b| {
            (a.commit.as_ref().map(|c| c.order), &a.path)
                .cmp(&(b.commit.as_ref().map(|c| c.order), &b.path))
        });
        out.stats.skipped.sort();
        out.findings.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
        });
        out
    }

    /// Check every package version the changes bring in against the
    /// advisory database. Without one, or when it cannot be read, the scan
    /// goes on with a notice: a missing database must not block commits.
    fn vulnerabilities(&self, out: &mut Outcome) {
        let arrivals: Vec<(&FileDiff, &deps::Package)> = out
            .packages
            .iter()
            .flat_map(|f| {
                f.diff
                    .added
                    .iter()
                    .chain(f.diff.changed.iter().map(|c| &c.new))
                    .filter(|p| vulnerabilities::checkable(p))
                    .map(move |p| (f, p))
            })
            .collect();
        if arrivals.is_empty() {
            return;
        }
        let dir = self.config.advisories.db.as_deref().unwrap_or(&self.db_dir);
        let online = self.config.deps.online;
        let store = match Store::open(dir) {
            Ok(store) => store,
            Err(e) => {
                out.stats
                    .notices
                    .push(format!("{e}; vulnerabilities not checked"));
                None
            }
        };
        match &store {
            Some(store) => {
                if let Ok(Some(warning)) = age_warning(store, self.config.advisories.max_age_days) {
                    out.stats.notices.push(warning);
                }
            }
            None if !online => {
                out.stats.notices.push(format!(
                    "no advisory database yet, new package versions were not checked for \
                     vulnerabilities: run `ward db update` (or `ward db import PATH`) to create {}",
                    Store::path(dir).display()
                ));
                return;
            }
            None => {}
        }
        // The OSV API, asked once for every arrival (`--online`).
        let mut remote: Vec<Vec<Osv>> = Vec::new();
        if online {
            let queries: Vec<online::Query> = arrivals
                .iter()
                .map(|(_, p)| {
                    let eco = p.ecosystem.as_str();
                    (
                        eco.to_string(),
                        normalise_name(eco, &p.name),
                        p.version.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let reg = &self.config.deps.registries;
            match online::query(&reg.osv, &queries, reg.budget) {
                Ok(r) => remote = r,
                Err(e) => out
                    .stats
                    .notices
                    .push(format!("{e}; checked against the local database only")),
            }
        }
        let today = crate::vuln::today();
        let mut found = Vec::new();
        for (i, (file, package)) in arrivals.into_iter().enumerate() {
            let eco = package.ecosystem.as_str();
            let mut records = match &store {
                Some(store) => match store.records(eco, &normalise_name(eco, &package.name)) {
                    Ok(r) => r,
                    Err(e) => {
                        out.stats
                            .notices
                            .push(format!("{e}; vulnerabilities not checked"));
                        return;
                    }
                },
                None => Vec::new(),
            };
            records.extend(remote.get(i).cloned().unwrap_or_default());
            let ignore = &self.config.advisories.ignore;
            if let Some(hit) = vulnerabilities::assess(&records, package, ignore, &today) {
                found.push(vulnerabilities::finding(
                    &file.path,
                    package,
                    hit,
                    &self.config.severity,
                    file.commit.as_ref(),
                ));
            }
        }
        let before = found.len();
        found.retain(|f| {
            !inline::allows(&f.rule, &f.line_text, None)
                && suppress::by_config(&self.config, f).is_none()
        });
        out.stats.suppressed += before - found.len();
        out.findings.extend(found);
    }

    fn scan_change(&self, repo: Option<&gix::Repository>, change: Change) -> Scanned {
        let mut out = Scanned::default();
        let skip = |reason, detail: Option<String>| {
            // In history, say which version of the path it was.
            let detail = match (&change.commit, detail) {
                (Some(c), Some(d)) => Some(format!("{d} (commit {})", c.short_id())),
                (Some(c), None) => Some(format!("commit {}", c.short_id())),
                (None, d) => d,
            };
            Skipped {
                path: change.path.clone(),
                reason,
                detail,
            }
        };
        if self.config.exclude.is_match(&change.path) {
            out.skipped.push(skip(SkipReason::Excluded, None));
            return out;
        }
        let is_deps = self.detectors.deps && deps::is_dependency_file(&change.path);
        if change.deleted {
            if is_deps {
                out.packages = self.deleted_lockfile(repo, &change);
            }
            return out;
        }
        let limit = if is_deps {
            self.config.max_file_size.max(MAX_LOCKFILE_SIZE)
        } else {
            self.config.max_file_size
        };
        // An unreadable or binary old side adds nothing to compare against.
        let read_olds = |repo: Option<&gix::Repository>| -> Vec<Vec<u8>> {
            change
                .old
                .iter()
                .filter_map(|blob| match self.read(repo, blob, limit) {
                    Read::Bytes(b) => Some(b),
                    Read::Skip(..) => None,
                })
                .collect()
        };
        // A large lockfile's two versions are inflated at once, each on its own core.
        let (new, olds) = if is_deps
            && !change.old.is_empty()
            && change.size.is_some_and(|n| n > PARALLEL_LOCKFILE as u64)
        {
            let other = repo.cloned();
            std::thread::scope(|s| {
                let olds = s.spawn(move || read_olds(other.as_ref()));
                let new = match staged_in_worktree(repo, &change, limit) {
                    Some(bytes) => accept(bytes, limit),
                    None => self.read(repo, &change.new, limit),
                };
                let olds = olds.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                (new, Some(olds))
            })
        } else {
            (self.read(repo, &change.new, limit), None)
        };
        let new = match new {
            Read::Bytes(b) => b,
            Read::Skip(reason, detail) => {
                out.skipped.push(skip(reason, detail));
                return out;
            }
        };
        let olds = olds.unwrap_or_else(|| read_olds(repo));
        out.scanned = true;
        out.bytes = new.len() as u64;
        let secrets = self.detectors.secrets && new.len() as u64 <= self.config.max_file_size;
        let code = !is_deps
            && self.detectors.code
            && new.len() as u64 <= self.config.max_file_size
            && Language::detect(&change.path, &new[..new.len().min(256)]).is_some();
        let scan_secrets = || {
            let olds: Vec<&[u8]> = olds.iter().map(Vec::as_slice).collect();
            let mut target = if is_deps {
                Target::new_content(change.path.clone(), &olds, &new)
            } else {
                Target::added_to_all(change.path.clone(), &olds, &new)
            };
            target.commit = change.commit.clone();
            let (mut found, mut suppressed) = if secrets {
                self.detect(&target)
            } else {
                Default::default()
            };
            if code {
                let (more, hidden) = self.detect_code(&target, &new);
                found.extend(more);
                suppressed += hidden;
            }
            (found, suppressed)
        };
        let (found, suppressed) = if is_deps {
            // A large lockfile's added lines are scanned for secrets while its
            // packages are parsed and checked: on another core when one is
            // free. (A thread of its own would block this pool thread in
            // `join`, and the rule compilation it hands to the pool would
            // wait for a core busy with the rest of a tree.)
            let (checked, found) = if secrets && new.len() > PARALLEL_LOCKFILE {
                let mut found = None;
                let checked = rayon::in_place_scope(|s| {
                    s.spawn(|_| found = Some(scan_secrets()));
                    self.dependencies(repo, &change, &new, &olds)
                });
                (checked, found)
            } else {
                let checked = self.dependencies(repo, &change, &new, &olds);
                (checked, secrets.then(scan_secrets))
            };
            match checked {
                Ok(checked) => {
                    out.findings.extend(checked.findings);
                    if !checked.diff.is_empty() {
                        out.packages = Some(FileDiff {
                            path: change.path.clone(),
                            commit: change.commit.clone(),
                            diff: checked.diff,
                        });
                    }
                }
                Err(e) => out
                    .skipped
                    .push(skip(SkipReason::Unparsable, Some(e.message))),
            }
            let before = out.findings.len();
            out.findings.retain(|f| {
                !inline::allows(&f.rule, &f.line_text, None)
                    && suppress::by_config(&self.config, f).is_none()
            });
            out.suppressed += before - out.findings.len();
            found.unwrap_or_default()
        } else if secrets || code {
            scan_secrets()
        } else {
            Default::default()
        };
        out.findings.extend(found);
        out.suppressed += suppressed;
        out
    }

    /// A lockfile deleted in this change: every package it had is removed.
    fn deleted_lockfile(
        &self,
        repo: Option<&gix::Repository>,
        change: &Change,
    ) -> Option<FileDiff> {
        let old = change.old.first()?;
        let Read::Bytes(bytes) = self.read(repo, old, MAX_LOCKFILE_SIZE) else {
            return None;
        };
        let sides = change.sides.as_deref();
        let include = reader(repo, sides.and_then(|s| s.old.first()), change);
        let old = deps::parse_bytes(&change.path, &bytes, &include).ok()?;
        let diff = deps::diff::diff(&old, &[]);
        (!diff.is_empty()).then(|| FileDiff {
            path: change.path.clone(),
            commit: change.commit.clone(),
            diff,
        })
    }

    /// Diff a lockfile or manifest against its old version(s) and check what it brings in.
    fn dependencies(
        &self,
        repo: Option<&gix::Repository>,
        change: &Change,
        new: &[u8],
        olds: &[Vec<u8>],
    ) -> Result<dependencies::Checked, deps::ParseError> {
        let sides = change.sides.as_deref();
        let include_new = reader(repo, sides.map(|s| &s.new), change);
        let old_readers: Vec<_> = (0..olds.len())
            .map(|i| reader(repo, sides.and_then(|s| s.old.get(i)), change))
            .collect();
        let old_inputs: Vec<(&[u8], &IncludeFn<'_>)> = olds
            .iter()
            .zip(&old_readers)
            .map(|(b, r)| (b.as_slice(), r as &IncludeFn<'_>))
            .collect();
        dependencies::check_file(
            &change.path,
            new,
            &include_new,
            &old_inputs,
            &self.config.deps,
            &self.config.severity,
            change.commit.as_ref(),
        )
    }

    /// Detect and suppress on one target.
    pub fn detect(&self, target: &Target) -> (Vec<Finding>, usize) {
        let mut findings = self.rules.scan(target);
        let before = findings.len();
        findings.retain(|f| {
            !allowed_inline(target, f) && suppress::by_config(&self.config, f).is_none()
        });
        let suppressed = before - findings.len();
        (findings, suppressed)
    }

    /// Code rules on one target: statements touching its added lines.
    fn detect_code(&self, target: &Target, new: &[u8]) -> (Vec<Finding>, usize) {
        let text = crate::text::decode(new);
        let mut findings = code::builtin().scan(
            &target.path,
            &text,
            target.added.as_deref(),
            target.commit.as_ref(),
        );
        findings.retain(|f| !self.config.disabled.contains(&f.rule));
        for f in &mut findings {
            if let Some(s) = self.config.severity.get(&f.rule) {
                f.severity = *s;
            }
        }
        let before = findings.len();
        findings.retain(|f| suppress::by_config(&self.config, f).is_none());
        let suppressed = before - findings.len();
        (findings, suppressed)
    }

    fn read(&self, repo: Option<&gix::Repository>, blob: &Blob, max: u64) -> Read {
        let too_large = |n: u64| too_large(n, max);
        let bytes = match blob {
            Blob::Bytes(b) => b.clone(),
            Blob::File(p) => return read_file(p, max),
            Blob::Git(id) => {
                let Some(repo) = repo else {
                    return Read::Skip(SkipReason::Unreadable, Some("no repository".into()));
                };
                match repo.find_header(*id) {
                    Ok(h) if h.size() > max => return too_large(h.size()),
                    Ok(_) => {}
                    Err(e) => {
                        return Read::Skip(SkipReason::Unreadable, Some(format!("blob {id}: {e}")));
                    }
                }
                match repo.find_blob(*id) {
                    Ok(mut b) => b.take_data(),
                    Err(e) => {
                        return Read::Skip(SkipReason::Unreadable, Some(format!("blob {id}: {e}")));
                    }
                }
            }
        };
        accept(bytes, max)
    }
}

/// A file on disk, read with one open and one `fstat` (a tree scan reads
/// 100,000 files; a stat by path costs a path walk each time).
fn read_file(path: &std::path::Path, max: u64) -> Read {
    let unreadable = |e: std::io::Error| Read::Skip(SkipReason::Unreadable, Some(e.to_string()));
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return unreadable(e),
    };
    let len = match file.metadata() {
        Ok(m) if m.len() > max => return too_large(m.len(), max),
        Ok(m) => m.len(),
        Err(e) => return unreadable(e),
    };
    match read_bounded(&file, len, max) {
        Ok(Some(bytes)) => accept(bytes, max),
        // It grew while read.
        Ok(None) => too_large(max + 1, max),
        Err(e) => unreadable(e),
    }
}

/// At most `max` bytes of an open file whose size was `len`; `None` when it
/// holds more (it grew since its size was read).
fn read_bounded(file: &std::fs::File, len: u64, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

fn too_large(n: u64, max: u64) -> Read {
    Read::Skip(
        SkipReason::TooLarge,
        Some(format!("{n} bytes > max-file-size {max}")),
    )
}

/// Bytes read, unless too large or binary.
fn accept(bytes: Vec<u8>, max: u64) -> Read {
    if bytes.len() as u64 > max {
        return too_large(bytes.len() as u64, max);
    }
    if crate::text::is_binary(&bytes) {
        return Read::Skip(SkipReason::Binary, None);
    }
    Read::Bytes(bytes)
}

/// The staged content of a large file, read from the work tree when the
/// index says the file there holds it (its stat data matches the entry's,
/// which is not racily clean), as git's own diff does: a copy from the page
/// cache instead of inflating megabytes. Checked again on the open file
/// after reading, so a write in between falls back to the blob.
/// `None` also above `max` bytes: the blob's header then says it is too large.
fn staged_in_worktree(
    repo: Option<&gix::Repository>,
    change: &Change,
    max: u64,
) -> Option<Vec<u8>> {
    use gix::bstr::ByteSlice;
    use gix::index::entry::{Flags, Mode, Stat};
    let (Some(repo), Blob::Git(id)) = (repo, &change.new) else {
        return None;
    };
    let Side::Index(index) = &change.sides.as_deref()?.new else {
        return None;
    };
    let entry = index.entry_by_path(change.path.as_bytes().as_bstr())?;
    // Nanoseconds count, as in a git built with USE_NSEC: a file written
    // and staged within one second (a script, a hook test) is then not
    // racy, while a write after staging still shows in the nanoseconds of
    // its mtime or ctime, so the stat check below catches it.
    let options = gix::index::entry::stat::Options {
        use_nsec: true,
        ..Default::default()
    };
    if entry.id != *id
        || !matches!(entry.mode, Mode::FILE | Mode::FILE_EXECUTABLE)
        || entry
            .flags
            .intersects(Flags::SKIP_WORKTREE | Flags::INTENT_TO_ADD)
        || u64::from(entry.stat.size) > max
        || entry.stat.is_racy(index.timestamp(), options)
    {
        return None;
    }
    let path = repo.workdir()?.join(&change.path);
    let file = std::fs::File::open(path).ok()?;
    let bytes = read_bounded(&file, u64::from(entry.stat.size), max).ok()??;
    let now = Stat::from_fs(&gix::index::fs::Metadata::from_file(&file).ok()?).ok()?;
    (entry.stat.matches(&now, options) && bytes.len() as u64 == u64::from(entry.stat.size))
        .then_some(bytes)
}

/// The include reader of one side of a change.
fn reader<'a>(
    repo: Option<&'a gix::Repository>,
    side: Option<&'a Side>,
    change: &'a Change,
) -> impl Fn(&str) -> Result<String, String> + 'a {
    let file = match &change.new {
        Blob::File(p) => Some(p.as_path()),
        _ => None,
    };
    move |rel: &str| include(repo, side, file, &change.path, rel)
}

/// Read the file `rel` refers to from beside `path` (a lockfile's include),
/// in the same version of the tree: a git tree, the index, or the disk.
pub fn include(
    repo: Option<&gix::Repository>,
    side: Option<&Side>,
    file: Option<&std::path::Path>,
    path: &str,
    rel: &str,
) -> Result<String, String> {
    if let Some(file) = file {
        let p = file.parent().unwrap_or(std::path::Path::new(".")).join(rel);
        let bytes = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        return deps::decode(&bytes).map(str::to_owned);
    }
    let joined = join_relative(path, rel);
    let missing = || format!("cannot read {joined}: not in this version of the repository");
    let (Some(repo), Some(side)) = (repo, side) else {
        return Err(missing());
    };
    let id = match side {
        Side::Tree(tree) => repo
            .find_tree(*tree)
            .ok()
            .and_then(|t| t.lookup_entry_by_path(&joined).ok().flatten())
            .map(|e| e.object_id()),
        Side::Index(index) => {
            use gix::bstr::ByteSlice;
            index
                .entry_by_path(joined.as_bytes().as_bstr())
                .map(|e| e.id)
        }
    }
    .ok_or_else(missing)?;
    let blob = repo.find_blob(id).map_err(|e| format!("{joined}: {e}"))?;
    deps::decode(&blob.data).map(str::to_owned)
}

/// `dir/of/file` + `../x.txt`, resolved within the repository.
fn join_relative(path: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for c in rel.split(['/', '\\']) {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

/// History scans meet the same secret in many commits: keep, per fingerprint
/// (rule, path, secret), the finding of the earliest commit.
pub fn keep_earliest(findings: &mut Vec<Finding>) {
    use std::collections::HashMap;
    let key = |f: &Finding| f.commit.as_ref().map(|c| c.order);
    let mut best: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        best.entry((&f.rule, &f.path, &f.secret))
            .and_modify(|b| {
                if key(f) < key(&findings[*b]) {
                    *b = i;
                }
            })
            .or_insert(i);
    }
    let mut keep: Vec<usize> = best.into_values().collect();
    keep.sort_unstable();
    let mut keep = keep.into_iter().peekable();
    let mut i = 0;
    findings.retain(|_| {
        let k = keep.peek() == Some(&i);
        if k {
            keep.next();
        }
        i += 1;
        k
    });
}

/// Inline markers on the finding's first or last line, or a next-line marker above it.
fn allowed_inline(target: &Target, f: &Finding) -> bool {
    let line = |n: u32| target_line(target, n);
    inline::allows(
        &f.rule,
        &f.line_text,
        line(f.line.wrapping_sub(1)).as_deref(),
    ) || (f.end_line != f.line
        && line(f.end_line).is_some_and(|l| inline::allows(&f.rule, &l, None)))
}

/// Line `n` (1-based) of the target, when one of its chunks holds it.
fn target_line(target: &Target, n: u32) -> Option<String> {
    target.chunks.iter().find_map(|c| {
        let idx = n.checked_sub(c.first_line)? as usize;
        c.text
            .split('\n')
            .nth(idx)
            .map(|l| l.trim_end_matches('\r').to_string())
    })
}
