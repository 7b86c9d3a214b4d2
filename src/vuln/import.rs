//! `ward db import PATH`: OSV records from a zip export (`all.zip`, one
//! record per entry), a directory (every `*.json` below it) or one JSON file
//! (a record, or an array of records).
//!
//! Records are streamed one at a time into a single transaction, so memory
//! stays bounded by the largest record, not the export (npm's is ~300 MB
//! unzipped). The database is replaced atomically (see [`Writer`]): on any
//! error the old one stays as it was.
//!
//! What an import replaces: a zip or a directory is a full export, so the
//! ecosystems it brings are dropped and re-imported ([`Replace::Exports`]) —
//! importing PyPI keeps crates.io. A single JSON file adds or updates its
//! records and drops nothing.
//!
//! Malformed input: a directory or a JSON file that is not JSON, or a record
//! without `id`, is an error naming the file. Inside a zip export of
//! thousands of entries one bad entry should not cost the rest, so it is
//! skipped and counted (reported as a warning); a zip with no readable
//! record at all is an error.

use super::osv::Osv;
use super::store::{EcosystemStatus, Origin, Replace, StoreError, Writer};
use serde::Deserialize;
use serde::de::{self, Deserializer as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// A zip entry larger than this is not an advisory (and may be a zip bomb).
const MAX_ENTRY_BYTES: u64 = 64 << 20;

/// How many skipped entries are described; the rest are only counted.
const MAX_WARNINGS: usize = 10;

/// What an import did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Records stored.
    pub records: u64,
    /// Records that name no affected package: nothing could look them up.
    pub without_package: u64,
    /// Zip entries skipped as unreadable or not OSV.
    pub skipped: u64,
    /// `entry: reason` of the first skipped entries.
    pub warnings: Vec<String>,
    /// Every ecosystem in the database afterwards.
    pub ecosystems: Vec<EcosystemStatus>,
}

