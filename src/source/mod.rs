//! Sources yield [`Change`]s: a path with its new content and, when only what
//! was added matters, its old content.

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
    /// The previous content; `None` means everything in `new` is added.
    pub old: Option<Blob>,
    pub new: Blob,
    /// Size of `new` when the source knows it without reading.
    pub size: Option<u64>,
}

/// Why a path was not scanned. Every skip is counted in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
