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
pub mod graph;
mod lockfiles;
pub mod names;
pub mod normal_form;
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

/// What ward knows about a lockfile or manifest format.
#[derive(Clone, Copy)]
pub struct Format {
    pub parse: Parser,
    pub ecosystem: Ecosystem,
    /// Whether it reads other files (`-r` includes, go.sum); the others can
    /// be parsed on any thread.
    pub includes: bool,
}

/// The format of a file name, if ward knows it.
pub fn format_for(path: &str) -> Option<Format> {
    use Ecosystem::*;
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let parent = path
        .rsplit(['/', '\\'])
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    let (parse, ecosystem, includes): (Parser, Ecosystem, bool) = match name {
        "Cargo.lock" => (cargo::parse_lock, CratesIo, false),
        "Cargo.toml" => (cargo::parse_manifest, CratesIo, false),
        "package-lock.json" | "npm-shrinkwrap.json" => (npm::package_lock::parse, Npm, false),
        "yarn.lock" => (npm::yarn::parse, Npm, false),
        "pnpm-lock.yaml" => (npm::pnpm::parse, Npm, false),
        "bun.lock" => (npm::bun::parse, Npm, false),
        "package.json" => (npm::manifest::parse, Npm, false),
        "poetry.lock" => (pypi::poetry::parse, PyPI, false),
        "uv.lock" => (pypi::uv::parse, PyPI, false),
        "Pipfile.lock" => (pypi::pipfile::parse, PyPI, false),
        "pdm.lock" => (pypi::pdm::parse, PyPI, false),
        "pyproject.toml" => (pypi::pyproject::parse, PyPI, false),
        "go.mod" => (gomod::parse, Go, true),
        "Gemfile.lock" | "gems.locked" => (rubygems::parse, RubyGems, false),
        "composer.lock" => (composer::parse, Packagist, false),
        n if n == "pylock.toml" || (n.starts_with("pylock.") && n.ends_with(".toml")) => {
            (pypi::pylock::parse, PyPI, false)
        }
        n if n.ends_with(".txt")
            && (n.starts_with("requirements")
                || n.ends_with("requirements.txt")
                || parent == "requirements") =>
        {
            (pypi::requirements::parse, PyPI, true)
        }
        _ => return None,
    };
    Some(Format {
        parse,
        ecosystem,
        includes,
    })
}

/// The parser for a file name, if ward knows the format.
pub fn parser_for(path: &str) -> Option<Parser> {
    format_for(path).map(|f| f.parse)
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

/// The packages of only what changed between two versions of `path`, old
/// side and new side, for formats that can tell (package-lock's
/// `packages`); they diff exactly as the whole versions would. `None`: parse
/// both whole (the format cannot tell, or a side does not read cleanly).
pub fn parse_changed(path: &str, old: &[u8], new: &[u8]) -> Option<(Vec<Package>, Vec<Package>)> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    if !matches!(name, "package-lock.json" | "npm-shrinkwrap.json") {
        return None;
    }
    let (old, new) = (decode(old).ok()?, decode(new).ok()?);
    npm::changed_entries::changed(old, new)
}

/// Parse a file on disk; includes are read relative to its directory.
pub fn parse_file(path: &Path) -> Result<Vec<Package>, ParseError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ParseError {
        path: shown.clone(),
        message: format!("cannot read: {e}"),
    })?;
    parse_bytes(&shown, &bytes, &disk_include(path))
}

/// The include reader of a lockfile on disk: files relative to its directory.
pub fn disk_include(lockfile: &Path) -> impl Fn(&str) -> Result<String, String> + use<> {
    let dir: PathBuf = lockfile.parent().map(Path::to_path_buf).unwrap_or_default();
    move |rel: &str| -> Result<String, String> {
        let p = dir.join(rel);
        let bytes = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        decode(&bytes)
            .map(str::to_owned)
            .map_err(|e| format!("{}: {e}", p.display()))
    }
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
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        match b {
            b'"' | b'\'' => {
                // Jump to the end of the string: most of a lockfile's bytes
                // are in strings (hashes, URLs). Strings in these formats do
                // not span lines (multi-line TOML strings hold no brackets
                // we care about).
                loop {
                    let rest = bytes.get(i..).unwrap_or_default();
                    let Some(at) = memchr::memchr3(b, b'\\', b'\n', rest) else {
                        i = bytes.len();
                        break;
                    };
                    let c = bytes[i + at];
                    i += at + 1;
                    if c == b'\\' && b == b'"' {
                        i += 1; // the escaped character
                    } else if c != b'\\' {
                        break;
                    }
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    let line = memchr::memchr_iter(b'\n', &bytes[..i]).count() + 1;
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
    // In place: a large lockfile's list is megabytes, and every fresh page
    // costs more than the sort. Sorting indices moves 4 bytes, not a package.
    fn key(p: &Package) -> (&String, &Option<String>, Source, Ecosystem) {
        (&p.name, &p.version, p.source, p.ecosystem)
    }
    if !packages.is_sorted_by(|a, b| key(a) <= key(b)) {
        let mut order: Vec<u32> = (0..packages.len() as u32).collect();
        order.sort_by(|&a, &b| key(&packages[a as usize]).cmp(&key(&packages[b as usize])));
        permute(&mut packages, &mut order);
    }
    packages.dedup_by(|p, last| {
        let same = (last.ecosystem, &last.name, &last.version, last.source)
            == (p.ecosystem, &p.name, &p.version, p.source);
        if same {
            last.dev = match (last.dev, p.dev) {
                (Some(a), Some(b)) => Some(a && b),
                (a, b) => a.or(b),
            };
            last.line = last.line.or(p.line);
            // Hashed only if every occurrence is: one that lost its hash matters.
            if p.integrity.is_none() {
                last.integrity = None;
            }
            last.location = last.location.take().or(p.location.take());
        }
        same
    });
    packages
}

/// Reorder `items` so that position `i` holds what was at `order[i]`,
/// following each cycle of the permutation (`order` is used up).
fn permute<T>(items: &mut [T], order: &mut [u32]) {
    for start in 0..items.len() {
        let mut at = start;
        // Each cycle is walked once, from its smallest position; the
        // positions done are marked with their own index.
        while order[at] as usize != start {
            let from = order[at] as usize;
            items.swap(at, from);
            order[at] = at as u32;
            at = from;
        }
        order[at] = at as u32;
    }
}

pub use lockfiles::{is_lockfile, lockfiles_under};
pub use normal_form::pep503;

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
        assert!(check_nesting(r#"{"k": "a\"[[[[", '[[[[\': 1}"#, 3).is_ok());
        assert!(check_nesting("\"open\n[[[[", 3).is_err());
        assert!(check_nesting("\"a\\", 3).is_ok());
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
