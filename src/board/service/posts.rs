//! Posts: the home, lists, search, HOT and BEST, a post with its comments, writing,
//! editing, soft deletes, 공감 and scraps. Every post that leaves the server is built by
//! `summary` or `get_post` here: an anonymous post carries `익명` and no id, nickname or
//! picture of its writer (docs/design/board-anonymity.md).

use super::super::{model::*, store};
use super::{board_for_reader, board_for_writer, count_write, display_name, page_offset, pages, post_not_found, reader_of, seat, Seat};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode, FieldErrors},
    file_url::{file_url, FileKind},
    server::{stores::like_contains, AppState},
};

/// Newest posts shown per board on the home, and HOT posts there.
const HOME_POSTS: u32 = 5;
const HOME_HOT: u32 = 4;
/// BEST: the most 공감 among the posts of the last days.
const BEST_DAYS: i64 = 7;
const BEST_COUNT: u32 = 20;
/// Search words used at most (the rest are ignored), and their length.
const MAX_WORDS: usize = 5;
const MAX_WORD_CHARS: usize = 40;

pub(super) const DELETED_TITLE: &str = "삭제된 글입니다";
pub(super) const HIDDEN_TITLE: &str = "운영 정책에 따라 가려진 글입니다";
pub(super) const HELD_TITLE: &str = "신고가 많아 검토 중인 글입니다";

/// What a post that is no longer shown says in place of its title.
pub(super) fn gone_title(status: ContentStatus) -> Option<&'static str> {
    match status {
        ContentStatus::Visible => None,
        ContentStatus::Deleted => Some(DELETED_TITLE),
        ContentStatus::Hidden => Some(HIDDEN_TITLE),
        ContentStatus::Held => Some(HELD_TITLE),
    }
}

fn gone() -> AppError {
    AppError::conflict(ErrorCode::ContentGone, "삭제되었거나 가려진 글입니다.")
}

fn first_line(body: &str) -> String {
    body.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").chars().take(100).collect()
}

/// A list line. The writer's id and nickname go only into named posts.
pub(super) fn summary(r: store::SummaryRow) -> PostSummary {
    let gone = gone_title(r.status);
    PostSummary {
        id: r.id,
        board_id: r.board_id,
        board_name: r.board_name,
        title: gone.map(str::to_owned).unwrap_or(r.title),
        excerpt: if gone.is_some() || r.text_hidden { String::new() } else { first_line(&r.excerpt) },
        writer: display_name(r.anonymous, None, &r.writer_nickname),
        writer_id: (!r.anonymous).then_some(r.author_id),
        anonymous: r.anonymous,
        question: r.question,
        status: r.status,
        like_count: r.like_count,
        comment_count: r.comment_count,
        scrap_count: r.scrap_count,
        view_count: r.view_count,
        has_images: r.has_images && gone.is_none(),
        created_at: r.created_at,
    }
}

fn post_page(rows: Vec<store::SummaryRow>, total: i64, page: u32) -> PostPage {
    PostPage { posts: rows.into_iter().map(summary).collect(), page, total_pages: pages(total) }
}

/// The words of a search as LIKE patterns (each must match the title or the text).
fn search_words(q: &str) -> Vec<String> {
    q.split_whitespace().take(MAX_WORDS).map(|w| like_contains(&w.chars().take(MAX_WORD_CHARS).collect::<String>())).collect()
}

/// A post the member may read (a member of its school, or staff), with its board.
pub async fn post_for_reader(state: &AppState, me: &AuthUser, post_id: u64) -> Result<(store::PostRow, Board, Seat), AppError> {
    let post = store::post_get(&state.db, post_id).await?.ok_or_else(post_not_found)?;
    let (board, seat) = board_for_reader(state, me, post.board_id).await?;
    Ok((post, board, seat))
}

pub async fn home(state: &AppState, me: &AuthUser) -> Result<CommunityHome, AppError> {
    let my = super::my_community(state, me).await?;
    let notices = super::notices(state, me).await?;
    let Some(school_id) = my.membership.as_ref().map(|m| m.school_id) else {
        return Ok(CommunityHome { me: my, school: None, boards: vec![], hot: vec![], notices });
    };
    let school = super::get_school(state, school_id).await?;
    let pins = super::pinned_board_ids(state, me.id()).await?;
    let mut boards: Vec<Board> =
        super::list_boards(state, Some(me), Some(school_id), "").await?.into_iter().filter(|b| !b.retired).collect();
    boards.sort_by_key(|b| pins.iter().position(|p| *p == b.id).unwrap_or(usize::MAX));
    let newest = store::newest_per_board(&state.db, school_id, HOME_POSTS).await?;
    let boards = boards
        .into_iter()
        .map(|board| {
            let posts = newest.iter().filter(|r| r.board_id == board.id).cloned().map(summary).collect();
            BoardPreview { board, posts }
        })
        .collect();
    let hot = store::hot_page(&state.db, school_id, HOT_LIKES, 0, HOME_HOT).await?.into_iter().map(summary).collect();
    Ok(CommunityHome { me: my, school: Some(school), boards, hot, notices })
}

