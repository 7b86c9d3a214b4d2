//! PyPI versions: PEP 440 ordering, with non-PEP 440 ("legacy") strings sorted before every
//! valid version.
//!
//! Valid versions are read with PEP 440's normalisation (appendix B's grammar: case-
//! insensitive, optional `v`, `alpha`/`beta`/`c`/`pre`/`preview` spellings, `-`/`_`/`.`
//! separators, implicit numbers, `1.0-1` as a post-release) and ordered like `packaging`:
//! epoch, release (trailing zeros ignored), pre-release (a dev-only release sorts before
//! `a0`), post, dev, local (numeric segments above alphanumeric ones).
//!
//! Old PyPI uploads have versions like `0.9-doduo` or `2.0.1rc2-git`; OSV orders them with
//! the `LegacyVersion` rule of `packaging` before 22: an epoch of -1 (so below everything
//! valid) and setuptools' part list. We keep that part list but compare its numbers by value
//! rather than as eight-digit zero-padded strings (identical up to eight digits).

use super::number::Number;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Pep440Key {
    /// Declared first: every legacy version sorts below every valid one.
    Legacy(Vec<LegacyPart>),
    Valid(Box<Release>),
}

/// Fields in comparison order; the derived order is `packaging`'s `_cmpkey`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Release {
    epoch: Number,
    /// Trailing zeros removed, so `1.0` and `1` are one key.
    release: Vec<Number>,
    pre: Pre,
    post: Option<Number>,
    dev: Dev,
    local: Option<Vec<LocalSegment>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum PreLabel {
    Alpha,
    Beta,
    Candidate,
}

/// `1.0.dev0` < `1.0a0` < `1.0`: a dev release without pre or post sorts first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Pre {
    DevOnly,
    Labelled(PreLabel, Number),
    Final,
}

/// A dev release sorts before the same version without one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Dev {
    Dev(Number),
    None,
}

/// Local segments: alphanumeric ones below numeric ones.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum LocalSegment {
    Text(Box<str>),
    Number(Number),
}

/// setuptools' legacy parts: text (stored without the `*` marker) sorts below numbers,
/// as `*…` sorts below zero-padded digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum LegacyPart {
    Text(Box<str>),
    Number(Number),
}

pub(crate) fn key(version: &str) -> Pep440Key {
    match parse(version) {
        Some(release) => Pep440Key::Valid(Box::new(release)),
        None => Pep440Key::Legacy(legacy_parts(version)),
    }
}

pub(crate) fn is_valid(version: &str) -> bool {
    parse(version).is_some()
}

/// A cursor over the lowercased version; every optional group restores it when it fails.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn eat(&mut self, prefix: &str) -> bool {
        let found = self.rest().starts_with(prefix);
        if found {
            self.pos += prefix.len();
        }
        found
    }

    /// The first of `words` the input starts with (callers list longer spellings first).
    fn eat_word(&mut self, words: &[&'static str]) -> Option<&'static str> {
        let word = words.iter().find(|w| self.rest().starts_with(**w))?;
        self.pos += word.len();
        Some(word)
    }

    fn eat_separator(&mut self) -> bool {
        self.eat("-") || self.eat("_") || self.eat(".")
    }

    fn digits(&mut self) -> Option<Number> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        self.pos += end;
        Some(Number::from_digits(&rest[..end]))
    }
}

/// PEP 440 appendix B's regular expression, as a hand-written parser.
fn parse(version: &str) -> Option<Release> {
    let lower = version.trim().to_lowercase();
    let mut c = Cursor {
        text: &lower,
        pos: 0,
    };
    c.eat("v");

    let mut epoch = Number::ZERO;
    let mut first = c.digits()?;
    if c.eat("!") {
        epoch = first;
        first = c.digits()?;
    }
    let mut release = vec![first];
    loop {
        let save = c.pos;
        match c.eat(".").then(|| c.digits()).flatten() {
            Some(number) => release.push(number),
            None => {
                c.pos = save;
                break;
            }
        }
    }
    while release.last().is_some_and(Number::is_zero) {
        release.pop();
    }

    let pre = pre_release(&mut c);
    let post = post_release(&mut c);
    let dev = dev_release(&mut c);

    let mut local = None;
    if c.eat("+") {
        let text = c.rest();
        let segments: Vec<&str> = text.split(['-', '_', '.']).collect();
        let valid = segments
            .iter()
            .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !valid {
            return None;
        }
        local = Some(
            segments
                .into_iter()
                .map(|s| match Number::parse(s) {
                    Some(n) => LocalSegment::Number(n),
                    None => LocalSegment::Text(s.into()),
                })
                .collect(),
        );
        c.pos = lower.len();
    }
    if !c.rest().is_empty() {
        return None;
    }

    let pre = match (pre, &post, &dev) {
        (Some((label, n)), _, _) => Pre::Labelled(label, n),
        (None, None, Some(_)) => Pre::DevOnly,
        (None, _, _) => Pre::Final,
    };
    Some(Release {
        epoch,
        release,
        pre,
        post,
        dev: dev.map_or(Dev::None, Dev::Dev),
        local,
    })
}

