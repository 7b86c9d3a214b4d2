//! Bytes to text: binary detection, lossy decoding that keeps line numbers,
//! and mapping byte offsets back to lines and columns.

/// Git's heuristic: a NUL byte in the first 8000 bytes means binary.
pub fn is_binary(bytes: &[u8]) -> bool {
    if utf16_bom(bytes).is_some() {
        return false;
    }
    bytes[..bytes.len().min(8000)].contains(&0)
}

fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// Decode to text without ever failing: UTF-8 (lossy), or UTF-16 with a BOM.
/// Invalid bytes become U+FFFD; newlines are untouched, so line numbers hold.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(little_endian) = utf16_bom(bytes) {
        let units = bytes[2..].chunks_exact(2).map(|p| {
            if little_endian {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        return char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Byte offsets of line starts in a text, for offset → (line, column) lookups.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line index containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of line `i` without its line terminator.
    pub fn line_range(&self, text: &str, i: usize) -> (usize, usize) {
        let start = self.starts[i];
        let mut end = self.starts.get(i + 1).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end.max(start))
    }

    pub fn line_start(&self, i: usize) -> usize {
        self.starts[i]
    }
}

/// Line `i` (0-based) of `text` as `str::lines` cuts it (any `\r` at its
/// end dropped), without splitting the lines before it: a finding deep in a
/// megabyte lockfile needs one line of it.
pub fn nth_line(text: &str, i: usize) -> Option<&str> {
    // Whole blocks before the line are only counted, which memchr does
    // many bytes at a time.
    const BLOCK: usize = 16 << 10;
    let bytes = text.as_bytes();
    let (mut start, mut left) = (0, i);
    while left > 0 {
        let block = bytes.get(start..(start + BLOCK).min(bytes.len()))?;
        let breaks = memchr::memchr_iter(b'\n', block).count();
        if breaks >= left {
            start += memchr::memchr_iter(b'\n', block).nth(left - 1)? + 1;
            break;
        }
        if block.is_empty() {
            return None;
        }
        left -= breaks;
        start += block.len();
    }
    let rest = text.get(start..).filter(|r| !r.is_empty())?;
    let line = rest.split('\n').next().unwrap_or(rest);
    Some(line.trim_end_matches('\r'))
}

/// 1-based column, in characters, of byte `offset` within the line starting at `line_start`.
pub fn column(text: &str, line_start: usize, offset: usize) -> u32 {
    let offset = floor_char_boundary(text, offset);
    text[line_start..offset].chars().count() as u32 + 1
}

/// The largest char boundary `<= i` (stable replacement for `str::floor_char_boundary`).
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `2024-05-01T12:00:00Z` from seconds since the epoch (proleptic Gregorian).
pub fn rfc3339(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days to civil date: H. Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_line_agrees_with_lines() {
        let long = "line\n".repeat(20_000) + "last";
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\nc\r",
            "x\n\n",
            "é\nü\r\r\n",
            &long,
        ] {
            for i in (0..5).chain([3276, 3277, 19_999, 20_000, 20_001]) {
                let expected = text.lines().nth(i).map(|l| l.trim_end_matches('\r'));
                assert_eq!(nth_line(text, i), expected, "{text:?} line {i}");
            }
        }
    }

    #[test]
    fn lines_and_columns() {
        let t = "ab\r\ncé d\nlast";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_of(0), 0);
        assert_eq!(idx.line_of(4), 1);
        assert_eq!(idx.line_range(t, 0), (0, 2));
        assert_eq!(&t[idx.line_range(t, 1).0..idx.line_range(t, 1).1], "cé d");
        assert_eq!(column(t, 4, 8), 4);
        assert_eq!(&t[idx.line_range(t, 2).0..idx.line_range(t, 2).1], "last");
    }

    #[test]
    fn decoding_keeps_lines() {
        assert_eq!(decode(b"a\xffb\nc"), "a\u{fffd}b\nc");
        assert_eq!(decode(b"\xFF\xFEa\0\n\0b\0"), "a\nb");
        assert!(is_binary(b"PNG\0\0"));
        assert!(!is_binary(b"\xFF\xFEa\0"));
    }
}
