//! Dependency edges, for the lockfile formats that record them: which package
//! depends on which, and what the project itself depends on directly.
//!
//! Kept apart from the package parsers on purpose: the hook and
//! `ward deps list` parse lockfiles on every commit and never need edges, so
//! only `ward sbom` pays for reading them (a second, edge-only parse).
//!
//! A [`Node`] names a package as the edge does: always by name, by version
//! too where the lockfile pins it (Cargo.lock, package-lock.json, uv.lock,
//! yarn.lock, bun.lock); the SBOM writer resolves it among the packages of
//! the same file.

/// A package as an edge names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    /// As the package parser reports it (PyPI: PEP 503-normalised).
    pub name: String,
    /// The exact version, when the edge pins one; `None` means "the one of that name".
    pub version: Option<String>,
}

impl Node {
    pub fn new(name: impl Into<String>, version: Option<String>) -> Node {
        Node {
            name: name.into(),
            version,
        }
    }
}

/// The edges of one lockfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    /// The project's direct dependencies, when the lockfile says; `None`:
    /// the packages nothing else depends on.
    pub roots: Option<Vec<Node>>,
    /// Each package with its direct dependencies (every package of the file
    /// that the format lists, even with none).
    pub edges: Vec<(Node, Vec<Node>)>,
}

/// The graph of `path` (by its file name) from its text: `Ok(None)` for a
/// format (or format version) that records no edges.
pub fn parse(path: &str, text: &str) -> Result<Option<Graph>, String> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name {
        "Cargo.lock" => super::cargo::graph(text).map(Some),
        "package-lock.json" | "npm-shrinkwrap.json" => super::npm::package_lock::graph(text),
        "pnpm-lock.yaml" => super::npm::pnpm::graph(text),
        "uv.lock" => super::pypi::uv::graph(text).map(Some),
        "poetry.lock" => super::pypi::poetry::graph(text).map(Some),
        "Gemfile.lock" | "gems.locked" => Ok(Some(super::rubygems::graph(text))),
        "yarn.lock" => super::npm::yarn::graph(text).map(Some),
        "bun.lock" => super::npm::bun::graph(text).map(Some),
        "composer.lock" => super::composer::graph(text).map(Some),
        "pdm.lock" => super::pypi::pdm::graph(text).map(Some),
        _ => Ok(None),
    }
}