pub async fn board_posts(state: &AppState, me: &AuthUser, board_id: u64, page: u32, q: &str) -> Result<(Board, PostPage), AppError> {
    let (board, _) = board_for_reader(state, me, board_id).await?;
    let (page, offset) = page_offset(page);
    let words = search_words(q);
    let (rows, total) = if words.is_empty() {
        (store::board_page(&state.db, board_id, offset, PAGE_SIZE).await?, store::board_count(&state.db, board_id).await?)
    } else {
        store::search_page(&state.db, store::Scope::Board(board_id), &words, offset, PAGE_SIZE).await?
    };
    Ok((board, post_page(rows, total, page)))
}

pub async fn search_school(state: &AppState, me: &AuthUser, q: &str, page: u32) -> Result<PostPage, AppError> {
    let seat = seat(state, me).await?;
    let words = search_words(q);
    if words.is_empty() {
        return Err(AppError::bad_request(ErrorCode::InvalidQuery, "검색어를 입력해 주세요."));
    }
    let (page, offset) = page_offset(page);
    let (rows, total) = store::search_page(&state.db, store::Scope::School(seat.school_id), &words, offset, PAGE_SIZE).await?;
    Ok(post_page(rows, total, page))
}

pub async fn hot_posts(state: &AppState, me: &AuthUser, page: u32) -> Result<PostPage, AppError> {
    let seat = seat(state, me).await?;
    let (page, offset) = page_offset(page);
    let rows = store::hot_page(&state.db, seat.school_id, HOT_LIKES, offset, PAGE_SIZE).await?;
    let total = store::hot_count(&state.db, seat.school_id, HOT_LIKES).await?;
    Ok(post_page(rows, total, page))
}

pub async fn best_posts(state: &AppState, me: &AuthUser) -> Result<Vec<PostSummary>, AppError> {
    let seat = seat(state, me).await?;
    let since = chrono::Utc::now().naive_utc() - chrono::Duration::days(BEST_DAYS);
    Ok(store::best(&state.db, seat.school_id, since, BEST_COUNT).await?.into_iter().map(summary).collect())
}

/// A post with all its comments (replies under their comment); counts a view. A deleted,
/// hidden or held post keeps its place without its text and pictures.
pub async fn get_post(state: &AppState, me: &AuthUser, post_id: u64) -> Result<PostView, AppError> {
    let (post, board, _) = post_for_reader(state, me, post_id).await?;
    store::add_view(&state.db, post_id).await?;
    let (liked, scrapped) = store::post_marks(&state.db, post_id, me.id()).await?;
    let gone = gone_title(post.status);
    let images = match gone {
        Some(_) => vec![],
        None => store::post_media(&state.db, post_id)
            .await?
            .into_iter()
            .map(|m| PostImage {
                id: m.id,
                url: file_url(FileKind::Board, &m.file),
                thumb_url: file_url(FileKind::Board, &m.thumb),
                width: m.width,
                height: m.height,
            })
            .collect(),
    };
    let comments = match post.status {
        ContentStatus::Hidden | ContentStatus::Held => vec![],
        _ => super::comment_views(state, &post, me.id()).await?,
    };
    let body = if gone.is_some() || post.text_hidden { String::new() } else { post.body };
    Ok(PostView {
        id: post.id,
        board,
        title: gone.map(str::to_owned).unwrap_or(post.title),
        body,
        writer: display_name(post.anonymous, None, &post.writer_nickname),
        writer_id: (!post.anonymous).then_some(post.author_id),
        writer_avatar: (!post.anonymous).then(|| crate::hompy::model::minimi_src(post.writer_minimi.as_deref().unwrap_or("basic-girl"))),
        anonymous: post.anonymous,
        question: post.question,
        status: post.status,
        text_hidden: post.text_hidden,
        images,
        like_count: post.like_count,
        scrap_count: post.scrap_count,
        comment_count: post.comment_count,
        view_count: post.view_count + 1,
        liked,
        scrapped,
        mine: post.author_id == me.id(),
        created_at: post.created_at,
        updated_at: post.updated_at,
        comments,
    })
}

