//! Typosquats: a new package whose name is one slip away from a popular one.
//!
//! Attackers register names a hurried human (or a model) types instead of a
//! popular package: one key off (`reqeusts`), a separator swapped (`crossenv`),
//! a look-alike glyph (`rnocha`), an affix added (`python-requests`), an npm
//! scope flattened (`types-node`). The popular lists ship in the binary
//! (`data/popular/`, most downloaded first); any name on them is legitimate.

use super::Ecosystem;
use super::normal_form::{letters, normal_form, squash};
use std::cmp::Ordering;
use std::ops::RangeInclusive;

/// Names shorter than this collide with each other at distance 1 too often.
const MIN_EDIT_LEN: usize = 4;
/// From this length on, two edits still look like the same name.
const TWO_EDITS_LEN: usize = 9;

/// What a suspicious name resembles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resemblance {
    /// The popular package it resembles.
    pub target: String,
    /// 1 = most downloaded.
    pub rank: usize,
    pub how: &'static str,
}

/// A popular list as tables built at compile time (see `build.rs`): lookups
/// are binary searches over static data, so nothing is set up at run time.
pub struct Table {
    /// Distinct normal forms, sorted, one a line; targets carry `\t<rank>`.
    sorted: &'static str,
    /// Offset in `sorted` of each target's line, in rank order (3 bytes LE).
    by_rank: &'static [u8],
    /// Target ranks (2 bytes LE) sorted by (name without separators, rank).
    squashed: &'static [u8],
    /// The registry's spelling of targets whose normal form differs, by rank.
    spellings: &'static [(u32, &'static str)],
    /// The ranks (2 bytes LE) of the edit targets (`EDIT_TARGETS`) sorted
    /// by (length of the normal form, rank).
    by_length: &'static [u8],
    /// The `letters` of each (4 bytes LE), in that order.
    length_letters: &'static [u8],
    /// For each length, the first place in `by_length` with that length or
    /// more; the last entry is one past the longest.
    length_starts: &'static [u16],
}

mod tables {
    use super::Table;
    include!(concat!(env!("OUT_DIR"), "/popular_tables.rs"));
}

