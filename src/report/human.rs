//! The human format: one block per finding, compiler-style, then a summary.

use super::{Report, Reported};
use crate::detect::Severity;
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

fn paint(color: bool, style: Style, text: &str) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

fn severity_style(s: Severity) -> Style {
    let c = match s {
        Severity::Critical | Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low | Severity::Info => AnsiColor::Cyan,
    };
    Style::new().fg_color(Some(c.into())).bold()
}

pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for f in &report.findings {
        finding(&mut out, f, color);
    }
    summary(&mut out, report, color);
    out
}

fn finding(out: &mut String, r: &Reported, color: bool) {
    let f = &r.finding;
    let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
    let bold = Style::new().bold();
    let head = format!("{}[{}]", f.severity, f.rule);
    let _ = writeln!(
        out,
        "{}: {}",
        paint(color, severity_style(f.severity), &head),
        paint(color, bold, &f.title)
    );
    let commit = f
        .commit
        .as_deref()
        .map(|c| {
            format!(
                " in commit {} ({} <{}>, {})",
                c.short_id(),
                c.author,
                c.email,
                c.date
            )
        })
        .unwrap_or_default();
    let num = f.line.to_string();
    let pad = " ".repeat(num.len());
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}{commit}",
        paint(color, blue, "-->"),
        f.path,
        f.line,
        f.column
    );
    let _ = writeln!(out, "{pad} {}", paint(color, blue, "|"));
    let _ = writeln!(
        out,
        "{} {} {}",
        paint(color, blue, &num),
        paint(color, blue, "|"),
        r.snippet
    );
    let carets = "^".repeat((r.caret.1 - r.caret.0).max(1));
    let _ = writeln!(
        out,
        "{pad} {} {}{}",
        paint(color, blue, "|"),
        " ".repeat(r.caret.0),
        paint(color, severity_style(f.severity), &carets)
    );
    let eq = paint(color, blue, "=");
    if let Some(note) = &f.note {
        let _ = writeln!(out, "{pad} {eq} note: {note}");
    }
    let _ = writeln!(out, "{pad} {eq} why: {}", f.why.trim());
    let _ = writeln!(out, "{pad} {eq} fix: {}", f.fix.trim());
    out.push('\n');
}

fn summary(out: &mut String, report: &Report, color: bool) {
    let s = &report.stats;
    let mut scanned = format!(
        "scanned {} file{} ({}) in {} ms",
        s.files,
        if s.files == 1 { "" } else { "s" },
        human_bytes(s.bytes),
        report.duration_ms
    );
    if report.commits > 0 {
        let _ = write!(scanned, " across {} commits", report.commits);
    }
    if !s.skipped.is_empty() {
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for sk in &s.skipped {
            match reasons.iter_mut().find(|(r, _)| *r == sk.reason.as_str()) {
                Some((_, n)) => *n += 1,
                None => reasons.push((sk.reason.as_str(), 1)),
            }
        }
        let list: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        let _ = write!(scanned, "; skipped {}", list.join(", "));
    }
    if s.suppressed > 0 {
        let _ = write!(
            scanned,
            "; {} allowed by inline markers or ward.toml",
            s.suppressed
        );
    }
    for f in &report.packages {
        let _ = write!(
            scanned,
            "; {}: {} added, {} removed, {} changed",
            f.path,
            f.diff.added.len(),
            f.diff.removed.len(),
            f.diff.changed.len()
        );
    }
    if s.baselined > 0 {
        let _ = write!(scanned, "; {} hidden by the baseline", s.baselined);
    }
    if report.findings.is_empty() {
        // Silence on success in a hook is a feature; the summary is one dim line.
        let _ = writeln!(out, "ward: nothing found; {scanned}");
        return;
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|&sev| {
            let n = report.count(sev);
            (n > 0).then(|| format!("{n} {sev}"))
        })
        .collect();
    let blocking = report.blocking();
    let total = report.findings.len();
    let verdict = if blocking > 0 {
        paint(
            color,
            Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            &format!(
                "ward: {blocking} of {total} finding{} at or above `{}` ({})",
                if total == 1 { "" } else { "s" },
                report.fail_on,
                counts.join(", ")
            ),
        )
    } else {
        format!(
            "ward: {total} finding{} below `{}` ({})",
            if total == 1 { "" } else { "s" },
            report.fail_on,
            counts.join(", ")
        )
    };
    let _ = writeln!(out, "{verdict}; {scanned}");
    let advisories = report
        .findings
        .iter()
        .any(|f| f.finding.kind == crate::detect::Kind::Vulnerability);
    let others = report
        .findings
        .iter()
        .any(|f| f.finding.kind != crate::detect::Kind::Vulnerability);
    if others {
        let _ = writeln!(
            out,
            "  to allow a finding that is not a secret: add `ward:allow` in a comment on its line, \
             or an [[allow]] entry (rule, path, reason) in ward.toml"
        );
    }
    if advisories {
        let _ = writeln!(
            out,
            "  to accept an advisory: an [[advisories.ignore]] entry (id, reason, optional until = \
             \"YYYY-MM-DD\") in ward.toml"
        );
    }
}

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
