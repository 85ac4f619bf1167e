//! Partial dates: a year, a month or a day, stored with the precision that is actually known.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date known to the year, the month or the day ("2021", "2021-05", "2021-05-12").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year, four digits.
    pub year: i32,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day of the month, if known (only with a month).
    pub day: Option<u8>,
}

/// Why a text is not a partial date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {found:?}")]
pub struct DateError {
    /// The text that did not parse.
    pub found: String,
}

/// German month names (also used by the monitoring periods).
pub(crate) const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// English month names (also used by the monitoring periods).
pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days in a month of a year (proleptic Gregorian calendar).
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl PartialDate {
    /// The first day of the period this date names, as (year, month, day).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day of the period this date names, as (year, month, day).
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that month and day exist.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let err = || DateError {
            found: s.to_owned(),
        };
        let mut parts = s.split('-');
        let year_s = parts.next().ok_or_else(err)?;
        if year_s.len() != 4 || !year_s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year_s.parse().map_err(|_| err())?;
        let two = |p: Option<&str>| -> Result<Option<u8>, DateError> {
            match p {
                None => Ok(None),
                Some(t) if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) => {
                    t.parse().map(Some).map_err(|_| err())
                }
                Some(_) => Err(err()),
            }
        };
        let month = two(parts.next())?;
        let day = two(parts.next())?;
        if parts.next().is_some() {
            return Err(err());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(err());
            }
            if let Some(d) = day
                && (d == 0 || d > days_in_month(year, m))
            {
                return Err(err());
            }
        }
        Ok(Self { year, month, day })
    }

    /// Whether the day is known.
    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// The date in German words: "2021", "Mai 2021" or "12. Mai 2021".
    pub fn german(&self) -> String {
        self.words(&MONTHS_DE, true)
    }

    /// The date in English words: "2021", "May 2021" or "12 May 2021".
    pub fn english(&self) -> String {
        self.words(&MONTHS_EN, false)
    }

    fn words(&self, months: &[&str; 12], dot: bool) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let name = months[usize::from(m - 1)];
                if dot {
                    format!("{d}. {name} {}", self.year)
                } else {
                    format!("{d} {name} {}", self.year)
                }
            }
            (Some(m), None) => format!("{} {}", months[usize::from(m - 1)], self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_and_day_precision_round_trip() {
        for s in ["2021", "2021-05", "2021-05-12", "2024-02-29"] {
            assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for s in [
            "21",
            "2021-13",
            "2021-02-30",
            "2023-02-29",
            "2021-5",
            "2021-05-12-1",
            "abcd",
            "",
        ] {
            assert!(PartialDate::parse(s).is_err(), "{s} should fail");
        }
    }

    #[test]
    fn german_words_follow_the_precision() {
        assert_eq!(PartialDate::parse("2021").unwrap().german(), "2021");
        assert_eq!(PartialDate::parse("2021-05").unwrap().german(), "Mai 2021");
        assert_eq!(
            PartialDate::parse("2020-03-07").unwrap().german(),
            "7. März 2020"
        );
        assert_eq!(
            PartialDate::parse("2020-03-07").unwrap().english(),
            "7 March 2020"
        );
    }

    #[test]
    fn dates_order_by_year_then_month() {
        let a = PartialDate::parse("2020-12").unwrap();
        let b = PartialDate::parse("2021-01").unwrap();
        assert!(a < b);
    }

    fn last_day_of(s: &str) -> (i32, u8, u8) {
        PartialDate::parse(s).unwrap().last_day()
    }

    #[test]
    fn february_has_29_days_in_years_divisible_by_4_but_not_by_100_unless_by_400() {
        // Gregorian calendar: 2024 and 2000 are leap years, 2023 and 1900 are not.
        assert_eq!(last_day_of("2024-02"), (2024, 2, 29));
        assert_eq!(last_day_of("2000-02"), (2000, 2, 29));
        assert_eq!(last_day_of("2023-02"), (2023, 2, 28));
        assert_eq!(last_day_of("1900-02"), (1900, 2, 28));
        assert!(PartialDate::parse("2000-02-29").is_ok());
        assert!(PartialDate::parse("1900-02-29").is_err());
        assert!(PartialDate::parse("2024-02-30").is_err());
    }

    #[test]
    fn april_june_september_and_november_have_30_days_the_other_long_months_31() {
        for month in [4, 6, 9, 11] {
            assert_eq!(last_day_of(&format!("2023-{month:02}")), (2023, month, 30));
            assert!(PartialDate::parse(&format!("2023-{month:02}-31")).is_err());
        }
        for month in [1, 3, 5, 7, 8, 10, 12] {
            assert_eq!(last_day_of(&format!("2023-{month:02}")), (2023, month, 31));
            assert!(PartialDate::parse(&format!("2023-{month:02}-31")).is_ok());
        }
    }

    #[test]
    fn a_year_runs_from_the_first_of_january_to_the_thirty_first_of_december() {
        let year = PartialDate::parse("2021").unwrap();
        assert_eq!(year.first_day(), (2021, 1, 1));
        assert_eq!(year.last_day(), (2021, 12, 31));
        let month = PartialDate::parse("2021-06").unwrap();
        assert_eq!(month.first_day(), (2021, 6, 1));
        assert_eq!(month.last_day(), (2021, 6, 30));
    }

    #[test]
    fn a_full_date_is_its_own_first_and_last_day() {
        let day = PartialDate::parse("2021-06-15").unwrap();
        assert_eq!(day.first_day(), (2021, 6, 15));
        assert_eq!(day.last_day(), (2021, 6, 15));
    }

    #[test]
    fn only_a_date_with_a_day_is_full() {
        assert!(PartialDate::parse("2021-06-15").unwrap().is_full());
        assert!(!PartialDate::parse("2021-06").unwrap().is_full());
        assert!(!PartialDate::parse("2021").unwrap().is_full());
    }

    #[test]
    fn day_and_month_zero_are_refused_and_the_first_and_last_are_accepted() {
        for s in ["2021-00", "2021-01-00", "2021-00-01"] {
            assert!(PartialDate::parse(s).is_err(), "{s} should fail");
        }
        for s in ["2021-01", "2021-12", "2021-01-01", "2021-12-31"] {
            assert!(PartialDate::parse(s).is_ok(), "{s} should parse");
        }
    }

    #[test]
    fn a_year_must_be_four_digits() {
        for s in ["202", "20211", "20a1", "+202", "2021-", "2021-05-"] {
            assert!(PartialDate::parse(s).is_err(), "{s} should fail");
        }
    }

    #[test]
    fn english_words_of_a_month_and_a_year() {
        assert_eq!(PartialDate::parse("2021-05").unwrap().english(), "May 2021");
        assert_eq!(PartialDate::parse("2021").unwrap().english(), "2021");
        assert_eq!(
            PartialDate::parse("2021-12-31").unwrap().german(),
            "31. Dezember 2021"
        );
    }

    #[test]
    fn from_str_parses_like_parse() {
        let d: PartialDate = "2021-05-12".parse().unwrap();
        assert_eq!(d, PartialDate::parse("2021-05-12").unwrap());
        assert!("2021-5".parse::<PartialDate>().is_err());
    }
}
