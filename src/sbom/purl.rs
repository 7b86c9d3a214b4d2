//! Package URLs (purl, <https://github.com/package-url/purl-spec>): the one
//! identifier every SBOM format and vulnerability database agrees on, so a
//! component ward exports can be matched by other tools.
//!
//! [`Purl::parse`] and [`Purl::new`] both end in the same per-type
//! normalisation ([`types`]), so a parsed and a built purl of the same package
//! compare equal and print the same canonical string ([`fmt::Display`]).
//! [`from_package`] maps a lockfile [`Package`](crate::deps::Package) to its purl.

mod encode;
mod package;
mod types;

pub use package::{from_package, to_package};

use std::collections::BTreeMap;
use std::fmt;

/// A package URL, split into its components, decoded and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purl {
    /// Lowercase package type (`cargo`, `npm`, `pypi`, …).
    pub ty: String,
    /// Segments joined by `/`, decoded (npm: `@scope`; golang: `github.com/o`).
    pub namespace: Option<String>,
    pub name: String,
    pub version: Option<String>,
    /// Lowercase keys; empty values are dropped.
    pub qualifiers: BTreeMap<String, String>,
    /// Segments joined by `/`, without `.`, `..` or empty segments.
    pub subpath: Option<String>,
}

/// Why a string or a set of components is not a valid package URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PurlError {
    #[error("package URL must start with `pkg:`")]
    Scheme,
    #[error("package URL has no type")]
    MissingType,
    #[error(
        "invalid package URL type `{0}`: letters, digits, `.`, `+`, `-`, not starting with a digit"
    )]
    Type(String),
    #[error("package URL has no name")]
    MissingName,
    #[error(
        "invalid qualifier key `{0}`: lowercase letters, digits, `.`, `-`, `_`, not starting with a digit"
    )]
    QualifierKey(String),
    #[error("qualifier `{0}` appears twice")]
    DuplicateQualifier(String),
    #[error("invalid percent-encoding in `{0}`")]
    Encoding(String),
    #[error("invalid `{ty}` package URL: {reason}")]
    TypeRule { ty: String, reason: String },
}

impl Purl {
    /// Parses a purl string, following the spec's right-to-left split
    /// (`#subpath`, `?qualifiers`, `pkg:`, type, `@version`, name, namespace).
    pub fn parse(s: &str) -> Result<Purl, PurlError> {
        let (rest, subpath) = match s.rsplit_once('#') {
            Some((r, sp)) => (r, Some(sp)),
            None => (s, None),
        };
        let (rest, qualifiers) = match rest.rsplit_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (scheme, rest) = rest.split_once(':').ok_or(PurlError::Scheme)?;
        if !scheme.eq_ignore_ascii_case("pkg") {
            return Err(PurlError::Scheme);
        }
        // `pkg://type/…` and `pkg:/type/…` are accepted, as the spec allows.
        let rest = rest.trim_start_matches('/');
        let (ty, path) = rest.split_once('/').unwrap_or((rest, ""));
        let path = path.trim_end_matches('/');
        // The version hangs off the last segment only: a scope's `@`
        // (`@babel/core`) stays in the namespace.
        let last_start = path.rfind('/').map_or(0, |i| i + 1);
        let (path, version) = match path[last_start..].rsplit_once('@') {
            Some((n, v)) => (&path[..last_start + n.len()], Some(encode::decode(v)?)),
            None => (path, None),
        };
        let split = if types::name_has_slashes(ty) {
            path.split_once('/')
        } else {
            path.rsplit_once('/')
        };
        let (namespace, name) = match split {
            Some((ns, name)) => (segments(ns, false)?, segments(name, false)?),
            None => (None, Some(encode::decode(path)?)),
        };
        let mut quals = BTreeMap::new();
        for pair in qualifiers.into_iter().flat_map(|q| q.split('&')) {
            if pair.is_empty() {
                continue;
            }
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            check_key(key)?;
            let value = encode::decode(value)?;
            if quals.insert(key.to_string(), value).is_some() {
                return Err(PurlError::DuplicateQualifier(key.to_string()));
            }
        }
        let subpath = match subpath {
            Some(sp) => segments(sp, true)?,
            None => None,
        };
        Purl::validated(
            ty,
            namespace,
            name.unwrap_or_default(),
            version,
            quals,
            subpath,
        )
    }

