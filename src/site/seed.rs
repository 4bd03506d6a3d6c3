//! Demo data for development and tests, loaded by `minihompy seed` (the scripts call it;
//! the server never seeds on its own). Idempotent: members that exist are left alone.
//! Each area writes its own demo content through its `demo` face; this file only knows
//! who the demo members are and the order things are made in.

use crate::account::{
    members::{self, NewMember},
    model::Role,
};
use sqlx::MySqlPool;

pub const DEMO_PASSWORD: &str = "minihompy-demo-1";

pub struct DemoMember {
    pub email: &'static str,
    pub name: &'static str,
    pub nickname: &'static str,
    pub role: Role,
    pub title: &'static str,
    pub intro: &'static str,
    pub minimi: &'static str,
}

pub const DEMO_MEMBERS: &[DemoMember] = &[
    DemoMember {
        email: "admin@minihompy.test",
        name: "관리자",
        nickname: "운영자",
        role: Role::Admin,
        title: "미니홈피 운영자의 방",
        intro: "문의는 방명록에 남겨 주세요. 즐거운 싸이질 되세요!",
        minimi: "robot",
    },
    DemoMember {
        email: "user1@minihompy.test",
        name: "김싸이",
        nickname: "싸이소녀",
        role: Role::User,
        title: "♡ 싸이소녀의 미니홈피 ♡",
        intro: "오늘도 도토리 모으는 중~ 일촌 신청 환영해요 ^^",
        minimi: "basic-girl",
    },
    DemoMember {
        email: "user2@minihompy.test",
        name: "이도현",
        nickname: "도토리부자",
        role: Role::User,
        title: "도토리 창고",
        intro: "BGM 추천 받아요. 비 오는 날엔 프리스타일 - Y",
        minimi: "basic-boy",
    },
    DemoMember {
        email: "user3@minihompy.test",
        name: "박파도",
        nickname: "파도타기장인",
        role: Role::User,
        title: "파도 타고 놀러 오세요",
        intro: "하루에 홈피 백 군데는 다녀요. 흔적 남기고 갑니다~",
        minimi: "cat",
    },
    DemoMember {
        email: "user4@minihompy.test",
        name: "최일촌",
        nickname: "일촌왕",
        role: Role::User,
        title: "일촌 천 명 달성 기념 홈피",
        intro: "일촌평 남겨 주시면 꼭 답방 갈게요!",
        minimi: "bear",
    },
    DemoMember {
        email: "user5@minihompy.test",
        name: "정미니",
        nickname: "미니미수집가",
        role: Role::User,
        title: "미니미 컬렉션",
        intro: "귀여운 미니미는 못 참지. 사진첩 구경하고 가세요.",
        minimi: "rabbit",
    },
];

/// Returns how many members were created.
pub async fn seed(db: &MySqlPool) -> Result<usize, String> {
    let mut created = 0;
    for m in DEMO_MEMBERS {
        let new = NewMember { email: m.email, password: DEMO_PASSWORD, name: m.name, nickname: m.nickname, role: m.role };
        let Some(id) = members::create_member(db, new).await.map_err(|e| e.message)? else { continue };
        crate::hompy::demo::set_home(db, id, m.title, m.intro, m.minimi).await.map_err(|e| e.to_string())?;
        created += 1;
    }
    Ok(created)
}

/// The ids of user1 to user5.
async fn demo_users(db: &MySqlPool) -> Result<[u64; 5], String> {
    let mut ids = [0; 5];
    for (n, id) in ids.iter_mut().enumerate() {
        let email = format!("user{}@minihompy.test", n + 1);
        *id =
            members::id_by_email(db, &email).await.map_err(|e| e.to_string())?.ok_or(format!("{email} is missing: seed members first"))?;
    }
    Ok(ids)
}

/// 일촌, diaries, photos, guestbooks and visitor counts for the demo members, so every
/// feature has something to show. Runs once (skipped when user1 has a diary).
pub async fn seed_content(db: &MySqlPool, data_dir: &std::path::Path) -> Result<bool, String> {
    let users = demo_users(db).await?;
    if crate::hompy::demo::seeded(db, users[0]).await.map_err(|e| e.to_string())? {
        return Ok(false);
    }
    crate::ilchon::demo::seed(db, users).await.map_err(|e| e.to_string())?;
    crate::hompy::demo::seed(db, data_dir, users).await.map_err(|e| e.to_string())?;
    Ok(true)
}

/// A conversation between user1 and user2 (idempotent: fixed client ids).
pub async fn seed_chat(db: &MySqlPool, mongo: &mongodb::Database) -> Result<(), String> {
    let [u1, u2, ..] = demo_users(db).await?;
    crate::chat::demo::seed(mongo, u1, u2).await
}

/// Packages, the catalogue, and user1's 도토리, items and a gift (runs once).
pub async fn seed_shop(db: &MySqlPool, data_dir: &std::path::Path) -> Result<bool, String> {
    let users = demo_users(db).await?;
    crate::shop::demo::seed(db, data_dir, users).await
}

/// The OAuth provider's demo app and user1's connection to it (runs once), and, when the
/// `minihompy` social login points at this site (development and tests), the app it
/// signs in through, owned by the admin.
pub async fn seed_oauth(db: &MySqlPool, config: &crate::server::config::Config) -> Result<bool, String> {
    let users = demo_users(db).await?;
    let created = crate::oauth::demo::seed(db, &config.data_dir, users).await?;
    let own = config.social.iter().find(|r| r.id == "minihompy" && r.token_url.starts_with(&config.public_url));
    if let Some(r) = own {
        let admin = members::id_by_email(db, "admin@minihompy.test").await.map_err(|e| e.to_string())?.ok_or("admin is missing")?;
        let redirect = format!("{}/login/oauth2/code/minihompy", config.public_url);
        crate::oauth::demo::register_own_login(db, admin, &r.client_id, &r.client_secret, &redirect).await?;
    }
    Ok(created)
}

/// Semesters, two schools' lecture catalogues, the demo members' timetables and reviews
/// (runs once; after the community, whose schools and memberships it uses).
pub async fn seed_timetable(db: &MySqlPool) -> Result<bool, String> {
    let users = demo_users(db).await?;
    crate::timetable::demo::seed(db, users).await
}

/// The demo members' account books with a few months of entries (runs once).
pub async fn seed_ledger(db: &MySqlPool) -> Result<bool, String> {
    let users = demo_users(db).await?;
    crate::ledger::demo::seed(db, users).await
}

/// Schools, boards, posts (named and anonymous), comments and a HOT post in each demo
/// school, and the demo members' school memberships (runs once).
pub async fn seed_board(db: &MySqlPool, data_dir: &std::path::Path) -> Result<bool, String> {
    let users = demo_users(db).await?;
    crate::board::demo::seed(db, data_dir, users).await
}
