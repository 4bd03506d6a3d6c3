//! Rules of the mini-homepage, shared by server functions and the REST API: who may read
//! what (decided per request from the 일촌 relation, so 일촌-only content opens and closes
//! at once), owner-only writes (403 for anyone else), input checks, and Today/Total.

use super::{
    model::*,
    store::{self, CommentRow},
};
use crate::{
    account::auth::AuthUser,
    error::{AppError, InvalidField},
    ilchon::relations,
    server::AppState,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

pub const DIARY_PAGE: u32 = 5;
pub const PHOTO_PAGE: u32 = 6;
pub const GUESTBOOK_PAGE: u32 = 10;
pub const SEARCH_PAGE: u32 = 10;

// ------------------------------------------------------------------ who is looking

pub async fn relation(state: &AppState, viewer: Option<&AuthUser>, owner: u64) -> Result<Relation, AppError> {
    Ok(match viewer {
        None => Relation::Guest,
        Some(v) if v.id() == owner => Relation::Owner,
        Some(v) => {
            if relations::name_for(&state.db, owner, v.id()).await?.is_some() {
                Relation::Ilchon
            } else {
                Relation::Member
            }
        }
    })
}

fn allowed(relation: Relation) -> Vec<Visibility> {
    Visibility::ALL.into_iter().filter(|v| v.allows(relation)).collect()
}

fn hompy_not_found() -> AppError {
    AppError::not_found("HOMPY_NOT_FOUND", "미니홈피를 찾을 수 없습니다.")
}

async fn existing(state: &AppState, owner: u64) -> Result<HompySummary, AppError> {
    store::find(&state.db, owner).await?.ok_or_else(hompy_not_found)
}

fn owner_only(me: &AuthUser, owner: u64) -> Result<(), AppError> {
    if me.id() == owner {
        Ok(())
    } else {
        Err(AppError::forbidden("미니홈피 주인만 할 수 있습니다."))
    }
}

// ------------------------------------------------------------------ Today / Total

/// The KST calendar day of an instant: Today resets at KST midnight.
pub fn kst_day(now: DateTime<Utc>) -> NaiveDate {
    crate::kst::day_of(now)
}

/// Counts a signed-in visitor once per owner per KST day (never the owner, never a guest)
/// and returns (Today, Total). The day's visitor set lives in Redis (SADD decides "first
/// visit today" atomically, so concurrent visits count once); each first visit is
/// persisted to MySQL at once. `now` is a parameter so tests can move the clock.
pub async fn record_visit(state: &AppState, owner: u64, visitor: Option<u64>, now: DateTime<Utc>) -> Result<(u64, u64), AppError> {
    let day = kst_day(now);
    if let Some(v) = visitor.filter(|v| *v != owner) {
        let key = format!("today:{owner}:{}", day.format("%Y%m%d"));
        let mut redis = state.redis.clone();
        // One MULTI: the set never lives without its expiry.
        let added: Result<(i64, i64), _> =
            redis::pipe().atomic().cmd("SADD").arg(&key).arg(v).cmd("EXPIRE").arg(&key).arg(2 * 86_400).query_async(&mut redis).await;
        match added {
            Ok((1, _)) => {
                if let Err(e) = store::add_visit(&state.db, owner, day).await {
                    // Not persisted: forget the visit so the next one counts.
                    let _: Result<i64, _> = redis::cmd("SREM").arg(&key).arg(v).query_async(&mut redis).await;
                    return Err(e.into());
                }
            }
            Ok(_) => {}
            // A visitor counter is not worth a homepage that does not open.
            Err(e) => tracing::warn!(error = %e, "visit not counted: Redis failed"),
        }
    }
    Ok(store::visit_counts(&state.db, owner, day).await?)
}

// ------------------------------------------------------------------ frame, home, profile

pub async fn frame(state: &AppState, viewer: Option<&AuthUser>, owner: u64, now: DateTime<Utc>) -> Result<HompyFrame, AppError> {
    let summary = existing(state, owner).await?;
    let relation = relation(state, viewer, owner).await?;
    let (today, total) = record_visit(state, owner, viewer.map(AuthUser::id), now).await?;
    let ilchons = relations::ilchons_of(&state.db, owner).await?;
    let ilchon_state = match viewer {
        Some(v) => relations::standing(&state.db, v.id(), owner).await?,
        None => IlchonState::None,
    };
    Ok(HompyFrame { summary, today, total, ilchons, relation, ilchon_state, viewer_id: viewer.map(AuthUser::id) })
}

pub async fn home_tab(state: &AppState, viewer: Option<&AuthUser>, owner: u64) -> Result<HomeTab, AppError> {
    existing(state, owner).await?;
    let rel = relation(state, viewer, owner).await?;
    let vis = allowed(rel);
    let viewer_id = viewer.map(AuthUser::id);
    let diary = store::recent_diary(&state.db, owner, &vis)
        .await?
        .into_iter()
        .map(|(id, title, created_at)| Recent { id, title, created_at, thumb_url: None })
        .collect();
    let photos = store::recent_photos(&state.db, owner, &vis)
        .await?
        .into_iter()
        .map(|(id, title, created_at, thumb)| Recent {
            id,
            title,
            created_at,
            thumb_url: thumb.map(|t| crate::file_url::file_url(crate::file_url::FileKind::Photo, &t)),
        })
        .collect();
    let guestbook = store::recent_guestbook(&state.db, owner, viewer_id)
        .await?
        .into_iter()
        .map(|g| Recent {
            id: g.id,
            title: format!("{}: {}", g.writer_nickname, excerpt(&g.body, 30)),
            created_at: g.created_at,
            thumb_url: None,
        })
        .collect();
    let pyeong = relations::pyeong_list(state, viewer_id, owner).await?;
    Ok(HomeTab { diary, photos, guestbook, pyeong })
}

fn excerpt(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

pub async fn profile_tab(state: &AppState, viewer: Option<&AuthUser>, owner: u64) -> Result<ProfileTab, AppError> {
    existing(state, owner).await?;
    let is_owner = viewer.is_some_and(|v| v.id() == owner);
    Ok(ProfileTab {
        history: store::history(&state.db, owner).await?,
        owned_minimi: if is_owner { store::owned_minimi(&state.db, owner).await? } else { vec![] },
    })
}

/// Collects field errors; `finish` turns them into one INVALID_FIELDS error.
#[derive(Default)]
struct Check(Vec<InvalidField>);

impl Check {
    fn text(&mut self, field: &str, value: &str, min: usize, max: usize, label: &str) -> String {
        let v = value.trim();
        let n = v.chars().count();
        if n < min || n > max {
            let message = if min > 0 {
                format!("{label}은(는) {min}~{max}자로 적어 주세요.")
            } else {
                format!("{label}은(는) {max}자까지 쓸 수 있습니다.")
            };
            self.0.push(InvalidField { field: field.into(), message });
        }
        v.to_owned()
    }
    fn visibility(&mut self, value: &str) -> Visibility {
        Visibility::parse(value).unwrap_or_else(|| {
            self.0.push(InvalidField { field: "visibility".into(), message: "공개 범위를 골라 주세요.".into() });
            Visibility::Private
        })
    }
    fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid_fields(self.0))
        }
    }
}

