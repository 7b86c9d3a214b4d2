//! Known vulnerabilities: OSV advisories, stored locally so a hook can look
//! up the packages it checks in milliseconds, without the network, and
//! matched against locked versions by each ecosystem's rules.
//!
//! * [`osv`] is the OSV record model (schema 1.x, read leniently).
//! * [`store`] is the SQLite database (`osv.sqlite`) and its lookups.
//! * [`import`] reads an OSV export (zip, directory or JSON file) into it.
//! * [`update`] downloads each ecosystem's export and imports it.
//! * [`version`] orders version strings per ecosystem, so OSV range events can be compared.
//! * [`online`] asks the OSV API instead (`--online`).
//! * [`matching`] decides which records affect a version, and the version that fixes them.
//! * [`cvss`] turns an advisory's CVSS vector into a score and a severity level.

pub mod cvss;
pub mod import;
pub mod matching;
pub mod online;
pub mod osv;
pub mod store;
pub mod update;
pub mod version;

/// Today as `YYYY-MM-DD` (UTC), for ignore entries that expire.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
