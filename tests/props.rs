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
