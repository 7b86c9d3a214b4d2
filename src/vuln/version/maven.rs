//! Maven versions, ordered per the POM reference's "Version Order Specification" (what OSV
//! implements and Maven's `ComparableVersion` approximates).
//!
//! A version is split into tokens at `.`, `-` and digit/letter transitions (a transition
//! counts as `-`); each token remembers its separator. Qualifiers are case-insensitive,
//! `cr` = `rc`, `ga` = `final` = `release` = the empty qualifier, and `a`/`b`/`m` directly
//! followed by a number mean `alpha`/`beta`/`milestone`. Null tokens (`0`, empty) are trimmed
//! from the end and before every remaining `-`. Qualifiers order as
//! `alpha < beta < milestone < rc < snapshot < "" < sp < unknown ones (lexical)`.
//!
//! Both Maven and the spec compare token by token with a padding that depends on the other
//! side's separator, which is not transitive: `1 < 1.sp < 1-alpha < 1` and
//! `2.0.rc < 2 < 2-1 < 2.0.rc` each hold there. A [`VersionKey`](super::VersionKey) must be
//! totally ordered, so where the two versions first differ we compare, in this order:
//! 1. the *sign* of each remainder — whether it sorts below a release (its first non-null
//!    token is alpha…snapshot), is empty, or sorts above (a number, `sp`, an unknown
//!    qualifier) — which is how both compare a remainder against nothing (`1-alpha < 1 <
//!    1-1`, `1.0.0.CR1 < 1.0.0`);
//! 2. then the two tokens in place, by the spec: `.qualifier < -qualifier < -number <
//!    .number`, qualifiers by the list above, numbers by value (`2.0-1 < 2.0.1`,
//!    `7.0.0pre3 < 7.0.0.pre4`).
//!
//! This is a lexicographic order over (sign, token) steps, hence total. It departs from
//! Maven only where Maven is inconsistent: `2.9.0-1` sorts after `2.9.0.RC1` here, as
//! `2.9.0.RC1 < 2.9.0 < 2.9.0-1` says, where Maven 3.8 puts it before.

use super::number::Number;
use std::cmp::Ordering;

/// One step per token, trailing null tokens trimmed; an all-null version is empty, so equal
/// keys are identical.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MavenKey(Vec<Step>);

/// How the rest of a version, from some token on, compares with nothing at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Sign {
    Below,
    /// Only what a missing step counts as; no stored step has it.
    Null,
    Above,
}

/// The sign of the remainder starting at a token, then the token.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Step {
    sign: Sign,
    token: Token,
}

/// Declaration order is the spec's order between separators.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Token {
    DotQualifier(Qualifier),
    HyphenQualifier(Qualifier),
    HyphenNumber(Number),
    DotNumber(Number),
}

/// Known qualifiers by rank (alpha 0, beta 1, milestone 2, rc 3, snapshot 4, "" 5, sp 6),
/// then unknown ones in lexical order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Qualifier {
    Known(u8),
    Other(Box<str>),
}

const RELEASE: u8 = 5;

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Number(Number),
    Qualifier(String),
}

impl Value {
    fn is_null(&self) -> bool {
        match self {
            Value::Number(n) => n.is_zero(),
            Value::Qualifier(q) => q.is_empty(),
        }
    }
}

/// A token as split, and whether a `-` (or a digit/letter transition) introduced it.
struct Raw {
    hyphen: bool,
    value: Value,
}

pub(crate) fn key(version: &str) -> MavenKey {
    let raws = trimmed(tokens(version));
    if raws.iter().all(|raw| raw.value.is_null()) {
        return MavenKey(Vec::new());
    }
    let mut steps = Vec::with_capacity(raws.len());
    let mut sign = Sign::Null;
    for raw in raws.iter().rev() {
        let token = token(raw);
        if !raw.value.is_null() {
            sign = match &token {
                Token::DotQualifier(q) | Token::HyphenQualifier(q)
                    if *q < Qualifier::Known(RELEASE) =>
                {
                    Sign::Below
                }
                _ => Sign::Above,
            };
        }
        steps.push(Step { sign, token });
    }
    steps.reverse();
    MavenKey(steps)
}

fn token(raw: &Raw) -> Token {
    match (&raw.value, raw.hyphen) {
        (Value::Number(n), false) => Token::DotNumber(n.clone()),
        (Value::Number(n), true) => Token::HyphenNumber(n.clone()),
        (Value::Qualifier(q), false) => Token::DotQualifier(qualifier(q)),
        (Value::Qualifier(q), true) => Token::HyphenQualifier(qualifier(q)),
    }
}

fn qualifier(name: &str) -> Qualifier {
    match name {
        "alpha" => Qualifier::Known(0),
        "beta" => Qualifier::Known(1),
        "milestone" => Qualifier::Known(2),
        "rc" => Qualifier::Known(3),
        "snapshot" => Qualifier::Known(4),
        "" => Qualifier::Known(RELEASE),
        "sp" => Qualifier::Known(6),
        other => Qualifier::Other(other.into()),
    }
}

