//! How a homepage looks, as other areas change it: the shop grants 미니미 into the
//! wardrobe when they are bought, and equips 미니미, skins and BGM. Whether a member owns a
//! product is the shop's rule; which 미니미 a member may wear is hompy's (the wardrobe).

use super::{
    model::{BgmTrack, Skin},
    store,
};
use crate::error::{AppError, ErrorCode};
use sqlx::MySqlPool;

/// What a homepage wears now.
pub struct Appearance {
    pub minimi: String,
    pub skin: Option<Skin>,
    pub bgm: Vec<BgmTrack>,
}

pub async fn grant_minimi(conn: &mut sqlx::MySqlConnection, user_id: u64, minimi: &str) -> Result<(), sqlx::Error> {
    store::grant_minimi(conn, user_id, minimi).await
}

/// Wears a 미니미 from the wardrobe.
pub async fn wear_minimi(db: &MySqlPool, user_id: u64, minimi: &str) -> Result<(), AppError> {
    if !store::owned_minimi(db, user_id).await?.iter().any(|m| m == minimi) {
        return Err(AppError::bad_request(ErrorCode::MinimiNotOwned, "가지고 있는 미니미만 고를 수 있습니다."));
    }
    Ok(store::set_minimi(db, user_id, minimi).await?)
}

pub async fn set_skin(db: &MySqlPool, user_id: u64, skin: Option<&Skin>) -> Result<(), AppError> {
    Ok(store::set_skin(db, user_id, skin.map(Skin::stored).as_deref()).await?)
}

pub async fn set_bgm(db: &MySqlPool, user_id: u64, tracks: &[BgmTrack]) -> Result<(), AppError> {
    let stored = if tracks.is_empty() { None } else { Some(serde_json::to_string(tracks).map_err(|_| AppError::internal())?) };
    Ok(store::set_bgm(db, user_id, stored.as_deref()).await?)
}

pub async fn appearance(db: &MySqlPool, user_id: u64) -> Result<Appearance, AppError> {
    let (minimi, skin, bgm) = store::appearance(db, user_id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::HompyNotFound, "미니홈피를 찾을 수 없습니다."))?;
    Ok(Appearance {
        minimi,
        skin: skin.as_deref().and_then(Skin::parse),
        bgm: bgm.as_deref().and_then(|b| serde_json::from_str(b).ok()).unwrap_or_default(),
    })
}
