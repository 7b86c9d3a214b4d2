//! The advisory database: one SQLite file, `osv.sqlite`, in the db directory.
//!
//! A hook looks up a few dozen packages, so opening must cost nothing: the
//! file is opened read-only, no schema work is done, and every lookup is one
//! prepared statement over the primary key of `affected`. Writers never touch
//! the file in place — [`Writer`] builds a copy and renames it over the old
//! one — so a reader always sees a complete database.
//!
//! ```text
//! advisory(id UNIQUE, modified, withdrawn, json)          the record, compact JSON
//! affected(base, name, ecosystem, id) PRIMARY KEY (all)  base = ecosystem before `:`
//! source(ecosystem PRIMARY KEY, imported_at, etag, last_modified, url, records, newest_modified)
//! ```

mod writer;

pub use writer::{Origin, Replace, Writer};

use super::osv::{Osv, base_ecosystem, normalise_name};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The database file inside the db directory.
pub const FILE_NAME: &str = "osv.sqlite";

/// `PRAGMA user_version` of the current schema; a database with another
/// version was built by another ward and is rebuilt by the next import.
const SCHEMA_VERSION: i64 = 1;

const LOOKUP: &str = "SELECT id, json FROM advisory WHERE id IN \
     (SELECT id FROM affected WHERE base = ?1 AND name = ?2 AND (?3 IS NULL OR ecosystem = ?3)) \
     ORDER BY id";

/// What went wrong, always naming the database file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Not SQLite, damaged, or not ward's schema: the CLI exits 2.
    #[error(
        "{}: not a readable ward advisory database ({reason}); delete it and run `ward db update`",
        path.display()
    )]
    Unreadable { path: PathBuf, reason: String },
    #[error("{}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: advisory {id} is damaged: {source}", path.display())]
    Record {
        path: PathBuf,
        id: String,
        source: serde_json::Error,
    },
}

