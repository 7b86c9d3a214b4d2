//! Version ordering against the shared oracle (`../shared/fixtures/versions`, see its README):
//! every pair in every block of `<eco>.txt` (not just neighbours), and every line of
//! `<eco>-comparisons.txt` and `<eco>-pairs-generated.txt`, for the ecosystems ward locks.
//! Debian, Alpine, CRAN, Pub, Hackage and Red Hat are not ward ecosystems and are skipped.
//!
//! A few oracle lines contradict every total order (the native comparators are not transitive
//! there); they are listed in [`KNOWN_DEVIATIONS`] with the reason. For a block file the
//! entry names a version of the inconsistent block and excuses that block's failing pairs; for
//! a comparison file it is the exact line. An entry that no longer excuses anything fails
//! the test, so the list stays honest. Run with `--nocapture` to see the per-file counts.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use ward::vuln::version::Scheme;

/// Maven 3.8 ranks a `-` list below a `.0` in place, so `X-1 < X.RC1`, yet `X.RC1 < X`
/// (235 lines of maven-pairs-generated.txt are `X.RCn < X`) and `X < X-1`: a cycle.
const MAVEN_CYCLE: &str = "Maven 3.8 cycle: X.RC1 < X < X-1 < X.RC1";

/// (file, line or block member, why): oracle lines no total order can satisfy.
const KNOWN_DEVIATIONS: &[(&str, &str, &str)] = &[
    (
        "packagist-comparisons.txt",
        "1.2.3.# = 1.2.3.1",
        "PHP ranks `#` level with a number in place but below it as padding, so with \
         `1.2.3.# = 1.2.3` this would make `1.2.3` equal to `1.2.3.1`, yet `1.2.3 < 1.2.3.1`",
    ),
    (
        "maven-pairs-generated.txt",
        "2.9.0-1 < 2.9.0.RC1",
        MAVEN_CYCLE,
    ),
    (
        "maven-pairs-generated.txt",
        "1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3",
        MAVEN_CYCLE,
    ),
    (
        "maven-pairs-generated.txt",
        "1.1.0-01-glassfish < 1.1.0.Beta1",
        MAVEN_CYCLE,
    ),
    ("maven.txt", "2.9.0-1", MAVEN_CYCLE),
    ("maven.txt", "1.0.0-gradle-rework-beta3", MAVEN_CYCLE),
    ("maven.txt", "1.1.0-01-glassfish", MAVEN_CYCLE),
];

fn known(file: &str) -> impl Iterator<Item = &'static str> + '_ {
    KNOWN_DEVIATIONS
        .iter()
        .filter(move |(f, _, _)| *f == file)
        .map(|(_, entry, _)| *entry)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/versions")
        .join(name)
}

struct Tally {
    file: String,
    checked: usize,
    failures: Vec<String>,
    /// Failures excused by a [`KNOWN_DEVIATIONS`] entry, with the entry.
    excused: Vec<(&'static str, String)>,
}

impl Tally {
    fn new(file: &str) -> Tally {
        Tally {
            file: file.to_owned(),
            checked: 0,
            failures: Vec::new(),
            excused: Vec::new(),
        }
    }

    fn check(&mut self, scheme: Scheme, a: &str, expected: Ordering, b: &str, line: &str) {
        self.checked += 1;
        let actual = scheme.compare(a, b);
        if actual != expected {
            let failure = format!("{line}   (got {actual:?})");
            match known(&self.file).find(|entry| *entry == line) {
                Some(entry) => self.excused.push((entry, failure)),
                None => self.failures.push(failure),
            }
        }
    }
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Blocks of ascending versions; `= X` equals the line before. Every pair is checked.
fn blocks(scheme: Scheme, name: &str) -> Tally {
    let mut tally = Tally::new(name);
    let mut block: Vec<(&str, usize)> = Vec::new();
    let text = read(name);
    let flush = |block: &mut Vec<(&str, usize)>, tally: &mut Tally| {
        let keys: Vec<_> = block.iter().map(|(v, _)| scheme.key(v)).collect();
        let excuse = known(name).find(|entry| block.iter().any(|(v, _)| v == entry));
        for i in 0..block.len() {
            for j in i + 1..block.len() {
                let (a, rank_a) = block[i];
                let (b, rank_b) = block[j];
                let expected = rank_a.cmp(&rank_b);
                tally.checked += 1;
                let actual = keys[i].cmp(&keys[j]);
                if actual != expected {
                    let op = if expected == Ordering::Equal {
                        "="
                    } else {
                        "<"
                    };
                    let failure = format!("{a} {op} {b}   (got {actual:?})");
                    match excuse {
                        Some(entry) => tally.excused.push((entry, failure)),
                        None => tally.failures.push(failure),
                    }
                }
            }
        }
        block.clear();
    };
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut block, &mut tally);
            continue;
        }
        let (version, rank) = match line.strip_prefix("= ") {
            Some(equal) => (equal, block.last().map_or(0, |(_, rank)| *rank)),
            None => (line, block.last().map_or(0, |(_, rank)| rank + 1)),
        };
        block.push((version, rank));
    }
    flush(&mut block, &mut tally);
    tally
}

