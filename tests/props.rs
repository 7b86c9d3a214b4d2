//! Properties: the scanner never panics on arbitrary bytes, redaction never
//! leaks, and the diff never reports unchanged lines.

use proptest::prelude::*;
use std::sync::LazyLock;
use ward::config::Config;
use ward::diff::{Target, added_chunks};
use ward::report::redact::redact;
use ward::scan::Engine;

/// Pieces of what rules look for, so random text reaches the regexes and validators.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ghp_".to_string()),
        Just("AKIA".to_string()),
        Just("sk_live_".to_string()),
        Just("xoxb-".to_string()),
        Just("eyJhbGciOiJIUzI1NiJ9.".to_string()),
        Just("-----BEGIN RSA PRIVATE KEY-----\n".to_string()),
        Just("-----END RSA PRIVATE KEY-----".to_string()),
        Just("password = \"".to_string()),
        Just("postgres://u:".to_string()),
        Just("@host/db".to_string()),
        Just("\r\n".to_string()),
        Just("\u{e9}\u{fffd}".to_string()),
        "[A-Za-z0-9+/=_.:-]{1,48}",
        "[ -~]{0,20}",
    ]
}

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new(Config::default()));

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn scanner_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let t = Target::whole("x".into(), &bytes);
        let _ = ENGINE.detect(&t);
    }

    #[test]
    fn scanner_never_panics_on_token_like_text(parts in proptest::collection::vec(fragment(), 0..60)) {
        let s = parts.concat();
        let t = Target::whole("x".into(), s.as_bytes());
        let _ = ENGINE.detect(&t);
    }

    #[test]
    fn diff_of_arbitrary_texts_never_panics(a in "[a-c\n\r]{0,200}", b in "[a-c\n\r\u{e9}]{0,200}") {
        for c in added_chunks(a.as_bytes(), b.as_bytes()) {
            prop_assert!(c.added_from <= c.text.len());
        }
    }

    #[test]
    fn redaction_never_shows_more_than_a_fifth(s in "[A-Za-z0-9_\\-]{1,100}") {
        let r = redact(&s);
        let shown = r.trim_end_matches('…');
        prop_assert!(shown.chars().count() * 5 <= s.chars().count());
        prop_assert!(s.starts_with(shown));
    }
}

/// Pieces of code: brackets, quotes, comments and the APIs code rules look for.
fn code_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("(".to_string()),
        Just(")".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("`".to_string()),
        Just("\"\"\"".to_string()),
        Just("r#\"".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("//".to_string()),
        Just("#".to_string()),
        Just("\\\n".to_string()),
        Just("\n".to_string()),
        Just(" = ".to_string()),
        Just("requests.get(url, verify=False)".to_string()),
        Just("InsecureSkipVerify: true".to_string()),
        Just("curl -k ".to_string()),
        Just("\u{e9}\u{fffd}".to_string()),
        "[ -~]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// The lexer is total on any text in every language; statements are
    /// sorted, disjoint, inside the text, and the blanked code keeps offsets.
    #[test]
    fn statements_are_well_formed(parts in proptest::collection::vec(code_fragment(), 0..60)) {
        use ward::detect::code::{Language, statements::Source};
        let text = parts.concat();
        for lang in Language::ALL {
            let s = Source::new(&text, lang.syntax());
            prop_assert_eq!(s.code.len(), text.len());
            let mut end = 0;
            for r in s.statements() {
                prop_assert!(r.start >= end && r.start < r.end && r.end <= text.len());
                end = r.end;
            }
            let ext = ward::detect::code::rule::extension(lang);
            let _ = ward::detect::code::builtin().scan(&format!("f.{ext}"), &text, None, None);
        }
    }
}

/// One entry of a generated package-lock: install path, name field, version, flags.
#[derive(Debug, Clone)]
struct LockEntry {
    path: String,
    name: Option<String>,
    version: String,
    integrity: bool,
    git: bool,
    link: bool,
    dev: bool,
}

fn lock_entry() -> impl Strategy<Value = LockEntry> {
    // Few names and versions, so that names repeat (nested copies, aliases)
    // and edits collide with other entries of the same name.
    let name = prop_oneof![Just("a"), Just("b"), Just("@s/c"), Just("d-e")];
    (
        name.clone(),
        proptest::option::of(name.clone()),
        proptest::option::weighted(0.2, name),
        0..4u8,
        any::<bool>(),
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.1),
        any::<bool>(),
    )
        .prop_map(
            |(n, parent, alias, v, integrity, git, link, dev)| LockEntry {
                path: match parent {
                    Some(p) => format!("node_modules/{p}/node_modules/{n}"),
                    None => format!("node_modules/{n}"),
                },
                name: alias.map(str::to_string),
                version: format!("1.{v}.0"),
                integrity,
                git,
                link,
                dev,
            },
        )
}

fn lock_text(entries: &[LockEntry]) -> String {
    let mut out = String::from(
        "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"app\"}",
    );
    for e in entries {
        let mut fields = vec![format!("\"version\": \"{}\"", e.version)];
        if let Some(n) = &e.name {
            fields.push(format!("\"name\": \"{n}\""));
        }
        if e.git {
            fields.push("\"resolved\": \"git+ssh://git@github.com/o/r.git#abc\"".into());
        } else {
            fields.push(format!(
                "\"resolved\": \"https://registry.npmjs.org/x/-/x-{}.tgz\"",
                e.version
            ));
        }
        if e.integrity {
            fields.push(format!("\"integrity\": \"sha512-{}\"", e.version));
        }
        if e.link {
            fields.push("\"link\": true".into());
        }
        if e.dev {
            fields.push("\"dev\": true".into());
        }
        out += &format!(
            ",\n    \"{}\": {{\n      {}\n    }}",
            e.path,
            fields.join(",\n      ")
        );
    }
    out + "\n  }\n}\n"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Reading only a package-lock's changed entries diffs exactly as
    /// parsing both versions whole: keys repeated, names shared by nested
    /// copies and aliases, links, sources and hashes changed.
    #[test]
    fn changed_entries_diff_as_whole_files(
        old in proptest::collection::vec(lock_entry(), 0..12),
        edits in proptest::collection::vec((0..12usize, proptest::option::of(lock_entry())), 0..6),
        added in proptest::collection::vec(lock_entry(), 0..3),
    ) {
        let mut new = old.clone();
        for (at, edit) in edits {
            if new.is_empty() {
                break;
            }
            let at = at % new.len();
            match edit {
                Some(e) => new[at] = LockEntry { path: new[at].path.clone(), ..e },
                None => {
                    new.remove(at);
                }
            }
        }
        new.extend(added);
        let (old_text, new_text) = (lock_text(&old), lock_text(&new));
        let none = |_: &str| -> Result<String, String> { Err(String::new()) };
        let whole_old = ward::deps::parse_bytes("package-lock.json", old_text.as_bytes(), &none).unwrap();
        let whole_new = ward::deps::parse_bytes("package-lock.json", new_text.as_bytes(), &none).unwrap();
        let (part_old, part_new) =
            ward::deps::parse_changed("package-lock.json", old_text.as_bytes(), new_text.as_bytes())
                .expect("both sides read");
        let whole = ward::deps::diff::diff(&whole_old, &whole_new);
        let part = ward::deps::diff::diff(&part_old, &part_new);
        prop_assert_eq!(format!("{whole:?}"), format!("{part:?}"), "old:\n{}\nnew:\n{}", old_text, new_text);
    }
}
