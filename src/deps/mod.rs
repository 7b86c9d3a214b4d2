//! Dependencies: lockfiles and manifests parsed into [`Package`]s, one module
//! per format. Later stages diff two versions of a file and check what a
//! commit adds; this module only turns bytes into packages.
//!
//! Every parser follows the package contract in `../shared/fixtures/README.md`
//! (names as the registry knows them, versions verbatim with a few documented
//! exceptions, `source`, `dev`), and fails with a message, never a panic.

pub mod cargo;
pub mod check;
pub mod composer;
pub mod diff;
pub mod gomod;
pub mod names;
pub mod npm;
pub mod pypi;
pub mod registry;
pub mod rubygems;
pub mod typosquat;

use serde::Serialize;
use std::path::{Path, PathBuf};

/// OSV ecosystem names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Ecosystem {
    #[serde(rename = "crates.io")]
    CratesIo,
    #[serde(rename = "npm")]
    Npm,
    PyPI,
    Go,
    RubyGems,
    Packagist,
    Maven,
}

impl Ecosystem {
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::CratesIo => "crates.io",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Go => "Go",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::Packagist => "Packagist",
            Ecosystem::Maven => "Maven",
        }
    }
}

/// Where a package comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Registry,
    Git,
    Path,
    Url,
}

/// One locked (or, in a manifest, required) package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package {
    pub ecosystem: Ecosystem,
    /// As the registry knows it (PyPI: PEP 503-normalised).
    pub name: String,
    /// The locked version (manifests: the requirement as written); `None` when not recorded.
    pub version: Option<String>,
    pub source: Source,
    /// Development-only, where the format says so.
    pub dev: Option<bool>,
    /// 1-based line where the entry is declared, when the format allows finding it.
    #[serde(skip)]
    pub line: Option<u32>,
    /// The integrity data recorded for it (checksum, SRI hash, `--hash`), if any.
    #[serde(skip)]
    pub integrity: Option<String>,
    /// The git URL, tarball URL or path of a non-registry source.
    #[serde(skip)]
    pub location: Option<String>,
}

impl Package {
    pub fn new(ecosystem: Ecosystem, name: impl Into<String>, version: Option<String>) -> Package {
        Package {
            ecosystem,
            name: name.into(),
            version,
            source: Source::Registry,
            dev: None,
            line: None,
            integrity: None,
            location: None,
        }
    }
}

/// A file that cannot be read as the format its name says, phrased as `file: message`.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ParseError {
    pub path: String,
    pub message: String,
}

/// What a parser gets: the file's name (as given), its text, and a way to
/// read files it includes (`-r other.txt`, `go.sum`), relative to its directory.
pub struct Input<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub include: &'a dyn Fn(&str) -> Result<String, String>,
}

type Parser = fn(&Input) -> Result<Vec<Package>, String>;

/// Reads a file a lockfile refers to, by its path relative to the lockfile.
pub type IncludeFn<'a> = dyn Fn(&str) -> Result<String, String> + 'a;

/// The parser for a file name, if ward knows the format.
pub fn parser_for(path: &str) -> Option<Parser> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let parent = path
        .rsplit(['/', '\\'])
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    let p: Parser = match name {
        "Cargo.lock" => cargo::parse_lock,
        "Cargo.toml" => cargo::parse_manifest,
        "package-lock.json" | "npm-shrinkwrap.json" => npm::package_lock::parse,
        "yarn.lock" => npm::yarn::parse,
        "pnpm-lock.yaml" => npm::pnpm::parse,
        "bun.lock" => npm::bun::parse,
        "package.json" => npm::manifest::parse,
        "poetry.lock" => pypi::poetry::parse,
        "uv.lock" => pypi::uv::parse,
        "Pipfile.lock" => pypi::pipfile::parse,
        "pdm.lock" => pypi::pdm::parse,
        "pyproject.toml" => pypi::pyproject::parse,
        "go.mod" => gomod::parse,
        "Gemfile.lock" | "gems.locked" => rubygems::parse,
        "composer.lock" => composer::parse,
        n if n == "pylock.toml" || (n.starts_with("pylock.") && n.ends_with(".toml")) => {
            pypi::pylock::parse
        }
        n if n.ends_with(".txt")
            && (n.starts_with("requirements")
                || n.ends_with("requirements.txt")
                || parent == "requirements") =>
        {
            pypi::requirements::parse
        }
        _ => return None,
    };
    Some(p)
}

