//! CycloneDX JSON (1.6, or 1.5 for consumers that have not moved on).
//!
//! Components carry their purl as `bom-ref`, so the dependency list can name
//! them: the root (`metadata.component`) depends on the project's direct
//! dependencies, and each component whose lockfile records a graph lists what
//! it depends on (an empty `dependsOn` then means none). Components of
//! lockfiles without a graph have no entry of their own: unknown, not none.

use super::{Bom, Component, Meta, content_uuid};
use serde_json::{Value, json};

/// The CycloneDX specification version written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SpecVersion {
    V1_5,
    #[default]
    V1_6,
}

impl SpecVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            SpecVersion::V1_5 => "1.5",
            SpecVersion::V1_6 => "1.6",
        }
    }
}

/// The root's `bom-ref`: not a purl, so it cannot clash with a component's.
fn root_ref(meta: &Meta) -> String {
    format!("root:{}", meta.name)
}

/// The BOM of `bom`.
pub fn document(bom: &Bom, meta: &Meta, spec: SpecVersion) -> Value {
    let components = &bom.components;
    let root = root_ref(meta);
    let mut dependencies = vec![json!({
        "ref": root,
        "dependsOn": bom.root,
    })];
    dependencies.extend(
        bom.edges
            .iter()
            .map(|(purl, to)| json!({"ref": purl, "dependsOn": to})),
    );
    let mut project = json!({
        "type": "application",
        "bom-ref": root,
        "name": meta.name,
    });
    if let Some(v) = &meta.version {
        project["version"] = json!(v);
    }
    if let Some(p) = &meta.purl {
        project["purl"] = json!(p);
    }
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": spec.as_str(),
        "serialNumber": format!("urn:uuid:{}", content_uuid(components, meta)),
        "version": 1,
        "metadata": {
            "timestamp": meta.timestamp,
            "tools": {
                "components": [{
                    "type": "application",
                    "name": "ward",
                    "version": meta.tool_version,
                }],
            },
            "component": project,
        },
        "components": components.iter().map(component).collect::<Vec<_>>(),
        "dependencies": dependencies,
    })
}

fn component(c: &Component) -> Value {
    let (group, name) = c.group_and_name();
    let mut v = json!({
        "type": "library",
        "bom-ref": c.purl,
    });
    if let Some(group) = group {
        v["group"] = json!(group);
    }
    v["name"] = json!(name);
    if let Some(version) = &c.version {
        v["version"] = json!(version);
    }
    v["scope"] = json!(if c.dev { "optional" } else { "required" });
    if !c.hashes.is_empty() {
        v["hashes"] = c
            .hashes
            .iter()
            .map(|h| json!({"alg": h.alg.cyclonedx(), "content": h.hex}))
            .collect();
    }
    v["purl"] = json!(c.purl);
    if let Some(url) = c.remote_location() {
        let ty = match c.source {
            crate::deps::Source::Git => "vcs",
            _ => "distribution",
        };
        v["externalReferences"] = json!([{"type": ty, "url": url}]);
    }
    v
}
