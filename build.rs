//! Compiles the rule packs under `rules/` into Rust: the binary carries every
//! built-in rule as code, so a hook pays nothing to parse TOML at start-up.
//! The runtime parser (`rule::parse_pack`, for user packs) must agree: a test
//! compares the two on every pack.
use std::{env, fmt::Write, fs, path::Path};
use toml::Value;

const FIELDS: &[&str] = &[
    "id",
    "title",
    "severity",
    "keywords",
    "regex",
    "min-entropy",
    "validator",
    "allow",
    "stopwords",
    "why",
    "fix",
    "references",
    "examples",
    "negative-examples",
];

#[path = "src/deps/normal_form.rs"]
#[allow(dead_code)]
mod normal_form;

fn main() {
    popular_tables();
    code_packs();
    println!("cargo:rerun-if-changed=rules");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("rule_packs.rs");
    let dir = Path::new("rules/secrets");
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();

    let mut packs = String::from(
        "/// (pack file name, pack text) for docs and the agreement test.\npub static SECRET_PACKS: &[(&str, &str)] = &[\n",
    );
    let mut defs = String::from(
        "/// Every built-in rule, in pack order.\npub fn defs() -> Vec<(&'static str, RuleDef)> {\n    vec![\n",
    );
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let abs = fs::canonicalize(&path).unwrap();
        writeln!(
            packs,
            "    ({name:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let doc: toml::Table = text.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        let rules = doc
            .get("rules")
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{name}: no [[rules]]"));
        for rule in rules {
            let t = rule
                .as_table()
                .unwrap_or_else(|| panic!("{name}: [[rules]] entry is not a table"));
            let id = t.get("id").and_then(Value::as_str).unwrap_or("?");
            if let Some(k) = t.keys().find(|k| !FIELDS.contains(&k.as_str())) {
                panic!("{name}: rule `{id}`: unknown field `{k}`");
            }
            writeln!(defs, "        ({name:?}, {}),", rule_def(&name, id, t)).unwrap();
        }
    }
    packs.push_str("];\n");
    defs.push_str("    ]\n}\n");
    fs::write(out, packs + &defs).unwrap();
}

fn rule_def(pack: &str, id: &str, t: &toml::Table) -> String {
    let s = |k: &str| -> String {
        match t.get(k) {
            Some(Value::String(v)) => format!("{v:?}.to_string()"),
            Some(_) => panic!("{pack}: rule `{id}`: `{k}` must be a string"),
            None => panic!("{pack}: rule `{id}`: missing `{k}`"),
        }
    };
    let list = |k: &str| -> String {
        match t.get(k) {
            None => "Vec::new()".into(),
            Some(Value::Array(a)) => {
                let items: Vec<String> = a
                    .iter()
                    .map(|v| match v {
                        Value::String(v) => format!("{v:?}.to_string()"),
                        _ => panic!("{pack}: rule `{id}`: `{k}` must be a list of strings"),
                    })
                    .collect();
                format!("vec![{}]", items.join(", "))
            }
            Some(_) => panic!("{pack}: rule `{id}`: `{k}` must be a list"),
        }
    };
    let severity = match t.get("severity").and_then(Value::as_str) {
        Some("critical") => "Critical",
        Some("high") => "High",
        Some("medium") => "Medium",
        Some("low") => "Low",
        Some("info") => "Info",
        other => panic!("{pack}: rule `{id}`: bad severity {other:?}"),
    };
    let min_entropy = match t.get("min-entropy") {
        None => "None".to_string(),
        Some(Value::Float(f)) => format!("Some({f:?})"),
        Some(Value::Integer(i)) => format!("Some({i}.0)"),
        Some(_) => panic!("{pack}: rule `{id}`: min-entropy must be a number"),
    };
    let validator = match t.get("validator").and_then(Value::as_str) {
        None => "None",
        Some("github-crc32") => "Some(Validator::GithubCrc32)",
        Some("jwt") => "Some(Validator::Jwt)",
        Some(other) => panic!("{pack}: rule `{id}`: unknown validator `{other}`"),
    };
    if t.get("validator").is_some_and(|v| !v.is_str()) {
        panic!("{pack}: rule `{id}`: validator must be a string");
    }
    format!(
        "RuleDef {{ id: {}, title: {}, severity: Severity::{severity}, keywords: {}, regex: {}, \
         min_entropy: {min_entropy}, validator: {validator}, allow: {}, stopwords: {}, why: {}, fix: {}, \
         references: {}, examples: {}, negative_examples: {} }}",
        s("id"),
        s("title"),
        list("keywords"),
        s("regex"),
        list("allow"),
        list("stopwords"),
        s("why"),
        s("fix"),
        list("references"),
        list("examples"),
        list("negative-examples"),
    )
}

