//! Lockfile integrity strings to hex digests: SBOM formats want `alg` + hex,
//! lockfiles record SRI base64 (`sha512-…`), `sha256:hex`, `sha256=hex` or a
//! bare hex checksum (Cargo). Anything else (Go's `h1:` directory hash, yarn
//! berry's cache checksum) is not a file digest and is left out.

use base64::Engine;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HashAlg {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    fn from_name(s: &str) -> Option<HashAlg> {
        Some(match s.to_ascii_lowercase().replace('-', "").as_str() {
            "md5" => HashAlg::Md5,
            "sha1" => HashAlg::Sha1,
            "sha256" => HashAlg::Sha256,
            "sha384" => HashAlg::Sha384,
            "sha512" => HashAlg::Sha512,
            _ => return None,
        })
    }

    /// Digest length in bytes.
    fn len(self) -> usize {
        match self {
            HashAlg::Md5 => 16,
            HashAlg::Sha1 => 20,
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    /// CycloneDX `hash-alg` name.
    pub fn cyclonedx(self) -> &'static str {
        match self {
            HashAlg::Md5 => "MD5",
            HashAlg::Sha1 => "SHA-1",
            HashAlg::Sha256 => "SHA-256",
            HashAlg::Sha384 => "SHA-384",
            HashAlg::Sha512 => "SHA-512",
        }
    }

    /// SPDX 2.3 checksum `algorithm` name.
    pub fn spdx(self) -> &'static str {
        match self {
            HashAlg::Md5 => "MD5",
            HashAlg::Sha1 => "SHA1",
            HashAlg::Sha256 => "SHA256",
            HashAlg::Sha384 => "SHA384",
            HashAlg::Sha512 => "SHA512",
        }
    }
}

/// A digest, lowercase hex of exactly the algorithm's length.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash {
    pub alg: HashAlg,
    pub hex: String,
}

impl Hash {
    /// A digest as an SBOM records it: an algorithm name (`SHA-256`,
    /// `SHA256`) and hex; `None` for other algorithms or a wrong length.
    pub fn from_hex(alg: &str, hex: &str) -> Option<Hash> {
        hex_digest(HashAlg::from_name(alg)?, hex)
    }
}

/// Every digest in a whitespace-separated integrity string; unknown forms are skipped.
pub fn parse_integrity(s: &str) -> Vec<Hash> {
    s.split_whitespace().filter_map(parse_one).collect()
}

fn parse_one(token: &str) -> Option<Hash> {
    // The first separator tells the form: SRI base64 may itself contain `=`.
    let Some(at) = token.find([':', '=', '-']) else {
        let alg = match token.len() {
            40 => HashAlg::Sha1,
            64 => HashAlg::Sha256,
            128 => HashAlg::Sha512,
            _ => return None,
        };
        return hex_digest(alg, token);
    };
    let alg = HashAlg::from_name(&token[..at])?;
    let value = &token[at + 1..];
    if !token[at..].starts_with('-') {
        return hex_digest(alg, value);
    }
    // SRI digests may carry `?options`; they are not part of the value.
    let value = value.split('?').next().unwrap_or("");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value)
        .ok()?;
    (bytes.len() == alg.len()).then(|| Hash {
        alg,
        hex: hex::encode(bytes),
    })
}

fn hex_digest(alg: HashAlg, value: &str) -> Option<Hash> {
    (value.len() == alg.len() * 2 && value.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Hash {
        alg,
        hex: value.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let sri =
            "sha512-".to_string() + &base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
        let h = parse_integrity(&sri);
        assert_eq!(h[0].alg, HashAlg::Sha512);
        assert_eq!(h[0].hex, "07".repeat(64));
        let cargo = "ab".repeat(32);
        assert_eq!(parse_integrity(&cargo)[0].alg, HashAlg::Sha256);
        let pip = format!("sha256:{} sha256={}", "AB".repeat(32), "cd".repeat(32));
        let h = parse_integrity(&pip);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].hex, "ab".repeat(32));
        assert!(parse_integrity("h1:abc= 10c0/xyz sha512-!!").is_empty());
        assert!(parse_integrity(&format!("sha256:{}", "ab".repeat(31))).is_empty());
    }
}
