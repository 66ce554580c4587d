//! Calendar dates from front matter (`YYYY-MM-DD`), validated, and formatted
//! for each interface language.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// After every real date: "no day has not come".
    pub const MAX: Date = Date { year: 9999, month: 12, day: 31 };

    /// Parses `2025-07-18`, also accepting a time after it (`2025-07-18T10:00`),
    /// and refuses dates that do not exist, such as 2025-02-30.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let day_part = match text.find(['T', ' ']) {
            Some(10) => &text[..10],
            _ => text,
        };
        let bytes = day_part.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = &day_part[range];
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let (year, month, day) = (number(0..4)?, number(5..7)? as u8, number(8..10)? as u8);
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The day (UTC) of a time in seconds since 1970, as `SOURCE_DATE_EPOCH`
    /// and the system clock give it.
    pub fn from_unix_seconds(seconds: i64) -> Date {
        // Howard Hinnant's days-to-civil algorithm.
        let days = seconds.div_euclid(86_400) + 719_468;
        let era = days.div_euclid(146_097);
        let day_of_era = days - era * 146_097;
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u8;
        let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u8;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date { year: year.clamp(0, 9999) as u16, month, day }
    }

    /// The day's number in its year, from 1.
    pub fn day_of_year(&self) -> u16 {
        let before: u16 = (1..self.month).map(|m| u16::from(days_in_month(self.year, m))).sum();
        before + u16::from(self.day)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date in `lang`'s long format: "18 July 2025", "18 tháng 7, 2025",
    /// "2025年7月18日" (see [`crate::i18n::Interface::date`]).
    pub fn format(&self, lang: &str) -> String {
        crate::i18n::interface_or_english(lang).date(self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Date::parse(&text).ok_or_else(|| format!("invalid date `{text}`"))
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.iso()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        assert_eq!(Date::parse("2025-07-18"), Some(Date { year: 2025, month: 7, day: 18 }));
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("2025-07-18T09:30:00Z").map(|d| d.iso()), Some("2025-07-18".into()));
        for bad in [
            "2025-02-30",
            "2023-02-29",
            "1900-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-7-18",
            "18/07/2025",
            "",
            "２０２５-07-18",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_per_language() {
        crate::i18n::tests::with_vietnamese();
        let date = Date::parse("2025-07-18").unwrap();
        assert_eq!(date.format("en"), "18 July 2025");
        assert_eq!(date.format("vi"), "18 tháng 7, 2025");
    }

    #[test]
    fn days_from_unix_seconds() {
        assert_eq!(Date::from_unix_seconds(0), Date { year: 1970, month: 1, day: 1 });
        assert_eq!(Date::from_unix_seconds(951_782_400), Date { year: 2000, month: 2, day: 29 });
        assert_eq!(Date::from_unix_seconds(1_798_761_599), Date { year: 2026, month: 12, day: 31 });
        assert_eq!(Date::from_unix_seconds(-86_400), Date { year: 1969, month: 12, day: 31 });
    }
}
