//! Detectors turn scannable text into [`Finding`]s.

pub mod code;
pub mod dependencies;
pub mod secrets;
pub mod vulnerabilities;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// How bad a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// One level lower (used when a checksum does not verify).
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected critical, high, medium, low or info)"
            )),
        }
    }
}

/// What kind of detector produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Secret,
    Code,
    Dependency,
    Vulnerability,
}

/// One problem at one place. The secret value itself is kept only in memory
/// (for redaction, fingerprints and `--show-secrets`); reports redact it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Kind,
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    pub path: String,
    /// 1-based line and column (in characters) where the secret starts.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The full line the secret starts on (unredacted; report redacts).
    pub line_text: String,
    /// Byte range of the secret within `line_text` (clamped to that line).
    pub secret_span: (usize, usize),
    pub secret: String,
    pub why: String,
    pub fix: String,
    /// Extra facts worth showing (e.g. "checksum does not verify").
    pub note: Option<String>,
    /// The commit that introduced it (history scans).
    pub commit: Option<Arc<Commit>>,
    /// The package a dependency finding is about.
    pub package: Option<crate::deps::Package>,
    /// The advisories a vulnerability finding reports.
    pub advisories: Vec<Advisory>,
}

/// One advisory as reports show it; records that alias each other (a GHSA
/// and the PYSEC of the same CVE) are merged into one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advisory {
    pub id: String,
    /// The other ids of the same vulnerability (CVE, GHSA, …), sorted.
    pub aliases: Vec<String>,
    pub summary: String,
    pub severity: Severity,
}

/// A commit a finding is attributed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    pub author: String,
    pub email: String,
    /// Author date, RFC 3339.
    pub date: String,
    /// Committer time (seconds since the epoch) and walk position: what "earliest" orders by.
    pub order: (i64, u32),
}

impl Commit {
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(12)]
    }
}
