//! Known vulnerabilities: OSV advisories, stored locally so a hook can look
//! up the packages it checks in milliseconds, without the network.
//!
//! * [`osv`] is the OSV record model (schema 1.x, read leniently).
//! * [`store`] is the SQLite database (`osv.sqlite`) and its lookups.
//! * [`import`] reads an OSV export (zip, directory or JSON file) into it.
//! * [`update`] downloads each ecosystem's export and imports it.

pub mod import;
pub mod osv;
pub mod store;
pub mod update;
