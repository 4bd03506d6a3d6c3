//! Meeting times: the catalogue's words ("월1,2 수3", "화 18:00-20:00") into weekly slots,
//! clashes between slots, and the free time two timetables share. Shared by the server
//! (which decides) and the browser (which draws the grid).

use super::model::{Slot, DAYS};

/// 1교시 starts at 09:00; a period is 50 minutes and the next starts on the hour.
pub const FIRST_PERIOD_START: u16 = 9 * 60;
pub const PERIOD_MINUTES: u16 = 50;
pub const LAST_PERIOD: u16 = 14;

/// The longest time text `parse_times` reads (the forms keep theirs shorter still).
pub const MAX_TEXT_CHARS: usize = 200;
/// How much of a part it could not read a message repeats.
const ECHO_CHARS: usize = 20;

/// Parses the catalogue's time words into slots, sorted by day and start. Periods that
/// follow each other ("월1,2") make one slot (09:00–10:50). Refuses, with a message that
/// names the part it could not read: an unknown day, a period outside 1–14, an end not
/// after the start, times outside 06:00–24:00, slots of the same text that overlap, and
/// an empty text.
pub fn parse_times(text: &str) -> Result<Vec<Slot>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("시간을 적어 주세요 (예: 월1,2 수3 또는 금 18:00-20:00).".into());
    }
    // Refused before any other work: whatever the caller's own limit, a long text costs
    // nothing but this count (which stops at the limit).
    if text.chars().nth(MAX_TEXT_CHARS).is_some() {
        return Err(format!("시간은 {MAX_TEXT_CHARS}자까지 적을 수 있습니다."));
    }
    // Periods per day (merged when consecutive) and explicit ranges, each with its words.
    let mut periods: [Vec<u16>; 7] = Default::default();
    let mut ranges: Vec<Slot> = vec![];
    // The day in force and whether a time has followed it yet.
    let mut day: Option<(u8, bool)> = None;
    for token in tokens(text) {
        let (token_day, spec) = split_day(&token);
        if let Some(d) = token_day {
            if let Some((before, false)) = day {
                return Err(no_time(before));
            }
            day = Some((d, false));
            if spec.is_empty() {
                continue;
            }
        }
        let Some((d, used)) = day else {
            return Err(format!("'{}'을(를) 읽을 수 없습니다: 요일(월~일)로 시작해 주세요 (예: 월1,2 수3).", echo(&token)));
        };
        // The words a message names: the day with its time ("월 20:00-19:00", "월15").
        let part = echo(&if token_day.is_some() || used { token.clone() } else { format!("{} {spec}", DAYS[d as usize]) });
        day = Some((d, true));
        match read_spec(spec).map_err(|why| format!("'{part}'을(를) 읽을 수 없습니다: {why}."))? {
            Spec::Periods(a, b) => {
                for n in a..=b {
                    if periods[d as usize].contains(&n) {
                        return Err(format!("'{part}'이(가) 겹칩니다: {}요일 {n}교시가 이미 있습니다.", DAYS[d as usize]));
                    }
                    periods[d as usize].push(n);
                }
            }
            Spec::Clock(start, end) => ranges.push(Slot { day: d, start, end }),
        }
    }
    if let Some((d, false)) = day {
        return Err(no_time(d));
    }
    let mut slots = ranges;
    for (d, list) in periods.iter_mut().enumerate() {
        list.sort_unstable();
        let mut i = 0;
        while i < list.len() {
            let mut j = i;
            while j + 1 < list.len() && list[j + 1] == list[j] + 1 {
                j += 1;
            }
            slots.push(Slot { day: d as u8, start: period_start(list[i]), end: period_start(list[j]) + PERIOD_MINUTES });
            i = j + 1;
        }
    }
    slots.sort();
    if let Some(w) = slots.windows(2).find(|w| overlaps(&w[0], &w[1])) {
        return Err(format!("시간이 겹칩니다: {}와(과) {}.", format_slot(&w[0]), format_slot(&w[1])));
    }
    Ok(slots)
}

/// When period `n` starts (1교시 = 09:00).
pub fn period_start(n: u16) -> u16 {
    FIRST_PERIOD_START + (n - 1) * 60
}

fn no_time(day: u8) -> String {
    format!("'{}'을(를) 읽을 수 없습니다: 요일 뒤에 교시(1–14)나 시각(18:00-20:00)을 적어 주세요.", DAYS[day as usize])
}

/// One time after a day: periods `a..=b`, or a clock range in minutes.
enum Spec {
    Periods(u16, u16),
    Clock(u16, u16),
}

const RANGE_MARKS: [char; 4] = ['-', '~', '–', '—'];

