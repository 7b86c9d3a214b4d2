//! go.mod: `require`d modules after `replace` directives, with the `h1:` hash
//! from a sibling go.sum as integrity.
//!
//! A small line parser after `golang.org/x/mod/modfile`: tokens are separated
//! by spaces, `(` and `)` stand alone, `"…"` and `` `…` `` quote, `//` starts
//! a comment. Each directive is one line (`require a v1`) or a block
//! (`require (` … `)`). Unknown directives are errors, as they are to `go`.

use super::{Ecosystem, Input, Package, Source};
use std::collections::HashMap;

/// Directives go.mod may hold; only `require` and `replace` matter here.
const DIRECTIVES: &[&str] = &[
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "exclude",
    "replace",
    "retract",
    "tool",
    "ignore",
];

/// A `require` line: module path and version as written (with its `v`).
struct Require {
    path: String,
    version: String,
    line: u32,
}

/// Where a `replace` sends a module: another module version, or a directory.
enum Target {
    Module { path: String, version: String },
    Dir(String),
}

/// `replace` directives keyed by (path, version); version `None` = all versions.
type Replacements = HashMap<(String, Option<String>), Target>;

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let (requires, replaces) = read_directives(input.text)?;
    let sums = (input.include)("go.sum")
        .map(|text| go_sum_hashes(&text))
        .unwrap_or_default(); // no go.sum: no integrity, not an error
    Ok(requires
        .into_iter()
        .map(|r| package(r, &replaces, &sums))
        .collect())
}

/// The package a requirement stands for once `replace` is applied. A
/// version-specific replacement wins over one for all versions, as in `go`.
/// A module replacement is that module; a directory keeps the requirement's
/// name and version (and has no go.sum hash).
fn package(r: Require, replaces: &Replacements, sums: &HashMap<String, String>) -> Package {
    let target = replaces
        .get(&(r.path.clone(), Some(r.version.clone())))
        .or_else(|| replaces.get(&(r.path.clone(), None)));
    let (name, version) = match target {
        Some(Target::Module { path, version }) => (path, version),
        _ => (&r.path, &r.version),
    };
    let mut pkg = Package::new(Ecosystem::Go, name.clone(), Some(bare_version(version)));
    match target {
        Some(Target::Dir(dir)) => {
            pkg.source = Source::Path;
            pkg.location = Some(dir.clone());
        }
        _ => pkg.integrity = sums.get(&format!("{name} {version}")).cloned(),
    }
    pkg.line = Some(r.line);
    pkg
}

/// OSV's Go versions have no leading `v` (`+incompatible` stays).
fn bare_version(version: &str) -> String {
    version.strip_prefix('v').unwrap_or(version).to_string()
}

/// Walk the directives, collecting `require` and `replace` entries.
fn read_directives(text: &str) -> Result<(Vec<Require>, Replacements), String> {
    let mut requires = Vec::new();
    let mut replaces = Replacements::new();
    // The verb of the open `verb (` block and the line it opened on.
    let mut block: Option<(String, u32)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let tokens = tokenize(raw).map_err(|e| format!("line {line}: {e}"))?;
        let Some(first) = tokens.first() else {
            continue;
        };
        let args: Vec<&str> = match &block {
            Some(_) if first == ")" => {
                if tokens.len() > 1 {
                    return Err(format!("line {line}: unexpected text after `)`"));
                }
                block = None;
                continue;
            }
            Some(_) => tokens.iter().map(String::as_str).collect(),
            None => {
                if !DIRECTIVES.contains(&first.as_str()) {
                    return Err(format!("line {line}: unknown directive `{first}`"));
                }
                let rest: Vec<&str> = tokens[1..].iter().map(String::as_str).collect();
                match rest.as_slice() {
                    ["("] => {
                        block = Some((first.clone(), line));
                        continue;
                    }
                    ["(", ")"] => continue,
                    _ => rest,
                }
            }
        };
        let verb = block
            .as_ref()
            .map_or(first.as_str(), |(verb, _)| verb.as_str());
        if args.contains(&"(") || args.contains(&")") {
            return Err(format!("line {line}: unexpected parenthesis in `{verb}`"));
        }
        match verb {
            "require" => requires.push(require(&args, line)?),
            "replace" => {
                let (key, target) = replace(&args, line)?;
                replaces.insert(key, target);
            }
            _ => {}
        }
    }
    if let Some((verb, line)) = block {
        return Err(format!("line {line}: `{verb} (` block is never closed"));
    }
    Ok((requires, replaces))
}

/// `path version` of a `require` line or block entry.
fn require(args: &[&str], line: u32) -> Result<Require, String> {
    match args {
        [path, version] => Ok(Require {
            path: path.to_string(),
            version: version.to_string(),
            line,
        }),
        _ => Err(format!(
            "line {line}: `require` takes `module version`, got {} fields",
            args.len()
        )),
    }
}

