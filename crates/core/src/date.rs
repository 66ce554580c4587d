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

const MONTHS_EN: [&str; 12] = [
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

impl Date {
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

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// "18 July 2025" in English, "18 tháng 7, 2025" in Vietnamese.
    pub fn format(&self, lang: &str) -> String {
        match lang {
            "vi" => format!("{} tháng {}, {}", self.day, self.month, self.year),
            _ => format!("{} {} {}", self.day, MONTHS_EN[usize::from(self.month - 1)], self.year),
        }
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
        let date = Date::parse("2025-07-18").unwrap();
        assert_eq!(date.format("en"), "18 July 2025");
        assert_eq!(date.format("vi"), "18 tháng 7, 2025");
    }
}
