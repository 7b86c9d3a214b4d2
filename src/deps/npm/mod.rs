//! npm: lockfiles of npm, yarn, pnpm and bun, and package.json.
//!
//! Shared here: how a dependency spec or resolved URL maps to a [`Source`],
//! `name@spec` splitting with `npm:` aliases, error phrasing for the JSON and
//! YAML readers, strings borrowed from the file ([`Text`]) and line numbers of
//! entry keys.
//!
//! Speed matters: the pre-commit hook parses both sides of a changed lockfile.
//! The readers therefore borrow strings instead of copying them, and find line
//! numbers without a second pass over the file where they can.

pub mod bun;
pub mod changed_entries;
pub mod manifest;
pub mod package_lock;
pub mod pnpm;
mod simple_yaml;
pub mod yarn;

use crate::deps::{Ecosystem, Package, Source};
use serde::de::{Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

/// A package of the npm ecosystem, with its source and where it comes from.
pub(crate) fn npm_package(name: &str, version: Option<String>, source: Source) -> Package {
    let mut p = Package::new(Ecosystem::Npm, name, version);
    p.source = source;
    p
}

/// Where a dependency spec (`^1.2.0`, `github:o/r`, `file:../x`) or a
/// resolved location (`https://registry.npmjs.org/a/-/a-1.0.0.tgz`,
/// `git+ssh://…`) comes from.
pub(crate) fn source_of(spec: &str) -> Source {
    let s = spec.trim();
    const PATH: [&str; 8] = [
        "file:",
        "link:",
        "workspace:",
        "portal:",
        "./",
        "../",
        "/",
        "~/",
    ];
    const GIT: [&str; 8] = [
        "git+",
        "git:",
        "git@",
        "ssh:",
        "github:",
        "gitlab:",
        "bitbucket:",
        "gist:",
    ];
    if PATH.iter().any(|p| s.starts_with(p)) || s == "." || s == ".." {
        return Source::Path;
    }
    if GIT.iter().any(|p| starts_with_ignore_case(s, p)) {
        return Source::Git;
    }
    if starts_with_ignore_case(s, "http://") || starts_with_ignore_case(s, "https://") {
        return http_source(s);
    }
    if is_github_shorthand(s) {
        return Source::Git;
    }
    Source::Registry
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// An http(s) URL is a git repository (`.git`, a `#commit=` pin, GitHub's
/// codeload tarballs of a commit), a registry tarball, or some other tarball.
fn http_source(url: &str) -> Source {
    // Byte searches: this runs for every resolved URL of a large lockfile.
    let cut = |s: &'_ str, b: u8| memchr::memchr(b, s.as_bytes()).unwrap_or(s.len());
    let at_hash = cut(url, b'#');
    let fragment = url.get(at_hash + 1..).unwrap_or("");
    let path = &url[..cut(&url[..at_hash], b'?')];
    let authority = path.find("://").map_or("", |i| {
        let rest = &path[i + 3..];
        &rest[..cut(rest, b'/')]
    });
    let host =
        memchr::memrchr(b'@', authority.as_bytes()).map_or(authority, |i| &authority[i + 1..]);
    if host.eq_ignore_ascii_case("codeload.github.com")
        || path.ends_with(".git")
        || fragment.starts_with("commit=")
        || fragment.starts_with("commit:")
    {
        return Source::Git;
    }
    if is_registry_tarball(host, path) {
        return Source::Registry;
    }
    Source::Url
}

/// The registries' tarball URLs: `…/<name>/-/<name>-<version>.tgz` (npm and its
/// mirrors and proxies) and GitHub Packages' `/download/` URLs.
fn is_registry_tarball(host: &str, path: &str) -> bool {
    (path.ends_with(".tgz") && path.contains("/-/"))
        || (host.eq_ignore_ascii_case("npm.pkg.github.com") && path.contains("/download/"))
}

/// `owner/repo` or `owner/repo#ref`: npm and yarn read it as a GitHub repository.
fn is_github_shorthand(s: &str) -> bool {
    let repo = s.split('#').next().unwrap_or(s);
    let Some((owner, name)) = repo.split_once('/') else {
        return false;
    };
    let plain = |part: &str| {
        !part.is_empty()
            && !part.contains(['/', ':', '@', ' ', '\t', '%'])
            && !part.starts_with(['.', '-'])
    };
    plain(owner) && plain(name)
}

/// Split `name@spec` (`@scope/name@spec` too); `None` without a name and an `@`.
pub(crate) fn split_name_spec(s: &str) -> Option<(&str, &str)> {
    let at = s.get(1..)?.find('@')? + 1;
    let (name, spec) = (s.get(..at)?, s.get(at + 1..)?);
    Some((name, spec))
}

/// The real package behind an `npm:` alias (`npm:string-width@^4` gives
/// `string-width`, `^4`); anything else is returned as it is.
pub(crate) fn unalias<'a>(name: &'a str, spec: &'a str) -> (&'a str, &'a str) {
    let Some(target) = spec.strip_prefix("npm:") else {
        return (name, spec);
    };
    match split_name_spec(target) {
        Some((real, range)) => (real, range),
        None => (target, ""),
    }
}

/// Does a version field hold a version (and not a tag, path or URL)?
pub(crate) fn looks_like_version(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_digit())
}

