//! NuGet versions: SemVer 2.0 precedence over up to four numeric components (`1.0` =
//! `1.0.0.0`, the legacy `System.Version` shape), prerelease labels compared
//! case-insensitively, metadata after `+` ignored.
//!
//! The lenient reading is [`super::semver`]'s with a fourth component and case folding.

use super::semver::{self, SemverLike};

pub(crate) type NuGetKey = SemverLike<4>;

pub(crate) fn key(version: &str) -> NuGetKey {
    semver::parse_lenient(version, true)
}

/// One to four numeric components (leading zeros allowed), optional prerelease and metadata.
pub(crate) fn is_valid(version: &str) -> bool {
    semver::is_semver_like(version, 1..=4, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{Equal, Less};

    #[test]
    fn four_components_and_case_folding() {
        let cmp = |a: &str, b: &str| key(a).cmp(&key(b));
        assert_eq!(cmp("1.0", "1.0.0.0"), Equal);
        assert_eq!(cmp("1.0.01", "1.0.1.0"), Equal);
        assert_eq!(cmp("1.0.0-BETA", "1.0.0-beta+AA"), Equal);
        assert_eq!(cmp("1.0.0", "1.0.0.1-alpha"), Less);
        assert_eq!(cmp("1.0.0-pre", "1.0.0.1-alpha"), Less);
        assert_eq!(cmp("1.0.0-beta.5.77", "1.0.0-beta.5.790"), Less);
        assert!(is_valid("1.0.0.1-rc.1+meta"));
        assert!(is_valid("01.2"));
        assert!(!is_valid("1.2.3.4.5"));
        assert!(!is_valid("1.2-"));
    }
}
