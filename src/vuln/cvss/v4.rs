//! CVSS v4.0 score by the specification's MacroVector method (§8.2):
//! 1. the effective metrics (a modified metric overrides its base one; absent `E` means
//!    Attacked, absent `CR`/`IR`/`AR` mean High) fall into one MacroVector (EQ1–EQ6), whose
//!    score is looked up;
//! 2. for each EQ, the vector's severity distance from the MacroVector's highest-severity
//!    vectors, as a proportion of the MacroVector's depth, scales the score gap to the next
//!    lower MacroVector;
//! 3. the mean of those adjustments is subtracted, and the result rounded to one decimal.
//!
//! The arithmetic follows the reference calculator step by step, in the same floating-point
//! order, so scores agree to the last digit.

use super::Metrics;
use super::v4_table::macrovector_score;

const ALLOWED: &[(&str, &[&str])] = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("AT", &["N", "P"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "P", "A"]),
    ("VC", &["H", "L", "N"]),
    ("VI", &["H", "L", "N"]),
    ("VA", &["H", "L", "N"]),
    ("SC", &["H", "L", "N"]),
    ("SI", &["H", "L", "N"]),
    ("SA", &["H", "L", "N"]),
    ("E", &["X", "A", "P", "U"]),
    ("CR", &["X", "H", "M", "L"]),
    ("IR", &["X", "H", "M", "L"]),
    ("AR", &["X", "H", "M", "L"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MAT", &["X", "N", "P"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "P", "A"]),
    ("MVC", &["X", "H", "L", "N"]),
    ("MVI", &["X", "H", "L", "N"]),
    ("MVA", &["X", "H", "L", "N"]),
    ("MSC", &["X", "H", "L", "N"]),
    ("MSI", &["X", "S", "H", "L", "N"]),
    ("MSA", &["X", "S", "H", "L", "N"]),
    ("S", &["X", "N", "P"]),
    ("AU", &["X", "N", "Y"]),
    ("R", &["X", "A", "U", "I"]),
    ("V", &["X", "D", "C"]),
    ("RE", &["X", "L", "M", "H"]),
    ("U", &["X", "Clear", "Green", "Amber", "Red"]),
];

const BASE: &[&str] = &[
    "AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA",
];

/// The effective value of each metric that takes part in scoring.
struct Effective<'a> {
    metrics: &'a Metrics<'a>,
}

impl Effective<'_> {
    fn get(&self, metric: &str) -> &str {
        let explicit = |key: &str| self.metrics.get(key).filter(|v| *v != "X");
        match metric {
            "E" => explicit("E").unwrap_or("A"),
            "CR" | "IR" | "AR" => explicit(metric).unwrap_or("H"),
            _ => modified_name(metric)
                .and_then(explicit)
                .or_else(|| self.metrics.get(metric))
                .unwrap_or("X"),
        }
    }

    fn is(&self, metric: &str, value: &str) -> bool {
        self.get(metric) == value
    }
}

/// The environmental metric that overrides a base one.
fn modified_name(metric: &str) -> Option<&'static str> {
    Some(match metric {
        "AV" => "MAV",
        "AC" => "MAC",
        "AT" => "MAT",
        "PR" => "MPR",
        "UI" => "MUI",
        "VC" => "MVC",
        "VI" => "MVI",
        "VA" => "MVA",
        "SC" => "MSC",
        "SI" => "MSI",
        "SA" => "MSA",
        _ => return None,
    })
}

/// Severity levels per metric, in tenths, as the reference calculator defines them.
fn level(metric: &str, value: &str) -> f64 {
    match (metric, value) {
        ("AV", "N") | ("PR", "N") | ("UI", "N") | ("AC", "L") | ("AT", "N") => 0.0,
        ("AV", "A") | ("PR", "L") | ("UI", "P") | ("AC", "H") | ("AT", "P") => 0.1,
        ("AV", "L") | ("PR", "H") | ("UI", "A") => 0.2,
        ("AV", "P") => 0.3,
        ("VC" | "VI" | "VA", "H") => 0.0,
        ("VC" | "VI" | "VA", "L") => 0.1,
        ("VC" | "VI" | "VA", "N") => 0.2,
        ("SC", "H") => 0.1,
        ("SC", "L") => 0.2,
        ("SC", "N") => 0.3,
        ("SI" | "SA", "S") => 0.0,
        ("SI" | "SA", "H") => 0.1,
        ("SI" | "SA", "L") => 0.2,
        ("SI" | "SA", "N") => 0.3,
        ("CR" | "IR" | "AR", "H") => 0.0,
        ("CR" | "IR" | "AR", "M") => 0.1,
        ("CR" | "IR" | "AR", "L") => 0.2,
        _ => 0.0,
    }
}

