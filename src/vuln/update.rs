//! `ward db update`: download each ecosystem's OSV export
//! (`{base}/{ecosystem}/all.zip`) and import it.
//!
//! Conditional: the stored `ETag` / `Last-Modified` go back as
//! `If-None-Match` / `If-Modified-Since`, and a 304 costs nothing. The
//! export is written to a temporary file in the db directory and imported
//! from there ([`import_export`]), so a failed or cut download leaves the
//! database as it was.

use super::import::{ImportError, Summary, import_export};
use super::store::{Origin, Store, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where OSV publishes its exports.
pub const DEFAULT_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// The ecosystems `ward db update` fetches unless told otherwise: those
/// whose lockfiles ward reads.
pub const DEFAULT_ECOSYSTEMS: &[&str] = &[
    "crates.io",
    "npm",
    "PyPI",
    "Go",
    "RubyGems",
    "Packagist",
    "Maven",
];

/// Exports are large (npm's zip is over 100 MB) but not unbounded.
const MAX_DOWNLOAD: u64 = 4 << 30;

#[derive(Debug)]
pub enum Outcome {
    /// 304: the stored copy is current.
    UpToDate,
    Updated(Summary),
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UpdateError {
    #[error("{url}: {reason}")]
    Download { url: String, reason: String },
    #[error(transparent)]
    Import(ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The export URL of one ecosystem.
pub fn export_url(base: &str, ecosystem: &str) -> String {
    format!(
        "{}/{}/all.zip",
        base.trim_end_matches('/'),
        ecosystem.replace(' ', "%20")
    )
}

/// Fetch and import one ecosystem's export into the database in `dir`.
pub fn update(dir: &Path, base: &str, ecosystem: &str) -> Result<Outcome, UpdateError> {
    let url = export_url(base, ecosystem);
    let previous = match Store::open(dir)? {
        Some(store) => store
            .status()?
            .into_iter()
            .find(|s| s.ecosystem == ecosystem && s.url.as_deref() == Some(url.as_str())),
        None => None,
    };
    let fail = |reason: String| UpdateError::Download {
        url: url.clone(),
        reason,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        // A stalled transfer fails; a slow but moving one may take its time.
        .timeout_per_read(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .user_agent(concat!(
            "ward/",
            env!("CARGO_PKG_VERSION"),
            " (advisory update)"
        ))
        .build()
        .into();
    let mut request = agent.get(&url);
    if let Some(p) = &previous {
        if let Some(etag) = &p.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &p.last_modified {
            request = request.header("If-Modified-Since", date);
        }
    }
    let mut response = request.call().map_err(|e| fail(e.to_string()))?;
    match response.status().as_u16() {
        304 => return Ok(Outcome::UpToDate),
        200 => {}
        status => return Err(fail(format!("HTTP {status}"))),
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let origin = Origin {
        url: Some(url.clone()),
        etag: header("etag"),
        last_modified: header("last-modified"),
    };

    std::fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
    let tmp = TempFile(dir.join(format!(
        "osv-{}.zip.tmp-{}",
        file_safe(ecosystem),
        std::process::id()
    )));
    {
        let file = std::fs::File::create(&tmp.0).map_err(StoreError::io(&tmp.0))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        let mut body = response
            .body_mut()
            .with_config()
            .limit(MAX_DOWNLOAD)
            .reader();
        std::io::copy(&mut body, &mut out).map_err(|e| fail(format!("download failed: {e}")))?;
        out.flush().map_err(StoreError::io(&tmp.0))?;
    }
    match import_export(dir, &tmp.0, ecosystem, &origin) {
        Ok(summary) => Ok(Outcome::Updated(summary)),
        // The file is ours: name what it came from.
        Err(ImportError::Input { reason, .. }) => Err(fail(format!("the export: {reason}"))),
        Err(e) => Err(UpdateError::Import(e)),
    }
}

fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Removed when dropped, whatever happened.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            export_url(DEFAULT_URL, "crates.io"),
            "https://osv-vulnerabilities.storage.googleapis.com/crates.io/all.zip"
        );
        assert_eq!(
            export_url("http://127.0.0.1:9/osv/", "GitHub Actions"),
            "http://127.0.0.1:9/osv/GitHub%20Actions/all.zip"
        );
    }
}
