//! REST of the ledger's reports (see service/summary.rs, recurring.rs, csv/): the month,
//! the 12-month trend, budgets, recurring rules, and the CSV export and import.

use super::super::{model::*, service};
use crate::{
    account::auth::{self, AuthUser},
    error::{AppError, ErrorCode, InvalidField},
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    body::Body,
    extract::{FromRequestParts, State},
    http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{delete, get, post, put},
    Json, Router,
};
use serde::Deserialize;
use utoipa::IntoParams;

/// The largest CSV an import takes: MAX_IMPORT_LINES lines of a 200-character memo fit.
const IMPORT_MAX_BYTES: usize = 5 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ledger/books/{id}/months/{month}", get(month))
        .route("/ledger/books/{id}/trend", get(trend))
        .route("/ledger/books/{id}/budgets", put(set_budget))
        .route("/ledger/books/{id}/recurring", get(list_recurring).post(create_recurring))
        .route("/ledger/recurring/{id}", delete(delete_recurring))
        .route("/ledger/books/{id}/export.csv", get(export_csv))
        .route("/ledger/books/{id}/import", post(import_csv))
}

/// A book's month: income, expense and net, the balance before and after, the list by day
/// (newest first, each day with its totals and the balance at its end), spending by
/// category (permille adding to 1000) and the budgets in effect.
#[utoipa::path(get, path = "/api/ledger/books/{id}/months/{month}", tag = "ledger", security(("bearer" = [])),
    params(("id" = u64, Path, description = "book"), ("month" = String, Path, description = "YYYY-MM")),
    responses((status = 200, body = MonthView), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: month"),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND (also a book not shared with the asker)")))]
