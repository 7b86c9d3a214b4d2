//! Developer tool, not a check: which rules cost the most on real code.
//! `WARD_TIMING_DIR=~/.cargo/registry/src cargo test --release --test rule_timing -- --ignored --nocapture`

use std::time::{Duration, Instant};
use ward::detect::secrets::rule;

#[test]
#[ignore = "profiling aid; run by hand"]
fn slowest_rules() {
    let dir = std::env::var("WARD_TIMING_DIR").unwrap_or_else(|_| "src".into());
    let mut texts = Vec::new();
    let mut total = 0usize;
    for e in ignore::Walk::new(&dir).flatten() {
        if total > 60 << 20 {
            break;
        }
        if e.file_type().is_some_and(|t| t.is_file()) {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                total += t.len();
                texts.push(t);
            }
        }
    }
    let rules = rule::builtin();
    let mut times: Vec<(Duration, usize, String)> = rules
        .iter()
        .map(|r| {
            let c = r.compiled().unwrap();
            let start = Instant::now();
            let mut n = 0;
            for t in &texts {
                n += c.regex.captures_iter(t).count();
            }
            (start.elapsed(), n, r.id().to_string())
        })
        .collect();
    times.sort();
    times.reverse();
    eprintln!("{} MB of text", total >> 20);
    for (d, n, id) in times.iter().take(40) {
        eprintln!("{:>8.1} ms {n:>6} {id}", d.as_secs_f64() * 1000.0);
    }
}
