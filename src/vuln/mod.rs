//! Vulnerable versions: what ward needs to match locked packages against OSV advisories.
//!
//! * [`version`] orders version strings per ecosystem, so OSV range events can be compared.
//! * [`cvss`] turns an advisory's CVSS vector into a score and a severity level.

pub mod cvss;
pub mod version;
