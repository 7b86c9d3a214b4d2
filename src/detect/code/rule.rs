//! A code rule is data: one `[[rules]]` table in a TOML pack under
//! `rules/code/` (one pack per family). This module is its model and loader.

use super::language::Language;
use crate::detect::Severity;
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;
use std::sync::OnceLock;

/// The families of mistakes, as `ward rules list` groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Jwt,
    Tls,
    Crypto,
    Injection,
    Config,
    Credentials,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Jwt => "jwt",
            Family::Tls => "tls",
            Family::Crypto => "crypto",
            Family::Injection => "injection",
            Family::Config => "config",
            Family::Credentials => "credentials",
        }
    }
}

/// A snippet a rule must flag (`bad`) or must leave alone (`good`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub lang: Language,
    /// A file name to scan it as (for path-scoped rules); default `example.<ext>`.
    #[serde(default)]
    pub path: Option<String>,
    pub code: String,
}

impl Example {
    fn lang_is_listed(&self, r: &Rule) -> bool {
        r.def.languages.contains(&self.lang)
    }

    pub fn path(&self) -> String {
        self.path
            .clone()
            .unwrap_or_else(|| format!("example.{}", extension(self.lang)))
    }
}

/// A file name ending that [`Language::detect`] maps back to `lang`.
pub fn extension(lang: Language) -> &'static str {
    match lang {
        Language::Python => "py",
        Language::JavaScript => "js",
        Language::Go => "go",
        Language::Java => "java",
        Language::Ruby => "rb",
        Language::Php => "php",
        Language::Rust => "rs",
        Language::Shell => "sh",
        Language::Dockerfile => "dockerfile",
        Language::Yaml => "yml",
    }
}

/// The rule as written in TOML.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub languages: Vec<Language>,
    /// At least one must occur (ASCII case-insensitive) for the rule to run on a file.
    pub keywords: Vec<String>,
    /// Matched against each logical statement, comments blanked. A match
    /// starting inside a string literal does not count (unless `in-strings`).
    /// A group named `secret` is redacted in reports.
    pub regex: String,
    /// Any of these matching the statement (and `context-lines` after it) cancels the finding.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Must match the statement plus `context-lines` following lines (e.g. a
    /// method body after its signature: block braces end statements).
    #[serde(default)]
    pub near: Option<String>,
    #[serde(default)]
    pub context_lines: usize,
    /// Lines before the statement that `near` and `unless` also see (a
    /// setting made a few statements earlier in the same block).
    #[serde(default)]
    pub context_before: usize,
    /// Where untrusted values come from: each regex's `var` group names a
    /// variable (or parameter) holding one, found in the `context-before`
    /// lines and the enclosing function's header. With sources, a match
    /// counts only when it uses one of those names.
    #[serde(default)]
    pub sources: Vec<String>,
    /// `near` and `unless` also see the header of the function enclosing the
    /// statement when it starts at most this many lines above (its name:
    /// `def new_reset_token():` above a `random` call).
    #[serde(default)]
    pub function_lines: usize,
    /// The file must match this (an import, a framework) for the rule to apply.
    #[serde(default)]
    pub file_requires: Option<String>,
    /// The rule does not apply to a file matching this.
    #[serde(default)]
    pub file_unless: Option<String>,
    /// Globs the file's path must match (e.g. Django settings modules).
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub in_strings: bool,
    pub why: String,
    pub fix: String,
    #[serde(default)]
    pub references: Vec<String>,
    pub bad: Vec<Example>,
    pub good: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pack {
    family: Family,
    rules: Vec<RuleDef>,
}

/// A rule ready to run; its regexes compile on first use.
#[derive(Debug)]
pub struct Rule {
    pub def: RuleDef,
    pub family: Family,
    compiled: OnceLock<Result<Compiled, String>>,
    context: OnceLock<Result<Context, String>>,
}

/// What every keyword hit needs.
#[derive(Debug)]
pub struct Compiled {
    pub regex: Regex,
    pub secret_group: Option<usize>,
    pub paths: Option<globset::GlobSet>,
}

