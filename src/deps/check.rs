//! Checks on what a lockfile or manifest change brings in: each added or
//! changed package against the policy in ward.toml, the popular-name lists
//! (typosquats), its source and its integrity hash.

use super::diff::{ChangeKind, PackageDiff};
use super::{Ecosystem, Package, Source, typosquat};
use crate::detect::Severity;
use globset::{Glob, GlobMatcher};

/// `[deps]` in ward.toml.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub deny: Vec<PackagePattern>,
    pub allow: Vec<PackagePattern>,
    /// Git sources on these hosts (or `host/owner` prefixes) are fine.
    pub allowed_git_hosts: Vec<String>,
    /// URL sources starting with these are fine.
    pub allowed_url_prefixes: Vec<String>,
    /// Report every added registry package without an integrity hash.
    pub require_integrity: bool,
    pub max_new_packages_per_commit: Option<usize>,
    /// Ask the registries about new packages (`--online`, `[deps] online`).
    pub online: bool,
    pub registries: super::registry::Registries,
}

/// `ecosystem:name-glob`, or `name-glob` for any ecosystem.
#[derive(Debug, Clone)]
pub struct PackagePattern {
    pub ecosystem: Option<Ecosystem>,
    pub name: GlobMatcher,
    pub text: String,
}

impl PackagePattern {
    pub fn parse(text: &str) -> Result<PackagePattern, String> {
        let (eco, name) = match text.split_once(':') {
            Some((e, n)) => (Some(ecosystem_named(e)?), n),
            None => (None, text),
        };
        let glob = Glob::new(name)
            .map_err(|e| format!("`{text}`: {e}"))?
            .compile_matcher();
        Ok(PackagePattern {
            ecosystem: eco,
            name: glob,
            text: text.to_string(),
        })
    }

    pub fn matches(&self, p: &Package) -> bool {
        self.ecosystem.is_none_or(|e| e == p.ecosystem) && self.name.is_match(&p.name)
    }
}

fn ecosystem_named(s: &str) -> Result<Ecosystem, String> {
    let all = [
        Ecosystem::CratesIo,
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::Go,
        Ecosystem::RubyGems,
        Ecosystem::Packagist,
        Ecosystem::Maven,
    ];
    all.into_iter()
        .find(|e| e.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            format!(
                "unknown ecosystem `{s}` (crates.io, npm, PyPI, Go, RubyGems, Packagist, Maven)"
            )
        })
}

/// A dependency rule: id, default severity and the words a report shows.
#[derive(Debug, Clone, Copy)]
pub struct DepRule {
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
}

