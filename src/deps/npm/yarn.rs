//! yarn.lock: classic (v1, yarn's own format) and berry (v2+, YAML with a
//! `__metadata` entry).
//!
//! Classic entries are a header of comma-separated `name@range` specs ending
//! in `:`, then indented `key value` fields; nested sections (`dependencies:`)
//! are read for syntax only. Name and source come from the header and the
//! `resolved` URL. Berry entries name their package in `resolution`.

use super::{
    Text, lines, looks_like_version, npm_package, parse_yaml, source_of, split_name_spec, unalias,
    yaml_key_lines,
};
use crate::deps::graph::{Graph, Node};
use crate::deps::{Input, Package, Source};
use serde::Deserialize;
use std::borrow::Cow;
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
    ["__metadata:", "\"__metadata\":"]
        .iter()
        .any(|key| text.starts_with(key) || text.contains(&format!("\n{key}")))
}

// ---------------------------------------------------------------- classic

/// One classic entry while it is read: what its package needs. Strings are
/// borrowed from the file unless they had escapes.
struct Entry<'t> {
    /// The first spec of the header.
    spec: Cow<'t, str>,
    line: u32,
    version: Option<Cow<'t, str>>,
    resolved: Option<Cow<'t, str>>,
    integrity: Option<Cow<'t, str>>,
}

impl<'t> Entry<'t> {
    /// A field of the entry's own; the first one of a name counts.
    // The `Cow` itself is cloned (not its text) so a borrowed value stays borrowed.
    #[allow(clippy::ptr_arg)]
    fn set(&mut self, key: &str, value: &Cow<'t, str>) {
        let slot = match key {
            "version" => &mut self.version,
            "resolved" => &mut self.resolved,
            "integrity" => &mut self.integrity,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value.clone());
        }
    }
}

fn parse_classic(text: &str) -> Result<Vec<Package>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    // Indentation of the current entry's own fields, set by its first field.
    let mut field_indent: Option<usize> = None;
    let mut tokens = Vec::new();
    for (n, raw) in lines(text).enumerate() {
        let line = n as u32 + 1;
        let at = |e: String| format!("line {line}: {e}");
        let content = raw.trim_start_matches([' ', '\t']);
        let indent = raw.len() - content.len();
        tokenize(content, &mut tokens).map_err(at)?;
        if tokens.is_empty() {
            continue;
        }
        if indent == 0 {
            let spec = header(&tokens).map_err(at)?;
            entries.push(Entry {
                spec: spec.clone(),
                line,
                version: None,
                resolved: None,
                integrity: None,
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
        if let Some((key, value)) = field(&tokens).map_err(at)?
            && indent == own
        {
            entry.set(key, value);
        }
    }
    Ok(entries.iter().map(classic_package).collect())
}

#[derive(Debug, PartialEq)]
enum Token<'t> {
    Str(Cow<'t, str>),
    Colon,
    Comma,
}

/// The tokens of one line (after its indentation) into `tokens`, as yarn's
/// tokenizer cuts them: `"quoted"` strings (JSON escapes), bare words ending
/// at a space, `:` or `,`, and `#` comments.
fn tokenize<'t>(line: &'t str, tokens: &mut Vec<Token<'t>>) -> Result<(), String> {
    tokens.clear();
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let Some(&c) = rest.as_bytes().first() else {
            return Ok(());
        };
        let (token, len) = match c {
            b'#' => return Ok(()),
            b':' => (Token::Colon, 1),
            b',' => (Token::Comma, 1),
            b'"' => {
                let end = quoted_end(rest).ok_or("unterminated string")?;
                let quoted = rest.get(..=end).unwrap_or(rest);
                (Token::Str(unquote(quoted)?), end + 1)
            }
            _ => {
                let end = word_end(rest);
                (
                    Token::Str(Cow::Borrowed(rest.get(..end).unwrap_or(rest))),
                    end,
                )
            }
        };
        tokens.push(token);
        rest = rest.get(len..).unwrap_or("");
    }
}

