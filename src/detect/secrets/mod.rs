//! The secret detector: a keyword prefilter over all rules at once, then only
//! the rules whose keywords occur run their regex; candidates pass entropy,
//! placeholder, allowlist and validator checks; overlapping matches keep the
//! most specific rule.

pub mod check;
pub mod docs;
pub mod filters;
pub mod rule;
pub mod validate;
mod window;

use crate::detect::{Finding, Kind, Severity};
use crate::diff::{Chunk, Target};
use crate::text::{self, LineIndex};
use aho_corasick::AhoCorasick;
use regex_automata::Input;
use regex_automata::util::captures::Captures;
use rule::Rule;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use validate::Verdict;

/// The rules of one run, with the prefilter built over their keywords.
pub struct RuleSet {
    rules: Vec<Rule>,
    keywords: Vec<String>,
    /// The keyword automaton, built on first use: a DFA when much text is
    /// coming (fastest search, ~5 ms to build), otherwise an NFA (builds in
    /// under a millisecond, which is what a commit hook wants).
    prefilter: OnceLock<AhoCorasick>,
    large_input: AtomicBool,
    /// Keyword pattern id → indexes of the rules that carry it.
    keyword_rules: Vec<Vec<usize>>,
}

/// A regex match that survived the filters, before overlap resolution.
struct Candidate {
    rule: usize,
    severity: Severity,
    secret: (usize, usize),
    /// Length of the whole regex match: more matched context, more specific rule.
    context: usize,
    /// Where the whole match starts.
    start: usize,
    note: Option<String>,
}

