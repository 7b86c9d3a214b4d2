//! `ward.toml`: read, validate against the rules it names, and turn into a
//! [`Config`] the scan uses. Every error names the file, the line and the key.

use crate::deps::check::{PackagePattern, Policy};
use crate::deps::registry::Registries;
use crate::detect::Severity;
use crate::detect::secrets::rule::{Rule, RuleDef};
use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Default for `[scan] max-file-size`: larger files are skipped and counted.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// File names looked up at the scan root, in order.
pub const FILE_NAMES: &[&str] = &["ward.toml", ".ward.toml"];

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    scan: RawScan,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    allow: Vec<RawAllow>,
    #[serde(default)]
    custom_rules: Vec<Spanned<RuleDef>>,
    #[serde(default)]
    deps: RawDeps,
    #[serde(default)]
    advisories: RawAdvisories,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAdvisories {
    url: Option<Spanned<String>>,
    max_age_days: Option<u64>,
    db: Option<PathBuf>,
    #[serde(default)]
    ignore: Vec<Spanned<RawIgnore>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    id: String,
    reason: String,
    until: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDeps {
    #[serde(default)]
    deny: Vec<Spanned<String>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    #[serde(default)]
    allowed_git_hosts: Vec<String>,
    #[serde(default)]
    allowed_url_prefixes: Vec<String>,
    #[serde(default)]
    require_integrity: bool,
    max_new_packages_per_commit: Option<usize>,
    #[serde(default)]
    online: bool,
    online_timeout_ms: Option<u64>,
    #[serde(default)]
    registries: BTreeMap<Spanned<String>, String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawScan {
    max_file_size: Option<u64>,
    fail_on: Option<Severity>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    baseline: Option<PathBuf>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAllow {
    rule: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
    reason: String,
}

/// One `[[allow]]` entry: findings of `rule` (any rule when `None`) in paths
/// matching `path` (any path when `None`) are suppressed.
#[derive(Debug, Clone)]
pub struct Allow {
    pub rule: Option<String>,
    pub path: Option<GlobMatcher>,
    pub reason: String,
}

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub source: Option<PathBuf>,
    pub max_file_size: u64,
    pub fail_on: Option<Severity>,
    /// `[scan] baseline`: relative to the directory of ward.toml.
    pub baseline: Option<PathBuf>,
    pub exclude: GlobSet,
    pub disabled: HashSet<String>,
    pub severity: HashMap<String, Severity>,
    pub allow: Vec<Allow>,
    pub custom_rules: Vec<RuleDef>,
    /// `[deps]`: the dependency policy.
    pub deps: Policy,
    /// `[advisories]`: where the advisory database comes from and lives.
    pub advisories: Advisories,
}

/// Default for `[advisories] max-age-days`.
pub const DEFAULT_ADVISORY_MAX_AGE_DAYS: u64 = 7;

/// `YYYY-MM-DD`, checked loosely (month 1–12, day 1–31).
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize, max: u32| {
        p.len() == len
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>()
                .is_ok_and(|n| (len == 4 || n >= 1) && n <= max)
    };
    parts.len() == 3 && num(parts[0], 4, 9999) && num(parts[1], 2, 12) && num(parts[2], 2, 31)
}

/// `[advisories]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advisories {
    /// Base URL of the OSV exports (`{url}/{ecosystem}/all.zip`).
    pub url: Option<String>,
    /// An ecosystem imported longer ago than this is reported as stale.
    pub max_age_days: u64,
    /// The db directory; relative to the directory of ward.toml.
    pub db: Option<PathBuf>,
    /// `[[advisories.ignore]]`: advisories the team has accepted.
    pub ignore: Vec<Ignore>,
}

/// An advisory the team has looked at and accepted, by id or alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub id: String,
    pub reason: String,
    /// `YYYY-MM-DD`: from this day on the entry no longer applies.
    pub until: Option<String>,
}

impl Default for Advisories {
    fn default() -> Self {
        Advisories {
            url: None,
            max_age_days: DEFAULT_ADVISORY_MAX_AGE_DAYS,
            db: None,
            ignore: Vec::new(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            fail_on: None,
            baseline: None,
            exclude: GlobSet::empty(),
            disabled: HashSet::new(),
            severity: HashMap::new(),
            allow: Vec::new(),
            custom_rules: Vec::new(),
            deps: Policy::default(),
            advisories: Advisories::default(),
        }
    }
}

/// A configuration error, already phrased as `file:line: message`.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl Config {
    /// Find `ward.toml` / `.ward.toml` in `dir`; no file means defaults.
    pub fn discover(dir: &Path, builtin: &[Rule]) -> Result<Config, ConfigError> {
        for name in FILE_NAMES {
            let p = dir.join(name);
            if p.is_file() {
                return Config::load(&p, builtin);
            }
        }
        Ok(Config::default())
    }