/// Highest-severity vectors of each EQ level (the reference's `max_composed.js`).
const EQ1_MAXES: [&[&str]; 3] = [
    &["AV:N/PR:N/UI:N"],
    &["AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"],
    &["AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"],
];
const EQ2_MAXES: [&[&str]; 2] = [&["AC:L/AT:N"], &["AC:H/AT:N", "AC:L/AT:P"]];
/// Indexed by EQ3 then EQ6; EQ3 = 2 only exists with EQ6 = 1.
const EQ3_EQ6_MAXES: [[&[&str]; 2]; 3] = [
    [
        &["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"],
        &[
            "VC:H/VI:H/VA:L/CR:M/IR:M/AR:H",
            "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M",
        ],
    ],
    [
        &[
            "VC:L/VI:H/VA:H/CR:H/IR:H/AR:H",
            "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H",
        ],
        &[
            "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H",
            "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M",
            "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M",
            "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H",
            "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M",
        ],
    ],
    [&[], &["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"]],
];
const EQ4_MAXES: [&[&str]; 3] = [
    &["SC:H/SI:S/SA:S"],
    &["SC:H/SI:H/SA:H"],
    &["SC:L/SI:L/SA:L"],
];

/// Depth of each MacroVector (max severity distance + 1, in tenths).
const EQ1_DEPTH: [f64; 3] = [1.0, 4.0, 5.0];
const EQ2_DEPTH: [f64; 2] = [1.0, 2.0];
/// EQ3 = 2 with EQ6 = 0 cannot occur (its entry only fills the array).
const EQ3_EQ6_DEPTH: [[f64; 2]; 3] = [[7.0, 6.0], [8.0, 8.0], [10.0, 10.0]];
const EQ4_DEPTH: [f64; 3] = [6.0, 5.0, 4.0];

/// The order the reference computes severity distances in.
const DISTANCE_METRICS: [&str; 14] = [
    "AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR",
];

pub(super) fn score(metrics: &Metrics) -> Option<f64> {
    if !metrics.conforms(ALLOWED, BASE) {
        return None;
    }
    let m = Effective { metrics };
    if ["VC", "VI", "VA", "SC", "SI", "SA"]
        .iter()
        .all(|metric| m.is(metric, "N"))
    {
        return Some(0.0);
    }
    let eq = macrovector(&m);
    let name = |eq: [usize; 6]| eq.iter().map(|d| d.to_string()).collect::<String>();
    let value = macrovector_score(&name(eq))?;
    let [eq1, eq2, eq3, eq4, _, eq6] = eq;

    let lower = |change: fn(&mut [usize; 6])| {
        let mut next = eq;
        change(&mut next);
        macrovector_score(&name(next))
    };
    let eq1_lower = lower(|e| e[0] += 1);
    let eq2_lower = lower(|e| e[1] += 1);
    let eq3eq6_lower = match (eq3, eq6) {
        (1, 1) | (0, 1) => lower(|e| e[2] += 1),
        (1, 0) => lower(|e| e[5] += 1),
        (0, 0) => {
            let left = lower(|e| e[5] += 1);
            let right = lower(|e| e[2] += 1);
            // The reference takes the left path only when it is known and strictly higher.
            match (left, right) {
                (Some(l), Some(r)) if l > r => left,
                _ => right,
            }
        }
        _ => lower(|e| {
            e[2] += 1;
            e[5] += 1;
        }),
    };
    let eq4_lower = lower(|e| e[3] += 1);
    let eq5_lower = lower(|e| e[4] += 1);

    let distances = severity_distances(&m, eq)?;
    // Summed left to right, as the reference does.
    let distance = |names: &[&str]| -> f64 {
        names
            .iter()
            .filter_map(|name| DISTANCE_METRICS.iter().position(|d| d == name))
            .filter_map(|i| distances.get(i))
            .sum()
    };
    let current_eq1 = distance(&["AV", "PR", "UI"]);
    let current_eq2 = distance(&["AC", "AT"]);
    let current_eq3eq6 = distance(&["VC", "VI", "VA", "CR", "IR", "AR"]);
    let current_eq4 = distance(&["SC", "SI", "SA"]);

    let step = 0.1;
    let depth_eq1 = EQ1_DEPTH.get(eq1)? * step;
    let depth_eq2 = EQ2_DEPTH.get(eq2)? * step;
    let depth_eq3eq6 = EQ3_EQ6_DEPTH.get(eq3)?.get(eq6)? * step;
    let depth_eq4 = EQ4_DEPTH.get(eq4)? * step;

    let mut existing = 0u32;
    let mut proportional = |lower: Option<f64>, current: f64, depth: f64| match lower {
        Some(lower) => {
            existing += 1;
            (value - lower) * (current / depth)
        }
        None => 0.0,
    };
    let n1 = proportional(eq1_lower, current_eq1, depth_eq1);
    let n2 = proportional(eq2_lower, current_eq2, depth_eq2);
    let n3 = proportional(eq3eq6_lower, current_eq3eq6, depth_eq3eq6);
    let n4 = proportional(eq4_lower, current_eq4, depth_eq4);
    // EQ5 (exploit maturity) has no depth: its proportion is always 0.
    let n5 = proportional(eq5_lower, 0.0, 1.0);

    let mean = if existing == 0 {
        0.0
    } else {
        (n1 + n2 + n3 + n4 + n5) / f64::from(existing)
    };
    let score = (value - mean).clamp(0.0, 10.0);
    // Round half up, with the reference's epsilon against binary noise.
    Some(((score + 1e-6) * 10.0).round() / 10.0)
}