/// The words split at spaces, commas and slashes and before each day name, with "요일"
/// and the spaces around a range mark dropped first ("18:00 - 20:00" is one part). One
/// pass: a run of spaces becomes one space, or none next to a range mark.
fn tokens(text: &str) -> Vec<String> {
    let mut joined = String::new();
    let mut space = false;
    for c in text.replace("요일", "").chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let after_mark = joined.chars().next_back().is_some_and(|p| RANGE_MARKS.contains(&p));
        if space && !joined.is_empty() && !after_mark && !RANGE_MARKS.contains(&c) {
            joined.push(' ');
        }
        space = false;
        joined.push(c);
    }
    let mut out = vec![];
    for part in joined.split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '，') {
        let mut cur = String::new();
        for c in part.chars() {
            if DAYS.iter().any(|d| d.starts_with(c)) && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// A leading day name and what follows it.
fn split_day(token: &str) -> (Option<u8>, &str) {
    for (i, d) in DAYS.iter().enumerate() {
        if let Some(rest) = token.strip_prefix(d) {
            return (Some(i as u8), rest);
        }
    }
    (None, token)
}

fn read_spec(spec: &str) -> Result<Spec, String> {
    const WHAT: &str = "요일 뒤에 교시(1–14)나 시각(18:00-20:00)을 적어 주세요";
    let (a, b) = match spec.split_once(RANGE_MARKS) {
        Some((a, b)) => (a, Some(b)),
        None => (spec, None),
    };
    if a.contains(':') {
        let b = b.ok_or_else(|| "시각은 시작과 끝을 함께 적어 주세요 (예: 18:00-20:00)".to_owned())?;
        let (start, end) = (read_clock(a)?, read_clock(b)?);
        if end <= start {
            return Err("끝나는 시각이 시작 시각보다 늦어야 합니다".into());
        }
        if start < 6 * 60 || end > 24 * 60 {
            return Err("시각은 06:00부터 24:00 사이로 적어 주세요".into());
        }
        return Ok(Spec::Clock(start, end));
    }
    let a = read_period(a).ok_or_else(|| WHAT.to_owned())?;
    let b = match b {
        Some(b) => read_period(b).ok_or_else(|| WHAT.to_owned())?,
        None => a,
    };
    if !(1..=LAST_PERIOD).contains(&a) || !(1..=LAST_PERIOD).contains(&b) {
        return Err(format!("교시는 1부터 {LAST_PERIOD}까지입니다"));
    }
    if b < a {
        return Err("교시 범위는 앞의 교시가 더 작아야 합니다 (예: 1-3)".into());
    }
    Ok(Spec::Periods(a, b))
}

fn read_period(s: &str) -> Option<u16> {
    let s = s.strip_suffix("교시").unwrap_or(s);
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// "18:00" (or "9:30") in minutes after midnight.
fn read_clock(s: &str) -> Result<u16, String> {
    let bad = || format!("'{}'은(는) 시각이 아닙니다 (예: 18:00)", echo(s));
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    let digits = |t: &str, n: std::ops::RangeInclusive<usize>| n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(bad());
    }
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// `text` as a message repeats it: its first characters, "…" when cut.
pub fn echo(text: &str) -> String {
    match text.char_indices().nth(ECHO_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// "09:00".
pub fn clock(min: u16) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// "월 09:00–10:50".
pub fn format_slot(s: &Slot) -> String {
    format!("{} {}–{}", DAYS.get(s.day as usize).copied().unwrap_or("?"), clock(s.start), clock(s.end))
}

/// Whether two slots overlap (touching ends do not).
pub fn overlaps(a: &Slot, b: &Slot) -> bool {
    a.day == b.day && a.start < b.end && b.start < a.end
}

/// The first pair of slots (one of `a`, one of `b`) that overlap.
pub fn first_clash(a: &[Slot], b: &[Slot]) -> Option<(Slot, Slot)> {
    a.iter().find_map(|x| b.iter().find(|y| overlaps(x, y)).map(|y| (*x, *y)))
}

/// The windows of at least 30 minutes on days `0..days` between `from` and `to` that no
/// slot of `busy` covers, sorted.
pub fn free_windows(busy: &[Slot], days: u8, from: u16, to: u16) -> Vec<Slot> {
    const MIN_WINDOW: u16 = 30;
    let mut out = vec![];
    for day in 0..days {
        let mut taken: Vec<&Slot> = busy.iter().filter(|s| s.day == day && s.end > from && s.start < to).collect();
        taken.sort();
        let mut cursor = from;
        for s in taken {
            if s.start >= cursor + MIN_WINDOW {
                out.push(Slot { day, start: cursor, end: s.start });
            }
            cursor = cursor.max(s.end);
        }
        if to >= cursor + MIN_WINDOW {
            out.push(Slot { day, start: cursor, end: to });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(day: u8, from: &str, to: &str) -> Slot {
        let min = |t: &str| read_clock(t).unwrap();
        Slot { day, start: min(from), end: min(to) }
    }

    fn shown(text: &str) -> Vec<String> {
        parse_times(text).unwrap_or_else(|e| panic!("{text}: {e}")).iter().map(format_slot).collect()
    }

    #[test]
    fn periods_that_follow_each_other_make_one_slot() {
        assert_eq!(shown("월1,2 수3"), ["월 09:00–10:50", "수 11:00–11:50"]);
        assert_eq!(shown("화3,4,5"), ["화 11:00–13:50"]);
        assert_eq!(shown("목1-3"), ["목 09:00–11:50"]);
        assert_eq!(shown("월1,2,수3"), ["월 09:00–10:50", "수 11:00–11:50"]);
        assert_eq!(shown("월1,3"), ["월 09:00–09:50", "월 11:00–11:50"]);
        assert_eq!(shown("수3 월1,2"), ["월 09:00–10:50", "수 11:00–11:50"]);
        assert_eq!(shown("월1,2수3"), ["월 09:00–10:50", "수 11:00–11:50"]);
        assert_eq!(shown("금 14"), ["금 22:00–22:50"]);
        assert_eq!(shown("월요일 1교시"), ["월 09:00–09:50"]);
    }

    #[test]
    fn clock_times_are_read_with_either_mark_and_spaces() {
        assert_eq!(shown("금 18:00-20:00"), ["금 18:00–20:00"]);
        assert_eq!(shown("토10:00~12:30"), ["토 10:00–12:30"]);
        assert_eq!(shown("화 18:00 - 20:00, 목 9:30-10:45"), ["화 18:00–20:00", "목 09:30–10:45"]);
        assert_eq!(shown("일 13:00-15:00"), ["일 13:00–15:00"]);
        assert_eq!(parse_times("금 18:00-20:00").unwrap(), [slot(4, "18:00", "20:00")]);
    }

    #[test]
    fn touching_slots_are_not_a_clash() {
        assert_eq!(shown("월1 월 09:50-11:00"), ["월 09:00–09:50", "월 09:50–11:00"]);
    }

    #[test]
    fn bad_words_are_refused_naming_the_part() {
        let err = |t: &str| parse_times(t).expect_err(t);
        assert!(err("").contains("시간을 적어 주세요"));
        assert!(err("   ").contains("시간을 적어 주세요"));
        assert!(err("x1").contains("'x1'") && err("x1").contains("요일"));
        assert_eq!(err("월x"), "'월x'을(를) 읽을 수 없습니다: 요일 뒤에 교시(1–14)나 시각(18:00-20:00)을 적어 주세요.");
        assert!(err("월0").contains("'월0'") && err("월0").contains("1부터 14"));
        assert!(err("월15").contains("'월15'"));
        assert!(err("월 20:00-19:00").contains("'월 20:00-19:00'") && err("월 20:00-19:00").contains("늦어야"));
        assert!(err("월 05:00-07:00").contains("06:00"));
        assert!(err("월 25:00-26:00").contains("시각이 아닙니다"));
        assert!(err("월 18:00").contains("끝"));
        assert!(err("월1,2 월2").contains("겹칩니다"));
        assert!(err("월1-3 월 10:00-10:30").contains("겹칩니다"));
        assert!(err("금").contains("'금'"));
        assert!(err("월 수3").contains("'월'"));
        assert!(err("목3-1").contains("'목3-1'"));
    }

    #[test]
    fn long_texts_are_refused_at_once_and_echoed_parts_are_cut() {
        let long = format!("월{}1", " ".repeat(500_000));
        let started = std::time::Instant::now();
        assert!(parse_times(&long).expect_err("long").contains("200자"));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Within the limit, runs of spaces cost one pass and read as one space.
        assert_eq!(shown(&format!("월1,2{}수3", " ".repeat(150))), ["월 09:00–10:50", "수 11:00–11:50"]);
        assert_eq!(shown(&format!("화 18:00{}-{}20:00", " ".repeat(60), " ".repeat(60))), ["화 18:00–20:00"]);
        let e = parse_times(&format!("월x{}", "y".repeat(150))).expect_err("junk");
        assert!(e.contains(&format!("'월x{}…'", "y".repeat(18))), "{e}");
        assert!(e.chars().count() < 100, "{e}");
        assert_eq!(echo("월1,2"), "월1,2");
    }

    #[test]
    fn free_windows_leave_out_the_busy_time_and_short_gaps() {
        let busy = parse_times("월1,2 월 11:10-12:00 화 13:00-14:00").unwrap();
        let free = free_windows(&busy, 2, 9 * 60, 15 * 60);
        assert_eq!(free, [slot(0, "12:00", "15:00"), slot(1, "09:00", "13:00"), slot(1, "14:00", "15:00")]);
        assert_eq!(free_windows(&[], 1, 9 * 60, 10 * 60), [slot(0, "09:00", "10:00")]);
        assert!(free_windows(&parse_times("월 08:00-22:00").unwrap(), 1, 9 * 60, 21 * 60).is_empty());
    }
}