pub async fn update_home(state: &AppState, me: &AuthUser, owner: u64, input: HomeInput) -> Result<HompySummary, AppError> {
    existing(state, owner).await?;
    owner_only(me, owner)?;
    let mut c = Check::default();
    let title = c.text("title", &input.title, 1, 60, "제목");
    let intro = c.text("intro", &input.intro, 0, 500, "소개글");
    c.finish()?;
    if !store::owned_minimi(&state.db, owner).await?.contains(&input.minimi) {
        return Err(AppError::bad_request("MINIMI_NOT_OWNED", "가지고 있는 미니미만 고를 수 있습니다."));
    }
    store::update_home(&state.db, owner, &title, &intro, &input.minimi).await?;
    existing(state, owner).await
}

// ------------------------------------------------------------------ comments and likes

/// Where a comment or like points: (owner, visibility) of the diary entry or photo post.
async fn target(state: &AppState, kind: &str, id: u64) -> Result<(u64, Visibility), AppError> {
    let found = match kind {
        "DIARY" => store::diary_get(&state.db, id).await?.map(|d| (d.owner_id, d.visibility)),
        "PHOTO" => store::post_get(&state.db, id).await?.map(|p| (p.owner_id, p.visibility)),
        "GUESTBOOK" => store::guestbook_get(&state.db, id)
            .await?
            .map(|g| (g.owner_id, if g.secret { Visibility::Private } else { Visibility::Public })),
        _ => None,
    };
    found.ok_or_else(|| AppError::not_found("NOT_FOUND", "글을 찾을 수 없습니다."))
}

