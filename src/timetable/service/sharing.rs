//! Sharing with 일촌: the friends' timetables, common free time, and the exports (.ics, PNG).
//! Every export follows the timetable's visibility (`readable_timetable`).

use super::super::{model::*, store, times};
use super::timetables::{load_timetable, owned_timetable, readable_timetable, timetable_not_found, timetable_slots};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode},
    server::AppState,
};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

pub async fn friend_timetables(state: &AppState, me: &AuthUser, semester_id: Option<u64>) -> Result<Vec<FriendTimetable>, AppError> {
    let semester = super::catalogue::semester_or_current(state, semester_id).await?;
    let links = crate::ilchon::relations::ilchons_of(&state.db, me.id()).await?;
    let ids: Vec<u64> = links.iter().map(|l| l.user_id).collect();
    let shared = store::shared_primaries(&state.db, &ids, semester.id).await?;
    // In the order of the 일촌 list (newest 일촌 first).
    Ok(links
        .into_iter()
        .filter_map(|link| {
            let t = shared.iter().find(|t| t.user_id == link.user_id)?;
            Some(FriendTimetable {
                user_id: link.user_id,
                nickname: link.nickname,
                ilchon_name: link.name,
                profile_image: t.profile_img.as_deref().map(|p| crate::file_url::file_url(crate::file_url::FileKind::Profile, p)),
                timetable_id: t.timetable_id,
                name: t.name.clone(),
                credits: t.credits.max(0) as u32,
                lecture_count: t.lecture_count.max(0) as u32,
            })
        })
        .collect())
}

/// The first and last minute of the common free-time view (09:00–21:00).
const FREE_FROM: u16 = 9 * 60;
const FREE_TO: u16 = 21 * 60;

pub async fn common_free_time(state: &AppState, me: &AuthUser, other: u64, mine: Option<u64>) -> Result<CommonFreeTime, AppError> {
    let theirs = readable_timetable(state, Some(me), other).await?;
    let theirs = load_timetable(state, Some(me), theirs).await?;
    let mine_row = match mine {
        Some(id) => owned_timetable(state, me, id).await?,
        None => {
            let id = store::primary_of(&state.db, me.id(), theirs.semester.id).await?.ok_or_else(|| {
                AppError::not_found(
                    ErrorCode::TimetableNotFound,
                    format!("{}의 내 기본 시간표가 없습니다. 먼저 시간표를 만들어 주세요.", theirs.semester.name),
                )
            })?;
            store::timetable_get(&state.db, id).await?.ok_or_else(timetable_not_found)?
        }
    };
    let mine = load_timetable(state, Some(me), mine_row).await?;
    let busy: Vec<Slot> = timetable_slots(&mine).into_iter().chain(timetable_slots(&theirs)).collect();
    // Monday to Friday, and Saturday when either has something then.
    let days = if busy.iter().any(|s| s.day == 5) { 6 } else { 5 };
    let free = times::free_windows(&busy, days, FREE_FROM, FREE_TO);
    Ok(CommonFreeTime { mine, theirs, free })
}

// ---------------------------------------------------------------- the .ics calendar

const TZID: &str = "Asia/Seoul";

/// Korea keeps +09:00 all year (no daylight saving since 1988), so one STANDARD part says it.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Asia/Seoul\r\nX-LIC-LOCATION:Asia/Seoul\r\nBEGIN:STANDARD\r\n\
TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:KST\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The timetable as an iCalendar file (weekly recurrences between the semester's dates, KST).
pub async fn calendar(state: &AppState, viewer: Option<&AuthUser>, id: u64) -> Result<(String, Vec<u8>), AppError> {
    let row = readable_timetable(state, viewer, id).await?;
    let t = load_timetable(state, viewer, row).await?;
    Ok((format!("timetable-{}.ics", t.id), ics(&t).into_bytes()))
}

/// One weekly meeting to export: what it is and when.
struct Meeting {
    uid: String,
    summary: String,
    location: String,
    description: String,
    slot: Slot,
}

fn meetings(t: &Timetable) -> Vec<Meeting> {
    let mut out = vec![];
    for l in &t.lectures {
        let professor = if l.professor.is_empty() { String::new() } else { format!("{} 교수 · ", l.professor) };
        for s in &l.slots {
            out.push(Meeting {
                uid: format!("tt{}-lecture{}-{}-{}@minihompy", t.id, l.id, s.day, s.start),
                summary: l.name.clone(),
                location: l.room.clone(),
                description: format!("{professor}{}학점 · {} {}", l.credits, l.code, l.times_text).trim_end().to_owned(),
                slot: *s,
            });
        }
    }
    for b in &t.blocks {
        for s in &b.slots {
            out.push(Meeting {
                uid: format!("tt{}-block{}-{}-{}@minihompy", t.id, b.id, s.day, s.start),
                summary: b.title.clone(),
                location: b.place.clone(),
                description: b.times_text.clone(),
                slot: *s,
            });
        }
    }
    out
}

/// The first day on or after `from` that is `day` (0 = 월).
fn first_on_or_after(from: NaiveDate, day: u8) -> NaiveDate {
    let today = from.weekday().num_days_from_monday() as i64;
    from + Duration::days((i64::from(day) - today).rem_euclid(7))
}

/// The local time `min` minutes after the day's midnight (24:00 is the next day's 00:00).
fn local(date: NaiveDate, min: u16) -> String {
    (date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(min))).format("%Y%m%dT%H%M%S").to_string()
}

