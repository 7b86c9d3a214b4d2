//! Wires the stages: changes from a source are read, diffed, run through the
//! detectors and the suppressions, in parallel, into an [`Outcome`].

use crate::config::Config;
use crate::detect::Finding;
use crate::detect::secrets::RuleSet;
use crate::detect::secrets::rule::{self, Rule};
use crate::diff::Target;
use crate::source::{Blob, Change, Collected, SkipReason, Skipped};
use crate::suppress::{self, inline};
use rayon::prelude::*;
use serde::Serialize;

/// Above this many bytes to scan, the prefilter is built for speed of search.
const LARGE_INPUT: u64 = 16 << 20;

/// What one scan found and how much it read.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub stats: Stats,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub skipped: Vec<Skipped>,
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
        self.rules.expect_large_input(expected > LARGE_INPUT);
        let results: Vec<(Option<Skipped>, u64, Vec<Finding>, usize)> = changes
            .into_par_iter()
            .map_init(
                || match loader {
                    Loader::Git(r) => Some(r.to_thread_local()),
                    Loader::Files => None,
                },
                |repo, change| {
                    let out = self.scan_change(repo.as_ref(), change);
                    progress.step(out.1);
                    out
                },
            )
            .collect();
        let mut out = Outcome::default();
        out.stats.skipped = skipped;
        for (skip, bytes, findings, suppressed) in results {
            match skip {
                Some(s) => out.stats.skipped.push(s),
                None => {
                    out.stats.files += 1;
                    out.stats.bytes += bytes;
                }
            }
            out.stats.suppressed += suppressed;
            out.findings.extend(findings);
        }
        out.stats.skipped.sort();
        out.findings.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
        });
        out
    }

    fn scan_change(
        &self,
        repo: Option<&gix::Repository>,
        change: Change,
    ) -> (Option<Skipped>, u64, Vec<Finding>, usize) {
        let skip = |reason, detail: Option<String>| {
            // In history, say which version of the path it was.
            let detail = match (&change.commit, detail) {
                (Some(c), Some(d)) => Some(format!("{d} (commit {})", c.short_id())),
                (Some(c), None) => Some(format!("commit {}", c.short_id())),
                (None, d) => d,
            };
            (
                Some(Skipped {
                    path: change.path.clone(),
                    reason,
                    detail,
                }),
                0,
                Vec::new(),
                0,
            )
        };
        if self.config.exclude.is_match(&change.path) {
            return skip(SkipReason::Excluded, None);
        }
        let new = match self.read(repo, &change.new) {
            Read::Bytes(b) => b,
            Read::Skip(reason, detail) => return skip(reason, detail),
        };
        // An unreadable or binary old side adds nothing to compare against.
        let olds: Vec<Vec<u8>> = change
            .old
            .iter()
            .filter_map(|blob| match self.read(repo, blob) {
                Read::Bytes(b) => Some(b),
                Read::Skip(..) => None,
            })
            .collect();
        let bytes = new.len() as u64;
        let olds: Vec<&[u8]> = olds.iter().map(Vec::as_slice).collect();
        let mut target = Target::added_to_all(change.path, &olds, &new);
        target.commit = change.commit;
        let (findings, suppressed) = self.detect(&target);
        (None, bytes, findings, suppressed)
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

    fn read(&self, repo: Option<&gix::Repository>, blob: &Blob) -> Read {
        let max = self.config.max_file_size;
        let too_large = |n: u64| {
            Read::Skip(
                SkipReason::TooLarge,
                Some(format!("{n} bytes > max-file-size {max}")),
            )
        };
        let bytes = match blob {
            Blob::Bytes(b) => b.clone(),
            Blob::File(p) => {
                match std::fs::metadata(p) {
                    Ok(m) if m.len() > max => return too_large(m.len()),
                    Ok(_) => {}
                    Err(e) => return Read::Skip(SkipReason::Unreadable, Some(e.to_string())),
                }
                match std::fs::read(p) {
                    Ok(b) => b,
                    Err(e) => return Read::Skip(SkipReason::Unreadable, Some(e.to_string())),
                }
            }
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
        if bytes.len() as u64 > max {
            return too_large(bytes.len() as u64);
        }
        if crate::text::is_binary(&bytes) {
            return Read::Skip(SkipReason::Binary, None);
        }
        Read::Bytes(bytes)
    }
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
