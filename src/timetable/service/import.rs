//! The staff's catalogue import: a semester's lectures from CSV, each line checked alone,
//! the good ones inserted or updated in one transaction, every refused line reported.

use super::super::{model::*, store, times};
use super::catalogue::*;
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode},
    server::AppState,
};
use std::collections::HashMap;

/// The most a CSV import may hold: bytes and lines (without the header).
pub const IMPORT_MAX_BYTES: usize = 1024 * 1024;
pub const IMPORT_MAX_LINES: usize = 5000;
/// The header a catalogue CSV starts with (columns in any order).
pub const IMPORT_COLUMNS: [&str; 10] =
    ["code", "section", "name", "professor", "credits", "category", "grade", "capacity", "room", "times"];

fn import_refused(message: impl Into<String>) -> AppError {
    AppError::bad_request(ErrorCode::BadRequest, message)
}

/// A category as the CSV writes it: the Korean label (전공필수) or the stored word.
fn read_category(s: &str) -> Option<LectureCategory> {
    let s = s.trim();
    LectureCategory::parse(&s.to_ascii_uppercase()).or_else(|| LectureCategory::ALL.iter().copied().find(|c| c.label() == s))
}

/// One CSV line as a lecture's fields, or why not.
fn read_line(record: &csv::StringRecord, at: &HashMap<&str, usize>) -> Result<store::LectureFields, String> {
    let cell = |name: &str| at.get(name).and_then(|&i| record.get(i)).unwrap_or("").trim();
    let mut reasons: Vec<String> = vec![];
    // A number of the column within 0..=max; a word or a number out of range is a reason.
    let mut number = |name: &str, label: &str, max: u16, required: bool| -> u16 {
        let v = cell(name);
        if v.is_empty() && !required {
            return 0;
        }
        let unsigned = v.strip_prefix(['-', '+']).unwrap_or(v);
        let digits = !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit());
        match v.parse::<i64>() {
            Ok(n) if (0..=i64::from(max)).contains(&n) => n as u16,
            _ if digits => {
                reasons.push(format!("{label} '{}'은(는) 0~{max} 사이의 숫자로 적어 주세요.", times::echo(v)));
                0
            }
            _ => {
                reasons.push(format!("{label} '{}'을(를) 읽을 수 없습니다 (0~{max} 사이의 숫자로 적어 주세요).", times::echo(v)));
                0
            }
        }
    };
    let credits = number("credits", "학점", 6, true);
    let grade = number("grade", "대상 학년", 6, false);
    let capacity = number("capacity", "정원", u16::MAX, false);
    // An unknown category is reported here; an empty one by the checks below.
    let category = match cell("category") {
        "" => None,
        text => Some(read_category(text).unwrap_or_else(|| {
            reasons.push(format!(
                "이수 구분 '{}'을(를) 알 수 없습니다 (전공필수, 전공선택, 교양필수, 교양, 교직, 일반선택).",
                times::echo(text)
            ));
            LectureCategory::Other
        })),
    };
    let input = LectureInput {
        code: cell("code").into(),
        section: cell("section").into(),
        name: cell("name").into(),
        professor: cell("professor").into(),
        credits: u8::try_from(credits).unwrap_or(0),
        category,
        target_grade: u8::try_from(grade).unwrap_or(0),
        capacity,
        room: cell("room").into(),
        times: cell("times").into(),
    };
    match check_lecture(&input) {
        Ok(fields) if reasons.is_empty() => Ok(fields),
        Ok(_) => Err(reasons.join(" ")),
        Err(fields) => {
            reasons.extend(fields.into_iter().map(|f| f.message));
            Err(reasons.join(" "))
        }
    }
}

