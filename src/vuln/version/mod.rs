//! Version ordering per ecosystem, for matching versions against OSV ranges.
//!
//! OSV ranges are sorted event lists (`introduced`, `fixed`, `last_affected`, `limit`), so
//! matching needs only a total order on each ecosystem's version strings. A [`Scheme`]
//! turns a string into a [`VersionKey`] once; keys are then compared as often as needed.
//! Every string gets a key — advisory data and lockfiles contain versions their ecosystem
//! would reject, and refusing them would make a range silently match nothing — and
//! [`Scheme::is_valid`] says separately whether a string is well-formed.
//!
//! One module per scheme documents its rules and deliberate departures. An OSV `SEMVER`
//! range uses SemVer precedence whatever the ecosystem: callers use [`Scheme::Semver`].
//! Ecosystems ward does not lock (Debian, Alpine, CRAN, Pub, Hackage, Red Hat) have none.

mod go;
mod maven;
mod nuget;
mod number;
mod packagist;
mod pep440;
mod rubygems;
mod semver;

use std::cmp::Ordering;

/// A version-ordering rule; several OSV ecosystems share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    Semver,
    Pep440,
    Go,
    RubyGems,
    Packagist,
    Maven,
    NuGet,
}

/// A parsed version, totally ordered within its scheme; equal keys are identical, so `Eq`,
/// `Hash` and `Ord` agree. Keys of different schemes are never meant to be compared (they
/// order by scheme first).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionKey(Key);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    /// SemVer and Go.
    Semver(semver::SemverKey),
    Pep440(pep440::Pep440Key),
    RubyGems(rubygems::GemKey),
    Packagist(packagist::PackagistKey),
    Maven(maven::MavenKey),
    NuGet(nuget::NuGetKey),
}

impl Scheme {
    /// OSV ecosystem name -> scheme: "crates.io"|"npm" -> Semver, "PyPI" -> Pep440, "Go" -> Go,
    /// "RubyGems", "Packagist", "Maven", "NuGet"; ecosystem strings with a ":suffix" use the
    /// part before it; anything else None.
    pub fn for_ecosystem(ecosystem: &str) -> Option<Scheme> {
        let base = ecosystem
            .split_once(':')
            .map_or(ecosystem, |(base, _)| base);
        Some(match base {
            "crates.io" | "npm" => Scheme::Semver,
            "PyPI" => Scheme::Pep440,
            "Go" => Scheme::Go,
            "RubyGems" => Scheme::RubyGems,
            "Packagist" => Scheme::Packagist,
            "Maven" => Scheme::Maven,
            "NuGet" => Scheme::NuGet,
            _ => return None,
        })
    }

    /// A parsed, totally ordered key; parse once, compare many times. Never panics; every
    /// string gets a key (invalid ones sort per the scheme module's documented rule, e.g.
    /// PyPI legacy versions before all valid ones).
    pub fn key(self, version: &str) -> VersionKey {
        VersionKey(match self {
            Scheme::Semver => Key::Semver(semver::key(version)),
            Scheme::Go => Key::Semver(go::key(version)),
            Scheme::Pep440 => Key::Pep440(pep440::key(version)),
            Scheme::RubyGems => Key::RubyGems(rubygems::key(version)),
            Scheme::Packagist => Key::Packagist(packagist::key(version)),
            Scheme::Maven => Key::Maven(maven::key(version)),
            Scheme::NuGet => Key::NuGet(nuget::key(version)),
        })
    }

    /// `key(a).cmp(&key(b))`.
    pub fn compare(self, a: &str, b: &str) -> Ordering {
        self.key(a).cmp(&self.key(b))
    }

    /// Whether `version` is well-formed for the scheme (strict SemVer for `Semver`, PEP 440
    /// for `Pep440`, `Gem::Version`'s pattern, Composer's normal forms, …).
    pub fn is_valid(self, version: &str) -> bool {
        match self {
            Scheme::Semver => semver::is_valid(version),
            Scheme::Go => go::is_valid(version),
            Scheme::Pep440 => pep440::is_valid(version),
            Scheme::RubyGems => rubygems::is_valid(version),
            Scheme::Packagist => packagist::is_valid(version),
            Scheme::Maven => maven::is_valid(version),
            Scheme::NuGet => nuget::is_valid(version),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_osv_ecosystems() {
        assert_eq!(Scheme::for_ecosystem("crates.io"), Some(Scheme::Semver));
        assert_eq!(Scheme::for_ecosystem("npm"), Some(Scheme::Semver));
        assert_eq!(Scheme::for_ecosystem("PyPI"), Some(Scheme::Pep440));
        assert_eq!(Scheme::for_ecosystem("Go"), Some(Scheme::Go));
        assert_eq!(Scheme::for_ecosystem("RubyGems"), Some(Scheme::RubyGems));
        assert_eq!(Scheme::for_ecosystem("Packagist"), Some(Scheme::Packagist));
        assert_eq!(Scheme::for_ecosystem("Maven"), Some(Scheme::Maven));
        assert_eq!(Scheme::for_ecosystem("NuGet"), Some(Scheme::NuGet));
        assert_eq!(
            Scheme::for_ecosystem("Maven:https://repo.example"),
            Some(Scheme::Maven)
        );
        assert_eq!(Scheme::for_ecosystem("PyPI:"), Some(Scheme::Pep440));
        assert_eq!(Scheme::for_ecosystem("Debian:11"), None);
        assert_eq!(Scheme::for_ecosystem("pypi"), None);
        assert_eq!(Scheme::for_ecosystem(""), None);
    }

    #[test]
    fn compare_is_key_order() {
        assert_eq!(
            Scheme::Semver.compare("1.0.0", "1.0.0-rc.1"),
            Ordering::Greater
        );
        assert_eq!(Scheme::Pep440.compare("1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(Scheme::Go.compare("v1.2.3", "1.2.3"), Ordering::Equal);
    }
}