/// Where a bare word ends: at a space, tab, `:` or `,`.
fn word_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let end = memchr::memchr3(b' ', b':', b',', bytes).unwrap_or(bytes.len());
    memchr::memchr(b'\t', bytes.get(..end).unwrap_or(bytes)).unwrap_or(end)
}

/// The value of a `"quoted"` string, read as JSON; borrowed when it has
/// nothing JSON would decode or reject (escapes, control characters).
fn unquote(quoted: &str) -> Result<Cow<'_, str>, String> {
    let inner = quoted.get(1..quoted.len() - 1).unwrap_or("");
    if !inner.bytes().any(|b| b == b'\\' || b < 0x20) {
        return Ok(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(quoted)
        .map(Cow::Owned)
        .map_err(|_| format!("invalid string {quoted}"))
}

/// Byte index of the quote closing the string that opens `s`.
fn quoted_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut j = 1;
    while let Some(found) = memchr::memchr2(b'"', b'\\', bytes.get(j..)?) {
        j += found;
        if bytes.get(j) == Some(&b'"') {
            return Some(j);
        }
        j += 2; // an escape and the character it escapes
    }
    None
}

/// `spec, spec, …:`: the first spec of an entry.
fn header<'a, 't>(tokens: &'a [Token<'t>]) -> Result<&'a Cow<'t, str>, String> {
    const EXPECTED: &str = "expected an entry header `name@range:`";
    let mut first = None;
    let mut tokens = tokens.iter();
    loop {
        match tokens.next() {
            Some(Token::Str(s)) => {
                first.get_or_insert(s);
            }
            _ => return Err(EXPECTED.into()),
        }
        match tokens.next() {
            Some(Token::Comma) => continue,
            Some(Token::Colon) if tokens.next().is_none() => {
                return first.ok_or_else(|| EXPECTED.to_string());
            }
            _ => return Err(EXPECTED.into()),
        }
    }
}

/// `key value`, `key: value` (a field) or `key:` (a nested section, `None`).
fn field<'a, 't>(tokens: &'a [Token<'t>]) -> Result<Option<(&'a str, &'a Cow<'t, str>)>, String> {
    let mut tokens = tokens.iter();
    let Some(Token::Str(key)) = tokens.next() else {
        return Err("expected `key value` or `key:`".into());
    };
    let mut next = tokens.next();
    // Several keys share a section: `"a", "b":`.
    while next == Some(&Token::Comma) {
        match tokens.next() {
            Some(Token::Str(_)) => next = tokens.next(),
            _ => return Err("expected a key after `,`".into()),
        }
    }
    let colon = next == Some(&Token::Colon);
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
    let first = entry.spec.as_ref();
    let (name, range) = split_name_spec(first).unwrap_or((first, ""));
    let (name, range) = unalias(name, range);
    let resolved = entry.resolved.as_deref();
    let spec_source = source_of(range);
    let source = match resolved {
        // The registry served it from a URL of its own making.
        Some(url) if source_of(url) == Source::Url && spec_source == Source::Registry => {
            Source::Registry
        }
        Some(url) => source_of(url),
        None => spec_source,
    };
    let mut p = npm_package(name, entry.version.as_deref().map(str::to_string), source);
    p.line = Some(entry.line);
    p.integrity = entry.integrity.as_deref().map(str::to_string);
    if source != Source::Registry {
        p.location = Some(resolved.unwrap_or(range).to_string());
    }
    p
}

/// The edges of a yarn.lock (classic or berry): see [`graph_classic`] and
/// [`graph_berry`].
pub fn graph(text: &str) -> Result<Graph, String> {
    if is_berry(text) {
        graph_berry(text)
    } else {
        graph_classic(text)
    }
}

