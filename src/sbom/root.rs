//! The root component of an SBOM: the project itself, named and versioned by
//! its manifest (Cargo.toml, package.json, pyproject.toml, go.mod,
//! composer.json) when the exported directory has one.

use super::purl::Purl;
use crate::deps::Ecosystem;

/// The project an SBOM describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub name: String,
    pub version: Option<String>,
    /// The project's own package URL, when the manifest names a package.
    pub purl: Option<String>,
}

impl Project {
    /// A project known only by its directory's name.
    pub fn named(name: &str) -> Project {
        Project {
            name: name.to_string(),
            version: None,
            purl: None,
        }
    }
}

/// Manifests in the order they are tried.
const MANIFESTS: [&str; 5] = [
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "go.mod",
    "composer.json",
];

/// The project of the first manifest `read` finds (by file name, relative
/// to the exported directory) that names one.
pub fn find(read: impl Fn(&str) -> Option<String>) -> Option<Project> {
    MANIFESTS
        .iter()
        .find_map(|m| read(m).and_then(|text| from_manifest(m, &text)))
}

/// The project a manifest declares, if it declares one (a Cargo workspace
/// root or a private package.json without a name does not).
pub fn from_manifest(file: &str, text: &str) -> Option<Project> {
    let (eco, name, version) = match file {
        "Cargo.toml" => {
            let t: toml::Table = toml::from_str(text).ok()?;
            let p = t.get("package")?.as_table()?;
            (
                Ecosystem::CratesIo,
                str_of(p.get("name"))?,
                str_of(p.get("version")),
            )
        }
        "pyproject.toml" => {
            let t: toml::Table = toml::from_str(text).ok()?;
            let p = t
                .get("project")
                .and_then(|p| p.as_table())
                .or_else(|| t.get("tool")?.as_table()?.get("poetry")?.as_table())?;
            (
                Ecosystem::PyPI,
                str_of(p.get("name"))?,
                str_of(p.get("version")),
            )
        }
        "package.json" | "composer.json" => {
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            let name = v.get("name")?.as_str()?.to_string();
            let version = v
                .get("version")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            let eco = if file == "package.json" {
                Ecosystem::Npm
            } else {
                Ecosystem::Packagist
            };
            (eco, name, version)
        }
        "go.mod" => {
            let module = text.lines().find_map(|l| {
                let l = l.trim();
                l.strip_prefix("module")
                    .filter(|r| r.starts_with(char::is_whitespace))
                    .map(|r| r.trim().trim_matches('"').to_string())
            })?;
            (Ecosystem::Go, module, None)
        }
        _ => return None,
    };
    if name.trim().is_empty() {
        return None;
    }
    let mut package = crate::deps::Package::new(eco, name.clone(), version.clone());
    package.name = name.clone();
    let purl: Purl = super::purl::from_package(&package);
    Some(Project {
        name,
        version,
        purl: Some(purl.to_string()),
    })
}

fn str_of(v: Option<&toml::Value>) -> Option<String> {
    v?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_name_the_project() {
        let p = from_manifest(
            "Cargo.toml",
            "[package]\nname = \"ward\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        assert_eq!(p.purl.as_deref(), Some("pkg:cargo/ward@0.1.0"));
        let p = from_manifest(
            "package.json",
            r#"{"name": "@acme/web", "version": "2.3.1"}"#,
        )
        .unwrap();
        assert_eq!(p.purl.as_deref(), Some("pkg:npm/%40acme/web@2.3.1"));
        let p = from_manifest(
            "pyproject.toml",
            "[tool.poetry]\nname = \"My_App\"\nversion = \"1.0\"\n",
        )
        .unwrap();
        assert_eq!(
            (p.name.as_str(), p.purl.as_deref()),
            ("My_App", Some("pkg:pypi/my-app@1.0"))
        );
        let p = from_manifest("go.mod", "module github.com/acme/svc\n\ngo 1.22\n").unwrap();
        assert_eq!(p.purl.as_deref(), Some("pkg:golang/github.com/acme/svc"));
        assert!(from_manifest("Cargo.toml", "[workspace]\nmembers = [\"a\"]\n").is_none());
        assert!(from_manifest("package.json", r#"{"private": true}"#).is_none());
        assert!(from_manifest("package.json", "{not json").is_none());
    }
}
