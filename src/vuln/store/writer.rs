//! Writing the database without ever exposing a half-written one: the new
//! database is built in `osv.sqlite.tmp-<pid>` (a copy of the current one,
//! so other ecosystems are kept) and renamed over `osv.sqlite` only when it
//! is complete. An error drops the copy; a kill leaves it behind, and a
//! later import removes it once it is a day old.
//!
//! The copy is private, so it is written without a journal or fsyncs (fast);
//! the file is synced once before the rename.

use super::{EcosystemStatus, FILE_NAME, SCHEMA_VERSION, StoreError, read_sources};
use crate::vuln::osv::{Osv, base_ecosystem, normalise_name};
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS advisory(
    id TEXT PRIMARY KEY NOT NULL, modified TEXT, withdrawn TEXT, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS affected(
    base TEXT NOT NULL, name TEXT NOT NULL, ecosystem TEXT NOT NULL, id TEXT NOT NULL,
    PRIMARY KEY (base, name, ecosystem, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS source(
    ecosystem TEXT PRIMARY KEY NOT NULL, imported_at INTEGER NOT NULL, etag TEXT,
    last_modified TEXT, url TEXT, records INTEGER NOT NULL DEFAULT 0, newest_modified TEXT);
";

/// Which ecosystems' old records an import drops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replace {
    /// A full export (zip, directory): every ecosystem that some imported
    /// record affects alone. A record that affects several ecosystems (a
    /// GHSA for npm and Maven) is in each one's export, so it replaces none.
    Exports,
    /// Exactly this ecosystem's export (`ward db update`), even when empty.
    Ecosystem(String),
    /// Add or update records, drop nothing (a single JSON file).
    Nothing,
}

/// Where the imported data came from, recorded per replaced ecosystem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub url: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A database being built; dropped without [`Writer::commit`], it is discarded.
pub struct Writer {
    conn: Option<Connection>,
    tmp: PathBuf,
    target: PathBuf,
    /// Base ecosystems of records that affect only one.
    sole: BTreeSet<String>,
    /// Every base ecosystem seen.
    seen: BTreeSet<String>,
    added: u64,
    committed: bool,
}

impl Writer {
    /// Start from a copy of `dir/osv.sqlite` (or an empty database).
    pub fn begin(dir: &Path) -> Result<Writer, StoreError> {
        std::fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
        remove_stale_temporaries(dir);
        let target = dir.join(FILE_NAME);
        let tmp = dir.join(format!("{FILE_NAME}.tmp-{}", std::process::id()));
        let mut w = Writer {
            conn: None,
            tmp,
            target,
            sole: BTreeSet::new(),
            seen: BTreeSet::new(),
            added: 0,
            committed: false,
        };
        let _ = std::fs::remove_file(&w.tmp);
        let existed = w.target.exists();
        if existed {
            std::fs::copy(&w.target, &w.tmp).map_err(StoreError::io(&w.target))?;
        }
        let mut conn = Connection::open(&w.tmp).map_err(StoreError::sqlite(&w.tmp))?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| StoreError::Unreadable {
                path: w.target.clone(),
                reason: e.to_string(),
            })?;
        if existed && version != SCHEMA_VERSION {
            // Another ward's (or program's) file: start over.
            drop(conn);
            std::fs::remove_file(&w.tmp).map_err(StoreError::io(&w.tmp))?;
            conn = Connection::open(&w.tmp).map_err(StoreError::sqlite(&w.tmp))?;
        }
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -65536;
             {SCHEMA}
             CREATE TEMP TABLE staged(base TEXT, name TEXT, ecosystem TEXT, id TEXT);
             BEGIN;"
        ))
        .map_err(StoreError::sqlite(&w.tmp))?;
        w.conn = Some(conn);
        Ok(w)
    }

    /// Add (or replace, by id) one record; `json` is its compact text.
    /// Returns false when it names no package (nothing could look it up).
    pub fn add(&mut self, osv: &Osv, json: &str) -> Result<bool, StoreError> {
        let Some(conn) = self.conn.as_ref() else {
            return Ok(false);
        };
        let err = StoreError::sqlite(&self.tmp);
        let mut record_bases = BTreeSet::new();
        let mut stage = conn
            .prepare_cached("INSERT INTO staged(base, name, ecosystem, id) VALUES (?1, ?2, ?3, ?4)")
            .map_err(StoreError::sqlite(&self.tmp))?;
        for a in &osv.affected {
            let (eco, name) = (a.package.ecosystem.trim(), a.package.name.trim());
            if eco.is_empty() || name.is_empty() {
                continue;
            }
            let base = base_ecosystem(eco);
            stage
                .execute((base, normalise_name(eco, name), eco, osv.id.as_str()))
                .map_err(StoreError::sqlite(&self.tmp))?;
            record_bases.insert(base);
        }
        if record_bases.is_empty() {
            return Ok(false);
        }
        conn.prepare_cached(
            "INSERT OR REPLACE INTO advisory(id, modified, withdrawn, json) VALUES (?1, ?2, ?3, ?4)",
        )
        .and_then(|mut s| s.execute((&osv.id, &osv.modified, &osv.withdrawn, json)))
        .map_err(err)?;
        if let [only] = record_bases.iter().collect::<Vec<_>>()[..] {
            self.sole.insert((*only).to_string());
        }
        self.seen
            .extend(record_bases.into_iter().map(str::to_string));
        self.added += 1;
        Ok(true)
    }

    /// Records added so far.
    pub fn added(&self) -> u64 {
        self.added
    }

    /// Drop what `replace` says, index the new records, and put the new
    /// database in place. Returns the status of every ecosystem.
    pub fn commit(
        mut self,
        replace: &Replace,
        origin: &Origin,
    ) -> Result<Vec<EcosystemStatus>, StoreError> {
        let Some(conn) = self.conn.take() else {
            return Ok(Vec::new());
        };
        let replaced: BTreeSet<String> = match replace {
            Replace::Exports => self.sole.clone(),
            Replace::Ecosystem(e) => BTreeSet::from([base_ecosystem(e).to_string()]),
            Replace::Nothing => BTreeSet::new(),
        };
        let status = self
            .index(&conn, &replaced, origin)
            .map_err(StoreError::sqlite(&self.tmp))?;
        conn.close()
            .map_err(|(_, e)| StoreError::sqlite(&self.tmp)(e))?;
        std::fs::File::open(&self.tmp)
            .and_then(|f| f.sync_all())
            .map_err(StoreError::io(&self.tmp))?;
        std::fs::rename(&self.tmp, &self.target).map_err(StoreError::io(&self.target))?;
        self.committed = true;
        if let Some(dir) = self.target.parent() {
            // Make the rename durable; not possible everywhere (Windows).
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(status)
    }

    fn index(
        &self,
        conn: &Connection,
        replaced: &BTreeSet<String>,
        origin: &Origin,
    ) -> rusqlite::Result<Vec<EcosystemStatus>> {
        let now = now();
        // A re-imported record's old packages go, whatever is replaced.
        conn.execute_batch("DELETE FROM affected WHERE id IN (SELECT id FROM temp.staged)")?;
        for base in replaced {
            conn.execute("DELETE FROM affected WHERE base = ?1", [base])?;
            conn.execute(
                "INSERT INTO source(ecosystem, imported_at, etag, last_modified, url)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(ecosystem) DO UPDATE SET imported_at = excluded.imported_at,
                   etag = excluded.etag, last_modified = excluded.last_modified, url = excluded.url",
                (base, now, &origin.etag, &origin.last_modified, &origin.url),
            )?;
        }
        if replaced.is_empty() {
            // A merge: ecosystems seen for the first time get a row; the
            // others keep theirs (and their validators: upstream is unchanged).
            for base in &self.seen {
                conn.execute(
                    "INSERT OR IGNORE INTO source(ecosystem, imported_at, url) VALUES (?1, ?2, ?3)",
                    (base, now, &origin.url),
                )?;
            }
        }
        conn.execute_batch(&format!(
            "INSERT OR IGNORE INTO affected(base, name, ecosystem, id)
               SELECT base, name, ecosystem, id FROM temp.staged;
             DROP TABLE temp.staged;
             DELETE FROM advisory WHERE id NOT IN (SELECT id FROM affected);
             UPDATE source SET
               records = (SELECT count(DISTINCT id) FROM affected WHERE base = source.ecosystem),
               newest_modified = (SELECT max(modified) FROM advisory WHERE id IN
                 (SELECT id FROM affected WHERE base = source.ecosystem));
             PRAGMA user_version = {SCHEMA_VERSION};
             COMMIT;"
        ))?;
        // Replacing a large ecosystem frees many pages; give them back.
        let free: i64 = conn.pragma_query_value(None, "freelist_count", |r| r.get(0))?;
        let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        if free > 1024 && free * 4 > pages {
            conn.execute_batch("VACUUM")?;
        }
        read_sources(conn)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.committed {
            drop(self.conn.take());
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Seconds since the epoch.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Temporaries (`osv*.tmp-<pid>`) of killed imports and downloads, once a
/// day old (a younger one may belong to a running ward).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let day = Duration::from_secs(24 * 3600);
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with("osv") && name.contains(".tmp-")) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > day);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