/// `A < B`, `A > B`, `A = B` lines; `#` and `//` lines are comments.
fn comparisons(scheme: Scheme, name: &str) -> Tally {
    let mut tally = Tally::new(name);
    for line in read(name).lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [a, op, b] = parts[..] else {
            panic!("{name}: unreadable line {line:?}");
        };
        let expected = match op {
            "<" => Ordering::Less,
            ">" => Ordering::Greater,
            "=" => Ordering::Equal,
            _ => panic!("{name}: unknown operator in {line:?}"),
        };
        tally.check(scheme, a, expected, b, line);
    }
    tally
}

fn assert_oracle(tallies: Vec<Tally>) {
    let mut unexpected = Vec::new();
    for tally in &tallies {
        for entry in known(&tally.file) {
            assert!(
                tally.excused.iter().any(|(e, _)| *e == entry),
                "{}: known deviation no longer fails, remove it: {entry}",
                tally.file
            );
        }
        eprintln!(
            "{:30} {:>7} checked {:>7} pass {:>3} known deviations {:>3} failures",
            tally.file,
            tally.checked,
            tally.checked - tally.failures.len() - tally.excused.len(),
            tally.excused.len(),
            tally.failures.len(),
        );
        for (_, failure) in &tally.excused {
            eprintln!("    known: {failure}");
        }
        unexpected.extend(
            tally
                .failures
                .iter()
                .map(|f| format!("{}: {f}", tally.file)),
        );
    }
    let shown: Vec<&String> = unexpected.iter().take(40).collect();
    assert!(
        unexpected.is_empty(),
        "{} comparisons disagree with the oracle:\n{shown:#?}",
        unexpected.len()
    );
}

#[test]
fn semver_oracle() {
    assert_oracle(vec![
        blocks(Scheme::Semver, "semver.txt"),
        comparisons(Scheme::Semver, "semver-comparisons.txt"),
    ]);
}

#[test]
fn go_oracle() {
    assert_oracle(vec![
        blocks(Scheme::Go, "go.txt"),
        // `v`-prefixed Go-style lines are part of the SemVer comparisons.
        comparisons(Scheme::Go, "semver-comparisons.txt"),
    ]);
}

#[test]
fn pypi_oracle() {
    assert_oracle(vec![
        blocks(Scheme::Pep440, "pypi.txt"),
        comparisons(Scheme::Pep440, "pypi-comparisons.txt"),
        comparisons(Scheme::Pep440, "pypi-pairs-generated.txt"),
    ]);
}

#[test]
fn rubygems_oracle() {
    assert_oracle(vec![
        blocks(Scheme::RubyGems, "rubygems.txt"),
        comparisons(Scheme::RubyGems, "rubygems-comparisons.txt"),
        comparisons(Scheme::RubyGems, "rubygems-pairs-generated.txt"),
    ]);
}

#[test]
fn packagist_oracle() {
    assert_oracle(vec![
        blocks(Scheme::Packagist, "packagist.txt"),
        comparisons(Scheme::Packagist, "packagist-comparisons.txt"),
        comparisons(Scheme::Packagist, "packagist-pairs-generated.txt"),
    ]);
}

#[test]
fn maven_oracle() {
    assert_oracle(vec![
        blocks(Scheme::Maven, "maven.txt"),
        comparisons(Scheme::Maven, "maven-comparisons.txt"),
        comparisons(Scheme::Maven, "maven-pairs-generated.txt"),
    ]);
}

