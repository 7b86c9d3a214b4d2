//! Developer tool, not a check: which rules cost the most on real code, each
//! run alone through the real pipeline (prefilter, windows, regex).
//! `WARD_TIMING_DIR=~/.cargo/registry/src cargo test --release --test rule_timing -- --ignored --nocapture`

use std::time::{Duration, Instant};
use ward::detect::secrets::{RuleSet, rule};
use ward::diff::Target;

#[test]
#[ignore = "profiling aid; run by hand"]
fn slowest_rules() {
    let dir = std::env::var("WARD_TIMING_DIR").unwrap_or_else(|_| "src".into());
    let limit: usize = std::env::var("WARD_TIMING_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        << 20;
    let mut targets = Vec::new();
    let mut total = 0usize;
    for e in ignore::Walk::new(&dir).flatten() {
        if total > limit {
            break;
        }
        if e.file_type().is_some_and(|t| t.is_file())
            && let Ok(t) = std::fs::read(e.path())
        {
            total += t.len();
            targets.push(Target::whole(e.path().display().to_string(), &t));
        }
    }
    let mut times: Vec<(Duration, usize, String)> = rule::builtin()
        .into_iter()
        .map(|r| {
            let id = r.id().to_string();
            let set = RuleSet::new(vec![r]);
            set.expect_large_input(true);
            let _ = set.rules()[0].compiled(true);
            let start = Instant::now();
            let n: usize = targets.iter().map(|t| set.scan(t).len()).sum();
            (start.elapsed(), n, id)
        })
        .collect();
    times.sort();
    times.reverse();
    eprintln!("{} MB of text", total >> 20);
    for (d, n, id) in times.iter().take(40) {
        eprintln!("{:>8.1} ms {n:>6} {id}", d.as_secs_f64() * 1000.0);
    }
}