/// `old [version] => new version` or `old [version] => ./dir`.
fn replace(args: &[&str], line: u32) -> Result<((String, Option<String>), Target), String> {
    let usage = || {
        format!(
            "line {line}: expected `replace module [version] => module version` or `=> ./directory`"
        )
    };
    let arrow = args.iter().position(|&a| a == "=>").ok_or_else(usage)?;
    let (old, new) = (&args[..arrow], &args[arrow + 1..]);
    let key = match old {
        [path] => (path.to_string(), None),
        [path, version] => (path.to_string(), Some(version.to_string())),
        _ => return Err(usage()),
    };
    let target = match new {
        [path, version] => Target::Module {
            path: path.to_string(),
            version: version.to_string(),
        },
        [dir] if is_directory(dir) => Target::Dir(dir.to_string()),
        [module] => {
            return Err(format!(
                "line {line}: replacement module `{module}` needs a version (a directory must start with ./ or ../)"
            ));
        }
        _ => return Err(usage()),
    };
    Ok((key, target))
}

/// Go's rule for a replacement without a version: a local directory path.
fn is_directory(path: &str) -> bool {
    let bytes = path.as_bytes();
    let windows_drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'/' | b'\\');
    path == "."
        || path == ".."
        || ["./", "../", "/", ".\\", "..\\", "\\"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
        || windows_drive
}

/// Split a line into tokens, unquoting strings and dropping the comment.
fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut rest = line.trim_start();
    while let Some(first) = rest.bytes().next() {
        if rest.starts_with("//") {
            break;
        }
        let (token, after) = match first {
            b'(' | b')' => (rest[..1].to_string(), &rest[1..]),
            b'"' => interpreted_string(rest)?,
            b'`' => {
                // Raw strings have no escapes: the content runs to the next backquote.
                let body = &rest[1..];
                let end = body.find('`').ok_or("unterminated `…` string")?;
                (body[..end].to_string(), &body[end + 1..])
            }
            _ => {
                let end = rest
                    .find(|c: char| {
                        c.is_whitespace() || c == '(' || c == ')' || c == '"' || c == '`'
                    })
                    .unwrap_or(rest.len());
                let end = rest[..end].find("//").unwrap_or(end);
                (rest[..end].to_string(), &rest[end..])
            }
        };
        tokens.push(token);
        rest = after.trim_start();
    }
    Ok(tokens)
}

/// A `"…"` string at the start of `s`, unescaped, and the text after it.
/// Module paths and versions need no more than `\"` and `\\`; other escapes
/// keep the escaped character.
fn interpreted_string(s: &str) -> Result<(String, &str), String> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[i + 1..])),
            '\\' => match chars.next() {
                Some((_, escaped)) => out.push(escaped),
                None => break,
            },
            _ => out.push(c),
        }
    }
    Err("unterminated \"…\" string".into())
}

