//! `ward sbom diff`: the components two SBOMs (or two commits) disagree on,
//! paired by purl without version ([`Entry::key`]) and judged the way
//! `ward deps diff` judges a lockfile change: per key, entries of the same
//! version on both sides are unchanged; one old and one new left is a
//! change (a downgrade or major jump is marked); anything else is removed
//! and added.

use super::read::Entry;
use crate::deps::diff::{ChangeKind, version_kinds};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub old: Entry,
    pub new: Entry,
    pub kinds: Vec<ChangeKind>,
}

/// Sorted by key, then version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SbomDiff {
    pub added: Vec<Entry>,
    pub removed: Vec<Entry>,
    pub changed: Vec<Changed>,
}

impl SbomDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

type Group<'a> = (Vec<&'a Entry>, Vec<&'a Entry>);

pub fn diff(old: &[Entry], new: &[Entry]) -> SbomDiff {
    let mut groups: BTreeMap<String, Group<'_>> = BTreeMap::new();
    for e in old {
        groups.entry(e.key()).or_default().0.push(e);
    }
    for e in new {
        groups.entry(e.key()).or_default().1.push(e);
    }
    let mut out = SbomDiff::default();
    for (_, (mut olds, mut news)) in groups {
        // A component listed twice (nested, or in two lockfiles) is one.
        for side in [&mut olds, &mut news] {
            side.sort_by(|a, b| a.version.cmp(&b.version));
            side.dedup_by(|a, b| a.version == b.version);
        }
        olds.retain(|o| match news.iter().position(|n| n.version == o.version) {
            Some(i) => {
                news.remove(i);
                false
            }
            None => true,
        });
        if let ([o], [n]) = (olds.as_slice(), news.as_slice()) {
            out.changed.push(Changed {
                old: (*o).clone(),
                new: (*n).clone(),
                kinds: version_kinds(o.version.as_deref(), n.version.as_deref()),
            });
            continue;
        }
        out.removed.extend(olds.into_iter().cloned());
        out.added.extend(news.into_iter().cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sbom::purl::Purl;

    fn entry(purl: &str) -> Entry {
        let p = Purl::parse(purl).unwrap();
        Entry {
            name: p.name.clone(),
            version: p.version.clone(),
            purl: Some(p),
            hashes: Vec::new(),
            dev: false,
        }
    }

    #[test]
    fn pairs_by_purl_without_version() {
        let d = diff(
            &[
                entry("pkg:npm/a@1.0.0"),
                entry("pkg:npm/b@2.0.0"),
                entry("pkg:cargo/c@0.5.0"),
                entry("pkg:cargo/gone@1.0.0"),
                entry("pkg:npm/same@1.0.0"),
                entry("pkg:npm/same@1.0.0"),
            ],
            &[
                entry("pkg:npm/a@2.0.0"),
                entry("pkg:npm/b@1.9.0"),
                entry("pkg:cargo/c@0.5.0?repository_url=https://my.reg"),
                entry("pkg:npm/same@1.0.0"),
                entry("pkg:npm/new@1.0.0"),
            ],
        );
        let changed: Vec<(String, Vec<ChangeKind>)> = d
            .changed
            .iter()
            .map(|c| (c.new.key(), c.kinds.clone()))
            .collect();
        assert_eq!(
            changed,
            [
                (
                    "pkg:npm/a".to_string(),
                    vec![ChangeKind::Version, ChangeKind::Major]
                ),
                (
                    "pkg:npm/b".to_string(),
                    vec![ChangeKind::Version, ChangeKind::Downgrade]
                ),
            ]
        );
        // Another registry's crate is another package.
        let keys = |v: &[Entry]| v.iter().map(Entry::key).collect::<Vec<_>>();
        assert_eq!(
            keys(&d.added),
            [
                "pkg:cargo/c?repository_url=https:%2F%2Fmy.reg",
                "pkg:npm/new"
            ]
        );
        assert_eq!(keys(&d.removed), ["pkg:cargo/c", "pkg:cargo/gone"]);
    }

    #[test]
    fn git_commit_change_is_a_version_change() {
        let d = diff(
            &[entry("pkg:cargo/x@1.0.0?vcs_url=git%2Bhttps://h/x@aaa")],
            &[entry("pkg:cargo/x@1.1.0?vcs_url=git%2Bhttps://h/x@bbb")],
        );
        assert_eq!(d.changed.len(), 1);
        assert!(d.added.is_empty() && d.removed.is_empty());
    }
}
