//! requirements*.txt, read the way pip reads it (`pip._internal.req.req_file`):
//!
//! 1. lines ending in `\` are joined to the next (backslashes stripped from
//!    both ends of the joined part), *before* comments are removed, so
//!    `foo==1 # \` swallows the next line; a comment line ends a join;
//! 2. a comment starts at `#` at the line start or after whitespace;
//! 3. the line splits at the first space-separated token starting with `-`:
//!    before it the requirement, after it options (shell-split, optparse
//!    style: `--hash=x`, `--hash x`, `-rfile`, unambiguous long prefixes);
//! 4. `-r`/`--requirement` files are read relative to the including file
//!    (each file once, so cycles stop), `-c` adds nothing, `-e` takes the
//!    requirement from its value, other options (`-i`, `--pre`…) are ignored.
//!
//! A requirement is a PEP 508 string, a URL or a local path. URLs and paths
//! name a package only through `#egg=NAME` or a wheel file name (which also
//! gives the version, as pip pins it); other local projects (`-e .`) and
//! unnamed archives are skipped. The version is recorded only for a single
//! `==`/`===` pin without `*`.
//!
//! Two leniencies where pip's reading depends on more than the file: a
//! requirement holding `${VAR}` (pip substitutes the environment, which ward
//! does not see) and one followed by per-requirement options (`--hash`,
//! `--config-settings`, …, whose values ward does not validate) keep their
//! name when the rest does not parse; the version is then unknown.

use super::{parse_marker, parse_requirement, url_source};
use crate::deps::{Ecosystem, Input, Package, Source, pep503};
use std::collections::HashSet;

/// `-r` chains deeper than this are a loop through symlinked directories.
const MAX_INCLUDE_DEPTH: usize = 32;

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let (dir, file) = split_path(input.path);
    let mut walk = Walk {
        include: input.include,
        root_dir: dir,
        seen: HashSet::new(),
        out: Vec::new(),
    };
    walk.seen.insert(walk.key(file));
    walk.file(input.text, "", None, 0)?;
    Ok(walk.out)
}

/// Reads a requirements file and the files it includes.
struct Walk<'a> {
    include: &'a dyn Fn(&str) -> Result<String, String>,
    /// Directory of the file given to `parse`, as written in its path.
    root_dir: &'a str,
    /// Files already read, as normalised paths.
    seen: HashSet<String>,
    out: Vec<Package>,
}

/// What one logical line says.
enum Line {
    Requirement(Requirement),
    Include(String),
    Nothing,
}

/// A requirement line before it becomes a [`Package`].
struct Requirement {
    name: String,
    version: Option<String>,
    source: Source,
    location: Option<String>,
}

impl Walk<'_> {
    /// Parse `text`, a file at `dir` (relative to the root directory).
    /// `origin` is the `-r` line of the root file that led here: entries of
    /// included files are reported at it.
    fn file(
        &mut self,
        text: &str,
        dir: &str,
        origin: Option<u32>,
        depth: usize,
    ) -> Result<(), String> {
        for (number, line) in logical_lines(text) {
            let line = strip_comment(&line).trim();
            if line.is_empty() {
                continue;
            }
            let at = origin.unwrap_or(number);
            let (args, options) = split_args_options(line);
            let options = LineOptions::parse(options).map_err(|e| format!("line {number}: {e}"))?;
            match read_line(args, &options).map_err(|e| format!("line {number}: {e}"))? {
                Line::Requirement(req) => self.out.push(package(req, at, &options)),
                Line::Include(path) => self
                    .include_file(&path, dir, at, depth)
                    .map_err(|e| format!("line {number}: {e}"))?,
                Line::Nothing => {}
            }
        }
        Ok(())
    }

    fn include_file(
        &mut self,
        path: &str,
        dir: &str,
        origin: u32,
        depth: usize,
    ) -> Result<(), String> {
        if has_scheme(path) {
            return Ok(()); // a remote file: not part of the repository
        }
        let rel = normalise(&join(dir, path));
        if !self.seen.insert(self.key(&rel)) {
            return Ok(());
        }
        if depth >= MAX_INCLUDE_DEPTH {
            return Err(format!(
                "`-r {path}`: includes nested more than {MAX_INCLUDE_DEPTH} deep"
            ));
        }
        let text = (self.include)(&rel).map_err(|e| format!("`-r {path}`: {e}"))?;
        let (sub_dir, _) = split_path(&rel);
        self.file(&text, sub_dir, Some(origin), depth + 1)
            .map_err(|e| format!("in `{path}`: {e}"))
    }

    /// The identity of a file for cycle detection.
    fn key(&self, rel: &str) -> String {
        normalise(&join(self.root_dir, rel))
    }
}

