//! Line-independent fingerprints: SHA-256 over rule id, path and the secret,
//! so a finding keeps its identity when lines are added above it. The secret
//! cannot be recovered from it.

use sha2::{Digest, Sha256};

pub fn fingerprint(rule: &str, path: &str, secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(secret.as_bytes());
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_and_distinct() {
        let a = super::fingerprint("r", "p", "s");
        assert_eq!(a, super::fingerprint("r", "p", "s"));
        assert_ne!(a, super::fingerprint("r", "p2", "s"));
        assert_eq!(a.len(), 64);
    }
}