    pub fn load(path: &Path, builtin: &[Rule]) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: 0,
            message: format!("cannot read: {e}"),
        })?;
        let mut config = Config::parse(&path.display().to_string(), &text, builtin)?;
        if let (Some(b), Some(dir)) = (&config.baseline, path.parent()) {
            config.baseline = Some(dir.join(b));
        }
        if let (Some(d), Some(dir)) = (&config.advisories.db, path.parent()) {
            config.advisories.db = Some(dir.join(d));
        }
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parse and validate `text` (named `name` in errors) against the built-in rules.
    pub fn parse(name: &str, text: &str, builtin: &[Rule]) -> Result<Config, ConfigError> {
        let err = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: name.to_string(),
            line: span.map_or(0, |s| line_of(text, s.start)),
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().replace('\n', " ");
            err(e.span(), message)
        })?;

        let mut custom_rules = Vec::new();
        let mut ids: HashSet<String> = builtin.iter().map(|r| r.id().to_string()).collect();
        ids.extend(crate::deps::check::RULES.iter().map(|r| r.id.to_string()));
        for spanned in raw.custom_rules {
            let span = spanned.span();
            let def = spanned.into_inner();
            if !ids.insert(def.id.clone()) || crate::detect::code::builtin().get(&def.id).is_some()
            {
                return Err(err(
                    Some(span),
                    format!("custom rule `{}` reuses an existing rule id", def.id),
                ));
            }
            let rule = Rule::new(def.clone(), name);
            if let Some(problem) = rule.lint().into_iter().next() {
                return Err(err(
                    Some(span),
                    format!("[[custom-rules]] `{}`: {problem}", def.id),
                ));
            }
            custom_rules.push(def);
        }

        let known = |id: &Spanned<String>, key: &str| -> Result<String, ConfigError> {
            // Code rules are looked up only when named: parsing them costs
            // a hook that never needs them.
            if ids.contains(id.get_ref())
                || crate::detect::code::builtin().get(id.get_ref()).is_some()
            {
                Ok(id.get_ref().clone())
            } else {
                Err(err(
                    Some(id.span()),
                    format!(
                        "{key}: unknown rule `{}` (see `ward rules list`)",
                        id.get_ref()
                    ),
                ))
            }
        };
        let mut disabled = HashSet::new();
        for id in &raw.rules.disable {
            disabled.insert(known(id, "rules.disable")?);
        }
        let mut severity = HashMap::new();
        for (id, sev) in &raw.rules.severity {
            severity.insert(known(id, "rules.severity")?, *sev);
        }

        let glob = |g: &Spanned<String>, key: &str| {
            Glob::new(g.get_ref()).map_err(|e| {
                err(
                    Some(g.span()),
                    format!("{key}: invalid glob `{}`: {}", g.get_ref(), e.kind()),
                )
            })
        };
        let mut exclude = GlobSetBuilder::new();
        for g in &raw.scan.exclude {
            exclude.add(glob(g, "scan.exclude")?);
        }
        let exclude = exclude
            .build()
            .map_err(|e| err(None, format!("scan.exclude: {e}")))?;

        let mut allow = Vec::new();
        for a in &raw.allow {
            let rule = match &a.rule {
                Some(r) => Some(known(r, "allow.rule")?),
                None => None,
            };
            let path = match &a.path {
                Some(p) => Some(glob(p, "allow.path")?.compile_matcher()),
                None => None,
            };
            if a.reason.trim().is_empty() {
                let span = a.rule.as_ref().or(a.path.as_ref()).map(Spanned::span);
                return Err(err(span, "allow.reason: say why this is allowed".into()));
            }
            if rule.is_none() && path.is_none() {
                return Err(err(None, "[[allow]] needs `rule`, `path` or both".into()));
            }
            allow.push(Allow {
                rule,
                path,
                reason: a.reason.clone(),
            });
        }

        let pattern = |p: &Spanned<String>, key: &str| {
            PackagePattern::parse(p.get_ref())
                .map_err(|e| err(Some(p.span()), format!("deps.{key}: {e}")))
        };
        let registries = registries(&raw.deps, &err)?;
        let deps = Policy {
            deny: raw
                .deps
                .deny
                .iter()
                .map(|p| pattern(p, "deny"))
                .collect::<Result<_, _>>()?,
            allow: raw
                .deps
                .allow
                .iter()
                .map(|p| pattern(p, "allow"))
                .collect::<Result<_, _>>()?,
            allowed_git_hosts: raw.deps.allowed_git_hosts,
            allowed_url_prefixes: raw.deps.allowed_url_prefixes,
            require_integrity: raw.deps.require_integrity,
            max_new_packages_per_commit: raw.deps.max_new_packages_per_commit,
            online: raw.deps.online,
            registries,
        };

        let advisories = Advisories {
            url: match raw.advisories.url {
                Some(u)
                    if !(u.get_ref().starts_with("http://")
                        || u.get_ref().starts_with("https://")) =>
                {
                    return Err(err(
                        Some(u.span()),
                        format!("advisories.url: `{}` is not an http(s) URL", u.get_ref()),
                    ));
                }
                u => u.map(Spanned::into_inner),
            },
            max_age_days: raw
                .advisories
                .max_age_days
                .unwrap_or(DEFAULT_ADVISORY_MAX_AGE_DAYS),
            db: raw.advisories.db,
            ignore: Vec::new(),
        };
        let mut advisories = advisories;
        for entry in raw.advisories.ignore {
            let span = entry.span();
            let RawIgnore { id, reason, until } = entry.into_inner();
            if id.trim().is_empty() || reason.trim().is_empty() {
                return Err(err(
                    Some(span),
                    "advisories.ignore: `id` and a non-empty `reason` are required".into(),
                ));
            }
            if let Some(u) = &until
                && !is_date(u)
            {
                return Err(err(
                    Some(span),
                    format!("advisories.ignore: until = `{u}` is not a date (YYYY-MM-DD)"),
                ));
            }
            advisories.ignore.push(Ignore { id, reason, until });
        }

        Ok(Config {
            source: Some(PathBuf::from(name)),
            max_file_size: raw.scan.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            fail_on: raw.scan.fail_on,
            baseline: raw.scan.baseline,
            exclude,
            disabled,
            severity,
            allow,
            custom_rules,
            deps,
            advisories,
        })
    }
}

