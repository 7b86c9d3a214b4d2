//! Unbounded non-negative integers, compared by value.
//!
//! Version components are decimal numbers of any length: date-based ones overflow `u32`,
//! and the oracle fixtures contain 30-digit components, which must order by value rather
//! than fail or wrap. Most fit in a `u64`, so that case stays allocation-free.

use std::cmp::Ordering;

/// A non-negative integer; `Big` only holds values above `u64::MAX`, so a value has exactly
/// one representation and the derived equality and hash agree with the ordering.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Number {
    Small(u64),
    /// Decimal digits without leading zeros, longer than any `u64`.
    Big(Box<str>),
}

impl Number {
    pub(crate) const ZERO: Number = Number::Small(0);

    /// Reads a run of ASCII digits (leading zeros allowed); the caller guarantees the digits.
    /// An empty run is zero.
    pub(crate) fn from_digits(digits: &str) -> Number {
        let trimmed = digits.trim_start_matches('0');
        match trimmed.parse::<u64>() {
            Ok(value) => Number::Small(value),
            Err(_) if trimmed.is_empty() => Number::ZERO,
            Err(_) => Number::Big(trimmed.into()),
        }
    }

    /// `Some` when `text` is one or more ASCII digits and nothing else.
    pub(crate) fn parse(text: &str) -> Option<Number> {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Number::from_digits(text))
    }

    pub(crate) fn is_zero(&self) -> bool {
        matches!(self, Number::Small(0))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Number::Small(a), Number::Small(b)) => a.cmp(b),
            (Number::Small(_), Number::Big(_)) => Ordering::Less,
            (Number::Big(_), Number::Small(_)) => Ordering::Greater,
            // Same-length digit strings without leading zeros order like their values.
            (Number::Big(a), Number::Big(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Splits `text` into maximal runs of ASCII digits and runs of anything else, in order.
/// Several schemes treat a digit/non-digit boundary like a separator.
pub(crate) fn digit_runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digits = first.is_ascii_digit();
        let end = rest
            .char_indices()
            .find(|&(_, c)| c.is_ascii_digit() != digits)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_value_whatever_the_length() {
        let n = |s: &str| Number::parse(s).unwrap();
        assert_eq!(n("007"), n("7"));
        assert_eq!(n("000"), Number::ZERO);
        assert!(n("9") < n("10"));
        assert!(n("18446744073709551615") < n("18446744073709551616"));
        assert!(n("999999999999999999999999999991") < n("999999999999999999999999999999"));
        assert!(n("99999999999999999999") < n("100000000000000000000"));
        assert_eq!(n("0099999999999999999999"), n("99999999999999999999"));
        assert_eq!(Number::parse(""), None);
        assert_eq!(Number::parse("1a"), None);
    }

    #[test]
    fn splits_at_digit_boundaries() {
        let runs: Vec<&str> = digit_runs("1rc2.x-é3").collect();
        assert_eq!(runs, ["1", "rc", "2", ".x-é", "3"]);
        assert_eq!(digit_runs("").count(), 0);
    }
}
