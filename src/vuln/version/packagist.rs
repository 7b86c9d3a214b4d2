//! Packagist (Composer) versions, ordered the way OSV orders them: PHP's `version_compare`
//! after a light canonicalisation.
//!
//! A leading `v`/`V` is dropped, `-`, `_` and `+` act like `.`, and a digit/non-digit
//! boundary splits a component (`1.0rc1` = `1.0.rc.1`). Each component is a number or a
//! stability word recognised by its prefix: `dev` (and any unknown word) < `a`lpha <
//! `b`eta < `RC`/`rc` < numbers < `p`atch/`pl`. A missing component compares like PHP's `#`
//! placeholder: below any number, above every pre-release word, so `1.0` < `1.0.0` and
//! `1.0-RC1` < `1.0`.
//!
//! PHP itself puts `#` level with numbers in place yet below them when padding, which is not
//! a total order (`1.2.3.#` = `1.2.3` < `1.2.3.1` = `1.2.3.#`); here a literal `#` always
//! acts as padding. Empty components (`1..2`) are skipped, as PHP's tokenizer does.

use super::number::Number;
use std::cmp::Ordering;

/// Components with trailing padding removed, so equal keys are identical.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct PackagistKey(Vec<Component>);

/// Declaration order is the comparison order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Component {
    Dev,
    Alpha,
    Beta,
    ReleaseCandidate,
    /// `#`, and the padding of the shorter version.
    Placeholder,
    Number(Number),
    Patch,
}

pub(crate) fn key(version: &str) -> PackagistKey {
    let text = version.strip_prefix(['v', 'V']).unwrap_or(version);
    let mut components: Vec<Component> = text
        .split(['.', '-', '_', '+'])
        .flat_map(super::number::digit_runs)
        .map(component)
        .collect();
    while components.last() == Some(&Component::Placeholder) {
        components.pop();
    }
    PackagistKey(components)
}

fn component(run: &str) -> Component {
    if let Some(number) = Number::parse(run) {
        return Component::Number(number);
    }
    // The order of these checks is PHP's table order: `dev` before `a`, and so on.
    if run.starts_with("RC") || run.starts_with("rc") {
        Component::ReleaseCandidate
    } else if run.starts_with("dev") {
        Component::Dev
    } else if run.starts_with('a') {
        Component::Alpha
    } else if run.starts_with('b') {
        Component::Beta
    } else if run.starts_with('#') {
        Component::Placeholder
    } else if run.starts_with('p') {
        Component::Patch
    } else {
        Component::Dev
    }
}

impl Ord for PackagistKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.0.len().max(other.0.len());
        (0..len)
            .map(|i| {
                let a = self.0.get(i).unwrap_or(&Component::Placeholder);
                let b = other.0.get(i).unwrap_or(&Component::Placeholder);
                a.cmp(b)
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for PackagistKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What Composer's `VersionParser::normalize` accepts, simplified: `v?`, one to four numbers,
/// an optional stability suffix (`stable`, `RC`, `beta`, `b`, `alpha`, `a`, `patch`, `pl`,
/// `p`, each with optional numbers) and an optional `-dev`; or a `dev-<branch>`.
pub(crate) fn is_valid(version: &str) -> bool {
    if let Some(branch) = version.strip_prefix("dev-") {
        return !branch.is_empty() && !branch.contains(char::is_whitespace);
    }
    let text = version.strip_prefix(['v', 'V']).unwrap_or(version);
    let lower = text.to_ascii_lowercase();
    let lower = lower
        .split_once('+')
        .map_or(lower.as_str(), |(main, _)| main);
    let (lower, _) = strip_dev_suffix(lower);
    let numeric_end = lower
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(lower.len());
    let (numbers, suffix) = lower.split_at(numeric_end);
    let numbers_ok = {
        let parts: Vec<&str> = numbers.split('.').collect();
        (1..=4).contains(&parts.len()) && parts.iter().all(|p| Number::parse(p).is_some())
    };
    numbers_ok && (suffix.is_empty() || is_stability_suffix(suffix))
}

fn strip_dev_suffix(text: &str) -> (&str, bool) {
    for suffix in ["-dev", ".dev", "dev"] {
        if let Some(main) = text.strip_suffix(suffix)
            && !main.is_empty()
        {
            return (main, true);
        }
    }
    (text, false)
}

fn is_stability_suffix(suffix: &str) -> bool {
    let body = suffix.strip_prefix(['.', '_', '-']).unwrap_or(suffix);
    let word_end = body
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(body.len());
    let (word, numbers) = body.split_at(word_end);
    let known = matches!(
        word,
        "stable" | "rc" | "beta" | "b" | "alpha" | "a" | "patch" | "pl" | "p"
    );
    known
        && numbers
            .split(['.', '-'])
            .enumerate()
            .all(|(i, part)| (i == 0 && part.is_empty()) || Number::parse(part).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{Equal, Greater, Less};

    fn cmp(a: &str, b: &str) -> Ordering {
        key(a).cmp(&key(b))
    }

    #[test]
    fn stability_order() {
        let ascending = [
            "1.0-dev", "1.0a1", "1.0b1", "1.0RC1", "1.0", "1.0.0", "1.0pl1",
        ];
        for (i, a) in ascending.iter().enumerate() {
            for b in &ascending[i + 1..] {
                assert_eq!(cmp(a, b), Less, "{a} < {b}");
            }
        }
        assert_eq!(cmp("1.0rc1", "1.0RC1"), Equal);
        assert_eq!(cmp("v1.0.0", "V1.0.0"), Equal);
        assert_eq!(cmp("1.25.0-beta2.1", "1.25.0-b.2.1"), Equal);
        assert_eq!(cmp("dev-foo", "1.26.0"), Less);
        assert_eq!(cmp("1.2.3.#.p3", "1.2.3"), Greater);
        assert_eq!(cmp("1.2.3.#.beta", "1.2.3"), Less);
        assert_eq!(cmp("1.2.3.#", "1.2.3"), Equal);
        assert_eq!(cmp("1..2", "1.2"), Equal);
    }

    #[test]
    fn validates_composer_versions() {
        for good in [
            "1.0.0",
            "v2.3",
            "1.0.0-beta2",
            "1.0.0-RC1",
            "1.0.0.1",
            "2.0.0-dev",
            "dev-main",
            "1.0.0-p1",
            "1.0.0-stable",
            "1.0.0alpha.1",
        ] {
            assert!(is_valid(good), "{good}");
        }
        for bad in ["", "1.0.0.0.0", "foo", "1.0.0-banana", "v", "dev-", "1..0"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