fn package(req: Requirement, line: u32, options: &LineOptions) -> Package {
    let mut p = Package::new(Ecosystem::PyPI, pep503(&req.name), req.version);
    p.source = req.source;
    p.location = req.location;
    p.line = Some(line);
    if !options.hashes.is_empty() {
        p.integrity = Some(options.hashes.join(" "));
    }
    p
}

// ---------------------------------------------------------------- lines

/// pip's `join_lines`: (first physical line number, joined text).
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let comment = line.trim_start().starts_with('#');
        if comment || !line.ends_with('\\') {
            match pending.take() {
                Some((start, mut joined)) => {
                    // The space keeps a joined comment a comment.
                    if comment {
                        joined.push(' ');
                    }
                    joined.push_str(line);
                    out.push((start, joined));
                }
                None => out.push((number, line.to_string())),
            }
        } else {
            let part = line.trim_matches('\\');
            pending
                .get_or_insert_with(|| (number, String::new()))
                .1
                .push_str(part);
        }
    }
    out.extend(pending);
    out
}

/// The line without its comment: from a `#` at the start or after whitespace.
fn strip_comment(line: &str) -> &str {
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            return line.get(..i).unwrap_or("");
        }
        prev_space = c.is_whitespace();
    }
    line
}

/// pip's `break_args_options`: the requirement is everything before the first
/// space-separated token that starts with `-`.
fn split_args_options(line: &str) -> (&str, &str) {
    let mut offset = 0;
    for token in line.split(' ') {
        if token.starts_with('-') {
            let args = line.get(..offset).unwrap_or("");
            return (
                args.strip_suffix(' ').unwrap_or(args),
                line.get(offset..).unwrap_or(""),
            );
        }
        offset += token.len() + 1;
    }
    (line, "")
}

// ---------------------------------------------------------------- options

/// The options of one line that matter here.
#[derive(Default)]
struct LineOptions {
    requirement: Option<String>,
    editable: Option<String>,
    /// `--hash` values, as written (`sha256:…`).
    hashes: Vec<String>,
    /// Any per-requirement option (`--hash`, `--config-settings`…).
    per_requirement: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Requirement,
    Editable,
    Hash,
    PerRequirement,
    Other,
}

struct OptionSpec {
    long: &'static [&'static str],
    short: Option<char>,
    takes_value: bool,
    kind: Kind,
}

impl OptionSpec {
    fn name(&self) -> &'static str {
        self.long.first().copied().unwrap_or("--")
    }
}

const fn opt(
    long: &'static [&'static str],
    short: Option<char>,
    takes_value: bool,
    kind: Kind,
) -> OptionSpec {
    OptionSpec {
        long,
        short,
        takes_value,
        kind,
    }
}