/// The popular-package lists as lookup tables, so the first typosquat check
/// costs nothing to set up (building hash maps of 50,000 names took 15 ms).
/// Per ecosystem:
/// - `<eco>.sorted`: distinct normal forms, sorted, one a line; a target
///   (one of the first `TARGETS`) carries `\t<rank>` (0 = most popular).
/// - `<eco>.by_rank`: for each target in rank order, the offset of its line
///   in `.sorted` (3 bytes, little-endian).
/// - `<eco>.squashed`: target ranks (2 bytes) sorted by (name without
///   separators, rank).
/// - `<eco>.by_length`: the ranks of the first `EDIT_TARGETS` (2 bytes)
///   sorted by (length of the normal form, rank), so that the edit-distance
///   loop visits only names of a nearby length; `<eco>.length_letters`: the
///   `letters` bits of each (4 bytes), so that it reads few of their names.
///
/// plus, in `popular_tables.rs`, the registry's spelling of each target
/// whose normal form differs, and where each length starts in `by_length`.
fn popular_tables() {
    use normal_form::{EDIT_TARGETS, TARGETS, letters, normal_form, squash};
    use std::collections::HashSet;
    let out_dir = env::var("OUT_DIR").unwrap();
    let out = Path::new(&out_dir);
    let mut code = String::new();
    for (eco, file, stat) in [
        ("npm", "npm.txt", "NPM"),
        ("PyPI", "pypi.txt", "PYPI"),
        ("crates.io", "crates.txt", "CRATES"),
    ] {
        let src = Path::new("data/popular").join(file);
        println!("cargo:rerun-if-changed={}", src.display());
        let text = fs::read_to_string(&src).unwrap();
        let mut seen = HashSet::new();
        // (normal form, spelling) in rank order.
        let mut ranked: Vec<(String, &str)> = Vec::new();
        for name in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let n = normal_form(eco, name);
            if seen.insert(n.clone()) {
                ranked.push((n, name));
            }
        }
        const { assert!(TARGETS < 1 << 16, "ranks are stored in 2 bytes") };
        let targets = ranked.len().min(TARGETS);
        let mut order: Vec<usize> = (0..ranked.len()).collect();
        order.sort_by(|&a, &b| ranked[a].0.cmp(&ranked[b].0));
        let mut sorted = String::new();
        let mut offsets = vec![0usize; targets];
        for i in order {
            if i < targets {
                offsets[i] = sorted.len();
                writeln!(sorted, "{}\t{i}", ranked[i].0).unwrap();
            } else {
                writeln!(sorted, "{}", ranked[i].0).unwrap();
            }
        }
        assert!(sorted.len() < 1 << 24, "offsets are stored in 3 bytes");
        let by_rank: Vec<u8> = offsets
            .iter()
            .flat_map(|o| o.to_le_bytes()[..3].to_vec())
            .collect();
        let mut squashed: Vec<usize> = (0..targets).collect();
        squashed.sort_by(|&a, &b| {
            squash(&ranked[a].0)
                .cmp(squash(&ranked[b].0))
                .then(a.cmp(&b))
        });
        let squashed: Vec<u8> = squashed
            .iter()
            .flat_map(|&r| (r as u16).to_le_bytes())
            .collect();
        let mut by_length: Vec<usize> = (0..targets.min(EDIT_TARGETS)).collect();
        by_length.sort_by_key(|&r| (ranked[r].0.len(), r));
        let longest = by_length.last().map_or(0, |&r| ranked[r].0.len());
        // length_starts[l]: the first place whose name is `l` bytes or longer.
        let length_starts: Vec<String> = (0..=longest + 1)
            .map(|l| {
                by_length
                    .partition_point(|&r| ranked[r].0.len() < l)
                    .to_string()
            })
            .collect();
        let length_letters: Vec<u8> = by_length
            .iter()
            .flat_map(|&r| letters(&ranked[r].0).to_le_bytes())
            .collect();
        let by_length: Vec<u8> = by_length
            .iter()
            .flat_map(|&r| (r as u16).to_le_bytes())
            .collect();
        let base = out.join(file.trim_end_matches(".txt"));
        let write = |ext: &str, bytes: &[u8]| {
            let p = base.with_extension(ext);
            fs::write(&p, bytes).unwrap();
            p.display().to_string()
        };
        let (s, b, q) = (
            write("sorted", sorted.as_bytes()),
            write("by_rank", &by_rank),
            write("squashed", &squashed),
        );
        let (l, ll) = (
            write("by_length", &by_length),
            write("length_letters", &length_letters),
        );
        let spellings: Vec<String> = ranked[..targets]
            .iter()
            .enumerate()
            .filter(|(_, (n, name))| n != name)
            .map(|(r, (_, name))| format!("({r}, {name:?})"))
            .collect();
        writeln!(
            code,
            "pub static {stat}: Table = Table {{ sorted: include_str!({s:?}), by_rank: include_bytes!({b:?}), squashed: include_bytes!({q:?}), spellings: &[{}], by_length: include_bytes!({l:?}), length_letters: include_bytes!({ll:?}), length_starts: &[{}] }};",
            spellings.join(", "),
            length_starts.join(", ")
        )
        .unwrap();
    }
    fs::write(out.join("popular_tables.rs"), code).unwrap();
}

/// The code rule packs as JSON: the binary parses them (on the first code
/// file of a run) with serde_json, several times faster than TOML. The
/// runtime TOML parser must agree; a test compares the two on every pack.
fn code_packs() {
    println!("cargo:rerun-if-changed=rules/code");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("code-packs");
    fs::create_dir_all(&out).unwrap();
    for e in fs::read_dir("rules/code").unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let value: Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&value).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        fs::write(out.join(format!("{name}.json")), json).unwrap();
    }
}
