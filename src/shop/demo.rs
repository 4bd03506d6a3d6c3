//! The shop's demo data: packages, a catalogue of 미니미 (the drawn ones in
//! `public/minimi/`), skins and BGM tracks synthesised here, and user1's 도토리, items,
//! equipped skin and BGM, and a gift from user2. Runs once (skipped when products exist).

use super::{
    media,
    model::{GatewayKind, LedgerKind, ProductKind},
    store,
};
use sqlx::MySqlPool;

const MINIMI: &[(&str, &str, &str, u32)] = &[
    ("cat", "고양이 후드", "동물", 8),
    ("bear", "곰돌이 후드", "동물", 8),
    ("rabbit", "토끼 후드", "동물", 8),
    ("fox", "여우 후드", "동물", 10),
    ("penguin", "펭귄", "동물", 10),
    ("dino", "공룡 옷", "동물", 12),
    ("robot", "로봇", "특별", 15),
    ("astronaut", "우주인", "특별", 20),
    ("witch", "마녀 모자", "특별", 15),
    ("chef", "요리사", "직업", 10),
    ("school-girl", "교복 소녀", "학교", 6),
    ("school-boy", "교복 소년", "학교", 6),
];

const SKINS: &[(&str, &str, &str, u32)] = &[
    ("벚꽃 스킨", "봄", "#f7a8c4;#fff0f5;#d6336c", 20),
    ("바다 스킨", "여름", "#5aa9e6;#eaf6ff;#1c6ea4", 20),
    ("단풍 스킨", "가을", "#e07a3f;#fff4e6;#a8432a", 20),
    ("밤하늘 스킨", "겨울", "#3d3b8e;#e8e8ff;#6a4c93", 25),
];

/// Title, category, price, and the tune: (semitones above A4, beats) per note.
type Tune = &'static [(i32, u32)];
const TRACKS: &[(&str, &str, u32, f32, Tune)] = &[
    ("도토리 왈츠", "경쾌한", 10, 0.32, &[(3, 2), (7, 1), (10, 1), (12, 2), (10, 1), (7, 1), (5, 2), (8, 1), (12, 1), (15, 3), (-99, 1)]),
    ("비 오는 날의 일촌", "잔잔한", 10, 0.45, &[(0, 2), (3, 2), (7, 2), (5, 1), (3, 1), (2, 2), (-2, 2), (0, 3), (-99, 1)]),
    (
        "파도타기 행진곡",
        "신나는",
        12,
        0.25,
        &[(0, 1), (0, 1), (7, 1), (7, 1), (9, 1), (9, 1), (7, 2), (5, 1), (5, 1), (4, 1), (4, 1), (2, 1), (2, 1), (0, 2)],
    ),
    ("미니룸의 오후", "잔잔한", 8, 0.38, &[(12, 2), (11, 1), (9, 1), (7, 2), (4, 2), (5, 1), (7, 1), (9, 2), (7, 4), (-99, 1)]),
];

/// A WAV file (16-bit mono, 16 kHz) playing `tune` three times with soft square-ish notes.
pub fn synthesise(tune: Tune, beat_secs: f32) -> Vec<u8> {
    const RATE: u32 = 16_000;
    let mut samples: Vec<i16> = Vec::new();
    for _ in 0..3 {
        for &(semi, beats) in tune {
            let n = (beat_secs * beats as f32 * RATE as f32) as usize;
            let freq = 440.0 * 2f32.powf(semi as f32 / 12.0);
            for i in 0..n {
                let t = i as f32 / RATE as f32;
                let env = (1.0 - i as f32 / n as f32).powf(1.5) * (i as f32 / 200.0).min(1.0);
                let tone = if semi == -99 {
                    0.0
                } else {
                    let phase = (t * freq).fract();
                    // A sine with its third harmonic: a soft, toy-like tone.
                    (phase * std::f32::consts::TAU).sin() + 0.3 * (phase * 3.0 * std::f32::consts::TAU).sin()
                };
                samples.push((tone * env * 9_000.0) as i16);
            }
        }
    }
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

fn public_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..16].to_owned()
}

