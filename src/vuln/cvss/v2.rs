//! CVSS v2 base score (FIRST "A Complete Guide to the CVSS Version 2.0", §3.2.1). Old OSV
//! records and NVD entries still carry only a v2 vector. Temporal and environmental metrics
//! are validated but do not change the base score.

use super::Metrics;

const ALLOWED: &[(&str, &[&str])] = &[
    ("AV", &["L", "A", "N"]),
    ("AC", &["H", "M", "L"]),
    ("Au", &["M", "S", "N"]),
    ("C", &["N", "P", "C"]),
    ("I", &["N", "P", "C"]),
    ("A", &["N", "P", "C"]),
    ("E", &["U", "POC", "F", "H", "ND"]),
    ("RL", &["OF", "TF", "W", "U", "ND"]),
    ("RC", &["UC", "UR", "C", "ND"]),
    ("CDP", &["N", "L", "LM", "MH", "H", "ND"]),
    ("TD", &["N", "L", "M", "H", "ND"]),
    ("CR", &["L", "M", "H", "ND"]),
    ("IR", &["L", "M", "H", "ND"]),
    ("AR", &["L", "M", "H", "ND"]),
];

const BASE: &[&str] = &["AV", "AC", "Au", "C", "I", "A"];

pub(super) fn base_score(metrics: &Metrics) -> Option<f64> {
    if !metrics.conforms(ALLOWED, BASE) {
        return None;
    }
    let access_vector: f64 = match metrics.get("AV")? {
        "L" => 0.395,
        "A" => 0.646,
        _ => 1.0,
    };
    let access_complexity = match metrics.get("AC")? {
        "H" => 0.35,
        "M" => 0.61,
        _ => 0.71,
    };
    let authentication = match metrics.get("Au")? {
        "M" => 0.45,
        "S" => 0.56,
        _ => 0.704,
    };
    let impact_of = |key: &str| match metrics.get(key) {
        Some("P") => 0.275,
        Some("C") => 0.660,
        _ => 0.0,
    };
    let impact =
        10.41 * (1.0 - (1.0 - impact_of("C")) * (1.0 - impact_of("I")) * (1.0 - impact_of("A")));
    let exploitability = 20.0 * access_vector * access_complexity * authentication;
    let f_impact = if impact == 0.0 { 0.0 } else { 1.176 };
    let score = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f_impact;
    Some(((score * 10.0).round() / 10.0).clamp(0.0, 10.0))
}

#[cfg(test)]
mod tests {
    use super::super::base_score;

    /// Scores published by NVD and in the v2 guide's examples.
    #[test]
    fn published_scores() {
        for (vector, score) in [
            ("AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5),
            ("AV:N/AC:L/Au:N/C:N/I:N/A:C", 7.8),
            ("AV:L/AC:H/Au:N/C:C/I:C/A:C", 6.2),
            ("AV:N/AC:M/Au:N/C:P/I:N/A:N", 4.3),
            ("AV:N/AC:L/Au:N/C:N/I:N/A:P", 5.0),
            ("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:U/RL:OF/RC:UC", 10.0),
            ("AV:N/AC:L/Au:N/C:N/I:N/A:N", 0.0),
        ] {
            assert_eq!(base_score(vector), Some(score), "{vector}");
        }
    }
}
