//! Registry lookups for new packages (`--online`): does the name exist, when
//! was it first published, how many versions does it have. A name the registry
//! does not know is most likely one a model made up — and free for anyone to
//! register. Every lookup shares one time budget: a hook must never hang, so
//! what did not answer in time is reported as unchecked, not blocked.

use super::Ecosystem;
use serde_json::Value;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Base URLs of the registries (configurable: mirrors, tests on 127.0.0.1).
#[derive(Debug, Clone)]
pub struct Registries {
    pub npm: String,
    pub pypi: String,
    pub crates: String,
    pub go: String,
    pub rubygems: String,
    pub packagist: String,
    /// The OSV API (`--online` advisory queries).
    pub osv: String,
    /// All lookups together get this long.
    pub budget: Duration,
}

impl Default for Registries {
    fn default() -> Self {
        Registries {
            npm: "https://registry.npmjs.org".into(),
            pypi: "https://pypi.org".into(),
            crates: "https://crates.io".into(),
            go: "https://proxy.golang.org".into(),
            rubygems: "https://rubygems.org".into(),
            packagist: "https://repo.packagist.org".into(),
            osv: "https://api.osv.dev".into(),
            budget: Duration::from_secs(2),
        }
    }
}

/// What a registry said about one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// 404: no such package.
    Missing,
    Found {
        /// First publication, seconds since the epoch, when the registry says.
        created: Option<i64>,
        versions: usize,
    },
    /// No answer in time, or one we could not read.
    Unchecked(String),
}

const WORKERS: usize = 8;

/// Look up every (ecosystem, name) in parallel within the budget.
pub fn lookup_all(reg: &Registries, names: &[(Ecosystem, String)]) -> Vec<Lookup> {
    let deadline = Instant::now() + reg.budget;
    let results: Mutex<Vec<Option<Lookup>>> = Mutex::new(vec![None; names.len()]);
    let next = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..WORKERS.min(names.len()) {
            s.spawn(|| {
                loop {
                    let i = {
                        let Ok(mut n) = next.lock() else { return };
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some((eco, name)) = names.get(i) else {
                        return;
                    };
                    let left = deadline.saturating_duration_since(Instant::now());
                    let r = if left.is_zero() {
                        Lookup::Unchecked("time budget used up".into())
                    } else {
                        lookup(reg, *eco, name, left)
                    };
                    if let Ok(mut res) = results.lock() {
                        res[i] = Some(r);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Lookup::Unchecked("not looked up".into())))
        .collect()
}

/// The metadata URL of a package.
pub fn url(reg: &Registries, eco: Ecosystem, name: &str) -> Option<String> {
    let base = |b: &str| b.trim_end_matches('/').to_string();
    Some(match eco {
        Ecosystem::Npm => format!("{}/{}", base(&reg.npm), name.replace('/', "%2f")),
        Ecosystem::PyPI => format!("{}/pypi/{name}/json", base(&reg.pypi)),
        Ecosystem::CratesIo => format!("{}/api/v1/crates/{name}", base(&reg.crates)),
        Ecosystem::Go => format!("{}/{}/@v/list", base(&reg.go), go_escape(name)),
        Ecosystem::RubyGems => format!("{}/api/v1/versions/{name}.json", base(&reg.rubygems)),
        Ecosystem::Packagist => format!("{}/p2/{name}.json", base(&reg.packagist)),
        Ecosystem::Maven => return None,
    })
}

/// The Go module proxy's case encoding: `A` → `!a`.
fn go_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn lookup(reg: &Registries, eco: Ecosystem, name: &str, timeout: Duration) -> Lookup {
    let Some(url) = url(reg, eco, name) else {
        return Lookup::Unchecked(format!("no registry lookup for {}", eco.as_str()));
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "ward/",
            env!("CARGO_PKG_VERSION"),
            " (dependency check)"
        ))
        .build()
        .into();
    let mut resp = match agent.get(&url).call() {
        Ok(r) => r,
        Err(e) => return Lookup::Unchecked(format!("{url}: {e}")),
    };
    let status = resp.status().as_u16();
    if status == 404 || status == 410 {
        return Lookup::Missing;
    }
    if status != 200 {
        return Lookup::Unchecked(format!("{url}: HTTP {status}"));
    }
    let body = match resp
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
    {
        Ok(b) => b,
        Err(e) => return Lookup::Unchecked(format!("{url}: {e}")),
    };
    if eco == Ecosystem::Go {
        let versions = body.lines().filter(|l| !l.trim().is_empty()).count();
        return Lookup::Found {
            created: None,
            versions,
        };
    }
    match serde_json::from_str::<Value>(&body) {
        Ok(v) => found(eco, name, &v),
        Err(e) => Lookup::Unchecked(format!("{url}: not JSON: {e}")),
    }
}

/// Age and version count from each registry's metadata document.
fn found(eco: Ecosystem, name: &str, v: &Value) -> Lookup {
    let time = |s: Option<&str>| s.and_then(parse_time);
    let (created, versions) = match eco {
        Ecosystem::Npm => (
            time(v["time"]["created"].as_str()),
            v["versions"].as_object().map_or(0, |m| m.len()),
        ),
        Ecosystem::PyPI => {
            let releases = v["releases"].as_object();
            let first = releases
                .into_iter()
                .flat_map(|m| m.values())
                .flat_map(|files| files.as_array().into_iter().flatten())
                .filter_map(|f| {
                    time(
                        f["upload_time_iso_8601"]
                            .as_str()
                            .or(f["upload_time"].as_str()),
                    )
                })
                .min();
            (first, releases.map_or(0, |m| m.len()))
        }
        Ecosystem::CratesIo => (
            time(v["crate"]["created_at"].as_str()),
            v["versions"].as_array().map_or(0, Vec::len),
        ),
        Ecosystem::RubyGems => {
            let list = v.as_array().cloned().unwrap_or_default();
            let first = list
                .iter()
                .filter_map(|r| time(r["created_at"].as_str()))
                .min();
            (first, list.len())
        }
        Ecosystem::Packagist => {
            let list = v["packages"][name].as_array().cloned().unwrap_or_default();
            let first = list.iter().filter_map(|r| time(r["time"].as_str())).min();
            (first, list.len())
        }
        Ecosystem::Go | Ecosystem::Maven => (None, 0),
    };
    Lookup::Found { created, versions }
}

fn parse_time(s: &str) -> Option<i64> {
    gix::date::parse(s, None).ok().map(|t| t.seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let r = Registries::default();
        assert_eq!(
            url(&r, Ecosystem::Npm, "@types/node").unwrap(),
            "https://registry.npmjs.org/@types%2fnode"
        );
        assert_eq!(
            url(&r, Ecosystem::Go, "github.com/BurntSushi/toml").unwrap(),
            "https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/list"
        );
    }

    #[test]
    fn metadata_documents() {
        let npm = serde_json::json!({"time": {"created": "2024-01-02T03:04:05.000Z"}, "versions": {"1.0.0": {}}});
        assert!(matches!(
            found(Ecosystem::Npm, "x", &npm),
            Lookup::Found {
                created: Some(_),
                versions: 1
            }
        ));
        let pypi = serde_json::json!({"releases": {"1.0": [{"upload_time_iso_8601": "2020-01-01T00:00:00Z"}], "2.0": []}});
        assert!(matches!(
            found(Ecosystem::PyPI, "x", &pypi),
            Lookup::Found {
                created: Some(1_577_836_800),
                versions: 2
            }
        ));
    }
}
