//! `ward sbom` on every lockfile fixture: the documents validate against the
//! official CycloneDX 1.6/1.5 and SPDX 2.3 schemas (offline), list exactly the
//! packages `ward deps list` reports, and are byte-identical across runs.

mod common;

use common::{shared, ward};
use jsonschema::{Registry, Validator};
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

fn load(rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(shared(rel)).unwrap()).unwrap()
}

/// A validator for `schema`, with CycloneDX's two sub-schemas registered under
/// their ids and retrieval off, so nothing is ever fetched.
fn validator(schema: &str) -> Validator {
    let registry = Registry::new()
        .add(
            "http://cyclonedx.org/schema/spdx.schema.json",
            load("schemas/spdx.schema.json"),
        )
        .unwrap()
        .add(
            "http://cyclonedx.org/schema/jsf-0.82.schema.json",
            load("schemas/jsf-0.82.schema.json"),
        )
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options()
        .offline()
        .with_registry(&registry)
        .should_validate_formats(true)
        .build(&load(&format!("schemas/{schema}")))
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn sbom(input: &Path, args: &[&str]) -> (Vec<u8>, String, Option<i32>) {
    let out = ward()
        .arg("sbom")
        .arg(input)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    (
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

type Pairs = BTreeSet<(String, Option<String>)>;

/// One format to check: label, arguments, schema, and how to read its (name, version) pairs.
type Run<'a> = (
    &'a str,
    &'a [&'a str],
    &'a Validator,
    fn(&Value) -> Result<Pairs, String>,
);

fn deps_list(input: &Path) -> Pairs {
    let out = ward()
        .args(["deps", "list", "--format", "json"])
        .arg(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "deps list {}", input.display());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["version"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn errors(v: &Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .take(3)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Hex of the right length per algorithm: the schemas only check "some hex".
fn hex_len(alg: &str) -> usize {
    match alg {
        "MD5" => 32,
        "SHA-1" | "SHA1" => 40,
        "SHA-256" | "SHA256" => 64,
        "SHA-384" | "SHA384" => 96,
        _ => 128,
    }
}

/// What the schema leaves to consumers: unique bom-refs, dependency targets, hash lengths.
fn cyclonedx_pairs(doc: &Value) -> Result<Pairs, String> {
    let comps = doc["components"].as_array().ok_or("no components")?;
    let mut refs: HashSet<&str> = HashSet::new();
    refs.insert(doc["metadata"]["component"]["bom-ref"].as_str().unwrap());
    let mut pairs = Pairs::new();
    for c in comps {
        if !refs.insert(c["bom-ref"].as_str().unwrap()) {
            return Err(format!("duplicate bom-ref {}", c["bom-ref"]));
        }
        for h in c["hashes"].as_array().into_iter().flatten() {
            let (alg, content) = (h["alg"].as_str().unwrap(), h["content"].as_str().unwrap());
            if content.len() != hex_len(alg) {
                return Err(format!("{alg} hash of length {}", content.len()));
            }
        }
        let name = c["name"].as_str().unwrap();
        let name = match c["group"].as_str() {
            Some(g) => format!("{g}/{name}"),
            None => name.to_string(),
        };
        pairs.insert((name, c["version"].as_str().map(str::to_string)));
    }
    for d in doc["dependencies"].as_array().unwrap() {
        let targets = d["dependsOn"].as_array().unwrap().iter();
        for r in std::iter::once(&d["ref"]).chain(targets) {
            if !refs.contains(r.as_str().unwrap()) {
                return Err(format!("dependency on unknown ref {r}"));
            }
        }
    }
    Ok(pairs)
}

fn spdx_pairs(doc: &Value) -> Result<Pairs, String> {
    let mut ids: HashSet<&str> = HashSet::from(["SPDXRef-DOCUMENT"]);
    let mut pairs = Pairs::new();
    for p in doc["packages"].as_array().unwrap() {
        if !ids.insert(p["SPDXID"].as_str().unwrap()) {
            return Err(format!("duplicate SPDXID {}", p["SPDXID"]));
        }
        for h in p["checksums"].as_array().into_iter().flatten() {
            let (alg, v) = (
                h["algorithm"].as_str().unwrap(),
                h["checksumValue"].as_str().unwrap(),
            );
            if v.len() != hex_len(alg) {
                return Err(format!("{alg} checksum of length {}", v.len()));
            }
        }
        if p["primaryPackagePurpose"] == "LIBRARY" {
            pairs.insert((
                p["name"].as_str().unwrap().to_string(),
                p["versionInfo"].as_str().map(str::to_string),
            ));
        }
    }
    for r in doc["relationships"].as_array().unwrap() {
        for k in ["spdxElementId", "relatedSpdxElement"] {
            if !ids.contains(r[k].as_str().unwrap()) {
                return Err(format!("relationship to unknown {}", r[k]));
            }
        }
    }
    Ok(pairs)
}

#[test]
fn every_fixture_round_trips_and_validates() {
    let cdx16 = validator("bom-1.6.schema.json");
    let cdx15 = validator("bom-1.5.schema.json");
    let spdx = validator("spdx-2.3.schema.json");
    let root = shared("fixtures/lockfiles");
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("INDEX.json")).unwrap()).unwrap();
    let filter = std::env::var("WARD_SBOM_CASE").unwrap_or_default();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in index["cases"].as_array().unwrap() {
        let (eco, name) = (
            case["eco"].as_str().unwrap(),
            case["case"].as_str().unwrap(),
        );
        let dir = root.join(eco).join(name);
        let label = format!("{eco}/{name}");
        if !dir.join("expected.json").exists() || !label.contains(&filter) {
            continue;
        }
        ran += 1;
        let tmp = tempfile::tempdir().unwrap();
        let work = tmp.path().join(name.replace('/', "_"));
        copy_dir(&dir, &work);
        let input = work.join(case["input"].as_str().unwrap());
        let want = deps_list(&input);
        let runs: [Run; 3] = [
            (
                "cyclonedx 1.6",
                &["--format", "cyclonedx"],
                &cdx16,
                cyclonedx_pairs,
            ),
            (
                "cyclonedx 1.5",
                &["--format", "cyclonedx", "--spec-version", "1.5"],
                &cdx15,
                cyclonedx_pairs,
            ),
            ("spdx", &["--format", "spdx"], &spdx, spdx_pairs),
        ];
        for (what, args, v, pairs) in runs {
            let (out, stderr, code) = sbom(&input, args);
            if code != Some(0) {
                failures.push(format!("{label} {what}: exit {code:?}: {stderr}"));
                continue;
            }
            let doc: Value = serde_json::from_slice(&out).unwrap();
            let errs = errors(v, &doc);
            if !errs.is_empty() {
                failures.push(format!("{label} {what}: invalid: {errs:?}"));
            }
            match pairs(&doc) {
                Ok(got) if got == want => {}
                Ok(got) => failures.push(format!(
                    "{label} {what}: components differ from deps list: extra {:?}, missing {:?}",
                    got.difference(&want).take(3).collect::<Vec<_>>(),
                    want.difference(&got).take(3).collect::<Vec<_>>()
                )),
                Err(e) => failures.push(format!("{label} {what}: {e}")),
            }
            if what == "spdx" && sbom(&input, args).0 != out {
                failures.push(format!("{label} {what}: not deterministic"));
            }
        }
    }
    assert!(ran > 0, "no case matched WARD_SBOM_CASE={filter}");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn directory_merges_lockfiles_and_is_deterministic() {
    let root = shared("fixtures/lockfiles");
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("myproject");
    copy_dir(&root.join("crates.io/cargo-lock-v3"), &project.join("rust"));
    copy_dir(
        &root
            .join("npm")
            .join(first_case(&root, "npm", "package-lock.json")),
        &project.join("web"),
    );
    let (a, stderr, code) = sbom(&project, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let (b, _, _) = sbom(&project, &[]);
    assert_eq!(a, b, "two runs differ");
    let doc: Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(doc["metadata"]["component"]["name"], "myproject");
    assert_eq!(doc["metadata"]["timestamp"], "2023-11-14T22:13:20Z");
    let serial = doc["serialNumber"].as_str().unwrap();
    assert!(
        serial.starts_with("urn:uuid:") && serial.len() == 45,
        "{serial}"
    );
    let mut want = deps_list(&project.join("rust/Cargo.lock"));
    want.extend(deps_list(&project.join("web/package-lock.json")));
    assert_eq!(cyclonedx_pairs(&doc).unwrap(), want);
    let purls: Vec<&str> = doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["purl"].as_str().unwrap())
        .collect();
    let mut sorted = purls.clone();
    sorted.sort_unstable();
    assert_eq!(purls, sorted, "components are sorted by purl");
    // --output writes the same document.
    let file = tmp.path().join("bom.json");
    let (out, _, code) = sbom(&project, &["--output", file.to_str().unwrap()]);
    assert_eq!((code, out.is_empty()), (Some(0), true));
    assert_eq!(std::fs::read(&file).unwrap(), a);
}

/// The first `eco` case whose input is named `input`.
fn first_case(root: &Path, eco: &str, input: &str) -> String {
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("INDEX.json")).unwrap()).unwrap();
    index["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["eco"] == eco && c["input"] == input && c["mode"] == "expect")
        .map(|c| c["case"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn malformed_lockfile_is_a_one_line_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let lock = tmp.path().join("Cargo.lock");
    std::fs::write(&lock, "[[package]\nname = ").unwrap();
    for format in ["cyclonedx", "spdx"] {
        let (out, stderr, code) = sbom(tmp.path(), &["--format", format]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(out.is_empty());
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("Cargo.lock"), "{stderr}");
    }
}

#[test]
fn dev_packages_are_optional_and_dev_dependencies() {
    let tmp = tempfile::tempdir().unwrap();
    let lock = tmp.path().join("package-lock.json");
    let sri = "sha512-".to_string() + &"A".repeat(86) + "==";
    std::fs::write(
        &lock,
        format!(
            r#"{{"name":"x","version":"1.0.0","lockfileVersion":3,"packages":{{
  "":{{"name":"x","version":"1.0.0"}},
  "node_modules/@types/node":{{"version":"20.1.0","resolved":"https://registry.npmjs.org/@types/node/-/node-20.1.0.tgz","integrity":"{sri}","dev":true}},
  "node_modules/left-pad":{{"version":"1.3.0","resolved":"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz","integrity":"{sri}"}}
}}}}"#
        ),
    )
    .unwrap();
    let (out, stderr, code) = sbom(&lock, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let types = &doc["components"][0];
    assert_eq!(types["group"], "@types");
    assert_eq!(types["name"], "node");
    assert_eq!(types["scope"], "optional");
    assert_eq!(types["purl"], "pkg:npm/%40types/node@20.1.0");
    assert_eq!(types["hashes"][0]["alg"], "SHA-512");
    assert_eq!(types["hashes"][0]["content"], "0".repeat(128));
    assert_eq!(doc["components"][1]["scope"], "required");
    let (out, _, _) = sbom(&lock, &["--format", "spdx"]);
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let rels: Vec<&str> = doc["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["relationshipType"].as_str().unwrap())
        .collect();
    assert_eq!(rels, ["DESCRIBES", "DEV_DEPENDENCY_OF", "DEPENDS_ON"]);
    assert_eq!(doc["packages"][1]["checksums"][0]["algorithm"], "SHA512");
}