pub const DENIED: DepRule = DepRule {
    id: "dep-denied",
    severity: Severity::High,
    title: "Package on the deny list",
    why: "ward.toml's [deps] deny list names this package: the team decided it must not be used.",
    fix: "Remove it, or use the alternative the team agreed on.",
};
pub const TYPOSQUAT: DepRule = DepRule {
    id: "dep-typosquat",
    severity: Severity::High,
    title: "Possible typosquat of a popular package",
    why: "The name is one slip away from a popular package. Attackers register such names \
          (`reqeusts`, `loadsh`, `crossenv`) so that a typo or a model's guess installs their code.",
    fix: "Use the popular package's exact name, or allow this one in ward.toml [deps] allow \
          if it is really the package you mean.",
};
pub const NON_REGISTRY: DepRule = DepRule {
    id: "dep-non-registry-source",
    severity: Severity::Medium,
    title: "Package from a git repository or URL instead of the registry",
    why: "A git or URL source bypasses the registry: no immutable versions, no advisories, no \
          malware takedowns, and whoever controls the repository controls your build.",
    fix: "Depend on a registry release, or add the host to ward.toml [deps] allowed-git-hosts / \
          allowed-url-prefixes if it is yours.",
};
pub const INTEGRITY_REMOVED: DepRule = DepRule {
    id: "dep-integrity-removed",
    severity: Severity::Medium,
    title: "Integrity hash removed from a locked package",
    why: "The lockfile no longer pins the package's content hash, so a different artifact \
          under the same version would be installed without complaint.",
    fix: "Regenerate the lockfile with the package manager (it records the hash again) instead \
          of editing it by hand.",
};
pub const INTEGRITY_MISSING: DepRule = DepRule {
    id: "dep-integrity-missing",
    severity: Severity::Medium,
    title: "Locked package without an integrity hash",
    why: "ward.toml requires integrity hashes ([deps] require-integrity) and this package has none.",
    fix: "Lock with hashes (pip-compile --generate-hashes, npm/yarn/pnpm lockfiles, go.sum).",
};
pub const TOO_MANY: DepRule = DepRule {
    id: "dep-many-new-packages",
    severity: Severity::Medium,
    title: "Unusually many new packages in one commit",
    why: "Hundreds of new transitive packages in one commit are rarely reviewed; each one is code \
          that runs at install or build time.",
    fix: "Check what pulled them in (`ward deps diff`), split the change, or raise \
          [deps] max-new-packages-per-commit.",
};
pub const MAJOR: DepRule = DepRule {
    id: "dep-major-bump",
    severity: Severity::Low,
    title: "New major version",
    why: "A major version may change behaviour or APIs; an assistant may bump it without anyone deciding to.",
    fix: "Read the changelog and confirm the upgrade is intended.",
};
pub const DOWNGRADE: DepRule = DepRule {
    id: "dep-downgrade",
    severity: Severity::Low,
    title: "Package downgraded",
    why: "A lower version can bring back fixed bugs and vulnerabilities; pins copied from old \
          examples or a model's training data often do this.",
    fix: "Keep the newer version unless the downgrade is deliberate.",
};

pub const UNKNOWN: DepRule = DepRule {
    id: "dep-unknown",
    severity: Severity::High,
    title: "Package the registry does not know (likely hallucinated)",
    why: "No package of this name exists on the registry (or in the imported name index). \
          Models invent plausible package names; anyone can register such a name later and \
          their code would then be installed here.",
    fix: "Find the real package that does what you need and use its exact name; if this is a \
          private package, allow it in ward.toml [deps] allow.",
};
pub const NEW_PACKAGE: DepRule = DepRule {
    id: "dep-new-package",
    severity: Severity::Medium,
    title: "Very new or barely published package",
    why: "The package was first published in the last 30 days or has very few versions: \
          malicious packages are typically this young, and nobody has reviewed it yet.",
    fix: "Check who publishes it and what it runs at install time before depending on it.",
};

pub const VULNERABLE: DepRule = DepRule {
    id: "vulnerable-version",
    severity: Severity::High,
    title: "Package version with a known vulnerability",
    why: "An advisory (OSV: GHSA, CVE, RustSec, PyPA, Go vulndb…) says this exact version is \
          vulnerable. Pins suggested from a model's training data often predate the fix. The \
          finding's severity is the advisory's (its CVSS score, or its database's label), high \
          when it gives none.",
    fix: "Upgrade to the version the finding names: the smallest release that clears every \
          advisory listed. Keep the database current with `ward db update`.",
};
pub const MALICIOUS: DepRule = DepRule {
    id: "malicious-package",
    severity: Severity::Critical,
    title: "Known malicious package",
    why: "OSV's malicious-packages data (`MAL-` ids) lists this package: it was published to \
          steal credentials, mine coins or plant a backdoor, usually under a name one slip away \
          from a popular one. Installing it is enough for its install scripts to run.",
    fix: "Remove it, check whether it was installed anywhere (CI, laptops), and rotate the \
          credentials those machines hold.",
};

pub const RULES: [DepRule; 12] = [
    DENIED,
    TYPOSQUAT,
    UNKNOWN,
    NEW_PACKAGE,
    NON_REGISTRY,
    INTEGRITY_REMOVED,
    INTEGRITY_MISSING,
    TOO_MANY,
    MAJOR,
    DOWNGRADE,
    VULNERABLE,
    MALICIOUS,
];

