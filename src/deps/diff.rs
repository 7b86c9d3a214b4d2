//! The package diff of one lockfile or manifest between two versions: added,
//! removed and changed packages, keyed by (ecosystem, name).
//!
//! Per name, entries with the same version and source on both sides are
//! unchanged (unless their integrity hash disappeared); if exactly one old and
//! one new entry remain it is a change, otherwise the leftovers are removed
//! and added (a second version of a package is an addition).

use super::{Ecosystem, Package};
use serde::Serialize;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Version,
    /// The leading number of the version grew.
    Major,
    /// The new version sorts lower than the old one.
    Downgrade,
    /// Registry, git, path or URL changed.
    Source,
    /// Same version and source, but the recorded hash is gone.
    IntegrityRemoved,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub old: Package,
    pub new: Package,
    pub kinds: Vec<ChangeKind>,
}

/// The package diff of one file, in one commit when scanning history.
#[derive(Debug, Clone)]
pub struct FileDiff {
    pub path: String,
    pub commit: Option<std::sync::Arc<crate::detect::Commit>>,
    pub diff: PackageDiff,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageDiff {
    pub added: Vec<Package>,
    pub removed: Vec<Package>,
    pub changed: Vec<Changed>,
}

impl PackageDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn key(p: &Package) -> (Ecosystem, &str) {
    (p.ecosystem, &p.name)
}

fn sorted(list: &[Package]) -> Vec<&Package> {
    let mut refs: Vec<&Package> = list.iter().collect();
    if !refs.is_sorted_by(|a, b| key(a) <= key(b)) {
        refs.sort_by(|a, b| key(a).cmp(&key(b)));
    }
    refs
}

pub fn diff(old: &[Package], new: &[Package]) -> PackageDiff {
    // Both sides sorted by (ecosystem, name) — parsers already return them
    // sorted by name — and walked together, group by group.
    let (old, new) = (sorted(old), sorted(new));
    let (mut i, mut j) = (0, 0);
    let mut out = PackageDiff::default();
    while i < old.len() || j < new.len() {
        let k = match (old.get(i), new.get(j)) {
            (Some(o), Some(n)) => key(o).min(key(n)),
            (Some(o), None) => key(o),
            (None, Some(n)) => key(n),
            (None, None) => break,
        };
        let (i0, j0) = (i, j);
        while old.get(i).is_some_and(|p| key(p) == k) {
            i += 1;
        }
        while new.get(j).is_some_and(|p| key(p) == k) {
            j += 1;
        }
        let (olds, news) = (&old[i0..i], &new[j0..j]);
        // Most groups are one package, unchanged.
        if let ([o], [n]) = (olds, news)
            && (&o.version, o.source) == (&n.version, n.source)
            && (o.integrity.is_none() || n.integrity.is_some())
        {
            continue;
        }
        diff_group(&mut out, olds.to_vec(), news.to_vec());
    }
    out
}

/// One (ecosystem, name): what is left after pairing identical entries.
fn diff_group(out: &mut PackageDiff, mut olds: Vec<&Package>, mut news: Vec<&Package>) {
    // Identical on both sides: unchanged, unless the hash went away.
    olds.retain(|o| {
        let Some(pos) = news
            .iter()
            .position(|n| n.version == o.version && n.source == o.source)
        else {
            return true;
        };
        let n = news.remove(pos);
        if o.integrity.is_some() && n.integrity.is_none() {
            out.changed.push(Changed {
                old: (*o).clone(),
                new: n.clone(),
                kinds: vec![ChangeKind::IntegrityRemoved],
            });
        }
        false
    });
    if let ([o], [n]) = (olds.as_slice(), news.as_slice()) {
        out.changed.push(Changed {
            old: (*o).clone(),
            new: (*n).clone(),
            kinds: kinds(o, n),
        });
        return;
    }
    out.removed.extend(olds.into_iter().cloned());
    out.added.extend(news.into_iter().cloned());
}

fn kinds(o: &Package, n: &Package) -> Vec<ChangeKind> {
    let mut k = version_kinds(o.version.as_deref(), n.version.as_deref());
    if o.source != n.source {
        k.push(ChangeKind::Source);
    }
    k
}

/// What a version change from `old` to `new` is: nothing if equal, else
/// [`ChangeKind::Version`], plus [`ChangeKind::Major`] when the leading number
/// grew and [`ChangeKind::Downgrade`] when the new version sorts lower.
pub fn version_kinds(old: Option<&str>, new: Option<&str>) -> Vec<ChangeKind> {
    let mut k = Vec::new();
    if old != new {
        k.push(ChangeKind::Version);
        if let (Some(a), Some(b)) = (old, new) {
            if let (Some(ma), Some(mb)) = (leading_number(a), leading_number(b))
                && mb > ma
            {
                k.push(ChangeKind::Major);
            }
            if compare_versions(b, a) == Ordering::Less {
                k.push(ChangeKind::Downgrade);
            }
        }
    }
    k
}

fn leading_number(v: &str) -> Option<u64> {
    let v = v.trim_start_matches(['v', 'V', '=', '^', '~']);
    let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A version order good across ecosystems for telling up from down: numbers
/// compare as numbers, text as text, and a version followed by a text part
/// (`1.0.0-beta`, `2.0rc1`) sorts before the bare version.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let (ta, tb) = (tokens(a), tokens(b));
    for (x, y) in ta.iter().zip(&tb) {
        let ord = match (x, y) {
            (Token::Num(x), Token::Num(y)) => x.cmp(y),
            (Token::Text(x), Token::Text(y)) => x.cmp(y),
            (Token::Num(_), Token::Text(_)) => Ordering::Greater,
            (Token::Text(_), Token::Num(_)) => Ordering::Less,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    let tail = |rest: &[Token]| match rest.first() {
        None => Ordering::Equal,
        Some(Token::Num(_)) => Ordering::Greater,
        Some(Token::Text(_)) => Ordering::Less,
    };
    match ta.len().cmp(&tb.len()) {
        Ordering::Equal => Ordering::Equal,
        Ordering::Greater => tail(&ta[tb.len()..]),
        Ordering::Less => tail(&tb[ta.len()..]).reverse(),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Num(u128),
    Text(String),
}

fn tokens(v: &str) -> Vec<Token> {
    let v = v.trim_start_matches(['v', 'V']);
    // Build metadata does not order versions.
    let v = v.split('+').next().unwrap_or(v);
    let mut out = Vec::new();
    let mut chars = v.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                n.push(d);
                chars.next();
            }
            out.push(Token::Num(n.parse().unwrap_or(u128::MAX)));
        } else if c.is_ascii_alphabetic() {
            let mut t = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_alphabetic()) {
                t.push(d.to_ascii_lowercase());
                chars.next();
            }
            out.push(Token::Text(t));
        } else {
            chars.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::Source;

    fn pkg(name: &str, version: &str) -> Package {
        Package::new(Ecosystem::Npm, name, Some(version.into()))
    }

    #[test]
    fn ordering() {
        assert_eq!(compare_versions("1.0.100", "1.0.136"), Ordering::Less);
        assert_eq!(compare_versions("1.0.0-beta", "1.0.0"), Ordering::Less);
        assert_eq!(compare_versions("2.0rc1", "2.0"), Ordering::Less);
        assert_eq!(compare_versions("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare_versions("1.0.0+build", "1.0.0"), Ordering::Equal);
        assert_eq!(compare_versions("2024.2.2", "2024.2.2"), Ordering::Equal);
    }

    #[test]
    fn change_kinds() {
        let d = diff(
            &[
                pkg("toml", "0.5.9"),
                pkg("serde", "1.0.136"),
                pkg("gone", "1.0.0"),
            ],
            &[
                pkg("toml", "1.0.0"),
                pkg("serde", "1.0.100"),
                pkg("new", "2.0.0"),
            ],
        );
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.removed.len(), 1);
        let kinds: Vec<_> = d
            .changed
            .iter()
            .map(|c| (c.new.name.as_str(), c.kinds.clone()))
            .collect();
        assert!(kinds.contains(&("toml", vec![ChangeKind::Version, ChangeKind::Major])));
        assert!(kinds.contains(&("serde", vec![ChangeKind::Version, ChangeKind::Downgrade])));
    }

    #[test]
    fn second_version_is_an_addition_and_hash_loss_is_a_change() {
        let d = diff(
            &[pkg("a", "1.0.0")],
            &[pkg("a", "1.0.0"), pkg("a", "2.0.0")],
        );
        assert_eq!((d.added.len(), d.changed.len()), (1, 0));
        let mut with_hash = pkg("b", "1.0.0");
        with_hash.integrity = Some("sha512-x".into());
        let d = diff(&[with_hash], &[pkg("b", "1.0.0")]);
        assert_eq!(d.changed[0].kinds, vec![ChangeKind::IntegrityRemoved]);
        let mut git = pkg("c", "1.0.0");
        git.source = Source::Git;
        let d = diff(&[pkg("c", "1.0.0")], &[git]);
        assert_eq!(d.changed[0].kinds, vec![ChangeKind::Source]);
    }
}
