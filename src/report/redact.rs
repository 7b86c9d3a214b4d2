//! Redaction: a report shows enough of a secret to find it (`ghp_ab…`), never
//! the value. Every secret found on a line is redacted in that line's snippet.

use crate::detect::Finding;
use std::collections::HashMap;

/// Longest snippet shown; longer lines are cut around the secret.
const MAX_SNIPPET_CHARS: usize = 160;

/// The visible prefix of a secret: at most 6 characters and a fifth of it.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    let keep = (n / 5).min(6);
    let prefix: String = secret.chars().take(keep).collect();
    format!("{prefix}…")
}

/// For each finding, its snippet and the char range of the (redacted) secret in it.
pub fn snippets(findings: &[Finding], show_secrets: bool) -> Vec<(String, (usize, usize))> {
    // Every secret span on each line, so one finding's snippet never shows another's secret.
    let mut spans: HashMap<(&str, u32), Vec<(usize, usize)>> = HashMap::new();
    for f in findings {
        spans
            .entry((f.path.as_str(), f.line))
            .or_default()
            .push(f.secret_span);
    }
    findings
        .iter()
        .map(|f| {
            let mut line_spans = spans[&(f.path.as_str(), f.line)].clone();
            line_spans.sort_unstable();
            line_spans.dedup();
            build(f, &line_spans, show_secrets)
        })
        .collect()
}

fn build(f: &Finding, spans: &[(usize, usize)], show: bool) -> (String, (usize, usize)) {
    let line = f.line_text.as_str();
    let mut out = String::new();
    let mut caret = (0, 0);
    let mut pos = 0;
    for &(s, e) in spans {
        let (s, e) = (clamp(line, s), clamp(line, e));
        if s < pos || s == e {
            continue; // overlapping spans: the first one covers it
        }
        out.push_str(&line[pos..s]);
        let start_chars = out.chars().count();
        let shown = if show {
            line[s..e].to_string()
        } else {
            redact(&line[s..e])
        };
        out.push_str(&shown);
        if (s, e) == (clamp(line, f.secret_span.0), clamp(line, f.secret_span.1)) {
            caret = (start_chars, start_chars + shown.chars().count());
        }
        pos = e;
    }
    out.push_str(&line[pos..]);
    let out = out.replace('\t', " ");
    if f.secret_span.0 == f.secret_span.1 {
        // Reported at a header line: point at the whole line.
        caret = (0, out.trim_end().chars().count());
    }
    shorten(&out, caret)
}

fn clamp(s: &str, i: usize) -> usize {
    crate::text::floor_char_boundary(s, i)
}

/// Cut a long line to a window around the caret, marking the cuts with `…`.
fn shorten(line: &str, caret: (usize, usize)) -> (String, (usize, usize)) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= MAX_SNIPPET_CHARS {
        return (line.trim_end().to_string(), caret);
    }
    let width = caret.1 - caret.0;
    let room = MAX_SNIPPET_CHARS.saturating_sub(width) / 2;
    let start = caret.0.saturating_sub(room);
    let end = (caret.1 + room).min(chars.len());
    let mut s = String::new();
    let mut shift = start;
    if start > 0 {
        s.push('…');
        shift = start - 1;
    }
    s.extend(&chars[start..end]);
    if end < chars.len() {
        s.push('…');
    }
    (s, (caret.0 - shift, caret.1 - shift))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_short_prefix() {
        assert_eq!(
            redact("ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
            "ghp_aB…"
        );
        assert_eq!(redact("hunter2"), "h…");
        assert_eq!(redact("abc"), "…");
    }
}
