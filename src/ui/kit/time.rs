//! Dates and times as people read them, in KST (`crate::kst`): the same text on the server
//! and in the browser, so pages hydrate cleanly.

use chrono::{Datelike, NaiveDateTime};
use leptos::prelude::*;

/// A UTC time from the database, e.g. "2026.11.22 10:30".
pub fn date_time(utc: NaiveDateTime) -> String {
    crate::kst::from_utc(utc).format("%Y.%m.%d %H:%M").to_string()
}

/// Seconds since the epoch, e.g. "2026-11-22 10:30".
pub fn date_time_of_secs(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| crate::kst::from_utc(t.naive_utc()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Milliseconds since the epoch as "15:04".
pub fn clock(ms: i64) -> String {
    crate::kst::from_millis(ms).format("%H:%M").to_string()
}

/// Milliseconds since the epoch as "11.22 15:04".
pub fn month_day_clock(ms: i64) -> String {
    crate::kst::from_millis(ms).format("%m.%d %H:%M").to_string()
}

/// Milliseconds since the epoch as "2026년 11월 22일 일요일".
pub fn day_label(ms: i64) -> String {
    let d = crate::kst::from_millis(ms);
    let wd = ["월", "화", "수", "목", "금", "토", "일"][d.weekday().num_days_from_monday() as usize];
    format!("{}년 {}월 {}일 {wd}요일", d.year(), d.month(), d.day())
}

/// When something was written (a UTC time from the database), as `<span class="when">`.
#[component]
pub fn When(t: NaiveDateTime) -> impl IntoView {
    view! { <span class="when">{date_time(t)}</span> }
}
