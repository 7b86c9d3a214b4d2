//! Inline markers: `ward:allow` (optionally `ward:allow(rule-id, …)`), and the
//! markers of the tools people migrate from: `gitleaks:allow`,
//! `pragma: allowlist secret` (detect-secrets), and
//! `pragma: allowlist nextline secret` on the line above.

/// Does the marker on `line` (or `previous` for next-line markers) allow `rule`?
pub fn allows(rule: &str, line: &str, previous: Option<&str>) -> bool {
    if line.contains("gitleaks:allow") || line.contains("pragma: allowlist secret") {
        return true;
    }
    if previous.is_some_and(|p| p.contains("pragma: allowlist nextline secret")) {
        return true;
    }
    let mut rest = line;
    while let Some(i) = rest.find("ward:allow") {
        rest = &rest[i + "ward:allow".len()..];
        match rest.strip_prefix('(') {
            Some(list) => {
                let list = list.split(')').next().unwrap_or("");
                if list.split(',').any(|r| r.trim() == rule) {
                    return true;
                }
            }
            None => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::allows;

    #[test]
    fn markers() {
        assert!(allows("x", "key = 1 # ward:allow", None));
        assert!(allows("x", "key = 1 // ward:allow(y, x)", None));
        assert!(!allows("x", "key = 1 // ward:allow(y)", None));
        assert!(allows("x", "key = 1 # gitleaks:allow", None));
        assert!(allows("x", "key = 1 # pragma: allowlist secret", None));
        assert!(allows(
            "x",
            "key = 1",
            Some("# pragma: allowlist nextline secret")
        ));
        assert!(!allows("x", "key = 1", Some("# unrelated")));
    }
}
