//! Only the changed part of a package-lock, for the diff of a commit.
//!
//! A commit that bumps 20 of 5,000 packages leaves the other entries of
//! `packages` byte for byte as they were. Compared as raw JSON, they need
//! no reading on either side, and a large lockfile diffs in a fraction of
//! the time (and memory) two whole parses take.
//!
//! The two lists returned diff exactly as the whole files would: every
//! entry whose package name a change touches is read on both sides, so each
//! such name's group of versions is complete; every other name has the same
//! entries, hence the same packages, on both sides.

use super::package_lock::{Entry, entry_name, from_entry};
use super::{Lines, Text, offset_in};
use crate::deps::{Package, finish};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::sync::LazyLock;

/// The packages of the entries a change touches, old side and new side
/// (each finished: sorted, duplicates merged); `None` when either side has
/// no `packages` map or does not read cleanly, and the whole files must be
/// parsed (which also gives the error, if there is one).
pub fn changed(old: &str, new: &str) -> Option<(Vec<Package>, Vec<Package>)> {
    // Each side is a full JSON read: on two cores, at once.
    let (old_list, new_list) = rayon::join(|| entries(old), || entries(new));
    let (old_list, new_list) = (old_list?, new_list?);
    let (old_side, new_side) =
        rayon::join(|| Side::new(old, &old_list), || Side::new(new, &new_list));
    let (old_side, new_side) = (old_side?, new_side?);
    let mut touched: foldhash::HashSet<&str> = Default::default();
    for (side, other) in [(&new_side, &old_side), (&old_side, &new_side)] {
        for ((key, value), name) in side.unique().zip(&side.names) {
            if other.last.get(key.as_str()) != Some(&value) {
                touched.insert(name);
            }
        }
    }
    let packages = |side: &Side| {
        let mut lines = Lines::new(side.text);
        let mut out = Vec::new();
        for ((key, value), name) in side.unique().zip(&side.names) {
            if !touched.contains(name) {
                continue;
            }
            let entry: Entry = serde_json::from_str(value).ok()?;
            if let Some(mut p) = from_entry(key.as_str(), &entry) {
                p.line = lines.of(key);
                out.push(p);
            }
        }
        Some(finish(out))
    };
    Some((packages(&old_side)?, packages(&new_side)?))
}

/// One side's entries with what the comparison needs of them.
struct Side<'a> {
    text: &'a str,
    list: &'a [(Text<'a>, &'a RawValue)],
    /// Raw value by key; a key given twice takes its last value (as `JSON.parse` does).
    last: foldhash::HashMap<&'a str, &'a str>,
    /// The package name of each of [`Side::unique`], in its order.
    names: Vec<&'a str>,
}

impl<'a> Side<'a> {
    fn new(text: &'a str, list: &'a [(Text<'a>, &'a RawValue)]) -> Option<Side<'a>> {
        let last: foldhash::HashMap<&str, &str> = list
            .iter()
            .map(|(k, raw)| (k.as_str(), raw.get()))
            .collect();
        // Where `"name"` is in the file: in few entries (aliases, workspace
        // members), found in one pass rather than a search of every entry.
        static NAME: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("\"name\""));
        let named: Vec<usize> = NAME.find_iter(text.as_bytes()).collect();
        let names = unique(list, &last)
            .map(|(key, raw)| {
                let start = offset_in(text, raw)?;
                let next = named.partition_point(|&at| at < start);
                let has_name = named
                    .get(next)
                    .is_some_and(|&at| at + 6 <= start + raw.len());
                name(key.as_str(), raw, has_name)
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Side {
            text,
            list,
            last,
            names,
        })
    }

    /// Each key once, at its first place, with its last value.
    fn unique(&self) -> impl Iterator<Item = (&'a Text<'a>, &'a str)> + '_ {
        unique(self.list, &self.last)
    }
}

/// Each key of `list` once, at its first place, with its value in `last`.
fn unique<'a, 'm>(
    list: &'a [(Text<'a>, &'a RawValue)],
    last: &'m foldhash::HashMap<&'a str, &'a str>,
) -> impl Iterator<Item = (&'a Text<'a>, &'a str)> + 'm
where
    'a: 'm,
{
    let repeats = last.len() < list.len();
    let mut seen: foldhash::HashSet<&str> = Default::default();
    list.iter().filter_map(move |(key, raw)| {
        if !repeats {
            return Some((key, raw.get()));
        }
        seen.insert(key.as_str()).then(|| (key, last[key.as_str()]))
    })
}

/// The package name of an entry: from its key, unless it says otherwise
/// (an alias or a workspace member has a `name`; `has_name`: the raw value
/// holds the text `"name"`).
fn name<'a>(key: &'a str, raw: &'a str, has_name: bool) -> Option<&'a str> {
    if !has_name {
        return Some(entry_name(key, None));
    }
    #[derive(Deserialize)]
    struct Named<'t> {
        #[serde(borrow)]
        name: Option<Text<'t>>,
    }
    let named: Named = serde_json::from_str(raw).ok()?;
    match named.name {
        // A name with escapes is not borrowed from the file: read it whole.
        Some(Text(std::borrow::Cow::Owned(_))) => None,
        Some(Text(std::borrow::Cow::Borrowed(n))) => Some(entry_name(key, Some(n))),
        None => Some(entry_name(key, None)),
    }
}

/// The `packages` map of a lockfile as raw entries, in file order.
fn entries(text: &str) -> Option<Vec<(Text<'_>, &RawValue)>> {
    #[derive(Deserialize)]
    struct Lock<'t> {
        #[serde(borrow)]
        packages: Option<RawMap<'t>>,
    }
    let lock: Lock = serde_json::from_str(text).ok()?;
    lock.packages.map(|m| m.0)
}

/// A JSON object as its keys and raw values, in order.
struct RawMap<'t>(Vec<(Text<'t>, &'t RawValue)>);

impl<'de: 't, 't> Deserialize<'de> for RawMap<'t> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'t>(std::marker::PhantomData<RawMap<'t>>);
        impl<'de: 't, 't> serde::de::Visitor<'de> for V<'t> {
            type Value = RawMap<'t>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawMap<'t>, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<Text<'t>, &'t RawValue>()? {
                    out.push(entry);
                }
                Ok(RawMap(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}