/// Classic: each entry's `dependencies` and `optionalDependencies` (`name
/// "range"`), resolved to the entry whose header lists `name@range`. A
/// classic lockfile does not say what the project requires: the roots are
/// what nothing depends on.
fn graph_classic(text: &str) -> Result<Graph, String> {
    // Per entry: its package's node and the `name@range` specs it depends on.
    let mut entries: Vec<(Node, Vec<String>)> = Vec::new();
    let mut by_spec: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut current: Option<Entry> = None;
    let mut field_indent: Option<usize> = None;
    let mut in_dependencies = false;
    let mut tokens = Vec::new();
    let finish = |entry: Option<Entry>, entries: &mut Vec<(Node, Vec<String>)>| {
        if let Some(entry) = entry
            && let Some((node, _)) = entries.last_mut()
        {
            let p = classic_package(&entry);
            *node = Node::new(p.name, p.version);
        }
    };
    for (n, raw) in lines(text).enumerate() {
        let at = |e: String| format!("line {}: {e}", n + 1);
        let content = raw.trim_start_matches([' ', '\t']);
        let indent = raw.len() - content.len();
        tokenize(content, &mut tokens).map_err(at)?;
        if tokens.is_empty() {
            continue;
        }
        if indent == 0 {
            let spec = header(&tokens).map_err(at)?.clone();
            finish(current.take(), &mut entries);
            for token in &tokens {
                if let Token::Str(s) = token {
                    by_spec.entry(s.to_string()).or_insert(entries.len());
                }
            }
            entries.push((Node::new("", None), Vec::new()));
            current = Some(Entry {
                spec,
                line: 0,
                version: None,
                resolved: None,
                integrity: None,
            });
            field_indent = None;
            in_dependencies = false;
            continue;
        }
        let (Some(entry), Some((_, deps))) = (current.as_mut(), entries.last_mut()) else {
            return Err(at("indented line before the first entry".into()));
        };
        let own = *field_indent.get_or_insert(indent);
        if indent < own {
            return Err(at("indentation does not match the lines above".into()));
        }
        let field = field(&tokens).map_err(at)?;
        if indent == own {
            match field {
                Some((key, value)) => {
                    entry.set(key, value);
                    in_dependencies = false;
                }
                None => {
                    in_dependencies = matches!(
                        tokens.first(),
                        Some(Token::Str(k)) if k == "dependencies" || k == "optionalDependencies"
                    );
                }
            }
        } else if in_dependencies && let Some((name, range)) = field {
            deps.push(format!("{name}@{range}"));
        }
    }
    finish(current.take(), &mut entries);
    let edges = entries
        .iter()
        .map(|(node, specs)| {
            let mut deps: Vec<Node> = specs
                .iter()
                .filter_map(|s| by_spec.get(s.as_str()))
                .filter_map(|&i| entries.get(i).map(|(n, _)| n.clone()))
                .collect();
            deps.sort();
            deps.dedup();
            (node.clone(), deps)
        })
        .collect();
    Ok(Graph { roots: None, edges })
}

// ---------------------------------------------------------------- berry

/// Strings are borrowed from the file.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct BerryEntry<'t> {
    #[serde(borrow)]
    version: Option<Text<'t>>,
    #[serde(borrow)]
    resolution: Option<Text<'t>>,
    #[serde(borrow)]
    checksum: Option<Text<'t>>,
}

