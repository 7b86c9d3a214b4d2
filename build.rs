//! Embeds every rule pack under `rules/` so the binary needs no data files.
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("rule_packs.rs");
    let mut code = String::from("pub static SECRET_PACKS: &[(&str, &str)] = &[\n");
    let dir = Path::new("rules/secrets");
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let abs = fs::canonicalize(&path).unwrap();
        code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", abs.display().to_string()));
    }
    code.push_str("];\n");
    fs::write(out, code).unwrap();
}