impl Summary {
    fn skip(&mut self, entry: &str, reason: impl fmt::Display) {
        self.skipped += 1;
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(format!("{entry}: {reason}"));
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The input: unreadable, not JSON, not OSV, not a zip.
    #[error("{}: {reason}", path.display())]
    Input { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn input(path: &Path, reason: impl fmt::Display) -> ImportError {
    ImportError::Input {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Import `path` (zip, directory or JSON file) into the database in `dir`.
pub fn import(dir: &Path, path: &Path) -> Result<Summary, ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| input(path, format!("cannot read: {e}")))?;
    let origin = Origin {
        url: Some(
            std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
        ),
        ..Origin::default()
    };
    let mut w = Writer::begin(dir)?;
    let mut s = Summary::default();
    let replace = if meta.is_dir() {
        read_dir(path, &mut w, &mut s)?;
        Replace::Exports
    } else if is_zip(path)? {
        read_zip(path, &mut w, &mut s)?;
        Replace::Exports
    } else {
        read_json_file(path, &mut w, &mut s)?;
        Replace::Nothing
    };
    if s.records == 0 {
        let why = s
            .warnings
            .first()
            .map_or(String::new(), |w| format!(" ({w})"));
        return Err(input(
            path,
            format!("no OSV record naming a package found{why}"),
        ));
    }
    s.ecosystems = w.commit(&replace, &origin)?;
    Ok(s)
}

/// Import a downloaded export of `ecosystem`, replacing exactly that
/// ecosystem's records (even with none: an ecosystem may have no advisories).
pub fn import_export(
    dir: &Path,
    zip: &Path,
    ecosystem: &str,
    origin: &Origin,
) -> Result<Summary, ImportError> {
    let mut w = Writer::begin(dir)?;
    let mut s = Summary::default();
    read_zip(zip, &mut w, &mut s)?;
    if s.records == 0 && s.skipped > 0 {
        let why = s
            .warnings
            .first()
            .map_or(String::new(), |w| format!(" ({w})"));
        return Err(input(zip, format!("no readable OSV record{why}")));
    }
    s.ecosystems = w.commit(&Replace::Ecosystem(ecosystem.to_string()), origin)?;
    Ok(s)
}

fn is_zip(path: &Path) -> Result<bool, ImportError> {
    let mut magic = [0u8; 4];
    let mut f = File::open(path).map_err(|e| input(path, format!("cannot read: {e}")))?;
    let n = f
        .read(&mut magic)
        .map_err(|e| input(path, format!("cannot read: {e}")))?;
    Ok(n == 4 && (magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06"))
}

/// Every `*.json` below `dir`, in name order; symlinked directories are not
/// followed (no cycles).
fn read_dir(dir: &Path, w: &mut Writer, s: &mut Summary) -> Result<(), ImportError> {
    let mut entries = std::fs::read_dir(dir)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| input(dir, format!("cannot read the directory: {e}")))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let path = e.path();
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            read_dir(&path, w, s)?;
        } else if is_json_name(&e.file_name().to_string_lossy()) && path.is_file() {
            read_json_file(&path, w, s)?;
        }
    }
    Ok(())
}

fn is_json_name(name: &str) -> bool {
    name.len() > 5 && name[name.len() - 5..].eq_ignore_ascii_case(".json")
}

/// One JSON file, streamed: any error names it.
fn read_json_file(path: &Path, w: &mut Writer, s: &mut Summary) -> Result<(), ImportError> {
    let file = File::open(path).map_err(|e| input(path, format!("cannot read: {e}")))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    skip_bom(&mut reader).map_err(|e| input(path, format!("cannot read: {e}")))?;
    let de = serde_json::Deserializer::from_reader(reader);
    let mut sink = |index: Option<usize>, v: Value| -> Result<(), ImportError> {
        let (osv, json) = record(v).map_err(|e| input(path, at(index, e)))?;
        if w.add(&osv, &json)? {
            s.records += 1;
        } else {
            s.without_package += 1;
        }
        Ok(())
    };
    each_record(de, &mut sink).map_err(|e| match e {
        Failure::Sink(e) => e,
        Failure::Json(e) => input(path, describe(&e)),
    })
}

/// Every `*.json` entry of a zip; a bad entry is skipped and counted.
fn read_zip(path: &Path, w: &mut Writer, s: &mut Summary) -> Result<(), ImportError> {
    let file = File::open(path).map_err(|e| input(path, format!("cannot read: {e}")))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| input(path, format!("not a readable zip archive: {e}")))?;
    let mut buf = Vec::new();
    let mut records = Vec::new();
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(entry) => entry,
            Err(e) => {
                s.skip(&format!("entry {i}"), e);
                continue;
            }
        };
        let name = match entry.name() {
            Ok(name) => name.into_owned(),
            Err(e) => {
                s.skip(&format!("entry {i}"), e);
                continue;
            }
        };
        if entry.is_dir() || !is_json_name(&name) {
            continue;
        }
        buf.clear();
        if let Err(e) = (&mut entry).take(MAX_ENTRY_BYTES + 1).read_to_end(&mut buf) {
            s.skip(&name, e);
            continue;
        }
        drop(entry);
        if buf.len() as u64 > MAX_ENTRY_BYTES {
            s.skip(&name, format!("larger than {} MiB", MAX_ENTRY_BYTES >> 20));
            continue;
        }
        // Parse the whole entry before storing any of it: skipping is per entry.
        records.clear();
        let bytes = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf);
        let de = serde_json::Deserializer::from_slice(bytes);
        let mut sink = |index: Option<usize>, v: Value| -> Result<(), ImportError> {
            let r = record(v).map_err(|e| input(Path::new(&name), at(index, e)))?;
            records.push(r);
            Ok(())
        };
        match each_record(de, &mut sink) {
            Ok(()) => {}
            Err(Failure::Json(e)) => {
                s.skip(&name, describe(&e));
                continue;
            }
            Err(Failure::Sink(ImportError::Input { reason, .. })) => {
                s.skip(&name, reason);
                continue;
            }
            Err(Failure::Sink(e)) => return Err(e),
        }
        for (osv, json) in records.drain(..) {
            if w.add(&osv, &json)? {
                s.records += 1;
            } else {
                s.without_package += 1;
            }
        }
    }
    Ok(())
}

fn skip_bom(r: &mut impl BufRead) -> std::io::Result<()> {
    if r.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        r.consume(3);
    }
    Ok(())
}