    /// Builds a purl from decoded components, validating and normalising them
    /// as [`Purl::parse`] does.
    pub fn new(
        ty: &str,
        namespace: Option<&str>,
        name: &str,
        version: Option<&str>,
        qualifiers: BTreeMap<String, String>,
        subpath: Option<&str>,
    ) -> Result<Purl, PurlError> {
        for key in qualifiers.keys() {
            check_key(key)?;
        }
        let namespace = namespace.and_then(|ns| join_segments(ns.split('/'), false));
        let subpath = subpath.and_then(|sp| join_segments(sp.split('/'), true));
        Purl::validated(
            ty,
            namespace,
            name.to_string(),
            version.map(str::to_string),
            qualifiers,
            subpath,
        )
    }

    /// The common tail of `parse` and `new`: generic checks, then the type's rules.
    fn validated(
        ty: &str,
        namespace: Option<String>,
        name: String,
        version: Option<String>,
        mut qualifiers: BTreeMap<String, String>,
        subpath: Option<String>,
    ) -> Result<Purl, PurlError> {
        if ty.is_empty() {
            return Err(PurlError::MissingType);
        }
        let valid_type = ty
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
            && !ty.as_bytes()[0].is_ascii_digit();
        if !valid_type {
            return Err(PurlError::Type(ty.to_string()));
        }
        if name.is_empty() {
            return Err(PurlError::MissingName);
        }
        qualifiers.retain(|_, v| !v.is_empty());
        let mut purl = Purl {
            ty: ty.to_ascii_lowercase(),
            namespace,
            name,
            version: version.filter(|v| !v.is_empty()),
            qualifiers,
            subpath,
        };
        types::apply(&mut purl)?;
        Ok(purl)
    }
}

/// Qualifier keys are lowercase ASCII identifiers; the required tests reject
/// uppercase keys rather than folding them.
fn check_key(key: &str) -> Result<(), PurlError> {
    let ok = !key.is_empty()
        && key.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
        && !key.as_bytes()[0].is_ascii_digit();
    if ok {
        Ok(())
    } else {
        Err(PurlError::QualifierKey(key.to_string()))
    }
}

/// Splits an encoded namespace or subpath on `/`, decoding each segment.
fn segments(s: &str, is_subpath: bool) -> Result<Option<String>, PurlError> {
    let decoded = s
        .split('/')
        .map(encode::decode)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(join_segments(
        decoded.iter().map(String::as_str),
        is_subpath,
    ))
}

/// Drops empty segments (and, in a subpath, `.` and `..`), as the spec says.
fn join_segments<'a>(parts: impl Iterator<Item = &'a str>, is_subpath: bool) -> Option<String> {
    let kept: Vec<&str> = parts
        .filter(|p| !p.is_empty() && !(is_subpath && (*p == "." || *p == "..")))
        .collect();
    (!kept.is_empty()).then(|| kept.join("/"))
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pkg:{}/", self.ty)?;
        if let Some(ns) = &self.namespace {
            for seg in ns.split('/') {
                write!(f, "{}/", encode::encode(seg))?;
            }
        }
        if types::name_has_slashes(&self.ty) {
            let parts: Vec<String> = self.name.split('/').map(encode::encode).collect();
            f.write_str(&parts.join("/"))?;
        } else {
            f.write_str(&encode::encode(&self.name))?;
        }
        if let Some(v) = &self.version {
            write!(f, "@{}", encode::encode(v))?;
        }
        for (i, (k, v)) in self.qualifiers.iter().enumerate() {
            let sep = if i == 0 { '?' } else { '&' };
            write!(f, "{sep}{k}={}", encode::encode(v))?;
        }
        if let Some(sp) = &self.subpath {
            let parts: Vec<String> = sp.split('/').map(encode::encode).collect();
            write!(f, "#{}", parts.join("/"))?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Purl {
    type Err = PurlError;

    fn from_str(s: &str) -> Result<Purl, PurlError> {
        Purl::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print_canonical() {
        let p = Purl::parse("pkg:npm/@babel/core@7.0.0?b=2&a=x%2Fy#/lib/./x/").unwrap();
        assert_eq!(p.namespace.as_deref(), Some("@babel"));
        assert_eq!(p.version.as_deref(), Some("7.0.0"));
        assert_eq!(p.subpath.as_deref(), Some("lib/x"));
        assert_eq!(
            p.to_string(),
            "pkg:npm/%40babel/core@7.0.0?a=x%2Fy&b=2#lib/x"
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for s in [
            "",
            "pkg:",
            "pkg:/",
            "pkg:a",
            "pkg:1a/b",
            "x:npm/a",
            "pkg:npm/%zz",
            "pkg:npm/a?A=1",
            "pkg:npm/%FF",
        ] {
            assert!(Purl::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn errors_are_one_line() {
        let e = Purl::parse("pkg:maven/x").unwrap_err().to_string();
        assert!(!e.contains('\n') && e.contains("namespace"), "{e}");
    }
}
