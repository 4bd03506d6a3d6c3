//! Demo data for development and tests, loaded by `minihompy seed` (the scripts call it;
//! the server never seeds on its own). Idempotent: members that exist are left alone.

use crate::account::password;
use sqlx::MySqlPool;

pub const DEMO_PASSWORD: &str = "minihompy-demo-1";

pub struct DemoMember {
    pub email: &'static str,
    pub name: &'static str,
    pub nickname: &'static str,
    pub role: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub minimi: &'static str,
}

pub const DEMO_MEMBERS: &[DemoMember] = &[
    DemoMember {
        email: "admin@minihompy.test", name: "관리자", nickname: "운영자", role: "ADMIN",
        title: "미니홈피 운영자의 방", intro: "문의는 방명록에 남겨 주세요. 즐거운 싸이질 되세요!",
        minimi: "robot",
    },
    DemoMember {
        email: "user1@minihompy.test", name: "김싸이", nickname: "싸이소녀", role: "USER",
        title: "♡ 싸이소녀의 미니홈피 ♡", intro: "오늘도 도토리 모으는 중~ 일촌 신청 환영해요 ^^",
        minimi: "basic-girl",
    },
    DemoMember {
        email: "user2@minihompy.test", name: "이도현", nickname: "도토리부자", role: "USER",
        title: "도토리 창고", intro: "BGM 추천 받아요. 비 오는 날엔 프리스타일 - Y",
        minimi: "basic-boy",
    },
    DemoMember {
        email: "user3@minihompy.test", name: "박파도", nickname: "파도타기장인", role: "USER",
        title: "파도 타고 놀러 오세요", intro: "하루에 홈피 백 군데는 다녀요. 흔적 남기고 갑니다~",
        minimi: "cat",
    },
    DemoMember {
        email: "user4@minihompy.test", name: "최일촌", nickname: "일촌왕", role: "USER",
        title: "일촌 천 명 달성 기념 홈피", intro: "일촌평 남겨 주시면 꼭 답방 갈게요!",
        minimi: "bear",
    },
    DemoMember {
        email: "user5@minihompy.test", name: "정미니", nickname: "미니미수집가", role: "USER",
        title: "미니미 컬렉션", intro: "귀여운 미니미는 못 참지. 사진첩 구경하고 가세요.",
        minimi: "rabbit",
    },
];

/// Returns how many members were created.
pub async fn seed(db: &MySqlPool) -> Result<usize, sqlx::Error> {
    let mut created = 0;
    for m in DEMO_MEMBERS {
        let exists: Option<(u64,)> = sqlx::query_as("SELECT id FROM users WHERE email = ?")
            .bind(m.email)
            .fetch_optional(db)
            .await?;
        if exists.is_some() {
            continue;
        }
        let hash = password::hash(DEMO_PASSWORD.to_owned())
            .await
            .map_err(|e| sqlx::Error::Protocol(e.message))?;
        let mut tx = db.begin().await?;
        let id = sqlx::query(
            "INSERT INTO users (email, password_hash, name, nickname, role, email_verified_at)
             VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP(3))",
        )
        .bind(m.email)
        .bind(&hash)
        .bind(m.name)
        .bind(m.nickname)
        .bind(m.role)
        .execute(&mut *tx)
        .await?
        .last_insert_id();
        sqlx::query("INSERT INTO homepages (user_id, title, intro, minimi) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(m.title)
            .bind(m.intro)
            .bind(m.minimi)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        created += 1;
    }
    Ok(created)
}
