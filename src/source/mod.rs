//! Sources yield [`Change`]s: a path with its new content and, when only what
//! was added matters, its old content.

pub mod history;
pub mod staged;
pub mod tree;

use serde::Serialize;
use std::path::PathBuf;

/// Where a blob's bytes live; read lazily, on the thread that scans it.
#[derive(Debug, Clone)]
pub enum Blob {
    Git(gix::ObjectId),
    File(PathBuf),
    Bytes(Vec<u8>),
}

/// One path to scan.
#[derive(Debug, Clone)]
pub struct Change {
    /// Repository-relative path with `/` separators (or the tree/stdin name).
    pub path: String,
    /// The previous content: empty means everything in `new` is added; with
    /// several (a merge's parents) only lines none of them had count as added.
    pub old: Vec<Blob>,
    pub new: Blob,
    /// Size of `new` when the source knows it without reading.
    pub size: Option<u64>,
    /// The commit that made this change (history scans).
    pub commit: Option<std::sync::Arc<crate::detect::Commit>>,
    /// Where the files beside a lockfile live on each side, so that what it
    /// includes (`-r base.txt`, `go.sum`) is read from the same version.
    pub sides: Option<std::sync::Arc<Sides>>,
    /// The path is gone on the new side (`new` is then empty): only a
    /// lockfile's package diff (everything removed) comes of it.
    pub deleted: bool,
}

/// One version of a whole tree of files.
#[derive(Debug, Clone)]
pub enum Side {
    Tree(gix::ObjectId),
    Index(std::sync::Arc<gix::index::File>),
}

/// The old versions (none, one, or a merge's parents) and the new one.
#[derive(Debug, Clone)]
pub struct Sides {
    pub old: Vec<Side>,
    pub new: Side,
}

impl Change {
    /// A path whose whole content is new.
    pub fn added(path: String, new: Blob, size: Option<u64>) -> Change {
        Change {
            path,
            old: Vec::new(),
            new,
            size,
            commit: None,
            sides: None,
            deleted: false,
        }
    }
}

/// Why a path was not scanned. Every skip is counted in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    Binary,
    TooLarge,
    Submodule,
    Symlink,
    IntentToAdd,
    Conflict,
    Unreadable,
    Excluded,
    Missing,
    Unparsable,
    Unchecked,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::Submodule => "submodule",
            SkipReason::Symlink => "symlink",
            SkipReason::IntentToAdd => "intent-to-add",
            SkipReason::Conflict => "unmerged",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Excluded => "excluded",
            SkipReason::Missing => "missing",
            SkipReason::Unparsable => "unparsable",
            SkipReason::Unchecked => "unchecked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What a source collected: the changes to scan and the paths it skipped.
#[derive(Debug, Default)]
pub struct Collected {
    pub changes: Vec<Change>,
    pub skipped: Vec<Skipped>,
}
