//! PyPI: requirements files, the lockfiles of poetry, uv, pipenv, pdm and pylock.toml, and pyproject.toml.
//!
//! Shared here: a line index (each entry's `line` in one binary search, not a
//! scan from the start of the file), TOML access with one-line errors that
//! name the line, hash lists, URL source kinds, and a PEP 508 requirement
//! parser.
//!
//! The PEP 508 parser is hand-written rather than `pep508_rs`: that crate
//! (uv's) brings a dozen crates (`url`, `regex`, `itertools`, `boxcar`,
//! `version-ranges`, a second `thiserror`…) and does not accept exactly what
//! pip does (it parses `===` versions as PEP 440, validates URLs, and reads
//! `${VAR}` in URLs). This one follows the grammar of `packaging`'s
//! requirement parser, which pip uses, token for token, including its version
//! specifier pattern.

pub mod pdm;
pub mod pipfile;
pub mod poetry;
pub mod pylock;
pub mod pyproject;
pub mod requirements;
pub mod uv;

use super::Source;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

// ---------------------------------------------------------------- lines

/// Byte offsets where lines start, so the line of any offset is a binary search.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }
}

// ---------------------------------------------------------------- TOML

/// A TOML file, parsed whole ([`Toml::doc`]) or one `[[key]]` block at a time
/// ([`Toml::blocks`]).
///
/// Lockfiles are mostly one long array of tables. The `toml` crate builds a
/// token list and a tree for the whole text first, which for a 5,000-package
/// uv.lock means over a hundred megabytes touched and much of the time spent in
/// page faults; parsing each `[[package]]` block on its own keeps memory
/// small and is two to three times faster. Blocks split only at `[[key]]`
/// header lines outside strings and multi-line values, so a valid file gives
/// valid blocks, and an error (a truncated file, a bad value) is found in the
/// block that holds it. A top-level table spread over several blocks
/// (`[metadata]` … `[metadata.files]`) arrives in pieces; readers look at
/// every block. (Conflicting definitions in different blocks, which the
/// whole-file parser would reject, are not detected.)
pub(crate) struct Toml<'i> {
    text: &'i str,
    lines: LineIndex,
}

impl<'i> Toml<'i> {
    pub(crate) fn new(text: &'i str) -> Toml<'i> {
        Toml {
            text,
            lines: LineIndex::new(text),
        }
    }

    /// The whole document.
    pub(crate) fn doc(&self) -> Result<Doc<'_, 'i>, String> {
        self.parse_at(0, self.text)
    }

    /// Parse block by block (see the type's doc), handing each to `each` in
    /// file order; a block holds the entries of `key` it contains.
    pub(crate) fn blocks<'a>(
        &'a self,
        key: &str,
        mut each: impl FnMut(Doc<'a, 'i>) -> Result<(), String>,
    ) -> Result<(), String> {
        let headers = header_offsets(self.text, key);
        // The text before the first `[[key]]` (if any) is a block of its own.
        let lead = (headers.first() != Some(&0)).then_some(0);
        let starts: Vec<usize> = lead.into_iter().chain(headers).collect();
        let ends = starts.iter().skip(1).copied().chain([self.text.len()]);
        for (&start, end) in starts.iter().zip(ends) {
            each(self.parse_at(start, self.text.get(start..end).unwrap_or(""))?)?;
        }
        Ok(())
    }

    fn parse_at<'a>(&'a self, offset: usize, text: &'i str) -> Result<Doc<'a, 'i>, String> {
        let root = DeTable::parse(text).map_err(|e| {
            let message = one_line(e.message());
            match e.span() {
                Some(span) => format!("line {}: {message}", self.lines.line(offset + span.start)),
                None => message,
            }
        })?;
        Ok(Doc {
            root: root.into_inner(),
            lines: &self.lines,
            offset,
        })
    }
}

/// Byte offsets of the `[[key]]` header lines at the top level (not inside a
/// multi-line string, array or inline table).
///
/// Such a line inside an array or inline table is not valid TOML, so only
/// multi-line strings can hide a false header: without `"""` or `'''` in
/// the file, every line that reads `[[key]]` is a header, found with a
/// substring search; otherwise the lines are scanned.
fn header_offsets(text: &str, key: &str) -> Vec<usize> {
    let header = format!("[[{key}]]");
    let bytes = text.as_bytes();
    let multi_line = memchr::memmem::find(bytes, b"\"\"\"").is_some()
        || memchr::memmem::find(bytes, b"'''").is_some();
    if multi_line {
        return scanned_header_offsets(text, &header);
    }
    memchr::memmem::find_iter(bytes, header.as_bytes())
        .filter_map(|at| {
            let line_start = bytes
                .get(..at)?
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = memchr::memchr(b'\n', bytes.get(at..)?).map_or(bytes.len(), |i| at + i);
            is_header(text.get(line_start..line_end)?, &header).then_some(line_start)
        })
        .collect()
}

fn scanned_header_offsets(text: &str, header: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut scan = TomlScan::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if scan.at_top() && is_header(line, header) {
            offsets.push(offset);
        }
        scan.line(line.as_bytes());
        offset += line.len();
    }
    offsets
}

fn is_header(line: &str, header: &str) -> bool {
    line.trim_start()
        .strip_prefix(header)
        .is_some_and(|rest| rest.trim_start().is_empty() || rest.trim_start().starts_with('#'))
}

