//! pyproject.toml: the direct dependencies a project declares.
//!
//! - PEP 621 `[project]` `dependencies` and `optional-dependencies` (dev false),
//! - PEP 735 `[dependency-groups]` (dev true; `{include-group = …}` adds nothing),
//! - Poetry `[tool.poetry.dependencies]` (dev false, `python` left out),
//!   `dev-dependencies` and `[tool.poetry.group.<name>.dependencies]` (dev
//!   true, except the `main` group, which is `dependencies` by another name).
//!
//! `version` is the requirement as written: PEP 508 specifiers with whitespace
//! removed (`>=2.0,<3`), Poetry constraints verbatim (`^2.31`); `None` when
//! there is none or the dependency is a git/path/URL reference. A Poetry list
//! of constraints gives one entry per constraint.

use super::{Doc, Toml, Value, parse_requirement, url_source};
use crate::deps::{Ecosystem, Input, Package, Source, pep503};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

pub fn parse(input: &Input) -> Result<Vec<Package>, String> {
    let toml = Toml::new(input.text);
    let doc = toml.doc()?;
    let mut out = Vec::new();
    if let Some(project) = doc.table_field(&doc.root, "project")? {
        pep621(&doc, project, &mut out)?;
    }
    if let Some(groups) = doc.table_field(&doc.root, "dependency-groups")? {
        dependency_groups(&doc, groups, &mut out)?;
    }
    let tool = doc.table_field(&doc.root, "tool")?;
    if let Some(poetry) = tool
        .map(|t| doc.table_field(t, "poetry"))
        .transpose()?
        .flatten()
    {
        poetry_tables(&doc, poetry, &mut out)?;
    }
    Ok(out)
}

// ---------------------------------------------------------------- PEP 621 / 735

fn pep621(doc: &Doc, project: &DeTable, out: &mut Vec<Package>) -> Result<(), String> {
    if let Some(list) = doc.array_field(project, "dependencies")? {
        for item in list.iter() {
            out.push(pep508(doc, item, "project.dependencies", false)?);
        }
    }
    let Some(optional) = doc.table_field(project, "optional-dependencies")? else {
        return Ok(());
    };
    for (extra, list) in optional {
        let what = format!("project.optional-dependencies.{}", extra.get_ref());
        for item in doc.as_array(list, &what)?.iter() {
            out.push(pep508(doc, item, &what, false)?);
        }
    }
    Ok(())
}

fn dependency_groups(doc: &Doc, groups: &DeTable, out: &mut Vec<Package>) -> Result<(), String> {
    for (group, list) in groups {
        let what = format!("dependency-groups.{}", group.get_ref());
        for item in doc.as_array(list, &what)?.iter() {
            let include = item
                .get_ref()
                .as_table()
                .is_some_and(|t| t.contains_key("include-group"));
            if !include {
                out.push(pep508(doc, item, &what, true)?);
            }
        }
    }
    Ok(())
}

/// One PEP 508 string of a dependency list.
fn pep508(doc: &Doc, item: &Value, what: &str, dev: bool) -> Result<Package, String> {
    let text = doc.as_str(item, what)?;
    let req = parse_requirement(text).map_err(|e| {
        doc.error(
            item,
            format!("invalid requirement `{text}` in `{what}`: {e}"),
        )
    })?;
    let mut p = Package::new(Ecosystem::PyPI, pep503(req.name), None);
    match req.url {
        Some(url) => {
            p.source = url_source(url);
            p.location = Some(url.to_string());
        }
        None => p.version = req.specifier_text(),
    }
    p.dev = Some(dev);
    p.line = Some(doc.line_of(item));
    Ok(p)
}

// ---------------------------------------------------------------- Poetry

fn poetry_tables(doc: &Doc, poetry: &DeTable, out: &mut Vec<Package>) -> Result<(), String> {
    if let Some(deps) = doc.table_field(poetry, "dependencies")? {
        poetry_dependencies(doc, deps, false, out)?;
    }
    if let Some(deps) = doc.table_field(poetry, "dev-dependencies")? {
        poetry_dependencies(doc, deps, true, out)?;
    }
    let Some(groups) = doc.table_field(poetry, "group")? else {
        return Ok(());
    };
    for (name, group) in groups {
        let group = doc.as_table(group, name.get_ref())?;
        if let Some(deps) = doc.table_field(group, "dependencies")? {
            poetry_dependencies(doc, deps, name.get_ref() != "main", out)?;
        }
    }
    Ok(())
}

fn poetry_dependencies(
    doc: &Doc,
    deps: &DeTable,
    dev: bool,
    out: &mut Vec<Package>,
) -> Result<(), String> {
    for (name, value) in deps {
        if pep503(name.get_ref()) == "python" {
            continue; // the interpreter, not a package
        }
        match value.get_ref() {
            DeValue::Array(constraints) => {
                for item in constraints.iter() {
                    out.push(poetry_dependency(doc, name, item, dev)?);
                }
            }
            _ => out.push(poetry_dependency(doc, name, value, dev)?),
        }
    }
    Ok(())
}

