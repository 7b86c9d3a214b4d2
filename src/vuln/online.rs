//! `--online` advisory queries: the OSV API (`POST /v1/querybatch`, then
//! `GET /v1/vulns/{id}` for each advisory it names), for the packages a
//! change brings in — current to the minute, where the local database is as
//! old as its last update. Shares the registry lookups' time budget: what
//! did not answer in time is a notice, never a block.

use super::osv::Osv;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

/// One package version to ask about: (OSV ecosystem, name, version).
pub type Query = (String, String, String);

/// The API takes at most this many queries per batch.
const BATCH: usize = 1000;

/// The records the API names for each query (in query order).
pub fn query(api: &str, queries: &[Query], budget: Duration) -> Result<Vec<Vec<Osv>>, String> {
    let deadline = Instant::now() + budget;
    let mut out = Vec::with_capacity(queries.len());
    for chunk in queries.chunks(BATCH) {
        out.extend(batch(api, chunk, deadline)?);
    }
    Ok(out)
}

fn batch(api: &str, queries: &[Query], deadline: Instant) -> Result<Vec<Vec<Osv>>, String> {
    let base = api.trim_end_matches('/');
    let agent = |left: Duration| -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(left))
            .http_status_as_error(false)
            .user_agent(concat!(
                "ward/",
                env!("CARGO_PKG_VERSION"),
                " (advisory check)"
            ))
            .build()
            .into()
    };
    let left = || {
        let d = deadline.saturating_duration_since(Instant::now());
        (!d.is_zero())
            .then_some(d)
            .ok_or_else(|| "the OSV API did not answer in time".to_string())
    };
    let body = json!({"queries": queries.iter().map(|(e, n, v)| json!({
        "package": {"ecosystem": e, "name": n}, "version": v})).collect::<Vec<_>>()});
    let url = format!("{base}/v1/querybatch");
    let answer: Value = read_json(
        agent(left()?)
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body.to_string()),
        &url,
    )?;
    let results = answer["results"]
        .as_array()
        .filter(|r| r.len() == queries.len())
        .ok_or_else(|| format!("{url}: the answer has no result per query"))?;
    let ids: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            r["vulns"]
                .as_array()
                .map(|v| {
                    v.iter()
                        .filter_map(|x| x["id"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let distinct: BTreeSet<&String> = ids.iter().flatten().collect();
    let mut records: HashMap<&str, Osv> = HashMap::new();
    for id in distinct {
        let url = format!("{base}/v1/vulns/{id}");
        let v = read_json(agent(left()?).get(&url).call(), &url)?;
        let record = Osv::from_value(&v).map_err(|e| format!("{url}: not an OSV record: {e}"))?;
        records.insert(id, record);
    }
    Ok(ids
        .iter()
        .map(|ids| {
            ids.iter()
                .filter_map(|id| records.get(id.as_str()).cloned())
                .collect()
        })
        .collect())
}

fn read_json(
    resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    url: &str,
) -> Result<Value, String> {
    let mut resp = resp.map_err(|e| format!("{url}: {e}"))?;
    let status = resp.status().as_u16();
    if status != 200 {
        return Err(format!("{url}: HTTP {status}"));
    }
    let text = resp
        .body_mut()
        .with_config()
        .limit(32 << 20)
        .read_to_string()
        .map_err(|e| format!("{url}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{url}: not JSON: {e}"))
}
