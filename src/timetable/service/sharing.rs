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

mod picture {
    //! The grid drawn on the server: a column per day (월–금, 토/일 when used), a row per
    //! hour that has something (at least 09–18), each lecture or block a coloured box with
    //! its name and room, cut with "…" to fit.

    use super::super::super::model::{Slot, Timetable, DAYS};
    use crate::error::AppError;
    use ab_glyph::{point, Font, FontVec, PxScale, ScaleFont};
    use image::{Rgb, RgbImage};
    use std::sync::OnceLock;

    const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    static FONT: OnceLock<FontVec> = OnceLock::new();

    /// The font, read once (from `TIMETABLE_FONT` or Debian's Noto Sans CJK). A missing or
    /// unreadable file answers 503 and is tried again on the next request.
    fn font() -> Result<&'static FontVec, AppError> {
        if let Some(f) = FONT.get() {
            return Ok(f);
        }
        let path = std::env::var("TIMETABLE_FONT").ok().filter(|p| !p.trim().is_empty()).unwrap_or_else(|| DEFAULT_FONT.to_owned());
        let unavailable = |why: String| {
            tracing::warn!("timetable font {path}: {why}");
            AppError::unavailable("시간표 그림에 쓸 글꼴을 찾을 수 없어 지금은 그림을 만들 수 없습니다. 관리자에게 알려 주세요.")
        };
        let bytes = std::fs::read(&path).map_err(|e| unavailable(e.to_string()))?;
        let font = FontVec::try_from_vec_and_index(bytes, 0).map_err(|e| unavailable(e.to_string()))?;
        Ok(FONT.get_or_init(|| font))
    }

    const MARGIN: u32 = 16;
    const TITLE_H: u32 = 48;
    const HEAD_H: u32 = 30;
    const TIME_W: u32 = 44;
    const COL_W: u32 = 128;
    const HOUR_H: u32 = 56;

    const WHITE: [u8; 3] = [255, 255, 255];
    const INK: [u8; 3] = [34, 34, 34];
    const SOFT_INK: [u8; 3] = [110, 110, 110];
    const LINE: [u8; 3] = [226, 226, 226];
    const HEAD_BG: [u8; 3] = [246, 246, 246];
    /// The lectures' colours, one after another in the order they were added.
    const LECTURE_COLORS: [[u8; 3]; 8] = [
        [255, 205, 210],
        [200, 230, 201],
        [187, 222, 251],
        [255, 236, 179],
        [225, 190, 231],
        [178, 235, 242],
        [255, 224, 178],
        [220, 237, 200],
    ];

    struct Item {
        title: String,
        detail: String,
        color: [u8; 3],
        slot: Slot,
    }

    fn hex(color: &str) -> Option<[u8; 3]> {
        let c = color.strip_prefix('#')?;
        if c.len() != 6 {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(c.get(i..i + 2)?, 16).ok();
        Some([byte(0)?, byte(2)?, byte(4)?])
    }

    fn items(t: &Timetable) -> Vec<Item> {
        let mut out = vec![];
        for (i, l) in t.lectures.iter().enumerate() {
            for s in &l.slots {
                let color = LECTURE_COLORS[i % LECTURE_COLORS.len()];
                out.push(Item { title: l.name.clone(), detail: l.room.clone(), color, slot: *s });
            }
        }
        for b in &t.blocks {
            for s in &b.slots {
                let color = hex(&b.color).unwrap_or(LECTURE_COLORS[0]);
                out.push(Item { title: b.title.clone(), detail: b.place.clone(), color, slot: *s });
            }
        }
        out
    }

    pub fn render(t: &Timetable) -> Result<Vec<u8>, AppError> {
        let font = font()?;
        let items = items(t);
        let days: u32 = match items.iter().map(|i| i.slot.day).max() {
            Some(d) if d >= 6 => 7,
            Some(5) => 6,
            _ => 5,
        };
        let first_hour = items.iter().map(|i| u32::from(i.slot.start) / 60).min().unwrap_or(9).min(9);
        let last_hour = items.iter().map(|i| u32::from(i.slot.end).div_ceil(60)).max().unwrap_or(18).clamp(18, 24);
        let hours = last_hour - first_hour;

        let grid_x = MARGIN + TIME_W;
        let grid_y = MARGIN + TITLE_H + HEAD_H;
        let width = grid_x + days * COL_W + MARGIN;
        let height = grid_y + hours * HOUR_H + MARGIN;
        let mut img = RgbImage::from_pixel(width, height, Rgb(WHITE));
        let mut pen = Pen { img: &mut img, font };

        let title = format!("{} · {} · {}학점", t.name, t.semester.name, t.credits);
        pen.text(&title, MARGIN as f32, (MARGIN + 8) as f32, 20.0, INK, (width - 2 * MARGIN) as f32);

        // Day headings, hour labels and the lines of the grid.
        pen.fill(grid_x, MARGIN + TITLE_H, days * COL_W, HEAD_H, HEAD_BG);
        for d in 0..days {
            let x = grid_x + d * COL_W;
            let label = DAYS[d as usize];
            pen.text(label, (x + COL_W / 2 - 7) as f32, (MARGIN + TITLE_H + 6) as f32, 14.0, INK, COL_W as f32);
            pen.fill(x, MARGIN + TITLE_H, 1, HEAD_H + hours * HOUR_H, LINE);
        }
        pen.fill(grid_x + days * COL_W, MARGIN + TITLE_H, 1, HEAD_H + hours * HOUR_H, LINE);
        for h in 0..=hours {
            let y = grid_y + h * HOUR_H;
            pen.fill(grid_x, y, days * COL_W, 1, LINE);
            if h < hours {
                pen.text(&format!("{}", first_hour + h), (MARGIN + 8) as f32, (y + 4) as f32, 12.0, SOFT_INK, TIME_W as f32);
            }
        }

        // The boxes.
        let origin = first_hour * 60;
        for it in &items {
            let d = u32::from(it.slot.day);
            if d >= days {
                continue;
            }
            let y0 = grid_y + (u32::from(it.slot.start).saturating_sub(origin)) * HOUR_H / 60;
            let y1 = grid_y + (u32::from(it.slot.end).saturating_sub(origin)) * HOUR_H / 60;
            let x0 = grid_x + d * COL_W + 2;
            let (w, h) = (COL_W - 3, y1.saturating_sub(y0).saturating_sub(2).max(4));
            pen.rounded(x0, y0 + 1, w, h, 6, it.color);
            let inner = (w - 10) as f32;
            if h >= 18 {
                pen.text(&it.title, (x0 + 5) as f32, (y0 + 4) as f32, 13.0, INK, inner);
            }
            if h >= 36 && !it.detail.is_empty() {
                pen.text(&it.detail, (x0 + 5) as f32, (y0 + 22) as f32, 11.0, SOFT_INK, inner);
            }
        }

        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).map_err(|e| {
            tracing::error!("timetable picture: {e}");
            AppError::internal()
        })?;
        Ok(png)
    }

    struct Pen<'a> {
        img: &'a mut RgbImage,
        font: &'a FontVec,
    }

    impl Pen<'_> {
        fn blend(&mut self, x: i64, y: i64, color: [u8; 3], alpha: f32) {
            if x < 0 || y < 0 || x >= i64::from(self.img.width()) || y >= i64::from(self.img.height()) {
                return;
            }
            let a = alpha.clamp(0.0, 1.0);
            let p = self.img.get_pixel_mut(x as u32, y as u32);
            for (c, new) in p.0.iter_mut().zip(color) {
                *c = (f32::from(*c) * (1.0 - a) + f32::from(new) * a).round() as u8;
            }
        }

        fn fill(&mut self, x: u32, y: u32, w: u32, h: u32, color: [u8; 3]) {
            for yy in y..y + h {
                for xx in x..x + w {
                    self.blend(i64::from(xx), i64::from(yy), color, 1.0);
                }
            }
        }

        /// A box with corners rounded by `r` pixels.
        fn rounded(&mut self, x: u32, y: u32, w: u32, h: u32, r: u32, color: [u8; 3]) {
            let r = r.min(w / 2).min(h / 2) as i64;
            let (w, h) = (i64::from(w), i64::from(h));
            for dy in 0..h {
                for dx in 0..w {
                    let cx = if dx < r {
                        r - dx
                    } else if dx >= w - r {
                        dx - (w - r - 1)
                    } else {
                        0
                    };
                    let cy = if dy < r {
                        r - dy
                    } else if dy >= h - r {
                        dy - (h - r - 1)
                    } else {
                        0
                    };
                    if cx > 0 && cy > 0 && (cx - 1) * (cx - 1) + (cy - 1) * (cy - 1) > r * r {
                        continue;
                    }
                    self.blend(i64::from(x) + dx, i64::from(y) + dy, color, 1.0);
                }
            }
        }

        fn width(&self, text: &str, px: f32) -> f32 {
            let f = self.font.as_scaled(PxScale::from(px));
            text.chars().map(|c| f.h_advance(f.glyph_id(c))).sum()
        }

        /// `text` from (x, top), cut with "…" so that it fits in `max_w`.
        fn text(&mut self, text: &str, x: f32, top: f32, px: f32, color: [u8; 3], max_w: f32) {
            let mut shown: String = text.chars().filter(|c| !c.is_control()).collect();
            if self.width(&shown, px) > max_w {
                let room = max_w - self.width("…", px);
                let mut cut = String::new();
                for c in shown.chars() {
                    cut.push(c);
                    if self.width(&cut, px) > room {
                        cut.pop();
                        break;
                    }
                }
                shown = format!("{}…", cut.trim_end());
            }
            let font = self.font;
            let scaled = font.as_scaled(PxScale::from(px));
            let baseline = top + scaled.ascent();
            let mut caret = x;
            for c in shown.chars() {
                let id = scaled.glyph_id(c);
                let glyph = id.with_scale_and_position(px, point(caret, baseline));
                caret += scaled.h_advance(id);
                if let Some(outline) = font.outline_glyph(glyph) {
                    let b = outline.px_bounds();
                    outline.draw(|gx, gy, cov| {
                        self.blend(b.min.x as i64 + i64::from(gx), b.min.y as i64 + i64::from(gy), color, cov);
                    });
                }
            }
        }
    }
}

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