/// `module version` → hash from go.sum lines `module version h1:…`; the
/// `module version/go.mod` lines hash only the go.mod file and are skipped.
/// Several hashes for one version are joined with a space.
fn go_sum_hashes(text: &str) -> HashMap<String, String> {
    let mut sums: HashMap<String, String> = HashMap::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [module, version, hash] = fields.as_slice() else {
            continue; // go.sum is only for integrity: a bad line costs a hash, not the parse
        };
        if version.ends_with("/go.mod") {
            continue;
        }
        let entry = sums.entry(format!("{module} {version}")).or_default();
        if !entry.split(' ').any(|h| h == *hash) {
            if !entry.is_empty() {
                entry.push(' ');
            }
            entry.push_str(hash);
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_with(text: &str, go_sum: Option<&str>) -> Result<Vec<Package>, String> {
        let include = |name: &str| -> Result<String, String> {
            assert_eq!(name, "go.sum");
            go_sum
                .map(str::to_string)
                .ok_or_else(|| "missing".to_string())
        };
        parse(&Input {
            path: "go.mod",
            text,
            include: &include,
        })
    }

    fn summary(pkgs: &[Package]) -> Vec<(String, Option<String>, Source, Option<u32>)> {
        pkgs.iter()
            .map(|p| (p.name.clone(), p.version.clone(), p.source, p.line))
            .collect()
    }

    #[test]
    fn requires_lines_and_versions() {
        let text = "module example.com/m\r\n\r\ngo 1.22\r\ntoolchain go1.22.1\r\n\r\nrequire (\r\n\tgolang.org/x/net v0.5.6 // indirect\r\n\t\"example.com/quoted\" v1.0.0+incompatible\r\n)\r\nrequire `example.com/raw` v2.0.0-20200101000000-abcdef123456 // a comment\r\n";
        let pkgs = parse_with(text, None).unwrap();
        assert_eq!(
            summary(&pkgs),
            [
                (
                    "golang.org/x/net".into(),
                    Some("0.5.6".into()),
                    Source::Registry,
                    Some(7)
                ),
                (
                    "example.com/quoted".into(),
                    Some("1.0.0+incompatible".into()),
                    Source::Registry,
                    Some(8)
                ),
                (
                    "example.com/raw".into(),
                    Some("2.0.0-20200101000000-abcdef123456".into()),
                    Source::Registry,
                    Some(10)
                ),
            ]
        );
        assert!(
            pkgs.iter()
                .all(|p| p.dev.is_none() && p.integrity.is_none())
        );
    }

    #[test]
    fn replacements() {
        let text = "require (
    a.example/x v1.0.0
    b.example/y v2.0.0
    c.example/z v3.0.0
    d.example/w v4.0.0
)
replace a.example/x => fork.example/x v1.1.0
replace a.example/x v1.0.0 => fork.example/x-pinned v1.0.1
replace b.example/y v2.0.0 => ../y
replace c.example/z v9.9.9 => fork.example/z v9.9.9
replace (
    d.example/w => C:\\src\\w
)
";
        let pkgs = parse_with(text, None).unwrap();
        assert_eq!(
            summary(&pkgs),
            [
                (
                    "fork.example/x-pinned".into(),
                    Some("1.0.1".into()),
                    Source::Registry,
                    Some(2)
                ),
                (
                    "b.example/y".into(),
                    Some("2.0.0".into()),
                    Source::Path,
                    Some(3)
                ),
                (
                    "c.example/z".into(),
                    Some("3.0.0".into()),
                    Source::Registry,
                    Some(4)
                ),
                (
                    "d.example/w".into(),
                    Some("4.0.0".into()),
                    Source::Path,
                    Some(5)
                ),
            ]
        );
        assert_eq!(pkgs[1].location.as_deref(), Some("../y"));
        assert_eq!(pkgs[3].location.as_deref(), Some("C:\\src\\w"));
    }

    #[test]
    fn go_sum_gives_the_module_hash_not_the_go_mod_hash() {
        let text = "require (\n\ta.example/x v1.0.0\n\tb.example/y v2.0.0\n\tc.example/z v3.0.0\n)\nreplace b.example/y => fork.example/y v2.0.1\nreplace c.example/z => ./z\n";
        let go_sum = "a.example/x v1.0.0 h1:AAA=\na.example/x v1.0.0/go.mod h1:MOD=\nfork.example/y v2.0.1 h1:FORK=\nb.example/y v2.0.0 h1:OLD=\ngarbage line\n";
        let pkgs = parse_with(text, Some(go_sum)).unwrap();
        let sums: Vec<_> = pkgs.iter().map(|p| p.integrity.as_deref()).collect();
        assert_eq!(sums, [Some("h1:AAA="), Some("h1:FORK="), None]);
    }

    #[test]
    fn real_go_sum_read_next_to_go_mod() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/lockfiles/go");
        let pkgs = crate::deps::parse_file(&dir.join("gomod-osv-scanner/go.mod")).unwrap();
        assert!(pkgs.len() > 200);
        assert!(
            pkgs.iter()
                .all(|p| p.integrity.as_deref().is_some_and(|h| h.starts_with("h1:")))
        );
        // A go.sum that is not one gives no hashes and no error.
        let pkgs = crate::deps::parse_file(&dir.join("gomod-indirect-1-23/go.mod")).unwrap();
        assert!(pkgs.iter().all(|p| p.integrity.is_none()));
    }

    #[test]
    fn empty_and_comment_only_files() {
        assert!(parse_with("", None).unwrap().is_empty());
        assert!(
            parse_with("// nothing here\n\nmodule m\n", None)
                .unwrap()
                .is_empty()
        );
        assert!(
            parse_with(
                "require ()\nexclude (\n  a v1\n)\nretract [v1.0.0, v1.1.0]\n",
                None
            )
            .unwrap()
            .is_empty()
        );
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            (
                "this is not a go.mod file!\n",
                "line 1: unknown directive `this`",
            ),
            (
                "module m\n\nrequire a v1 extra\n",
                "line 3: `require` takes `module version`, got 3 fields",
            ),
            (
                "require (\n  a v1.0.0\n",
                "line 1: `require (` block is never closed",
            ),
            (
                "require (\n  a v1.0.0 )\n",
                "line 2: unexpected parenthesis in `require`",
            ),
            ("replace a v1 b v2\n", "line 1: expected `replace"),
            (
                "replace a => b\n",
                "line 1: replacement module `b` needs a version",
            ),
            ("require \"a v1.0.0\n", "line 1: unterminated"),
            ("<<<<<<< HEAD\n", "line 1: unknown directive `<<<<<<<`"),
        ];
        for (text, want) in cases {
            let err = parse_with(text, None).unwrap_err();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn tokens() {
        assert_eq!(
            tokenize("require(a v1)// c").unwrap(),
            ["require", "(", "a", "v1", ")"]
        );
        assert_eq!(
            tokenize("  \"a\\\"b\" v1 //indirect").unwrap(),
            ["a\"b", "v1"]
        );
        assert_eq!(tokenize("a//b").unwrap(), ["a"]);
        assert!(tokenize("`open").is_err());
    }
}
