//! Reports: scan results as serde data (the JSON contract) and one renderer
//! per format. Nothing here decides what was found; it only presents it.

pub mod github;
pub mod human;
pub mod json;
pub mod redact;
pub mod sarif;

use crate::detect::{Finding, Severity};
use crate::scan::Stats;
use crate::suppress::fingerprint::fingerprint;

/// Output formats of `ward scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// A finding as reported: redacted snippet and fingerprint computed once.
#[derive(Debug, Clone)]
pub struct Reported {
    pub finding: Finding,
    pub snippet: String,
    /// The caret range under the redacted secret in `snippet` (chars).
    pub caret: (usize, usize),
    pub fingerprint: String,
}

/// Everything a renderer needs.
pub struct Report {
    pub mode: String,
    pub stats: Stats,
    pub commits: usize,
    pub duration_ms: u64,
    pub fail_on: Severity,
    pub findings: Vec<Reported>,
    /// The package diff of each changed lockfile or manifest (staged scans).
    pub packages: Vec<crate::deps::diff::FileDiff>,
}

impl Report {
    pub fn new(
        mode: &str,
        stats: Stats,
        findings: Vec<Finding>,
        fail_on: Severity,
        show_secrets: bool,
        duration_ms: u64,
    ) -> Report {
        let findings = redact::snippets(&findings, show_secrets)
            .into_iter()
            .zip(findings)
            .map(|((snippet, caret), finding)| Reported {
                fingerprint: fingerprint(&finding.rule, &finding.path, &finding.secret),
                snippet,
                caret,
                finding,
            })
            .collect();
        Report {
            mode: mode.to_string(),
            stats,
            commits: 0,
            duration_ms,
            fail_on,
            findings,
            packages: Vec::new(),
        }
    }

    pub fn count(&self, s: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == s)
            .count()
    }

    /// Findings at or above `--fail-on`: these make the exit code 1.
    pub fn blocking(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity >= self.fail_on)
            .count()
    }

    pub fn render(
        &self,
        format: Format,
        rules: &crate::detect::secrets::RuleSet,
        color: bool,
    ) -> String {
        match format {
            Format::Human => human::render(self, color),
            Format::Json => json::render(self),
            Format::Sarif => sarif::render(self, rules),
            Format::Github => github::render(self),
        }
    }
}
