//! A secret rule is data: one `[[rules]]` table in a TOML pack under `rules/secrets/`
//! (or `[[custom-rules]]` in `ward.toml`). This module is its model and loader.

use crate::detect::Severity;
use regex::Regex;
use regex_automata::meta;
use serde::Deserialize;
use std::sync::OnceLock;

/// Checks a secret's internal structure beyond what a regex can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validator {
    /// GitHub and npm tokens: the last 6 characters are the base62 CRC32 of the random part.
    /// A mismatch lowers the severity one level instead of dropping the finding.
    GithubCrc32,
    /// JSON Web Token: the header must base64url-decode to a JSON object with `alg`.
    Jwt,
}

/// The rule as written in TOML.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub keywords: Vec<String>,
    pub regex: String,
    #[serde(default)]
    pub min_entropy: Option<f64>,
    #[serde(default)]
    pub validator: Option<Validator>,
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub stopwords: Vec<String>,
    pub why: String,
    pub fix: String,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pack {
    rules: Vec<RuleDef>,
}

/// A rule ready to run. Regexes compile on first use: a hook that sees only
/// `ghp_` pays for one regex, not for every rule.
#[derive(Debug)]
pub struct Rule {
    pub def: RuleDef,
    /// Where the rule comes from (`github.toml`, `ward.toml`), for messages.
    pub origin: String,
    compiled: OnceLock<Result<Compiled, String>>,
}

#[derive(Debug)]
pub struct Compiled {
    /// Byte regex with Unicode off: ASCII classes and case folding compile
    /// many times faster and keep the lazy DFA small; credentials are ASCII.
    /// Matches may split a multi-byte character; the matcher snaps them.
    /// (The regex crate's own engine, so its build can be tuned: see [`Rule::compiled`].)
    pub regex: meta::Regex,
    /// Whether a match can span lines (PEM blocks, `.netrc` entries): such rules
    /// search a wide window around each keyword, single-line rules only the
    /// keyword's line and its neighbours.
    pub multiline: bool,
    pub secret_group: usize,
    pub allow: Allow,
    /// Lowercased stopwords.
    pub stopwords: Vec<String>,
}

impl Rule {
    pub fn new(def: RuleDef, origin: impl Into<String>) -> Rule {
        Rule {
            def,
            origin: origin.into(),
            compiled: OnceLock::new(),
        }
    }

    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// A catch-all rule (`generic-*`) yields to a provider rule on the same text.
    pub fn is_generic(&self) -> bool {
        self.def.id.starts_with("generic-")
    }

    /// The rule's regex, built on the first call: for a search through much
    /// text if `large_input` then. A hook's few hundred bytes do not repay a
    /// literal prefilter or a one-pass DFA for the captures: both take longer
    /// to build than the searches they speed up, and a commit wakes dozens of
    /// rules. A tree or a history does.
    pub fn compiled(&self, large_input: bool) -> Result<&Compiled, &str> {
        self.compiled
            .get_or_init(|| compile(&self.def, large_input))
            .as_ref()
            .map_err(String::as_str)
    }

    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// Problems with the rule itself (used by `ward rules check` and config loading).
    pub fn lint(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let d = &self.def;
        if d.id.is_empty()
            || !d.id.split('-').all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
        {
            problems.push(format!("id `{}` is not kebab-case", d.id));
        }
        if d.keywords.is_empty() {
            problems.push("no keywords: every rule needs at least one for the prefilter".into());
        }
        if let Some(k) = d.keywords.iter().find(|k| k.len() < 3) {
            problems.push(format!("keyword `{k}` is shorter than 3 characters"));
        }
        // Compiled apart from the cached build, which waits to know how
        // much text is coming.
        match compile(d, false) {
            Ok(c) => problems.extend(c.allow.check(&d.id).err()),
            Err(e) => problems.push(e),
        }
        problems
    }
}

/// Word boundaries in rules mean ASCII boundaries: credentials are ASCII, and a
/// Unicode `\b` makes the regex engine leave its DFA for a far slower one on any
/// non-ASCII text.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn compile(def: &RuleDef, large_input: bool) -> Result<Compiled, String> {
    let pattern = ascii_word_boundaries(&def.regex);
    let invalid = |e: &dyn std::fmt::Display| {
        format!(
            "rule `{}`: invalid regex: {}",
            def.id,
            one_line(&e.to_string())
        )
    };
    // Unicode off where the pattern allows it (a class naming a non-ASCII
    // character needs it on). Configured as `regex::bytes::RegexBuilder`
    // does, with larger limits, and lighter for small inputs.
    let build = |unicode: bool| -> Result<meta::Regex, String> {
        meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(regex_automata::MatchKind::LeftmostFirst)
                    .utf8_empty(false)
                    .nfa_size_limit(Some(50 << 20))
                    .hybrid_cache_capacity(16 << 20)
                    .auto_prefilter(large_input)
                    .onepass(large_input),
            )
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .unicode(unicode)
                    .utf8(false),
            )
            .build(&pattern)
            .map_err(|e| match e.syntax_error() {
                // The syntax error itself reads better than the builder's wrapper.
                Some(syntax) => invalid(syntax),
                None => invalid(&e),
            })
    };
    let (regex, unicode) = match build(false) {
        Ok(r) => (r, false),
        Err(_) => (build(true)?, true),
    };
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(unicode)
        .utf8(false)
        .build()
        .parse(&pattern)
        .map_err(|e| invalid(&e))?;
    let groups = regex.group_info();
    let first = regex_automata::PatternID::ZERO;
    let unnamed = usize::from(groups.group_len(first) > 1);
    let secret_group = groups.to_index(first, "secret").unwrap_or(unnamed);
    Ok(Compiled {
        regex,
        multiline: spans_lines(&hir),
        secret_group,
        allow: Allow {
            patterns: def.allow.clone(),
            compiled: OnceLock::new(),
        },
        stopwords: def.stopwords.iter().map(|s| s.to_lowercase()).collect(),
    })
}

