//! Go module versions: SemVer with a `v` prefix (OSV records drop it), `+incompatible` for
//! pre-module major versions, and pseudo-versions like `v0.0.0-20191109021931-daa7c04131f5`.
//!
//! Ordering needs nothing beyond [`super::semver`]: the prefix is optional there,
//! `+incompatible` is build metadata and so ignored, and a pseudo-version is a SemVer
//! prerelease whose timestamp identifier sorts chronologically. Only validity differs.

use super::semver;

pub(crate) fn key(version: &str) -> semver::SemverKey {
    semver::key(version)
}

/// Strict SemVer with an optional `v`; the only build metadata Go accepts is `+incompatible`.
pub(crate) fn is_valid(version: &str) -> bool {
    let bare = version.strip_prefix('v').unwrap_or(version);
    let build_ok = bare
        .split_once('+')
        .is_none_or(|(_, build)| build == "incompatible");
    build_ok && semver::is_valid(bare)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{Equal, Less};

    #[test]
    fn pseudo_versions_and_incompatible() {
        let cmp = |a: &str, b: &str| key(a).cmp(&key(b));
        assert_eq!(cmp("v0.0.0-20191109021931-daa7c04131f5", "0.0.1"), Less);
        assert_eq!(
            cmp(
                "v0.0.0-20191109021931-daa7c04131f5",
                "v0.0.0-20200101000000-0123456789ab"
            ),
            Less
        );
        assert_eq!(cmp("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4"), Less);
        assert_eq!(cmp("v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5"), Less);
        assert_eq!(cmp("2.0.0+incompatible", "v2.0.0"), Equal);
        assert!(is_valid("v2.0.0+incompatible"));
        assert!(is_valid("0.0.0-20191109021931-daa7c04131f5"));
        assert!(!is_valid("v2.0.0+build"));
        assert!(!is_valid("v1.2"));
    }
}
