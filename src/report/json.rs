//! The JSON report, format version 1 (the contract in DESIGN.md).

use super::Report;
use crate::detect::Severity;
use serde_json::{Value, json};

pub const FORMAT_VERSION: u32 = 1;

pub fn value(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|r| {
            let f = &r.finding;
            let mut v = json!({
                "kind": f.kind,
                "rule": f.rule,
                "severity": f.severity,
                "title": f.title,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "end_line": f.end_line,
                "commit": f.commit.as_ref().map(|c| &c.id),
                "snippet": r.snippet,
                "fingerprint": r.fingerprint,
                "fix": f.fix,
                "package": Value::Null,
                "advisories": [],
            });
            // History findings also say who committed them and when.
            if let Some(c) = &f.commit {
                v["author"] = json!(format!("{} <{}>", c.author, c.email));
                v["date"] = json!(c.date);
            }
            v
        })
        .collect();
    let mut summary = serde_json::Map::new();
    for s in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        summary.insert(s.as_str().into(), json!(report.count(s)));
    }
    summary.insert("blocking".into(), json!(report.blocking()));
    json!({
        "version": FORMAT_VERSION,
        "tool": {"name": "ward", "version": env!("CARGO_PKG_VERSION")},
        "scan": {
            "mode": report.mode,
            "files": report.stats.files,
            "bytes": report.stats.bytes,
            "commits": report.commits,
            "skipped": report.stats.skipped,
            "duration_ms": report.duration_ms,
        },
        "findings": findings,
        "packages": {"added": [], "removed": [], "changed": []},
        "summary": summary,
    })
}

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&value(report)).unwrap_or_default();
    s.push('\n');
    s
}