/// A string of the file, borrowed when written there as it is (no escapes),
/// so that reading a large lockfile copies only the strings it keeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Text<'t>(pub(crate) Cow<'t, str>);

impl Text<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// Maps keyed by `Text` are looked up by `&str` (hashes agree: both hash the text).
impl std::borrow::Borrow<str> for Text<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 't, 't> Deserialize<'de> for Text<'t> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor(PhantomData))
    }
}

struct TextVisitor<'t>(PhantomData<Text<'t>>);

impl<'de: 't, 't> Visitor<'de> for TextVisitor<'t> {
    type Value = Text<'t>;

    // As for `String`, so that type errors read the same.
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'t>, E> {
        Ok(Text(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Text<'t>, E> {
        Ok(Text(Cow::Owned(s.to_string())))
    }

    fn visit_string<E>(self, s: String) -> Result<Text<'t>, E> {
        Ok(Text(Cow::Owned(s)))
    }
}

/// Line numbers of places in one text, for many look-ups, mostly in the
/// order of the text.
pub(crate) struct Lines<'t> {
    text: &'t str,
    /// The last offset looked up and its line: the next look-up counts on from there.
    last: (usize, u32),
    /// Offsets of every line break, made at the first look-up that goes back.
    breaks: Option<Vec<usize>>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            last: (0, 1),
            breaks: None,
        }
    }

    /// The 1-based line at byte `offset`.
    pub(crate) fn at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        let (last_offset, last_line) = self.last;
        if self.breaks.is_none() && offset >= last_offset {
            let between = self.text.as_bytes().get(last_offset..offset).unwrap_or(&[]);
            let line = last_line + count_newlines(between);
            self.last = (offset, line);
            return line;
        }
        let text = self.text;
        let breaks = self
            .breaks
            .get_or_insert_with(|| memchr::memchr_iter(b'\n', text.as_bytes()).collect());
        breaks.partition_point(|&b| b < offset) as u32 + 1
    }

    /// The line where `part`, a slice of the text, starts; `None` when it is
    /// a copy (a string that had escapes).
    pub(crate) fn of(&mut self, part: &Text) -> Option<u32> {
        let Cow::Borrowed(part) = part.0 else {
            return None;
        };
        offset_in(self.text, part).map(|offset| self.at(offset))
    }
}