/// What only a statement the regex matches needs: compiled at the first
/// one. Most keyword hits of a commit match nothing, and these regexes are
/// half of what a hook would otherwise compile.
#[derive(Debug)]
pub struct Context {
    pub unless: Vec<Regex>,
    pub near: Option<Regex>,
    pub sources: Vec<Regex>,
    pub file_requires: Option<Regex>,
    pub file_unless: Option<Regex>,
}

impl Rule {
    pub fn new(def: RuleDef, family: Family) -> Rule {
        Rule {
            def,
            family,
            compiled: OnceLock::new(),
            context: OnceLock::new(),
        }
    }

    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// The compiled regexes, or why they do not compile.
    pub fn compiled(&self) -> Result<&Compiled, &str> {
        self.compiled
            .get_or_init(|| compile(&self.def))
            .as_ref()
            .map_err(String::as_str)
    }

    /// The regexes that judge a match, or why they do not compile.
    pub fn context(&self) -> Result<&Context, &str> {
        self.context
            .get_or_init(|| compile_context(&self.def))
            .as_ref()
            .map_err(String::as_str)
    }
}

/// Bytes and ASCII classes: code is ASCII where it matters, and Unicode
/// `\w`/`\b` tables make each regex cost milliseconds to compile — paid in
/// the hook by every rule a commit wakes.
fn ascii_regex(d: &RuleDef, what: &str, s: &str) -> Result<Regex, String> {
    RegexBuilder::new(s)
        .unicode(false)
        .build()
        .map_err(|e| format!("rule {}: {what} does not compile: {e}", d.id))
}

fn compile(d: &RuleDef) -> Result<Compiled, String> {
    let regex = ascii_regex(d, "regex", &d.regex)?;
    let secret_group = regex.capture_names().position(|n| n == Some("secret"));
    let paths = if d.paths.is_empty() {
        None
    } else {
        let mut b = globset::GlobSetBuilder::new();
        for p in &d.paths {
            b.add(globset::Glob::new(p).map_err(|e| format!("rule {}: path {p}: {e}", d.id))?);
        }
        Some(b.build().map_err(|e| format!("rule {}: {e}", d.id))?)
    };
    Ok(Compiled {
        regex,
        secret_group,
        paths,
    })
}

fn compile_context(d: &RuleDef) -> Result<Context, String> {
    let optional = |what: &str, s: Option<&str>| s.map(|s| ascii_regex(d, what, s)).transpose();
    Ok(Context {
        unless: d
            .unless
            .iter()
            .map(|u| ascii_regex(d, "unless", u))
            .collect::<Result<_, _>>()?,
        near: optional("near", d.near.as_deref())?,
        sources: d
            .sources
            .iter()
            .map(|s| {
                let r = ascii_regex(d, "sources", s)?;
                if r.capture_names().any(|n| n == Some("var")) {
                    Ok(r)
                } else {
                    Err(format!(
                        "rule {}: a sources regex needs a `var` group",
                        d.id
                    ))
                }
            })
            .collect::<Result<_, _>>()?,
        file_requires: optional("file-requires", d.file_requires.as_deref())?,
        file_unless: optional("file-unless", d.file_unless.as_deref())?,
    })
}

/// The built-in packs, one per family: their TOML (for `WARD_CODE_RULES_DIR`
/// and the tests) and the same data as JSON, which build.rs writes because
/// serde_json reads it several times faster than TOML at hook start-up.
const PACKS: [(&str, &str); 6] = [
    (
        "jwt.toml",
        include_str!(concat!(env!("OUT_DIR"), "/code-packs/jwt.json")),
    ),
    (
        "tls.toml",
        include_str!(concat!(env!("OUT_DIR"), "/code-packs/tls.json")),
    ),
    (
        "crypto.toml",
        include_str!(concat!(env!("OUT_DIR"), "/code-packs/crypto.json")),
    ),
    (
        "injection.toml",
        include_str!(concat!(env!("OUT_DIR"), "/code-packs/injection.json")),
    ),
    (
        "config.toml",
        include_str!(concat!(env!("OUT_DIR"), "/code-packs/config.json")),
    ),
    (
        "credentials.toml",
        include_str!(concat!(env!("OUT_DIR"), "/code-packs/credentials.json")),
    ),
];

