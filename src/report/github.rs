//! GitHub Actions workflow commands: one annotation per finding.

use super::Report;
use crate::detect::Severity;
use std::fmt::Write;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for r in &report.findings {
        let f = &r.finding;
        let level = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "notice",
        };
        let commit = f
            .commit
            .as_deref()
            .map(|c| format!(" (commit {}, {})", c.short_id(), c.date))
            .unwrap_or_default();
        let message = format!(
            "{} [{}] {}{commit}\n{}\nfix: {}",
            f.severity,
            f.rule,
            r.snippet,
            f.why.trim(),
            f.fix.trim()
        );
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},title={}::{}",
            escape_property(&f.path),
            f.line,
            f.column,
            f.end_line,
            escape_property(&format!("ward: {}", f.title)),
            escape_data(&message)
        );
    }
    let _ = writeln!(
        out,
        "ward: {} finding(s), {} at or above {}",
        report.findings.len(),
        report.blocking(),
        report.fail_on
    );
    out
}
