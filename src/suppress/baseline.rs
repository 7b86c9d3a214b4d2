//! Baselines: findings a team has accepted for now, recorded as rule, path and
//! the SHA-256 of the secret (never the secret), so that only new findings are
//! reported. Matching ignores line numbers; a finding at another path matches
//! only an entry whose own path found nothing this run (a renamed file) and
//! only when the secret is identical.

use crate::detect::Finding;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub const DEFAULT_FILE: &str = ".ward-baseline.json";
const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    /// What was scanned to make it: `tree` (the files as they are) or `all` (history).
    pub scope: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub secret_sha256: String,
    /// Where it was introduced (history baselines); informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// A baseline that cannot be used, phrased as `file: message`.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct BaselineError {
    pub path: String,
    pub message: String,
}

pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

impl Baseline {
    pub fn from_findings(findings: &[Finding], scope: &str) -> Baseline {
        let mut entries: Vec<Entry> = findings
            .iter()
            .map(|f| Entry {
                rule: f.rule.clone(),
                path: f.path.clone(),
                secret_sha256: secret_hash(&f.secret),
                commit: f.commit.as_ref().map(|c| c.id.clone()),
            })
            .collect();
        entries.sort();
        entries.dedup_by(|a, b| {
            (&a.rule, &a.path, &a.secret_sha256) == (&b.rule, &b.path, &b.secret_sha256)
        });
        Baseline {
            version: FORMAT_VERSION,
            scope: scope.to_string(),
            entries,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let err = |message: String| BaselineError {
            path: path.display().to_string(),
            message,
        };
        let text =
            std::fs::read(path).map_err(|e| err(format!("cannot read the baseline: {e}")))?;
        let b: Baseline =
            serde_json::from_slice(&text).map_err(|e| err(format!("not a ward baseline: {e}")))?;
        if b.version != FORMAT_VERSION {
            return Err(err(format!(
                "baseline format version {} is not supported (expected {FORMAT_VERSION})",
                b.version
            )));
        }
        if let Some(e) = b.entries.iter().find(|e| {
            e.secret_sha256.len() != 64 || !e.secret_sha256.bytes().all(|c| c.is_ascii_hexdigit())
        }) {
            return Err(err(format!(
                "entry for {} ({}): secret_sha256 is not a SHA-256 hex digest",
                e.path, e.rule
            )));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Which findings the baseline covers, and which entries were used.
    fn matches(&self, findings: &[Finding]) -> (Vec<bool>, HashSet<usize>) {
        let exact: HashMap<(&str, &str, &str), usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    (e.rule.as_str(), e.path.as_str(), e.secret_sha256.as_str()),
                    i,
                )
            })
            .collect();
        let hashes: Vec<String> = findings.iter().map(|f| secret_hash(&f.secret)).collect();
        let mut covered = vec![false; findings.len()];
        let mut used = HashSet::new();
        for (i, f) in findings.iter().enumerate() {
            if let Some(&e) = exact.get(&(f.rule.as_str(), f.path.as_str(), hashes[i].as_str())) {
                covered[i] = true;
                used.insert(e);
            }
        }
        // Entries whose path found nothing may have moved: same rule, same secret.
        let found_paths: HashSet<&str> = findings.iter().map(|f| f.path.as_str()).collect();
        let mut moved: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if !used.contains(&i) && !found_paths.contains(e.path.as_str()) {
                moved.insert((e.rule.as_str(), e.secret_sha256.as_str()), i);
            }
        }
        for (i, f) in findings.iter().enumerate() {
            if covered[i] {
                continue;
            }
            if let Some(&e) = moved.get(&(f.rule.as_str(), hashes[i].as_str())) {
                covered[i] = true;
                used.insert(e);
            }
        }
        (covered, used)
    }

    /// Drop the findings the baseline covers; returns how many were dropped.
    pub fn filter(&self, findings: &mut Vec<Finding>) -> usize {
        let (covered, _) = self.matches(findings);
        let before = findings.len();
        let mut it = covered.into_iter();
        findings.retain(|_| !it.next().unwrap_or(false));
        before - findings.len()
    }

    /// Entries no finding matches any more.
    pub fn stale(&self, findings: &[Finding]) -> Vec<Entry> {
        let (_, used) = self.matches(findings);
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.contains(i))
            .map(|(_, e)| e.clone())
            .collect()
    }
}
