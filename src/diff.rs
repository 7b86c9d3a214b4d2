//! From a change (old and new blob) to what detectors scan: the added lines,
//! grouped in hunks, with a little context before each hunk so a multi-line
//! secret whose first line did not change still matches.

use crate::text;
use gix::diff::blob::{Algorithm, Diff, InternedInput, sources::byte_lines};

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
    pub commit: Option<String>,
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
            commit: None,
        }
    }

    /// Only what `new` adds relative to `old`.
    pub fn added(path: String, old: &[u8], new: &[u8]) -> Target {
        Target {
            path,
            chunks: added_chunks(old, new),
            commit: None,
        }
    }
}

/// Line-diff `old` → `new` (histogram, as git) and return the added hunks.
pub fn added_chunks(old: &[u8], new: &[u8]) -> Vec<Chunk> {
    let input = InternedInput::new(byte_lines(old), byte_lines(new));
    let diff = Diff::compute(Algorithm::Histogram, &input);
    let new_lines: Vec<&[u8]> = split_lines(new);
    let mut chunks = Vec::new();
    for hunk in diff.hunks() {
        if hunk.after.is_empty() {
            continue;
        }
        let start = hunk.after.start as usize;
        let end = hunk.after.end as usize;
        let ctx = start.saturating_sub(CONTEXT_LINES);
        let context = text::decode(&new_lines[ctx..start].concat());
        let added = text::decode(&new_lines[start..end].concat());
        chunks.push(Chunk {
            first_line: ctx as u32 + 1,
            added_from: context.len(),
            text: context + &added,
        });
    }
    chunks
}

/// Split keeping terminators, matching `byte_lines` tokenisation.
fn split_lines(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
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
}
