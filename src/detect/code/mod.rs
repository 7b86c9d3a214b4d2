//! The code detector: security mistakes in source code (JWT verification
//! off, TLS checks disabled, weak crypto, injection, permissive config,
//! hard-coded credentials), found per logical statement.
//!
//! Flow for one file: its [`Language`] from the path → an Aho-Corasick pass
//! for every rule's keywords (most files stop here) → the [`Source`] lexed
//! into statements → each candidate rule's regex on the statements holding
//! its keywords → in the hook, only statements touching added lines.

pub mod docs;
pub mod language;
pub mod rule;
pub mod statements;

use crate::detect::{Finding, Kind};
use crate::suppress::inline;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
pub use language::Language;
use rule::Rule;
use statements::Source;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};

/// The built-in rules, parsed once per process on first use.
static BUILTIN: LazyLock<CodeRules> = LazyLock::new(|| CodeRules::new(rule::builtin()));

/// The built-in code rules.
pub fn builtin() -> &'static CodeRules {
    &BUILTIN
}

/// The code rules of one run, with a keyword prefilter per language.
pub struct CodeRules {
    rules: Vec<Rule>,
    /// Built on first use for each language: a small automaton holding only
    /// the keywords of that language's rules walks much faster than one for all.
    prefilters: [OnceLock<Prefilter>; Language::ALL.len()],
}

/// Large inputs get DFAs (fast to search, slow to build); a hook's few files
/// get NFAs, built in microseconds. Global, so that saying it does not parse
/// the rule packs of a scan that meets no code file.
static LARGE_INPUT: AtomicBool = AtomicBool::new(false);

/// Say whether the scan ahead is large (before its first file).
pub fn expect_large_input(large: bool) {
    LARGE_INPUT.store(large, Ordering::Relaxed);
}

/// One language's keywords, and the rules each belongs to.
struct Prefilter {
    automaton: Option<AhoCorasick>,
    owners: Vec<Vec<usize>>,
}

impl Prefilter {
    fn new(rules: &[Rule], lang: Language, large: bool) -> Prefilter {
        let mut words: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if !r.def.languages.contains(&lang) {
                continue;
            }
            for k in &r.def.keywords {
                let k = k.to_ascii_lowercase();
                match words.iter().position(|w| *w == k) {
                    Some(p) => owners[p].push(i),
                    None => {
                        words.push(k);
                        owners.push(vec![i]);
                    }
                }
            }
        }
        // Overlapping search (keywords overlap) cannot skip ahead, so every
        // byte of every code file passes through the automaton.
        let kind = if large {
            aho_corasick::AhoCorasickKind::DFA
        } else {
            aho_corasick::AhoCorasickKind::ContiguousNFA
        };
        let automaton = (!words.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(kind))
                .build(&words)
                .unwrap_or_else(|e| panic!("code rule keywords: {e}"))
        });
        Prefilter { automaton, owners }
    }
}

impl CodeRules {
    pub fn new(rules: Vec<Rule>) -> CodeRules {
        CodeRules {
            rules,
            prefilters: std::array::from_fn(|_| OnceLock::new()),
        }
    }

