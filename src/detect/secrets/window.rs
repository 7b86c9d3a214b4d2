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

/// Windows closer than this are searched as one: a search has a fixed cost
/// of a few hundred bytes' worth of scanning. Windows further apart are
/// searched apart, as a rule whose regex has no selective literal (a short
/// alternative like `\bes`) crawls through the text between them.
const MERGE_GAP: usize = 256;

/// Merged windows around `hits` (ascending byte offsets of keyword matches).
pub fn around(text: &str, hits: impl Iterator<Item = usize>, multiline: bool) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for hit in hits {
        if out.last().is_some_and(|w| hit < w.end && hit >= w.start) {
            continue; // already covered
        }
        let w = if multiline {
            let from = hit.saturating_sub(MULTILINE_BEFORE);
            let to = (hit + MULTILINE_AFTER).min(text.len());
            with_boundary(start_near(text, from))..end_near(text, to)
        } else {
            with_boundary(start_near(text, hit))..end_near(text, hit)
        };
        match out.last_mut() {
            Some(last) if w.start <= last.end + MERGE_GAP => last.end = last.end.max(w.end),
            _ => out.push(w),
        }
    }
    out
}

/// Where a window reaching back to `i` starts: the start of `i`'s line when
/// that is near, otherwise (inside a very long line: minified code, a data
/// dump) the nearest token edge before `i`. Bounded work per hit: a hit in a
/// megabyte-long line must not scan the line.
fn start_near(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let i = i.min(b.len());
    let floor = i.saturating_sub(LONG_LINE_REACH);
    match memrchr(b'\n', &b[floor..i]) {
        Some(p) => floor + p + 1,
        None if floor == 0 => 0,
        None => token_edge_before(text, floor),
    }
}

/// Where a window reaching forward to `i` ends: after the line feed that ends
/// `i`'s line when that is near, otherwise at the nearest token edge after
/// `i + LONG_LINE_REACH`.
fn end_near(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let i = i.min(b.len());
    let ceiling = (i + LONG_LINE_REACH).min(b.len());
    match memchr(b'\n', &b[i..ceiling]) {
        Some(p) => i + p + 1,
        None if ceiling == b.len() => b.len(),
        None => token_edge_after(text, ceiling),
    }
}

/// Include the byte before a window (the previous line's `\n`, or the
/// separator before a token): patterns like `(?:^|[^\w])token` match it as the
/// token's left boundary, exactly as on the whole text.
fn with_boundary(start: usize) -> usize {
    start.saturating_sub(1)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"+/=_-.~%".contains(&b)
}

/// Just after the last byte before `i` that cannot be inside a token, looking
/// back at most `LONG_LINE_REACH` bytes (a longer run is no credential).
fn token_edge_before(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let floor = i.saturating_sub(LONG_LINE_REACH);
    let edge = b[floor..i]
        .iter()
        .rposition(|&c| !is_token_byte(c))
        .map_or(i, |p| floor + p + 1);
    crate::text::floor_char_boundary(text, edge)
}

/// The first byte at or after `i` that cannot be inside a token, looking
/// ahead at most `LONG_LINE_REACH` bytes.
fn token_edge_after(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let ceiling = (i + LONG_LINE_REACH).min(b.len());
    let mut edge = b[i..ceiling]
        .iter()
        .position(|&c| !is_token_byte(c))
        .map_or(ceiling, |p| i + p);
    while !text.is_char_boundary(edge) {
        edge += 1;
    }
    edge
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_windows_are_the_hit_lines() {
        let far = "x\n".repeat(MERGE_GAP);
        let t = format!("a\nb key\n{far}c\nd key\ne key\n");
        let second = t.find("d key").unwrap();
        let hits = [4, second + 2, second + 8];
        let w = around(&t, hits.into_iter(), false);
        assert_eq!(w, vec![1..8, second - 1..second + 12]);
        assert_eq!(&t[w[0].clone()], "\nb key\n");
    }

    #[test]
    fn nearby_windows_are_searched_as_one() {
        let t = "a key\nb\nc key\n";
        let w = around(t, [2, 11].into_iter(), false);
        assert_eq!(w, vec![0..t.len()]);
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
    fn a_hit_deep_in_a_long_line_reads_a_bounded_window() {
        // Minified code: one megabyte-long line. Each hit must cost its reach,
        // not the line's length, and the window still holds the whole token.
        let mut t = "a=1;".repeat(250_000);
        let hit = t.len();
        t.push_str("token=\"abc\";");
        t.push_str(&"b=2;".repeat(250_000));
        for multiline in [false, true] {
            let w = around(&t, [hit].into_iter(), multiline);
            assert_eq!(w.len(), 1);
            let reach = if multiline {
                MULTILINE_AFTER + MULTILINE_BEFORE
            } else {
                0
            };
            assert!(w[0].len() <= reach + 4 * LONG_LINE_REACH + 2, "{:?}", w[0]);
            assert!(t[w[0].clone()].contains("token=\"abc\";"));
        }
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
