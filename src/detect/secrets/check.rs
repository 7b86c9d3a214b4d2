//! `ward rules check`: a rule is only as good as its examples. Every positive
//! example must yield the rule through the full pipeline, every negative
//! example not the rule, and every positive must contain a keyword (the prefilter
//! may over-report, never hide).

use super::RuleSet;
use super::rule::Rule;
use crate::diff::Target;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: String,
    pub origin: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: rule `{}`: {}", self.origin, self.rule, self.message)
    }
}

/// Check `rules` (a subset of `set`, or all of it) with `set` as the running rule set.
pub fn check<'a>(rules: impl IntoIterator<Item = &'a Rule>, set: &RuleSet) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rule in rules {
        let mut problem = |message: String| {
            problems.push(Problem {
                rule: rule.id().to_string(),
                origin: rule.origin.clone(),
                message,
            });
        };
        if !seen.insert(rule.id().to_string()) {
            problem("duplicate rule id".into());
        }
        for p in rule.lint() {
            problem(p);
        }
        let d = &rule.def;
        if d.examples.is_empty() {
            problem("has no examples".into());
        }
        if d.negative_examples.is_empty() {
            problem("has no negative examples".into());
        }
        for ex in &d.examples {
            let lower = ex.to_ascii_lowercase();
            if !d
                .keywords
                .iter()
                .any(|k| lower.contains(&k.to_ascii_lowercase()))
            {
                problem(format!(
                    "example contains none of the keywords: {}",
                    short(ex)
                ));
            }
            let found = run(set, ex);
            if !found.iter().any(|id| id == rule.id()) {
                problem(format!(
                    "example not detected (found {found:?}): {}",
                    short(ex)
                ));
            }
        }
        for ex in &d.negative_examples {
            // A negative of one rule may well be a positive of a sibling
            // (`sk_test_` vs `sk_live_`); it must not yield this rule.
            let found = run(set, ex);
            if found.iter().any(|id| id == rule.id()) {
                problem(format!("negative example detected: {}", short(ex)));
            }
        }
    }
    problems
}

fn run(set: &RuleSet, text: &str) -> Vec<String> {
    let target = Target::whole("example".into(), text.as_bytes());
    set.scan(&target).into_iter().map(|f| f.rule).collect()
}

fn short(s: &str) -> String {
    let one: String = s.chars().take(80).collect::<String>().replace('\n', "⏎");
    if s.chars().count() > 80 {
        format!("{one}…")
    } else {
        one
    }
}
