//! Korean Standard Time (UTC+9, no daylight saving): how every time is shown and where a
//! day begins. One place, so the server and the browser render the same text (pages
//! hydrate cleanly) and Today resets at the same midnight everywhere.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

const OFFSET_HOURS: i64 = 9;

/// A UTC wall time (as MySQL stores it) in KST.
pub fn from_utc(t: NaiveDateTime) -> NaiveDateTime {
    t + chrono::Duration::hours(OFFSET_HOURS)
}

/// Milliseconds since the epoch in KST.
pub fn from_millis(ms: i64) -> NaiveDateTime {
    from_utc(DateTime::from_timestamp_millis(ms).unwrap_or_default().naive_utc())
}

/// The KST calendar day of an instant.
pub fn day_of(now: DateTime<Utc>) -> NaiveDate {
    from_utc(now.naive_utc()).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_turns_at_kst_midnight() {
        let before = DateTime::parse_from_rfc3339("2026-11-30T14:59:59Z").unwrap().with_timezone(&Utc);
        let after = DateTime::parse_from_rfc3339("2026-11-30T15:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(day_of(before).to_string(), "2026-11-30");
        assert_eq!(day_of(after).to_string(), "2026-12-01");
        assert_eq!(from_millis(after.timestamp_millis()).format("%H:%M").to_string(), "00:00");
    }
}