/// Reads a target for `me`; secret guestbook entries also open for their writer.
async fn readable_target(state: &AppState, me: &AuthUser, kind: &str, id: u64) -> Result<u64, AppError> {
    let (owner, vis) = target(state, kind, id).await?;
    let rel = relation(state, Some(me), owner).await?;
    let writer_of_secret = kind == "GUESTBOOK" && store::guestbook_get(&state.db, id).await?.is_some_and(|g| g.writer_id == me.id());
    if !vis.allows(rel) && !writer_of_secret {
        // Same answer as for a missing entry: no hint that something private exists.
        return Err(AppError::not_found("NOT_FOUND", "글을 찾을 수 없습니다."));
    }
    Ok(owner)
}

pub fn comment_kind(kind: &str) -> Result<&'static str, AppError> {
    match kind {
        "DIARY" | "diary" => Ok("DIARY"),
        "PHOTO" | "photo" => Ok("PHOTO"),
        _ => Err(AppError::bad_request("INVALID_TARGET", "댓글을 달 수 없는 대상입니다.")),
    }
}

pub fn like_kind(kind: &str) -> Result<&'static str, AppError> {
    match kind {
        "PHOTO" | "photo" => Ok("PHOTO"),
        "GUESTBOOK" | "guestbook" => Ok("GUESTBOOK"),
        _ => Err(AppError::bad_request("INVALID_TARGET", "좋아요를 누를 수 없는 대상입니다.")),
    }
}

pub async fn add_comment(state: &AppState, me: &AuthUser, kind: &str, id: u64, body: &str) -> Result<u64, AppError> {
    let kind = comment_kind(kind)?;
    let mut c = Check::default();
    let body = c.text("body", body, 1, 300, "댓글");
    c.finish()?;
    readable_target(state, me, kind, id).await?;
    Ok(store::comment_insert(&state.db, kind, id, me.id(), &body).await?)
}

/// The writer or the owner of the entry deletes a comment; it stays as "삭제된 댓글입니다".
pub async fn delete_comment(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let (kind, target_id, writer, _) =
        store::comment_get(&state.db, id).await?.ok_or_else(|| AppError::not_found("COMMENT_NOT_FOUND", "댓글을 찾을 수 없습니다."))?;
    let (owner, _) = target(state, &kind, target_id).await?;
    if me.id() != writer && me.id() != owner {
        return Err(AppError::forbidden("댓글을 쓴 사람이나 홈피 주인만 지울 수 있습니다."));
    }
    store::comment_soft_delete(&state.db, id).await?;
    Ok(())
}

pub async fn toggle_like(state: &AppState, me: &AuthUser, kind: &str, id: u64) -> Result<LikeState, AppError> {
    let kind = like_kind(kind)?;
    readable_target(state, me, kind, id).await?;
    let liked = store::like_toggle(&state.db, kind, id, me.id()).await?;
    let count = store::like_counts(&state.db, kind, &[id], None).await?.first().map(|r| r.1).unwrap_or(0);
    Ok(LikeState { liked, count })
}

fn group_comments(rows: Vec<CommentRow>, viewer: Option<u64>, owner: u64) -> std::collections::HashMap<u64, Vec<Comment>> {
    let mut map: std::collections::HashMap<u64, Vec<Comment>> = Default::default();
    for r in rows {
        map.entry(r.target_id).or_default().push(r.into_comment(viewer, owner));
    }
    map
}

// ------------------------------------------------------------------ diary

/// Dates MySQL can store and people mean (chrono would also take "+262143").
fn sane(d: NaiveDate) -> Option<NaiveDate> {
    (1000..=9999).contains(&d.year()).then_some(d)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().and_then(sane)
}

fn parse_month(s: &str) -> Option<NaiveDate> {
    parse_date(&format!("{s}-01"))
}