/// Just enough of TOML's lexical structure to know, line by line, whether
/// the next line starts at the top level.
#[derive(Default)]
struct TomlScan {
    /// Inside a multi-line string closed by `"""` or `'''`.
    multi_line: Option<&'static [u8]>,
    /// Open `[` and `{` of values.
    depth: usize,
}

impl TomlScan {
    fn at_top(&self) -> bool {
        self.multi_line.is_none() && self.depth == 0
    }

    fn line(&mut self, b: &[u8]) {
        let mut i = 0;
        while i < b.len() {
            if let Some(close) = self.multi_line {
                match find_close(b, i, close) {
                    Some(end) => {
                        self.multi_line = None;
                        i = end;
                        continue;
                    }
                    None => return,
                }
            }
            let rest = b.get(i..).unwrap_or(&[]);
            match rest.first() {
                Some(b'#') => return,
                Some(b'"') if rest.starts_with(b"\"\"\"") => {
                    self.multi_line = Some(b"\"\"\"");
                    i += 3;
                }
                Some(b'\'') if rest.starts_with(b"'''") => {
                    self.multi_line = Some(b"'''");
                    i += 3;
                }
                Some(&q @ (b'"' | b'\'')) => i = string_end(b, i + 1, q),
                Some(b'[' | b'{') => {
                    self.depth += 1;
                    i += 1;
                }
                Some(b']' | b'}') => {
                    self.depth = self.depth.saturating_sub(1);
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
}

/// Just past the `close` delimiter at or after `i` (basic strings honour `\` escapes).
fn find_close(b: &[u8], mut i: usize, close: &[u8]) -> Option<usize> {
    while i < b.len() {
        let rest = b.get(i..)?;
        if rest.starts_with(close) {
            return Some(i + close.len());
        }
        i += if close.first() == Some(&b'"') && rest.first() == Some(&b'\\') {
            2
        } else {
            1
        };
    }
    None
}

/// Just past the closing `quote` of a one-line string whose content starts at `i`.
fn string_end(b: &[u8], mut i: usize, quote: u8) -> usize {
    while let Some(&c) = b.get(i) {
        if c == quote {
            return i + 1;
        }
        i += if quote == b'"' && c == b'\\' { 2 } else { 1 };
    }
    b.len()
}

/// A parsed TOML document or block; spans are relative to `offset`.
pub(crate) struct Doc<'a, 'i> {
    pub(crate) root: DeTable<'i>,
    lines: &'a LineIndex,
    offset: usize,
}

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

impl<'i> Doc<'_, 'i> {
    /// The line of a value, for `Package::line`.
    pub(crate) fn line_of(&self, value: &Value) -> u32 {
        self.lines.line(self.offset + value.span().start)
    }

    /// `line N: message`, N being the line of `value`.
    pub(crate) fn error(&self, value: &Value, message: impl std::fmt::Display) -> String {
        format!("line {}: {message}", self.line_of(value))
    }

    pub(crate) fn as_str<'a>(&self, value: &'a Value<'i>, what: &str) -> Result<&'a str, String> {
        value
            .get_ref()
            .as_str()
            .ok_or_else(|| self.wrong_type(value, what, "a string"))
    }

    pub(crate) fn as_table<'a>(
        &self,
        value: &'a Value<'i>,
        what: &str,
    ) -> Result<&'a DeTable<'i>, String> {
        value
            .get_ref()
            .as_table()
            .ok_or_else(|| self.wrong_type(value, what, "a table"))
    }

    pub(crate) fn as_array<'a>(
        &self,
        value: &'a Value<'i>,
        what: &str,
    ) -> Result<&'a DeArray<'i>, String> {
        value
            .get_ref()
            .as_array()
            .ok_or_else(|| self.wrong_type(value, what, "an array"))
    }

    /// `table[key]` as a string, `None` when absent.
    pub(crate) fn str_field<'a>(
        &self,
        table: &'a DeTable<'i>,
        key: &str,
    ) -> Result<Option<&'a str>, String> {
        table.get(key).map(|v| self.as_str(v, key)).transpose()
    }

    pub(crate) fn table_field<'a>(
        &self,
        table: &'a DeTable<'i>,
        key: &str,
    ) -> Result<Option<&'a DeTable<'i>>, String> {
        table.get(key).map(|v| self.as_table(v, key)).transpose()
    }

    pub(crate) fn array_field<'a>(
        &self,
        table: &'a DeTable<'i>,
        key: &str,
    ) -> Result<Option<&'a DeArray<'i>>, String> {
        table.get(key).map(|v| self.as_array(v, key)).transpose()
    }

    /// The array of tables under `key` (`[[package]]`), empty when absent.
    pub(crate) fn tables<'a>(
        &self,
        table: &'a DeTable<'i>,
        key: &str,
    ) -> Result<Vec<&'a Value<'i>>, String> {
        let Some(value) = table.get(key) else {
            return Ok(Vec::new());
        };
        let what = format!("`{key}` must be an array of tables");
        let array = value
            .get_ref()
            .as_array()
            .ok_or_else(|| self.error(value, &what))?;
        array
            .iter()
            .map(|item| {
                if item.get_ref().is_table() {
                    Ok(item)
                } else {
                    Err(self.error(item, &what))
                }
            })
            .collect()
    }

    /// The `name` of a package table, required.
    pub(crate) fn name<'a>(&self, entry: &'a Value<'i>) -> Result<&'a Value<'i>, String> {
        let table = self.as_table(entry, "package")?;
        let name = table
            .get("name")
            .ok_or_else(|| self.error(entry, "package has no `name`"))?;
        self.as_str(name, "name")?;
        Ok(name)
    }

    fn wrong_type(&self, value: &Value, what: &str, expected: &str) -> String {
        self.error(
            value,
            format!(
                "`{what}` must be {expected}, not {}",
                value.get_ref().type_str()
            ),
        )
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Several hashes as one `integrity` string; `None` when there are none.
pub(crate) fn join_hashes(hashes: Vec<String>) -> Option<String> {
    if hashes.is_empty() {
        None
    } else {
        Some(hashes.join(" "))
    }
}

/// `algo:value` for every entry of a PEP 751 / uv style `hashes` table.
pub(crate) fn hash_table(table: &DeTable) -> Vec<String> {
    table
        .iter()
        .filter_map(|(algo, v)| Some(format!("{}:{}", algo.get_ref(), v.get_ref().as_str()?)))
        .collect()
}

// ---------------------------------------------------------------- URLs

/// The kind of source a direct reference points at: any VCS (and GitHub's
/// codeload tarballs) is git, `file:` and plain paths are path, other URLs url.
pub(crate) fn url_source(url: &str) -> Source {
    let Some((scheme, rest)) = url.split_once(':') else {
        return Source::Path;
    };
    let scheme = scheme.to_ascii_lowercase();
    let vcs = ["git", "hg", "svn", "bzr"];
    if vcs.contains(&scheme.as_str())
        || vcs
            .iter()
            .any(|v| scheme.strip_prefix(v).is_some_and(|s| s.starts_with('+')))
    {
        return Source::Git;
    }
    match scheme.as_str() {
        "file" => Source::Path,
        "http" | "https" | "ftp" => {
            let host = rest.trim_start_matches('/').split(['/', '?', '#']).next();
            let host = host.unwrap_or("").rsplit('@').next().unwrap_or("");
            let host = host.split(':').next().unwrap_or("");
            if host.eq_ignore_ascii_case("codeload.github.com") {
                Source::Git
            } else {
                Source::Url
            }
        }
        // A Windows drive (`C:\wheels\x.whl`) or something else that is no URL.
        s if s.len() == 1 => Source::Path,
        _ => Source::Url,
    }
}

// ---------------------------------------------------------------- PEP 508

/// A parsed PEP 508 requirement: `name[extras] specifiers ; marker` or
/// `name[extras] @ url ; marker`. Text slices borrow from the input.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Requirement<'a> {
    pub(crate) name: &'a str,
    pub(crate) extras: Vec<&'a str>,
    /// Each specifier as written, e.g. `== 1.0`.
    pub(crate) specifiers: Vec<&'a str>,
    pub(crate) url: Option<&'a str>,
    pub(crate) marker: Option<&'a str>,
}

