//! SPDX 2.3 JSON. Licences are not in lockfiles, so every licence field is
//! `NOASSERTION`; the purl goes into a `PACKAGE-MANAGER` external reference.

use super::{Bom, Component, Meta, content_uuid};
use crate::deps::Source;
use serde_json::{Value, json};
use std::collections::HashMap;

const ROOT_ID: &str = "SPDXRef-RootPackage";

/// `[A-Za-z0-9.-]` only, as an SPDX identifier allows.
fn sanitise(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The document of `bom`: the root package DEPENDS_ON the project's direct
/// dependencies (a development-only one is its DEV_DEPENDENCY_OF instead),
/// and each package DEPENDS_ON what its lockfile says it depends on.
pub fn document(bom: &Bom, meta: &Meta) -> Value {
    let components = &bom.components;
    let uuid = content_uuid(components, meta);
    let ids: Vec<String> = components
        .iter()
        .enumerate()
        .map(|(i, c)| format!("SPDXRef-Package-{}-{}", sanitise(&c.name), i + 1))
        .collect();
    let mut root = json!({
        "SPDXID": ROOT_ID,
        "name": meta.name,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": false,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": "APPLICATION",
    });
    if let Some(v) = &meta.version {
        root["versionInfo"] = json!(v);
    }
    if let Some(p) = &meta.purl {
        root["externalRefs"] = json!([{
            "referenceCategory": "PACKAGE-MANAGER",
            "referenceType": "purl",
            "referenceLocator": p,
        }]);
    }
    let mut packages = vec![root];
    packages.extend(components.iter().zip(&ids).map(|(c, id)| package(c, id)));
    let mut relationships = vec![json!({
        "spdxElementId": "SPDXRef-DOCUMENT",
        "relationshipType": "DESCRIBES",
        "relatedSpdxElement": ROOT_ID,
    })];
    relationships.extend(
        components
            .iter()
            .zip(&ids)
            .filter(|(c, _)| bom.root.contains(&c.purl))
            .map(|(c, id)| {
                if c.dev {
                    json!({"spdxElementId": id, "relationshipType": "DEV_DEPENDENCY_OF", "relatedSpdxElement": ROOT_ID})
                } else {
                    json!({"spdxElementId": ROOT_ID, "relationshipType": "DEPENDS_ON", "relatedSpdxElement": id})
                }
            }),
    );
    let id_of: HashMap<&str, &str> = components
        .iter()
        .zip(&ids)
        .map(|(c, id)| (c.purl.as_str(), id.as_str()))
        .collect();
    for (c, id) in components.iter().zip(&ids) {
        for to in bom.edges.get(&c.purl).into_iter().flatten() {
            if let Some(to) = id_of.get(to.as_str()) {
                relationships.push(json!({"spdxElementId": id, "relationshipType": "DEPENDS_ON", "relatedSpdxElement": to}));
            }
        }
    }
    json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": meta.name,
        "documentNamespace": format!("https://spdx.org/spdxdocs/{}-{uuid}", sanitise(&meta.name)),
        "creationInfo": {
            "created": meta.timestamp,
            "creators": [format!("Tool: ward-{}", meta.tool_version)],
        },
        "documentDescribes": [ROOT_ID],
        "packages": packages,
        "relationships": relationships,
    })
}

fn package(c: &Component, id: &str) -> Value {
    let mut v = json!({
        "SPDXID": id,
        "name": c.name,
    });
    if let Some(version) = &c.version {
        v["versionInfo"] = json!(version);
    }
    let location = match (c.remote_location(), c.source) {
        (Some(url), Source::Git) => vcs_location(&url),
        (Some(url), _) => url,
        (None, _) => "NOASSERTION".to_string(),
    };
    v["downloadLocation"] = json!(location);
    v["filesAnalyzed"] = json!(false);
    if !c.hashes.is_empty() {
        v["checksums"] = c
            .hashes
            .iter()
            .map(|h| json!({"algorithm": h.alg.spdx(), "checksumValue": h.hex}))
            .collect();
    }
    v["licenseConcluded"] = json!("NOASSERTION");
    v["licenseDeclared"] = json!("NOASSERTION");
    v["copyrightText"] = json!("NOASSERTION");
    v["externalRefs"] = json!([{
        "referenceCategory": "PACKAGE-MANAGER",
        "referenceType": "purl",
        "referenceLocator": c.purl,
    }]);
    v["primaryPackagePurpose"] = json!("LIBRARY");
    v
}

/// SPDX's VCS form, `git+https://host/repo@rev`: lockfiles put the revision
/// in the fragment (`#rev`, yarn berry `#commit=rev`), where SPDX reads a
/// sub-path, and branch or tag queries that SPDX has no place for.
fn vcs_location(url: &str) -> String {
    let (base, rev) = match url.split_once('#') {
        Some((b, r)) => (b, Some(r.strip_prefix("commit=").unwrap_or(r))),
        None => (url, None),
    };
    let base = base.split('?').next().unwrap_or(base);
    let mut out = if base.starts_with("git+") {
        base.to_string()
    } else {
        format!("git+{base}")
    };
    if let Some(rev) = rev.filter(|r| !r.is_empty()) {
        out.push('@');
        out.push_str(rev);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_spdx_safe() {
        assert_eq!(sanitise("@types/node_x"), "-types-node-x");
    }

    #[test]
    fn git_locations_in_spdx_form() {
        assert_eq!(
            vcs_location("https://github.com/o/r?branch=b#abc"),
            "git+https://github.com/o/r@abc"
        );
        assert_eq!(
            vcs_location("ssh://git@h/o/r.git#commit=abc"),
            "git+ssh://git@h/o/r.git@abc"
        );
        assert_eq!(vcs_location("git+https://h/o/r"), "git+https://h/o/r");
    }
}
