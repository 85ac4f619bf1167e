//! The period an observation, a baseline or a target is for: a year, a quarter, a month or a day.

use crate::date::{MONTHS_DE, MONTHS_EN, days_in_month};
use std::fmt;

/// A year ("2023"), a quarter ("2023-Q2"), a month ("2023-06") or a day ("2023-06-30"). A period
/// stands for its last day wherever periods are compared or placed on a time axis: a figure for
/// "2023" is the state at the end of 2023, a target for "2030" is due by 31 December 2030.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// What part of the year.
    pub part: Part,
}

/// The part of a year a period names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The whole year.
    Year,
    /// A quarter, 1–4.
    Quarter(u8),
    /// A month, 1–12.
    Month(u8),
    /// A day: month 1–12 and day of the month.
    Day(u8, u8),
}

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a period as YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, found {found:?}")]
pub struct PeriodError {
    /// The text that did not parse.
    pub found: String,
}

/// Days since 1970-01-01 of a date (proleptic Gregorian calendar).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Period {
    /// Parses `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`, checking that the quarter, month and
    /// day exist.
    pub fn parse(s: &str) -> Result<Self, PeriodError> {
        let err = || PeriodError {
            found: s.to_owned(),
        };
        let number = |t: &str, len: usize| -> Option<u32> {
            (t.len() == len && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let mut it = s.split('-');
        let year = it
            .next()
            .and_then(|y| number(y, 4))
            .and_then(|y| i32::try_from(y).ok())
            .ok_or_else(err)?;
        let part = match (it.next(), it.next(), it.next()) {
            (None, ..) => Part::Year,
            (Some(q), None, _) if q.starts_with('Q') => {
                match number(&q[1..], 1).and_then(|n| u8::try_from(n).ok()) {
                    Some(n @ 1..=4) => Part::Quarter(n),
                    _ => return Err(err()),
                }
            }
            (Some(m), day, None) => {
                let month = number(m, 2)
                    .and_then(|n| u8::try_from(n).ok())
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(err)?;
                match day {
                    None => Part::Month(month),
                    Some(d) => {
                        let day = number(d, 2)
                            .and_then(|n| u8::try_from(n).ok())
                            .filter(|d| (1..=days_in_month(year, month)).contains(d))
                            .ok_or_else(err)?;
                        Part::Day(month, day)
                    }
                }
            }
            _ => return Err(err()),
        };
        Ok(Period { year, part })
    }

    /// The last day of the period, as (year, month, day).
    pub fn last_day(&self) -> (i32, u8, u8) {
        let (month, day) = match self.part {
            Part::Year => (12, 31),
            Part::Quarter(q) => {
                let m = q * 3;
                (m, days_in_month(self.year, m))
            }
            Part::Month(m) => (m, days_in_month(self.year, m)),
            Part::Day(m, d) => (m, d),
        };
        (self.year, month, day)
    }

    /// The last day of the period as days since 1970-01-01: its place on a time axis.
    pub fn day_number(&self) -> i64 {
        let (y, m, d) = self.last_day();
        days_from_civil(y, m, d)
    }

    /// The period as German readers write it: "2023", "2. Quartal 2023", "Juni 2023",
    /// "30. Juni 2023".
    pub fn german(&self) -> String {
        let month = |m: u8| MONTHS_DE[usize::from(m - 1)];
        match self.part {
            Part::Year => self.year.to_string(),
            Part::Quarter(q) => format!("{q}. Quartal {}", self.year),
            Part::Month(m) => format!("{} {}", month(m), self.year),
            Part::Day(m, d) => format!("{d}. {} {}", month(m), self.year),
        }
    }
}

impl Period {
    /// The period as English readers write it: "2023", "Q2 2023", "June 2023", "30 June 2023".
    pub fn english(&self) -> String {
        let month = |m: u8| MONTHS_EN[usize::from(m - 1)];
        match self.part {
            Part::Year => self.year.to_string(),
            Part::Quarter(q) => format!("Q{q} {}", self.year),
            Part::Month(m) => format!("{} {}", month(m), self.year),
            Part::Day(m, d) => format!("{d} {} {}", month(m), self.year),
        }
    }
}

impl fmt::Display for Period {
    /// The wire form: `2023`, `2023-Q2`, `2023-06`, `2023-06-30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            Part::Year => write!(f, "{:04}", self.year),
            Part::Quarter(q) => write!(f, "{:04}-Q{q}", self.year),
            Part::Month(m) => write!(f, "{:04}-{m:02}", self.year),
            Part::Day(m, d) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_period_parses_and_prints_back() {
        for s in ["2023", "2023-Q2", "2023-06", "2024-02-29"] {
            assert_eq!(Period::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn impossible_periods_are_refused() {
        for s in [
            "",
            "23",
            "2023-Q5",
            "2023-Q0",
            "2023-13",
            "2023-00",
            "2023-02-29",
            "2023-6",
            "2023-06-31",
            "2023-06-30-1",
            "2023-Q2-01",
            "x023",
            "2023-q2",
        ] {
            assert!(Period::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn a_period_stands_for_its_last_day() {
        let last = |s: &str| Period::parse(s).unwrap().last_day();
        assert_eq!(last("2023"), (2023, 12, 31));
        assert_eq!(last("2023-Q1"), (2023, 3, 31));
        assert_eq!(last("2024-02"), (2024, 2, 29));
        assert_eq!(last("2023-06-15"), (2023, 6, 15));
    }

    #[test]
    fn day_numbers_count_days_since_1970() {
        assert_eq!(Period::parse("1970-01-01").unwrap().day_number(), 0);
        assert_eq!(Period::parse("2000-03-01").unwrap().day_number(), 11_017);
        let a = Period::parse("2023-12-31").unwrap().day_number();
        assert_eq!(Period::parse("2024").unwrap().day_number() - a, 366);
    }

    #[test]
    fn periods_read_as_german_readers_write_them() {
        let g = |s: &str| Period::parse(s).unwrap().german();
        assert_eq!(g("2023-Q2"), "2. Quartal 2023");
        assert_eq!(g("2023-03"), "März 2023");
        assert_eq!(g("2023-06-01"), "1. Juni 2023");
        let e = |s: &str| Period::parse(s).unwrap().english();
        assert_eq!(
            (e("2023-Q2"), e("2023-06-30")),
            ("Q2 2023".into(), "30 June 2023".into())
        );
    }
}
