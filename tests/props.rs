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