impl Requirement<'_> {
    /// The version of a single `==`/`===` pin without a wildcard, else `None`.
    pub(crate) fn pinned_version(&self) -> Option<String> {
        let [spec] = self.specifiers.as_slice() else {
            return None;
        };
        let version = spec
            .strip_prefix("===")
            .or_else(|| spec.strip_prefix("=="))?
            .trim();
        (!version.contains('*')).then(|| version.to_string())
    }

    /// The specifiers as written with whitespace removed (`>=2.0,<3`), `None` when there are none.
    pub(crate) fn specifier_text(&self) -> Option<String> {
        if self.specifiers.is_empty() {
            return None;
        }
        let joined = self.specifiers.join(",");
        Some(joined.chars().filter(|c| !c.is_whitespace()).collect())
    }
}

/// Parse a PEP 508 requirement as `packaging` (and so pip) does; the error
/// says what was expected and at which character.
pub(crate) fn parse_requirement(text: &str) -> Result<Requirement<'_>, String> {
    let mut p = Cursor { s: text, pos: 0 };
    p.requirement()
        .map_err(|e| format!("{} (at character {})", e.message, e.pos + 1))
}

/// Parse a PEP 508 environment marker on its own (what follows `;`).
pub(crate) fn parse_marker(text: &str) -> Result<(), String> {
    let mut p = Cursor { s: text, pos: 0 };
    p.marker(0)
        .and_then(|()| p.expect_end("end of marker expression"))
        .map_err(|e| format!("{} (at character {})", e.message, e.pos + 1))
}

/// Parenthesised marker groups recurse; `packaging` stops at the same depth.
const MAX_MARKER_NESTING: usize = 200;

/// Marker variables, longest first so `extras` wins over `extra`.
const MARKER_VARIABLES: &[&str] = &[
    "platform.python_implementation",
    "platform_python_implementation",
    "implementation_version",
    "python_implementation",
    "python_full_version",
    "implementation_name",
    "dependency_groups",
    "platform_release",
    "platform_version",
    "platform.version",
    "platform_machine",
    "platform.machine",
    "platform_system",
    "python_version",
    "sys_platform",
    "sys.platform",
    "os_name",
    "os.name",
    "extras",
    "extra",
];

