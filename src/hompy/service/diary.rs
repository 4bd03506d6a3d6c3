//! The diary: pages by month and day, writing, editing and deleting.

use super::*;

/// Dates MySQL can store and people mean (chrono would also take "+262143").
pub(super) fn sane(d: NaiveDate) -> Option<NaiveDate> {
    (1000..=9999).contains(&d.year()).then_some(d)
}

pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().and_then(sane)
}

pub(super) fn parse_month(s: &str) -> Option<NaiveDate> {
    parse_date(&format!("{s}-01"))
}

pub(super) fn next_month(d: NaiveDate) -> NaiveDate {
    if d.month() == 12 { NaiveDate::from_ymd_opt(d.year() + 1, 1, 1) } else { NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1) }
        .expect("valid month")
}

/// A page of the diary (1-based `page`), optionally one day, with the calendar of `month`.
pub async fn diary(
    state: &AppState,
    viewer: Option<&AuthUser>,
    owner: u64,
    page: u32,
    month: Option<&str>,
    day: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DiaryPage, AppError> {
    existing(state, owner).await?;
    let rel = relation(state, viewer, owner).await?;
    let vis = allowed(rel);
    let day = match day.filter(|d| !d.is_empty()) {
        Some(d) => {
            Some(parse_date(d).ok_or_else(|| AppError::bad_request(ErrorCode::InvalidQuery, "날짜는 yyyy-MM-dd 형식이어야 합니다."))?)
        }
        None => None,
    };
    let month_start = match month.filter(|m| !m.is_empty()) {
        Some(m) => parse_month(m).ok_or_else(|| AppError::bad_request(ErrorCode::InvalidQuery, "달은 yyyy-MM 형식이어야 합니다."))?,
        None => {
            let d = day.unwrap_or_else(|| kst_day(now));
            NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("first of month")
        }
    };
    let page = page.max(1);
    let (rows, total) = store::diary_page(&state.db, owner, &vis, day, page - 1, DIARY_PAGE).await?;
    let ids: Vec<u64> = rows.iter().map(|r| r.id).collect();
    let viewer_id = viewer.map(AuthUser::id);
    let mut comments = group_comments(store::comments_for(&state.db, TargetKind::Diary, &ids).await?, viewer_id, owner);
    let entries = rows
        .into_iter()
        .map(|r| DiaryEntry {
            comments: comments.remove(&r.id).unwrap_or_default(),
            id: r.id,
            owner_id: r.owner_id,
            entry_date: r.entry_date,
            title: r.title,
            body: r.body,
            visibility: r.visibility,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
        .collect();
    Ok(DiaryPage {
        entries,
        page,
        total_pages: pages(total, DIARY_PAGE),
        month: month_start.format("%Y-%m").to_string(),
        days_with_entries: store::diary_days(&state.db, owner, &vis, month_start, next_month(month_start)).await?,
        day,
        today: kst_day(now),
    })
}

pub(super) fn check_diary(input: &DiaryInput) -> Result<(NaiveDate, String, String, Visibility), AppError> {
    let mut c = Check::default();
    let date = parse_date(&input.entry_date);
    if date.is_none() {
        c.add("entryDate", "날짜를 yyyy-MM-dd 형식으로 골라 주세요.");
    }
    let title = c.text("title", &input.title, 1, 100, "제목");
    let body = c.text("body", &input.body, 1, 5000, "내용");
    let vis = visibility(&mut c, &input.visibility);
    c.finish()?;
    Ok((date.expect("checked"), title, body, vis))
}

pub async fn diary_create(state: &AppState, me: &AuthUser, owner: u64, input: DiaryInput) -> Result<u64, AppError> {
    existing(state, owner).await?;
    owner_only(me, owner)?;
    let (date, title, body, vis) = check_diary(&input)?;
    me.require_verified_email(state).await?;
    me.count_write(state, "diary", super::write_limits::DIARY).await?;
    Ok(store::diary_insert(&state.db, owner, date, &title, &body, vis).await?)
}

pub(super) async fn own_diary(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let d = store::diary_get(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::DiaryNotFound, "다이어리를 찾을 수 없습니다."))?;
    owner_only(me, d.owner_id)
}

pub async fn diary_update(state: &AppState, me: &AuthUser, id: u64, input: DiaryInput) -> Result<(), AppError> {
    own_diary(state, me, id).await?;
    let (date, title, body, vis) = check_diary(&input)?;
    Ok(store::diary_update(&state.db, id, date, &title, &body, vis).await?)
}

pub async fn diary_delete(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    own_diary(state, me, id).await?;
    Ok(store::diary_delete(&state.db, id).await?)
}