impl StoreError {
    pub(crate) fn sqlite(path: &Path) -> impl FnOnce(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// One ecosystem's data, as `ward db status` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EcosystemStatus {
    /// The base ecosystem (`PyPI`, `Debian`), as imported.
    pub ecosystem: String,
    /// Advisories with at least one affected package of this ecosystem.
    pub records: u64,
    /// Seconds since the epoch.
    pub imported_at: i64,
    /// The newest `modified` among its records: how current the export was.
    pub newest_modified: Option<String>,
    /// Where it came from: the export URL, or the imported path.
    pub url: Option<String>,
    /// HTTP validators of the downloaded export, for conditional updates.
    #[serde(skip)]
    pub etag: Option<String>,
    #[serde(skip)]
    pub last_modified: Option<String>,
}

/// An opened advisory database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// The database file of a db directory.
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(FILE_NAME)
    }

    /// Open `dir/osv.sqlite` for lookups; `None` when there is none yet.
    pub fn open(dir: &Path) -> Result<Option<Store>, StoreError> {
        let path = Store::path(dir);
        if !path.exists() {
            return Ok(None);
        }
        let unreadable = |e: rusqlite::Error| StoreError::Unreadable {
            path: path.clone(),
            reason: e.to_string(),
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(unreadable)?;
        // SQLite reads the file lazily: the header and schema are checked here.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(unreadable)?;
        if version != SCHEMA_VERSION {
            return Err(StoreError::Unreadable {
                path,
                reason: format!("schema version {version}, this ward reads {SCHEMA_VERSION}"),
            });
        }
        conn.prepare_cached(LOOKUP).map_err(unreadable)?;
        Ok(Some(Store { conn, path }))
    }

    /// The file this store reads.
    pub fn file(&self) -> &Path {
        &self.path
    }

    /// Records affecting (`ecosystem`, `name`), withdrawn ones included
    /// (callers skip them), ordered by id. The name is normalised as the
    /// index is ([`normalise_name`]). A bare ecosystem (`Packagist`) also
    /// finds records of its registry variants (`Packagist:https://…`); one
    /// with a suffix (`Debian:11`) finds exactly that one.
    pub fn records(&self, ecosystem: &str, name: &str) -> Result<Vec<Osv>, StoreError> {
        let base = base_ecosystem(ecosystem);
        let exact = (base != ecosystem).then_some(ecosystem);
        let name = normalise_name(ecosystem, name);
        let mut stmt = self
            .conn
            .prepare_cached(LOOKUP)
            .map_err(StoreError::sqlite(&self.path))?;
        let rows = stmt
            .query_map((base, name.as_str(), exact), |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(StoreError::sqlite(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row.map_err(StoreError::sqlite(&self.path))?;
            // Through `Value`, as the import parses: one parser instantiation, not two.
            let osv = serde_json::from_str::<serde_json::Value>(&json)
                .and_then(|v| Osv::from_value(&v))
                .map_err(|source| StoreError::Record {
                    path: self.path.clone(),
                    id,
                    source,
                })?;
            out.push(osv);
        }
        Ok(out)
    }

    /// Every imported ecosystem, by name.
    pub fn status(&self) -> Result<Vec<EcosystemStatus>, StoreError> {
        read_sources(&self.conn).map_err(StoreError::sqlite(&self.path))
    }
}

pub(crate) fn read_sources(conn: &Connection) -> rusqlite::Result<Vec<EcosystemStatus>> {
    let mut stmt = conn.prepare(
        "SELECT ecosystem, records, imported_at, newest_modified, url, etag, last_modified \
         FROM source ORDER BY ecosystem",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(EcosystemStatus {
            ecosystem: r.get(0)?,
            records: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            imported_at: r.get(2)?,
            newest_modified: r.get(3)?,
            url: r.get(4)?,
            etag: r.get(5)?,
            last_modified: r.get(6)?,
        })
    })?;
    rows.collect()
}

/// A warning when an ecosystem's advisories were imported more than
/// `max_age_days` ago: new advisories are missing, and a stale database
/// passes what it should block.
pub fn age_warning(store: &Store, max_age_days: u64) -> Result<Option<String>, StoreError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let stale: Vec<(String, i64)> = store
        .status()?
        .into_iter()
        .map(|s| (s.ecosystem, (now - s.imported_at) / 86_400))
        .filter(|(_, days)| *days > max_age_days as i64)
        .collect();
    let Some(oldest) = stale.iter().map(|(_, d)| *d).max() else {
        return Ok(None);
    };
    let names: Vec<&str> = stale.iter().map(|(e, _)| e.as_str()).collect();
    Ok(Some(format!(
        "the advisory database is {oldest} days old ({}; max-age-days = {max_age_days}): run `ward db update`",
        names.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, eco: &str, name: &str) -> (Osv, String) {
        let json = format!(
            r#"{{"id":"{id}","modified":"2024-01-0{}T00:00:00Z","affected":[{{"package":{{"ecosystem":"{eco}","name":"{name}"}}}}]}}"#,
            id.len() % 9
        );
        (Osv::from_slice(json.as_bytes()).unwrap(), json)
    }

    fn build(dir: &Path, records: &[(&str, &str, &str)], replace: Replace) {
        let mut w = Writer::begin(dir).unwrap();
        for (id, eco, name) in records {
            let (osv, json) = record(id, eco, name);
            w.add(&osv, &json).unwrap();
        }
        w.commit(&replace, &Origin::default()).unwrap();
    }

    fn ids(store: &Store, eco: &str, name: &str) -> Vec<String> {
        store
            .records(eco, name)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn no_database_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Store::open(dir.path()).unwrap().is_none());
    }

    #[test]
    fn lookups_normalise_pypi_and_packagist() {
        let dir = tempfile::tempdir().unwrap();
        build(
            dir.path(),
            &[
                ("PYSEC-1", "PyPI", "Django"),
                ("GHSA-2", "PyPI", "django"),
                ("PYSEC-3", "PyPI", "zope.interface"),
                ("GHSA-4", "Packagist", "Symfony/Http-Kernel"),
                (
                    "DRUPAL-5",
                    "Packagist:https://packages.drupal.org/8",
                    "drupal/x",
                ),
                ("DSA-6", "Debian:11", "openssl"),
                ("DSA-7", "Debian:12", "openssl"),
                ("RUSTSEC-8", "crates.io", "Inflector"),
            ],
            Replace::Exports,
        );
        let s = Store::open(dir.path()).unwrap().unwrap();
        assert_eq!(ids(&s, "PyPI", "Django"), ["GHSA-2", "PYSEC-1"]);
        assert_eq!(ids(&s, "PyPI", "django"), ["GHSA-2", "PYSEC-1"]);
        assert_eq!(ids(&s, "PyPI", "Zope_Interface"), ["PYSEC-3"]);
        assert_eq!(ids(&s, "Packagist", "symfony/http-kernel"), ["GHSA-4"]);
        assert_eq!(ids(&s, "Packagist", "drupal/x"), ["DRUPAL-5"]);
        assert_eq!(ids(&s, "Debian:11", "openssl"), ["DSA-6"]);
        assert_eq!(ids(&s, "Debian", "openssl"), ["DSA-6", "DSA-7"]);
        assert_eq!(ids(&s, "crates.io", "Inflector"), ["RUSTSEC-8"]);
        assert!(ids(&s, "crates.io", "inflector").is_empty());
        assert!(ids(&s, "npm", "django").is_empty());
        let status = s.status().unwrap();
        let counts: Vec<_> = status
            .iter()
            .map(|e| (e.ecosystem.as_str(), e.records))
            .collect();
        assert_eq!(
            counts,
            [
                ("Debian", 2),
                ("Packagist", 2),
                ("PyPI", 3),
                ("crates.io", 1)
            ]
        );
    }

    #[test]
    fn a_record_with_two_entries_for_one_package_comes_once() {
        let dir = tempfile::tempdir().unwrap();
        let json = r#"{"id":"X-1","affected":[{"package":{"ecosystem":"npm","name":"a"}},
            {"package":{"ecosystem":"npm","name":"a"}},{"package":{"ecosystem":"npm","name":"b"}}]}"#;
        let mut w = Writer::begin(dir.path()).unwrap();
        w.add(&Osv::from_slice(json.as_bytes()).unwrap(), json)
            .unwrap();
        w.commit(&Replace::Exports, &Origin::default()).unwrap();
        let s = Store::open(dir.path()).unwrap().unwrap();
        assert_eq!(ids(&s, "npm", "a"), ["X-1"]);
        assert_eq!(ids(&s, "npm", "b"), ["X-1"]);
    }

    #[test]
    fn replacing_one_ecosystem_keeps_the_others() {
        let dir = tempfile::tempdir().unwrap();
        build(
            dir.path(),
            &[
                ("R-1", "crates.io", "a"),
                ("P-1", "PyPI", "b"),
                ("P-2", "PyPI", "c"),
            ],
            Replace::Exports,
        );
        build(dir.path(), &[("P-3", "PyPI", "d")], Replace::Exports);
        let s = Store::open(dir.path()).unwrap().unwrap();
        assert_eq!(ids(&s, "crates.io", "a"), ["R-1"]);
        assert!(ids(&s, "PyPI", "b").is_empty(), "PyPI was replaced");
        assert_eq!(ids(&s, "PyPI", "d"), ["P-3"]);
        // A merge (one file) adds without dropping.
        build(dir.path(), &[("P-4", "PyPI", "e")], Replace::Nothing);
        let s = Store::open(dir.path()).unwrap().unwrap();
        assert_eq!(ids(&s, "PyPI", "d"), ["P-3"]);
        assert_eq!(ids(&s, "PyPI", "e"), ["P-4"]);
        // A re-imported record that moved to another package leaves the old one.
        build(dir.path(), &[("P-4", "PyPI", "f")], Replace::Nothing);
        let s = Store::open(dir.path()).unwrap().unwrap();
        assert!(ids(&s, "PyPI", "e").is_empty());
        assert_eq!(ids(&s, "PyPI", "f"), ["P-4"]);
    }

    #[test]
    fn cross_ecosystem_records_do_not_replace_the_other_ecosystem() {
        let dir = tempfile::tempdir().unwrap();
        build(
            dir.path(),
            &[("M-1", "Maven", "g:a"), ("M-2", "Maven", "g:b")],
            Replace::Exports,
        );
        let json = r#"{"id":"X-1","affected":[{"package":{"ecosystem":"npm","name":"a"}},
            {"package":{"ecosystem":"Maven","name":"g:c"}}]}"#;
        let mut w = Writer::begin(dir.path()).unwrap();
        w.add(&Osv::from_slice(json.as_bytes()).unwrap(), json)
            .unwrap();
        let (osv, json) = record("N-1", "npm", "b");
        w.add(&osv, &json).unwrap();
        w.commit(&Replace::Exports, &Origin::default()).unwrap();
        let s = Store::open(dir.path()).unwrap().unwrap();
        assert_eq!(ids(&s, "Maven", "g:a"), ["M-1"]);
        assert_eq!(ids(&s, "Maven", "g:c"), ["X-1"]);
        assert_eq!(ids(&s, "npm", "a"), ["X-1"]);
    }

    #[test]
    fn garbage_file_is_a_one_line_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = Store::path(dir.path());
        std::fs::write(&path, b"this is not a database, just text\n".repeat(200)).unwrap();
        let e = Store::open(dir.path()).err().unwrap().to_string();
        assert!(e.contains(&path.display().to_string()), "{e}");
        assert!(!e.contains('\n'), "{e}");
        // An empty SQLite database (another program's) is no better.
        std::fs::remove_file(&path).unwrap();
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let e = Store::open(dir.path()).err().unwrap().to_string();
        assert!(e.contains("schema version 0"), "{e}");
    }

    #[test]
    fn an_aborted_writer_leaves_the_old_database() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), &[("R-1", "crates.io", "a")], Replace::Exports);
        {
            let mut w = Writer::begin(dir.path()).unwrap();
            let (osv, json) = record("R-2", "crates.io", "b");
            w.add(&osv, &json).unwrap();
            // Dropped without commit.
        }
        let s = Store::open(dir.path()).unwrap().unwrap();
        assert_eq!(ids(&s, "crates.io", "a"), ["R-1"]);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [FILE_NAME], "no temporary file left behind");
    }
}