/// `name = "^1.2"` or `name = { version = "^1.2", … }` / `{ git = … }` / `{ path = … }` / `{ url = … }`.
fn poetry_dependency(
    doc: &Doc,
    name: &Spanned<DeString>,
    value: &Value,
    dev: bool,
) -> Result<Package, String> {
    let mut p = Package::new(Ecosystem::PyPI, pep503(name.get_ref()), None);
    p.dev = Some(dev);
    p.line = Some(doc.line_of(value));
    match value.get_ref() {
        DeValue::String(constraint) => p.version = non_empty(constraint),
        DeValue::Table(table) => poetry_table(doc, table, &mut p)?,
        other => {
            return Err(doc.error(
                value,
                format!(
                    "`{}` must be a version string, a table or an array of them, not {}",
                    name.get_ref(),
                    other.type_str()
                ),
            ));
        }
    }
    Ok(p)
}

fn poetry_table(doc: &Doc, table: &DeTable, p: &mut Package) -> Result<(), String> {
    for (key, source) in [
        ("git", Source::Git),
        ("path", Source::Path),
        ("url", Source::Url),
    ] {
        if let Some(location) = doc.str_field(table, key)? {
            p.source = source;
            p.location = Some(location.to_string());
            return Ok(());
        }
    }
    p.version = doc.str_field(table, "version")?.and_then(non_empty);
    Ok(())
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Vec<Package>, String> {
        let include = |_: &str| -> Result<String, String> { Err("no includes".into()) };
        parse(&Input {
            path: "pyproject.toml",
            text,
            include: &include,
        })
    }

    type Summary<'a> = (&'a str, Option<&'a str>, Source, Option<bool>, Option<u32>);

    fn summary(all: &[Package]) -> Vec<Summary<'_>> {
        all.iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
                    p.source,
                    p.dev,
                    p.line,
                )
            })
            .collect()
    }

    #[test]
    fn pep621_and_groups() {
        let text = r#"[project]
name = "me"
dependencies = [
    "Requests [socks] >= 2.0, < 3 ; python_version >= '3.8'",
    "pip @ git+https://github.com/pypa/pip@24.0",
    "numpy",
]

[project.optional-dependencies]
test = ["pytest (>=7)"]

[dependency-groups]
docs = ["sphinx>=7", {include-group = "lint"}]
"#;
        let all = run(text).unwrap();
        assert_eq!(
            summary(&all),
            [
                (
                    "requests",
                    Some(">=2.0,<3"),
                    Source::Registry,
                    Some(false),
                    Some(4)
                ),
                ("pip", None, Source::Git, Some(false), Some(5)),
                ("numpy", None, Source::Registry, Some(false), Some(6)),
                (
                    "pytest",
                    Some(">=7"),
                    Source::Registry,
                    Some(false),
                    Some(10)
                ),
                (
                    "sphinx",
                    Some(">=7"),
                    Source::Registry,
                    Some(true),
                    Some(13)
                ),
            ]
        );
        assert_eq!(
            all[1].location.as_deref(),
            Some("git+https://github.com/pypa/pip@24.0")
        );
    }

    #[test]
    fn poetry() {
        let text = r#"[tool.poetry.dependencies]
python = "^3.10"
black = { git = "https://github.com/psf/black.git", tag = "24.2.0" }
numpy = [
  { version = "<1.25", python = "<3.9" },
  { version = "^1.26", python = ">=3.9" },
]

[tool.poetry.group.main.dependencies]
click = "^8"

[tool.poetry.group.test.dependencies]
pytest = { version = "^8.0", optional = true }
"#;
        let all = run(text).unwrap();
        assert_eq!(
            summary(&all),
            [
                ("black", None, Source::Git, Some(false), Some(3)),
                (
                    "numpy",
                    Some("<1.25"),
                    Source::Registry,
                    Some(false),
                    Some(5)
                ),
                (
                    "numpy",
                    Some("^1.26"),
                    Source::Registry,
                    Some(false),
                    Some(6)
                ),
                ("click", Some("^8"), Source::Registry, Some(false), Some(10)),
                (
                    "pytest",
                    Some("^8.0"),
                    Source::Registry,
                    Some(true),
                    Some(13)
                ),
            ]
        );
    }

    #[test]
    fn errors() {
        let err = run("[project]\ndependencies = [\n  \"ok\",\n  \"bad==\",\n]\n").unwrap_err();
        assert!(
            err.starts_with("line 4: invalid requirement `bad==` in `project.dependencies`"),
            "{err}"
        );
        let err = run("[project]\ndependencies = \"requests\"\n").unwrap_err();
        assert_eq!(err, "line 2: `dependencies` must be an array, not string");
        let err = run("[tool.poetry.dependencies]\nrequests = 2\n").unwrap_err();
        assert!(
            err.starts_with("line 2: `requests` must be a version string"),
            "{err}"
        );
    }
}