/// Splits at `.`, `-` and digit/non-digit transitions, normalising qualifiers.
fn tokens(version: &str) -> Vec<Raw> {
    let lower = version.to_lowercase();
    let mut tokens = Vec::new();
    let mut hyphen = false;
    let mut rest = lower.as_str();
    loop {
        let end = rest.find(['.', '-']).unwrap_or(rest.len());
        let (raw, tail) = rest.split_at(end);
        let runs: Vec<&str> = super::number::digit_runs(raw).collect();
        if runs.is_empty() {
            tokens.push(Raw {
                hyphen,
                value: Value::Number(Number::ZERO),
            });
        }
        for (i, run) in runs.iter().enumerate() {
            let followed_by_number = i + 1 < runs.len();
            tokens.push(Raw {
                hyphen: hyphen || i > 0,
                value: value(run, followed_by_number),
            });
        }
        let Some(separator) = tail.chars().next() else {
            break;
        };
        hyphen = separator == '-';
        rest = &tail[1..];
    }
    tokens
}

fn value(run: &str, followed_by_number: bool) -> Value {
    if let Some(number) = Number::parse(run) {
        return Value::Number(number);
    }
    let qualifier = match run {
        "a" if followed_by_number => "alpha",
        "b" if followed_by_number => "beta",
        "m" if followed_by_number => "milestone",
        "cr" => "rc",
        "ga" | "final" | "release" => "",
        other => other,
    };
    Value::Qualifier(qualifier.to_owned())
}

/// Drops null tokens from the end, then before each remaining hyphen, back to front; the
/// first token always stays. One backward pass, so long inputs cost linear time.
fn trimmed(tokens: Vec<Raw>) -> Vec<Raw> {
    let mut keep = vec![true; tokens.len()];
    let mut i = tokens.len().saturating_sub(1);
    while i > 0 {
        if tokens[i].value.is_null() {
            keep[i] = false;
            i -= 1;
            continue;
        }
        // Skip back to the hyphen that opened this part, then trim what precedes it.
        while !tokens[i].hyphen {
            if i == 0 {
                break;
            }
            i -= 1;
        }
        i = i.saturating_sub(1);
    }
    tokens
        .into_iter()
        .zip(keep)
        .filter_map(|(token, keep)| keep.then_some(token))
        .collect()
}

impl Ord for MavenKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.0.len().max(other.0.len());
        (0..len)
            .map(|i| match (self.0.get(i), other.0.get(i)) {
                (Some(a), Some(b)) => a.cmp(b),
                (Some(a), None) => a.sign.cmp(&Sign::Null),
                (None, Some(b)) => Sign::Null.cmp(&b.sign),
                (None, None) => Ordering::Equal,
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for MavenKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Maven accepts any string as a version; we ask for something printable without spaces.
pub(crate) fn is_valid(version: &str) -> bool {
    !version.is_empty() && !version.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{Equal, Less};

    fn cmp(a: &str, b: &str) -> Ordering {
        key(a).cmp(&key(b))
    }

    #[test]
    fn spec_order() {
        let ascending = [
            "1-alpha",
            "1-alpha-1",
            "1-beta-1",
            "1-milestone-1",
            "1-rc-1",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-abc",
            "1-1",
            "1.0.1",
            "1.1",
        ];
        for (i, a) in ascending.iter().enumerate() {
            for b in &ascending[i + 1..] {
                assert_eq!(cmp(a, b), Less, "{a} < {b}");
            }
        }
    }

    #[test]
    fn aliases_and_trimming() {
        for (a, b) in [
            ("1", "1.0.0"),
            ("1", "1-0"),
            ("1", "1.ga"),
            ("1", "1-final"),
            ("1", "1.RELEASE"),
            ("1cr", "1rc"),
            ("1a1", "1-alpha-1"),
            ("1m3", "1-MILESTONE-3"),
            ("1x", "1.0.0-x"),
            ("1.0-1", "1-1"),
            ("1-ga-1", "1-1"),
            ("1.", "1"),
            ("", "0"),
            ("1-foo", "1.0.0-foo.0.0"),
        ] {
            assert_eq!(cmp(a, b), Equal, "{a} = {b}");
        }
        assert_eq!(cmp("1.0.0.CR1", "1.0.0.Final"), Less);
        assert_eq!(cmp("2.0-1", "2.0.1"), Less);
        assert_eq!(cmp("7.0.0pre3", "7.0.0.pre4"), Less);
        assert_eq!(cmp("v0.0.5", "0.0.1.beta6"), Less);
        assert_eq!(cmp("2.9.0.RC1", "2.9.0-1"), Less);
        assert!(is_valid("1.0-SNAPSHOT"));
        assert!(!is_valid("1.0 beta"));
    }
}
