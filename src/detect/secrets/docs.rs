//! Rule documentation, rendered from the rule data (for `ward rules show` and
//! `docs/rules/`, which a test keeps in step).

use super::rule::Rule;
use std::fmt::Write;

/// One rule's page in Markdown.
pub fn page(r: &Rule) -> String {
    let d = &r.def;
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", d.id, d.title);
    let _ = writeln!(out, "- kind: secret");
    let _ = writeln!(out, "- severity: {}", d.severity);
    let kws: Vec<String> = d.keywords.iter().map(|k| format!("`{k}`")).collect();
    let _ = writeln!(out, "- keywords: {}", kws.join(", "));
    if let Some(v) = d.validator {
        let _ = writeln!(out, "- validator: {v:?}");
    }
    if let Some(e) = d.min_entropy {
        let _ = writeln!(out, "- minimum entropy: {e} bits/char");
    }
    let _ = writeln!(out, "\n## Why it matters\n\n{}\n", d.why.trim());
    let _ = writeln!(out, "## How to fix\n\n{}\n", d.fix.trim());
    let _ = writeln!(out, "## How to allow a false positive\n");
    let _ = writeln!(
        out,
        "Add `ward:allow({})` in a comment on the line, or in ward.toml:\n\n```toml\n[[allow]]\nrule = \"{}\"\npath = \"tests/fixtures/**\"\nreason = \"fake values used by tests\"\n```\n",
        d.id, d.id
    );
    let _ = writeln!(out, "## Detected\n");
    for e in &d.examples {
        let _ = writeln!(out, "```\n{}\n```", e.trim_end());
    }
    let _ = writeln!(out, "\n## Not detected\n");
    for e in &d.negative_examples {
        let _ = writeln!(out, "```\n{}\n```", e.trim_end());
    }
    references(&mut out, &d.references);
    out
}

/// A page's references section (none when there are none); code rule pages share it.
pub fn references(out: &mut String, refs: &[String]) {
    if refs.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## References\n");
    for r in refs {
        let _ = writeln!(out, "- <{r}>");
    }
}

/// The index page listing every rule.
pub fn index(rules: &[Rule]) -> String {
    let mut out = String::from(
        "# Secret rules\n\nGenerated from `rules/secrets/*.toml`; `ward rules show ID` prints the same page.\n\n| id | severity | title |\n|---|---|---|\n",
    );
    for r in rules {
        let _ = writeln!(
            out,
            "| [{0}]({0}.md) | {1} | {2} |",
            r.id(),
            r.def.severity,
            r.def.title.replace('|', "\\|")
        );
    }
    out
}