fn next_month(d: NaiveDate) -> NaiveDate {
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
        Some(d) => Some(parse_date(d).ok_or_else(|| AppError::bad_request("INVALID_QUERY", "날짜는 yyyy-MM-dd 형식이어야 합니다."))?),
        None => None,
    };
    let month_start = match month.filter(|m| !m.is_empty()) {
        Some(m) => parse_month(m).ok_or_else(|| AppError::bad_request("INVALID_QUERY", "달은 yyyy-MM 형식이어야 합니다."))?,
        None => {
            let d = day.unwrap_or_else(|| kst_day(now));
            NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("first of month")
        }
    };
    let page = page.max(1);
    let (rows, total) = store::diary_page(&state.db, owner, &vis, day, page - 1, DIARY_PAGE).await?;
    let ids: Vec<u64> = rows.iter().map(|r| r.id).collect();
    let viewer_id = viewer.map(AuthUser::id);
    let mut comments = group_comments(store::comments_for(&state.db, "DIARY", &ids).await?, viewer_id, owner);
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

fn check_diary(input: &DiaryInput) -> Result<(NaiveDate, String, String, Visibility), AppError> {
    let mut c = Check::default();
    let date = parse_date(&input.entry_date);
    if date.is_none() {
        c.0.push(InvalidField { field: "entryDate".into(), message: "날짜를 yyyy-MM-dd 형식으로 골라 주세요.".into() });
    }
    let title = c.text("title", &input.title, 1, 100, "제목");
    let body = c.text("body", &input.body, 1, 5000, "내용");
    let vis = c.visibility(&input.visibility);
    c.finish()?;
    Ok((date.expect("checked"), title, body, vis))
}

pub async fn diary_create(state: &AppState, me: &AuthUser, owner: u64, input: DiaryInput) -> Result<u64, AppError> {
    existing(state, owner).await?;
    owner_only(me, owner)?;
    let (date, title, body, vis) = check_diary(&input)?;
    Ok(store::diary_insert(&state.db, owner, date, &title, &body, vis).await?)
}

