//! The offline name index: every package name a registry has, imported with
//! `ward db import --names FILE --ecosystem E`. A new package whose name is
//! not in the index is unknown to the registry — likely made up by a model.
//!
//! One sorted file of normalised names per ecosystem; a lookup is a binary
//! search with a few seeks, so even npm's millions of names cost the hook
//! nothing to load.

use super::Ecosystem;
use super::typosquat::normalise;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Where ward keeps its databases: `$WARD_DB_DIR`, else the platform cache
/// directory (`$XDG_CACHE_HOME/ward`, `~/.cache/ward`).
pub fn db_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("WARD_DB_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("ward");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    if cfg!(target_os = "macos") {
        home.join("Library/Caches/ward")
    } else {
        home.join(".cache/ward")
    }
}

fn index_path(dir: &Path, eco: Ecosystem) -> PathBuf {
    dir.join("names").join(format!("{}.txt", eco.as_str()))
}

/// Import one name a line (blank lines and `#` comments skipped); returns how
/// many distinct names the index holds. The old index stays until the new one
/// is complete.
pub fn import(dir: &Path, eco: Ecosystem, text: &str) -> io::Result<usize> {
    let mut names: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| normalise(eco, l))
        .collect();
    names.sort_unstable();
    names.dedup();
    let path = index_path(dir, eco);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("txt.tmp");
    {
        let mut f = io::BufWriter::new(File::create(&tmp)?);
        for n in &names {
            f.write_all(n.as_bytes())?;
            f.write_all(b"\n")?;
        }
        f.flush()?;
    }
    std::fs::rename(&tmp, &path)?;
    Ok(names.len())
}

/// An imported index, opened for lookups.
pub struct NameIndex {
    file: File,
    len: u64,
    eco: Ecosystem,
}

impl NameIndex {
    /// `None` when no index was imported for this ecosystem.
    pub fn open(dir: &Path, eco: Ecosystem) -> Option<NameIndex> {
        let file = File::open(index_path(dir, eco)).ok()?;
        let len = file.metadata().ok()?.len();
        Some(NameIndex { file, len, eco })
    }

    pub fn contains(&mut self, name: &str) -> io::Result<bool> {
        let want = normalise(self.eco, name);
        let (mut lo, mut hi) = (0u64, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.line_from(mid)? {
                Some((start, end, line)) if start < hi => match line.as_str().cmp(&want) {
                    std::cmp::Ordering::Equal => return Ok(true),
                    std::cmp::Ordering::Less => lo = end,
                    std::cmp::Ordering::Greater => hi = mid,
                },
                _ => hi = mid,
            }
        }
        Ok(false)
    }

    /// The first whole line starting at or after `pos`: (start, end after its newline, text).
    fn line_from(&mut self, pos: u64) -> io::Result<Option<(u64, u64, String)>> {
        let from = pos.saturating_sub(1);
        self.file.seek(SeekFrom::Start(from))?;
        let mut buf = Vec::with_capacity(1024);
        let mut chunk = [0u8; 1024];
        // Enough bytes for the partial line before `pos` and one whole line.
        loop {
            let n = self.file.read(&mut chunk)?;
            buf.extend_from_slice(&chunk[..n]);
            let newlines = buf.iter().filter(|&&b| b == b'\n').count();
            if n == 0 || newlines >= 2 || buf.len() > 1 << 16 {
                break;
            }
        }
        let start_in_buf = if pos == 0 {
            0
        } else {
            match buf.iter().position(|&b| b == b'\n') {
                Some(i) => i + 1,
                None => return Ok(None),
            }
        };
        let rest = &buf[start_in_buf..];
        if rest.is_empty() {
            return Ok(None);
        }
        let line_len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let start = from + start_in_buf as u64;
        let text = String::from_utf8_lossy(&rest[..line_len]).into_owned();
        Ok(Some((start, start + line_len as u64 + 1, text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_and_look_up() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = (0..5000).map(|i| format!("pkg-{i:05}")).collect();
        let text = names.join("\n") + "\n# comment\n\nRequests\n";
        assert_eq!(import(dir.path(), Ecosystem::PyPI, &text).unwrap(), 5001);
        let mut idx = NameIndex::open(dir.path(), Ecosystem::PyPI).unwrap();
        for n in [
            "pkg-00000",
            "pkg-02500",
            "pkg-04999",
            "requests",
            "REQUESTS",
        ] {
            assert!(idx.contains(n).unwrap(), "{n}");
        }
        for n in ["pkg-5000", "aaa", "zzz", "pkg-0250", "reqeusts"] {
            assert!(!idx.contains(n).unwrap(), "{n}");
        }
        assert!(NameIndex::open(dir.path(), Ecosystem::Npm).is_none());
    }
}