/// No control characters (line breaks included) in a one-line text.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// TEXT escaping of RFC 5545 §3.3.11, for the X- properties the crate leaves alone.
fn escape_text(text: &str) -> String {
    one_line(text).replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,")
}

/// The calendar: the crate writes the properties and events (escaping and folding the
/// members' words, CRLF lines); the one VTIMEZONE, which it cannot express, goes in front
/// of the events.
pub(super) fn ics(t: &Timetable) -> String {
    use icalendar::{Calendar, Component, EventLike, Property};
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//minihompy//timetable//KO"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.append_property(Property::new("X-WR-CALNAME", escape_text(&format!("{} ({})", t.name, t.semester.name))));
    cal.append_property(Property::new("X-WR-TIMEZONE", TZID));
    let head = cal.to_string();
    let head = head.strip_suffix("END:VCALENDAR\r\n").unwrap_or(&head);

    // The last occurrence may start as late as the last day's end (23:59:59 KST), in UTC.
    let until = (t.semester.ends_on.and_hms_opt(23, 59, 59).unwrap_or_default() - Duration::hours(9)).format("%Y%m%dT%H%M%SZ");
    let mut out = String::from(head);
    out.push_str(VTIMEZONE);
    for m in meetings(t) {
        let first = first_on_or_after(t.semester.starts_on, m.slot.day);
        if first > t.semester.ends_on {
            continue;
        }
        let mut event = icalendar::Event::new();
        event
            .uid(&m.uid)
            .summary(&one_line(&m.summary))
            .description(&one_line(&m.description))
            .append_property(Property::new("DTSTART", local(first, m.slot.start)).add_parameter("TZID", TZID).done())
            .append_property(Property::new("DTEND", local(first, m.slot.end)).add_parameter("TZID", TZID).done())
            .append_property(Property::new("RRULE", format!("FREQ=WEEKLY;UNTIL={until}")));
        if !m.location.is_empty() {
            event.location(&one_line(&m.location));
        }
        out.push_str(&event.done().to_string());
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

// ---------------------------------------------------------------- the PNG picture

/// The timetable's grid as a PNG picture.
pub async fn image(state: &AppState, viewer: Option<&AuthUser>, id: u64) -> Result<(String, Vec<u8>), AppError> {
    let row = readable_timetable(state, viewer, id).await?;
    let t = load_timetable(state, viewer, row).await?;
    let name = format!("timetable-{}.png", t.id);
    let png = tokio::task::spawn_blocking(move || picture::render(&t)).await.map_err(|e| {
        tracing::error!("timetable picture: {e}");
        AppError::internal()
    })??;
    Ok((name, png))
}

mod picture;

#[cfg(test)]
mod tests {
    use super::first_on_or_after;
    use chrono::NaiveDate;

    #[test]
    fn the_first_meeting_is_the_first_such_weekday_from_the_start() {
        // 2026-03-02 is a Monday.
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(first_on_or_after(start, 0), start);
        assert_eq!(first_on_or_after(start, 2), NaiveDate::from_ymd_opt(2026, 3, 4).unwrap());
        let wednesday = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(first_on_or_after(wednesday, 0), NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
    }
}
