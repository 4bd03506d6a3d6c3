//! Demo 일촌 for `minihompy seed` (the composition calls it once, with the demo members'
//! ids): four pairs both ways, a request waiting for user1, and 일촌평.

use super::store;
use sqlx::MySqlPool;

pub async fn seed(db: &MySqlPool, [u1, u2, u3, u4, u5]: [u64; 5]) -> Result<(), sqlx::Error> {
    // 일촌 (both directions) and one request still waiting for user1.
    for (a, b, a_calls_b, b_calls_a) in
        [(u1, u2, "도토리친구", "싸이친구"), (u1, u3, "단짝", "단짝"), (u2, u4, "형", "동생"), (u3, u5, "파도메이트", "수집메이트")]
    {
        for (user, friend, name) in [(a, b, a_calls_b), (b, a, b_calls_a)] {
            sqlx::query!("INSERT IGNORE INTO ilchons (user_id, friend_id, name) VALUES (?, ?, ?)", user, friend, name).execute(db).await?;
        }
    }
    store::request_insert(db, u5, u1, "미니홈피친구", "미니미친구", "미니미 구경하다 왔어요! 일촌 해요~").await?;
    for (owner, writer, body) in [
        (u1, u2, "싸이소녀 홈피 예쁘다~ 자주 놀러 올게!"),
        (u1, u3, "단짝아 오늘도 파도 타고 왔어 ^^"),
        (u2, u4, "형 도토리 좀 빌려줘요 ㅋㅋ"),
    ] {
        store::pyeong_insert(db, owner, writer, body).await?;
    }
    Ok(())
}