fn pre_release(c: &mut Cursor) -> Option<(PreLabel, Number)> {
    let save = c.pos;
    c.eat_separator();
    let label = match c.eat_word(&["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
        Some("alpha" | "a") => PreLabel::Alpha,
        Some("beta" | "b") => PreLabel::Beta,
        Some(_) => PreLabel::Candidate,
        None => {
            c.pos = save;
            return None;
        }
    };
    Some((label, optional_number(c)))
}

fn post_release(c: &mut Cursor) -> Option<Number> {
    let save = c.pos;
    if c.eat("-")
        && let Some(n) = c.digits()
    {
        return Some(n);
    }
    c.pos = save;
    c.eat_separator();
    if c.eat_word(&["post", "rev", "r"]).is_none() {
        c.pos = save;
        return None;
    }
    Some(optional_number(c))
}

fn dev_release(c: &mut Cursor) -> Option<Number> {
    let save = c.pos;
    c.eat_separator();
    if !c.eat("dev") {
        c.pos = save;
        return None;
    }
    Some(optional_number(c))
}

/// `[-_.]?[0-9]*` after a label; a missing number is 0. A separator without a number stays
/// consumed, as the regular expression's greedy match does.
fn optional_number(c: &mut Cursor) -> Number {
    c.eat_separator();
    c.digits().unwrap_or(Number::ZERO)
}

/// `packaging`'s `_legacy_cmpkey`: the lowercased string split into digit runs, letter runs,
/// `.` and `-` (and whatever lies between), with `pre`/`preview`/`rc` → `c`, `dev` → `@`,
/// `-` → `final-`, a `final` marker appended, zeros before text dropped and `final-` dropped
/// before a pre-release tag.
fn legacy_parts(version: &str) -> Vec<LegacyPart> {
    let lower = version.to_lowercase();
    let mut parts: Vec<LegacyPart> = Vec::new();
    for piece in legacy_pieces(&lower).chain(std::iter::once("final")) {
        let piece = match piece {
            "pre" | "preview" | "rc" => "c",
            "-" => "final-",
            "dev" => "@",
            other => other,
        };
        if piece.is_empty() || piece == "." {
            continue;
        }
        if let Some(number) = Number::parse(piece) {
            parts.push(LegacyPart::Number(number));
            continue;
        }
        if piece < "final" {
            while matches!(parts.last(), Some(LegacyPart::Text(t)) if &**t == "final-") {
                parts.pop();
            }
        }
        while parts.last() == Some(&LegacyPart::Number(Number::ZERO)) {
            parts.pop();
        }
        parts.push(LegacyPart::Text(piece.into()));
    }
    parts
}

/// `re.split(r"(\d+|[a-z]+|\.|-)", s)`: matches and the text between them, in order.
fn legacy_pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let class = |c: char| {
            if c.is_ascii_digit() {
                0
            } else if c.is_ascii_lowercase() {
                1
            } else if c == '.' || c == '-' {
                2
            } else {
                3
            }
        };
        let kind = class(first);
        let end = match kind {
            // `.` and `-` are single-character matches.
            2 => first.len_utf8(),
            _ => rest
                .char_indices()
                .find(|&(_, c)| class(c) != kind)
                .map_or(rest.len(), |(i, _)| i),
        };
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{self, Equal, Less};

    fn cmp(a: &str, b: &str) -> Ordering {
        key(a).cmp(&key(b))
    }

    #[test]
    fn normalises_spellings() {
        for (a, b) in [
            ("1.0RC1", "1.0rc1"),
            ("1.0-post1", "1.0.post1"),
            ("1.0-1", "1.0.post1"),
            ("1.0.r", "1.0.post0"),
            ("1.0rev2", "1.0.post2"),
            ("v1.0", "1.0"),
            ("1.0.0", "1"),
            ("0!1.0", "1.0"),
            ("1.0alpha", "1.0a0"),
            ("1.0-beta.2", "1.0b2"),
            ("1.0c1", "1.0rc1"),
            ("1.0preview1", "1.0rc1"),
            ("1.0.DEV", "1.0.dev0"),
            ("1.0a-", "1.0a0"),
            ("  1.0  ", "1.0"),
            ("1.0+Ubuntu.1", "1.0+ubuntu-1"),
            ("1.0+01", "1.0+1"),
        ] {
            assert_eq!(cmp(a, b), Equal, "{a} = {b}");
            assert!(is_valid(a), "{a}");
        }
    }

    #[test]
    fn orders_like_packaging() {
        let ascending = [
            "1.0.dev0",
            "1.0a0.dev1",
            "1.0a0",
            "1.0a1.post1",
            "1.0b1",
            "1.0rc1",
            "1.0",
            "1.0+abc",
            "1.0+abc.5",
            "1.0+1",
            "1.0.post1.dev3",
            "1.0.post1",
            "1.1.dev1",
            "1.1",
            "1!0.1",
        ];
        for (i, a) in ascending.iter().enumerate() {
            for b in &ascending[i + 1..] {
                assert_eq!(cmp(a, b), Less, "{a} < {b}");
            }
        }
    }

    #[test]
    fn legacy_versions_sort_first() {
        for legacy in [
            "0.9-doduo",
            "2.0.1rc2-git",
            "1.0-",
            "1.0.",
            "1.0+",
            "latest",
            "",
        ] {
            assert!(!is_valid(legacy), "{legacy}");
            assert_eq!(cmp(legacy, "0.0.dev0"), Less, "{legacy}");
        }
        assert_eq!(cmp("0.1-bulbasaur", "0.1-charmander"), Less);
        assert_eq!(cmp("0.9-ivysaur", "1.0-ivysaur"), Less);
        assert_eq!(cmp("1.0-x", "1.0.0-x"), Equal);
        assert_eq!(cmp("2.0-pre-git", "2.0-rc-git"), Equal);
    }
}
