//! The JSON report, format version 1 (the contract in DESIGN.md).

use super::Report;
use crate::deps::Package;
use crate::deps::diff::{FileDiff, PackageDiff};
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
                "package": f.package.as_ref().map(|p| json!({
                    "ecosystem": p.ecosystem.as_str(),
                    "name": p.name,
                    "version": p.version,
                    "source": p.source,
                })),
                "advisories": f.advisories,
            });
            // Dependency and vulnerability findings say what is wrong with the package.
            if matches!(
                f.kind,
                crate::detect::Kind::Dependency | crate::detect::Kind::Vulnerability
            ) && let Some(note) = &f.note
            {
                v["message"] = json!(note);
            }
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
        "packages": packages(&report.packages),
        "summary": summary,
    })
}

/// Added, removed and changed packages of every changed lockfile, each naming its file.
pub fn packages(files: &[FileDiff]) -> Value {
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for FileDiff {
        path: file,
        diff: d,
        ..
    } in files
    {
        let one = file_diff(d);
        for (key, out) in [
            ("added", &mut added),
            ("removed", &mut removed),
            ("changed", &mut changed),
        ] {
            for mut v in one[key].as_array().cloned().unwrap_or_default() {
                v["file"] = json!(file);
                out.push(v);
            }
        }
    }
    json!({"added": added, "removed": removed, "changed": changed})
}

/// One file's diff as `ward deps diff` prints it: entries without the file.
pub fn file_diff(d: &PackageDiff) -> Value {
    let entry = |p: &Package| {
        json!({"ecosystem": p.ecosystem.as_str(), "name": p.name, "version": p.version,
               "source": p.source})
    };
    let changed: Vec<Value> = d
        .changed
        .iter()
        .map(|c| {
            json!({"ecosystem": c.new.ecosystem.as_str(), "name": c.new.name,
                   "old_version": c.old.version, "new_version": c.new.version,
                   "old_source": c.old.source, "new_source": c.new.source,
                   "kinds": c.kinds})
        })
        .collect();
    json!({
        "added": d.added.iter().map(entry).collect::<Vec<_>>(),
        "removed": d.removed.iter().map(entry).collect::<Vec<_>>(),
        "changed": changed,
    })
}

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&value(report)).unwrap_or_default();
    s.push('\n');
    s
}
