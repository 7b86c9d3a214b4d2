//! RubyGems versions, ordered like `Gem::Version#<=>`.
//!
//! A version is stripped, every `-` becomes `.pre.`, and it is read as runs of digits and
//! runs of letters (so `1.0.a10` = `1.0.a.10`); a letter segment marks a prerelease. The
//! canonical segments drop trailing zeros of the leading numeric part and of the rest
//! (`1.0.a` = `1.a`); comparison pads the shorter side with zeros, puts text below numbers
//! and compares text byte-wise (case-sensitive, as Ruby does).
//!
//! Strings `Gem::Version` would reject still get a key from their digit and letter runs
//! (other characters are ignored); [`is_valid`] tells them apart.

use super::number::Number;
use std::cmp::Ordering;

/// Canonical segments; never ends with a zero, so equal keys are identical.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct GemKey(Vec<Segment>);

/// Text sorts below numbers (declaration order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Segment {
    Text(Box<str>),
    Number(Number),
}

const ZERO: Segment = Segment::Number(Number::ZERO);

pub(crate) fn key(version: &str) -> GemKey {
    let text = version.trim().replace('-', ".pre.");
    let segments: Vec<Segment> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(super::number::digit_runs)
        .map(|run| match Number::parse(run) {
            Some(number) => Segment::Number(number),
            None => Segment::Text(run.into()),
        })
        .collect();
    let split = segments
        .iter()
        .position(|s| matches!(s, Segment::Text(_)))
        .unwrap_or(segments.len());
    let (numbers, rest) = segments.split_at(split);
    let mut canonical = without_trailing_zeros(numbers).to_vec();
    canonical.extend_from_slice(without_trailing_zeros(rest));
    GemKey(canonical)
}

fn without_trailing_zeros(segments: &[Segment]) -> &[Segment] {
    let end = segments
        .iter()
        .rposition(|s| *s != ZERO)
        .map_or(0, |i| i + 1);
    &segments[..end]
}

impl Ord for GemKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.0.len().max(other.0.len());
        (0..len)
            .map(|i| {
                let a = self.0.get(i).unwrap_or(&ZERO);
                let b = other.0.get(i).unwrap_or(&ZERO);
                a.cmp(b)
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for GemKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `Gem::Version::ANCHORED_VERSION_PATTERN`, except that a blank string (which RubyGems
/// reads as `0` with a deprecation warning) is not a version.
pub(crate) fn is_valid(version: &str) -> bool {
    let text = version.trim();
    let (main, suffix) = match text.split_once('-') {
        Some((main, suffix)) => (main, Some(suffix)),
        None => (text, None),
    };
    let mut parts = main.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    first_ok
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && suffix.is_none_or(|s| {
            s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{Equal, Greater, Less};

    fn cmp(a: &str, b: &str) -> Ordering {
        key(a).cmp(&key(b))
    }

    #[test]
    fn follows_gem_version() {
        assert_eq!(cmp("1.0.a10", "1.0.a.10"), Equal);
        assert_eq!(cmp("1.0.a", "1.a"), Equal);
        assert_eq!(cmp("1.0.0", "1"), Equal);
        assert_eq!(cmp("1.0-1", "1.0.pre.1"), Equal);
        assert_eq!(cmp("1.2.4.beta", "1.2.4"), Less);
        assert_eq!(cmp("1", "1beta"), Greater);
        assert_eq!(cmp("3.10", "3.2"), Greater);
        assert_eq!(cmp("1.0.a9", "1.0.a10"), Less);
        assert_eq!(cmp("1.0.b1", "1.0.a.2"), Greater);
        assert_eq!(cmp("1.0.A", "1.0.a"), Less);
        assert_eq!(cmp(" 2.0 ", "2"), Equal);
    }

    #[test]
    fn validates_like_rubygems() {
        for good in ["1", "1.2.3", "1.2.3.pre", "1.0.0-rc1", "2.0-x-y.z", " 3.0 "] {
            assert!(is_valid(good), "{good}");
        }
        for bad in ["", "a.b", "1..2", "1.2.", "1.2-", "1_2", "v1.0"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