fn parse_berry(text: &str) -> Result<Vec<Package>, String> {
    let docs: Vec<BTreeMap<Text, Option<BerryEntry>>> = parse_yaml(text)?;
    let lines = yaml_key_lines(text, None, 0);
    let mut out = Vec::new();
    for doc in &docs {
        for (key, entry) in doc {
            if key.as_str() == "__metadata" {
                continue;
            }
            let Some(entry) = entry else { continue };
            if let Some(mut p) = berry_package(key, entry)? {
                p.line = lines.get(key.as_str()).copied();
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
    let mut p = npm_package(name, entry.version.as_deref().map(str::to_string), source);
    p.integrity = entry.checksum.as_deref().map(str::to_string);
    if source != Source::Registry {
        p.location = Some(reference.to_string());
    }
    Ok(Some(p))
}

/// A berry entry as the dependency graph needs it.
#[derive(Deserialize)]
struct BerryGraphEntry<'t> {
    #[serde(borrow)]
    version: Option<Text<'t>>,
    #[serde(borrow)]
    resolution: Option<Text<'t>>,
    #[serde(borrow, default)]
    dependencies: BTreeMap<Text<'t>, Text<'t>>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional: BTreeMap<Text<'t>, Text<'t>>,
}

/// Berry: each entry's `dependencies` (`name: descriptor range`), resolved
/// to the entry whose key lists `name@range` (or `name@npm:range`: older
/// files leave the default protocol out of the range). The project's own
/// entry (`name@workspace:.`) gives the roots.
fn graph_berry(text: &str) -> Result<Graph, String> {
    let docs: Vec<BTreeMap<Text, Option<BerryGraphEntry>>> = parse_yaml(text)?;
    let entries: Vec<(&str, &BerryGraphEntry)> = docs
        .iter()
        .flatten()
        .filter(|(key, _)| key.as_str() != "__metadata")
        .filter_map(|(key, entry)| Some((key.as_str(), entry.as_ref()?)))
        .collect();
    // Per entry: its package's node, `None` for the project itself.
    let mut nodes: Vec<Option<Node>> = Vec::with_capacity(entries.len());
    let mut by_descriptor: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::new();
    for (i, (key, entry)) in entries.iter().enumerate() {
        let shown = BerryEntry {
            version: entry.version.clone(),
            resolution: entry.resolution.clone(),
            checksum: None,
        };
        nodes.push(berry_package(key, &shown)?.map(|p| Node::new(p.name, p.version)));
        for descriptor in key.split(',') {
            by_descriptor.entry(descriptor.trim()).or_insert(i);
        }
    }
    let resolve = |name: &str, range: &str| -> Option<Node> {
        let i = by_descriptor
            .get(format!("{name}@{range}").as_str())
            .or_else(|| by_descriptor.get(format!("{name}@npm:{range}").as_str()))?;
        nodes.get(*i).cloned().flatten()
    };
    let mut roots: Option<Vec<Node>> = None;
    let mut edges = Vec::with_capacity(entries.len());
    for ((_, entry), node) in entries.iter().zip(&nodes) {
        let mut deps: Vec<Node> = entry
            .dependencies
            .iter()
            .chain(&entry.optional)
            .filter_map(|(name, range)| resolve(name, range))
            .collect();
        deps.sort();
        deps.dedup();
        match node {
            Some(node) => edges.push((node.clone(), deps)),
            None => roots.get_or_insert_default().extend(deps),
        }
    }
    if let Some(roots) = &mut roots {
        roots.sort();
        roots.dedup();
    }
    Ok(Graph { roots, edges })
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

    #[test]
    fn fast_yaml_reader_agrees_with_serde_saphyr() {
        use crate::deps::npm::{full_yaml, simple_yaml};
        type Berry<'t> = BTreeMap<Text<'t>, Option<BerryEntry<'t>>>;
        let sample = "# This file is generated by running \"yarn install\" inside your project.\n\n__metadata:\n  version: 8\n  cacheKey: 10c0\n\n\"@a/b@npm:^1.0.0, @a/b@npm:^1.1.0\":\n  version: 1.2.0\n  resolution: \"@a/b@npm:1.2.0\"\n  dependencies:\n    c: \"npm:^2\"\n  peerDependenciesMeta:\n    d:\n      optional: true\n  checksum: 10c0/abc\n  languageName: node\n  linkType: hard\n\n\"root@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"root@workspace:.\"\n  bin:\n    x: ./bin/x.js\n  languageName: unknown\n  linkType: soft\n";
        let texts = std::iter::once(sample.to_string()).chain(simple_yaml::mutations(sample, 3000));
        let mut read = 0;
        for text in texts {
            if let Some(fast) = simple_yaml::read::<Berry>(&text) {
                assert_eq!(Ok(fast), full_yaml::<Berry>(&text), "{text}");
                read += 1;
            }
        }
        assert!(read > 300, "only {read} edits read");
    }

    #[test]
    fn classic_quoted_strings_are_json() {
        let text = "\"a@^1\":\n  version \"1\\u002e0.0\"\n  resolved \"https://r.example/a/-/a-1.0.0.tgz\"\n";
        let got = parse_text(text).unwrap();
        assert_eq!(got[0].version.as_deref(), Some("1.0.0"));
        let err = parse_text("\"a@^1\":\n  version \"1.0\t.0\"\n").unwrap_err();
        assert!(err.starts_with("line 2: invalid string"), "{err}");
    }
}