/// Staff: imports a school's semester catalogue from CSV (`IMPORT_COLUMNS` in the first
/// line). Lectures are matched by code and section: new ones are made, known ones
/// changed. A refused line is reported with its number (the header is line 1) and why,
/// and the good lines are still imported, all in one transaction. A text that is not such
/// a CSV is refused whole.
pub async fn import_lectures(
    state: &AppState,
    me: &AuthUser,
    school_id: u64,
    semester_id: u64,
    csv: &str,
) -> Result<ImportReport, AppError> {
    require_staff(me)?;
    if csv.len() > IMPORT_MAX_BYTES {
        return Err(AppError::new(413, ErrorCode::FileTooLarge, "CSV는 1MB까지 가져올 수 있습니다. 나누어서 올려 주세요."));
    }
    existing_school(state, school_id).await?;
    semester_or_current(state, Some(semester_id)).await?;

    let header_help = format!("첫 줄은 {}이어야 합니다.", IMPORT_COLUMNS.join(","));
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    if csv.trim().is_empty() {
        return Err(import_refused(format!("CSV가 비어 있습니다. {header_help}")));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(csv.as_bytes());
    let header = reader.headers().map_err(|e| import_refused(format!("CSV를 읽을 수 없습니다 ({e}). {header_help}")))?.clone();
    let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let unknown: Vec<&str> = names.iter().map(String::as_str).filter(|n| !IMPORT_COLUMNS.contains(n)).collect();
    let missing: Vec<&str> = IMPORT_COLUMNS.iter().copied().filter(|c| !names.iter().any(|n| n == c)).collect();
    if !unknown.is_empty() || !missing.is_empty() {
        let mut why = vec![];
        if !missing.is_empty() {
            why.push(format!("없는 열: {}", missing.join(", ")));
        }
        if !unknown.is_empty() {
            why.push(format!("모르는 열: {}", unknown.join(", ")));
        }
        return Err(import_refused(format!("CSV 첫 줄(머리글)이 맞지 않습니다 ({}). {header_help}", why.join("; "))));
    }
    let at: HashMap<&str, usize> = IMPORT_COLUMNS.iter().map(|c| (*c, names.iter().position(|n| n == c).unwrap_or(0))).collect();

    let mut report = ImportReport::default();
    let mut good: Vec<(u32, store::LectureFields)> = vec![];
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    for (n, record) in reader.records().enumerate() {
        if n >= IMPORT_MAX_LINES {
            return Err(import_refused(format!("한 번에 {IMPORT_MAX_LINES}줄까지 가져올 수 있습니다. 나누어서 올려 주세요.")));
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(n as u64 + 2, |p| p.line()) as u32;
                report.rejected.push(RejectedLine { line, reason: format!("CSV 형식이 올바르지 않습니다 ({e}).") });
                continue;
            }
        };
        let line = record.position().map_or(n as u64 + 2, |p| p.line()) as u32;
        if record.len() != header.len() {
            let reason = format!("열이 {}개입니다 ({}개여야 합니다).", record.len(), header.len());
            report.rejected.push(RejectedLine { line, reason });
            continue;
        }
        match read_line(&record, &at) {
            Ok(fields) => {
                let key = (fields.code.clone(), fields.section.clone());
                if let Some(first) = seen.get(&key) {
                    let reason = format!("{} {}분반이 {first}번째 줄에 이미 있습니다.", fields.code, fields.section);
                    report.rejected.push(RejectedLine { line, reason });
                } else {
                    seen.insert(key, line);
                    good.push((line, fields));
                }
            }
            Err(reason) => report.rejected.push(RejectedLine { line, reason }),
        }
    }

    let mut tx = state.db.begin().await?;
    // The semester, then its timetables, then its lectures: the order adding a lecture to a
    // timetable takes them in (timetable, then lecture), so neither waits on the other in a circle.
    store::lock_semester(&mut tx, semester_id).await?;
    store::lock_semester_timetables(&mut tx, semester_id).await?;
    // Matched without case, as the unique key compares them.
    let lower = |(c, s): &(String, String)| (c.to_lowercase(), s.to_lowercase());
    let known: HashMap<(String, String), (u64, String)> =
        store::lecture_keys(&mut tx, school_id, semester_id).await?.into_iter().map(|(k, v)| (lower(&k), v)).collect();
    for (line, fields) in &good {
        match known.get(&lower(&(fields.code.clone(), fields.section.clone()))) {
            Some((id, professor)) => {
                // The same checks as a staff edit; a line that would break a timetable or
                // move a reviewed course is refused alone.
                let holders = store::holders_locked(&mut tx, *id).await?;
                let refused = match refuse_breaking_timetables(&mut tx, *id, &holders, fields).await {
                    Err(e) if e.status == 409 => Some(e.message),
                    Err(e) => return Err(e),
                    Ok(()) => refuse_course_change(&mut tx, school_id, (&fields.code, professor), fields)
                        .await?
                        .into_iter()
                        .next()
                        .map(|f| f.message),
                };
                if let Some(reason) = refused {
                    report.rejected.push(RejectedLine { line: *line, reason });
                    continue;
                }
                store::lecture_update(&mut tx, *id, fields).await?;
                report.updated += 1;
            }
            None => {
                store::lecture_insert(&mut tx, school_id, semester_id, fields).await?;
                report.created += 1;
            }
        }
    }
    tx.commit().await?;
    report.rejected.sort_by_key(|r| r.line);
    Ok(report)
}