/// Title and text, checked.
fn post_text(input: &PostInput) -> Result<(String, String), AppError> {
    let mut f = FieldErrors::default();
    let title = f.text("title", &input.title, 1, 100, "제목");
    let body = f.text("body", &input.body, 1, 5000, "내용");
    f.finish()?;
    Ok((title, body))
}

fn check_images(ids: &[u64]) -> Result<(), AppError> {
    if ids.len() > MAX_IMAGES {
        return Err(AppError::bad_request(ErrorCode::TooManyImages, format!("사진은 {MAX_IMAGES}장까지 올릴 수 있습니다.")));
    }
    let mut seen = std::collections::HashSet::new();
    if !ids.iter().all(|id| seen.insert(*id)) {
        return Err(AppError::bad_request(ErrorCode::BadRequest, "같은 사진이 두 번 들어 있습니다."));
    }
    Ok(())
}

fn bad_image() -> AppError {
    AppError::bad_request(ErrorCode::BadRequest, "올린 사진을 찾을 수 없습니다. 사진을 다시 올려 주세요.")
}

pub async fn create_post(state: &AppState, me: &AuthUser, board_id: u64, input: &PostInput) -> Result<u64, AppError> {
    let (board, seat) = board_for_writer(state, me, board_id).await?;
    let (title, body) = post_text(input)?;
    if input.anonymous && !board.anonymous_allowed {
        return Err(AppError::bad_request(ErrorCode::AnonymousNotAllowed, "이 게시판에서는 익명으로 글을 쓸 수 없습니다."));
    }
    if input.question && !board.questions_allowed {
        return Err(AppError::bad_request(ErrorCode::BadRequest, "이 게시판에서는 질문 글을 쓸 수 없습니다."));
    }
    check_images(&input.image_ids)?;
    me.require_verified_email(state).await?;
    count_write(state, "board-post", me.id(), 10, 600).await?;
    let mut tx = state.db.begin().await?;
    let id = store::post_insert(
        &mut tx,
        store::NewPost {
            board_id,
            school_id: seat.school_id,
            author_id: me.id(),
            anonymous: input.anonymous,
            question: input.question,
            title: &title,
            body: &body,
        },
    )
    .await?;
    for (position, media) in input.image_ids.iter().enumerate() {
        if !store::media_attach(&mut tx, *media, me.id(), id, position as u8).await? {
            return Err(bad_image());
        }
    }
    tx.commit().await?;
    Ok(id)
}

/// The writer changes title, text and pictures (`image_ids`: the post's own pictures to
/// keep and newly uploaded ones, in order). Anonymity and the question flag stay as written.
pub async fn update_post(state: &AppState, me: &AuthUser, post_id: u64, input: &PostInput) -> Result<(), AppError> {
    let post = store::post_get(&state.db, post_id).await?.ok_or_else(post_not_found)?;
    if post.author_id != me.id() {
        return Err(AppError::forbidden("내가 쓴 글만 고칠 수 있습니다."));
    }
    board_for_writer(state, me, post.board_id).await?;
    let (title, body) = post_text(input)?;
    check_images(&input.image_ids)?;
    let mut tx = state.db.begin().await?;
    // Checked on the locked row: a post held or hidden a moment ago stays as staff left it.
    let locked = store::post_lock(&mut tx, post_id).await?.ok_or_else(post_not_found)?;
    if locked.status != ContentStatus::Visible || locked.text_hidden {
        return Err(gone());
    }
    let current = store::post_media_locked(&mut tx, post_id).await?;
    for (position, media) in input.image_ids.iter().enumerate() {
        if current.iter().any(|m| m.id == *media) {
            store::media_reorder(&mut tx, *media, post_id, position as u8).await?;
        } else if !store::media_attach(&mut tx, *media, me.id(), post_id, position as u8).await? {
            return Err(bad_image());
        }
    }
    let removed: Vec<store::MediaRow> = current.into_iter().filter(|m| !input.image_ids.contains(&m.id)).collect();
    for m in &removed {
        store::media_delete(&mut tx, m.id).await?;
    }
    store::post_update_text(&mut tx, post_id, &title, &body).await?;
    tx.commit().await?;
    let files: Vec<String> = removed.into_iter().flat_map(|m| [m.file, m.thumb]).collect();
    super::remove_board_files(state, &files).await;
    Ok(())
}

