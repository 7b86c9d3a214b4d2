//! From a change (old and new blob) to what detectors scan: the added lines,
//! grouped in hunks, with a little context before each hunk so a multi-line
//! secret whose first line did not change still matches.

use crate::text;
use gix::diff::blob::{Algorithm, Diff, InternedInput, sources::byte_lines};
use std::hash::BuildHasher;
use std::ops::Range;

/// Lines of unchanged context kept above each hunk (matched, never reported alone).
const CONTEXT_LINES: usize = 2;

/// A contiguous run of lines to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// 1-based line number (in the new file) of the first line of `text`.
    pub first_line: u32,
    pub text: String,
    /// Byte offset in `text` where the added lines begin; anything before is context.
    pub added_from: usize,
}

/// One file's scannable content.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: String,
    pub chunks: Vec<Chunk>,
    /// The added lines (0-based ranges of the new file); `None` when all of it is new.
    pub added: Option<Vec<Range<u32>>>,
    pub commit: Option<std::sync::Arc<crate::detect::Commit>>,
}

impl Target {
    /// The whole content is new (added file, tree scan, stdin).
    pub fn whole(path: String, bytes: &[u8]) -> Target {
        let text = text::decode(bytes);
        Target {
            path,
            chunks: vec![Chunk {
                first_line: 1,
                text,
                added_from: 0,
            }],
            added: None,
            commit: None,
        }
    }

    /// Only what `new` adds relative to `old`.
    pub fn added(path: String, old: &[u8], new: &[u8]) -> Target {
        Target::added_to_all(path, &[old], new)
    }

    /// Only lines of `new` that none of `olds` had at that place (a merge
    /// reports only what no parent had); no `olds` means all of `new`.
    pub fn added_to_all(path: String, olds: &[&[u8]], new: &[u8]) -> Target {
        if olds.is_empty() {
            return Target::whole(path, new);
        }
        let mut added = added_lines(olds[0], new);
        for old in &olds[1..] {
            if added.is_empty() {
                break;
            }
            added = intersect(&added, &added_lines(old, new));
        }
        Target {
            path,
            chunks: chunks(new, &added),
            added: Some(added),
            commit: None,
        }
    }
}

