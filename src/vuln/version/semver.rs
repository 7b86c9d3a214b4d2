//! SemVer 2.0 precedence (crates.io, npm, and every OSV `SEMVER` range), read leniently the way
//! OSV reads it.
//!
//! Advisory data and lockfiles are not always strict SemVer: a leading `v`, `1.2` for `1.2.0`,
//! leading zeros, or a fourth component appear in real records. Rejecting those would make
//! a range silently match nothing, so every string is read:
//! - an optional `v`/`V`, then up to three dot-separated numbers (missing ones are 0);
//! - whatever follows, minus one leading `-` or `.` and anything after `+` (build metadata,
//!   ignored for precedence), is the prerelease; so `1.2.3.4` sorts like `1.2.3-4` and
//!   `abc` like `0.0.0-abc`;
//! - prerelease identifiers compare per semver.org §11: numeric ones numerically (leading
//!   zeros tolerated) and below alphanumeric ones, which compare in ASCII order; more
//!   identifiers win when all shared ones are equal.
//!
//! The parser is shared with Go ([`super::go`], which only differs in validity) and NuGet
//! ([`super::nuget`]: four components, case-insensitive prereleases).

use super::number::Number;

/// One dot-separated prerelease identifier; numeric ones sort first (declaration order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Ident {
    Numeric(Number),
    Alphanumeric(Box<str>),
}

/// A prerelease sorts before the release of the same core version (declaration order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Phase {
    Prerelease(Vec<Ident>),
    Release,
}

/// `N` numeric components, then the phase; the derived order is SemVer precedence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct SemverLike<const N: usize> {
    core: [Number; N],
    phase: Phase,
}

/// The key of SemVer and Go versions.
pub(crate) type SemverKey = SemverLike<3>;

pub(crate) fn key(version: &str) -> SemverKey {
    parse_lenient(version, false)
}

/// Strict SemVer 2.0.0 (semver.org's grammar), no `v` prefix.
pub(crate) fn is_valid(version: &str) -> bool {
    is_semver_like(version, 3..=3, false)
}

/// Reads any string as described in the module docs; `fold_case` lowercases the prerelease.
pub(crate) fn parse_lenient<const N: usize>(version: &str, fold_case: bool) -> SemverLike<N> {
    let text = version.trim();
    let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let mut core: [Number; N] = std::array::from_fn(|_| Number::ZERO);
    let mut rest = text;
    for (index, slot) in core.iter_mut().enumerate() {
        let body = if index == 0 {
            rest
        } else {
            match rest.strip_prefix('.') {
                Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => after,
                _ => break,
            }
        };
        let end = body
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len());
        if end == 0 {
            break;
        }
        *slot = Number::from_digits(&body[..end]);
        rest = &body[end..];
    }
    let without_build = rest.split_once('+').map_or(rest, |(pre, _)| pre);
    let prerelease = without_build
        .strip_prefix(['-', '.'])
        .unwrap_or(without_build);
    let phase = if prerelease.is_empty() {
        Phase::Release
    } else {
        Phase::Prerelease(
            prerelease
                .split('.')
                .map(|part| identifier(part, fold_case))
                .collect(),
        )
    };
    SemverLike { core, phase }
}

fn identifier(part: &str, fold_case: bool) -> Ident {
    match Number::parse(part) {
        Some(number) => Ident::Numeric(number),
        None if fold_case => Ident::Alphanumeric(part.to_ascii_lowercase().into()),
        None => Ident::Alphanumeric(part.into()),
    }
}

/// `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` with a number of components in `parts`;
/// `loose` allows leading zeros (NuGet's legacy versions have them).
pub(crate) fn is_semver_like(
    version: &str,
    parts: std::ops::RangeInclusive<usize>,
    loose: bool,
) -> bool {
    let (main, build) = match version.split_once('+') {
        Some((main, build)) => (main, Some(build)),
        None => (version, None),
    };
    let (core, prerelease) = match main.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (main, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    parts.contains(&numbers.len())
        && numbers.iter().all(|n| is_numeric(n, loose))
        && prerelease.is_none_or(|pre| {
            pre.split('.').all(|id| {
                is_identifier(id) && (loose || !is_numeric(id, true) || is_numeric(id, false))
            })
        })
        && build.is_none_or(|build| build.split('.').all(is_identifier))
}

/// Digits only; without `leading_zeros`, `0` itself but no `01`.
fn is_numeric(text: &str, leading_zeros: bool) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (leading_zeros || text == "0" || !text.starts_with('0'))
}

fn is_identifier(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{self, Equal, Greater, Less};

    fn cmp(a: &str, b: &str) -> Ordering {
        key(a).cmp(&key(b))
    }

    #[test]
    fn follows_semver_org_precedence() {
        let ascending = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
        ];
        for pair in ascending.windows(2) {
            assert_eq!(cmp(pair[0], pair[1]), Less, "{pair:?}");
        }
    }

    #[test]
    fn is_lenient_like_osv() {
        assert_eq!(cmp("v1.2.3", "1.2.3"), Equal);
        assert_eq!(cmp("1.2", "1.2.0"), Equal);
        assert_eq!(cmp("1", "1.0.0"), Equal);
        assert_eq!(cmp("01.002.0003", "1.2.3"), Equal);
        assert_eq!(cmp("1.2.3+build", "1.2.3+other"), Equal);
        assert_eq!(cmp("1.2.3-beta+b", "1.2.3-beta"), Equal);
        assert_eq!(cmp("1.2.3-01", "1.2.3-1"), Equal);
        assert_eq!(cmp("1.2-beta", "1.2.0-beta"), Equal);
        assert_eq!(cmp("1.2.3.4", "1.2.3"), Less);
        assert_eq!(cmp("1.2.3-r100", "1.2.3-r2"), Less);
        assert_eq!(cmp("1.2.3-R2", "1.2.3-r100"), Less);
        assert_eq!(cmp("", "0.0.0"), Equal);
        assert_eq!(cmp("abc", "0.0.0"), Less);
    }

    #[test]
    fn validates_strict_semver() {
        for good in [
            "0.0.0",
            "1.2.3-alpha.1+build.5",
            "10.20.30-0.3.7",
            "1.0.0-x-y-z.--",
        ] {
            assert!(is_valid(good), "{good}");
        }
        for bad in [
            "1.2",
            "v1.2.3",
            "01.2.3",
            "1.2.3-01",
            "1.2.3-",
            "1.2.3+",
            "1.2.3-a..b",
            "a.b.c",
            "",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
        assert_eq!(cmp("1.2.3", "1.2.4"), Less);
        assert_eq!(cmp("1.10.0", "1.9.0"), Greater);
    }
}
