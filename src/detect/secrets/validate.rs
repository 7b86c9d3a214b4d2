//! Structural validators named by rules (`validator = "…"`).

use super::rule::Validator;
use base64::Engine;

/// Outcome of a validator on one secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The structure checks out.
    Valid,
    /// The format matched but an embedded checksum does not: keep the finding, lower it.
    ChecksumMismatch,
    /// Not a secret of this kind at all: drop it.
    Invalid,
}

pub fn validate(validator: Validator, secret: &str) -> Verdict {
    match validator {
        Validator::GithubCrc32 => {
            if github_crc32(secret) {
                Verdict::Valid
            } else {
                Verdict::ChecksumMismatch
            }
        }
        Validator::Jwt => {
            if jwt_header(secret) {
                Verdict::Valid
            } else {
                Verdict::Invalid
            }
        }
    }
}

const BASE62_UPPER_FIRST: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE62_LOWER_FIRST: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn base62(mut n: u32, alphabet: &[u8]) -> [u8; 6] {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = alphabet[(n % 62) as usize];
        n /= 62;
    }
    out
}

/// GitHub's token format (2021) and npm's: `<prefix>_<30 random><6 checksum>`, the
/// checksum being the CRC32 of the random part in base62, zero-padded. Both common
/// base62 alphabets are accepted, and the CRC over prefix + random as some tools compute it.
pub fn github_crc32(secret: &str) -> bool {
    let Some(body) = secret.rsplit('_').next() else {
        return false;
    };
    if body.len() < 7 || !body.is_ascii() {
        return false;
    }
    let (random, check) = body.split_at(body.len() - 6);
    let whole = &secret[..secret.len() - 6];
    [random, whole].iter().any(|data| {
        let crc = crc32fast::hash(data.as_bytes());
        [BASE62_UPPER_FIRST, BASE62_LOWER_FIRST]
            .iter()
            .any(|alpha| base62(crc, alpha) == check.as_bytes())
    })
}

fn jwt_header(secret: &str) -> bool {
    let Some(header) = secret.split('.').next() else {
        return false;
    };
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let Ok(bytes) = engine.decode(header.trim_end_matches('=')) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .is_some_and(|v| v.get("alg").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make_token(prefix: &str, random: &str) -> String {
        let crc = crc32fast::hash(random.as_bytes());
        let check = String::from_utf8(base62(crc, BASE62_UPPER_FIRST).to_vec()).unwrap();
        format!("{prefix}_{random}{check}")
    }

    #[test]
    fn github_checksum_round_trip() {
        let t = make_token("ghp", "k3Jd9sLq2PzX8vBn4TgW7yHc1RmA5e");
        assert!(github_crc32(&t));
        let mut broken = t.clone();
        broken.replace_range(5..6, if &t[5..6] == "a" { "b" } else { "a" });
        assert!(!github_crc32(&broken));
    }

    #[test]
    fn jwt_needs_alg() {
        // {"alg":"HS256","typ":"JWT"}
        assert_eq!(
            validate(
                Validator::Jwt,
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig"
            ),
            Verdict::Valid
        );
        assert_eq!(
            validate(Validator::Jwt, "eyJmb28iOjF9.e30.sig"),
            Verdict::Invalid
        );
    }
}
