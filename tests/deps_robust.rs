//! Bad input never panics a parser: every lockfile fixture, truncated and
//! corrupted at deterministic places, parses or fails with a one-line error.

mod common;

use serde_json::Value;

fn variants(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let n = bytes.len();
    for k in 1..8 {
        out.push(bytes[..n * k / 8].to_vec());
    }
    let mut x: u64 = n as u64 | 1;
    for _ in 0..8 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut v = bytes.to_vec();
        if !v.is_empty() {
            let i = (x as usize) % v.len();
            let junk = b"{}[]\":=\n'#\\@ ";
            v[i] = junk[(x >> 32) as usize % junk.len()];
        }
        out.push(v);
    }
    out
}

#[test]
fn corrupted_lockfiles_never_panic() {
    let root = common::shared("fixtures/lockfiles");
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("INDEX.json")).unwrap()).unwrap();
    let mut parsed = 0;
    for case in index["cases"].as_array().unwrap() {
        let dir = root
            .join(case["eco"].as_str().unwrap())
            .join(case["case"].as_str().unwrap());
        let name = case["input"].as_str().unwrap();
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            continue;
        };
        if bytes.len() > 200_000 {
            continue;
        }
        let include = |_: &str| -> Result<String, String> { Err("no includes here".into()) };
        for v in variants(&bytes) {
            let result = std::panic::catch_unwind(|| ward::deps::parse_bytes(name, &v, &include));
            match result {
                Ok(Ok(_)) => parsed += 1,
                Ok(Err(e)) => {
                    let msg = e.to_string();
                    assert!(!msg.contains('\n'), "{name}: multi-line error: {msg}");
                }
                Err(_) => panic!("{}: a corrupted {name} panicked the parser", dir.display()),
            }
        }
    }
    assert!(parsed > 0);
}
