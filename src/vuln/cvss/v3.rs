//! CVSS v3.0 / v3.1 base score (FIRST specification §7.1), with v3.1's `Roundup`
//! (Appendix A), which gives v3.0's intended results without floating-point surprises.
//! Temporal and environmental metrics are validated but do not change the base score.

use super::Metrics;

const ALLOWED: &[(&str, &[&str])] = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "R"]),
    ("S", &["U", "C"]),
    ("C", &["H", "L", "N"]),
    ("I", &["H", "L", "N"]),
    ("A", &["H", "L", "N"]),
    ("E", &["X", "U", "P", "F", "H"]),
    ("RL", &["X", "O", "T", "W", "U"]),
    ("RC", &["X", "U", "R", "C"]),
    ("CR", &["X", "L", "M", "H"]),
    ("IR", &["X", "L", "M", "H"]),
    ("AR", &["X", "L", "M", "H"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "R"]),
    ("MS", &["X", "U", "C"]),
    ("MC", &["X", "N", "L", "H"]),
    ("MI", &["X", "N", "L", "H"]),
    ("MA", &["X", "N", "L", "H"]),
];

const BASE: &[&str] = &["AV", "AC", "PR", "UI", "S", "C", "I", "A"];

pub(super) fn base_score(metrics: &Metrics) -> Option<f64> {
    if !metrics.conforms(ALLOWED, BASE) {
        return None;
    }
    let changed = metrics.get("S")? == "C";
    let attack_vector: f64 = match metrics.get("AV")? {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        _ => 0.2,
    };
    let attack_complexity = if metrics.get("AC")? == "L" {
        0.77
    } else {
        0.44
    };
    let privileges = match (metrics.get("PR")?, changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        (_, false) => 0.27,
        (_, true) => 0.5,
    };
    let user_interaction = if metrics.get("UI")? == "N" {
        0.85
    } else {
        0.62
    };
    let impact_of = |key: &str| match metrics.get(key) {
        Some("H") => 0.56,
        Some("L") => 0.22,
        _ => 0.0,
    };
    let iss: f64 = 1.0 - ((1.0 - impact_of("C")) * (1.0 - impact_of("I")) * (1.0 - impact_of("A")));
    let impact = if changed {
        7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
    } else {
        6.42 * iss
    };
    let exploitability = 8.22 * attack_vector * attack_complexity * privileges * user_interaction;
    if impact <= 0.0 {
        return Some(0.0);
    }
    Some(if changed {
        roundup((1.08 * (impact + exploitability)).min(10.0))
    } else {
        roundup((impact + exploitability).min(10.0))
    })
}

/// The smallest one-decimal number not below `input`, computed on integers so that e.g.
/// 4.000000000000001 rounds to 4.0 rather than 4.1 (v3.1 Appendix A).
fn roundup(input: f64) -> f64 {
    let int_input = (input * 100_000.0).round() as i64;
    if int_input % 10_000 == 0 {
        int_input as f64 / 100_000.0
    } else {
        ((int_input / 10_000) + 1) as f64 / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::base_score;

    /// Scores published by NVD and the FIRST v3.1 calculator.
    #[test]
    fn published_scores() {
        for (vector, score) in [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8),
            ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1),
            ("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", 6.5),
            ("CVSS:3.1/AV:A/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.0),
            ("CVSS:3.1/AV:P/AC:H/PR:N/UI:R/S:C/C:L/I:H/A:N", 5.6),
            ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N/RL:U", 0.0),
            (
                "CVSS:3.1/AV:P/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:H/E:H/RL:U/RC:U",
                5.0,
            ),
            (
                "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:L/E:U/RL:O/RC:R/CR:M/IR:L/AR:H/MAV:P/MAC:H/MPR:L/MUI:R/MS:U/MC:L/MI:H/MA:H",
                5.5,
            ),
            ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.0/AV:A/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.0),
        ] {
            assert_eq!(base_score(vector), Some(score), "{vector}");
        }
    }

    #[test]
    fn roundup_avoids_float_noise() {
        assert_eq!(super::roundup(4.000_000_000_000_001), 4.0);
        assert_eq!(super::roundup(4.02), 4.1);
        assert_eq!(super::roundup(10.0), 10.0);
    }
}
