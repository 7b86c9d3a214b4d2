//! Gemfile.lock / gems.locked: the `name (version)` spec lines (four spaces
//! in) under `specs:` of the GEM (registry), GIT (git) and PATH (path)
//! sections, with the hashes of the CHECKSUMS section (Bundler 2.5+) as
//! integrity.
//!
//! Sections start at column 0; their fields are two spaces in, specs four,
//! a spec's own dependencies six (skipped). Like Bundler, unknown sections
//! are ignored (that includes PLUGIN SOURCE, which the contract leaves out).

use super::graph::{Graph, Node};
use super::{Ecosystem, Input, Package, Source};
use std::collections::HashMap;

/// Where the lines being read belong.
enum Section {
    /// GEM, GIT or PATH: its kind, first `remote:`, and whether `specs:` began.
    Source {
        kind: Source,
        remote: Option<String>,
        in_specs: bool,
    },
    Checksums,
    Other,
}

/// A spec line as read, before the platform is dropped from its version.
struct Spec {
    name: String,
    /// `1.13.10-x86_64-linux`: CHECKSUMS keys on the full form.
    full_version: String,
    source: Source,
    location: Option<String>,
    line: u32,
}

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let mut section = Section::Other;
    let mut specs = Vec::new();
    let mut checksums: HashMap<(String, String), String> = HashMap::new();
    for (index, raw) in input.text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if is_conflict_marker(raw) {
            return Err(format!("line {line}: merge conflict marker"));
        }
        let body = raw.trim_start_matches(' ');
        if body.trim().is_empty() {
            continue;
        }
        let indent = raw.len() - body.len();
        if indent == 0 {
            section = section_for(body.trim_end());
            continue;
        }
        match &mut section {
            Section::Source {
                kind,
                remote,
                in_specs,
            } => match indent {
                2 => source_field(body.trim_end(), remote, in_specs),
                4 if *in_specs => {
                    let (name, full_version) = name_version(body.trim_end()).ok_or_else(|| {
                        format!(
                            "line {line}: expected `name (version)`, got `{}`",
                            shown(body)
                        )
                    })?;
                    specs.push(Spec {
                        name: name.to_string(),
                        full_version: full_version.to_string(),
                        source: *kind,
                        location: if *kind == Source::Registry {
                            None
                        } else {
                            remote.clone()
                        },
                        line,
                    });
                }
                _ => {} // a spec's dependencies
            },
            Section::Checksums if indent == 2 => {
                let (key, hashes) = checksum_line(body.trim_end()).ok_or_else(|| {
                    format!(
                        "line {line}: expected `name (version) checksum`, got `{}`",
                        shown(body)
                    )
                })?;
                if !hashes.is_empty() {
                    checksums.insert(key, hashes);
                }
            }
            Section::Checksums | Section::Other => {}
        }
    }
    Ok(merge_platforms(specs, &checksums))
}

fn section_for(header: &str) -> Section {
    let kind = match header {
        "GEM" => Source::Registry,
        "GIT" => Source::Git,
        "PATH" => Source::Path,
        "CHECKSUMS" => return Section::Checksums,
        _ => return Section::Other,
    };
    Section::Source {
        kind,
        remote: None,
        in_specs: false,
    }
}

/// `remote: …` (the first; a GEM section may list several) or `specs:`.
fn source_field(field: &str, remote: &mut Option<String>, in_specs: &mut bool) {
    if field == "specs:" {
        *in_specs = true;
    } else if let Some(value) = field.strip_prefix("remote:")
        && remote.is_none()
    {
        *remote = Some(value.trim().to_string());
    }
}

/// `name (version)` → (name, version); the version may carry a platform.
fn name_version(s: &str) -> Option<(&str, &str)> {
    let (name, rest) = s.split_once(" (")?;
    let version = rest.strip_suffix(')')?;
    let valid = !name.is_empty()
        && !name.contains(char::is_whitespace)
        && !version.is_empty()
        && !version.contains([' ', '(', ')']);
    valid.then_some((name, version))
}

/// `name (version) sha256=…[,sha512=…]` → ((name, version), hashes joined
/// by a space); a gem without a recorded checksum has no hash part.
fn checksum_line(s: &str) -> Option<((String, String), String)> {
    let close = s.find(')')?;
    let (name, version) = name_version(s.get(..=close)?)?;
    let hashes = s
        .get(close + 1..)?
        .split([',', ' '])
        .filter(|h| !h.is_empty());
    Some((
        (name.to_string(), version.to_string()),
        hashes.collect::<Vec<_>>().join(" "),
    ))
}