/// Is this a file ward parses for dependencies?
pub fn is_dependency_file(path: &str) -> bool {
    parser_for(path).is_some()
}

/// Parse `bytes` as the file `path`; `include` reads files it refers to.
pub fn parse_bytes(
    path: &str,
    bytes: &[u8],
    include: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Vec<Package>, ParseError> {
    let err = |message: String| ParseError {
        path: path.to_string(),
        message,
    };
    let parser =
        parser_for(path).ok_or_else(|| err("not a lockfile or manifest ward knows".into()))?;
    let text = decode(bytes).map_err(err)?;
    check_nesting(text, MAX_NESTING).map_err(err)?;
    let input = Input {
        path,
        text,
        include,
    };
    let packages = parser(&input).map_err(err)?;
    Ok(finish(packages))
}

/// Parse a file on disk; includes are read relative to its directory.
pub fn parse_file(path: &Path) -> Result<Vec<Package>, ParseError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ParseError {
        path: shown.clone(),
        message: format!("cannot read: {e}"),
    })?;
    let dir: PathBuf = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let include = move |rel: &str| -> Result<String, String> {
        let p = dir.join(rel);
        let bytes = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        decode(&bytes)
            .map(str::to_owned)
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    parse_bytes(&shown, &bytes, &include)
}

/// Deeper than this is not a lockfile; it would only exhaust the stack.
pub const MAX_NESTING: usize = 256;

/// Text, or why not: lockfiles are UTF-8 (a BOM is allowed) and never binary.
pub fn decode(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Err("binary content, not a text lockfile".into());
    }
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (byte {} is not part of a character)",
            e.valid_up_to()
        )
    })
}

/// Reject bracket nesting deeper than `max` (outside quoted strings) before a
/// recursive parser sees it.
pub fn check_nesting(text: &str, max: usize) -> Result<(), String> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    let mut line = 1;
    for &b in text.as_bytes() {
        if b == b'\n' {
            line += 1;
            quote = None; // strings in these formats do not span lines (multi-line TOML strings hold no brackets we care about)
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' && q == b'"' {
                escaped = true;
            } else if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => quote = Some(b),
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Err(format!(
                        "line {line}: nested more than {max} levels deep; not a lockfile"
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Merge duplicates (same name, version and source: `dev` is false if any
/// occurrence is not dev) and sort by (name, version, source).
pub fn finish(mut packages: Vec<Package>) -> Vec<Package> {
    packages.sort_by(|a, b| {
        (&a.name, &a.version, a.source, a.ecosystem).cmp(&(
            &b.name,
            &b.version,
            b.source,
            b.ecosystem,
        ))
    });
    let mut out: Vec<Package> = Vec::with_capacity(packages.len());
    for p in packages {
        if let Some(last) = out.last_mut()
            && (last.ecosystem, &last.name, &last.version, last.source)
                == (p.ecosystem, &p.name, &p.version, p.source)
        {
            last.dev = match (last.dev, p.dev) {
                (Some(a), Some(b)) => Some(a && b),
                (a, b) => a.or(b),
            };
            last.line = last.line.or(p.line);
            // Hashed only if every occurrence is: one that lost its hash matters.
            if p.integrity.is_none() {
                last.integrity = None;
            }
            last.location = last.location.take().or(p.location);
            continue;
        }
        out.push(p);
    }
    out
}

/// PEP 503: lowercase, runs of `-`, `_`, `.` become one `-`.
pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
            continue;
        }
        if sep && !out.is_empty() {
            out.push('-');
        }
        sep = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// 1-based line of byte `offset` in `text`.
pub fn line_at(text: &str, offset: usize) -> u32 {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset.min(text.len())]).count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_names() {
        assert_eq!(pep503("Zope.Interface"), "zope-interface");
        assert_eq!(pep503("A__b-.c"), "a-b-c");
    }

    #[test]
    fn nesting_guard() {
        assert!(check_nesting(&"[".repeat(300), 256).is_err());
        assert!(check_nesting("a = \"[[[[[[\"", 3).is_ok());
        assert!(check_nesting("[[[]]]", 3).is_ok());
    }

    #[test]
    fn file_names() {
        assert!(is_dependency_file("a/requirements-dev.txt"));
        assert!(is_dependency_file("requirements/base.txt"));
        assert!(is_dependency_file("pylock.dev.toml"));
        assert!(!is_dependency_file("notes.txt"));
        assert!(!is_dependency_file("Cargo.lock.bak"));
    }
}
