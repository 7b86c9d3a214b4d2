//! Severity from a CVSS vector, as OSV advisories carry it (`severity[].score`).
//!
//! OSV gives vectors, not numbers, and a finding needs a level; so the score is computed here:
//! v2 and v3.x base scores per their FIRST specifications, v4.0 by the specification's
//! MacroVector method (lookup table plus severity-distance interpolation), using whatever
//! threat and environmental metrics the vector carries — v4.0 has no separate "base" formula.
//! A malformed vector (unknown metric, bad value, duplicate or missing base metric) gives
//! `None`: a made-up score would be worse than none.

mod v2;
mod v3;
mod v4;
mod v4_table;

/// The score (0.0–10.0) of a `CVSS:3.0/…`, `CVSS:3.1/…` or `CVSS:4.0/…` vector, or of a v2
/// vector such as `AV:N/AC:L/Au:N/C:P/I:P/A:P` (optionally `CVSS:2.0/`-prefixed or in
/// parentheses, as NVD prints it). `None` when the vector is malformed.
pub fn base_score(vector: &str) -> Option<f64> {
    let vector = vector.trim();
    if let Some(body) = vector
        .strip_prefix("CVSS:3.1/")
        .or_else(|| vector.strip_prefix("CVSS:3.0/"))
    {
        return v3::base_score(&metrics(body)?);
    }
    if let Some(body) = vector.strip_prefix("CVSS:4.0/") {
        return v4::score(&metrics(body)?);
    }
    let body = vector
        .strip_prefix('(')
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or(vector);
    let body = body
        .strip_prefix("CVSS:2.0/")
        .or_else(|| body.strip_prefix("CVSS:2/"))
        .unwrap_or(body);
    v2::base_score(&metrics(body)?)
}

/// Severity level of a score: 0.0 "info", below 4 "low", below 7 "medium", below 9 "high",
/// else "critical" (the FIRST rating bands, with "none" called "info" as ward's levels are).
pub fn level(score: f64) -> &'static str {
    if score.is_nan() || score <= 0.0 {
        "info"
    } else if score < 4.0 {
        "low"
    } else if score < 7.0 {
        "medium"
    } else if score < 9.0 {
        "high"
    } else {
        "critical"
    }
}

/// `K:V/K:V/…` as pairs; `None` on an empty part, a part without `:`, or a repeated key.
fn metrics(body: &str) -> Option<Metrics<'_>> {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for part in body.split('/') {
        let (key, value) = part.split_once(':')?;
        if key.is_empty() || value.is_empty() || pairs.iter().any(|(k, _)| *k == key) {
            return None;
        }
        pairs.push((key, value));
    }
    Some(Metrics(pairs))
}

/// A parsed vector's metrics, in the order given.
pub(crate) struct Metrics<'a>(Vec<(&'a str, &'a str)>);

impl<'a> Metrics<'a> {
    fn get(&self, key: &str) -> Option<&'a str> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// Every metric is one of `allowed` (name, permitted values), and all `required` are present.
    fn conforms(&self, allowed: &[(&str, &[&str])], required: &[&str]) -> bool {
        let known = self.0.iter().all(|(key, value)| {
            allowed
                .iter()
                .any(|(name, values)| name == key && values.contains(value))
        });
        known && required.iter().all(|name| self.get(name).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(level(0.0), "info");
        assert_eq!(level(0.1), "low");
        assert_eq!(level(3.9), "low");
        assert_eq!(level(4.0), "medium");
        assert_eq!(level(6.9), "medium");
        assert_eq!(level(7.0), "high");
        assert_eq!(level(8.9), "high");
        assert_eq!(level(9.0), "critical");
        assert_eq!(level(10.0), "critical");
        assert_eq!(level(f64::NAN), "info");
    }

    #[test]
    fn dispatches_on_the_prefix() {
        assert_eq!(
            base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            Some(9.8)
        );
        assert_eq!(
            base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            Some(9.3)
        );
        assert_eq!(base_score("AV:N/AC:L/Au:N/C:P/I:P/A:P"), Some(7.5));
        assert_eq!(base_score("(AV:N/AC:L/Au:N/C:P/I:P/A:P)"), Some(7.5));
        assert_eq!(base_score("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"), Some(7.5));
    }

    #[test]
    fn malformed_vectors_have_no_score() {
        for bad in [
            "",
            "CVSS:3.1/",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",
            "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",
            "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
            "AV:N/AC:L/Au:N/C:P/I:P",
            "AV:N/AC:L/Au:N/C:P/I:P/A:Q",
            "not a vector",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
        ] {
            assert_eq!(base_score(bad), None, "{bad}");
        }
    }

    /// Every combination of base values, so no MacroVector or formula branch is missing.
    fn all_vectors(prefix: &str, metrics: &[(&str, &[&str])]) -> Vec<String> {
        let mut vectors = vec![prefix.trim_end_matches('/').to_owned()];
        for (name, values) in metrics {
            vectors = vectors
                .iter()
                .flat_map(|v| {
                    values
                        .iter()
                        .map(move |value| format!("{v}/{name}:{value}"))
                })
                .collect();
        }
        vectors
    }

    #[test]
    fn every_base_vector_scores_within_range() {
        let hln: &[&str] = &["H", "L", "N"];
        let v3 = all_vectors(
            "CVSS:3.1/",
            &[
                ("AV", &["N", "A", "L", "P"]),
                ("AC", &["L", "H"]),
                ("PR", &["N", "L", "H"]),
                ("UI", &["N", "R"]),
                ("S", &["U", "C"]),
                ("C", hln),
                ("I", hln),
                ("A", hln),
            ],
        );
        let v4 = all_vectors(
            "CVSS:4.0/",
            &[
                ("AV", &["N", "A", "L", "P"]),
                ("AC", &["L", "H"]),
                ("AT", &["N", "P"]),
                ("PR", &["N", "L", "H"]),
                ("UI", &["N", "P", "A"]),
                ("VC", hln),
                ("VI", hln),
                ("VA", hln),
                ("SC", hln),
                ("SI", hln),
                ("SA", hln),
            ],
        );
        assert_eq!((v3.len(), v4.len()), (2592, 104_976));
        // Every v3 vector, and a prime stride of v4 ones (all of them take ~5 s unoptimised;
        // `v4::tests::every_macrovector_has_a_score` covers the lookup table exhaustively).
        for vector in v3.iter().chain(v4.iter().step_by(7)) {
            let score = base_score(vector);
            assert!(
                score.is_some_and(|s| (0.0..=10.0).contains(&s)),
                "{vector}: {score:?}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever the input, a score is `None` or within 0–10, and nothing panics.
        #[test]
        fn never_panics(
            vector in "(CVSS:(2\\.0|3\\.0|3\\.1|4\\.0)/)?((AV|AC|AT|PR|UI|S|C|I|A|Au|VC|VI|VA|SC|SI|SA|E|CR|MSI|MAV|U|RL):(N|L|H|P|A|R|U|C|S|X|M|ND|Red)/){0,14}(A|SA):(H|N)"
        ) {
            if let Some(score) = base_score(&vector) {
                proptest::prop_assert!((0.0..=10.0).contains(&score), "{vector}: {score}");
            }
        }

        #[test]
        fn never_panics_on_anything(vector in "\\PC{0,80}") {
            let _ = base_score(&vector);
        }
    }
}
