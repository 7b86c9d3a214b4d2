//! `ward sbom` on every lockfile fixture: the documents validate against the
//! official CycloneDX 1.6/1.5 and SPDX 2.3 schemas (offline), list exactly the
//! packages `ward deps list` reports, and are byte-identical across runs.

mod common;

use common::{shared, ward};
use jsonschema::{Registry, Validator};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
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

fn cargo_lock(packages: &[(&str, &str, &[&str])]) -> String {
    let mut s = String::from("version = 4\n");
    for (n, v, deps) in packages {
        s.push_str(&format!(
            "\n[[package]]\nname = \"{n}\"\nversion = \"{v}\"\n"
        ));
        if *n != "app" {
            s.push_str("source = \"registry+https://github.com/rust-lang/crates.io-index\"\n");
        }
        if !deps.is_empty() {
            let quoted: Vec<String> = deps.iter().map(|d| format!("\"{d}\"")).collect();
            s.push_str(&format!("dependencies = [{}]\n", quoted.join(", ")));
        }
    }
    s
}

fn purls(doc: &Value) -> Vec<String> {
    doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["purl"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn rev_exports_a_commit_without_checking_it_out() {
    let r = common::Repo::new();
    r.write(
        "Cargo.lock",
        cargo_lock(&[("app", "0.1.0", &["serde"]), ("serde", "1.0.100", &[])]),
    )
    .write("py/requirements.txt", "-r base.txt\nflask==2.0.0\n")
    .write("py/base.txt", "requests==2.31.0\n")
    .add(&["."])
    .commit("one");
    r.write(
        "Cargo.lock",
        cargo_lock(&[("app", "0.1.0", &["serde"]), ("serde", "1.0.200", &[])]),
    )
    .write("py/base.txt", "requests==2.32.0\n")
    .add(&["."])
    .commit("two");
    // The work tree differs from both commits.
    r.write(
        "Cargo.lock",
        cargo_lock(&[("app", "0.1.0", &[]), ("tokio", "1.0.0", &[])]),
    );
    let export = |args: &[&str]| {
        let out = r
            .ward()
            .arg("sbom")
            .args(args)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        out.stdout
    };
    let old = export(&["--rev", "HEAD~1"]);
    let doc: Value = serde_json::from_slice(&old).unwrap();
    assert_eq!(
        purls(&doc),
        [
            "pkg:cargo/app@0.1.0",
            "pkg:cargo/serde@1.0.100",
            "pkg:pypi/flask@2.0.0",
            "pkg:pypi/requests@2.31.0",
        ]
    );
    let now: Value = serde_json::from_slice(&export(&[])).unwrap();
    assert!(purls(&now).contains(&"pkg:cargo/tokio@1.0.0".to_string()));
    // Equal, byte for byte, to the export of a checkout of that commit
    // (in a directory of the same name).
    let name = r.path().file_name().unwrap().to_str().unwrap().to_string();
    let elsewhere = tempfile::tempdir().unwrap();
    let checkout = elsewhere.path().join(&name);
    r.git(&[
        "worktree",
        "add",
        "-q",
        "--detach",
        checkout.to_str().unwrap(),
        "HEAD~1",
    ]);
    for args in [&[][..], &["--format", "spdx"][..]] {
        let mut with_rev = vec!["--rev", "HEAD~1"];
        with_rev.extend_from_slice(args);
        let (want, stderr, code) = sbom(&checkout, args);
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(
            String::from_utf8(export(&with_rev)).unwrap(),
            String::from_utf8(want).unwrap(),
            "{args:?}"
        );
    }
    // A path inside the repository limits the export; the project is that directory.
    let py: Value = serde_json::from_slice(&export(&["--rev", "HEAD~1", "py"])).unwrap();
    assert_eq!(purls(&py).len(), 2);
    assert_eq!(py["metadata"]["component"]["name"], "py");
    let (want, _, _) = sbom(&checkout.join("py"), &[]);
    assert_eq!(export(&["--rev", "HEAD~1", "py"]), want);
}

#[test]
fn rev_errors_are_one_line() {
    let r = common::Repo::new();
    r.write("sub/Cargo.lock", "[[package]]\nname = ")
        .add(&["."])
        .commit("broken");
    for (args, needle) in [
        (vec!["--rev", "no-such-rev"], "no-such-rev"),
        (vec!["--rev", "HEAD"], "sub/Cargo.lock"),
        (vec!["--rev", "HEAD", "missing"], "missing"),
    ] {
        let out = r.ward().arg("sbom").args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

fn diff_json(dir: &Path, old: &str, new: &str) -> Value {
    let out = ward()
        .current_dir(dir)
        .args(["sbom", "diff", old, new, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn diff_of_documents_and_revisions() {
    let r = common::Repo::new();
    r.write(
        "Cargo.lock",
        cargo_lock(&[
            ("app", "0.1.0", &[]),
            ("serde", "1.0.200", &[]),
            ("toml", "0.5.9", &[]),
            ("gone", "1.0.0", &[]),
        ]),
    )
    .add(&["."])
    .commit("one");
    r.write(
        "Cargo.lock",
        cargo_lock(&[
            ("app", "0.1.0", &[]),
            ("serde", "1.0.100", &[]),
            ("toml", "1.0.0", &[]),
            ("new", "2.0.0", &[]),
        ]),
    )
    .add(&["."])
    .commit("two");
    let d = diff_json(r.path(), "HEAD~1", "HEAD");
    let keys = |k: &str| -> Vec<String> {
        d[k].as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["key"].as_str().unwrap(),
                    e["version"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    assert_eq!(keys("added"), ["pkg:cargo/new 2.0.0"]);
    assert_eq!(keys("removed"), ["pkg:cargo/gone 1.0.0"]);
    let changed: Vec<(String, Value)> = d["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["key"].as_str().unwrap().to_string(), c["kinds"].clone()))
        .collect();
    assert_eq!(
        changed,
        [
            (
                "pkg:cargo/serde".to_string(),
                serde_json::json!(["version", "downgrade"])
            ),
            (
                "pkg:cargo/toml".to_string(),
                serde_json::json!(["version", "major"])
            ),
        ]
    );
    // The same diff from documents, in either format, and mixed with a revision.
    for (fa, fb) in [
        ("cyclonedx", "cyclonedx"),
        ("spdx", "spdx"),
        ("cyclonedx", "spdx"),
    ] {
        let a = r.path().join(format!("a.{fa}.json"));
        let b = r.path().join(format!("b.{fb}.json"));
        for (rev, file, fmt) in [("HEAD~1", &a, fa), ("HEAD", &b, fb)] {
            let out = r
                .ward()
                .args(["sbom", "--rev", rev, "--format", fmt, "--output"])
                .arg(file)
                .output()
                .unwrap();
            assert!(out.status.success());
        }
        let from_files = diff_json(r.path(), a.to_str().unwrap(), b.to_str().unwrap());
        for k in ["added", "removed", "changed"] {
            assert_eq!(from_files[k], d[k], "{fa}/{fb} {k}");
        }
        let mixed = diff_json(r.path(), a.to_str().unwrap(), "HEAD");
        assert_eq!(mixed["changed"], d["changed"]);
    }
    // Human: one line per component, as `ward deps diff` prints them.
    let out = r
        .ward()
        .args(["sbom", "diff", "HEAD~1", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  + pkg:cargo/new 2.0.0\n"), "{text}");
    assert!(text.contains("  - pkg:cargo/gone 1.0.0\n"), "{text}");
    assert!(
        text.contains("  ~ pkg:cargo/toml 0.5.9 -> 1.0.0 [version, major]\n"),
        "{text}"
    );
    let same = r
        .ward()
        .args(["sbom", "diff", "HEAD", "HEAD"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&same.stdout).contains("no component changes"));
}

#[test]
fn diff_of_bad_input_exits_2_naming_it() {
    let r = common::Repo::new();
    r.write("Cargo.lock", cargo_lock(&[("app", "0.1.0", &[])]))
        .write("bad.json", r#"{"spdxVersion":"SPDX-3.0"}"#)
        .add(&["."])
        .commit("one");
    for (old, new, needle) in [
        ("HEAD", "nope-rev", "nope-rev"),
        ("bad.json", "HEAD", "bad.json"),
        ("HEAD", "Cargo.lock", "Cargo.lock"),
    ] {
        let out = r.ward().args(["sbom", "diff", old, new]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{old} {new}: {err}");
        assert!(
            err.contains(needle) && err.trim_end().lines().count() == 1,
            "{err}"
        );
    }
}

/// The CycloneDX `dependencies` as ref → dependsOn, and the SPDX DEPENDS_ON
/// pairs by package name@version, of the export of `file` written with `text`.
fn graph_of(file: &str, text: &str) -> (Edges, BTreeSet<(String, String)>) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(file);
    std::fs::write(&path, text).unwrap();
    let (out, stderr, code) = sbom(&path, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert!(cyclonedx_pairs(&doc).is_ok(), "{:?}", cyclonedx_pairs(&doc));
    let cdx = doc["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = d["ref"].as_str().unwrap();
            let r = if r.starts_with("root:") { "root" } else { r };
            let on = d["dependsOn"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            (r.to_string(), on)
        })
        .collect();
    let (out, _, _) = sbom(&path, &["--format", "spdx"]);
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert!(spdx_pairs(&doc).is_ok());
    let names: BTreeMap<&str, String> = doc["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let id = p["SPDXID"].as_str().unwrap();
            let name = if id == "SPDXRef-RootPackage" {
                "root".to_string()
            } else {
                format!(
                    "{}@{}",
                    p["name"].as_str().unwrap(),
                    p["versionInfo"].as_str().unwrap_or("")
                )
            };
            (id, name)
        })
        .collect();
    let spdx = doc["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["relationshipType"] == "DEPENDS_ON")
        .map(|r| {
            (
                names[r["spdxElementId"].as_str().unwrap()].clone(),
                names[r["relatedSpdxElement"].as_str().unwrap()].clone(),
            )
        })
        .collect();
    (cdx, spdx)
}

/// ref → dependsOn.
type Edges = BTreeMap<String, Vec<String>>;

fn edges(pairs: &[(&str, &[&str])]) -> Edges {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect()
}

#[test]
fn cargo_lock_graph() {
    let (cdx, spdx) = graph_of(
        "Cargo.lock",
        &cargo_lock(&[
            ("app", "0.1.0", &["serde", "syn 2.0.0"]),
            ("serde", "1.0.0", &["serde_derive"]),
            (
                "serde_derive",
                "1.0.0",
                &["syn 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)"],
            ),
            ("syn", "1.0.0", &[]),
            ("syn", "2.0.0", &["gone"]),
        ]),
    );
    assert_eq!(
        cdx,
        edges(&[
            ("root", &["pkg:cargo/app@0.1.0"]),
            (
                "pkg:cargo/app@0.1.0",
                &["pkg:cargo/serde@1.0.0", "pkg:cargo/syn@2.0.0"]
            ),
            ("pkg:cargo/serde@1.0.0", &["pkg:cargo/serde_derive@1.0.0"]),
            ("pkg:cargo/serde_derive@1.0.0", &["pkg:cargo/syn@1.0.0"]),
            ("pkg:cargo/syn@1.0.0", &[]),
            ("pkg:cargo/syn@2.0.0", &[]),
        ])
    );
    assert!(spdx.contains(&("root".into(), "app@0.1.0".into())));
    assert!(spdx.contains(&("serde_derive@1.0.0".into(), "syn@1.0.0".into())));
    assert_eq!(spdx.len(), 5);
}

#[test]
fn package_lock_graph_resolves_nested_node_modules_and_links() {
    let (cdx, _) = graph_of(
        "package-lock.json",
        r#"{"name":"app","lockfileVersion":3,"packages":{
  "":{"name":"app","dependencies":{"a":"^1","@s/b":"^1","ws":"*"},"devDependencies":{"d":"^1"}},
  "node_modules/a":{"version":"1.0.0","dependencies":{"c":"^2"}},
  "node_modules/a/node_modules/c":{"version":"2.0.0"},
  "node_modules/@s/b":{"version":"1.0.0","dependencies":{"c":"^1","a":"^1"},"optionalDependencies":{"missing":"1"}},
  "node_modules/c":{"version":"1.0.0"},
  "node_modules/d":{"version":"1.0.0","dev":true},
  "node_modules/ws":{"resolved":"packages/ws","link":true},
  "packages/ws":{"name":"ws","version":"0.0.1","dependencies":{"c":"^1"}}
}}"#,
    );
    assert_eq!(
        cdx,
        edges(&[
            (
                "root",
                &[
                    "pkg:npm/%40s/b@1.0.0",
                    "pkg:npm/a@1.0.0",
                    "pkg:npm/d@1.0.0",
                    "pkg:npm/ws@0.0.1"
                ]
            ),
            (
                "pkg:npm/%40s/b@1.0.0",
                &["pkg:npm/a@1.0.0", "pkg:npm/c@1.0.0"]
            ),
            ("pkg:npm/a@1.0.0", &["pkg:npm/c@2.0.0"]),
            ("pkg:npm/c@1.0.0", &[]),
            ("pkg:npm/c@2.0.0", &[]),
            ("pkg:npm/d@1.0.0", &[]),
            ("pkg:npm/ws@0.0.1", &["pkg:npm/c@1.0.0"]),
        ])
    );
}

#[test]
fn python_and_ruby_graphs() {
    let (uv, _) = graph_of(
        "uv.lock",
        r#"version = 1

[[package]]
name = "proj"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "Requests" }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "requests"
version = "2.32.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "idna" }, { name = "urllib3", version = "2.0.0" }]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "urllib3"
version = "1.26.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "urllib3"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.0.0"
source = { registry = "https://pypi.org/simple" }
"#,
    );
    assert_eq!(
        uv["root"],
        [
            "pkg:pypi/pytest@8.0.0",
            "pkg:pypi/requests@2.32.0",
            "pkg:pypi/urllib3@1.26.0"
        ],
        "urllib3 1.26.0 is reached by nothing: it hangs off the project"
    );
    assert_eq!(
        uv["pkg:pypi/requests@2.32.0"],
        ["pkg:pypi/idna@3.7", "pkg:pypi/urllib3@2.0.0"]
    );
    let (poetry, _) = graph_of(
        "poetry.lock",
        r#"[[package]]
name = "requests"
version = "2.32.0"
description = ""
optional = false
python-versions = ">=3.8"

[package.dependencies]
idna = ">=2.5,<4"
Charset_Normalizer = { version = ">=2,<4" }

[[package]]
name = "idna"
version = "3.7"
description = ""
optional = false
python-versions = ">=3.5"

[[package]]
name = "charset-normalizer"
version = "3.3.2"
description = ""
optional = false
python-versions = ">=3.7"

[metadata]
lock-version = "2.0"
python-versions = "^3.8"
content-hash = "x"
"#,
    );
    assert_eq!(poetry["root"], ["pkg:pypi/requests@2.32.0"]);
    assert_eq!(
        poetry["pkg:pypi/requests@2.32.0"],
        ["pkg:pypi/charset-normalizer@3.3.2", "pkg:pypi/idna@3.7"]
    );
    let (gems, _) = graph_of(
        "Gemfile.lock",
        "GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.16.0-x86_64-linux)\n      racc (~> 1.4)\n    nokogiri (1.16.0-arm64-darwin)\n      racc (~> 1.4)\n    racc (1.7.3)\n    rails (7.1.0)\n      nokogiri (>= 1.6)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  rails (~> 7.1)\n\nBUNDLED WITH\n   2.5.0\n",
    );
    assert_eq!(
        gems,
        edges(&[
            ("root", &["pkg:gem/rails@7.1.0"]),
            ("pkg:gem/nokogiri@1.16.0", &["pkg:gem/racc@1.7.3"]),
            ("pkg:gem/racc@1.7.3", &[]),
            ("pkg:gem/rails@7.1.0", &["pkg:gem/nokogiri@1.16.0"]),
        ])
    );
}

#[test]
fn pnpm_graph() {
    let (v9, _) = graph_of(
        "pnpm-lock.yaml",
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      react-dom:\n        specifier: ^18\n        version: 18.3.1(react@18.3.1)\n    devDependencies:\n      react:\n        specifier: ^18\n        version: 18.3.1\n\npackages:\n\n  loose-envify@1.4.0:\n    resolution: {integrity: sha512-x}\n\n  react-dom@18.3.1:\n    resolution: {integrity: sha512-x}\n\n  react@18.3.1:\n    resolution: {integrity: sha512-x}\n\nsnapshots:\n\n  loose-envify@1.4.0: {}\n\n  react-dom@18.3.1(react@18.3.1):\n    dependencies:\n      loose-envify: 1.4.0\n      react: 18.3.1\n\n  react@18.3.1:\n    dependencies:\n      loose-envify: 1.4.0\n",
    );
    assert_eq!(
        v9,
        edges(&[
            (
                "root",
                &["pkg:npm/react-dom@18.3.1", "pkg:npm/react@18.3.1"]
            ),
            ("pkg:npm/loose-envify@1.4.0", &[]),
            (
                "pkg:npm/react-dom@18.3.1",
                &["pkg:npm/loose-envify@1.4.0", "pkg:npm/react@18.3.1"]
            ),
            ("pkg:npm/react@18.3.1", &["pkg:npm/loose-envify@1.4.0"]),
        ])
    );
    let (v6, _) = graph_of(
        "pnpm-lock.yaml",
        "lockfileVersion: '6.0'\n\ndependencies:\n  a:\n    specifier: ^1\n    version: 1.0.0\n\npackages:\n\n  /a@1.0.0:\n    resolution: {integrity: sha512-x}\n    dependencies:\n      b: 2.0.0\n    dev: false\n\n  /b@2.0.0:\n    resolution: {integrity: sha512-x}\n    dev: false\n",
    );
    assert_eq!(
        v6,
        edges(&[
            ("root", &["pkg:npm/a@1.0.0"]),
            ("pkg:npm/a@1.0.0", &["pkg:npm/b@2.0.0"]),
            ("pkg:npm/b@2.0.0", &[]),
        ])
    );
}

#[test]
fn package_lock_v1_graph_walks_up_the_nesting() {
    let (cdx, _) = graph_of(
        "package-lock.json",
        r#"{"name":"app","lockfileVersion":1,"requires":true,"dependencies":{
  "a":{"version":"1.0.0","requires":{"b":"^2.0.0","c":"^1","missing":"1"},"dependencies":{
    "b":{"version":"2.0.0","requires":{"c":"^1"}}
  }},
  "b":{"version":"1.0.0"},
  "c":{"version":"1.0.0"}
}}"#,
    );
    assert_eq!(
        cdx,
        edges(&[
            ("root", &["pkg:npm/a@1.0.0", "pkg:npm/b@1.0.0"]),
            ("pkg:npm/a@1.0.0", &["pkg:npm/b@2.0.0", "pkg:npm/c@1.0.0"]),
            ("pkg:npm/b@1.0.0", &[]),
            ("pkg:npm/b@2.0.0", &["pkg:npm/c@1.0.0"]),
            ("pkg:npm/c@1.0.0", &[]),
        ])
    );
}

#[test]
fn yarn_classic_graph() {
    let (cdx, _) = graph_of(
        "yarn.lock",
        "# yarn lockfile v1\n\n\"@a/b@^1.0.0\", \"@a/b@^1.1.0\":\n  version \"1.2.0\"\n  dependencies:\n    c \"^2\"\n  optionalDependencies:\n    d \"^1\"\n    missing \"^1\"\n\nc@^1:\n  version \"1.0.0\"\n\nc@^2, c@^2.1:\n  version \"2.1.0\"\n  dependencies:\n    d \"^1\"\n\nd@^1:\n  version \"1.5.0\"\n",
    );
    assert_eq!(
        cdx,
        edges(&[
            ("root", &["pkg:npm/%40a/b@1.2.0", "pkg:npm/c@1.0.0"]),
            (
                "pkg:npm/%40a/b@1.2.0",
                &["pkg:npm/c@2.1.0", "pkg:npm/d@1.5.0"]
            ),
            ("pkg:npm/c@1.0.0", &[]),
            ("pkg:npm/c@2.1.0", &["pkg:npm/d@1.5.0"]),
            ("pkg:npm/d@1.5.0", &[]),
        ])
    );
}

#[test]
fn yarn_berry_graph() {
    let (cdx, _) = graph_of(
        "yarn.lock",
        "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n\"@a/b@npm:^1.0.0, @a/b@npm:^1.1.0\":\n  version: 1.2.0\n  resolution: \"@a/b@npm:1.2.0\"\n  dependencies:\n    c: \"npm:^2\"\n  checksum: 10c0/abc\n  languageName: node\n  linkType: hard\n\n\"c@npm:^1\":\n  version: 1.0.0\n  resolution: \"c@npm:1.0.0\"\n  languageName: node\n  linkType: hard\n\n\"c@npm:^2\":\n  version: 2.1.0\n  resolution: \"c@npm:2.1.0\"\n  dependencies:\n    d: ^1.0.0\n    missing: \"npm:^1\"\n  languageName: node\n  linkType: hard\n\n\"d@npm:^1.0.0\":\n  version: 1.5.0\n  resolution: \"d@npm:1.5.0\"\n  languageName: node\n  linkType: hard\n\n\"root@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"root@workspace:.\"\n  dependencies:\n    \"@a/b\": \"npm:^1.1.0\"\n    ws: \"workspace:packages/ws\"\n  languageName: unknown\n  linkType: soft\n\n\"ws@workspace:packages/ws\":\n  version: 0.0.0-use.local\n  resolution: \"ws@workspace:packages/ws\"\n  dependencies:\n    c: \"npm:^1\"\n  languageName: unknown\n  linkType: soft\n",
    );
    assert_eq!(
        cdx,
        edges(&[
            (
                "root",
                &["pkg:npm/%40a/b@1.2.0", "pkg:npm/ws@0.0.0-use.local"]
            ),
            ("pkg:npm/%40a/b@1.2.0", &["pkg:npm/c@2.1.0"]),
            ("pkg:npm/c@1.0.0", &[]),
            ("pkg:npm/c@2.1.0", &["pkg:npm/d@1.5.0"]),
            ("pkg:npm/d@1.5.0", &[]),
            ("pkg:npm/ws@0.0.0-use.local", &["pkg:npm/c@1.0.0"]),
        ])
    );
}

#[test]
fn malformed_edges_leave_the_file_without_a_graph() {
    // The packages read, the edges not: every package hangs off the root.
    for (file, text) in [
        (
            "yarn.lock",
            "__metadata:\n  version: 8\n\n\"a@npm:^1\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n  dependencies: [b]\n\n\"b@npm:^1\":\n  version: 1.0.0\n  resolution: \"b@npm:1.0.0\"\n",
        ),
        (
            "package-lock.json",
            r#"{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","requires":["b"]},"b":{"version":"1.0.0"}}}"#,
        ),
    ] {
        let (cdx, _) = graph_of(file, text);
        assert_eq!(cdx.len(), 1, "{file}: {cdx:?}");
        assert_eq!(cdx["root"].len(), 2, "{file}: {cdx:?}");
    }
}

#[test]
fn bun_graph() {
    let (cdx, _) = graph_of(
        "bun.lock",
        r#"{
  // bun.lock is JSONC
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": { "chalk": "^4", "ws": "workspace:packages/ws" },
      "devDependencies": { "@s/b": "^1" },
    },
    "packages/ws": { "name": "ws", "dependencies": { "@s/c": "^1" } },
  },
  "packages": {
    "@s/b": ["@s/b@1.0.0", "", { "dependencies": { "c": "^1" } }, "sha512-a"],
    "@s/c": ["@s/c@1.0.0", "", {}, "sha512-b"],
    "c": ["c@1.0.0", "", {}, "sha512-c"],
    "chalk": ["chalk@4.1.2", "", { "dependencies": { "supports-color": "^7" }, "optionalDependencies": { "missing": "1" } }, "sha512-d"],
    "chalk/c": ["c@2.0.0", "", {}, "sha512-e"],
    "chalk/supports-color": ["supports-color@7.2.0", "", { "dependencies": { "c": "^2" } }, "sha512-f"],
    "ws": ["ws@workspace:packages/ws"],
  },
}"#,
    );
    assert_eq!(
        cdx,
        edges(&[
            (
                "root",
                &["pkg:npm/%40s/b@1.0.0", "pkg:npm/chalk@4.1.2", "pkg:npm/ws"]
            ),
            ("pkg:npm/%40s/b@1.0.0", &["pkg:npm/c@1.0.0"]),
            ("pkg:npm/%40s/c@1.0.0", &[]),
            ("pkg:npm/c@1.0.0", &[]),
            ("pkg:npm/c@2.0.0", &[]),
            ("pkg:npm/chalk@4.1.2", &["pkg:npm/supports-color@7.2.0"]),
            ("pkg:npm/supports-color@7.2.0", &["pkg:npm/c@2.0.0"]),
            ("pkg:npm/ws", &["pkg:npm/%40s/c@1.0.0"]),
        ])
    );
}

#[test]
fn composer_and_pdm_graphs() {
    let (composer, _) = graph_of(
        "composer.lock",
        r#"{"packages": [
  {"name": "monolog/monolog", "version": "2.9.1", "require": {"php": ">=7.2", "psr/log": "^1.0", "ext-json": "*", "Symfony/Polyfill-Mbstring": "^1"}},
  {"name": "psr/log", "version": "1.1.4", "require": {"php": ">=5.3.0"}},
  {"name": "symfony/polyfill-mbstring", "version": "v1.28.0", "require": []}
],
"packages-dev": [
  {"name": "phpunit/phpunit", "version": "9.6.0", "require": {"psr/log": "^1", "composer-plugin-api": "^2", "lib-pcre": "*", "gone/gone": "1"}}
]}"#,
    );
    assert_eq!(
        composer,
        edges(&[
            (
                "root",
                &[
                    "pkg:composer/monolog/monolog@2.9.1",
                    "pkg:composer/phpunit/phpunit@9.6.0"
                ]
            ),
            (
                "pkg:composer/monolog/monolog@2.9.1",
                &[
                    "pkg:composer/psr/log@1.1.4",
                    "pkg:composer/symfony/polyfill-mbstring@v1.28.0"
                ]
            ),
            (
                "pkg:composer/phpunit/phpunit@9.6.0",
                &["pkg:composer/psr/log@1.1.4"]
            ),
            ("pkg:composer/psr/log@1.1.4", &[]),
            ("pkg:composer/symfony/polyfill-mbstring@v1.28.0", &[]),
        ])
    );
    let (pdm, _) = graph_of(
        "pdm.lock",
        r#"[metadata]
groups = ["default"]
lock_version = "4.4.1"

[[package]]
name = "Requests"
version = "2.32.0"
groups = ["default"]
dependencies = [
    "idna>=2.5",
    "urllib3[socks]<3,>=1.21.1; python_version >= \"3.8\"",
    "charset_normalizer",
]

[[package]]
name = "idna"
version = "3.7"

[[package]]
name = "urllib3"
version = "2.2.1"

[[package]]
name = "charset-normalizer"
version = "3.3.2"

[[package]]
name = "pytest"
version = "8.0.0"
dependencies = ["iniconfig"]
"#,
    );
    assert_eq!(
        pdm,
        edges(&[
            (
                "root",
                &["pkg:pypi/pytest@8.0.0", "pkg:pypi/requests@2.32.0"]
            ),
            ("pkg:pypi/charset-normalizer@3.3.2", &[]),
            ("pkg:pypi/idna@3.7", &[]),
            ("pkg:pypi/pytest@8.0.0", &[]),
            (
                "pkg:pypi/requests@2.32.0",
                &[
                    "pkg:pypi/charset-normalizer@3.3.2",
                    "pkg:pypi/idna@3.7",
                    "pkg:pypi/urllib3@2.2.1"
                ]
            ),
            ("pkg:pypi/urllib3@2.2.1", &[]),
        ])
    );
}

/// Validates with cyclonedx-python-lib's strict JSON validator (schema as the
/// CycloneDX project ships it) and spdx-tools' `pyspdxtools -i` (schema plus
/// SPDX's own semantic checks); see `.ci/run`.
const CYCLONEDX_CHECK: &str = r#"
import sys
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
version = {"1.6": SchemaVersion.V1_6, "1.5": SchemaVersion.V1_5}[sys.argv[1]]
error = JsonStrictValidator(version).validate_str(open(sys.argv[2], encoding="utf-8").read())
if error is not None:
    sys.exit(f"invalid: {str(error)[:2000]}")
"#;

/// Whether the independent validators are installed; under CI=true they must be.
fn validators_present() -> bool {
    let python = std::process::Command::new("python3")
        .args(["-c", "import cyclonedx.validation.json, jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    let spdx = std::process::Command::new("pyspdxtools")
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success());
    if python && spdx {
        return true;
    }
    let missing = "cyclonedx-python-lib[json-validation] and spdx-tools (pip install, see .ci/run)";
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the SBOM validators are missing: {missing}"
    );
    eprintln!("skipped: independent SBOM validators not installed: {missing}");
    false
}

#[test]
fn independent_validators_accept_the_documents() {
    if !validators_present() {
        return;
    }
    let root = shared("fixtures/lockfiles");
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("interop");
    copy_dir(&root.join("crates.io/cargo-lock-v3"), &project.join("rust"));
    for input in ["package-lock.json", "pnpm-lock.yaml", "yarn.lock"] {
        let case = first_case(&root, "npm", input);
        copy_dir(&root.join("npm").join(&case), &project.join(input));
    }
    for (eco, input) in [
        ("pypi", "uv.lock"),
        ("pypi", "poetry.lock"),
        ("rubygems", "Gemfile.lock"),
        ("go", "go.mod"),
    ] {
        let case = first_case(&root, eco, input);
        copy_dir(&root.join(eco).join(&case), &project.join(input));
    }
    let mut failures = Vec::new();
    for (label, args) in [
        ("cyclonedx 1.6", &["--format", "cyclonedx"][..]),
        (
            "cyclonedx 1.5",
            &["--format", "cyclonedx", "--spec-version", "1.5"][..],
        ),
        ("spdx", &["--format", "spdx"][..]),
    ] {
        let (out, stderr, code) = sbom(&project, args);
        assert_eq!(code, Some(0), "{stderr}");
        let file = tmp.path().join("doc.json");
        std::fs::write(&file, &out).unwrap();
        let check = if label == "spdx" {
            std::process::Command::new("pyspdxtools")
                .arg("-i")
                .arg(&file)
                .output()
                .unwrap()
        } else {
            std::process::Command::new("python3")
                .args(["-c", CYCLONEDX_CHECK, &label[10..]])
                .arg(&file)
                .output()
                .unwrap()
        };
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
        if !check.status.success() || said.contains("invalid") {
            failures.push(format!("{label}: {said}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn root_component_comes_from_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"shop-api\"\nversion = \"1.4.2\"\nedition = \"2021\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        cargo_lock(&[("app", "0.1.0", &["serde"]), ("serde", "1.0.200", &[])]),
    )
    .unwrap();
    let (out, err, code) = sbom(dir.path(), &[]);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let root = &doc["metadata"]["component"];
    assert_eq!(root["name"], "shop-api");
    assert_eq!(root["version"], "1.4.2");
    assert_eq!(root["purl"], "pkg:cargo/shop-api@1.4.2");
    assert!(errors(&validator("bom-1.6.schema.json"), &doc).is_empty());

    let (out, err, code) = sbom(dir.path(), &["--format", "spdx"]);
    assert_eq!(code, Some(0), "{err}");
    let spdx: Value = serde_json::from_slice(&out).unwrap();
    let described = spdx["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["SPDXID"] == "SPDXRef-RootPackage")
        .unwrap();
    assert_eq!(described["versionInfo"], "1.4.2");
    assert!(errors(&validator("spdx-2.3.schema.json"), &spdx).is_empty());

    // The project is not one of its own components when the SBOM is read back.
    let file = dir.path().join("bom.spdx.json");
    std::fs::write(&file, &out).unwrap();
    let listed = ward()
        .args(["sbom", "diff"])
        .arg(&file)
        .arg(&file)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(listed.status.code(), Some(0));
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(!text.contains("shop-api"), "{text}");
}