async fn month(State(s): State<AppState>, me: AuthUser, ApiPath((id, month)): ApiPath<(u64, String)>) -> Result<Json<MonthView>, AppError> {
    Ok(Json(service::month_view(&s, &me, id, Some(&month)).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct TrendQuery {
    /// The last month ("YYYY-MM"); default this month (KST).
    until: Option<String>,
}

/// The 12 months ending with `until`, oldest first: each month's income, expense and the
/// balance at its end.
#[utoipa::path(get, path = "/api/ledger/books/{id}/trend", tag = "ledger", security(("bearer" = [])),
    params(("id" = u64, Path, description = "book"), TrendQuery),
    responses((status = 200, body = Vec<MonthTotal>), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: until"),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn trend(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<TrendQuery>,
) -> Result<Json<Vec<MonthTotal>>, AppError> {
    Ok(Json(service::trend(&s, &me, id, q.until.as_deref()).await?))
}

/// Sets an expense category's monthly budget from `month` on, until a later setting; an
/// amount of 0 ends it. Owner or editor.
#[utoipa::path(put, path = "/api/ledger/books/{id}/budgets", tag = "ledger", request_body = BudgetInput, security(("bearer" = [])),
    params(("id" = u64, Path, description = "book")),
    responses((status = 204, description = "set"),
              (status = 400, body = ErrorBody, description = "INVALID_FIELDS: month, amount (0 to 10,000,000,000), categoryId (not an expense category of the book)"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn set_budget(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(i): ApiJson<BudgetInput>,
) -> Result<StatusCode, AppError> {
    service::set_budget(&s, &me, id, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The book's recurring rules, each with the next date it will write on.
#[utoipa::path(get, path = "/api/ledger/books/{id}/recurring", tag = "ledger", security(("bearer" = [])),
    params(("id" = u64, Path, description = "book")),
    responses((status = 200, body = Vec<Recurring>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn list_recurring(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Vec<Recurring>>, AppError> {
    Ok(Json(service::list_recurring(&s, &me, id).await?))
}

/// Makes a rule that writes an entry on its day of every month (the last day of a shorter
/// month) from `startsOn` until `endsOn`; the periods already due are written at once.
/// Each period is written once, however many servers run the job.
#[utoipa::path(post, path = "/api/ledger/books/{id}/recurring", tag = "ledger", request_body = RecurringInput, security(("bearer" = [])),
    params(("id" = u64, Path, description = "book")),
    responses((status = 201, body = Recurring),
              (status = 400, body = ErrorBody, description = "INVALID_FIELDS: amount, dayOfMonth, startsOn, endsOn, memo, categoryId"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND"),
              (status = 409, body = ErrorBody, description = "LEDGER_LIMIT_REACHED: 50 rules")))]
async fn create_recurring(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(i): ApiJson<RecurringInput>,
) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(service::create_recurring(&s, &me, id, i).await?)).into_response())
}

/// Ends a rule; the entries it wrote stay. Owner or editor.
#[utoipa::path(delete, path = "/api/ledger/recurring/{id}", tag = "ledger", security(("bearer" = [])),
    params(("id" = u64, Path, description = "rule")),
    responses((status = 204, description = "deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "RECURRING_NOT_FOUND")))]
async fn delete_recurring(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_recurring(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who downloads the export: the Bearer token's member when there is one; else the
/// cookies' member, an expired access cookie refreshed as the pages do, so a plain
/// download link in the page works; with the cookies the answer must set.
struct Downloader {
    user: Option<AuthUser>,
    cookies: Vec<HeaderValue>,
}

impl FromRequestParts<AppState> for Downloader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            let user = AuthUser::from_request_parts(parts, state).await?;
            return Ok(Downloader { user: Some(user), cookies: vec![] });
        }
        let (user, cookies) = auth::from_cookies(state, parts).await?;
        Ok(Downloader { user, cookies })
    }
}

/// A file name as RFC 5987 writes it in `filename*` (every byte but the unreserved ones
/// percent-encoded).
fn rfc5987(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The book as CSV (UTF-8 with a BOM, so spreadsheet programs read Korean):
/// `날짜,구분,분류,금액,결제수단,메모`, one line per entry (the trash left out), oldest first,
/// quoted as RFC 4180 says. Saved as `<book name>.csv`.
#[utoipa::path(get, path = "/api/ledger/books/{id}/export.csv", tag = "ledger", security(("bearer" = [])),
    params(("id" = u64, Path, description = "book")),
    responses((status = 200, content_type = "text/csv", body = String, description = "BOM + header + one line per entry"),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn export_csv(State(s): State<AppState>, ApiPath(id): ApiPath<u64>, who: Downloader) -> Response {
    let res = async {
        let me = who.user.as_ref().ok_or_else(auth::login_required)?;
        let book = service::get_book(&s, me, id).await?;
        let text = service::export_csv(&s, me, id).await?;
        let disposition = format!("attachment; filename=\"ledger-{id}.csv\"; filename*=UTF-8''{}.csv", rfc5987(&book.name));
        let disposition = HeaderValue::from_str(&disposition).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ];
        Ok::<_, AppError>((headers, text).into_response())
    }
    .await;
    let mut res = res.unwrap_or_else(IntoResponse::into_response);
    for c in who.cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

#[derive(Deserialize, IntoParams)]
pub struct ImportQuery {
    /// false (default): a preview that writes nothing; true: write every line, or nothing
    /// when a line is refused.
    #[serde(default)]
    commit: bool,
}

/// Whether a body of this type may be CSV text (no type at all is taken as CSV).
fn may_be_csv(headers: &HeaderMap) -> bool {
    let Some(kind) = headers.get(header::CONTENT_TYPE) else { return true };
    let kind = kind.to_str().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    kind.starts_with("text/") || kind == "application/csv" || kind == "application/octet-stream" || kind == "application/vnd.ms-excel"
}

/// Reads a CSV into the book (owner or editor): the first line `날짜,구분,분류,금액,결제수단,메모`;
/// 날짜 2026-03-05 (or 2026.03.05, 2026/03/05); 구분 수입 or 지출; 금액 digits (1,234원 too);
/// 결제수단 현금, 카드, 계좌이체, 간편결제, 기타 (empty: 기타); a 분류 the book lacks is made.
/// `commit=false` is a preview that writes nothing. `commit=true` writes every line in one
/// transaction, or, when any line is refused, nothing: 422 IMPORT_REJECTED with each refused
/// line in `invalidFields` (`line 3`: why).
#[utoipa::path(post, path = "/api/ledger/books/{id}/import", tag = "ledger", security(("bearer" = [])),
    params(("id" = u64, Path, description = "book"), ImportQuery),
    request_body(content = String, content_type = "text/csv",
        example = "날짜,구분,분류,금액,결제수단,메모\n2026-03-05,지출,식비,12000,카드,\"점심, 김밥\""),
    responses((status = 200, body = ImportReport, description = "the preview, or what was written (imported: true)"),
              (status = 400, body = ErrorBody, description = "INVALID_CSV: not UTF-8, another header, empty, over 5000 lines"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND"),
              (status = 409, body = ErrorBody, description = "LEDGER_LIMIT_REACHED: the book would pass its entries or categories"),
              (status = 413, body = ErrorBody, description = "FILE_TOO_LARGE: over 5 MB"),
              (status = 415, body = ErrorBody, description = "not text/csv"),
              (status = 422, body = ErrorBody, description = "IMPORT_REJECTED (commit=true): lines refused, nothing written")))]
async fn import_csv(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportReport>, AppError> {
    if !may_be_csv(&headers) {
        return Err(AppError::new(415, ErrorCode::UnsupportedMediaType, "CSV 파일을 Content-Type: text/csv 로 보내 주세요."));
    }
    let bytes = axum::body::to_bytes(body, IMPORT_MAX_BYTES)
        .await
        .map_err(|_| AppError::new(413, ErrorCode::FileTooLarge, "CSV는 5MB까지 가져올 수 있습니다. 나누어서 올려 주세요."))?;
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| service::not_utf8_csv())?;
    let report = service::import_csv(&s, &me, id, &text, q.commit).await?;
    if q.commit && !report.rejected.is_empty() {
        let mut e = AppError::new(
            422,
            ErrorCode::ImportRejected,
            format!("{}줄을 가져올 수 없어 아무것도 가져오지 않았습니다. 고친 뒤 다시 올려 주세요.", report.rejected.len()),
        );
        e.field_errors =
            report.rejected.into_iter().map(|r| InvalidField { field: format!("line {}", r.line), message: r.reason }).collect();
        return Err(e);
    }
    Ok(Json(report))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(month, trend, set_budget, list_recurring, create_recurring, delete_recurring, export_csv, import_csv),
    components(schemas(
        MonthView,
        Day,
        CategoryTotal,
        BudgetStatus,
        BudgetLevel,
        MonthTotal,
        BudgetInput,
        Recurring,
        RecurringInput,
        ImportReport,
        RejectedLine,
        ImportLine,
        Entry,
        EntryKind,
        PayMethod,
        Category,
        Book,
        Access
    ))
)]
pub struct Api;
