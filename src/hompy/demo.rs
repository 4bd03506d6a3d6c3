//! Demo homepages for `minihompy seed` (the composition calls it with the demo members'
//! ids): titles and 미니미, diaries, an album with generated pictures, guestbooks, likes,
//! comments, past visitors and a main photo.

use super::{
    media,
    model::{TargetKind, Visibility},
    store,
};
use crate::server::upload;
use sqlx::MySqlPool;

/// The demo member's homepage as the seed describes it.
pub async fn set_home(db: &MySqlPool, user_id: u64, title: &str, intro: &str, minimi: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE homepages SET title = ?, intro = ?, minimi = ? WHERE user_id = ?", title, intro, minimi, user_id)
        .execute(db)
        .await
        .map(|_| ())
}

/// The content below is made once: it is there when user1 has a diary.
pub async fn seeded(db: &MySqlPool, user1: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query_scalar!("SELECT COUNT(*) FROM diary_entries WHERE owner_id = ?", user1).fetch_one(db).await?;
    Ok(done > 0)
}

/// A made-up picture for the demo album: sky, sea or sunset colours with a sun.
fn demo_picture(seed: u32) -> Vec<u8> {
    let palettes = [([135u8, 206, 250], [255u8, 240, 200]), ([255, 170, 120], [120, 80, 160]), ([150, 220, 180], [40, 120, 160])];
    let (top, bottom) = palettes[(seed as usize) % palettes.len()];
    let (w, h) = (640u32, 480u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let t = y as f32 / h as f32;
        let mix = |a: u8, b: u8| (a as f32 * (1.0 - t) + b as f32 * t) as u8;
        let (cx, cy) = (160.0 + 120.0 * seed as f32, 150.0);
        let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
        if d < 60.0 {
            image::Rgb([255, 220, 90])
        } else {
            image::Rgb([mix(top[0], bottom[0]), mix(top[1], bottom[1]), mix(top[2], bottom[2])])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).expect("png encoding");
    out
}

fn seed_error(e: crate::error::AppError) -> sqlx::Error {
    sqlx::Error::Protocol(e.message)
}

/// Stores a demo picture like an upload and returns its media id.
async fn demo_media(db: &MySqlPool, data_dir: &std::path::Path, owner: u64, seed: u32) -> Result<u64, sqlx::Error> {
    let p = media::process_photo(&demo_picture(seed)).map_err(seed_error)?;
    let dir = data_dir.join("photo");
    let (file, thumb) = (upload::generated_name("jpg"), upload::generated_name("jpg"));
    upload::store(&dir, &file, &p.display).await.map_err(seed_error)?;
    upload::store(&dir, &thumb, &p.thumb).await.map_err(seed_error)?;
    store::media_insert(
        db,
        store::NewMedia {
            owner,
            kind: "IMAGE",
            file: &file,
            thumb: Some(&thumb),
            width: p.width,
            height: p.height,
            bytes: p.display.len() as u32,
        },
    )
    .await
}

/// Diaries, photos, guestbooks, likes, comments and visitor counts for the demo members.
pub async fn seed(db: &MySqlPool, data_dir: &std::path::Path, [u1, u2, u3, u4, u5]: [u64; 5]) -> Result<(), sqlx::Error> {
    let today = crate::kst::day_of(chrono::Utc::now());
    let days = |n: i64| today - chrono::Duration::days(n);
    // Diaries: public, 일촌-only and private.
    let d1 = store::diary_insert(
        db,
        u1,
        days(0),
        "비 오는 날의 BGM",
        "창밖에 비가 오니까 프리스타일 - Y 무한 반복 중.\n오늘 같은 날은 미니홈피 꾸미기 딱 좋아!",
        Visibility::Public,
    )
    .await?;
    store::diary_insert(db, u1, days(2), "일촌들에게만 하는 이야기", "요즘 고민이 있는데… 일촌들만 봐 줘.", Visibility::Ilchon).await?;
    store::diary_insert(db, u1, days(5), "나만 보는 일기", "아무도 모르는 나만의 비밀 일기.", Visibility::Private).await?;
    store::diary_insert(db, u2, days(1), "도토리 100개 모으기 성공", "드디어 배경음악 샀다!", Visibility::Public).await?;
    store::diary_insert(db, u3, days(3), "오늘의 파도타기 기록", "홈피 37군데 방문. 기록 경신!", Visibility::Public).await?;
    let c = store::comment_insert(db, TargetKind::Diary, d1, u2, "나도 그 노래 좋아해!").await?;
    store::comment_insert(db, TargetKind::Diary, d1, u3, "비 오는 날엔 역시 싸이월드지").await?;
    let gone = store::comment_insert(db, TargetKind::Diary, d1, u4, "지워질 댓글").await?;
    store::comment_soft_delete(db, gone).await?;
    let _ = c;
    // Photo album: folders, posts with generated pictures, likes and comments.
    let trip = store::folder_insert(db, u1, "여행").await?;
    store::folder_insert(db, u1, "일상").await?;
    let m1 = demo_media(db, data_dir, u1, 0).await?;
    let m2 = demo_media(db, data_dir, u1, 1).await?;
    let post = store::post_insert(
        db,
        store::NewPost {
            owner: u1,
            folder: trip,
            title: "바다 여행",
            body: "하늘도 바다도 너무 예뻤던 날 ☀",
            visibility: Visibility::Public,
        },
        &[m1, m2],
    )
    .await?
    .unwrap_or_default();
    let m3 = demo_media(db, data_dir, u1, 2).await?;
    store::post_insert(
        db,
        store::NewPost {
            owner: u1, folder: None, title: "일촌들과 소풍", body: "일촌들만 보는 사진!", visibility: Visibility::Ilchon
        },
        &[m3],
    )
    .await?;
    let m4 = demo_media(db, data_dir, u5, 1).await?;
    let mini = store::folder_insert(db, u5, "미니미").await?;
    store::post_insert(db, store::NewPost { owner: u5, folder: mini, title: "노을 맛집", body: "", visibility: Visibility::Public }, &[m4])
        .await?;
    for who in [u2, u3] {
        store::like_toggle(db, TargetKind::Photo, post, who).await?;
    }
    store::comment_insert(db, TargetKind::Photo, post, u3, "우와 여기 어디야?").await?;
    // Guestbook, with a secret entry and the owner's reply.
    let g = store::guestbook_insert(db, u1, u2, "싸이소녀님 홈피 구경 잘 하고 가요~ 일촌평도 남겼어요!", false).await?;
    store::guestbook_reply(db, g, Some("와줘서 고마워 ♡")).await?;
    store::guestbook_insert(db, u1, u3, "이건 비밀인데… 다음 주에 깜짝 파티 준비 중이야!", true).await?;
    store::guestbook_insert(db, u1, u4, "일촌 신청 받아 주세요~", false).await?;
    store::guestbook_insert(db, u2, u4, "형 홈피 BGM 좋다!", false).await?;
    store::like_toggle(db, TargetKind::Guestbook, g, u1).await?;
    // Extra 미니미, a profile change for the history, and past visitors.
    for m in ["cat", "bear", "rabbit", "robot"] {
        sqlx::query!("INSERT IGNORE INTO owned_minimi (user_id, minimi) VALUES (?, ?)", u5, m).execute(db).await?;
    }
    sqlx::query!("INSERT IGNORE INTO owned_minimi (user_id, minimi) VALUES (?, 'cat')", u1).execute(db).await?;
    sqlx::query!("INSERT INTO homepage_history (user_id, field, old_value, new_value) VALUES (?, 'TITLE', '싸이소녀의 방', '♡ 싸이소녀의 미니홈피 ♡')", u1)
        .execute(db)
        .await?;
    for (owner, per_day) in [(u1, 17u32), (u2, 8), (u3, 25), (u4, 5), (u5, 11)] {
        for n in 1..=7 {
            sqlx::query!(
                "INSERT IGNORE INTO hompy_visit_days (owner_id, day, visitors) VALUES (?, ?, ?)",
                owner,
                days(n),
                per_day + n as u32
            )
            .execute(db)
            .await?;
        }
        sqlx::query!(
            "UPDATE homepages SET visits_total = (SELECT COALESCE(SUM(visitors), 0) FROM hompy_visit_days WHERE owner_id = ?) WHERE user_id = ?",
            owner,
            owner
        )
        .execute(db)
        .await?;
    }
    // A main photo for user1.
    let pic = crate::server::pictures::decode(&demo_picture(1)).map_err(seed_error)?;
    let jpeg = crate::server::pictures::to_jpeg(&pic.resize(480, 480, image::imageops::FilterType::Triangle), 85).map_err(seed_error)?;
    let file = upload::generated_name("jpg");
    upload::store(&data_dir.join("hompy"), &file, &jpeg).await.map_err(seed_error)?;
    store::set_main_photo(db, u1, &file).await?;
    Ok(())
}
