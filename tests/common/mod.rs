//! Test support: real git repositories in temp dirs, the real `ward` binary,
//! and fake credentials of real formats built at test time.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let r = Repo { dir };
        r.git(&["init", "-q", "-b", "main"]);
        r.git(&["config", "user.email", "dev@example.com"]);
        r.git(&["config", "user.name", "Dev"]);
        r.git(&["config", "commit.gpgsign", "false"]);
        r.git(&["config", "core.autocrlf", "false"]);
        r
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run git, panicking with its output when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) -> &Self {
        let p = self.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    pub fn add(&self, paths: &[&str]) -> &Self {
        let mut args = vec!["add", "--"];
        args.extend_from_slice(paths);
        self.git(&args);
        self
    }

    pub fn commit(&self, msg: &str) -> &Self {
        self.git(&["commit", "-q", "--no-verify", "-m", msg]);
        self
    }

    /// `ward` run in this repository.
    pub fn ward(&self) -> Command {
        let mut c = ward();
        c.current_dir(self.path());
        c
    }

    /// `ward --format json` in the repo; returns (exit code, report).
    pub fn scan_json(&self, extra: &[&str]) -> (i32, serde_json::Value) {
        let out = self
            .ward()
            .args(["scan", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        let code = out.status.code().unwrap();
        let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (code, v)
    }

    pub fn index_bytes(&self) -> Vec<u8> {
        std::fs::read(self.path().join(".git/index")).unwrap_or_default()
    }
}

pub fn ward() -> Command {
    let mut c = Command::cargo_bin("ward").unwrap();
    c.env("NO_COLOR", "1")
        // Never the developer's own name index (~/.cache/ward).
        .env(
            "WARD_DB_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-ward-db"),
        )
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_DIR");
    c
}

pub fn ward_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ward")
}

/// Rule ids of a JSON report's findings, in order.
pub fn rules(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// (rule, path, line) of each finding.
pub fn hits(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// (path, reason) of each skipped file in a JSON report.
pub fn skipped(report: &serde_json::Value) -> Vec<(String, String)> {
    report["scan"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel)
}

/// The official SARIF 2.1.0 schema from ../shared/schemas, formats checked.
pub fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared("schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Fake credentials of real formats, generated per run from a seed.
pub mod fake {
    const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// Deterministic pseudo-random characters from `alphabet` (xorshift; no real entropy needed).
    pub fn chars(seed: u64, n: usize, alphabet: &[u8]) -> String {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                alphabet[(x % alphabet.len() as u64) as usize] as char
            })
            .collect()
    }

    fn base62_crc(data: &str) -> String {
        let mut n = crc32fast::hash(data.as_bytes());
        let mut out = vec![b'0'; 6];
        for slot in out.iter_mut().rev() {
            *slot = B62[(n % 62) as usize];
            n /= 62;
        }
        String::from_utf8(out).unwrap()
    }

    /// `ghp_` + 30 random + base62 CRC32: a valid-looking classic PAT.
    pub fn github_pat(seed: u64) -> String {
        let random = chars(seed, 30, B62);
        format!("ghp_{random}{}", base62_crc(&random))
    }

    pub fn aws_key_id(seed: u64) -> String {
        format!(
            "AKIA{}",
            chars(seed, 16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        )
    }

    pub fn aws_secret(seed: u64) -> String {
        chars(
            seed,
            40,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        )
    }

    pub fn stripe_live(seed: u64) -> String {
        format!("sk_live_{}", chars(seed, 24, B62))
    }

    pub fn slack_bot(seed: u64) -> String {
        format!(
            "xoxb-{}-{}-{}",
            chars(seed, 12, b"0123456789"),
            chars(seed + 1, 13, b"0123456789"),
            chars(seed + 2, 24, B62)
        )
    }

    /// A PEM RSA private key of plausible shape (random body, not a real key).
    pub fn rsa_private_key(seed: u64) -> String {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut body = String::from("MIIEowIBAAKCAQEA");
        body.push_str(&chars(seed, 1500, alphabet));
        let lines: Vec<String> = body
            .as_bytes()
            .chunks(64)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
            lines.join("\n")
        )
    }
}