impl Table {
    /// Whether `name` (in normal form) is listed, and its rank if it is a target.
    fn find(&self, name: &str) -> Option<Option<u32>> {
        let text = self.sorted.as_bytes();
        let (mut lo, mut hi) = (0, text.len());
        // `lo` and `hi` are always line starts (or the end).
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let start = memchr::memrchr(b'\n', &text[lo..mid]).map_or(lo, |i| lo + i + 1);
            let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
            let line = &self.sorted[start..end];
            let (key, rank) = match line.split_once('\t') {
                Some((k, r)) => (k, r.parse().ok()),
                None => (line, None),
            };
            match key.cmp(name) {
                Ordering::Equal => return Some(rank),
                Ordering::Less => lo = end + 1,
                Ordering::Greater => hi = start,
            }
        }
        None
    }

    /// The edit targets whose normal form is `lengths` bytes long: rank and
    /// `letters`.
    fn edit_targets(
        &self,
        lengths: RangeInclusive<usize>,
    ) -> impl Iterator<Item = (u32, u32)> + '_ {
        let last = self.length_starts.len() - 1;
        let start = |len: usize| usize::from(self.length_starts[len.min(last)]);
        (start(*lengths.start())..start(lengths.end() + 1)).map(|i| {
            let rank = u16::from_le_bytes([self.by_length[2 * i], self.by_length[2 * i + 1]]);
            let bits = &self.length_letters[4 * i..4 * i + 4];
            let letters = u32::from_le_bytes([bits[0], bits[1], bits[2], bits[3]]);
            (u32::from(rank), letters)
        })
    }

    /// The normal form of the target of `rank`.
    fn name(&self, rank: u32) -> &'static str {
        let i = rank as usize * 3;
        let b = &self.by_rank[i..i + 3];
        let start = usize::from(b[0]) | usize::from(b[1]) << 8 | usize::from(b[2]) << 16;
        let line = &self.sorted[start..];
        let end = memchr::memchr2(b'\t', b'\n', line.as_bytes()).unwrap_or(line.len());
        &line[..end]
    }

    /// How the registry spells the target of `rank`.
    fn spelling(&self, rank: u32) -> &'static str {
        match self.spellings.binary_search_by_key(&rank, |(r, _)| *r) {
            Ok(i) => self.spellings[i].1,
            Err(_) => self.name(rank),
        }
    }

    /// The best-ranked target that reads as `name` once separators are dropped.
    fn squashed(&self, name: &str) -> Option<u32> {
        let ranks = self.squashed.chunks_exact(2);
        let rank = |i: usize| {
            u32::from(u16::from_le_bytes([
                self.squashed[2 * i],
                self.squashed[2 * i + 1],
            ]))
        };
        let first = {
            let (mut lo, mut hi) = (0, ranks.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                if squash(self.name(rank(mid))).lt(squash(name)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        (first < ranks.len() && squash(self.name(rank(first))).eq(squash(name)))
            .then(|| rank(first))
    }
}

fn table(ecosystem: Ecosystem) -> Option<&'static Table> {
    match ecosystem {
        Ecosystem::Npm => Some(&tables::NPM),
        Ecosystem::PyPI => Some(&tables::PYPI),
        Ecosystem::CratesIo => Some(&tables::CRATES),
        _ => None,
    }
}

/// The form names are compared in: PyPI PEP 503, crates `_` = `-`, npm lowercase.
pub fn normalise(ecosystem: Ecosystem, name: &str) -> String {
    normal_form(ecosystem.as_str(), name)
}

/// Letter and digit counts (other characters share the last slot).
fn histogram(s: &str) -> [u8; 38] {
    let mut h = [0u8; 38];
    for b in s.bytes() {
        let i = match b {
            b'a'..=b'z' => (b - b'a') as usize,
            b'0'..=b'9' => 26 + (b - b'0') as usize,
            _ => 36,
        };
        h[i] = h[i].saturating_add(1);
    }
    h
}

/// Each edit changes the histogram by at most 2, so a larger L1 distance
/// rules a pair out without the full comparison.
fn histogram_distance(a: &[u8; 38], b: &[u8; 38]) -> usize {
    a.iter().zip(b).map(|(x, y)| x.abs_diff(*y) as usize).sum()
}

/// Is `name` on the popular list of its ecosystem?
pub fn is_popular(ecosystem: Ecosystem, name: &str) -> bool {
    table(ecosystem).is_some_and(|t| t.find(&normalise(ecosystem, name)).is_some())
}

/// The popular package `name` most likely imitates, if any.
pub fn check(ecosystem: Ecosystem, name: &str) -> Option<Resemblance> {
    let p = table(ecosystem)?;
    let n = normalise(ecosystem, name);
    if p.find(&n).is_some() {
        return None;
    }
    let mut best: Option<(u32, &'static str)> = None;
    let mut consider = |idx: u32, how: &'static str| {
        if best.is_none_or(|(b, _)| idx < b) {
            best = Some((idx, how));
        }
    };
    let target = |s: &str| p.find(s).flatten();
    let norm = |i: u32| p.name(i);
    let squashed = p.squashed(&n);

    // `@types/node` → `types-node`, `typesnode`.
    if ecosystem == Ecosystem::Npm
        && !n.starts_with('@')
        && let Some(i) = squashed
        && norm(i).starts_with('@')
    {
        consider(i, "an npm scope flattened into the name");
    }
    // Separators: `cross-env` vs `crossenv` (PyPI's normalisation already merges `-_.`).
    if let Some(i) = squashed
        && norm(i) != n
        && !norm(i).starts_with('@')
    {
        consider(i, "separators changed");
    }
    // Look-alike glyphs.
    for (from, to) in HOMOGLYPHS {
        if n.contains(from)
            && let Some(i) = target(&n.replace(from, to))
        {
            consider(i, "look-alike characters");
        }
    }
    // Affixes added to or dropped from a popular name.
    for a in affixes(ecosystem) {
        if let Some(rest) = n.strip_prefix(a.0).or_else(|| n.strip_suffix(a.1))
            && rest.len() >= 2
            && let Some(i) = target(rest)
        {
            consider(i, "a common affix added");
        }
        for form in [format!("{}{n}", a.0), format!("{n}{}", a.1)] {
            if let Some(i) = target(&form) {
                consider(i, "a common affix dropped");
            }
        }
    }
    // Edits: insert, delete, replace, swap adjacent, between names long
    // enough that a slip still reads as the same name.
    let len = n.len();
    if len >= MIN_EDIT_LEN {
        let (hist, bits) = (histogram(&n), letters(&n));
        for (i, t_bits) in p.edit_targets(len.saturating_sub(2).max(MIN_EDIT_LEN)..=len + 2) {
            // More than two edits apart (see `letters`).
            if (bits ^ t_bits).count_ones() > 4 {
                continue;
            }
            let t = p.name(i);
            let tl = t.len();
            let bound = histogram_distance(&hist, &histogram(t));
            if bound <= 2 && tl.abs_diff(len) <= 1 && one_edit(n.as_bytes(), t.as_bytes()) {
                consider(i, "one character off");
            } else if bound <= 4
                && tl.min(len) >= TWO_EDITS_LEN
                && !siblings(&n, t)
                && osa_distance(&n, t, 2) == Some(2)
            {
                consider(i, "two characters off");
            }
        }
    }
    best.map(|(i, how)| Resemblance {
        target: p.spelling(i).to_string(),
        rank: i as usize + 1,
        how,
    })
}

/// Members of one family (`gix-note` / `gix-quote`, `aws-sdk-sns` / `aws-sdk-sqs`)
/// differ only after a shared `prefix-` in a short word: two edits there make
/// another word, not a typo.
fn siblings(a: &str, b: &str) -> bool {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let family = a.as_bytes()[..common]
        .iter()
        .rposition(|b| matches!(b, b'-' | b'_' | b'.' | b'/'))
        .map_or(0, |i| i + 1);
    family > 0 && (a.len() - family).min(b.len() - family) < 6
}

/// Exactly one insertion, deletion, substitution or adjacent swap apart —
/// the slips of a typing hand. Not counted: a differing trailing digit
/// (`memmap` / `memmap2`, `dep1` / `depd` are versioned or numbered siblings)
/// and a character added in front (`crayon` / `rayon` are different words).
fn one_edit(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let trailing_digit = i + 1 >= long.len() && long.last().is_some_and(u8::is_ascii_digit)
        || i + 1 >= short.len() && short.last().is_some_and(u8::is_ascii_digit);
    if trailing_digit {
        return false;
    }
    match long.len() - short.len() {
        0 => {
            short[i + 1..] == long[i + 1..]
                || (i + 1 < short.len()
                    && short[i] == long[i + 1]
                    && short[i + 1] == long[i]
                    && short[i + 2..] == long[i + 2..])
        }
        1 => i > 0 && short[i..] == long[i + 1..],
        _ => false,
    }
}

/// Substitutions that read alike: typed form → the popular name's form.
const HOMOGLYPHS: [(&str, &str); 7] = [
    ("rn", "m"),
    ("vv", "w"),
    ("0", "o"),
    ("1", "l"),
    ("l", "1"),
    ("cl", "d"),
    ("5", "s"),
];

/// (prefix, suffix) pairs people and models attach to a package name.
fn affixes(ecosystem: Ecosystem) -> &'static [(&'static str, &'static str)] {
    match ecosystem {
        Ecosystem::PyPI => &[
            ("python-", "-python"),
            ("py", "-py"),
            ("py-", "py"),
            ("python3-", "3"),
        ],
        Ecosystem::Npm => &[
            ("node-", "-js"),
            ("js-", ".js"),
            ("node", "js"),
            ("react-", "-node"),
        ],
        Ecosystem::CratesIo => &[("rust-", "-rs"), ("rs-", "-rust")],
        _ => &[],
    }
}