/// EQ1–EQ6 of the effective metrics (specification Table 24).
fn macrovector(m: &Effective) -> [usize; 6] {
    let (av, pr, ui) = (m.get("AV"), m.get("PR"), m.get("UI"));
    let eq1 = if av == "N" && pr == "N" && ui == "N" {
        0
    } else if (av == "N" || pr == "N" || ui == "N") && av != "P" {
        1
    } else {
        2
    };
    let eq2 = usize::from(!(m.is("AC", "L") && m.is("AT", "N")));
    let (vc, vi, va) = (m.is("VC", "H"), m.is("VI", "H"), m.is("VA", "H"));
    let eq3 = if vc && vi {
        0
    } else if vc || vi || va {
        1
    } else {
        2
    };
    let safety = |key: &str| m.metrics.get(key) == Some("S");
    let eq4 = if safety("MSI") || safety("MSA") {
        0
    } else if m.is("SC", "H") || m.is("SI", "H") || m.is("SA", "H") {
        1
    } else {
        2
    };
    let eq5 = match m.get("E") {
        "A" => 0,
        "P" => 1,
        _ => 2,
    };
    let eq6 = usize::from(
        !((m.is("CR", "H") && vc) || (m.is("IR", "H") && vi) || (m.is("AR", "H") && va)),
    );
    [eq1, eq2, eq3, eq4, eq5, eq6]
}

/// Per-metric distances (in [`DISTANCE_METRICS`] order) from the first highest-severity
/// vector of the MacroVector that the vector does not exceed; the last one if none fits,
/// as the reference does.
fn severity_distances(m: &Effective, eq: [usize; 6]) -> Option<[f64; 14]> {
    let [eq1, eq2, eq3, eq4, _, eq6] = eq;
    let selected = DISTANCE_METRICS.map(|metric| level(metric, m.get(metric)));
    let mut last = None;
    for a in *EQ1_MAXES.get(eq1)? {
        for b in *EQ2_MAXES.get(eq2)? {
            for c in *EQ3_EQ6_MAXES.get(eq3)?.get(eq6)? {
                for d in *EQ4_MAXES.get(eq4)? {
                    let mut max = [0.0; 14];
                    for part in [a, b, c, d].iter().flat_map(|v| v.split('/')) {
                        let Some((metric, value)) = part.split_once(':') else {
                            continue;
                        };
                        if let Some(i) = DISTANCE_METRICS.iter().position(|d| *d == metric)
                            && let Some(slot) = max.get_mut(i)
                        {
                            *slot = level(metric, value);
                        }
                    }
                    let mut distances = selected;
                    for (distance, max) in distances.iter_mut().zip(max) {
                        *distance -= max;
                    }
                    if distances.iter().all(|d| *d >= 0.0) {
                        return Some(distances);
                    }
                    last = Some(distances);
                }
            }
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::super::base_score;
    use super::macrovector_score;

    /// EQ3 = 2 (no high impact) forces EQ6 = 1, so these are all the MacroVectors the
    /// classification can produce; each must have a score.
    #[test]
    fn every_macrovector_has_a_score() {
        let mut count = 0;
        for eq1 in 0..3 {
            for eq2 in 0..2 {
                for (eq3, eq6) in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 1)] {
                    for eq4 in 0..3 {
                        for eq5 in 0..3 {
                            let name = format!("{eq1}{eq2}{eq3}{eq4}{eq5}{eq6}");
                            assert!(macrovector_score(&name).is_some(), "{name}");
                            count += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(count, 270);
    }

    /// Examples from FIRST's CVSS v4.0 examples document and calculator.
    #[test]
    fn published_scores() {
        for (vector, score) in [
            (
                "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                7.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                7.7,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U",
                5.2,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N",
                8.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/MAC:H/MVC:H/MVI:L/MVA:L",
                8.1,
            ),
            (
                "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N",
                4.6,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N",
                5.1,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N",
                6.9,
            ),
            (
                "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:H/SI:N/SA:N",
                5.9,
            ),
            (
                "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
                9.4,
            ),
            (
                "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:N/S:P/V:D",
                8.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:A",
                8.7,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A",
                10.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A",
                9.3,
            ),
            (
                "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:H",
                6.4,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P",
                6.8,
            ),
            (
                "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/MSI:S/S:P",
                9.7,
            ),
            (
                "CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:L/VI:H/VA:L/SC:L/SI:H/SA:L/E:P/CR:M/IR:L/AR:M/MAV:N/MAC:H/MAT:P/MPR:L/MUI:P/MVC:L/MVI:H/MVA:L/MSC:H/MSI:L/MSA:L/S:N/AU:N/R:U/V:D/RE:L/U:Green",
                4.9,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N/S:N/AU:N/R:A/V:D/RE:L/U:Clear",
                6.9,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X",
                7.5,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N",
                0.0,
            ),
        ] {
            assert_eq!(base_score(vector), Some(score), "{vector}");
        }
    }
}
