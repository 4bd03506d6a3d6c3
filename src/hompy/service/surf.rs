//! 파도타기 and member search.

use super::*;

/// A random 일촌 of `from`, or a random home when `from` has none.
pub async fn surf(state: &AppState, from: Option<u64>) -> Result<Option<u64>, AppError> {
    if let Some(f) = from {
        if let Some(id) = relations::random_ilchon(&state.db, f).await? {
            return Ok(Some(id));
        }
    }
    Ok(store::random(&state.db, from).await?)
}

pub async fn search(state: &AppState, me: &AuthUser, q: &str, page: u32) -> Result<SearchPage, AppError> {
    let q = q.trim();
    let n = q.chars().count();
    if n == 0 || n > 100 {
        return Err(AppError::invalid_field("q", "검색어를 1~100자로 적어 주세요."));
    }
    me.count_write(state, "search", super::write_limits::SEARCH).await?;
    let page = page.max(1);
    let (mut hits, total) = store::search(&state.db, q, page - 1, SEARCH_PAGE).await?;
    for h in &mut hits {
        h.profile_img = h.profile_img.take().map(|f| crate::file_url::file_url(crate::file_url::FileKind::Profile, &f));
    }
    Ok(SearchPage { hits, page, total_pages: pages(total, SEARCH_PAGE), total })
}
