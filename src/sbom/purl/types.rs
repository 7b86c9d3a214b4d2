//! Per-type rules from the purl spec's type definitions: which components a
//! type requires or prohibits, and which it case-folds. Both parsing and
//! building end here, so the two always agree on the canonical form.

use super::{Purl, PurlError};

/// Validates and normalises `p` in place according to its type.
pub(super) fn apply(p: &mut Purl) -> Result<(), PurlError> {
    let fail = |reason: &str| {
        Err(PurlError::TypeRule {
            ty: p.ty.clone(),
            reason: reason.to_string(),
        })
    };
    match p.ty.as_str() {
        "alpm" | "apk" | "bitbucket" | "brew" | "composer" | "deb" | "git" | "github"
        | "gitlab" | "hex" | "qpkg" | "rpm" => {
            lower_namespace(p);
            if p.ty != "qpkg" && p.ty != "rpm" {
                p.name = p.name.to_lowercase();
            }
        }
        "bitnami" | "oci" | "pub" => p.name = p.name.to_lowercase(),
        "pypi" => p.name = p.name.to_lowercase().replace('_', "-"),
        "huggingface" => p.version = p.version.take().map(|v| v.to_lowercase()),
        // Databricks model names are case-insensitive; Azure ML ones are not.
        "mlflow"
            if p.qualifiers
                .get("repository_url")
                .is_some_and(|u| u.contains("databricks")) =>
        {
            p.name = p.name.to_lowercase();
        }
        "maven" | "swift" | "vscode-extension" if p.namespace.is_none() => {
            return fail("a namespace is required");
        }
        "otp" | "vcpkg" if p.namespace.is_some() => return fail("a namespace is not allowed"),
        "cpan" if p.name.contains("::") => {
            return fail("the name is a distribution name (`URI-PackageURL`), not a module name");
        }
        "julia" if !p.qualifiers.contains_key("uuid") => {
            return fail("the `uuid` qualifier is required");
        }
        "cran" | "hackage" | "swift" if p.version.is_none() => {
            return fail("a version is required");
        }
        "swid" if !p.qualifiers.contains_key("tag_id") => {
            return fail("the `tag_id` qualifier is required");
        }
        "chrome-extension" => {
            let name_ok = p.name.len() == 32 && p.name.bytes().all(|b| (b'a'..=b'p').contains(&b));
            if !name_ok {
                return fail("the name is a 32-letter extension id (`a`–`p`)");
            }
            let version_ok = p.version.as_deref().is_none_or(|v| {
                let parts: Vec<&str> = v.split('.').collect();
                parts.len() <= 4
                    && parts
                        .iter()
                        .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            });
            if !version_ok {
                return fail("the version is one to four dot-separated integers");
            }
        }
        _ => {}
    }
    Ok(())
}

/// `git` names are repository paths (`forgejo/forgejo` under host
/// `codeberg.org`): their `/` separate segments instead of being encoded.
pub(super) fn name_has_slashes(ty: &str) -> bool {
    ty.eq_ignore_ascii_case("git")
}

fn lower_namespace(p: &mut Purl) {
    p.namespace = p.namespace.take().map(|ns| ns.to_lowercase());
}