/// pip's requirements-file options, plus those older pips accepted (so old
/// files still read): `--install-option`, `-Z`, `--allow-external`…
const OPTIONS: &[OptionSpec] = &[
    opt(&["--index-url", "--pypi-url"], Some('i'), true, Kind::Other),
    opt(&["--extra-index-url"], None, true, Kind::Other),
    opt(&["--no-index"], None, false, Kind::Other),
    // `-c`: constraints restrict versions and add no package.
    opt(&["--constraint"], Some('c'), true, Kind::Other),
    opt(&["--requirement"], Some('r'), true, Kind::Requirement),
    opt(&["--editable"], Some('e'), true, Kind::Editable),
    opt(&["--find-links"], Some('f'), true, Kind::Other),
    opt(&["--no-binary"], None, true, Kind::Other),
    opt(&["--only-binary"], None, true, Kind::Other),
    opt(&["--prefer-binary"], None, false, Kind::Other),
    opt(&["--require-hashes"], None, false, Kind::Other),
    opt(&["--pre"], None, false, Kind::Other),
    opt(&["--trusted-host"], None, true, Kind::Other),
    opt(&["--use-feature"], None, true, Kind::Other),
    opt(&["--global-option"], None, true, Kind::PerRequirement),
    opt(&["--hash"], None, true, Kind::Hash),
    opt(
        &["--config-settings"],
        Some('C'),
        true,
        Kind::PerRequirement,
    ),
    opt(&["--install-option"], None, true, Kind::PerRequirement),
    opt(&["--always-unzip"], Some('Z'), false, Kind::Other),
    opt(&["--allow-external"], None, true, Kind::Other),
    opt(&["--allow-all-external"], None, false, Kind::Other),
    opt(
        &["--allow-unverified", "--allow-insecure"],
        None,
        true,
        Kind::Other,
    ),
    opt(&["--no-allow-external"], None, false, Kind::Other),
    opt(&["--no-allow-insecure"], None, false, Kind::Other),
    opt(&["--use-wheel"], None, false, Kind::Other),
    opt(&["--no-use-wheel"], None, false, Kind::Other),
    opt(&["--process-dependency-links"], None, false, Kind::Other),
];

impl LineOptions {
    /// optparse over the shell-split option text; values are not validated.
    fn parse(text: &str) -> Result<LineOptions, String> {
        let args = shell_split(text)?;
        let mut opts = LineOptions::default();
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            i += 1;
            if arg == "--" {
                break; // the rest is positional, and positional text is ignored
            }
            if let Some(long) = arg.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (long, None),
                };
                let spec = long_option(name)?;
                let value = if spec.takes_value {
                    match inline {
                        Some(v) => Some(v),
                        None => Some(next_value(&args, &mut i, spec.name())?),
                    }
                } else if inline.is_some() {
                    return Err(format!("{} option does not take a value", spec.name()));
                } else {
                    None
                };
                opts.apply(spec, value);
            } else if let Some(cluster) = arg.strip_prefix('-').filter(|c| !c.is_empty()) {
                opts.short_cluster(cluster, &args, &mut i)?;
            }
        }
        Ok(opts)
    }

    /// `-Zr file`, `-rfile`: flags may be grouped; a value is the rest of the
    /// group or the next argument.
    fn short_cluster(
        &mut self,
        cluster: &str,
        args: &[String],
        i: &mut usize,
    ) -> Result<(), String> {
        for (at, c) in cluster.char_indices() {
            let spec = OPTIONS
                .iter()
                .find(|o| o.short == Some(c))
                .ok_or_else(|| format!("no such option: -{c}"))?;
            if !spec.takes_value {
                self.apply(spec, None);
                continue;
            }
            let attached = cluster.get(at + c.len_utf8()..).unwrap_or("");
            let value = if attached.is_empty() {
                next_value(args, i, &format!("-{c}"))?
            } else {
                attached.to_string()
            };
            self.apply(spec, Some(value));
            return Ok(());
        }
        Ok(())
    }

    fn apply(&mut self, spec: &OptionSpec, value: Option<String>) {
        match spec.kind {
            Kind::Requirement => {
                self.requirement = self.requirement.take().or(value);
            }
            Kind::Editable => self.editable = self.editable.take().or(value),
            Kind::Hash => {
                self.per_requirement = true;
                self.hashes.extend(value);
            }
            Kind::PerRequirement => self.per_requirement = true,
            Kind::Other => {}
        }
    }
}

/// optparse's long option lookup: an exact name, else a unique prefix.
fn long_option(name: &str) -> Result<&'static OptionSpec, String> {
    let dashed = format!("--{name}");
    let names = OPTIONS
        .iter()
        .flat_map(|o| o.long.iter().map(move |l| (*l, o)));
    if let Some((_, spec)) = names.clone().find(|(l, _)| *l == dashed) {
        return Ok(spec);
    }
    let matches: Vec<_> = names.filter(|(l, _)| l.starts_with(&dashed)).collect();
    match matches.as_slice() {
        [(_, spec)] => Ok(spec),
        [] => Err(format!("no such option: {dashed}")),
        _ => {
            let all: Vec<&str> = matches.iter().map(|(l, _)| *l).collect();
            Err(format!("ambiguous option: {dashed} ({}?)", all.join(", ")))
        }
    }
}