/// Bundler's rule: the platform follows the first `-` (`1.13.10-x86_64-linux`).
fn without_platform(full_version: &str) -> &str {
    full_version
        .split_once('-')
        .map_or(full_version, |(v, _)| v)
}

/// One package per (name, version, source): the platform variants of a gem
/// become one entry whose integrity joins the variants' checksums.
fn merge_platforms(
    specs: Vec<Spec>,
    checksums: &HashMap<(String, String), String>,
) -> Vec<Package> {
    let mut out: Vec<Package> = Vec::with_capacity(specs.len());
    let mut seen: HashMap<(String, String, Source), usize> = HashMap::new();
    for spec in specs {
        let version = without_platform(&spec.full_version).to_string();
        let hash = checksums.get(&(spec.name.clone(), spec.full_version.clone()));
        let key = (spec.name.clone(), version.clone(), spec.source);
        if let Some(&i) = seen.get(&key) {
            if let (Some(pkg), Some(hash)) = (out.get_mut(i), hash) {
                pkg.integrity = Some(match pkg.integrity.take() {
                    Some(prev) => format!("{prev} {hash}"),
                    None => hash.clone(),
                });
            }
            continue;
        }
        let mut pkg = Package::new(Ecosystem::RubyGems, spec.name, Some(version));
        pkg.source = spec.source;
        pkg.location = spec.location;
        pkg.line = Some(spec.line);
        pkg.integrity = hash.cloned();
        seen.insert(key, out.len());
        out.push(pkg);
    }
    out
}

/// The edges of a Gemfile.lock: under `specs:`, each spec (four spaces in)
/// and its dependencies (six spaces in, requirements resolved by name); the
/// DEPENDENCIES section (two spaces in, `name!` for a git or path gem) is
/// what the project requires. Lenient: anything else is skipped, as the
/// package parser has already judged the file.
pub fn graph(text: &str) -> Graph {
    let mut roots = Vec::new();
    let mut edges: Vec<(Node, Vec<Node>)> = Vec::new();
    let (mut in_specs, mut in_dependencies) = (false, false);
    let dep_name = |body: &str| {
        let name = body.split(" (").next().unwrap_or(body).trim();
        name.trim_end_matches('!').to_string()
    };
    for raw in text.lines() {
        let body = raw.trim_start_matches(' ').trim_end();
        if body.is_empty() {
            continue;
        }
        match raw.len() - raw.trim_start_matches(' ').len() {
            0 => {
                in_dependencies = body == "DEPENDENCIES";
                in_specs = false;
            }
            2 if in_dependencies => roots.push(Node::new(dep_name(body), None)),
            2 => in_specs = body == "specs:",
            4 if in_specs => {
                if let Some((name, version)) = name_version(body) {
                    let version = without_platform(version).to_string();
                    edges.push((Node::new(name, Some(version)), Vec::new()));
                }
            }
            6 if in_specs => {
                if let Some((_, deps)) = edges.last_mut() {
                    deps.push(Node::new(dep_name(body), None));
                }
            }
            _ => {}
        }
    }
    // Platform variants of one gem are one package.
    edges.sort_by(|a, b| a.0.cmp(&b.0));
    edges.dedup_by(|later, first| {
        if later.0 == first.0 {
            first.1.append(&mut later.1);
            true
        } else {
            false
        }
    });
    for (_, deps) in &mut edges {
        deps.sort();
        deps.dedup();
    }
    Graph {
        roots: Some(roots),
        edges,
    }
}