/// A dependency rule's page, as `ward rules show` prints it.
pub fn page(r: &DepRule) -> String {
    let advisory = r.id == VULNERABLE.id || r.id == MALICIOUS.id;
    let allow = if advisory {
        "Accept one advisory (by id or alias), with a reason and optionally an end date:\n\n\
         ```toml\n[[advisories.ignore]]\nid = \"GHSA-xxxx-xxxx-xxxx\"\nreason = \"not reachable: we never parse untrusted input\"\n\
         until = \"2027-01-31\"\n```\n"
            .to_string()
    } else {
        format!(
            "List the package in ward.toml `[deps] allow` (`\"npm:name\"`), or:\n\n```toml\n\
             [[allow]]\nrule = \"{}\"\npath = \"path/to/lockfile\"\nreason = \"why this is fine\"\n```\n",
            r.id
        )
    };
    format!(
        "# {}: {}\n\n- kind: {}\n- severity: {}\n\n## Why it matters\n\n{}\n\n\
         ## How to fix\n\n{}\n\n## How to allow\n\n{allow}",
        r.id,
        r.title,
        if advisory {
            "vulnerability"
        } else {
            "dependency"
        },
        r.severity,
        r.why,
        r.fix
    )
}

/// One problem with one package.
#[derive(Debug, Clone)]
pub struct Problem {
    pub rule: DepRule,
    pub package: Package,
    /// What is specific to this package ("did you mean `requests`?").
    pub detail: String,
}

/// Check the packages a diff adds or changes.
pub fn check(diff: &PackageDiff, policy: &Policy) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut problem = |rule: DepRule, p: &Package, detail: String| {
        out.push(Problem {
            rule,
            package: p.clone(),
            detail,
        })
    };
    let arrivals = diff
        .added
        .iter()
        .map(|p| (p, None))
        .chain(diff.changed.iter().map(|c| (&c.new, Some(c))));
    for (p, change) in arrivals {
        if let Some(d) = policy.deny.iter().find(|d| d.matches(p)) {
            problem(DENIED, p, format!("matches deny entry `{}`", d.text));
            continue;
        }
        if policy.allow.iter().any(|a| a.matches(p)) {
            continue;
        }
        let kinds = change.map(|c| c.kinds.as_slice()).unwrap_or(&[]);
        let new_name = change.is_none();
        if new_name
            && p.source == Source::Registry
            && p.location.is_none()
            && let Some(r) = typosquat::check(p.ecosystem, &p.name)
        {
            problem(
                TYPOSQUAT,
                p,
                format!(
                    "`{}` resembles `{}` (#{} on {}; {}): did you mean `{}`?",
                    p.name,
                    r.target,
                    r.rank,
                    p.ecosystem.as_str(),
                    r.how,
                    r.target
                ),
            );
        }
        if (new_name || kinds.contains(&ChangeKind::Source))
            && matches!(p.source, Source::Git | Source::Url)
            && !allowed_location(p, policy)
        {
            let what = if p.source == Source::Git {
                "git"
            } else {
                "URL"
            };
            let at = p.location.as_deref().unwrap_or("an unknown location");
            problem(
                NON_REGISTRY,
                p,
                format!("`{}` comes from {what} source {at}", p.name),
            );
        }
        if kinds.contains(&ChangeKind::IntegrityRemoved) {
            problem(
                INTEGRITY_REMOVED,
                p,
                format!(
                    "`{}` {} lost its hash",
                    p.name,
                    p.version.as_deref().unwrap_or("")
                ),
            );
        } else if policy.require_integrity
            && (new_name || kinds.contains(&ChangeKind::Version))
            && p.source == Source::Registry
            && p.integrity.is_none()
        {
            problem(INTEGRITY_MISSING, p, format!("`{}` has no hash", p.name));
        }
        if let Some(c) = change {
            let (from, to) = (
                c.old.version.as_deref().unwrap_or("?"),
                c.new.version.as_deref().unwrap_or("?"),
            );
            if kinds.contains(&ChangeKind::Major) {
                problem(MAJOR, p, format!("`{}` {from} → {to}", p.name));
            }
            if kinds.contains(&ChangeKind::Downgrade) {
                problem(DOWNGRADE, p, format!("`{}` {from} → {to}", p.name));
            }
        }
    }
    if let Some(max) = policy.max_new_packages_per_commit
        && diff.added.len() > max
        && let Some(first) = diff.added.first()
    {
        problem(
            TOO_MANY,
            first,
            format!("{} new packages (limit {max})", diff.added.len()),
        );
    }
    out
}