fn next_value(args: &[String], i: &mut usize, option: &str) -> Result<String, String> {
    let value = args
        .get(*i)
        .cloned()
        .ok_or_else(|| format!("{option} option requires 1 argument"))?;
    *i += 1;
    Ok(value)
}

/// Python's `shlex.split` (POSIX mode): quotes group, `\` escapes outside
/// single quotes, and an unclosed quote is an error.
fn shell_split(text: &str) -> Result<Vec<String>, String> {
    let unclosed = || format!("cannot split options `{text}`: no closing quotation");
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next().ok_or_else(unclosed)? {
                        '\'' => break,
                        c => w.push(c),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next().ok_or_else(unclosed)? {
                        '"' => break,
                        // Inside double quotes `\` escapes only `"` and itself.
                        '\\' => match chars.next().ok_or_else(unclosed)? {
                            c @ ('"' | '\\') => w.push(c),
                            c => {
                                w.push('\\');
                                w.push(c);
                            }
                        },
                        c => w.push(c),
                    }
                }
            }
            '\\' => {
                let c = chars.next().ok_or_else(|| {
                    format!("cannot split options `{text}`: no escaped character")
                })?;
                word.get_or_insert_with(String::new).push(c);
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

// ---------------------------------------------------------------- requirements

/// What a line with `args` (the text before its options) and `options` asks for.
fn read_line(args: &str, options: &LineOptions) -> Result<Line, String> {
    if !args.trim().is_empty() {
        return Ok(requirement_line(args.trim(), options)?.map_or(Line::Nothing, Line::Requirement));
    }
    if let Some(editable) = &options.editable {
        return Ok(editable_line(editable)?.map_or(Line::Nothing, Line::Requirement));
    }
    if let Some(path) = &options.requirement {
        return Ok(Line::Include(path.clone()));
    }
    // `-c`, `-i`, `--pre`… say nothing about which packages are installed.
    Ok(Line::Nothing)
}

/// pip's `parse_req_from_line`: a URL, a local archive or directory, or a
/// PEP 508 requirement. `None` for things that name no package.
fn requirement_line(text: &str, options: &LineOptions) -> Result<Option<Requirement>, String> {
    let url = is_url(text);
    // pip splits markers off first: at `; ` after a URL, `;` otherwise.
    let separator = if url { "; " } else { ";" };
    let (text, marker) = match text.split_once(separator) {
        Some((t, m)) => (t.trim(), m.trim()),
        None => (text, ""),
    };
    if !marker.is_empty() {
        parse_marker(marker).map_err(|e| format!("invalid marker `{marker}`: {e}"))?;
    }
    if url {
        return link_requirement(text, text);
    }
    let (path, _extras) = strip_extras(text);
    if is_archive(path) {
        let pep508 = text
            .split_once('@')
            .is_some_and(|(before, _)| !looks_like_path(before));
        if !pep508 {
            return link_requirement(path, text);
        }
    }
    match parse_requirement(text) {
        Ok(req) => Ok(Some(from_pep508(&req))),
        // pip looks for such a directory on disk; it names no package here.
        Err(_) if is_local_project(text) => Ok(None),
        Err(e) if text.contains("${") || options.per_requirement => lenient(text, &e),
        Err(e) => Err(format!("invalid requirement `{text}`: {e}")),
    }
}

fn from_pep508(req: &super::Requirement) -> Requirement {
    match req.url {
        Some(url) => Requirement {
            name: req.name.to_string(),
            version: None,
            source: url_source(url),
            location: Some(url.to_string()),
        },
        None => Requirement {
            name: req.name.to_string(),
            version: req.pinned_version(),
            source: Source::Registry,
            location: None,
        },
    }
}

/// The name of a requirement whose rest could not be read (see the module doc).
fn lenient(text: &str, error: &str) -> Result<Option<Requirement>, String> {
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(text.len());
    let name = text
        .get(..name_end)
        .unwrap_or("")
        .trim_end_matches(['.', '-']);
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(format!("invalid requirement `{text}`: {error}"));
    }
    Ok(Some(Requirement {
        name: name.to_string(),
        version: None,
        source: Source::Registry,
        location: None,
    }))
}

