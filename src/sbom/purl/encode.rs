//! Percent-encoding as purl uses it. Canonical output keeps only the RFC 3986
//! unreserved characters and `:` literal (the spec's choice, so
//! `sha256:…` versions stay readable); everything else, `/` in qualifier
//! values and `+` included, becomes `%XX`. Decoding never treats `+` as a space.

use super::PurlError;
use std::fmt::Write;

/// Encodes one component (or one namespace/subpath segment).
pub(super) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes `%XX` escapes; a malformed escape or non-UTF-8 result is an error.
pub(super) fn decode(s: &str) -> Result<String, PurlError> {
    if !s.contains('%') {
        return Ok(s.to_string());
    }
    let bad = || PurlError::Encoding(s.to_string());
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or_else(bad)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return Err(bad());
            }
            let hex = std::str::from_utf8(hex).map_err(|_| bad())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = "a b/c+d@e:f~g%h é";
        assert_eq!(encode(s), "a%20b%2Fc%2Bd%40e:f~g%25h%20%C3%A9");
        assert_eq!(decode(&encode(s)).unwrap(), s);
        assert_eq!(decode("a+b").unwrap(), "a+b");
    }

    #[test]
    fn malformed_escapes() {
        for s in ["%", "%4", "%zz", "%+1", "%C3"] {
            assert!(decode(s).is_err(), "{s}");
        }
    }
}
