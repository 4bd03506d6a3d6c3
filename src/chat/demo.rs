//! Demo chat for `minihompy seed`: a conversation between user1 and user2.

use super::store;

/// A conversation between user1 and user2 (idempotent: fixed client ids).
pub async fn seed(mongo: &mongodb::Database, u1: u64, u2: u64) -> Result<(), String> {
    let err = |e: mongodb::error::Error| e.to_string();
    let room = store::open_room(mongo, u1, u2).await.map_err(err)?;
    let inserts = crate::server::mongo_batch::InsertBatches::new(mongo.clone());
    let lines = [
        (u2, "싸이소녀! 홈피 배경음악 바꿨어?"),
        (u1, "응 ㅎㅎ 비 오는 날이라 프리스타일로 바꿨지"),
        (u2, "도토리 남으면 나도 좀 빌려줘 ㅋㅋ"),
        (u1, "일촌평에 써 주면 생각해 볼게~"),
        (u2, "방금 썼다! 확인해 봐"),
    ];
    // Fixed seqs: a second run finds them taken and changes nothing. Redis's seq counter
    // and unread counts start from these when first needed (they are derived).
    for (i, (sender, text)) in lines.into_iter().enumerate() {
        store::insert(&inserts, &room, i as i64 + 1, sender, text, &format!("seed-{i}"), None).await.map_err(err)?;
    }
    Ok(())
}