/// A parsed record and its compact JSON (every field kept, unknown ones too).
fn record(v: Value) -> Result<(Osv, String), String> {
    let osv = Osv::from_value(&v).map_err(|e| format!("not an OSV record: {e}"))?;
    let json = serde_json::to_string(&v).map_err(|e| e.to_string())?;
    Ok((osv, json))
}

fn at(index: Option<usize>, reason: String) -> String {
    match index {
        Some(i) => format!("record {}: {reason}", i + 1),
        None => reason,
    }
}

fn describe(e: &serde_json::Error) -> String {
    if e.is_data() {
        format!("not an OSV record: {e}")
    } else {
        format!("not JSON: {e}")
    }
}

enum Failure {
    Json(serde_json::Error),
    Sink(ImportError),
}

type Sink<'a> = dyn FnMut(Option<usize>, Value) -> Result<(), ImportError> + 'a;

/// Hand every record of a document — one object, or an array of them, read
/// element by element — to `sink` (with its index in an array).
fn each_record<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
    sink: &mut Sink<'_>,
) -> Result<(), Failure> {
    let mut failed = None;
    let result = (&mut de).deserialize_any(Records {
        sink,
        failed: &mut failed,
    });
    if let Some(e) = failed {
        return Err(Failure::Sink(e));
    }
    result.map_err(Failure::Json)?;
    de.end().map_err(Failure::Json)
}

struct Records<'s, 'a> {
    sink: &'s mut Sink<'a>,
    failed: &'s mut Option<ImportError>,
}

impl Records<'_, '_> {
    fn deliver<E: de::Error>(&mut self, index: Option<usize>, v: Value) -> Result<(), E> {
        (self.sink)(index, v).map_err(|e| {
            *self.failed = Some(e);
            E::custom("import stopped")
        })
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an OSV record (object) or an array of records")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<(), A::Error> {
        let v = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.deliver(None, v)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(v) = seq.next_element::<Value>()? {
            self.deliver(Some(i), v)?;
            i += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vuln::store::Store;

    fn import_err(dir: &Path, path: &Path) -> String {
        import(dir, path).err().unwrap().to_string()
    }

    #[test]
    fn one_file_an_array_and_a_bom() {
        let db = tempfile::tempdir().unwrap();
        let src = tempfile::tempdir().unwrap();
        let one = src.path().join("one.json");
        std::fs::write(
            &one,
            "\u{feff}{\"id\":\"A-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"}}]}",
        )
        .unwrap();
        let s = import(db.path(), &one).unwrap();
        assert_eq!(s.records, 1);
        let many = src.path().join("many.json");
        std::fs::write(
            &many,
            r#"[{"id":"A-2","affected":[{"package":{"ecosystem":"npm","name":"a"}}]},
                {"id":"A-3","affected":[]}]"#,
        )
        .unwrap();
        let s = import(db.path(), &many).unwrap();
        assert_eq!((s.records, s.without_package), (1, 1));
        let store = Store::open(db.path()).unwrap().unwrap();
        let ids: Vec<_> = store
            .records("npm", "a")
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, ["A-1", "A-2"], "a single file merges");
    }

    #[test]
    fn errors_name_the_file_and_the_record() {
        let db = tempfile::tempdir().unwrap();
        let src = tempfile::tempdir().unwrap();
        let p = src.path().join("x.json");
        std::fs::write(&p, "{not json").unwrap();
        let e = import_err(db.path(), &p);
        assert!(
            e.starts_with(&p.display().to_string()) && e.contains("not JSON"),
            "{e}"
        );
        std::fs::write(&p, r#"[{"id":"A"},{"summary":"no id"}]"#).unwrap();
        let e = import_err(db.path(), &p);
        assert!(e.contains("record 2: not an OSV record"), "{e}");
        std::fs::write(&p, "42").unwrap();
        assert!(import_err(db.path(), &p).contains("not an OSV record"));
        std::fs::write(&p, "[]").unwrap();
        assert!(import_err(db.path(), &p).contains("no OSV record"));
        std::fs::write(&p, "{\"id\":\"A\"} trailing").unwrap();
        assert!(import_err(db.path(), &p).contains("not JSON"));
        std::fs::write(&p, "[".repeat(100_000)).unwrap();
        assert!(import_err(db.path(), &p).contains("not JSON"));
        assert!(Store::open(db.path()).unwrap().is_none(), "nothing written");
    }
}