    fn prefilter(&self, lang: Language) -> &Prefilter {
        let i = Language::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        let large = LARGE_INPUT.load(Ordering::Relaxed);
        self.prefilters[i].get_or_init(|| Prefilter::new(&self.rules, lang, large))
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id() == id)
    }

    /// Findings in `text` (the whole new content of `path`). With `added`
    /// (0-based line ranges), only statements touching those lines count.
    pub fn scan(
        &self,
        path: &str,
        text: &str,
        added: Option<&[Range<u32>]>,
        commit: Option<&Arc<crate::detect::Commit>>,
    ) -> Vec<Finding> {
        let head = &text.as_bytes()[..text.len().min(256)];
        let Some(lang) = Language::detect(path, head) else {
            return Vec::new();
        };
        if self.rules.is_empty() {
            return Vec::new();
        }
        // Keyword hits per rule, in text order.
        let mut hits: Vec<Vec<usize>> = vec![Vec::new(); self.rules.len()];
        let prefilter = self.prefilter(lang);
        let Some(automaton) = &prefilter.automaton else {
            return Vec::new();
        };
        for m in automaton.find_overlapping_iter(text) {
            for &r in &prefilter.owners[m.pattern().as_usize()] {
                if hits[r].last() != Some(&m.start()) {
                    hits[r].push(m.start());
                }
            }
        }
        if hits.iter().all(Vec::is_empty) {
            return Vec::new();
        }
        let source = Source::new(text, lang.syntax());
        let mut out = Vec::new();
        for (r, offsets) in hits.iter().enumerate() {
            if offsets.is_empty() {
                continue;
            }
            let rule = &self.rules[r];
            let Ok(c) = rule.compiled() else { continue };
            if c.paths.as_ref().is_some_and(|g| !g.is_match(path)) {
                continue;
            }
            // What the whole file must (not) hold: asked at the first match.
            let mut file_ok: Option<bool> = None;
            let mut last: Option<Range<usize>> = None;
            for &offset in offsets {
                let Some(stmt) = source.statement_at(offset) else {
                    continue;
                };
                if last.as_ref() == Some(&stmt) {
                    continue;
                }
                last = Some(stmt.clone());
                if let Some(added) = added
                    && !touches(&source, &stmt, added)
                {
                    continue;
                }
                out.extend(self.check(rule, c, &source, stmt, &mut file_ok, path, commit));
            }
        }
        out
    }

    /// Run one rule on one statement: a finding per line holding a match.
    /// `file_ok` caches whether the file passes the rule's file conditions.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        rule: &Rule,
        c: &rule::Compiled,
        source: &Source<'_>,
        stmt: Range<usize>,
        file_ok: &mut Option<bool>,
        path: &str,
        commit: Option<&Arc<crate::detect::Commit>>,
    ) -> Vec<Finding> {
        let code = &source.code.as_bytes()[stmt.clone()];
        let mut matches: Vec<regex::bytes::Captures<'_>> = c
            .regex
            .captures_iter(code)
            .filter(|caps| {
                let start = stmt.start + caps.get(0).map_or(0, |m| m.start());
                rule.def.in_strings || !source.in_string(start)
            })
            .collect();
        if matches.is_empty() {
            return Vec::new();
        }
        let Ok(x) = rule.context() else {
            return Vec::new();
        };
        let file = source.code.as_bytes();
        let passes = *file_ok.get_or_insert_with(|| {
            x.file_requires.as_ref().is_none_or(|re| re.is_match(file))
                && x.file_unless.as_ref().is_none_or(|re| !re.is_match(file))
        });
        if !passes {
            return Vec::new();
        }
        let first = source.line_of(stmt.start);
        let before = &source.code
            [source.line_start(first.saturating_sub(rule.def.context_before))..stmt.start];
        let header = function_header(source, &stmt, rule.def.function_lines).unwrap_or("");
        if !x.sources.is_empty() {
            let tainted = tainted_names(&x.sources, &[before, header]);
            matches.retain(|caps| {
                caps.get(0)
                    .is_some_and(|m| tainted.iter().any(|name| uses_word(m.as_bytes(), name)))
            });
            if matches.is_empty() {
                return Vec::new();
            }
        }
        if !x.unless.is_empty() || x.near.is_some() {
            let scope =
                &source.code[stmt.start..context_end(source, &stmt, rule.def.context_lines)];
            let seen = |re: &regex::bytes::Regex| {
                re.is_match(before.as_bytes())
                    || re.is_match(scope.as_bytes())
                    || re.is_match(header.as_bytes())
            };
            if x.unless.iter().any(seen) || x.near.as_ref().is_some_and(|n| !seen(n)) {
                return Vec::new();
            }
        }
        let last = source.line_of(stmt.end.saturating_sub(1).max(stmt.start));
        for l in first..=last {
            let previous = l.checked_sub(1).map(|p| source.line(p));
            if inline::allows(rule.id(), source.line(l), previous) {
                return Vec::new();
            }
        }
        let mut out: Vec<Finding> = Vec::new();
        for caps in &matches {
            let f = finding(rule, c, source, stmt.start, caps, path, commit);
            if out.last().is_none_or(|p| p.line != f.line) {
                out.push(f);
            }
        }
        out
    }
}

