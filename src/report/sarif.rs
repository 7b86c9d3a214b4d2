//! SARIF 2.1.0 for code-scanning services. `partialFingerprints` carry the
//! line-independent fingerprint so alerts survive edits above them.

use super::Report;
use crate::detect::Severity;
use crate::detect::secrets::RuleSet;
use serde_json::{Value, json};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning ranks security alerts by this number (0–10).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// Percent-encode what may not appear raw in a URI reference.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Severity, and for history findings the introducing commit.
fn properties(f: &crate::detect::Finding) -> serde_json::Value {
    let mut p = json!({"severity": f.severity});
    if let Some(c) = &f.commit {
        p["commit"] = json!(c.id);
        p["author"] = json!(format!("{} <{}>", c.author, c.email));
        p["date"] = json!(c.date);
    }
    p
}

pub fn render(report: &Report, rules: &RuleSet) -> String {
    let mut ids: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.finding.rule.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let rule_values: Vec<Value> = ids
        .iter()
        .map(|id| {
            let dep = crate::deps::check::RULES.iter().find(|r| r.id == *id);
            let code = crate::detect::code::builtin().get(id);
            let (title, why, fix, severity, refs) = match (rules.get(id), dep) {
                (None, None) if let Some(c) = code => (
                    c.def.title.as_str(),
                    c.def.why.as_str(),
                    c.def.fix.as_str(),
                    c.def.severity,
                    c.def.references.clone(),
                ),
                (Some(r), _) => (
                    r.def.title.as_str(),
                    r.def.why.as_str(),
                    r.def.fix.as_str(),
                    r.def.severity,
                    r.def.references.clone(),
                ),
                (None, Some(d)) => (d.title, d.why, d.fix, d.severity, Vec::new()),
                (None, None) => (*id, "", "", Severity::High, Vec::new()),
            };
            let tag = if dep.is_some() {
                "supply-chain"
            } else if code.is_some() {
                "code"
            } else {
                "secret"
            };
            let mut v = json!({
                "id": id,
                "name": id,
                "shortDescription": {"text": title},
                "fullDescription": {"text": if why.is_empty() { title } else { why.trim() }},
                "help": {
                    "text": format!("{}\n\nFix: {}", why.trim(), fix.trim()),
                    "markdown": format!("{}\n\n**Fix:** {}", why.trim(), fix.trim()),
                },
                "defaultConfiguration": {"level": level(severity)},
                "properties": {
                    "security-severity": security_severity(severity),
                    "tags": ["security", tag],
                },
            });
            if let Some(first) = refs.first() {
                v["helpUri"] = json!(first);
            }
            v
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|r| {
            let f = &r.finding;
            json!({
                "ruleId": f.rule,
                "ruleIndex": ids.iter().position(|i| *i == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": match (&f.kind, &f.note) {
                    (crate::detect::Kind::Dependency, Some(note)) => format!("{}: {note}", f.title),
                    _ => format!("{}: {}", f.title, r.snippet),
                }},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column.max(1),
                            "snippet": {"text": r.snippet},
                        },
                    },
                }],
                "partialFingerprints": {"wardFingerprint/v1": r.fingerprint},
                "properties": properties(f),
            })
        })
        .collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ward",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rule_values,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The repository root"}}},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
