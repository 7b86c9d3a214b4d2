//! Suppression: what the user has said is fine. Inline markers on the line,
//! `[[allow]]` entries in `ward.toml`, and (on every finding) a line-independent
//! fingerprint that baselines and SARIF consumers key on.

pub mod baseline;
pub mod fingerprint;
pub mod inline;

use crate::config::Config;
use crate::detect::Finding;

/// Why a finding was dropped (counted in the report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suppressed {
    Inline,
    Config,
}

/// Apply `ward.toml` `[[allow]]` entries and per-rule disables.
pub fn by_config(config: &Config, finding: &Finding) -> Option<Suppressed> {
    if config.disabled.contains(&finding.rule) {
        return Some(Suppressed::Config);
    }
    config
        .allow
        .iter()
        .any(|a| {
            a.rule.as_ref().is_none_or(|r| *r == finding.rule)
                && a.path.as_ref().is_none_or(|p| p.is_match(&finding.path))
        })
        .then_some(Suppressed::Config)
}