/// The writer deletes a post (it stays as "삭제된 글입니다"); a question others answered
/// keeps its place and comments and only loses its text.
pub async fn delete_post(state: &AppState, me: &AuthUser, post_id: u64) -> Result<(), AppError> {
    let post = store::post_get(&state.db, post_id).await?.ok_or_else(post_not_found)?;
    if post.author_id != me.id() {
        return Err(AppError::forbidden("내가 쓴 글만 지울 수 있습니다."));
    }
    // A retired board is read-only, deleting included.
    board_for_writer(state, me, post.board_id).await?;
    // One transaction on the locked row: an answer arriving now (its insert locks the same
    // row) either counts here or comes after the delete.
    let mut tx = state.db.begin().await?;
    let locked = store::post_lock(&mut tx, post_id).await?.ok_or_else(post_not_found)?;
    if locked.status != ContentStatus::Visible || locked.text_hidden {
        return Err(gone());
    }
    if post.question && store::others_comments(&mut tx, post_id, post.author_id).await? > 0 {
        // Its pictures go with its text.
        let media = store::post_media_locked(&mut tx, post_id).await?;
        for m in &media {
            store::media_delete(&mut tx, m.id).await?;
        }
        store::post_hide_text(&mut tx, post_id).await?;
        tx.commit().await?;
        let files: Vec<String> = media.into_iter().flat_map(|m| [m.file, m.thumb]).collect();
        super::remove_board_files(state, &files).await;
        return Ok(());
    }
    if !store::post_set_deleted(&mut tx, post_id).await? {
        return Err(gone());
    }
    tx.commit().await?;
    Ok(())
}

/// 공감 on (once per member: the primary key decides races) or off.
pub async fn like_post(state: &AppState, me: &AuthUser, post_id: u64, on: bool) -> Result<Toggle, AppError> {
    let post = store::post_get(&state.db, post_id).await?.ok_or_else(post_not_found)?;
    board_for_writer(state, me, post.board_id).await?;
    let mut tx = state.db.begin().await?;
    let locked = store::post_lock(&mut tx, post_id).await?.ok_or_else(post_not_found)?;
    let change = if on {
        if locked.status != ContentStatus::Visible {
            return Err(gone());
        }
        if locked.author_id == me.id() {
            return Err(AppError::bad_request(ErrorCode::BadRequest, "내 글에는 공감할 수 없습니다."));
        }
        store::like_insert(&mut tx, "POST", post_id, me.id()).await?.then_some(true)
    } else {
        store::like_delete(&mut tx, "POST", post_id, me.id()).await?.then_some(false)
    };
    let count = store::post_likes_add(&mut tx, post_id, change).await?;
    tx.commit().await?;
    Ok(Toggle { on, count })
}

/// Scrap on (once per member) or off.
pub async fn scrap_post(state: &AppState, me: &AuthUser, post_id: u64, on: bool) -> Result<Toggle, AppError> {
    let post = store::post_get(&state.db, post_id).await?.ok_or_else(post_not_found)?;
    reader_of(state, me, post.school_id).await?;
    let mut tx = state.db.begin().await?;
    let locked = store::post_lock(&mut tx, post_id).await?.ok_or_else(post_not_found)?;
    let change = if on {
        if locked.status != ContentStatus::Visible {
            return Err(gone());
        }
        store::scrap_insert(&mut tx, post_id, me.id()).await?.then_some(true)
    } else {
        store::scrap_delete(&mut tx, post_id, me.id()).await?.then_some(false)
    };
    let count = store::post_scraps_add(&mut tx, post_id, change).await?;
    tx.commit().await?;
    Ok(Toggle { on, count })
}

pub async fn my_posts(state: &AppState, me: &AuthUser, page: u32) -> Result<PostPage, AppError> {
    let (page, offset) = page_offset(page);
    let rows = store::mine_page(&state.db, me.id(), offset, PAGE_SIZE).await?;
    let total = store::mine_count(&state.db, me.id()).await?;
    Ok(post_page(rows, total, page))
}

pub async fn my_scraps(state: &AppState, me: &AuthUser, page: u32) -> Result<PostPage, AppError> {
    let (page, offset) = page_offset(page);
    let rows = store::scraps_page(&state.db, me.id(), offset, PAGE_SIZE).await?;
    let total = store::scraps_count(&state.db, me.id()).await?;
    Ok(post_page(rows, total, page))
}