/// The lines of `text` as `str::lines` cuts them (at `\n` or `\r\n`), found
/// with memchr: faster on the long files that matter.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest.take().filter(|r| !r.is_empty())?;
        let Some(end) = memchr::memchr(b'\n', current.as_bytes()) else {
            return Some(current);
        };
        let (line, after) = (current.get(..end)?, current.get(end + 1..)?);
        rest = Some(after);
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Where `part` starts in `text`, if it is a slice of it (the unstable
/// `str::substr_range` does the same).
fn offset_in(text: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (start + part.len() <= text.len()).then_some(start)
}

/// serde_json's message with the position first: `line 3, column 7: …`.
pub(crate) fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => &text[..i],
        _ => text.as_str(),
    };
    if e.line() == 0 {
        return message.to_string();
    }
    format!("line {}, column {}: {message}", e.line(), e.column())
}

/// Limits for untrusted YAML: aliases stay bounded (no "billion laughs") and
/// nesting stays shallow, while a large monorepo lockfile still fits.
pub(crate) fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 50_000_000,
            max_nodes: 20_000_000,
            max_depth: 64,
        },
        with_snippet: false,
    }
}

/// Every YAML document of `text` (pnpm may put a second one first), or the
/// parser's message on one line. The plain YAML lockfiles are written in is
/// read by the fast [`simple_yaml`]; anything else by serde-saphyr.
pub(crate) fn parse_yaml<'t, T: Deserialize<'t>>(text: &'t str) -> Result<Vec<T>, String> {
    match simple_yaml::read(text) {
        Some(docs) => Ok(docs),
        None => full_yaml(text),
    }
}

/// [`parse_yaml`] by serde-saphyr alone.
pub(crate) fn full_yaml<'t, T: Deserialize<'t>>(text: &'t str) -> Result<Vec<T>, String> {
    serde_saphyr::from_multiple_with_options(text, yaml_options()).map_err(|e| yaml_error(&e))
}

/// The parser's message on one line, with the position first as for JSON.
fn yaml_error(e: &serde_saphyr::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    let message = first.strip_prefix("error: ").unwrap_or(first);
    let Some(at) = e.location() else {
        return message.to_string();
    };
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let message =
        match message.strip_prefix(&format!("line {} column {}: ", at.line(), at.column())) {
            Some(rest) => rest,
            None => message,
        };
    format!("line {}, column {}: {message}", at.line(), at.column())
}

/// Line numbers of object keys in JSON (or JSONC) text, found in one pass.
///
/// A key is recorded when `want` accepts the keys of the objects enclosing it
/// (e.g. `["packages"]`); the map key is that path and the key, joined by
/// [`PATH_SEP`]. The first occurrence wins. Keys with escapes are left out.
pub(crate) fn json_key_lines(text: &str, want: impl Fn(&[&str]) -> bool) -> HashMap<String, u32> {
    let bytes = text.as_bytes();
    let mut scan = KeyScanner {
        want,
        path: Vec::new(),
        open: Vec::new(),
        key: "",
        line: 1,
        lines: HashMap::new(),
    };
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = match b {
            b'"' => {
                let end = string_end(bytes, i + 1);
                scan.string(text.get(i + 1..end).unwrap_or(""));
                end + 1
            }
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {
                let end = comment_end(bytes, i);
                scan.line += count_newlines(bytes.get(i..end).unwrap_or(&[]));
                end
            }
            _ => {
                scan.punctuation(b);
                i + 1
            }
        };
        i = next;
    }
    scan.lines
}

/// Joins the keys of a path in [`json_key_lines`]' map.
pub(crate) const PATH_SEP: &str = "\u{0}";

/// State of [`json_key_lines`] between tokens.
struct KeyScanner<'t, F> {
    want: F,
    /// The keys whose values are the open containers ("" for array items),
    /// the root excluded.
    path: Vec<&'t str>,
    /// One per open container: `Some(expects a key)` for objects, `None` for arrays.
    open: Vec<Option<bool>>,
    /// The last key read.
    key: &'t str,
    line: u32,
    lines: HashMap<String, u32>,
}