/// A line as quoted in an error: trimmed and cut at 60 characters.
fn shown(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// `<<<<<<<`, `=======`, `>>>>>>>`: a committed merge conflict, which Bundler
/// refuses too.
fn is_conflict_marker(line: &str) -> bool {
    ["<<<<<<<", "=======", ">>>>>>>"]
        .iter()
        .any(|m| line.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Package>, String> {
        parse(&Input {
            path: "Gemfile.lock",
            text,
            include: &|_| Err("no includes".into()),
        })
    }

    const LOCK: &str = "GIT
  remote: https://github.com/hanami/utils.git
  revision: 5904fc9a70683b8749aa2861257d0c8c01eae4aa
  specs:
    hanami-utils (2.0.0.alpha1)
      concurrent-ruby (~> 1.0)

PATH
  remote: vendor/gems/local
  specs:
    local (0.1.0)

GEM
  remote: https://rubygems.org/
  remote: https://mirror.example/
  specs:
    concurrent-ruby (1.1.7)
    nokogiri (1.16.0-arm64-darwin)
      racc (~> 1.4)
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    racc (1.7.3)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  hanami-utils!
  local!
  nokogiri

CHECKSUMS
  concurrent-ruby (1.1.7) sha256=aaa
  hanami-utils (2.0.0.alpha1)
  local (0.1.0)
  nokogiri (1.16.0-arm64-darwin) sha256=bbb
  nokogiri (1.16.0-x86_64-linux) sha256=ccc,sha512=ddd

BUNDLED WITH
   2.5.4
";

    #[test]
    fn sections_lines_locations_and_checksums() {
        let pkgs = parse_text(LOCK).unwrap();
        let got: Vec<_> = pkgs
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
                    p.source,
                    p.line,
                    p.location.as_deref(),
                    p.integrity.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "hanami-utils",
                    Some("2.0.0.alpha1"),
                    Source::Git,
                    Some(5),
                    Some("https://github.com/hanami/utils.git"),
                    None
                ),
                (
                    "local",
                    Some("0.1.0"),
                    Source::Path,
                    Some(11),
                    Some("vendor/gems/local"),
                    None
                ),
                (
                    "concurrent-ruby",
                    Some("1.1.7"),
                    Source::Registry,
                    Some(17),
                    None,
                    Some("sha256=aaa")
                ),
                (
                    "nokogiri",
                    Some("1.16.0"),
                    Source::Registry,
                    Some(18),
                    None,
                    Some("sha256=bbb sha256=ccc sha512=ddd")
                ),
                (
                    "racc",
                    Some("1.7.3"),
                    Source::Registry,
                    Some(22),
                    None,
                    None
                ),
            ]
        );
        assert!(pkgs.iter().all(|p| p.dev.is_none()));
    }

    #[test]
    fn crlf_and_empty() {
        let text = "GEM\r\n  remote: https://rubygems.org/\r\n  specs:\r\n    rack (2.2.3)\r\n\r\nBUNDLED WITH\r\n   2.2.28\r\n";
        let pkgs = parse_text(text).unwrap();
        assert_eq!(
            (pkgs[0].name.as_str(), pkgs[0].version.as_deref()),
            ("rack", Some("2.2.3"))
        );
        assert!(parse_text("").unwrap().is_empty());
        assert!(
            parse_text("GEM\n  remote: https://rubygems.org/\n  specs:\n\nPLATFORMS\n  ruby\n")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn unknown_sections_are_skipped() {
        let text = "PLUGIN SOURCE\n  remote: https://example.com/plugin\n  type: s3\n  specs:\n    odd (1.0)\n\nGEM\n  specs:\n    rack (2.2.3)\n";
        let pkgs = parse_text(text).unwrap();
        assert_eq!(pkgs.len(), 1);
        assert_eq!(pkgs[0].name, "rack");
    }

    #[test]
    fn malformed_lines_are_errors() {
        let cases = [
            (
                "GEM\n  specs:\n    invalid-name\n",
                "line 3: expected `name (version)`, got `invalid-name`",
            ),
            (
                "GEM\n  specs:\n    activejob (7.",
                "line 3: expected `name (version)`, got `activejob (7.`",
            ),
            (
                "GEM\n  specs:\n    rack ()\n",
                "line 3: expected `name (version)`, got `rack ()`",
            ),
            (
                "GEM\n  specs:\n    two words (1.0)\n",
                "line 3: expected `name (version)`, got `two words (1.0)`",
            ),
            (
                "CHECKSUMS\n  rack sha256=abc\n",
                "line 2: expected `name (version) checksum`, got `rack sha256=abc`",
            ),
            (
                "GEM\n  specs:\n<<<<<<< HEAD\n    rack (2.2.3)\n",
                "line 3: merge conflict marker",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_text(text).unwrap_err(), want, "{text:?}");
        }
    }

    #[test]
    fn long_lines_are_cut_in_errors() {
        let text = format!("GEM\n  specs:\n    {}\n", "é".repeat(100));
        let err = parse_text(&text).unwrap_err();
        assert!(err.ends_with(&format!("{}…`", "é".repeat(60))), "{err}");
    }

    #[test]
    fn platforms_are_dropped_at_the_first_dash() {
        assert_eq!(without_platform("1.13.10-x86_64-linux"), "1.13.10");
        assert_eq!(without_platform("9.4.3.0-java"), "9.4.3.0");
        assert_eq!(without_platform("2.0.0.alpha1"), "2.0.0.alpha1");
    }
}