/// The packs' source files, for comparing the compiled packs with the
/// runtime parser.
pub const SOURCES: [(&str, &str); 6] = [
    ("jwt.toml", include_str!("../../../rules/code/jwt.toml")),
    ("tls.toml", include_str!("../../../rules/code/tls.toml")),
    (
        "crypto.toml",
        include_str!("../../../rules/code/crypto.toml"),
    ),
    (
        "injection.toml",
        include_str!("../../../rules/code/injection.toml"),
    ),
    (
        "config.toml",
        include_str!("../../../rules/code/config.toml"),
    ),
    (
        "credentials.toml",
        include_str!("../../../rules/code/credentials.toml"),
    ),
];

/// A pack as build.rs compiled it.
fn parse_compiled(name: &str, json: &str) -> Result<Vec<Rule>, String> {
    let pack: Pack = serde_json::from_str(json).map_err(|e| format!("{name}: {e}"))?;
    Ok(pack
        .rules
        .into_iter()
        .map(|d| Rule::new(d, pack.family))
        .collect())
}

/// Parse one pack.
pub fn parse_pack(name: &str, text: &str) -> Result<Vec<Rule>, String> {
    let pack: Pack = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    Ok(pack
        .rules
        .into_iter()
        .map(|d| Rule::new(d, pack.family))
        .collect())
}

/// Every built-in code rule, in pack order. The packs are part of the
/// binary and checked by tests, so a parse error here is a build defect.
///
/// Rule authors can set `WARD_CODE_RULES_DIR` to a directory holding packs
/// of the same names to run edited packs without rebuilding.
pub fn builtin() -> Vec<Rule> {
    let dir = std::env::var_os("WARD_CODE_RULES_DIR").map(std::path::PathBuf::from);
    PACKS
        .iter()
        .flat_map(|(name, embedded)| {
            let from_dir = dir
                .as_ref()
                .and_then(|d| match std::fs::read_to_string(d.join(name)) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        eprintln!("ward: WARD_CODE_RULES_DIR: {}: {e}", d.join(name).display());
                        None
                    }
                });
            let parsed = match &from_dir {
                Some(text) => parse_pack(name, text),
                None => parse_compiled(name, embedded),
            };
            match parsed {
                Ok(rules) => rules,
                Err(e) if from_dir.is_some() => {
                    eprintln!("ward: WARD_CODE_RULES_DIR: {e}");
                    Vec::new()
                }
                Err(e) => panic!("built-in code rule pack {e}"),
            }
        })
        .collect()
}

/// Problems with rules: regexes that do not compile, bad examples not
/// flagged, good examples flagged, duplicate ids.
pub fn check(rules: &[Rule]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for r in rules {
        if !ids.insert(r.id()) {
            problems.push(format!("{}: duplicate id", r.id()));
        }
        if let Err(e) = r.compiled().and_then(|_| r.context()) {
            problems.push(e.to_string());
            continue;
        }
        if r.def.bad.is_empty() || r.def.good.is_empty() {
            problems.push(format!("{}: needs bad and good examples", r.id()));
        }
        if r.def.keywords.is_empty() {
            problems.push(format!("{}: no keywords", r.id()));
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let set = super::CodeRules::new(
        rules
            .iter()
            .map(|r| Rule::new(r.def.clone(), r.family))
            .collect(),
    );
    for r in rules {
        for (i, e) in r.def.bad.iter().enumerate() {
            if !e.lang_is_listed(r) {
                problems.push(format!(
                    "{}: bad example {} is {}, not one of the rule's languages",
                    r.id(),
                    i + 1,
                    e.lang
                ));
            }
            let found = set.scan(&e.path(), &e.code, None, None);
            if !found.iter().any(|f| f.rule == r.id()) {
                problems.push(format!(
                    "{}: bad example {} is not flagged:\n{}",
                    r.id(),
                    i + 1,
                    e.code.trim_end()
                ));
            }
        }
        for (i, e) in r.def.good.iter().enumerate() {
            let found = set.scan(&e.path(), &e.code, None, None);
            if let Some(f) = found.first() {
                problems.push(format!(
                    "{}: good example {} is flagged by {} (line {}):\n{}",
                    r.id(),
                    i + 1,
                    f.rule,
                    f.line,
                    e.code.trim_end()
                ));
            }
        }
    }
    problems
}
