//! yarn.lock: classic (v1, yarn's own format) and berry (v2+, YAML with a
//! `__metadata` entry).
//!
//! Classic entries are a header of comma-separated `name@range` specs ending
//! in `:`, then indented `key value` fields; nested sections (`dependencies:`)
//! are read for syntax only. Name and source come from the header and the
//! `resolved` URL. Berry entries name their package in `resolution`.

use super::{
    looks_like_version, npm_package, parse_yaml, source_of, split_name_spec, unalias,
    yaml_key_lines,
};
use crate::deps::{Input, Package, Source};
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    if is_berry(input.text) {
        parse_berry(input.text)
    } else {
        parse_classic(input.text)
    }
}

/// Berry files open with a `__metadata` entry; classic ones never have it.
fn is_berry(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("__metadata:") || l.starts_with("\"__metadata\":"))
}

// ---------------------------------------------------------------- classic

/// One classic entry while it is read.
struct Entry {
    specs: Vec<String>,
    line: u32,
    fields: BTreeMap<String, String>,
}

fn parse_classic(text: &str) -> Result<Vec<Package>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    // Indentation of the current entry's own fields, set by its first field.
    let mut field_indent: Option<usize> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = n as u32 + 1;
        let at = |e: String| format!("line {line}: {e}");
        let content = raw.trim_start_matches([' ', '\t']);
        let indent = raw.len() - content.len();
        let tokens = tokenize(content).map_err(at)?;
        if tokens.is_empty() {
            continue;
        }
        if indent == 0 {
            let specs = header(tokens).map_err(at)?;
            entries.push(Entry {
                specs,
                line,
                fields: BTreeMap::new(),
            });
            field_indent = None;
            continue;
        }
        let Some(entry) = entries.last_mut() else {
            return Err(at("indented line before the first entry".into()));
        };
        let own = *field_indent.get_or_insert(indent);
        if indent < own {
            return Err(at("indentation does not match the lines above".into()));
        }
        if let Some((key, value)) = field(tokens).map_err(at)?
            && indent == own
        {
            entry.fields.entry(key).or_insert(value);
        }
    }
    Ok(entries.iter().map(classic_package).collect())
}

#[derive(Debug, PartialEq)]
enum Token {
    Str(String),
    Colon,
    Comma,
}

/// The tokens of one line (after its indentation), as yarn's tokenizer cuts
/// them: `"quoted"` strings (JSON escapes), bare words ending at a space,
/// `:` or `,`, and `#` comments.
fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let Some(c) = rest.chars().next() else {
            return Ok(tokens);
        };
        match c {
            '#' => return Ok(tokens),
            ':' => {
                tokens.push(Token::Colon);
                rest = &rest[1..];
            }
            ',' => {
                tokens.push(Token::Comma);
                rest = &rest[1..];
            }
            '"' => {
                let end = quoted_end(rest).ok_or("unterminated string")?;
                let value: String = serde_json::from_str(&rest[..=end])
                    .map_err(|_| format!("invalid string {}", &rest[..=end]))?;
                tokens.push(Token::Str(value));
                rest = &rest[end + 1..];
            }
            _ => {
                let end = rest.find([' ', '\t', ':', ',']).unwrap_or(rest.len());
                tokens.push(Token::Str(rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
    }
}

/// Byte index of the quote closing the string that opens `s`.
fn quoted_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut j = 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return Some(j),
            _ => j += 1,
        }
    }
    None
}

/// `spec, spec, …:`: the specs of an entry.
fn header(tokens: Vec<Token>) -> Result<Vec<String>, String> {
    const EXPECTED: &str = "expected an entry header `name@range:`";
    let mut specs = Vec::new();
    let mut tokens = tokens.into_iter();
    loop {
        match tokens.next() {
            Some(Token::Str(s)) => specs.push(s),
            _ => return Err(EXPECTED.into()),
        }
        match tokens.next() {
            Some(Token::Comma) => continue,
            Some(Token::Colon) if tokens.next().is_none() => return Ok(specs),
            _ => return Err(EXPECTED.into()),
        }
    }
}

/// `key value`, `key: value` (a field) or `key:` (a nested section, `None`).
fn field(tokens: Vec<Token>) -> Result<Option<(String, String)>, String> {
    let mut tokens = tokens.into_iter();
    let Some(Token::Str(key)) = tokens.next() else {
        return Err("expected `key value` or `key:`".into());
    };
    let mut next = tokens.next();
    // Several keys share a section: `"a", "b":`.
    while next == Some(Token::Comma) {
        match tokens.next() {
            Some(Token::Str(_)) => next = tokens.next(),
            _ => return Err("expected a key after `,`".into()),
        }
    }
    let colon = next == Some(Token::Colon);
    if colon {
        next = tokens.next();
    }
    match (next, tokens.next()) {
        (Some(Token::Str(value)), None) => Ok(Some((key, value))),
        (None, None) if colon => Ok(None),
        _ => Err(format!("expected a value for `{key}`")),
    }
}

fn classic_package(entry: &Entry) -> Package {
    let first = entry.specs.first().map(String::as_str).unwrap_or("");
    let (name, range) = split_name_spec(first).unwrap_or((first, ""));
    let (name, range) = unalias(name, range);
    let resolved = entry.fields.get("resolved");
    let spec_source = source_of(range);
    let source = match resolved {
        // The registry served it from a URL of its own making.
        Some(url) if source_of(url) == Source::Url && spec_source == Source::Registry => {
            Source::Registry
        }
        Some(url) => source_of(url),
        None => spec_source,
    };
    let mut p = npm_package(name, entry.fields.get("version").cloned(), source);
    p.line = Some(entry.line);
    p.integrity = entry.fields.get("integrity").cloned();
    if source != Source::Registry {
        p.location = Some(resolved.map_or(range, String::as_str).to_string());
    }
    p
}