fn allowed_location(p: &Package, policy: &Policy) -> bool {
    let Some(loc) = p.location.as_deref() else {
        return false;
    };
    match p.source {
        Source::Git => {
            let host_path = git_host_path(loc);
            policy.allowed_git_hosts.iter().any(|h| {
                let h = h.trim_end_matches('/');
                host_path == h || host_path.starts_with(&format!("{h}/"))
            })
        }
        Source::Url => policy
            .allowed_url_prefixes
            .iter()
            .any(|prefix| loc.starts_with(prefix.as_str())),
        _ => false,
    }
}

/// `git+ssh://git@github.com:22/org/repo.git#abc` → `github.com/org/repo.git#abc`;
/// scp-like `git@github.com:org/repo` → `github.com/org/repo`.
fn git_host_path(url: &str) -> String {
    let url = url.trim_start_matches("git+");
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, url),
    };
    let rest = match rest.split_once('@') {
        Some((user, r)) if !user.contains('/') => r,
        _ => rest,
    };
    let rest = match (scheme, rest.split_once('/')) {
        (None, _) => rest.replacen(':', "/", 1),
        (Some(_), Some((host, path))) => {
            format!("{}/{path}", host.split(':').next().unwrap_or(host))
        }
        (Some(_), None) => rest.to_string(),
    };
    rest.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::diff::diff;

    fn pkg(e: Ecosystem, name: &str, v: &str) -> Package {
        Package::new(e, name, Some(v.into()))
    }

    fn ids(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.rule.id).collect()
    }

    #[test]
    fn typosquat_and_policy() {
        let new = [
            pkg(Ecosystem::PyPI, "reqeusts", "2.31.0"),
            pkg(Ecosystem::PyPI, "requests", "2.31.0"),
        ];
        let d = diff(&[], &new);
        let problems = check(&d, &Policy::default());
        assert_eq!(ids(&problems), ["dep-typosquat"]);
        assert!(
            problems[0].detail.contains("did you mean `requests`"),
            "{}",
            problems[0].detail
        );
        let policy = Policy {
            allow: vec![PackagePattern::parse("PyPI:reqeusts").unwrap()],
            deny: vec![PackagePattern::parse("requests").unwrap()],
            ..Policy::default()
        };
        assert_eq!(ids(&check(&d, &policy)), ["dep-denied"]);
    }

    #[test]
    fn git_sources_and_allowed_hosts() {
        let mut p = pkg(Ecosystem::Npm, "left-pad", "1.3.0");
        p.source = Source::Git;
        p.location = Some("git+ssh://git@github.com/acme/left-pad.git#abc".into());
        let d = diff(&[], &[p]);
        assert_eq!(
            ids(&check(&d, &Policy::default())),
            ["dep-non-registry-source"]
        );
        let policy = Policy {
            allowed_git_hosts: vec!["github.com/acme".into()],
            ..Policy::default()
        };
        assert!(check(&d, &policy).is_empty());
        assert_eq!(
            git_host_path("git@github.com:acme/x.git"),
            "github.com/acme/x.git"
        );
        assert_eq!(git_host_path("https://gitlab.com/a/b"), "gitlab.com/a/b");
    }

    #[test]
    fn too_many_new_packages() {
        let new: Vec<Package> = (0..5)
            .map(|i| pkg(Ecosystem::CratesIo, &format!("zz-internal-{i}"), "1.0.0"))
            .collect();
        let policy = Policy {
            max_new_packages_per_commit: Some(3),
            ..Policy::default()
        };
        assert_eq!(
            ids(&check(&diff(&[], &new), &policy)),
            ["dep-many-new-packages"]
        );
    }
}
