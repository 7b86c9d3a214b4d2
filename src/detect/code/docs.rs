//! Code rule documentation, rendered from the rule data (for `ward rules
//! show` and `docs/rules/`, which a test keeps in step).

use super::rule::{Rule, extension};
use std::fmt::Write;

/// One rule's page in Markdown.
pub fn page(r: &Rule) -> String {
    let d = &r.def;
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", d.id, d.title);
    let _ = writeln!(out, "- kind: code ({})", r.family.as_str());
    let _ = writeln!(out, "- severity: {}", d.severity);
    let langs: Vec<&str> = d.languages.iter().map(|l| l.as_str()).collect();
    let _ = writeln!(out, "- languages: {}", langs.join(", "));
    if !d.paths.is_empty() {
        let _ = writeln!(out, "- files: {}", d.paths.join(", "));
    }
    let _ = writeln!(out, "\n## Why it matters\n\n{}\n", d.why.trim());
    let _ = writeln!(out, "## How to fix\n\n{}\n", d.fix.trim());
    let _ = writeln!(out, "## How to allow a false positive\n");
    let _ = writeln!(
        out,
        "Add `ward:allow({})` in a comment on the statement, or in ward.toml:\n\n```toml\n[[allow]]\nrule = \"{}\"\npath = \"tests/**\"\nreason = \"why this is safe here\"\n```\n",
        d.id, d.id
    );
    let _ = writeln!(out, "## Flagged\n");
    for e in &d.bad {
        let _ = writeln!(out, "```{}\n{}\n```", extension(e.lang), e.code.trim_end());
    }
    let _ = writeln!(out, "\n## Not flagged\n");
    for e in &d.good {
        let _ = writeln!(out, "```{}\n{}\n```", extension(e.lang), e.code.trim_end());
    }
    crate::detect::secrets::docs::references(&mut out, &d.references);
    out
}

/// The index of code rules, by family.
pub fn index(rules: &[Rule]) -> String {
    let mut out = String::from(
        "# Code rules\n\nGenerated from `rules/code/*.toml`; `ward rules show ID` prints the same page.\n\n| id | family | severity | languages | title |\n|---|---|---|---|---|\n",
    );
    for r in rules {
        let langs: Vec<&str> = r.def.languages.iter().map(|l| l.as_str()).collect();
        let _ = writeln!(
            out,
            "| [{0}]({0}.md) | {1} | {2} | {3} | {4} |",
            r.id(),
            r.family.as_str(),
            r.def.severity,
            langs.join(", "),
            r.def.title.replace('|', "\\|")
        );
    }
    out
}
