//! A lockfile [`Package`] as a package URL: the type per ecosystem, the name
//! split into namespace and name the way each type defines it, and the
//! non-registry source kept as a qualifier so a git or tarball dependency is
//! not mistaken for the registry package of the same name.

use super::{Purl, types};
use crate::deps::{Ecosystem, Package, Source};
use std::collections::BTreeMap;

/// The purl of `p`.
///
/// Infallible on purpose: an SBOM must list every component, so a package the
/// type's rules would reject (a Maven artifact recorded without its group) still
/// gets its best purl rather than disappearing from the export.
pub fn from_package(p: &Package) -> Purl {
    let (ty, namespace, name) = match p.ecosystem {
        Ecosystem::CratesIo => ("cargo", None, p.name.as_str()),
        Ecosystem::Npm => match p.name.split_once('/') {
            Some((scope, name)) if scope.starts_with('@') => ("npm", Some(scope), name),
            _ => ("npm", None, p.name.as_str()),
        },
        Ecosystem::PyPI => ("pypi", None, p.name.as_str()),
        // The module path up to its last element is the namespace.
        Ecosystem::Go => split_last("golang", &p.name, '/'),
        Ecosystem::RubyGems => ("gem", None, p.name.as_str()),
        Ecosystem::Packagist => split_last("composer", &p.name, '/'),
        Ecosystem::Maven => split_last("maven", &p.name, ':'),
    };
    let version = p.version.as_ref().map(|v| match p.ecosystem {
        // ward stores Go versions without the `v` (as OSV does); the module
        // version, and so the purl, has it.
        Ecosystem::Go if v.starts_with(|c: char| c.is_ascii_digit()) => format!("v{v}"),
        _ => v.clone(),
    });
    let mut purl = Purl {
        ty: ty.to_string(),
        namespace: namespace.map(str::to_string),
        name: name.to_string(),
        version,
        qualifiers: source_qualifiers(p),
        subpath: None,
    };
    // Normalisation (case folding) still applies; a rule violation is kept, see above.
    let _ = types::apply(&mut purl);
    purl
}

/// The package a purl names, for the types whose ecosystem ward knows (the
/// inverse of [`from_package`]); `None` for other types (`nuget`, `deb`, …).
/// `vcs_url` makes it a git package, `download_url` a tarball, and
/// `repository_url` a package of another registry than the public one.
pub fn to_package(purl: &Purl) -> Option<Package> {
    let joined = |sep: char| match &purl.namespace {
        Some(ns) => format!("{ns}{sep}{}", purl.name),
        None => purl.name.clone(),
    };
    let (ecosystem, name) = match purl.ty.as_str() {
        "cargo" => (Ecosystem::CratesIo, purl.name.clone()),
        "npm" => (Ecosystem::Npm, joined('/')),
        "pypi" => (Ecosystem::PyPI, crate::deps::pep503(&purl.name)),
        "golang" => (Ecosystem::Go, joined('/')),
        "gem" => (Ecosystem::RubyGems, purl.name.clone()),
        "composer" => (Ecosystem::Packagist, joined('/')),
        "maven" => (Ecosystem::Maven, joined(':')),
        _ => return None,
    };
    let version = purl.version.as_ref().map(|v| match ecosystem {
        Ecosystem::Go => v
            .strip_prefix('v')
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(v)
            .to_string(),
        _ => v.clone(),
    });
    let mut p = Package::new(ecosystem, name, version);
    let q = |k: &str| purl.qualifiers.get(k).filter(|v| !v.is_empty()).cloned();
    if let Some(url) = q("vcs_url") {
        p.source = Source::Git;
        p.location = Some(url);
    } else if let Some(url) = q("download_url") {
        p.source = Source::Url;
        p.location = Some(url);
    } else if let Some(url) = q("repository_url") {
        p.location = Some(url);
    }
    Some(p)
}

fn split_last<'a>(
    ty: &'static str,
    name: &'a str,
    sep: char,
) -> (&'static str, Option<&'a str>, &'a str) {
    match name.rsplit_once(sep) {
        Some((ns, n)) if !ns.is_empty() && !n.is_empty() => (ty, Some(ns), n),
        _ => (ty, None, name),
    }
}

/// `vcs_url` for git sources, `download_url` for tarballs, `repository_url`
/// for a registry other than the public one; nothing for local paths.
fn source_qualifiers(p: &Package) -> BTreeMap<String, String> {
    let mut q = BTreeMap::new();
    let Some(loc) = p.location.as_deref().filter(|l| !l.is_empty()) else {
        return q;
    };
    match p.source {
        Source::Git => {
            q.insert("vcs_url".into(), vcs_url(loc));
        }
        Source::Url => {
            q.insert("download_url".into(), loc.to_string());
        }
        Source::Registry => {
            q.insert("repository_url".into(), loc.to_string());
        }
        Source::Path => {}
    }
    q
}