struct SyntaxError {
    message: String,
    pos: usize,
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

/// `\w` as Python's regex engine sees it in a `str` pattern.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            message: message.into(),
            pos: self.pos,
        })
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// `[ \t]*` (the tokenizer's WS); true when something was skipped.
    fn ws(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Does a word boundary (`\b`) sit at byte `at`?
    fn boundary(&self, at: usize) -> bool {
        let before = self.s.get(..at).and_then(|s| s.chars().next_back());
        let after = self.s.get(at..).and_then(|s| s.chars().next());
        before.is_some_and(is_word) != after.is_some_and(is_word)
    }

    fn expect_end(&mut self, expected: &str) -> Result<(), SyntaxError> {
        if self.at_end() {
            Ok(())
        } else {
            self.fail(format!("Expected {expected}"))
        }
    }

    // requirement = WS? IDENTIFIER WS? extras requirement_details END
    fn requirement(&mut self) -> Result<Requirement<'a>, SyntaxError> {
        self.ws();
        let Some(name) = self.identifier() else {
            return self.fail("Expected package name at the start of dependency specifier");
        };
        self.ws();
        let extras = self.extras()?;
        let mut req = Requirement {
            name,
            extras,
            specifiers: Vec::new(),
            url: None,
            marker: None,
        };
        if self.eat('@') {
            self.url_details(&mut req)?;
        } else {
            self.specifier_details(&mut req)?;
        }
        self.expect_end("end of dependency specifier")?;
        Ok(req)
    }

    /// `\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b`, backing off trailing `.`/`-` as the regex does.
    fn identifier(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        if !rest.starts_with(|c: char| c.is_ascii_alphanumeric()) || !self.boundary(self.pos) {
            return None;
        }
        let mut end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
            .unwrap_or(rest.len());
        while end > 0 && !self.boundary(self.pos + end) {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let ident = rest.get(..end)?;
        self.pos += end;
        Some(ident)
    }

    // extras = ('[' WS? extras_list? WS? ']' WS?)?
    fn extras(&mut self) -> Result<Vec<&'a str>, SyntaxError> {
        let open = self.pos;
        if !self.eat('[') {
            return Ok(Vec::new());
        }
        self.ws();
        let mut extras = Vec::new();
        if let Some(first) = self.identifier() {
            extras.push(first);
            loop {
                self.ws();
                if self.identifier_ahead() {
                    return self.fail("Expected comma between extra names");
                }
                if !self.eat(',') {
                    break;
                }
                self.ws();
                match self.identifier() {
                    Some(extra) => extras.push(extra),
                    None => return self.fail("Expected extra name after comma"),
                }
            }
        }
        self.ws();
        if !self.eat(']') {
            return Err(SyntaxError {
                message: "Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras".into(),
                pos: open,
            });
        }
        self.ws();
        Ok(extras)
    }

    fn identifier_ahead(&mut self) -> bool {
        let start = self.pos;
        let found = self.identifier().is_some();
        self.pos = start;
        found
    }

    // '@' WS? URL (WS (';' marker)?)?
    fn url_details(&mut self, req: &mut Requirement<'a>) -> Result<(), SyntaxError> {
        self.ws();
        let rest = self.rest();
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if len == 0 {
            return self.fail("Expected URL after @");
        }
        req.url = rest.get(..len);
        self.pos += len;
        if self.at_end() {
            return Ok(());
        }
        if !self.ws() {
            return self.fail("Expected whitespace after URL");
        }
        if self.at_end() {
            return Ok(());
        }
        self.requirement_marker(req, "semicolon (after URL and whitespace)")
    }

    // ('(' WS? version_many WS? ')' WS? | version_many) (';' marker)?
    fn specifier_details(&mut self, req: &mut Requirement<'a>) -> Result<(), SyntaxError> {
        let open = self.pos;
        if self.eat('(') {
            self.ws();
            req.specifiers = self.version_many()?;
            if !self.eat(')') {
                return Err(SyntaxError {
                    message: "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier".into(),
                    pos: open,
                });
            }
            self.ws();
        } else {
            req.specifiers = self.version_many()?;
        }
        if self.at_end() {
            return Ok(());
        }
        let expected = if req.specifiers.is_empty() {
            "semicolon (after name with no version specifier)"
        } else {
            "comma (within version specifier), semicolon (after version specifier)"
        };
        self.requirement_marker(req, expected)
    }

    fn requirement_marker(
        &mut self,
        req: &mut Requirement<'a>,
        expected: &str,
    ) -> Result<(), SyntaxError> {
        if !self.eat(';') {
            return self.fail(format!("Expected {expected} or end"));
        }
        let start = self.pos;
        self.marker(0)?;
        req.marker = self.s.get(start..self.pos).map(str::trim);
        Ok(())
    }

    // version_many = (SPECIFIER (WS? ',' WS? SPECIFIER)*)? with WS after each
    fn version_many(&mut self) -> Result<Vec<&'a str>, SyntaxError> {
        if let Some((len, specs)) = whole_specifier_list(self.rest()) {
            self.pos += len;
            return Ok(specs);
        }
        let mut specs = Vec::new();
        while let Some(len) = specifier_len(self.rest()) {
            let start = self.pos;
            let spec = self.rest().get(..len).unwrap_or("");
            self.pos += len;
            self.check_specifier_trail(spec, start)?;
            specs.extend(split_arbitrary(spec, start)?);
            self.ws();
            if !self.eat(',') {
                break;
            }
            self.ws();
        }
        Ok(specs)
    }

    /// `packaging` names two common mistakes right after a specifier.
    fn check_specifier_trail(&self, spec: &str, start: usize) -> Result<(), SyntaxError> {
        let rest = self.rest();
        if rest.starts_with(".*") {
            let equality =
                spec.starts_with("!=") || (spec.starts_with("==") && !spec.starts_with("==="));
            let message = if equality {
                ".* suffix cannot be used with pre-release, post-release, dev or local versions"
            } else {
                ".* suffix can only be used with `==` or `!=` operators"
            };
            return Err(SyntaxError {
                message: message.into(),
                pos: start,
            });
        }
        let mut chars = rest.chars();
        if chars.next() == Some('+')
            && chars
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            return Err(SyntaxError {
                message: "Local version label can only be used with `==` or `!=` operators".into(),
                pos: start,
            });
        }
        Ok(())
    }

    // marker = marker_atom (BOOLOP marker_atom)*
    fn marker(&mut self, depth: usize) -> Result<(), SyntaxError> {
        self.marker_atom(depth)?;
        while self.keyword("or") || self.keyword("and") {
            self.marker_atom(depth)?;
        }
        Ok(())
    }

    // marker_atom = WS? ('(' marker ')' | marker_item) WS?
    fn marker_atom(&mut self, depth: usize) -> Result<(), SyntaxError> {
        self.ws();
        let open = self.pos;
        if self.eat('(') {
            if depth >= MAX_MARKER_NESTING {
                return self.fail(format!(
                    "Marker expression is nested more than {MAX_MARKER_NESTING} levels deep"
                ));
            }
            self.marker(depth + 1)?;
            if !self.eat(')') {
                return Err(SyntaxError {
                    message: "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression".into(),
                    pos: open,
                });
            }
        } else {
            self.marker_var()?;
            self.ws();
            self.marker_op()?;
            self.ws();
            self.marker_var()?;
        }
        self.ws();
        Ok(())
    }

    /// A whole word at the cursor (`\bword\b`), consumed when present.
    fn keyword(&mut self, word: &str) -> bool {
        if self.rest().starts_with(word)
            && self.boundary(self.pos)
            && self.boundary(self.pos + word.len())
        {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    // marker_var = VARIABLE | QUOTED_STRING
    fn marker_var(&mut self) -> Result<(), SyntaxError> {
        if MARKER_VARIABLES.iter().any(|v| self.keyword(v)) {
            return Ok(());
        }
        if let Some(quote) = self.peek().filter(|c| matches!(c, '"' | '\''))
            && let Some(len) = self.rest().get(1..).and_then(|r| r.find(quote))
        {
            self.pos += len + 2;
            return Ok(());
        }
        self.fail("Expected a marker variable or quoted string")
    }

    // marker_op = 'in' | 'not' WS 'in' | OP
    fn marker_op(&mut self) -> Result<(), SyntaxError> {
        if self.keyword("in") {
            return Ok(());
        }
        if self.keyword("not") {
            if !self.ws() {
                return self.fail("Expected whitespace after 'not'");
            }
            if !self.keyword("in") {
                return self.fail("Expected 'in' after 'not'");
            }
            return Ok(());
        }
        for op in ["===", "==", "~=", "!=", "<=", ">=", "<", ">"] {
            if self.rest().starts_with(op) {
                self.pos += op.len();
                return Ok(());
            }
        }
        self.fail("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in")
    }
}

// ---------------------------------------------------------------- specifiers

/// `packaging` first tries the whole specifier list at once, as a
/// `SpecifierSet`: printable ASCII up to `;`, `)` or the end, split on commas,
/// every non-empty piece a whole specifier, and no empty piece but a trailing
/// one. This differs from the token loop for `===` versions, which then end at
/// a comma. Returns the length taken and the specifiers.
fn whole_specifier_list(rest: &str) -> Option<(usize, Vec<&str>)> {
    let len = rest
        .find(|c: char| !(c == '\t' || (' '..='~').contains(&c)) || c == ';' || c == ')')
        .unwrap_or(rest.len());
    let text = rest.get(..len)?;
    if text.is_empty() || !matches!(rest.get(len..)?.chars().next(), None | Some(';' | ')')) {
        return None;
    }
    let mut specs = Vec::new();
    for piece in text.split(',') {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        if specifier_len(piece) != Some(piece.len()) {
            return None;
        }
        specs.push(piece);
    }
    let commas = text.matches(',').count();
    let trailing = !specs.is_empty() && specs.len() == commas && text.trim_end().ends_with(',');
    (specs.len() == commas + 1 || trailing).then_some((len, specs))
}

/// The specifiers in one specifier token. A `===` token runs up to
/// whitespace, so it may hold commas (`===1.0,>=2`); `packaging` then splits
/// the joined specifiers on commas when it builds the set, skipping empty
/// pieces, and every piece must be a whole specifier.
fn split_arbitrary(spec: &str, start: usize) -> Result<Vec<&str>, SyntaxError> {
    if !spec.starts_with("===") || !spec.contains(',') {
        return Ok(vec![spec]);
    }
    let mut pieces = Vec::new();
    let mut offset = start;
    for piece in spec.split(',') {
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            if specifier_len(trimmed) != Some(trimmed.len()) {
                return Err(SyntaxError {
                    message: format!("Invalid specifier: '{trimmed}'"),
                    pos: offset,
                });
            }
            pieces.push(trimmed);
        }
        offset += piece.len() + 1;
    }
    Ok(pieces)
}