// ---------------------------------------------------------------- berry

#[derive(Deserialize)]
struct BerryEntry {
    version: Option<String>,
    resolution: Option<String>,
    checksum: Option<String>,
}

fn parse_berry(text: &str) -> Result<Vec<Package>, String> {
    let docs: Vec<BTreeMap<String, Option<BerryEntry>>> = parse_yaml(text)?;
    let lines = yaml_key_lines(text, None, 0);
    let mut out = Vec::new();
    for doc in &docs {
        for (key, entry) in doc {
            if key == "__metadata" {
                continue;
            }
            let Some(entry) = entry else { continue };
            if let Some(mut p) = berry_package(key, entry)? {
                p.line = lines.get(key).copied();
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// A berry entry; `None` for the project itself (`name@workspace:.`).
fn berry_package(key: &str, entry: &BerryEntry) -> Result<Option<Package>, String> {
    let resolution = entry
        .resolution
        .as_deref()
        .ok_or_else(|| format!("entry `{key}` has no `resolution`"))?;
    let (name, reference) = split_name_spec(resolution).ok_or_else(|| {
        format!("entry `{key}`: resolution `{resolution}` is not `name@reference`")
    })?;
    if reference == "workspace:." {
        return Ok(None);
    }
    let source = berry_source(reference);
    let mut p = npm_package(name, entry.version.clone(), source);
    p.integrity = entry.checksum.clone();
    if source != Source::Registry {
        p.location = Some(reference.to_string());
    }
    Ok(Some(p))
}

/// The source of a berry reference (`npm:1.2.3`, `workspace:packages/a`,
/// `https://github.com/o/r.git#commit=…`, `patch:a@npm%3A1.0.0#…`).
fn berry_source(reference: &str) -> Source {
    if let Some(patched) = reference.strip_prefix("patch:") {
        // The patched locator is URL-encoded up to the `#` of the patch.
        let locator = percent_decode(patched.split('#').next().unwrap_or(patched));
        return match split_name_spec(&locator) {
            Some((_, inner)) => berry_source(inner),
            None => Source::Registry,
        };
    }
    if let Some(inner) = reference.strip_prefix("virtual:") {
        return berry_source(inner.split_once('#').map_or(inner, |(_, r)| r));
    }
    if reference.starts_with("npm:") || looks_like_version(reference) {
        return Source::Registry;
    }
    if reference.starts_with("exec:") {
        return Source::Path;
    }
    if reference.contains("#commit=") {
        return Source::Git;
    }
    source_of(reference)
}

/// `%XX` escapes decoded (invalid ones kept as written).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "yarn.lock",
            text,
            include: &include,
        })
    }

    #[test]
    fn classic_lines_integrity_location() {
        let text = "# yarn lockfile v1\n\n\"@a/b@^1.0.0\", \"@a/b@^1.1.0\":\n  version \"1.2.0\"\n  resolved \"https://registry.yarnpkg.com/@a/b/-/b-1.2.0.tgz#abc\"\n  integrity sha512-xyz==\n  dependencies:\n    c \"^2\"\n\n\"c@github:o/c#main\":\n  version \"2.0.0\"\n  resolved \"https://codeload.github.com/o/c/tar.gz/0123\"\n";
        let got = parse_text(text).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].name, "@a/b");
        assert_eq!(got[0].line, Some(3));
        assert_eq!(got[0].integrity.as_deref(), Some("sha512-xyz=="));
        assert_eq!(got[0].source, Source::Registry);
        assert_eq!(got[1].source, Source::Git);
        assert_eq!(got[1].line, Some(10));
        assert_eq!(
            got[1].location.as_deref(),
            Some("https://codeload.github.com/o/c/tar.gz/0123")
        );
    }

    #[test]
    fn classic_errors() {
        let err = parse_text("a@^1:\n  version \"1.0.0\n").unwrap_err();
        assert_eq!(err, "line 2: unterminated string");
        let err = parse_text("a@^1\n  version \"1.0.0\"\n").unwrap_err();
        assert!(err.starts_with("line 1: expected an entry header"), "{err}");
        let err = parse_text("  version \"1.0.0\"\n").unwrap_err();
        assert!(err.starts_with("line 1: "), "{err}");
    }

    #[test]
    fn classic_registry_from_an_unusual_url() {
        let text =
            "a@^1:\n  version \"1.0.0\"\n  resolved \"https://npm.example.com/download/a-1.0.0\"\n";
        assert_eq!(parse_text(text).unwrap()[0].source, Source::Registry);
    }

    #[test]
    fn berry_lines_patches_and_checksums() {
        let text = "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n\"typescript@patch:typescript@npm%3A^5.0.0#optional!builtin<compat/typescript>\":\n  version: 5.4.5\n  resolution: \"typescript@patch:typescript@npm%3A5.4.5#optional!builtin<compat/typescript>::version=5.4.5&hash=5adc0c\"\n  checksum: 10c0/abc\n  languageName: node\n  linkType: hard\n\n\"root@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"root@workspace:.\"\n";
        let got = parse_text(text).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "typescript");
        assert_eq!(got[0].version.as_deref(), Some("5.4.5"));
        assert_eq!(got[0].source, Source::Registry);
        assert_eq!(got[0].line, Some(5));
        assert_eq!(got[0].integrity.as_deref(), Some("10c0/abc"));
    }

    #[test]
    fn berry_errors_are_one_line() {
        let err = parse_text("__metadata:\n  version: 5\n\"a@npm:1\":\n  resolution: \"a@np")
            .unwrap_err();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.contains("line"), "{err}");
    }
}