/// Loads the catalogue and user1's shop life. `users` are user1..user5.
pub async fn seed(db: &MySqlPool, data_dir: &std::path::Path, users: [u64; 5]) -> Result<bool, String> {
    let e = |e: sqlx::Error| e.to_string();
    if store::product_by_asset(db, ProductKind::Minimi, "cat").await.map_err(e)?.is_some() {
        return Ok(false);
    }
    for (dotori, won) in [(10u32, 1_000u32), (50, 5_000), (100, 10_000), (300, 30_000)] {
        store::upsert_package(db, dotori, won, true).await.map_err(e)?;
    }
    for (key, name, category, price) in MINIMI {
        let id = public_id();
        store::insert_product(
            db,
            store::NewProduct { public_id: &id, kind: ProductKind::Minimi, name, category, price: *price, asset: key },
        )
        .await
        .map_err(e)?;
    }
    for (name, category, colours, price) in SKINS {
        let id = public_id();
        store::insert_product(
            db,
            store::NewProduct { public_id: &id, kind: ProductKind::Skin, name, category, price: *price, asset: colours },
        )
        .await
        .map_err(e)?;
    }
    for (name, category, price, beat, tune) in TRACKS {
        let file = media::write_in(&data_dir.join("shop"), "wav", &synthesise(tune, *beat)).await.map_err(|e| e.message)?;
        let id = public_id();
        store::insert_product(
            db,
            store::NewProduct { public_id: &id, kind: ProductKind::Bgm, name, category, price: *price, asset: &file },
        )
        .await
        .map_err(e)?;
    }
    let [u1, u2, ..] = users;
    let all = store::products(db, false).await.map_err(e)?;
    let find = |kind: ProductKind, name: &str| {
        all.iter().find(|p| p.kind == kind && p.name == name).cloned().ok_or(format!("demo product {name}"))
    };
    // user1: identity checked, a sandbox top-up of 100 and a welcome grant of 50.
    store::save_identity(db, u1, "김싸이", chrono::NaiveDate::from_ymd_opt(2001, 5, 17).unwrap_or_default(), "01012345678")
        .await
        .map_err(e)?;
    let package = store::packages(db, false).await.map_err(e)?.into_iter().find(|p| p.dotori == 100).ok_or("demo package")?;
    let order = uuid::Uuid::new_v4().simple().to_string();
    let pid = store::insert_payment(db, &order, u1, &package, GatewayKind::Sandbox).await.map_err(e)?;
    store::claim_for_approval(db, pid, "sbx-demo").await.map_err(e)?;
    let mut tx = db.begin().await.map_err(e)?;
    store::mark_approved(&mut tx, pid).await.map_err(e)?;
    store::credit(&mut tx, u1, LedgerKind::Topup, package.dotori, "도토리 100개 충전 (10000원)", &order).await.map_err(e)?;
    store::credit(&mut tx, u1, LedgerKind::Grant, 50, "가입 축하 도토리", "demo:welcome").await.map_err(e)?;
    store::credit(&mut tx, u2, LedgerKind::Grant, 100, "가입 축하 도토리", "demo:welcome").await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    // user1 buys a 미니미, a skin and a track; user2 gives user1 a penguin.
    let mut tx = db.begin().await.map_err(e)?;
    for p in [find(ProductKind::Minimi, "여우 후드")?, find(ProductKind::Skin, "벚꽃 스킨")?, find(ProductKind::Bgm, "도토리 왈츠")?]
    {
        store::insert_owned(&mut tx, u1, p.id, p.price, None).await.map_err(e)?;
        store::debit(&mut tx, u1, LedgerKind::Purchase, p.price, &format!("{} 구매: {}", p.kind.label(), p.name), &p.public_id)
            .await
            .map_err(e)?
            .ok_or("user1 needs more 도토리")?;
        if p.kind == ProductKind::Minimi {
            crate::hompy::appearance::grant_minimi(&mut tx, u1, &p.asset).await.map_err(e)?;
        }
    }
    let penguin = find(ProductKind::Minimi, "펭귄")?;
    let gift = store::insert_gift(&mut tx, u2, u1, penguin.id, penguin.price, "생일 축하해! 펭귄 미니미 선물이야 ♡").await.map_err(e)?;
    store::insert_owned(&mut tx, u1, penguin.id, penguin.price, Some(gift)).await.map_err(e)?;
    store::debit(&mut tx, u2, LedgerKind::GiftSent, penguin.price, "싸이소녀님에게 선물: 펭귄", &format!("gift:{gift}"))
        .await
        .map_err(e)?
        .ok_or("user2 needs more 도토리")?;
    crate::hompy::appearance::grant_minimi(&mut tx, u1, &penguin.asset).await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    let skin = find(ProductKind::Skin, "벚꽃 스킨")?;
    let track = find(ProductKind::Bgm, "도토리 왈츠")?;
    crate::hompy::appearance::set_skin(db, u1, crate::hompy::model::Skin::parse(&skin.asset).as_ref()).await.map_err(|e| e.message)?;
    let src = crate::file_url::file_url(crate::file_url::FileKind::Shop, &track.asset);
    crate::hompy::appearance::set_bgm(db, u1, &[crate::hompy::model::BgmTrack { title: track.name.clone(), src }])
        .await
        .map_err(|e| e.message)?;
    Ok(true)
}