impl RuleSet {
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        let mut keywords: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            for k in &r.def.keywords {
                let k = k.to_ascii_lowercase();
                let id = *index.entry(k.clone()).or_insert_with(|| {
                    keywords.push(k);
                    keyword_rules.push(Vec::new());
                    keywords.len() - 1
                });
                if !keyword_rules[id].contains(&i) {
                    keyword_rules[id].push(i);
                }
            }
        }
        RuleSet {
            rules,
            keywords,
            prefilter: OnceLock::new(),
            large_input: AtomicBool::new(false),
            keyword_rules,
        }
    }

    /// Say that a lot of text will be scanned (before the first scan), so the
    /// prefilter and the rules' regexes are built for search speed rather
    /// than build speed.
    pub fn expect_large_input(&self, large: bool) {
        self.large_input.store(large, Ordering::Relaxed);
    }

    fn large(&self) -> bool {
        self.large_input.load(Ordering::Relaxed)
    }

    fn prefilter(&self) -> &AhoCorasick {
        self.prefilter.get_or_init(|| {
            let kind = if self.large() {
                aho_corasick::AhoCorasickKind::DFA
            } else {
                aho_corasick::AhoCorasickKind::ContiguousNFA
            };
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(kind))
                .build(&self.keywords)
                .expect("keyword automaton within default limits")
        })
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id() == id)
    }

    /// Scan every chunk of a target.
    pub fn scan(&self, target: &Target) -> Vec<Finding> {
        let mut out = Vec::new();
        for chunk in &target.chunks {
            self.scan_chunk(target, chunk, &mut out);
        }
        out
    }

    /// Keyword hits as (rule, byte offset), grouped by rule in rule order.
    fn hits(&self, text: &str) -> Vec<(usize, usize)> {
        let mut hits = Vec::new();
        for m in self.prefilter().find_overlapping_iter(text) {
            for &r in &self.keyword_rules[m.pattern().as_usize()] {
                hits.push((r, m.start()));
            }
        }
        hits.sort_unstable();
        hits
    }

    fn scan_chunk(&self, target: &Target, chunk: &Chunk, out: &mut Vec<Finding>) {
        let text = chunk.text.as_str();
        let hits = self.hits(text);
        if hits.is_empty() {
            return;
        }
        self.compile_in_parallel(&hits);
        let mut candidates = Vec::new();
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            let r = group[0].0;
            // Built-in rules are compiled by tests and user rules at config load;
            // a rule that fails here has been reported already.
            let Ok(c) = self.rules[r].compiled(self.large()) else {
                continue;
            };
            let offsets = group.iter().map(|&(_, o)| o);
            let mut caps = c.regex.create_captures();
            for w in window::around(text, offsets, c.multiline) {
                self.match_rule(r, c, chunk, w, &mut caps, &mut candidates);
            }
        }
        if candidates.is_empty() {
            return;
        }
        let kept = self.resolve_overlaps(candidates);
        let lines = LineIndex::new(text);
        for c in kept {
            out.push(self.finding(target, chunk, &lines, c));
        }
    }

    /// Compile the regexes of the rules hit here that are not compiled yet, on
    /// every core: a hook run that triggers dozens of rules pays for
    /// compilation more than for matching. Only from inside the thread pool:
    /// a thread outside it would block until a pool thread is free.
    fn compile_in_parallel(&self, hits: &[(usize, usize)]) {
        if rayon::current_thread_index().is_none() {
            return;
        }
        use rayon::prelude::*;
        let mut pending: Vec<usize> = hits
            .iter()
            .map(|&(r, _)| r)
            .filter(|&r| !self.rules[r].is_compiled())
            .collect();
        pending.dedup();
        if pending.len() > 2 {
            pending.par_iter().for_each(|&r| {
                let _ = self.rules[r].compiled(self.large());
            });
        }
    }

    /// Run rule `r` on one window of the chunk.
    fn match_rule(
        &self,
        r: usize,
        c: &rule::Compiled,
        chunk: &Chunk,
        w: std::ops::Range<usize>,
        caps: &mut Captures,
        candidates: &mut Vec<Candidate>,
    ) {
        let rule = &self.rules[r];
        // The regex sees the text up to the window's end and starts at its
        // start, so look-behind (`\b`, `^`) still sees the real context.
        let full = chunk.text.as_str();
        let bytes = &full.as_bytes()[..w.end];
        let mut at = w.start;
        while at <= bytes.len() {
            c.regex
                .search_captures(&Input::new(bytes).range(at..), caps);
            let Some(whole) = caps.get_match().map(|m| m.range()) else {
                break;
            };
            at = if whole.is_empty() {
                whole.end + 1
            } else {
                whole.end
            };
            let Some(m) = caps.get_group(c.secret_group) else {
                continue;
            };
            let match_start = whole.start;
            let whole = whole.len();
            // A byte regex may cut a multi-byte character: keep whole characters.
            let (start, end) = (
                ceil_char_boundary(full, m.start),
                text::floor_char_boundary(full, m.end),
            );
            if end <= chunk.added_from || end <= start {
                continue;
            }
            let secret = &full[start..end];
            if let Some(min) = rule.def.min_entropy
                && filters::entropy(secret) < min
            {
                continue;
            }
            if filters::is_placeholder(secret) || c.allow.matches(secret) {
                continue;
            }
            if !c.stopwords.is_empty() {
                let lower = secret.to_lowercase();
                if c.stopwords.iter().any(|w| lower.contains(w.as_str())) {
                    continue;
                }
            }
            let mut severity = rule.def.severity;
            let mut note = None;
            if let Some(v) = rule.def.validator {
                match validate::validate(v, secret) {
                    Verdict::Valid => {}
                    Verdict::Invalid => continue,
                    Verdict::ChecksumMismatch => {
                        severity = severity.lowered();
                        note = Some("the embedded checksum does not verify: possibly a test or mistyped value".into());
                    }
                }
            }
            candidates.push(Candidate {
                rule: r,
                severity,
                secret: (start, end),
                context: whole,
                start: match_start,
                note,
            });
        }
    }

    /// Where matches overlap, keep the most specific: higher severity, then a
    /// provider rule over a generic one, then the one that matched more context,
    /// then the longer secret.
    fn resolve_overlaps(&self, mut cands: Vec<Candidate>) -> Vec<Candidate> {
        let rank = |c: &Candidate| {
            (
                c.severity,
                !self.rules[c.rule].is_generic(),
                c.context,
                c.secret.1 - c.secret.0,
                std::cmp::Reverse(c.rule),
            )
        };
        cands.sort_by_key(|c| std::cmp::Reverse(rank(c)));
        let mut kept: Vec<Candidate> = Vec::new();
        for c in cands {
            let overlaps = kept
                .iter()
                .any(|k| c.secret.0 < k.secret.1 && k.secret.0 < c.secret.1);
            if !overlaps {
                kept.push(c);
            }
        }
        kept.sort_by_key(|c| (c.secret.0, c.rule));
        kept
    }

    fn finding(&self, target: &Target, chunk: &Chunk, lines: &LineIndex, c: Candidate) -> Finding {
        let rule = &self.rules[c.rule].def;
        let text = chunk.text.as_str();
        // A secret that starts in the context lines is reported from the first added line.
        let (start, end) = c.secret;
        let secret_line = lines.line_of(start);
        let last = lines.line_of(end.saturating_sub(1).max(start));
        let (last_start, _) = lines.line_range(text, last);
        // A block whose header sits on a line of its own (`-----BEGIN … KEY-----`)
        // is reported at the header, which is not secret: no span to redact there.
        let header = lines.line_of(c.start);
        let first = header.min(secret_line);
        let (ls, le) = lines.line_range(text, first);
        let (span, column) = if header < secret_line {
            ((0, 0), text::column(text, ls, c.start))
        } else {
            (
                (start - ls, end.min(le).max(start) - ls),
                text::column(text, ls, start),
            )
        };
        let line_text = text[ls..le].to_string();
        Finding {
            kind: Kind::Secret,
            rule: rule.id.clone(),
            severity: c.severity,
            title: rule.title.clone(),
            path: target.path.clone(),
            line: chunk.first_line + first as u32,
            column,
            end_line: chunk.first_line + last as u32,
            end_column: text::column(text, last_start, end),
            line_text,
            secret_span: span,
            secret: text[start..end].to_string(),
            why: rule.why.clone(),
            fix: rule.fix.clone(),
            note: c.note,
            commit: target.commit.clone(),
            package: None,
            advisories: Vec::new(),
        }
    }
}

/// The smallest char boundary `>= i`.
fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}