/// pip's `parse_editable`: a local project (skipped unless `#egg=` names it)
/// or a VCS URL, which must name its package with `#egg=`.
fn editable_line(value: &str) -> Result<Option<Requirement>, String> {
    let (target, _extras) = strip_extras(value.trim());
    let lower = target.to_ascii_lowercase();
    let local = lower.starts_with("file:") || !has_scheme(target);
    let vcs = ["git", "hg", "svn", "bzr"].iter().any(|v| {
        lower
            .strip_prefix(v)
            .is_some_and(|s| s.starts_with('+') || s.starts_with(':'))
    });
    if !local && !vcs {
        return Err(format!(
            "`-e {value}` is neither a local project nor a VCS URL (git+, hg+, svn+, bzr+)"
        ));
    }
    let Some(name) = egg_name(target)? else {
        if local {
            return Ok(None); // the project itself, or a local one named by its build
        }
        return Err(format!("`-e {value}`: name the package with `#egg=NAME`"));
    };
    Ok(Some(Requirement {
        name,
        version: None,
        source: if local { Source::Path } else { Source::Git },
        location: Some(target.to_string()),
    }))
}

/// A URL or local archive: a wheel gives name and version, else `#egg=`.
fn link_requirement(link: &str, written: &str) -> Result<Option<Requirement>, String> {
    let source = url_source(link);
    let location = Some(written.to_string());
    let file = file_name(link);
    if has_extension(&file, ".whl") {
        let (name, version) = wheel_name(&file)?;
        return Ok(Some(Requirement {
            name,
            version: Some(version),
            source,
            location,
        }));
    }
    Ok(egg_name(link)?.map(|name| Requirement {
        name,
        version: None,
        source,
        location,
    }))
}

/// The name in `#egg=NAME` (or `&egg=`), read as a requirement as pip does.
fn egg_name(link: &str) -> Result<Option<String>, String> {
    let Some(at) = link.find("#egg=").or_else(|| link.find("&egg=")) else {
        return Ok(None);
    };
    let egg = link.get(at + 5..).unwrap_or("");
    let egg = egg.split('&').next().unwrap_or("");
    if egg.is_empty() {
        return Ok(None);
    }
    let req = parse_requirement(egg).map_err(|e| format!("invalid `#egg={egg}`: {e}"))?;
    Ok(Some(req.name.to_string()))
}

/// Name and version of `name-version(-build)?-python-abi-platform.whl`, with
/// `_` read as `-` in both, as pip pins a wheel.
fn wheel_name(file: &str) -> Result<(String, String), String> {
    let stem = file.get(..file.len().saturating_sub(4)).unwrap_or("");
    let parts: Vec<&str> = stem.split('-').collect();
    let valid = matches!(parts.len(), 5 | 6)
        && !stem.contains(char::is_whitespace)
        && parts
            .iter()
            .enumerate()
            .all(|(i, p)| i == 1 || !p.is_empty())
        && (parts.len() == 5
            || parts
                .get(2)
                .is_some_and(|b| b.starts_with(|c: char| c.is_ascii_digit())));
    let (Some(name), Some(version), true) = (parts.first(), parts.get(1), valid) else {
        return Err(format!("`{file}` is not a valid wheel file name"));
    };
    let name = name.replace('_', "-");
    let version = version.replace('_', "-");
    let pin = format!("{name}=={version}");
    match parse_requirement(&pin) {
        Ok(req) if req.pinned_version().is_some() => Ok((name, version)),
        _ => Err(format!("wheel `{file}` has an invalid version `{version}`")),
    }
}

// ---------------------------------------------------------------- paths and URLs