impl<'t, F: Fn(&[&str]) -> bool> KeyScanner<'t, F> {
    fn string(&mut self, raw: &'t str) {
        self.line += count_newlines(raw.as_bytes());
        let Some(Some(expect_key @ true)) = self.open.last_mut() else {
            return; // a value
        };
        *expect_key = false;
        self.key = raw;
        if raw.contains('\\') || !(self.want)(&self.path) {
            return;
        }
        let mut full = self.path.join(PATH_SEP);
        if !self.path.is_empty() {
            full.push_str(PATH_SEP);
        }
        full.push_str(raw);
        self.lines.entry(full).or_insert(self.line);
    }

    fn punctuation(&mut self, b: u8) {
        match b {
            b'\n' => self.line += 1,
            b'{' | b'[' => {
                match self.open.last() {
                    Some(Some(_)) => self.path.push(self.key),
                    Some(None) => self.path.push(""),
                    None => {} // the root
                }
                self.open.push((b == b'{').then_some(true));
            }
            b'}' | b']' => {
                self.open.pop();
                if !self.open.is_empty() {
                    self.path.pop();
                }
            }
            b',' => {
                if let Some(Some(expect_key)) = self.open.last_mut() {
                    *expect_key = true;
                }
            }
            _ => {}
        }
    }
}

/// Index just past the `//` or `/* */` comment opening at `start`.
pub(crate) fn comment_end(bytes: &[u8], start: usize) -> usize {
    let rest = bytes.get(start + 2..).unwrap_or(&[]);
    if bytes.get(start + 1) == Some(&b'/') {
        return memchr::memchr(b'\n', rest).map_or(bytes.len(), |n| start + 2 + n);
    }
    memchr::memmem::find(rest, b"*/").map_or(bytes.len(), |n| start + 2 + n + 2)
}

/// Index of the closing quote of the string starting at `from` (or the end).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return j,
            _ => j += 1,
        }
    }
    bytes.len()
}

fn count_newlines(bytes: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', bytes).count() as u32
}

/// Line numbers of the YAML mapping keys written at `indent` spaces, inside
/// the top-level section `section` (`None`: the top level itself), found in
/// one pass over the lines. Quoted keys are unquoted; the first one wins.
pub(crate) fn yaml_key_lines<'t>(
    text: &'t str,
    section: Option<&str>,
    indent: usize,
) -> HashMap<Cow<'t, str>, u32> {
    let mut found = HashMap::new();
    let mut inside = section.is_none();
    for (n, raw) in lines(text).enumerate() {
        let line_no = n as u32 + 1;
        let content = raw.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let depth = raw.len() - content.len();
        if depth == 0
            && let Some(wanted) = section
        {
            inside = yaml_key(content).is_some_and(|k| k == wanted);
            continue;
        }
        if inside
            && depth == indent
            && let Some(key) = yaml_key(content)
        {
            found.entry(key).or_insert(line_no);
        }
    }
    found
}

/// The key of a `key:` or `key: value` line, unquoted.
fn yaml_key(content: &str) -> Option<Cow<'_, str>> {
    let content = content.trim_end();
    if let Some(rest) = content.strip_prefix('\'') {
        let key = rest.get(..single_quoted_end(rest)?)?;
        return Some(match key.contains("''") {
            true => Cow::Owned(key.replace("''", "'")),
            false => Cow::Borrowed(key),
        });
    }
    if let Some(rest) = content.strip_prefix('"') {
        let key = rest.get(..string_end(rest.as_bytes(), 0))?;
        return Some(match key.contains('\\') {
            true => Cow::Owned(key.replace("\\\"", "\"").replace("\\\\", "\\")),
            false => Cow::Borrowed(key),
        });
    }
    if content.starts_with('-') && content.get(1..2).is_none_or(|c| c == " ") {
        return None;
    }
    let end = content
        .find(": ")
        .or_else(|| content.ends_with(':').then(|| content.len() - 1))?;
    content.get(..end).map(Cow::Borrowed)
}