/// Length of the version specifier (`packaging`'s `Specifier` pattern:
/// operator, optional whitespace, version) at the start of `s`, if any.
fn specifier_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if let Some(rest) = s.strip_prefix("===") {
        let skip = rest.len() - rest.trim_start().len();
        let arbitrary = rest
            .get(skip..)?
            .find(|c: char| c.is_whitespace() || matches!(c, ';' | ')'))
            .unwrap_or(rest.len() - skip);
        if arbitrary > 0 {
            return Some(3 + skip + arbitrary);
        }
    }
    let (op_len, kind) = match b {
        [b'=', b'=', ..] | [b'!', b'=', ..] => (2, OpKind::Equality),
        [b'~', b'=', ..] => (2, OpKind::Compatible),
        [b'<' | b'>', b'=', ..] => (2, OpKind::Ordered),
        [b'<' | b'>', ..] => (1, OpKind::Ordered),
        _ => return None,
    };
    let after_op = s.get(op_len..)?;
    let skip = after_op.len() - after_op.trim_start().len();
    let version_len = version_len(after_op.get(skip..)?.as_bytes(), kind)?;
    Some(op_len + skip + version_len)
}

#[derive(Clone, Copy, PartialEq)]
enum OpKind {
    /// `==` and `!=`: may end in `.*` or carry a local label.
    Equality,
    /// `~=`: at least two release components, no local label.
    Compatible,
    /// `<`, `<=`, `>`, `>=`: no wildcard, no local label.
    Ordered,
}