#[test]
fn nuget_oracle() {
    assert_oracle(vec![comparisons(Scheme::NuGet, "nuget-comparisons.txt")]);
}

/// 100 kB versions are keyed in linear time (no quadratic trimming or re-scanning): about
/// 1 s for all of these unoptimised, where a quadratic step would take minutes.
#[test]
fn huge_versions_are_keyed_quickly() {
    let inputs = [
        "1.0-".repeat(25_000),
        "9".repeat(100_000),
        "a1.".repeat(30_000),
        "0.".repeat(50_000) + "1",
    ];
    let start = std::time::Instant::now();
    for scheme in [
        Scheme::Semver,
        Scheme::Pep440,
        Scheme::Go,
        Scheme::RubyGems,
        Scheme::Packagist,
        Scheme::Maven,
        Scheme::NuGet,
    ] {
        for input in &inputs {
            assert_eq!(scheme.compare(input, input), Ordering::Equal);
        }
    }
    let elapsed = start.elapsed();
    eprintln!("huge versions: {elapsed:?}");
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

/// Properties every scheme's key must have, on version-like strings dense enough to collide.
mod properties {
    use proptest::prelude::*;
    use std::cmp::Ordering;
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    use ward::vuln::version::{Scheme, VersionKey};

    const SCHEMES: [Scheme; 7] = [
        Scheme::Semver,
        Scheme::Pep440,
        Scheme::Go,
        Scheme::RubyGems,
        Scheme::Packagist,
        Scheme::Maven,
        Scheme::NuGet,
    ];

    /// Pieces real versions are made of, plus a few oddities.
    const PIECES: &[&str] = &[
        "0",
        "1",
        "2",
        "01",
        "10",
        "99999999999999999999",
        ".",
        ".",
        ".",
        "-",
        "-",
        "_",
        "+",
        "!",
        "#",
        "~",
        "v",
        "a",
        "b",
        "c",
        "m",
        "alpha",
        "Beta",
        "rc",
        "RC",
        "cr",
        "pre",
        "preview",
        "post",
        "rev",
        "r",
        "dev",
        "sp",
        "final",
        "ga",
        "release",
        "SNAPSHOT",
        "pl",
        "p",
        "x",
        "foo",
        "é",
    ];

    fn version_like() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|p| p.concat())
    }

    fn hash(key: &VersionKey) -> u64 {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        hasher.finish()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Sorting must succeed and leave every pair in order (a non-transitive order fails
        /// here), comparison must be antisymmetric, and `==`, `Hash` and `cmp` must agree.
        #[test]
        fn keys_are_totally_ordered(versions in prop::collection::vec(version_like(), 1..12)) {
            for scheme in SCHEMES {
                let mut keys: Vec<VersionKey> = versions.iter().map(|v| scheme.key(v)).collect();
                keys.sort();
                for (i, a) in keys.iter().enumerate() {
                    for b in &keys[i..] {
                        prop_assert_ne!(a.cmp(b), Ordering::Greater, "{:?}", scheme);
                        prop_assert_eq!(a.cmp(b), b.cmp(a).reverse());
                        prop_assert_eq!(a == b, a.cmp(b) == Ordering::Equal);
                        if a == b {
                            prop_assert_eq!(hash(a), hash(b));
                        }
                    }
                }
            }
        }

        /// `a <= b <= c` implies `a <= c`, on triples sharing a prefix so they often compare
        /// in interesting places.
        #[test]
        fn order_is_transitive(
            prefix in version_like(),
            tails in prop::collection::vec(version_like(), 3),
        ) {
            let versions: Vec<String> = tails.iter().map(|t| format!("{prefix}{t}")).collect();
            for scheme in SCHEMES {
                let k: Vec<VersionKey> = versions.iter().map(|v| scheme.key(v)).collect();
                for (a, b, c) in [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)] {
                    if k[a] <= k[b] && k[b] <= k[c] {
                        prop_assert!(k[a] <= k[c], "{:?}: {:?}", scheme, versions);
                    }
                }
            }
        }

        /// Any string at all gets a key and a validity answer.
        #[test]
        fn never_panics(version in "\\PC{0,40}") {
            for scheme in SCHEMES {
                let key = scheme.key(&version);
                prop_assert_eq!(key.cmp(&key), Ordering::Equal);
                let _ = scheme.is_valid(&version);
            }
        }
    }
}