/// End of a single-quoted YAML scalar (where `''` is an escaped quote).
fn single_quoted_end(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut j = 0;
    while j < bytes.len() {
        if bytes[j] == b'\'' {
            if bytes.get(j + 1) == Some(&b'\'') {
                j += 2;
                continue;
            }
            return Some(j);
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_of_specs_and_urls() {
        assert_eq!(source_of("^1.2.3"), Source::Registry);
        assert_eq!(source_of("latest"), Source::Registry);
        assert_eq!(source_of("npm:string-width@^4"), Source::Registry);
        assert_eq!(source_of("file:../x"), Source::Path);
        assert_eq!(source_of("workspace:^"), Source::Path);
        assert_eq!(source_of("github:o/r#main"), Source::Git);
        assert_eq!(source_of("getsentry/raven-js#3.23.1"), Source::Git);
        assert_eq!(
            source_of("git+ssh://git@github.com/o/r.git#abc"),
            Source::Git
        );
        assert_eq!(source_of("https://github.com/o/r.git#abc"), Source::Git);
        assert_eq!(
            source_of("https://codeload.github.com/o/r/tar.gz/abc"),
            Source::Git
        );
        assert_eq!(source_of("https://github.com/o/r#abc"), Source::Url);
        assert_eq!(
            source_of("https://registry.yarnpkg.com/etag/-/etag-1.8.1.tgz#41ae2e"),
            Source::Registry
        );
        assert_eq!(
            source_of("https://registry.npmjs.org/@babel/core/-/core-7.0.0.tgz"),
            Source::Registry
        );
        assert_eq!(source_of("https://example.com/foo-1.0.0.tgz"), Source::Url);
        assert_eq!(source_of(">=1.0.0 <2.0.0"), Source::Registry);
    }

    #[test]
    fn names_and_aliases() {
        assert_eq!(split_name_spec("@a/b@^1"), Some(("@a/b", "^1")));
        assert_eq!(split_name_spec("a@npm:b@1"), Some(("a", "npm:b@1")));
        assert_eq!(split_name_spec("a"), None);
        assert_eq!(unalias("x", "npm:@s/y@^2"), ("@s/y", "^2"));
        assert_eq!(unalias("x", "^2"), ("x", "^2"));
    }

    #[test]
    fn json_lines_of_nested_keys() {
        let text = "{\n  \"packages\": {\n    \"\": {},\n    \"node_modules/a\": {\n      \"dependencies\": {\"b\": \"1\"}\n    }\n  },\n  \"b\": 1\n}\n";
        let lines = json_key_lines(text, |p| p == ["packages"]);
        assert_eq!(lines.get("packages\u{0}node_modules/a"), Some(&4));
        assert_eq!(lines.get("packages\u{0}"), Some(&3));
        assert!(!lines.contains_key("b"));
    }

    #[test]
    fn yaml_lines_of_section_keys() {
        let text = "lockfileVersion: '9.0'\npackages:\n\n  '@a/b@1.0.0':\n    x: 1\n  c@2.0.0: {}\nsnapshots:\n  d@1.0.0: {}\n";
        let lines = yaml_key_lines(text, Some("packages"), 2);
        assert_eq!(lines.get("@a/b@1.0.0"), Some(&4));
        assert_eq!(lines.get("c@2.0.0"), Some(&6));
        assert!(!lines.contains_key("d@1.0.0"));
    }

    #[test]
    fn lines_like_str_lines() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb\r\n",
            "a\n\nb",
            "a\rb\n",
            "a\r",
        ] {
            let ours: Vec<&str> = lines(text).collect();
            assert_eq!(ours, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn line_numbers_forward_and_back() {
        let text = "a\nb\nc\nd\n";
        let mut at = Lines::new(text);
        assert_eq!([at.at(0), at.at(4), at.at(6)], [1, 3, 4]);
        assert_eq!([at.at(2), at.at(5), at.at(100)], [2, 3, 5]);
        let borrowed = Text(Cow::Borrowed(&text[4..5]));
        assert_eq!(Lines::new(text).of(&borrowed), Some(3));
        let copy = Text(Cow::Owned("c".into()));
        assert_eq!(Lines::new(text).of(&copy), None);
    }
}