/// The PEP 440 version the specifier pattern accepts after an operator of
/// `kind`: every part is matched greedily and never given back, as the
/// pattern's possessive quantifiers do.
fn version_len(b: &[u8], kind: OpKind) -> Option<usize> {
    let mut v = Scan { b, pos: 0 };
    v.one_of(b"vV");
    let epoch_start = v.pos;
    if !(v.digits() && v.one_of(b"!")) {
        v.pos = epoch_start;
    }
    if !v.digits() {
        return None;
    }
    let mut components = 1;
    while v.dot_digits() {
        components += 1;
    }
    if kind == OpKind::Compatible && components < 2 {
        return None;
    }
    if kind == OpKind::Equality && v.literal(b".*") {
        return Some(v.pos);
    }
    v.optional(Scan::pre_release);
    v.optional(Scan::post_release);
    v.optional(Scan::dev_release);
    if kind == OpKind::Equality {
        v.optional(Scan::local);
    }
    Some(v.pos)
}

/// A byte cursor for the version pattern (ASCII, case-insensitive).
struct Scan<'b> {
    b: &'b [u8],
    pos: usize,
}

impl Scan<'_> {
    fn next(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn one_of(&mut self, set: &[u8]) -> bool {
        if self.next().is_some_and(|c| set.contains(&c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn digits(&mut self) -> bool {
        let start = self.pos;
        while self.next().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos > start
    }

    fn dot_digits(&mut self) -> bool {
        let start = self.pos;
        if self.one_of(b".") && self.digits() {
            return true;
        }
        self.pos = start;
        false
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        let end = self.pos + word.len();
        match self.b.get(self.pos..end) {
            Some(s) if s.eq_ignore_ascii_case(word) => {
                self.pos = end;
                true
            }
            _ => false,
        }
    }

    /// Run `part`; if it fails, nothing is consumed.
    fn optional(&mut self, part: fn(&mut Self) -> bool) {
        let start = self.pos;
        if !part(self) {
            self.pos = start;
        }
    }

    /// The first label (in the pattern's order) that matches.
    fn label(&mut self, labels: &[&[u8]]) -> bool {
        labels.iter().any(|l| self.literal(l))
    }

    // [-_.]? (alpha|beta|preview|pre|a|b|c|rc) [-_.]? [0-9]*
    fn pre_release(&mut self) -> bool {
        self.one_of(b"-_.");
        if !self.label(&[
            b"alpha", b"beta", b"preview", b"pre", b"a", b"b", b"c", b"rc",
        ]) {
            return false;
        }
        self.one_of(b"-_.");
        self.digits();
        true
    }

    // -[0-9]+ | [-_.]? (post|rev|r) [-_.]? [0-9]*
    fn post_release(&mut self) -> bool {
        let start = self.pos;
        if self.one_of(b"-") && self.digits() {
            return true;
        }
        self.pos = start;
        self.one_of(b"-_.");
        if !self.label(&[b"post", b"rev", b"r"]) {
            return false;
        }
        self.one_of(b"-_.");
        self.digits();
        true
    }

    // [-_.]? dev [-_.]? [0-9]*
    fn dev_release(&mut self) -> bool {
        self.one_of(b"-_.");
        if !self.literal(b"dev") {
            return false;
        }
        self.one_of(b"-_.");
        self.digits();
        true
    }

    // \+ [a-z0-9]+ ([-_.][a-z0-9]+)*
    fn local(&mut self) -> bool {
        if !self.one_of(b"+") || !self.alnums() {
            return false;
        }
        loop {
            let start = self.pos;
            if !(self.one_of(b"-_.") && self.alnums()) {
                self.pos = start;
                return true;
            }
        }
    }

    fn alnums(&mut self) -> bool {
        let start = self.pos;
        while self.next().is_some_and(|c| c.is_ascii_alphanumeric()) {
            self.pos += 1;
        }
        self.pos > start
    }
}

/// The `[[package]]` tables of a TOML lockfile (poetry, uv, pdm) as one
/// format's dependency graph reads them.
fn package_tables<P: serde::de::DeserializeOwned>(text: &str) -> Result<Vec<P>, String> {
    #[derive(serde::Deserialize)]
    #[serde(bound = "P: serde::de::DeserializeOwned")]
    struct Lock<P> {
        #[serde(default)]
        package: Vec<P>,
    }
    let lock: Lock<P> = toml::from_str(text).map_err(|e| e.message().to_string())?;
    Ok(lock.package)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Requirement<'_> {
        match parse_requirement(s) {
            Ok(r) => r,
            Err(e) => panic!("{s:?} should parse: {e}"),
        }
    }

    fn bad(s: &str) -> String {
        match parse_requirement(s) {
            Ok(r) => panic!("{s:?} should fail, got {r:?}"),
            Err(e) => e,
        }
    }

    // Each case was checked against `packaging.requirements.Requirement`.
    #[test]
    fn accepts_what_packaging_accepts() {
        let r = ok("requests [security, socks] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"");
        assert_eq!(r.name, "requests");
        assert_eq!(r.extras, ["security", "socks"]);
        assert_eq!(r.specifiers, [">= 2.8.1", "== 2.8.*"]);
        assert_eq!(r.marker, Some("python_version < \"2.7\""));
        assert_eq!(r.specifier_text().as_deref(), Some(">=2.8.1,==2.8.*"));
        assert_eq!(r.pinned_version(), None);
        for s in [
            "foo===abc",
            "foo (==1.0)",
            "foo(>=1)",
            "foo==v1.0",
            "foo==1.0+local",
            "foo!=1.*",
            "foo[]==1",
            "foo==1.0,",
            "foo ==1.0, >= 2",
            "foo===1.0*",
            "foo==1.0.post1.dev2+abc.def",
            "foo==01.02",
            "foo==1.0rc",
            "foo==1.0-1",
            "foo==1!2.0",
            "foo>=1.0a1",
            "foo== 1.0",
            "foo\t==1.0",
            "A.B-C_D",
            "foo_",
            "foo ; python_version >= \"3\" and (os_name == 'nt' or extra in \"x\")",
            "foo;sys.platform not in 'linux'",
            "foo>=1,<2 ; extra==\"x\"",
        ] {
            ok(s);
        }
        let r = ok("foo @ https://x/y.whl ; python_version<\"3\"");
        assert_eq!(r.url, Some("https://x/y.whl"));
        assert_eq!(
            ok("foo@https://x;python_version<'3'").url,
            Some("https://x;python_version<'3'")
        );
        assert_eq!(ok("yolo===1.0").pinned_version().as_deref(), Some("1.0"));
        assert_eq!(
            ok("qwerty   == 0.1").pinned_version().as_deref(),
            Some("0.1")
        );
        assert_eq!(ok("asdf==0.7.*").pinned_version(), None);
        assert_eq!(ok("a==1,>=0").pinned_version(), None);
        for s in [
            "a_",
            "foo; os_name==\"a\"or os_name==\"b\"",
            "foo;os_name==\"a\"and(os_name==\"b\")",
            "foo ; \"a\"in\"b\"",
            "foo==1.0a.",
            "foo==1.0.post",
            "foo==1.0-r",
            "foo==1.*,",
            "foo @ file:///x",
            "foo[bar] @ https://x ; os_name==\"nt\"",
            "foo ; os.name == \"x\"",
            "foo ; platform.python_implementation == \"x\"",
            "foo ; os_name in\"x\"",
            "foo==1.0;python_version<\"3\"",
            "a === 1.0_post_1,!=\t1.0b,!=\t1.0+local",
            "a ===1.0,,===1.* ;\timplementation_version >= \"3\"",
            "a ===1.0, ,>=2",
            "x1 === 1.0,,!=1.0",
            "a >=1 ,",
            "a ===1é",
        ] {
            ok(s);
        }
        assert_eq!(ok("a ===1.0,,,>=1").specifiers, ["===1.0", ">=1"]);
        assert_eq!(ok("a===1.0,").pinned_version().as_deref(), Some("1.0"));
    }

    #[test]
    fn rejects_what_packaging_rejects() {
        for s in [
            "asdf==",
            "==1.0",
            "asdf 1.0",
            "foo>=1.0+local",
            "foo~=1",
            "foo==1.*.*",
            "foo<=1.*",
            "a-",
            "-a",
            "foo==1.0 bar",
            "foo[a b]",
            "foo==1.0 ;",
            "foo=1.0",
            "foo;bad marker",
            "foo @",
            "foo @ ",
            "foo<>1",
            "foo (==1.0",
            "foo[a",
            "foo ; (os_name == 'nt'",
            "foo ; os_name = 'nt'",
            "foo ; os_name not 'nt'",
            "foo @ https://x bar",
            "a.",
            "foo ; extra == \"a\" and extras",
            "foo>=1.0.*",
            "foo==1.0rc1.*",
            "foo>=1.0+Loc",
            "foo ;python_version<\"3\" and",
            "a === 1.0pre,<> ,== V2",
            "a ===1.0 , ,>=2",
            "a >=1, ,<2",
            "a >=1 é",
            "a ===a,b",
            "a ===,>=1",
            "a ===1,<>",
        ] {
            bad(s);
        }
        assert!(
            bad("asdf 1.0")
                .starts_with("Expected semicolon (after name with no version specifier) or end")
        );
        assert!(bad("foo<=1.*").contains("can only be used with `==` or `!=`"));
    }

    #[test]
    fn marker_nesting_is_bounded() {
        let deep = format!(
            "foo ; {}os_name == 'nt'{}",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        assert!(bad(&deep).contains("nested more than"));
        let fine = format!("foo ; {}os_name == 'nt'{}", "(".repeat(50), ")".repeat(50));
        ok(&fine);
    }

    #[test]
    fn url_sources() {
        assert_eq!(url_source("git+https://github.com/a/b"), Source::Git);
        assert_eq!(url_source("hg+http://x/y"), Source::Git);
        assert_eq!(url_source("git://x/y"), Source::Git);
        assert_eq!(
            url_source("https://codeload.github.com/a/b/tar.gz/v1"),
            Source::Git
        );
        assert_eq!(
            url_source("https://github.com/a/b/archive/1.zip"),
            Source::Url
        );
        assert_eq!(url_source("file:///tmp/x"), Source::Path);
        assert_eq!(url_source("./x"), Source::Path);
        assert_eq!(url_source("C:\\x\\y.whl"), Source::Path);
    }

    #[test]
    fn deep_toml_fails_without_overflowing_the_stack() {
        for (open, close) in [("[", "]"), ("{a=", "}")] {
            let text = format!("x = {}1{}\n", open.repeat(256), close.repeat(256));
            assert!(Toml::new(&text).doc().is_err());
        }
    }

    #[test]
    fn toml_errors_are_one_line() {
        let err = Toml::new("a = 1\nthis is not toml\n")
            .doc()
            .err()
            .unwrap_or_default();
        assert!(err.starts_with("line 2: "), "{err}");
        assert!(!err.contains('\n'));
    }

    /// (block start line, `name@line` of its packages, top-level keys).
    type Block = (u32, Vec<String>, Vec<String>);

    fn blocks(text: &str) -> Result<Vec<Block>, String> {
        let toml = Toml::new(text);
        let mut out = Vec::new();
        toml.blocks("package", |doc| {
            let names = doc
                .tables(&doc.root, "package")?
                .iter()
                .map(|e| {
                    Ok(format!(
                        "{}@{}",
                        doc.as_str(doc.name(e)?, "name")?,
                        doc.line_of(doc.name(e)?)
                    ))
                })
                .collect::<Result<_, String>>()?;
            let keys = doc
                .root
                .iter()
                .map(|(k, _)| k.get_ref().to_string())
                .collect();
            out.push((doc.lines.line(doc.offset), names, keys));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn blocks_split_only_at_top_level_headers() {
        let text = r#"# header
version = 1

[[package]]
name = "a"
description = """
[[package]]
name = "not-a-package"
"""
wheels = [
  """
[[package]]
""",
]

[package.source]
git = "x"

[[package]]
name = 'b' # [[package]]
x = '[['
y = "]]\"]"
[[package]]
name = "c"
[metadata]
files = {}
"#;
        let got = blocks(text).unwrap();
        let names: Vec<_> = got.iter().map(|(line, n, _)| (*line, n.clone())).collect();
        assert_eq!(
            names,
            [
                (1, vec![]),
                (4, vec!["a@5".to_string()]),
                (19, vec!["b@20".to_string()]),
                (23, vec!["c@24".to_string()]),
            ]
        );
        assert_eq!(got[3].2, ["metadata", "package"]);
        // The same document parsed whole agrees.
        let toml = Toml::new(text);
        let whole = toml.doc().unwrap();
        assert_eq!(whole.tables(&whole.root, "package").unwrap().len(), 3);
    }

    /// Every TOML lockfile among the fixtures reads the same in blocks as whole.
    #[test]
    fn blocks_agree_with_the_whole_file_on_fixtures() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/lockfiles");
        let mut checked = 0;
        for eco in ["pypi", "crates.io"] {
            let Ok(cases) = std::fs::read_dir(root.join(eco)) else {
                continue;
            };
            for case in cases.flatten() {
                for (file, key) in [
                    ("poetry.lock", "package"),
                    ("uv.lock", "package"),
                    ("pdm.lock", "package"),
                    ("pylock.toml", "packages"),
                    ("Cargo.lock", "package"),
                ] {
                    let Ok(text) = std::fs::read_to_string(case.path().join(file)) else {
                        continue;
                    };
                    let toml = Toml::new(&text);
                    let Ok(whole) = toml.doc() else {
                        continue;
                    };
                    let lines = |doc: &Doc| -> Vec<u32> {
                        doc.tables(&doc.root, key)
                            .unwrap_or_default()
                            .iter()
                            .map(|e| doc.line_of(e))
                            .collect()
                    };
                    let mut in_blocks = Vec::new();
                    toml.blocks(key, |doc| {
                        in_blocks.extend(lines(&doc));
                        Ok(())
                    })
                    .unwrap();
                    assert_eq!(lines(&whole), in_blocks, "{}", case.path().display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 20, "only {checked} fixtures found");
    }

    #[test]
    fn header_search_without_multi_line_strings() {
        let text = "version = 1\r\n[[package]]\r\nname = \"a\"\r\nx = \"[[package]]\"\r\n  [[package]]  # b\r\nname = \"b\"\r\n[[package]]x\r\n# [[package]]\r\n[[package.wheels]]\r\n";
        assert_eq!(header_offsets(text, "package"), [13, 57]);
        assert_eq!(scanned_header_offsets(text, "[[package]]"), [13, 57]);
    }

    #[test]
    fn blocks_fail_where_the_file_does() {
        let broken = "[[package]]\nname = \"a\"\n\n[[package]]\nname = \"b\n";
        assert!(blocks(broken).unwrap_err().starts_with("line 5: "));
        let first = blocks("[[package]]\nname = \"a\"\n[[package]]\nname = \"b\"\n").unwrap();
        assert_eq!(first.len(), 2);
        assert!(blocks("").unwrap().iter().all(|(_, n, _)| n.is_empty()));
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new("a\nbb\n\nc");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(1), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(5), 3);
        assert_eq!(idx.line(6), 4);
        assert_eq!(idx.line(99), 4);
    }
}
