//! The frame, the home and profile tabs, and editing them.

use super::*;

pub async fn frame(state: &AppState, viewer: Option<&AuthUser>, owner: u64, now: DateTime<Utc>) -> Result<HompyFrame, AppError> {
    let viewer_id = viewer.map(AuthUser::id);
    // Each read once, also where no request memo shares them (the REST API's frame).
    let day = kst_day(now);
    let (summary, today, total) = with_visits(state, owner, day).await?;
    let ilchon = relations::on_homepage(&state.db, viewer_id, owner).await?;
    let relation = relation_from(viewer_id, owner, ilchon.owner_calls_viewer.is_some());
    let (today, total) = with_this_visit(state, owner, viewer_id, day, (today, total)).await?;
    // The owner's own page and a guest's read no standing (`on_homepage` leaves it empty).
    let ilchon_state = relations::standing(&ilchon);
    let blocked_by_me = ilchon.viewer_blocked_owner;
    let (skin, bgm) = (summary.skin(), summary.bgm_tracks());
    Ok(HompyFrame { summary, today, total, ilchons: ilchon.ilchons, relation, ilchon_state, viewer_id, blocked_by_me, skin, bgm })
}

pub async fn home_tab(state: &AppState, viewer: Option<&AuthUser>, owner: u64) -> Result<HomeTab, AppError> {
    existing(state, owner).await?;
    let rel = relation(state, viewer, owner).await?;
    let vis = allowed(rel);
    let viewer_id = viewer.map(AuthUser::id);
    let lists = store::home_lists(&state.db, owner, &vis, viewer_id).await?;
    let diary = lists.diary.into_iter().map(|(id, title, created_at)| Recent { id, title, created_at, thumb_url: None }).collect();
    let photos = lists
        .photos
        .into_iter()
        .map(|(id, title, created_at, thumb)| Recent {
            id,
            title,
            created_at,
            thumb_url: thumb.map(|t| crate::file_url::file_url(crate::file_url::FileKind::Photo, &t)),
        })
        .collect();
    let guestbook = lists
        .guestbook
        .into_iter()
        .map(|(id, writer, body, created_at)| Recent {
            id,
            title: format!("{writer}: {}", excerpt(&body, 30)),
            created_at,
            thumb_url: None,
        })
        .collect();
    let pyeong = relations::pyeong_list(state, viewer_id, owner).await?;
    Ok(HomeTab { diary, photos, guestbook, pyeong })
}

pub(super) fn excerpt(s: &str, n: usize) -> String {
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

/// The shared collector, with the homepage's one rule of its own.
pub(super) type Check = crate::error::FieldErrors;

pub(super) fn visibility(c: &mut Check, value: &str) -> Visibility {
    Visibility::parse(value).unwrap_or_else(|| {
        c.add("visibility", "공개 범위를 골라 주세요.");
        Visibility::Private
    })
}

pub async fn update_home(state: &AppState, me: &AuthUser, owner: u64, input: HomeInput) -> Result<HompySummary, AppError> {
    existing(state, owner).await?;
    owner_only(me, owner)?;
    let mut c = Check::default();
    let title = c.text("title", &input.title, 1, 60, "제목");
    let intro = c.text("intro", &input.intro, 0, 500, "소개글");
    c.finish()?;
    if !store::owned_minimi(&state.db, owner).await?.contains(&input.minimi) {
        return Err(AppError::bad_request(ErrorCode::MinimiNotOwned, "가지고 있는 미니미만 고를 수 있습니다."));
    }
    store::update_home(&state.db, owner, &title, &intro, &input.minimi).await?;
    existing(state, owner).await
}