/// Optimal string alignment distance (edits plus adjacent swaps), or `None` above `max`.
pub fn osa_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
        if d[i * w..(i + 1) * w].iter().min().is_some_and(|&m| m > max) {
            return None;
        }
    }
    let dist = d[a.len() * w + b.len()];
    (dist <= max).then_some(dist)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::normal_form::EDIT_TARGETS;

    fn hit(e: Ecosystem, n: &str) -> Option<String> {
        check(e, n).map(|r| r.target)
    }

    #[test]
    fn classic_typosquats() {
        assert_eq!(hit(Ecosystem::Npm, "loadsh").as_deref(), Some("lodash"));
        assert_eq!(hit(Ecosystem::Npm, "expres").as_deref(), Some("express"));
        assert_eq!(
            hit(Ecosystem::Npm, "crossenv").as_deref(),
            Some("cross-env")
        );
        assert_eq!(
            hit(Ecosystem::PyPI, "reqeusts").as_deref(),
            Some("requests")
        );
        assert_eq!(
            hit(Ecosystem::PyPI, "python-requests").as_deref(),
            Some("requests")
        );
        assert_eq!(
            hit(Ecosystem::Npm, "types-node").as_deref(),
            Some("@types/node")
        );
        assert_eq!(
            hit(Ecosystem::CratesIo, "serde_jsn").as_deref(),
            Some("serde_json")
        );
        assert_eq!(hit(Ecosystem::Npm, "rnocha").as_deref(), Some("mocha"));
    }

    #[test]
    fn popular_names_are_never_typosquats() {
        for (e, n) in [
            (Ecosystem::Npm, "lodash"),
            (Ecosystem::Npm, "@types/node"),
            (Ecosystem::PyPI, "Requests"),
            (Ecosystem::PyPI, "python_dateutil"),
            (Ecosystem::CratesIo, "serde_json"),
        ] {
            assert_eq!(check(e, n), None, "{n}");
        }
    }

    #[test]
    fn the_length_index_holds_each_edit_target_once_under_its_length() {
        for e in [Ecosystem::Npm, Ecosystem::PyPI, Ecosystem::CratesIo] {
            let t = table(e).unwrap();
            let mut all: Vec<u32> = t.edit_targets(0..=1000).map(|(r, ..)| r).collect();
            all.sort_unstable();
            let expected = (t.by_rank.len() / 3).min(EDIT_TARGETS) as u32;
            assert_eq!(all, (0..expected).collect::<Vec<_>>(), "{e:?}");
            for len in 0..40 {
                for (r, bits) in t.edit_targets(len..=len) {
                    assert_eq!(t.name(r).len(), len, "{e:?} rank {r}");
                    assert_eq!(bits, letters(t.name(r)));
                }
            }
        }
    }

    #[test]
    fn family_members_are_not_two_edit_typos() {
        assert!(siblings("gix-note", "gix-quote"));
        assert!(!siblings("reqeustsxx", "requestsab"));
        assert_eq!(hit(Ecosystem::CratesIo, "gix-note"), None);
        // Never a panic on names that are not ASCII.
        let _ = siblings("gix-é", "gix-è");
        let _ = check(Ecosystem::Npm, "lodäsh");
        let _ = check(Ecosystem::PyPI, "réquests-ünïcode-name");
    }

    #[test]
    fn one_edit_apart() {
        assert!(one_edit(b"reqeusts", b"requests"));
        assert!(one_edit(b"expres", b"express"));
        assert!(one_edit(b"lodahs", b"lodash"));
        assert!(one_edit(b"lodasx", b"lodash"));
        assert!(!one_edit(b"lodash", b"lodash"));
        assert!(!one_edit(b"abcd", b"badc"));
        assert!(!one_edit(b"memmap", b"memmap2"));
        assert!(!one_edit(b"crayon", b"rayon"));
    }

    #[test]
    fn distance() {
        assert_eq!(osa_distance("reqeusts", "requests", 2), Some(1));
        assert_eq!(osa_distance("abc", "abc", 1), Some(0));
        assert_eq!(osa_distance("kitten", "sitting", 2), None);
    }
}
