//! The homepage's own rules that need a clock or many members at once, against the stores
//! scripts/test started (through the area's private service, which integration tests
//! cannot reach).

use super::{
    model::{TargetKind, Visibility},
    service, store,
};
use crate::{account::auth::acting_as, server::AppState};

async fn member(state: &AppState, nickname: &str) -> u64 {
    crate::site::test_member(state, nickname).await
}

/// (Today, Total) on `owner`'s homepage as `visitor` (None: a guest) opens it at `at`.
async fn visit(state: &AppState, owner: u64, visitor: Option<u64>, at: chrono::DateTime<chrono::Utc>) -> (u64, u64) {
    let who = match visitor {
        Some(v) => acting_as(state, v).await.unwrap(),
        None => None,
    };
    let frame = service::frame(state, who.as_ref(), owner, at).await.unwrap();
    (frame.today, frame.total)
}

#[tokio::test]
async fn today_counts_each_signed_in_visitor_once_per_kst_day_and_rolls_into_total() {
    let state = crate::site::test_state().await;
    let owner = member(&state, "주인").await;
    let v1 = member(&state, "손님1").await;
    let v2 = member(&state, "손님2").await;
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    // 23:59 KST on March 1st.
    let evening = at("2026-03-01T14:59:00Z");
    assert_eq!(visit(&state, owner, Some(v1), evening).await, (1, 1));
    assert_eq!(visit(&state, owner, Some(v1), evening).await, (1, 1), "second visit the same day");
    assert_eq!(visit(&state, owner, Some(owner), evening).await, (1, 1), "the owner does not count");
    assert_eq!(visit(&state, owner, None, evening).await, (1, 1), "guests do not count");
    assert_eq!(visit(&state, owner, Some(v2), evening).await, (2, 2));
    // KST midnight: Today starts again, Total keeps yesterday.
    let midnight = at("2026-03-01T15:00:00Z");
    assert_eq!(visit(&state, owner, None, midnight).await, (0, 2));
    assert_eq!(visit(&state, owner, Some(v1), midnight).await, (1, 3));

    // Concurrent visits: 12 visitors, each arriving 3 times at once, count 12.
    let mut visitors = vec![];
    for i in 0..12 {
        visitors.push(member(&state, &format!("동시{i}")).await);
    }
    let noon = at("2026-03-02T03:00:00Z");
    let tasks: Vec<_> = visitors
        .iter()
        .flat_map(|v| std::iter::repeat_n(*v, 3))
        .map(|v| {
            let state = state.clone();
            tokio::spawn(async move { visit(&state, owner, Some(v), noon).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(visit(&state, owner, None, noon).await, (13, 15));
}

/// A member reading tab after tab is counted once without asking Redis each time: after
/// Redis lost the day's set (a restart without persistence), this instance still knows.
#[tokio::test]
async fn a_visit_this_instance_counted_is_not_counted_again_after_redis_lost_the_day() {
    let state = crate::site::test_state().await;
    let owner = member(&state, "주인").await;
    let v = member(&state, "단골").await;
    let noon = chrono::DateTime::parse_from_rfc3339("2026-04-01T03:00:00Z").unwrap().with_timezone(&chrono::Utc);
    assert_eq!(visit(&state, owner, Some(v), noon).await, (1, 1));
    let key = format!("today:{owner}:20260401");
    let removed: i64 = redis::cmd("DEL").arg(&key).query_async(&mut state.redis.clone()).await.unwrap();
    assert_eq!(removed, 1, "the day's visitors are kept in {key}");
    assert_eq!(visit(&state, owner, Some(v), noon).await, (1, 1), "counted twice after Redis lost the set");
    // Another visitor still counts, through Redis.
    let other = member(&state, "새 손님").await;
    assert_eq!(visit(&state, owner, Some(other), noon).await, (2, 2));
}

#[tokio::test]
async fn concurrent_likes_count_one_per_member() {
    let state = crate::site::test_state().await;
    let owner = member(&state, "주인").await;
    let new = store::NewPost { owner, folder: None, title: "인기 사진", body: "", visibility: Visibility::Public };
    let post = store::post_insert(&state.db, new, &[]).await.unwrap().unwrap();
    let mut fans = vec![];
    for i in 0..20 {
        let id = member(&state, &format!("팬{i}")).await;
        fans.push(acting_as(&state, id).await.unwrap().unwrap());
    }
    let tasks: Vec<_> = fans
        .iter()
        .cloned()
        .map(|fan| {
            let state = state.clone();
            tokio::spawn(async move { service::toggle_like(&state, &fan, "PHOTO", post).await.unwrap() })
        })
        .collect();
    for t in tasks {
        assert!(t.await.unwrap().liked);
    }
    let counts = store::like_counts(&state.db, TargetKind::Photo, &[post], None).await.unwrap();
    assert_eq!(counts[0].1, 20);
    // A second press un-likes.
    let s = service::toggle_like(&state, &fans[0], "PHOTO", post).await.unwrap();
    assert_eq!((s.liked, s.count), (false, 19));
}

/// The frame reads a 일촌 viewer's names, the owner's list and the viewer's block in one
/// statement: each part must land in its own field, in either direction.
#[tokio::test]
async fn the_frame_tells_a_viewer_their_block_next_to_their_ilchon_names() {
    use crate::ilchon::model::{IlchonState, Relation};
    let state = crate::site::test_state().await;
    let owner = member(&state, "주인").await;
    let friend = member(&state, "일촌").await;
    sqlx::query("INSERT INTO ilchons (user_id, friend_id, name) VALUES (?, ?, '내일촌'), (?, ?, '주인님')")
        .bind(owner)
        .bind(friend)
        .bind(friend)
        .bind(owner)
        .execute(&state.db)
        .await
        .unwrap();
    let (o, f) = (acting_as(&state, owner).await.unwrap().unwrap(), acting_as(&state, friend).await.unwrap().unwrap());
    // Each opens the other's homepage.
    let frame = async |viewer: &crate::account::auth::AuthUser| {
        let other = if viewer.id() == owner { friend } else { owner };
        service::frame(&state, Some(viewer), other, chrono::Utc::now()).await.unwrap()
    };
    let names = IlchonState::Ilchon { my_name: "주인님".into(), their_name: "내일촌".into() };
    let seen = frame(&f).await;
    assert!(!seen.blocked_by_me);
    assert_eq!((seen.relation, &seen.ilchon_state), (Relation::Ilchon, &names));
    assert_eq!(seen.ilchons.iter().map(|l| (l.user_id, l.name.as_str())).collect::<Vec<_>>(), [(friend, "내일촌")]);

    crate::account::blocks::set(&state, friend, owner, true).await.unwrap();
    let seen = frame(&f).await;
    assert!(seen.blocked_by_me, "the friend blocked the owner");
    assert_eq!((seen.relation, &seen.ilchon_state), (Relation::Ilchon, &names), "the block row is not a name");
    assert_eq!(seen.ilchons.len(), 1, "the block row is not a 일촌: {:?}", seen.ilchons.iter().map(|l| l.user_id).collect::<Vec<_>>());
    assert!(!frame(&o).await.blocked_by_me, "the owner blocked nobody");

    crate::account::blocks::set(&state, friend, owner, false).await.unwrap();
    assert!(!frame(&f).await.blocked_by_me, "lifted");
}