/// SPDX-style `git+https://host/repo@rev` from a lockfile's git location
/// (`https://host/repo?rev=x#abc`, `git+ssh://…#abc`, `git://…`). Cargo's
/// `?branch=`/`?tag=`/`?rev=` query is dropped: the pinned commit says more.
fn vcs_url(loc: &str) -> String {
    let (url, rev) = match loc.split_once('#') {
        Some((u, r)) if !r.is_empty() => (u, Some(r)),
        Some((u, _)) => (u, None),
        None => (loc, None),
    };
    let url = url.split_once('?').map_or(url, |(u, _)| u);
    let url = if url.starts_with("git+") || url.starts_with("git://") || !url.contains("://") {
        url.to_string()
    } else {
        format!("git+{url}")
    };
    match rev {
        Some(rev) => format!("{url}@{rev}"),
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(
        eco: Ecosystem,
        name: &str,
        version: Option<&str>,
        source: Source,
        loc: Option<&str>,
    ) -> String {
        let mut p = Package::new(eco, name, version.map(str::to_string));
        p.source = source;
        p.location = loc.map(str::to_string);
        from_package(&p).to_string()
    }

    fn registry(eco: Ecosystem, name: &str, version: &str) -> String {
        pkg(eco, name, Some(version), Source::Registry, None)
    }

    #[test]
    fn registry_packages_per_ecosystem() {
        use Ecosystem::*;
        assert_eq!(
            registry(CratesIo, "serde", "1.0.0"),
            "pkg:cargo/serde@1.0.0"
        );
        assert_eq!(registry(Npm, "left-pad", "1.3.0"), "pkg:npm/left-pad@1.3.0");
        assert_eq!(
            registry(Npm, "@babel/core", "7.24.0"),
            "pkg:npm/%40babel/core@7.24.0"
        );
        assert_eq!(
            registry(PyPI, "zope-interface", "6.0"),
            "pkg:pypi/zope-interface@6.0"
        );
        assert_eq!(
            registry(Go, "github.com/gorilla/mux", "1.8.0"),
            "pkg:golang/github.com/gorilla/mux@v1.8.0"
        );
        assert_eq!(
            registry(Go, "github.com/a/b/v2", "2.0.0+incompatible"),
            "pkg:golang/github.com/a/b/v2@v2.0.0%2Bincompatible"
        );
        assert_eq!(
            registry(RubyGems, "nokogiri", "1.13.10"),
            "pkg:gem/nokogiri@1.13.10"
        );
        assert_eq!(
            registry(Packagist, "Symfony/Console", "v6.4.1"),
            "pkg:composer/symfony/console@v6.4.1"
        );
        assert_eq!(
            registry(Maven, "org.apache.commons:commons-lang3", "3.14.0"),
            "pkg:maven/org.apache.commons/commons-lang3@3.14.0"
        );
    }

    #[test]
    fn output_parses_back_to_the_same_purl() {
        let mut p = Package::new(Ecosystem::Npm, "@s/x", Some("1.0.0".into()));
        p.source = Source::Git;
        p.location = Some("git+ssh://git@github.com/s/x.git#abc123".into());
        let purl = from_package(&p);
        assert_eq!(Purl::parse(&purl.to_string()).unwrap(), purl);
    }

    #[test]
    fn git_sources_get_vcs_url() {
        assert_eq!(
            pkg(
                Ecosystem::CratesIo,
                "tag",
                Some("0.1.0"),
                Source::Git,
                Some("https://github.com/o/r?tag=v1#c460e54")
            ),
            "pkg:cargo/tag@0.1.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fo%2Fr%40c460e54"
        );
        assert_eq!(
            pkg(
                Ecosystem::Npm,
                "left-pad",
                None,
                Source::Git,
                Some("git+ssh://git@github.com/acme/left-pad.git#abc")
            ),
            "pkg:npm/left-pad?vcs_url=git%2Bssh:%2F%2Fgit%40github.com%2Facme%2Fleft-pad.git%40abc"
        );
        assert_eq!(
            pkg(
                Ecosystem::RubyGems,
                "rails",
                Some("7.1.0"),
                Source::Git,
                Some("git://github.com/rails/rails.git")
            ),
            "pkg:gem/rails@7.1.0?vcs_url=git:%2F%2Fgithub.com%2Frails%2Frails.git"
        );
    }

    #[test]
    fn url_path_and_private_registry_sources() {
        assert_eq!(
            pkg(
                Ecosystem::PyPI,
                "foo",
                Some("1.0"),
                Source::Url,
                Some("https://example.com/foo-1.0.tar.gz")
            ),
            "pkg:pypi/foo@1.0?download_url=https:%2F%2Fexample.com%2Ffoo-1.0.tar.gz"
        );
        assert_eq!(
            pkg(
                Ecosystem::CratesIo,
                "app",
                Some("0.1.0"),
                Source::Path,
                Some("../app")
            ),
            "pkg:cargo/app@0.1.0"
        );
        assert_eq!(
            pkg(
                Ecosystem::Go,
                "example.com/m",
                Some("1.0.0"),
                Source::Path,
                Some("../m")
            ),
            "pkg:golang/example.com/m@v1.0.0"
        );
        assert_eq!(
            pkg(
                Ecosystem::CratesIo,
                "inner",
                Some("1.0.0"),
                Source::Registry,
                Some("https://crates.example.com/index/")
            ),
            "pkg:cargo/inner@1.0.0?repository_url=https:%2F%2Fcrates.example.com%2Findex%2F"
        );
    }

    #[test]
    fn maven_without_group_is_still_exported() {
        let p = Package::new(Ecosystem::Maven, "junit", Some("4.13".into()));
        assert_eq!(from_package(&p).to_string(), "pkg:maven/junit@4.13");
    }
}
