//! Where a rule's regex runs: windows of text around its keyword hits, so a
//! rule triggered by a common word (`password`, `token`) reads a few lines, not
//! the whole file. Windows start and end on line boundaries (or, inside a very
//! long line, at a character that cannot be part of a token), so anchors and
//! word boundaries behave as on the whole text.

use memchr::{memchr, memrchr};
use std::ops::Range;

/// Multi-line rules (PEM blocks, `.netrc` entries) look this far around a keyword.
const MULTILINE_BEFORE: usize = 4 << 10;
const MULTILINE_AFTER: usize = 64 << 10;
/// Inside a line longer than this (minified code, data dumps), a single-line
/// rule looks only this far either side of the keyword.
const LONG_LINE_REACH: usize = 2 << 10;

/// With more windows than this in one chunk, one search over their whole span
/// is cheaper than a search per window (a search has a fixed cost, and the
/// regex's own literal prefilter skips the lines between them quickly).
const MAX_WINDOWS: usize = 16;

/// Merged windows around `hits` (ascending byte offsets of keyword matches).
pub fn around(text: &str, hits: impl Iterator<Item = usize>, multiline: bool) -> Vec<Range<usize>> {
    let mut windows = separate(text, hits, multiline);
    if windows.len() > MAX_WINDOWS {
        let span = windows[0].start..windows[windows.len() - 1].end;
        windows = vec![span];
    }
    windows
}

fn separate(text: &str, hits: impl Iterator<Item = usize>, multiline: bool) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for hit in hits {
        if out.last().is_some_and(|w| hit < w.end && hit >= w.start) {
            continue; // already covered
        }
        let w = if multiline {
            line_start(text, hit.saturating_sub(MULTILINE_BEFORE))
                ..line_end(text, (hit + MULTILINE_AFTER).min(text.len()))
        } else {
            single_line(text, hit)
        };
        match out.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => out.push(w),
        }
    }
    out
}

/// The hit's line (a single-line rule's match lies within one line, and its
/// keyword is part of what it matches), or a bounded slice of a very long line.
fn single_line(text: &str, hit: usize) -> Range<usize> {
    let start = line_start(text, hit);
    let end = line_end(text, hit);
    if end - start > 2 * LONG_LINE_REACH {
        let s = token_edge_before(text, hit.saturating_sub(LONG_LINE_REACH).max(start), start);
        let e = token_edge_after(text, (hit + LONG_LINE_REACH).min(end), end);
        return with_boundary(s)..e;
    }
    with_boundary(start)..end
}

/// Include the byte before a window (the previous line's `\n`, or the
/// separator before a token): patterns like `(?:^|[^\w])token` match it as the
/// token's left boundary, exactly as on the whole text.
fn with_boundary(start: usize) -> usize {
    start.saturating_sub(1)
}

/// Start of the line containing `i`.
fn line_start(text: &str, i: usize) -> usize {
    memrchr(b'\n', &text.as_bytes()[..i.min(text.len())]).map_or(0, |p| p + 1)
}

/// End of the line containing `i` (the offset after its line feed, or the text's end).
fn line_end(text: &str, i: usize) -> usize {
    memchr(b'\n', &text.as_bytes()[i.min(text.len())..]).map_or(text.len(), |p| i + p + 1)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"+/=_-.~%".contains(&b)
}

/// Move `i` back (not below `floor`) to just after a byte that cannot be inside a token.
fn token_edge_before(text: &str, mut i: usize, floor: usize) -> usize {
    let b = text.as_bytes();
    while i > floor && is_token_byte(b[i - 1]) {
        i -= 1;
    }
    crate::text::floor_char_boundary(text, i)
}

/// Move `i` forward (not past `ceiling`) to a byte that cannot be inside a token.
fn token_edge_after(text: &str, mut i: usize, ceiling: usize) -> usize {
    let b = text.as_bytes();
    while i < ceiling && is_token_byte(b[i]) {
        i += 1;
    }
    let mut i = i.min(ceiling);
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_windows_are_the_hit_lines() {
        let t = "a\nb key\nc\nd key\ne key\n";
        let hits = [4, 12, 18];
        let w = around(t, hits.into_iter(), false);
        assert_eq!(w, vec![1..8, 9..22]);
        assert_eq!(&t[w[0].clone()], "\nb key\n");
    }

    #[test]
    fn long_lines_are_cut_at_token_edges() {
        let mut t = "x ".repeat(5000);
        t.push_str("token=abc");
        t.push_str(&" y".repeat(5000));
        let hit = t.find("token").unwrap();
        let w = around(&t, [hit].into_iter(), false);
        assert!(w[0].end - w[0].start < 5000);
        assert!(t[w[0].clone()].contains("token=abc"));
        assert_eq!(
            t.as_bytes()[w[0].start],
            b' ',
            "starts on the separator before the token"
        );
    }

    #[test]
    fn multiline_windows_reach_far() {
        let t = format!(
            "-----BEGIN KEY-----\n{}\n-----END KEY-----\n",
            "A".repeat(3000)
        );
        let w = around(&t, [5].into_iter(), true);
        assert_eq!(w, vec![0..t.len()]);
    }
}