/// `[deps] registries` and `online-timeout-ms` over the public defaults.
fn registries(
    raw: &RawDeps,
    err: &dyn Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
) -> Result<Registries, ConfigError> {
    let mut r = Registries::default();
    if let Some(ms) = raw.online_timeout_ms {
        r.budget = std::time::Duration::from_millis(ms);
    }
    for (key, url) in &raw.registries {
        let slot = match key.get_ref().as_str() {
            "npm" => &mut r.npm,
            "pypi" | "PyPI" => &mut r.pypi,
            "crates" | "crates.io" => &mut r.crates,
            "go" | "Go" => &mut r.go,
            "rubygems" | "RubyGems" => &mut r.rubygems,
            "packagist" | "Packagist" => &mut r.packagist,
            "osv" => &mut r.osv,
            other => {
                return Err(err(
                    Some(key.span()),
                    format!(
                        "deps.registries: unknown registry `{other}` (npm, pypi, crates, go, rubygems, packagist, osv)"
                    ),
                ));
            }
        };
        *slot = url.clone();
    }
    Ok(r)
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The commented `ward.toml` that `ward init` writes.
pub const TEMPLATE: &str = include_str!("../examples/ward.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Vec<Rule> {
        crate::detect::secrets::rule::builtin()
    }

    #[test]
    fn template_is_valid() {
        Config::parse("ward.toml", TEMPLATE, &rules()).unwrap();
    }

    #[test]
    fn unknown_key_names_line() {
        let e = Config::parse(
            "ward.toml",
            "[scan]\nmax-file-size = 10\nfoo = 1\n",
            &rules(),
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.to_string().contains("foo"), "{e}");
    }

    #[test]
    fn unknown_rule_is_an_error() {
        let e = Config::parse("w.toml", "[rules]\ndisable = [\"nope\"]\n", &rules()).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().contains("unknown rule `nope`"), "{e}");
    }

    #[test]
    fn advisories_section() {
        let c = Config::parse(
            "w.toml",
            "[advisories]\nurl = \"https://mirror.example/osv\"\nmax-age-days = 3\ndb = \"cache\"\n",
            &rules(),
        )
        .unwrap();
        assert_eq!(
            c.advisories.url.as_deref(),
            Some("https://mirror.example/osv")
        );
        assert_eq!(c.advisories.max_age_days, 3);
        assert_eq!(c.advisories.db, Some(PathBuf::from("cache")));
        let d = Config::parse("w.toml", "", &rules()).unwrap();
        assert_eq!(d.advisories, Advisories::default());
        let e = Config::parse("w.toml", "[advisories]\nmax-age = 3\n", &rules()).unwrap_err();
        assert!(e.line == 2 && e.to_string().contains("max-age"), "{e}");
        let e = Config::parse("w.toml", "[advisories]\nurl = \"ftp://x\"\n", &rules()).unwrap_err();
        assert!(
            e.line == 2 && e.to_string().contains("advisories.url"),
            "{e}"
        );
    }

    #[test]
    fn bad_severity() {
        let e = Config::parse("w.toml", "[scan]\nfail-on = \"urgent\"\n", &rules()).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }
}
