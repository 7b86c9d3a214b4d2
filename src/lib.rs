//! ward: stop secrets (and later risky dependencies and insecure code) before the commit lands.
//!
//! The data flows one way, and the modules are named after its stages:
//!
//! ```text
//! source ──► diff ──► detect ──► suppress ──► report ──► exit code
//! ```
//!
//! * [`source`] yields [`source::Change`]s: a path with its old and new content
//!   (staged index vs HEAD, a directory tree, standard input).
//! * [`diff`] turns a change into [`diff::Target`]s: the added lines, in hunks.
//! * [`detect`] runs detectors over targets and returns [`detect::Finding`]s.
//! * [`suppress`] drops what the user allowed (inline comments, `ward.toml`).
//! * [`report`] renders findings (human, JSON, SARIF, GitHub annotations).
//!
//! [`scan`] wires the stages together; `cli` is the only place that prints.

pub mod config;
pub mod deps;
pub mod detect;
pub mod diff;
pub mod hook;
pub mod report;
pub mod sbom;
pub mod scan;
pub mod source;
pub mod suppress;
pub mod text;
pub mod vuln;
