//! SBOM export lives here: the package identifiers (package URLs) that
//! CycloneDX and SPDX documents name components by, and later the document
//! writers themselves.

pub mod purl;
