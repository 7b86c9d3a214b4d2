//! `ward rules list|show|check`: rule docs and rule-pack linting, rendered
//! from the same rule data the scanner runs.

use super::emit;
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use std::fmt::Write;
use std::path::PathBuf;
use ward::deps::check as deps_rules;
use ward::detect::code::{self, rule as code_rule};
use ward::detect::secrets::rule::{self, Rule};
use ward::detect::secrets::{RuleSet, check};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule: id, severity, title.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one rule: what it finds, why it matters, how to fix, examples.
    Show { id: String },
    /// Lint rule packs (TOML files of [[rules]]) and run their examples.
    Check {
        /// Rule packs to check (default: the built-in rules).
        files: Vec<PathBuf>,
    },
}

pub fn run(cmd: RulesCommand) -> Result<u8> {
    match cmd {
        RulesCommand::List { json } => {
            let rules = rule::builtin();
            let text = if json {
                let v: Vec<_> = rules
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id": r.id(), "severity": r.def.severity, "title": r.def.title,
                            "kind": "secret", "pack": r.origin,
                        })
                    })
                    .chain(code::builtin().rules().iter().map(|r| {
                        serde_json::json!({
                            "id": r.id(), "severity": r.def.severity, "title": r.def.title,
                            "kind": "code", "pack": r.family.as_str(),
                            "languages": r.def.languages,
                        })
                    }))
                    .chain(deps_rules::RULES.iter().map(|r| {
                        serde_json::json!({
                            "id": r.id, "severity": r.severity, "title": r.title,
                            "kind": "dependency", "pack": "dependencies",
                        })
                    }))
                    .collect();
                serde_json::to_string_pretty(&v)? + "\n"
            } else {
                list(&rules)
            };
            emit(&text, None)?;
            Ok(0)
        }
        RulesCommand::Show { id } => {
            if let Some(r) = deps_rules::RULES.iter().find(|r| r.id == id) {
                emit(&deps_rules::page(r), None)?;
                return Ok(0);
            }
            if let Some(r) = code::builtin().get(&id) {
                emit(&code::docs::page(r), None)?;
                return Ok(0);
            }
            let rules = rule::builtin();
            let Some(r) = rules.iter().find(|r| r.id() == id) else {
                bail!("no rule `{id}` (see `ward rules list`)");
            };
            emit(&show(r), None)?;
            Ok(0)
        }
        RulesCommand::Check { files } => {
            let mut all = rule::builtin();
            let mut checked_ids = Vec::new();
            let mut code_rules = Vec::new();
            for f in &files {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                let name = f.display().to_string();
                if is_code_pack(&text) {
                    code_rules
                        .extend(code_rule::parse_pack(&name, &text).map_err(anyhow::Error::msg)?);
                    continue;
                }
                let rules = rule::parse_pack(&name, &text).map_err(anyhow::Error::msg)?;
                checked_ids.extend(rules.iter().map(|r| r.id().to_string()));
                all.retain(|b| !rules.iter().any(|r| r.id() == b.id()));
                all.extend(rules);
            }
            let set = RuleSet::new(all);
            let subject: Vec<&Rule> = if files.is_empty() {
                set.rules().iter().collect()
            } else {
                set.rules()
                    .iter()
                    .filter(|r| checked_ids.iter().any(|id| id == r.id()))
                    .collect()
            };
            if files.is_empty() {
                code_rules = code_rule::builtin();
            }
            let n = subject.len() + code_rules.len();
            let mut problems: Vec<String> = check::check(subject, &set)
                .iter()
                .map(ToString::to_string)
                .collect();
            problems.extend(code_rule::check(&code_rules));
            let mut out = String::new();
            for p in &problems {
                let _ = writeln!(out, "{p}");
            }
            let _ = writeln!(out, "{n} rules checked, {} problems", problems.len());
            emit(&out, None)?;
            Ok(u8::from(!problems.is_empty()))
        }
    }
}

/// A code rule pack names its family at the top.
fn is_code_pack(text: &str) -> bool {
    toml::from_str::<toml::Table>(text).is_ok_and(|t| t.contains_key("family"))
}

fn list(rules: &[Rule]) -> String {
    let code_rules = code::builtin().rules();
    let width = rules
        .iter()
        .map(|r| r.id().len())
        .chain(code_rules.iter().map(|r| r.id().len()))
        .max()
        .unwrap_or(10);
    let mut out = String::new();
    for r in rules {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {}",
            r.id(),
            r.def.severity.as_str(),
            r.def.title
        );
    }
    for r in code_rules {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {}",
            r.id(),
            r.def.severity.as_str(),
            r.def.title
        );
    }
    for r in &deps_rules::RULES {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {}",
            r.id,
            r.severity.as_str(),
            r.title
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules; `ward rules show ID` for details",
        rules.len() + code_rules.len() + deps_rules::RULES.len()
    );
    out
}

/// The rule page, as `ward rules show` prints it and `docs/rules/` stores it.
pub fn show(r: &Rule) -> String {
    ward::detect::secrets::docs::page(r)
}
