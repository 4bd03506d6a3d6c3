//! The photo album: folders and posts with their media.

use super::*;

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
        store::like_counts(&state.db, TargetKind::Photo, &ids, viewer_id).await?.into_iter().map(|(id, n, mine)| (id, (n, mine))).collect();
    let mut comments = group_comments(store::comments_for(&state.db, TargetKind::Photo, &ids).await?, viewer_id, owner);
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

pub(super) async fn check_folder(state: &AppState, owner: u64, folder: Option<u64>) -> Result<(), AppError> {
    if let Some(f) = folder {
        if store::folder_owner(&state.db, f).await? != Some(owner) {
            return Err(AppError::bad_request(ErrorCode::FolderNotFound, "폴더를 찾을 수 없습니다."));
        }
    }
    Ok(())
}

pub(super) fn check_post(input: &PhotoPostInput) -> Result<(String, String, Visibility), AppError> {
    let mut c = Check::default();
    let title = c.text("title", &input.title, 1, 100, "제목");
    let body = c.text("body", &input.body, 0, 2000, "내용");
    let vis = visibility(&mut c, &input.visibility);
    c.finish()?;
    Ok((title, body, vis))
}

pub async fn post_create(state: &AppState, me: &AuthUser, owner: u64, input: PhotoPostInput) -> Result<u64, AppError> {
    existing(state, owner).await?;
    owner_only(me, owner)?;
    let (title, body, vis) = check_post(&input)?;
    if input.media_ids.is_empty() || input.media_ids.len() > 10 {
        return Err(AppError::invalid_field("media", "사진이나 동영상을 1~10개 올려 주세요."));
    }
    check_folder(state, owner, input.folder_id).await?;
    me.require_verified_email(state).await?;
    me.count_write(state, "photo", super::write_limits::PHOTO).await?;
    store::post_insert(
        &state.db,
        store::NewPost { owner, folder: input.folder_id, title: &title, body: &body, visibility: vis },
        &input.media_ids,
    )
    .await?
    .ok_or_else(|| AppError::bad_request(ErrorCode::MediaNotAvailable, "올린 파일을 찾을 수 없습니다. 다시 올려 주세요."))
}

pub(super) async fn own_post(state: &AppState, me: &AuthUser, id: u64) -> Result<u64, AppError> {
    let p =
        store::post_get(&state.db, id).await?.ok_or_else(|| AppError::not_found(ErrorCode::PostNotFound, "사진을 찾을 수 없습니다."))?;
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
    crate::hompy::media::remove_files(state, &files).await;
    Ok(())
}

pub async fn folder_create(state: &AppState, me: &AuthUser, owner: u64, name: &str) -> Result<u64, AppError> {
    existing(state, owner).await?;
    owner_only(me, owner)?;
    let mut c = Check::default();
    let name = c.text("name", name, 1, 30, "폴더 이름");
    c.finish()?;
    store::folder_insert(&state.db, owner, &name)
        .await?
        .ok_or_else(|| AppError::conflict(ErrorCode::FolderExists, "같은 이름의 폴더가 있습니다."))
}

pub async fn folder_delete(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let owner = store::folder_owner(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::FolderNotFound, "폴더를 찾을 수 없습니다."))?;
    owner_only(me, owner)?;
    Ok(store::folder_delete(&state.db, id).await?)
}