async fn own_diary(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let d = store::diary_get(&state.db, id).await?.ok_or_else(|| AppError::not_found("DIARY_NOT_FOUND", "다이어리를 찾을 수 없습니다."))?;
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

// ------------------------------------------------------------------ photo album

pub async fn photos(
    state: &AppState,
    viewer: Option<&AuthUser>,
    owner: u64,
    folder: Option<u64>,
    page: u32,
) -> Result<PhotoPage, AppError> {
    existing(state, owner).await?;
    let rel = relation(state, viewer, owner).await?;
    let vis = allowed(rel);
    let page = page.max(1);
    let (rows, total) = store::posts_page(&state.db, owner, &vis, folder, page - 1, PHOTO_PAGE).await?;
    let ids: Vec<u64> = rows.iter().map(|r| r.id).collect();
    let viewer_id = viewer.map(AuthUser::id);
    let mut media: std::collections::HashMap<u64, Vec<Media>> = Default::default();
    for m in store::media_for(&state.db, &ids).await? {
        media.entry(m.post_id.unwrap_or(0)).or_default().push(m.media());
    }
    let likes: std::collections::HashMap<u64, (i64, i64)> =
        store::like_counts(&state.db, "PHOTO", &ids, viewer_id).await?.into_iter().map(|(id, n, mine)| (id, (n, mine))).collect();
    let mut comments = group_comments(store::comments_for(&state.db, "PHOTO", &ids).await?, viewer_id, owner);
    let posts = rows
        .into_iter()
        .map(|r| {
            let (like_count, mine) = likes.get(&r.id).copied().unwrap_or((0, 0));
            PhotoPost {
                media: media.remove(&r.id).unwrap_or_default(),
                comments: comments.remove(&r.id).unwrap_or_default(),
                like_count,
                liked: mine > 0,
                id: r.id,
                owner_id: r.owner_id,
                folder_id: r.folder_id,
                title: r.title,
                body: r.body,
                visibility: r.visibility,
                created_at: r.created_at,
            }
        })
        .collect();
    // Others see only folders with something they may open: names alone can say too much.
    let folders = store::folders(&state.db, owner, &vis).await?.into_iter().filter(|f| rel == Relation::Owner || f.posts > 0).collect();
    Ok(PhotoPage { folders, folder, posts, page, total_pages: pages(total, PHOTO_PAGE) })
}

async fn check_folder(state: &AppState, owner: u64, folder: Option<u64>) -> Result<(), AppError> {
    if let Some(f) = folder {
        if store::folder_owner(&state.db, f).await? != Some(owner) {
            return Err(AppError::bad_request("FOLDER_NOT_FOUND", "폴더를 찾을 수 없습니다."));
        }
    }
    Ok(())
}

fn check_post(input: &PhotoPostInput) -> Result<(String, String, Visibility), AppError> {
    let mut c = Check::default();
    let title = c.text("title", &input.title, 1, 100, "제목");
    let body = c.text("body", &input.body, 0, 2000, "내용");
    let vis = c.visibility(&input.visibility);
    c.finish()?;
    Ok((title, body, vis))
}

pub async fn post_create(state: &AppState, me: &AuthUser, owner: u64, input: PhotoPostInput) -> Result<u64, AppError> {
    existing(state, owner).await?;
    owner_only(me, owner)?;
    let (title, body, vis) = check_post(&input)?;
    if input.media_ids.is_empty() || input.media_ids.len() > 10 {
        return Err(AppError::invalid_fields(vec![InvalidField {
            field: "media".into(),
            message: "사진이나 동영상을 1~10개 올려 주세요.".into(),
        }]));
    }
    check_folder(state, owner, input.folder_id).await?;
    store::post_insert(
        &state.db,
        store::NewPost { owner, folder: input.folder_id, title: &title, body: &body, visibility: vis },
        &input.media_ids,
    )
    .await?
    .ok_or_else(|| AppError::bad_request("MEDIA_NOT_AVAILABLE", "올린 파일을 찾을 수 없습니다. 다시 올려 주세요."))
}

async fn own_post(state: &AppState, me: &AuthUser, id: u64) -> Result<u64, AppError> {
    let p = store::post_get(&state.db, id).await?.ok_or_else(|| AppError::not_found("POST_NOT_FOUND", "사진을 찾을 수 없습니다."))?;
    owner_only(me, p.owner_id)?;
    Ok(p.owner_id)
}

pub async fn post_update(state: &AppState, me: &AuthUser, id: u64, input: PhotoPostInput) -> Result<(), AppError> {
    let owner = own_post(state, me, id).await?;
    let (title, body, vis) = check_post(&input)?;
    check_folder(state, owner, input.folder_id).await?;
    Ok(store::post_update(&state.db, id, input.folder_id, &title, &body, vis).await?)
}

pub async fn post_delete(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    own_post(state, me, id).await?;
    let files = store::post_delete(&state.db, id).await?;
    super::media::remove_files(state, &files).await;
    Ok(())
}

pub async fn folder_create(state: &AppState, me: &AuthUser, owner: u64, name: &str) -> Result<u64, AppError> {
    existing(state, owner).await?;
    owner_only(me, owner)?;
    let mut c = Check::default();
    let name = c.text("name", name, 1, 30, "폴더 이름");
    c.finish()?;
    store::folder_insert(&state.db, owner, &name).await?.ok_or_else(|| AppError::conflict("FOLDER_EXISTS", "같은 이름의 폴더가 있습니다."))
}

pub async fn folder_delete(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let owner =
        store::folder_owner(&state.db, id).await?.ok_or_else(|| AppError::not_found("FOLDER_NOT_FOUND", "폴더를 찾을 수 없습니다."))?;
    owner_only(me, owner)?;
    Ok(store::folder_delete(&state.db, id).await?)
}

// ------------------------------------------------------------------ guestbook

fn guestbook_entry(g: store::GuestbookRow, viewer: Option<u64>, likes: &std::collections::HashMap<u64, (i64, i64)>) -> GuestbookEntry {
    let (like_count, mine) = likes.get(&g.id).copied().unwrap_or((0, 0));
    GuestbookEntry {
        can_edit: viewer == Some(g.writer_id),
        can_delete: viewer.is_some_and(|v| v == g.writer_id || v == g.owner_id),
        like_count,
        liked: mine > 0,
        id: g.id,
        owner_id: g.owner_id,
        writer_id: g.writer_id,
        writer_nickname: g.writer_nickname,
        writer_minimi: g.writer_minimi,
        body: g.body,
        secret: g.secret,
        reply: g.reply,
        created_at: g.created_at,
    }
}

/// Secret entries appear only for the owner and their writer.
pub async fn guestbook(state: &AppState, viewer: Option<&AuthUser>, owner: u64, page: u32) -> Result<GuestbookPage, AppError> {
    existing(state, owner).await?;
    let viewer_id = viewer.map(AuthUser::id);
    let page = page.max(1);
    let (rows, total) = store::guestbook_page(&state.db, owner, viewer_id, page - 1, GUESTBOOK_PAGE).await?;
    let ids: Vec<u64> = rows.iter().map(|r| r.id).collect();
    let likes = store::like_counts(&state.db, "GUESTBOOK", &ids, viewer_id).await?.into_iter().map(|(id, n, m)| (id, (n, m))).collect();
    Ok(GuestbookPage {
        entries: rows.into_iter().map(|g| guestbook_entry(g, viewer_id, &likes)).collect(),
        page,
        total_pages: pages(total, GUESTBOOK_PAGE),
    })
}

pub async fn guestbook_write(state: &AppState, me: &AuthUser, owner: u64, input: GuestbookInput) -> Result<u64, AppError> {
    existing(state, owner).await?;
    let mut c = Check::default();
    let body = c.text("body", &input.body, 1, 1000, "방명록");
    c.finish()?;
    Ok(store::guestbook_insert(&state.db, owner, me.id(), &body, input.secret).await?)
}

async fn guestbook_row(state: &AppState, id: u64) -> Result<store::GuestbookRow, AppError> {
    store::guestbook_get(&state.db, id).await?.ok_or_else(|| AppError::not_found("GUESTBOOK_NOT_FOUND", "방명록 글을 찾을 수 없습니다."))
}

/// Only the writer edits.
pub async fn guestbook_edit(state: &AppState, me: &AuthUser, id: u64, input: GuestbookInput) -> Result<(), AppError> {
    let g = guestbook_row(state, id).await?;
    if g.writer_id != me.id() {
        return Err(AppError::forbidden("쓴 사람만 고칠 수 있습니다."));
    }
    let mut c = Check::default();
    let body = c.text("body", &input.body, 1, 1000, "방명록");
    c.finish()?;
    Ok(store::guestbook_update(&state.db, id, &body, input.secret).await?)
}

/// The owner or the writer deletes.
pub async fn guestbook_delete(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let g = guestbook_row(state, id).await?;
    if g.writer_id != me.id() && g.owner_id != me.id() {
        return Err(AppError::forbidden("홈피 주인이나 쓴 사람만 지울 수 있습니다."));
    }
    Ok(store::guestbook_delete(&state.db, id).await?)
}

/// Only the owner replies; an empty reply removes it.
pub async fn guestbook_reply(state: &AppState, me: &AuthUser, id: u64, reply: &str) -> Result<(), AppError> {
    let g = guestbook_row(state, id).await?;
    owner_only(me, g.owner_id)?;
    let mut c = Check::default();
    let reply = c.text("reply", reply, 0, 1000, "답글");
    c.finish()?;
    Ok(store::guestbook_reply(&state.db, id, (!reply.is_empty()).then_some(reply.as_str())).await?)
}

// ------------------------------------------------------------------ 파도타기 and search

/// A random 일촌 of `from`, or a random home when `from` has none.
pub async fn surf(state: &AppState, from: Option<u64>) -> Result<Option<u64>, AppError> {
    if let Some(f) = from {
        if let Some(id) = relations::random_ilchon(&state.db, f).await? {
            return Ok(Some(id));
        }
    }
    Ok(store::random(&state.db, from).await?)
}

pub async fn search(state: &AppState, q: &str, page: u32) -> Result<SearchPage, AppError> {
    let q = q.trim();
    let n = q.chars().count();
    if n == 0 || n > 100 {
        return Err(AppError::invalid_fields(vec![InvalidField {
            field: "q".into(), message: "검색어를 1~100자로 적어 주세요.".into()
        }]));
    }
    let page = page.max(1);
    let (mut hits, total) = store::search(&state.db, q, page - 1, SEARCH_PAGE).await?;
    for h in &mut hits {
        h.profile_img = h.profile_img.take().map(|f| crate::file_url::file_url(crate::file_url::FileKind::Profile, &f));
    }
    Ok(SearchPage { hits, page, total_pages: pages(total, SEARCH_PAGE), total })
}