impl Target {
    /// Lines of `new` whose text none of `olds` has anywhere (line ends
    /// aside). For machine-written files (lockfiles), whose versions can be
    /// megabytes long: a set of line hashes costs a fraction of a diff, and
    /// a line that only moved is rightly not new.
    pub fn new_content(path: String, olds: &[&[u8]], new: &[u8]) -> Target {
        if olds.is_empty() {
            return Target::whole(path, new);
        }
        let hasher = foldhash::fast::FixedState::default();
        let hash = |line: &[u8]| hasher.hash_one(trim_eol(line));
        let lines: usize = olds
            .iter()
            .map(|o| memchr::memchr_iter(b'\n', o).count() + 1)
            .sum();
        let mut known: foldhash::HashSet<u64> =
            foldhash::HashSet::with_capacity_and_hasher(lines, Default::default());
        for old in olds {
            known.extend(byte_lines(old).map(hash));
        }
        let mut added: Vec<Range<u32>> = Vec::new();
        for (i, line) in byte_lines(new).enumerate() {
            if known.contains(&hash(line)) {
                continue;
            }
            let i = i as u32;
            match added.last_mut() {
                Some(last) if last.end == i => last.end = i + 1,
                _ => added.push(i..i + 1),
            }
        }
        Target {
            path,
            chunks: chunks(new, &added),
            added: Some(added),
            commit: None,
        }
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Line-diff `old` → `new` (histogram, as git) and return the added hunks.
pub fn added_chunks(old: &[u8], new: &[u8]) -> Vec<Chunk> {
    chunks(new, &added_lines(old, new))
}

/// 0-based line ranges of `new` that `old` does not have.
fn added_lines(old: &[u8], new: &[u8]) -> Vec<Range<u32>> {
    let input = InternedInput::new(byte_lines(old), byte_lines(new));
    let diff = Diff::compute(Algorithm::Histogram, &input);
    diff.hunks()
        .filter(|h| !h.after.is_empty())
        .map(|h| h.after)
        .collect()
}

/// Both lists are sorted and disjoint.
fn intersect(a: &[Range<u32>], b: &[Range<u32>]) -> Vec<Range<u32>> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let (start, end) = (a[i].start.max(b[j].start), a[i].end.min(b[j].end));
        if start < end {
            out.push(start..end);
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The added ranges of `new` as chunks, each with a little context above.
fn chunks(new: &[u8], added: &[Range<u32>]) -> Vec<Chunk> {
    // Line starts are found walking forward: a large file with a few
    // changes is not split into a vector of all its lines.
    let mut at_context = LineCursor::default();
    let mut chunks = Vec::new();
    for range in added {
        let start = range.start as usize;
        let ctx = start.saturating_sub(CONTEXT_LINES);
        at_context.advance_to(new, ctx);
        let mut cursor = at_context;
        let from = cursor.offset;
        cursor.advance_to(new, start);
        let added_from = cursor.offset;
        cursor.advance_to(new, range.end as usize);
        let context = text::decode(&new[from..added_from]);
        let added = text::decode(&new[added_from..cursor.offset]);
        chunks.push(Chunk {
            first_line: ctx as u32 + 1,
            added_from: context.len(),
            text: context + &added,
        });
    }
    chunks
}

/// A 0-based line and the byte offset where it starts (lines split as
/// `byte_lines` splits them: after each `\n`).
#[derive(Debug, Default, Clone, Copy)]
struct LineCursor {
    line: usize,
    offset: usize,
}

impl LineCursor {
    /// Move forward to the start of `line` (the end of `data` past its last line).
    fn advance_to(&mut self, data: &[u8], line: usize) {
        if line <= self.line {
            return;
        }
        let rest = &data[self.offset..];
        self.offset = memchr::memchr_iter(b'\n', rest)
            .nth(line - self.line - 1)
            .map_or(data.len(), |i| self.offset + i + 1);
        self.line = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_added_lines_with_context() {
        let old = b"a\nb\nc\nd\n";
        let new = b"a\nb\nc\nNEW1\nNEW2\nd\n";
        let chunks = added_chunks(old, new);
        assert_eq!(chunks.len(), 1);
        let c = &chunks[0];
        assert_eq!(c.first_line, 2);
        assert_eq!(c.text, "b\nc\nNEW1\nNEW2\n");
        assert_eq!(&c.text[c.added_from..], "NEW1\nNEW2\n");
    }

    #[test]
    fn deletions_yield_nothing() {
        assert!(added_chunks(b"a\nb\n", b"a\n").is_empty());
    }

    #[test]
    fn separate_hunks() {
        let old = b"1\n2\n3\n4\n5\n6\n7\n8\n";
        let new = b"1\nX\n3\n4\n5\n6\nY\n8\n";
        let c = added_chunks(old, new);
        assert_eq!(c.len(), 2);
        assert_eq!(&c[0].text[c[0].added_from..], "X\n");
        assert_eq!(c[1].first_line, 5);
    }

    #[test]
    fn new_content_is_what_no_old_version_has_anywhere() {
        let old: &[u8] = b"a\nb\nc\nd\n";
        // `d` moved up and lost its line end, `b` is doubled: neither is new.
        let new: &[u8] = b"a\nd\nX\nY\nb\nb\nc\r\nZ\nd";
        let t = Target::new_content("lock".into(), &[old], new);
        assert_eq!(t.added, Some(vec![2..4, 7..8]));
        assert_eq!(t.chunks.len(), 2);
        assert_eq!(
            (t.chunks[0].first_line, t.chunks[0].text.as_str()),
            (1, "a\nd\nX\nY\n")
        );
        assert_eq!(&t.chunks[1].text[t.chunks[1].added_from..], "Z\n");
        let other: &[u8] = b"Z\n";
        let merged = Target::new_content("lock".into(), &[old, other], new);
        let one: Range<u32> = 2..4;
        assert_eq!(merged.added, Some(vec![one]));
        assert_eq!(
            Target::new_content("lock".into(), &[], b"q\n").chunks[0].text,
            "q\n"
        );
    }

    #[test]
    fn merge_reports_only_what_no_parent_had() {
        let ours = b"a\nb\n";
        let theirs = b"a\nT\nb\n";
        let merged = b"a\nT\nb\nEVIL\n";
        let t = Target::added_to_all("p".into(), &[ours, theirs], merged);
        assert_eq!(t.chunks.len(), 1);
        let c = &t.chunks[0];
        assert_eq!(&c.text[c.added_from..], "EVIL\n");
        assert_eq!(c.first_line, 2);
        let clean = Target::added_to_all("p".into(), &[ours, theirs], theirs);
        assert!(clean.chunks.is_empty());
    }
}
