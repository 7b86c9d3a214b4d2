//! Cheap checks that tell a real credential from a look-alike.

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut other: std::collections::HashMap<char, u32> = std::collections::HashMap::new();
    let mut n = 0u32;
    for c in s.chars() {
        n += 1;
        if (c as u32) < 256 {
            counts[c as usize] += 1;
        } else {
            *other.entry(c).or_default() += 1;
        }
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .iter()
        .copied()
        .chain(other.into_values())
        .filter(|&c| c > 0)
        .map(|c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Words that mark a value as a placeholder, template or redaction rather
/// than a credential. Applied to every rule's secret (lowercased).
const PLACEHOLDER_MARKERS: &[&str] = &[
    "example",
    "placeholder",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "xxxxx",
    "*****",
    "changeme",
    "change_me",
    "redacted",
    "dummy",
    "sample",
    "${",
    "{{",
    "}}",
    "$(",
    "%s",
    "process.env",
    "os.environ",
    "getenv",
];

/// True when `secret` is obviously not a real value.
pub fn is_placeholder(secret: &str) -> bool {
    let lower = secret.to_lowercase();
    if PLACEHOLDER_MARKERS.iter().any(|m| lower.contains(m)) || angle_placeholder(secret) {
        return true;
    }
    let mut distinct = Vec::with_capacity(3);
    for c in secret.chars() {
        if !distinct.contains(&c) {
            distinct.push(c);
            if distinct.len() > 2 {
                return false;
            }
        }
    }
    true
}

/// `<token>`, `<your api key>`: a name in angle brackets.
fn angle_placeholder(s: &str) -> bool {
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        match after.find('>') {
            Some(close)
                if close > 0
                    && after[..close]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b" _.-".contains(&b)) =>
            {
                return true;
            }
            _ => rest = after,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_orders_randomness() {
        assert_eq!(entropy(""), 0.0);
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
        assert!(entropy("q8Zk2LmP0vXw7RtY") > 3.5);
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("AKIAIOSFODNN7EXAMPLE"));
        assert!(is_placeholder("${GITHUB_TOKEN}"));
        assert!(is_placeholder("xxxxxxxxxxxxxxxx"));
        assert!(is_placeholder("abababab"));
        assert!(!is_placeholder("q8Zk2LmP0vXw7RtY"));
        assert!(is_placeholder("<your-token>"));
        assert!(is_placeholder("Bearer <token>"));
        assert!(!is_placeholder("F<Fo<!202upf$J4g>nm9"));
    }
}