/// The finding for one match. A credential is redacted like a secret and
/// the finding points at it; other findings point at the code, shown as it is.
fn finding(
    rule: &Rule,
    c: &rule::Compiled,
    source: &Source<'_>,
    base: usize,
    caps: &regex::bytes::Captures<'_>,
    path: &str,
    commit: Option<&Arc<crate::detect::Commit>>,
) -> Finding {
    let whole = caps.get(0);
    let secret_match = c.secret_group.and_then(|g| caps.get(g));
    let anchor = secret_match.or(whole).map_or(0..0, |m| m.range());
    let (start, end) = (base + anchor.start, base + anchor.end);
    let line = source.line_of(start);
    let line_start = source.line_start(line);
    let end_line = source.line_of(end.saturating_sub(1).max(start));
    let line_text = source.line(line).to_string();
    let (secret, secret_span) = match secret_match {
        Some(m) => {
            let s = (start - line_start).min(line_text.len());
            let e = (end - line_start).min(line_text.len());
            (String::from_utf8_lossy(m.as_bytes()).into_owned(), (s, e))
        }
        None => (
            whole
                .map(|m| {
                    String::from_utf8_lossy(m.as_bytes())
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default(),
            (0, 0),
        ),
    };
    let end_line_start = source.line_start(end_line);
    Finding {
        kind: Kind::Code,
        rule: rule.id().to_string(),
        severity: rule.def.severity,
        title: rule.def.title.clone(),
        path: path.to_string(),
        line: line as u32 + 1,
        column: crate::text::column(source.text, line_start, start),
        end_line: end_line as u32 + 1,
        end_column: crate::text::column(source.text, end_line_start, end),
        line_text,
        secret_span,
        secret,
        why: rule.def.why.trim().to_string(),
        fix: rule.def.fix.trim().to_string(),
        note: None,
        commit: commit.cloned(),
        package: None,
        advisories: Vec::new(),
    }
}

/// A line that opens a function, method or closure bound to a name.
static FUNCTION_HEADER: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(
        r"^\s*(?:(?:export|default|async|pub(?:\([\w:]+\))?|public|private|protected|static|final|override|suspend|internal|open|abstract|synchronized|unsafe)\s+)*(?:def|function|func|fun|fn)\b|^\s*(?:(?:public|private|protected|static|final|synchronized)\s+)+[\w<>\[\],.? ]+\s+\w+\s*\(|^\s*(?:export\s+)?(?:const|let|var)\s+\w+\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|\w+\s*=>)",
    )
    .unwrap_or_else(|e| panic!("function header regex: {e}"))
});

/// The header line of the function enclosing `stmt`, when one starts at
/// most `lines` lines above it at a smaller indentation.
fn function_header<'s>(
    source: &'s Source<'_>,
    stmt: &Range<usize>,
    lines: usize,
) -> Option<&'s str> {
    if lines == 0 {
        return None;
    }
    let first = source.line_of(stmt.start);
    let indent = |l: usize| {
        let s = source.line_start(l);
        source.code[s..]
            .bytes()
            .take_while(|b| *b == b' ' || *b == b'\t')
            .count()
    };
    let own = indent(first);
    for l in (first.saturating_sub(lines)..first).rev() {
        let start = source.line_start(l);
        let end = source.line_start(l + 1).saturating_sub(1);
        let text = &source.code[start..end.max(start)];
        if text.trim().is_empty() {
            continue;
        }
        if indent(l) < own && FUNCTION_HEADER.is_match(text.as_bytes()) {
            return Some(text);
        }
    }
    None
}

/// The variables `sources` say hold untrusted values in `texts`.
fn tainted_names<'t>(sources: &[regex::bytes::Regex], texts: &[&'t str]) -> Vec<&'t str> {
    let mut names = Vec::new();
    for text in texts {
        for re in sources {
            for caps in re.captures_iter(text.as_bytes()) {
                if let Some(name) = caps.name("var").and_then(|m| text.get(m.range())) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// Does `text` use the identifier `name` (as a whole word)?
fn uses_word(text: &[u8], name: &str) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let name = name.as_bytes();
    if name.is_empty() {
        return false;
    }
    memchr::memmem::find_iter(text, name).any(|i| {
        let before = text[..i].last().copied();
        let after = text.get(i + name.len()).copied();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// Where the statement plus `lines` following lines ends.
fn context_end(source: &Source<'_>, stmt: &Range<usize>, lines: usize) -> usize {
    if lines == 0 {
        return stmt.end;
    }
    let next = source.line_of(stmt.end.saturating_sub(1)) + lines + 1;
    if next <= source.line_of(source.text.len()) {
        source.line_start(next)
    } else {
        source.text.len()
    }
}

/// Does the statement cover any of the added (0-based) line ranges?
fn touches(source: &Source<'_>, stmt: &Range<usize>, added: &[Range<u32>]) -> bool {
    let first = source.line_of(stmt.start) as u32;
    let last = source.line_of(stmt.end.saturating_sub(1).max(stmt.start)) as u32;
    added.iter().any(|r| r.start <= last && first < r.end)
}
