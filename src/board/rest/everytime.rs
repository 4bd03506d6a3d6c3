//! The Everytime document's board API (`seeds/004_e1b1470e1bdac972.txt`, a Django REST
//! framework `ModelViewSet` registered as `board`): `GET|POST /board/` with the `name` and
//! `school_id` filters, `GET|PUT|DELETE /board/{id}/`, in its snake_case shape with the
//! category's Korean word. Served at the root, as the document's clients call it, and
//! under /api; the same service as `/api/boards` and `/api/admin/boards`.
//!
//! Differences (README): only staff change boards (the document allows anyone), DELETE
//! retires a board so its posts stay (a retired board then answers 404, as the document
//! shows after a delete), and errors have the site's one error shape.

use super::super::{model::*, service};
use crate::{
    account::auth::{AuthUser, MaybeUser},
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use chrono::{FixedOffset, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new().route("/board/", get(list).post(create)).route("/board/{id}/", get(detail).put(update).delete(retire))
}

/// A board as the document's serializer writes it (`fields = '__all__'`).
#[derive(Debug, Serialize, ToSchema)]
pub struct EverytimeBoard {
    id: u64,
    /// When it was made, in Korea's offset (`2023-04-01T01:33:26.211450+09:00`).
    created_at: String,
    updated_at: String,
    /// 학과, 진로, 홍보, 단체, 자유 or 정보.
    category: String,
    name: String,
    is_deleted: bool,
    school_id: u64,
}

/// What the document posts: the category as its Korean word (or our code), the name and
/// the school.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EverytimeBoardInput {
    category: String,
    name: String,
    school_id: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EverytimeFilter {
    /// Only the board with exactly this name (the document's `CharFilter`).
    name: Option<String>,
    /// Only this school's boards.
    school_id: Option<u64>,
}

fn kst(t: NaiveDateTime) -> String {
    let korea = FixedOffset::east_opt(9 * 3600).expect("a valid offset");
    Utc.from_utc_datetime(&t).with_timezone(&korea).to_rfc3339_opts(SecondsFormat::Micros, false)
}

fn shape(b: Board) -> EverytimeBoard {
    EverytimeBoard {
        id: b.id,
        created_at: kst(b.created_at),
        updated_at: kst(b.updated_at),
        category: b.category.label().to_owned(),
        name: b.name,
        is_deleted: b.retired,
        school_id: b.school_id,
    }
}

fn category(word: &str) -> Result<BoardCategory, AppError> {
    let word = word.trim();
    BoardCategory::ALL.iter().copied().find(|c| c.label() == word || c.as_str() == word).ok_or_else(|| {
        let words: Vec<&str> = BoardCategory::ALL.iter().map(|c| c.label()).collect();
        AppError::invalid_field("category", format!("게시판 분류는 {} 중 하나로 적어 주세요.", words.join(", ")))
    })
}

/// A board that is there (a retired one is gone, as after the document's DELETE).
async fn live_board(s: &AppState, me: Option<&AuthUser>, id: u64) -> Result<Board, AppError> {
    let b = service::get_board(s, me, id).await?;
    if b.retired {
        return Err(service::board_not_found());
    }
    Ok(b)
}

/// Every board that is there, newest first (the document's example order).
#[utoipa::path(get, path = "/board/", tag = "everytime", params(EverytimeFilter), responses((status = 200, body = Vec<EverytimeBoard>)))]
async fn list(
    State(s): State<AppState>,
    MaybeUser(me): MaybeUser,
    ApiQuery(q): ApiQuery<EverytimeFilter>,
) -> Result<Json<Vec<EverytimeBoard>>, AppError> {
    let name = q.name.as_deref().map(str::trim).unwrap_or("");
    let mut boards: Vec<Board> = service::list_boards(&s, me.as_ref(), q.school_id, name)
        .await?
        .into_iter()
        .filter(|b| !b.retired && (name.is_empty() || b.name == name))
        .collect();
    boards.sort_by_key(|b| std::cmp::Reverse(b.id));
    Ok(Json(boards.into_iter().map(shape).collect()))
}

#[utoipa::path(get, path = "/board/{id}/", tag = "everytime", params(("id" = u64, Path, description = "board")),
    responses((status = 200, body = EverytimeBoard), (status = 404, body = ErrorBody, description = "BOARD_NOT_FOUND")))]
async fn detail(State(s): State<AppState>, MaybeUser(me): MaybeUser, ApiPath(id): ApiPath<u64>) -> Result<Json<EverytimeBoard>, AppError> {
    Ok(Json(shape(live_board(&s, me.as_ref(), id).await?)))
}

/// Staff add a board (members: 403).
#[utoipa::path(post, path = "/board/", tag = "everytime", request_body = EverytimeBoardInput, security(("bearer" = [])),
    responses((status = 201, body = EverytimeBoard), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "SCHOOL_NOT_FOUND"),
              (status = 409, body = ErrorBody, description = "a board of that name in the school")))]
async fn create(State(s): State<AppState>, me: AuthUser, ApiJson(i): ApiJson<EverytimeBoardInput>) -> Result<Response, AppError> {
    let input = BoardInput {
        school_id: i.school_id,
        category: category(&i.category)?,
        name: i.name,
        description: String::new(),
        anonymous_allowed: true,
        questions_allowed: false,
        retired: false,
    };
    let b = service::save_board(&s, &me, None, &input).await?;
    Ok((StatusCode::CREATED, Json(shape(b))).into_response())
}

/// Staff change a board's category and name (its school stays).
#[utoipa::path(put, path = "/board/{id}/", tag = "everytime", request_body = EverytimeBoardInput, security(("bearer" = [])),
    params(("id" = u64, Path, description = "board")),
    responses((status = 200, body = EverytimeBoard), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(i): ApiJson<EverytimeBoardInput>,
) -> Result<Json<EverytimeBoard>, AppError> {
    let change = service::LiveBoardChange::Rename { category: category(&i.category)?, name: i.name };
    Ok(Json(shape(service::change_live_board(&s, &me, id, change).await?)))
}

/// Staff retire a board: it is gone from this API, its posts stay on record.
#[utoipa::path(delete, path = "/board/{id}/", tag = "everytime", security(("bearer" = [])), params(("id" = u64, Path, description = "board")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn retire(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::change_live_board(&s, &me, id, service::LiveBoardChange::Retire).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, detail, create, update, retire), components(schemas(EverytimeBoard, EverytimeBoardInput)))]
pub struct Api;
