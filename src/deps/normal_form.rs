//! How popular names are compared, shared with `build.rs` (which builds the
//! lookup tables of the popular lists at compile time): so it uses nothing
//! but `std`.

/// Only this many of the most popular names are typosquat targets.
pub const TARGETS: usize = 25_000;

/// Only the most popular names are targets: squatting pays on names people
/// install, and every extra target adds near-collisions between legitimate
/// packages. Exact structural look-alikes (an affix, separators, a flattened
/// scope, a homoglyph) are specific enough to check against all `TARGETS`;
/// loose edit-distance matches only against this many.
pub const EDIT_TARGETS: usize = 10_000;

/// PEP 503: lowercase, runs of `-`, `_`, `.` become one `-`.
pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
            continue;
        }
        if sep && !out.is_empty() {
            out.push('-');
        }
        sep = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// The form names are compared in: PyPI PEP 503, crates `_` = `-`, npm
/// (and the rest) lowercase. `ecosystem` is the OSV name.
pub fn normal_form(ecosystem: &str, name: &str) -> String {
    match ecosystem {
        "PyPI" => pep503(name),
        "crates.io" => name.to_ascii_lowercase().replace('_', "-"),
        _ => name.to_ascii_lowercase(),
    }
}

/// Which characters a name has, one bit each: a letter, a digit (folded
/// five ways) or anything else. Two names differ in no more bits than in
/// character counts, and one edit changes those counts by at most two: names
/// whose bits differ in more than four places are more than two edits apart.
pub fn letters(name: &str) -> u32 {
    name.bytes().fold(0, |bits, b| {
        bits | 1
            << match b {
                b'a'..=b'z' => b - b'a',
                b'0'..=b'9' => 26 + (b - b'0') % 5,
                _ => 31,
            }
    })
}

/// A name without its separators (`cross-env` → `crossenv`).
pub fn squash(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().filter(|c| !matches!(c, b'-' | b'_' | b'.'))
}