/// pip's `is_url`: a scheme pip can install from.
fn is_url(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let scheme = scheme.to_ascii_lowercase();
    matches!(
        scheme.as_str(),
        "http" | "https" | "file" | "ftp" | "git" | "hg" | "svn"
    ) || ["git+", "hg+", "svn+", "bzr+"]
        .iter()
        .any(|p| scheme.starts_with(p))
}

/// Does `text` start with a URL scheme (`x://`, `git+ssh:`…)? A Windows drive does not count.
fn has_scheme(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// A path to a local project directory rather than a requirement with a
/// stray `/` (which pip would reject too): path-like, and either starting
/// like a path or free of whitespace.
fn is_local_project(text: &str) -> bool {
    looks_like_path(text)
        && (text.starts_with(['.', '/', '\\', '~']) || !text.contains(char::is_whitespace))
}

fn looks_like_path(text: &str) -> bool {
    text.contains('/') || text.contains('\\') || text.starts_with('.')
}

/// `path[extra1,extra2]` → (`path`, `[extra1,extra2]`).
fn strip_extras(text: &str) -> (&str, &str) {
    if text.ends_with(']')
        && let Some(open) = text.rfind('[')
        && open > 0
        && open + 2 < text.len()
        && !text.get(open..text.len() - 1).unwrap_or("").contains(']')
    {
        return (
            text.get(..open).unwrap_or(text),
            text.get(open..).unwrap_or(""),
        );
    }
    (text, "")
}

fn is_archive(path: &str) -> bool {
    const ARCHIVES: &[&str] = &[
        ".zip",
        ".whl",
        ".tar.bz2",
        ".tbz",
        ".tar.xz",
        ".txz",
        ".tlz",
        ".tar.lz",
        ".tar.lzma",
        ".tar.gz",
        ".tgz",
        ".tar",
    ];
    ARCHIVES.iter().any(|ext| has_extension(path, ext))
}

fn has_extension(path: &str, ext: &str) -> bool {
    path.len() > ext.len()
        && path
            .get(path.len() - ext.len()..)
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The file name a URL or path ends in, without query or fragment, percent-decoded.
fn file_name(link: &str) -> String {
    let path = if has_scheme(link) {
        link.split(['#', '?']).next().unwrap_or(link)
    } else {
        link
    };
    let name = path
        .trim_end_matches('/')
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("");
    percent_decode(name)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// (`dir`, `file`) of a path; `dir` is empty for a bare file name.
fn split_path(path: &str) -> (&str, &str) {
    match path.rfind(['/', '\\']) {
        Some(i) => (path.get(..i).unwrap_or(""), path.get(i + 1..).unwrap_or("")),
        None => ("", path),
    }
}

fn join(dir: &str, path: &str) -> String {
    let absolute = path.starts_with(['/', '\\']) || path.get(1..2) == Some(":");
    if dir.is_empty() || absolute {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    }
}

/// Lexically drop `.` and resolve `..` where a component precedes it.
fn normalise(path: &str) -> String {
    let absolute = path.starts_with(['/', '\\']);
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn run_with(files: &[(&str, &str)]) -> Result<Vec<Package>, String> {
        let map: HashMap<String, String> = files
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let include = move |rel: &str| -> Result<String, String> {
            map.get(rel)
                .cloned()
                .ok_or_else(|| format!("cannot read {rel}: not found"))
        };
        let (path, text) = files[0];
        parse(&Input {
            path,
            text,
            include: &include,
        })
    }

    fn run(text: &str) -> Vec<Package> {
        match run_with(&[("requirements.txt", text)]) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    fn one(text: &str) -> Package {
        let mut all = run(text);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn lines_integrity_and_locations() {
        let all = run(
            "# c\n\ncertifi==2024.2.2 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\nsix==1.0\n",
        );
        assert_eq!(all[0].line, Some(3));
        assert_eq!(all[0].integrity.as_deref(), Some("sha256:aa sha256:bb"));
        assert_eq!(all[1].line, Some(6));
        assert_eq!(all[1].integrity, None);
        let flask = one("-e git+https://github.com/pallets/flask.git@3.0.2#egg=flask\n");
        assert_eq!((flask.name.as_str(), flask.source), ("flask", Source::Git));
        assert_eq!(
            flask.location.as_deref(),
            Some("git+https://github.com/pallets/flask.git@3.0.2#egg=flask")
        );
        let pip = one(
            "pip @ https://github.com/pypa/pip/archive/refs/tags/24.0.zip ; python_version > '3'\n",
        );
        assert_eq!(pip.source, Source::Url);
        assert_eq!(
            pip.location.as_deref(),
            Some("https://github.com/pypa/pip/archive/refs/tags/24.0.zip")
        );
        assert_eq!(
            one("foo==1.0 --hash sha256:1\n").integrity.as_deref(),
            Some("sha256:1")
        );
    }

    #[test]
    fn wheels_and_urls() {
        let w = one(
            "https://example.com/p/wxPython_Phoenix-3.0.3.dev1820%2B49a8884-cp34-none-win_amd64.whl\n",
        );
        assert_eq!(w.name, "wxpython-phoenix");
        assert_eq!(w.version.as_deref(), Some("3.0.3.dev1820+49a8884"));
        assert_eq!(w.source, Source::Url);
        let local = one("./vendor/attrs-23.2.0-py3-none-any.whl\n");
        assert_eq!(
            (local.version.as_deref(), local.source),
            (Some("23.2.0"), Source::Path)
        );
        let build = one("foo_bar-1.0-1-py3-none-any.whl\n");
        assert_eq!(
            (build.name.as_str(), build.version.as_deref()),
            ("foo-bar", Some("1.0"))
        );
        let egg = one("https://codeload.github.com/a/b/tar.gz/main#egg=b&subdirectory=x\n");
        assert_eq!((egg.name.as_str(), egg.source), ("b", Source::Git));
        assert!(
            run("https://example.com/x-1.0.tar.gz\n-e .\n-e ./local[extra]\n./local-dir\n")
                .is_empty()
        );
        assert_eq!(one("-e ./local#egg=mine\n").source, Source::Path);
        let marker = one("https://x/y-2.0-py3-none-any.whl; python_version > '3'\n");
        assert_eq!(marker.version.as_deref(), Some("2.0"));
    }

    #[test]
    fn continuation_and_comments() {
        let all = run(
            "foo==\\\n\\\n \\\n1.2.3\nbaz == 7.8.9 # \\\nbaz == 1.2.3\nbar == 4.5\\\\\n.6\nqux==1 \\\n# comment\n",
        );
        let got: Vec<_> = all
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref(), p.line))
            .collect();
        assert_eq!(
            got,
            [
                ("foo", Some("1.2.3"), Some(1)),
                ("baz", Some("7.8.9"), Some(5)),
                ("bar", Some("4.5.6"), Some(7)),
                ("qux", Some("1"), Some(9)),
            ]
        );
        assert_eq!(
            one("foo11==1.0 --hash=sha256:x;#\n").integrity.as_deref(),
            Some("sha256:x;#")
        );
    }

    #[test]
    fn options() {
        let none = "-i https://x\n--extra-index-url https://y\n--no-binary :all:\n--pre\n-f ./w\n-Zfw\n--trusted-host x\n-c c.txt\n--index-url=https://x\n--prefer-binary\n--install-option=--x\n";
        assert!(run(none).is_empty());
        assert_eq!(one("foo --global-option=x -C a=b stray\n").name, "foo");
        assert!(
            run_with(&[("requirements.txt", "--bogus\n")])
                .unwrap_err()
                .contains("no such option: --bogus")
        );
        assert!(
            run_with(&[("requirements.txt", "--hash\n")])
                .unwrap_err()
                .contains("requires 1 argument")
        );
        assert!(
            run_with(&[("requirements.txt", "--pre=1\n")])
                .unwrap_err()
                .contains("does not take a value")
        );
        assert!(
            run_with(&[("requirements.txt", "--no\n")])
                .unwrap_err()
                .contains("ambiguous")
        );
        assert!(
            run_with(&[("requirements.txt", "foo --hash='x\n")])
                .unwrap_err()
                .contains("no closing quotation")
        );
        // An unambiguous prefix works, as in optparse.
        let all = run_with(&[
            ("r.txt", "--requirem other.txt\n"),
            ("other.txt", "six==1\n"),
        ])
        .unwrap();
        assert_eq!(all[0].name, "six");
    }

    #[test]
    fn rejected_lines_name_the_line() {
        for (text, want) in [
            ("ok==1\nasdf==\n", "line 2: invalid requirement `asdf==`"),
            ("==1.0\n", "line 1: invalid requirement `==1.0`"),
            ("asdf 1.0\n", "line 1: invalid requirement `asdf 1.0`"),
            ("foo ; os_name = 'x'\n", "line 1: invalid marker"),
            (
                "-e https://example.com/x.tar.gz\n",
                "neither a local project nor a VCS URL",
            ),
            ("-e git+https://github.com/a/b\n", "#egg=NAME"),
            ("https://x/not-a-wheel.whl\n", "not a valid wheel file name"),
            (
                "requests==2.0 foo/bar\n",
                "invalid requirement `requests==2.0 foo/bar`",
            ),
        ] {
            let err = run_with(&[("requirements.txt", text)]).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn lenient_where_pip_depends_on_more_than_the_file() {
        let all = run(
            "qwert==${MY_VARIABLE_1}\nfoo7==1.0 unexpected_text --hash=sha256:1\nfoo10== --hash=sha256:1\n",
        );
        let got: Vec<_> = all
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref()))
            .collect();
        assert_eq!(got, [("qwert", None), ("foo7", None), ("foo10", None)]);
    }

    #[test]
    fn includes() {
        let files = [
            (
                "dir/requirements.txt",
                "-r sub/a.txt\n-c constraints-missing.txt\nroot==1\n",
            ),
            ("sub/a.txt", "-r ../requirements.txt\n-r b.txt\na==1\n"),
            ("sub/b.txt", "--requirement=a.txt\nb==1 --hash=sha256:b\n"),
        ];
        // Paths handed to `include` are relative to the root file's directory.
        let map: HashMap<&str, &str> = [
            ("sub/a.txt", files[1].1),
            ("sub/b.txt", files[2].1),
            ("requirements.txt", files[0].1),
        ]
        .into_iter()
        .collect();
        let include = |rel: &str| -> Result<String, String> {
            map.get(rel)
                .map(|s| s.to_string())
                .ok_or_else(|| format!("cannot read {rel}"))
        };
        let all = parse(&Input {
            path: files[0].0,
            text: files[0].1,
            include: &include,
        })
        .unwrap();
        let got: Vec<_> = all
            .iter()
            .map(|p| (p.name.as_str(), p.line, p.integrity.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("b", Some(1), Some("sha256:b")),
                ("a", Some(1), None),
                ("root", Some(3), None)
            ]
        );
        let err = run_with(&[("requirements.txt", "x==1\n\n-r ./missing.txt\n")]).unwrap_err();
        assert!(
            err.starts_with("line 3: `-r ./missing.txt`: cannot read missing.txt"),
            "{err}"
        );
        let err = run_with(&[
            ("requirements.txt", "-r a.txt\n"),
            ("a.txt", "\nbad line here\n"),
        ])
        .unwrap_err();
        assert!(
            err.starts_with("line 1: in `a.txt`: line 2: invalid requirement"),
            "{err}"
        );
    }

    #[test]
    fn paths() {
        assert_eq!(
            normalise("pip/./../pip/requirements.txt"),
            "pip/requirements.txt"
        );
        assert_eq!(normalise("../x/../y"), "../y");
        assert_eq!(normalise("/a/../../b"), "/b");
        assert_eq!(split_path("a/b/c.txt"), ("a/b", "c.txt"));
        assert_eq!(join("a", "/abs.txt"), "/abs.txt");
        assert_eq!(strip_extras("./x[a,b]"), ("./x", "[a,b]"));
        assert_eq!(
            shell_split("--hash 'a b' \"c\\\"d\" e\\ f").unwrap(),
            ["--hash", "a b", "c\"d", "e f"]
        );
        assert_eq!(
            split_args_options("foo==1  --hash=x y"),
            ("foo==1 ", "--hash=x y")
        );
        assert_eq!(
            split_args_options("foo17--hash==1.0"),
            ("foo17--hash==1.0", "")
        );
    }
}