/// A rule's allow patterns, compiled the first time a match needs them:
/// most rules a commit wakes never match, and Unicode classes such as
/// `[^\W\d]` cost milliseconds to compile. `lint` (config loading, `ward
/// rules check`) compiles them up front to report a bad one.
#[derive(Debug)]
pub struct Allow {
    patterns: Vec<String>,
    compiled: OnceLock<Vec<Regex>>,
}

impl Allow {
    /// Does an allow pattern match `secret`? (A pattern that does not
    /// compile, which `lint` reports, matches nothing.)
    pub fn matches(&self, secret: &str) -> bool {
        !self.patterns.is_empty()
            && self
                .compiled
                .get_or_init(|| {
                    self.patterns
                        .iter()
                        .filter_map(|a| Regex::new(a).ok())
                        .collect()
                })
                .iter()
                .any(|a| a.is_match(secret))
    }

    /// The first pattern that does not compile, as a problem of rule `id`.
    fn check(&self, id: &str) -> Result<(), String> {
        for a in &self.patterns {
            if let Err(e) = Regex::new(a) {
                return Err(format!(
                    "rule `{id}`: invalid allow regex: {}",
                    one_line(&e.to_string())
                ));
            }
        }
        Ok(())
    }
}

/// Can a match of `hir` span lines: contain a line feed that is not its last
/// character? (A rule that ends by matching the line's `\n` is still single-line.)
fn spans_lines(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(_) => false,
        HirKind::Literal(lit) => lit.0.iter().rev().skip(1).any(|&b| b == b'\n'),
        HirKind::Repetition(r) => {
            spans_lines(&r.sub) || (can_match_newline(&r.sub) && r.max != Some(1))
        }
        HirKind::Capture(c) => spans_lines(&c.sub),
        HirKind::Alternation(v) => v.iter().any(spans_lines),
        HirKind::Concat(v) => v.iter().enumerate().any(|(i, h)| {
            // A one-character boundary before everything else (`(?:^|[^\w])`)
            // may be the previous line's `\n`; windows include that byte.
            let leading = v[..i]
                .iter()
                .all(|e| e.properties().maximum_len() == Some(0))
                && h.properties().maximum_len().is_some_and(|n| n <= 1);
            spans_lines(h)
                || (!leading
                    && can_match_newline(h)
                    && v[i + 1..]
                        .iter()
                        .any(|later| later.properties().maximum_len() != Some(0)))
        }),
    }
}

/// Can any match of `hir` contain a line feed?
fn can_match_newline(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(r) => can_match_newline(&r.sub),
        HirKind::Capture(c) => can_match_newline(&c.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(can_match_newline),
    }
}

#[cfg(test)]
mod tests {
    /// Parsed as `compile` parses rules: Unicode off.
    fn multiline(re: &str) -> bool {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(re)
            .unwrap();
        super::spans_lines(&hir)
    }

    #[test]
    fn knows_which_rules_span_lines() {
        assert!(!multiline(r"ghp_[A-Za-z0-9]{36}"));
        assert!(!multiline(r"key[ \t]*=[ \t]*(?-u:\b)[^;\r\n]{0,9}"));
        assert!(
            multiline(r"key\s*=\s*v"),
            "the value may be on the next line"
        );
        assert!(multiline(r"BEGIN[\s\S]{0,9}END"));
        assert!(multiline(r"a\s+b"));
        assert!(multiline(r"(?s)a.b"));
        assert!(!multiline(r"a.b"));
        assert!(
            !multiline(r"key=(?P<s>\w+)(?:[ \t]*[\r\n]|$)"),
            "a final line feed stays on the line"
        );
        assert!(multiline(r"key=\s*\n\s*value"));
        assert!(
            !multiline(r"(?:^|[^A-Za-z0-9])(?P<s>tok_[a-z]{9})"),
            "a leading boundary may be a line feed"
        );
    }

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(super::ascii_word_boundaries(r"\bx\B"), r"(?-u:\b)x(?-u:\B)");
        assert_eq!(super::ascii_word_boundaries(r"\\b\d"), r"\\b\d");
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parse one TOML pack of rules.
pub fn parse_pack(name: &str, text: &str) -> Result<Vec<Rule>, String> {
    let pack: Pack =
        toml::from_str(text).map_err(|e| format!("{name}: {}", one_line(&e.to_string())))?;
    Ok(pack.rules.into_iter().map(|d| Rule::new(d, name)).collect())
}

/// The rule packs compiled into the binary by `build.rs`.
pub mod embedded {
    use super::{RuleDef, Validator};
    use crate::detect::Severity;
    include!(concat!(env!("OUT_DIR"), "/rule_packs.rs"));
}

/// Every built-in secret rule, in pack order (no parsing at run time).
pub fn builtin() -> Vec<Rule> {
    embedded::defs()
        .into_iter()
        .map(|(pack, def)| Rule::new(def, pack))
        .collect()
}
