//! The demo members' account books, dated from the day they are seeded (KST): user1's
//! "내 가계부" with five months of entries (salary and rent written by recurring rules, daily
//! spending from a fixed-seed generator), budgets for 식비 and 문화 (식비 near its limit this
//! month), shared with user2 (일촌) as an editor; user1's "여행" book; user2's "생활비",
//! shared with user1 to view. Runs once (skipped when user1 has a book).

use super::model::{EntryKind, DEFAULT_CATEGORIES};
use chrono::{Datelike, Months, NaiveDate};
use sqlx::{MySqlConnection, MySqlPool};
use std::collections::HashMap;

fn err(e: impl std::fmt::Display) -> String {
    format!("ledger demo: {e}")
}

/// A fixed-seed generator, so every seed writes the same books.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Spending the generator picks from: (category, memos, least and most in 원, rounded to 100).
const SPENDING: &[(&str, &[&str], i64, i64)] = &[
    ("식비", &["점심 김치찌개", "편의점", "저녁 장보기", "치킨 배달", "카페 라떼", "떡볶이"], 3_000, 38_000),
    ("교통", &["지하철", "버스", "택시"], 1_400, 16_000),
    ("쇼핑", &["운동화", "티셔츠", "온라인 쇼핑"], 15_000, 89_000),
    ("생활용품", &["세제", "휴지", "샴푸"], 3_000, 25_000),
    ("문화", &["영화 관람", "책", "전시회", "음원 스트리밍"], 5_000, 30_000),
    ("통신", &["휴대폰 요금"], 45_000, 55_000),
];

pub async fn seed(db: &MySqlPool, [u1, u2, _u3, _u4, _u5]: [u64; 5]) -> Result<bool, String> {
    let existing: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_books WHERE owner_id = ?").bind(u1).fetch_one(db).await.map_err(err)?;
    if existing > 0 {
        return Ok(false);
    }
    let today = crate::kst::day_of(chrono::Utc::now());
    let mut tx = db.begin().await.map_err(err)?;

    let home = book(&mut tx, u1, "내 가계부", 1_200_000).await?;
    let cats = categories(&mut tx, home).await?;
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).ok_or("no first day")?;
    let start = first.checked_sub_months(Months::new(4)).ok_or("no start month")?;
    let mut lcg = Lcg(0x7a3c_91e5);

    // Salary on the 10th and rent on the 25th: rules whose past periods are already written.
    let salary = rule(&mut tx, home, u1, EntryKind::Income, 2_850_000, cats["급여"], "TRANSFER", "월급", 10, start).await?;
    let rent = rule(&mut tx, home, u1, EntryKind::Expense, 550_000, cats["주거"], "TRANSFER", "월세", 25, start).await?;
    let mut month = start;
    while month <= first {
        let period = month.format("%Y-%m").to_string();
        for (rule_id, day, kind, amount, category, memo) in [
            (salary, 10, EntryKind::Income, 2_850_000, cats["급여"], "월급"),
            (rent, 25, EntryKind::Expense, 550_000, cats["주거"], "월세"),
        ] {
            let on = month.with_day(day).ok_or("no day")?;
            if on <= today {
                entry(&mut tx, home, u1, kind, amount, category, "TRANSFER", memo, on, Some((rule_id, &period))).await?;
                sqlx::query("UPDATE ledger_recurring SET next_period = ? WHERE id = ?")
                    .bind(month.checked_add_months(Months::new(1)).ok_or("no next month")?.format("%Y-%m").to_string())
                    .bind(rule_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(err)?;
            }
        }
        // Two or three purchases every few days up to today.
        let mut day = month;
        while day.month() == month.month() && day <= today {
            for _ in 0..1 + lcg.below(3) {
                let (name, memos, least, most) = SPENDING[lcg.below(SPENDING.len() as u64) as usize];
                let amount = (least + lcg.below((most - least) as u64) as i64) / 100 * 100;
                let memo = memos[lcg.below(memos.len() as u64) as usize];
                let method = ["CARD", "CARD", "MOBILE", "CASH"][lcg.below(4) as usize];
                entry(&mut tx, home, u1, EntryKind::Expense, amount, cats[name], method, memo, day, None).await?;
            }
            day += chrono::Duration::days(1 + lcg.below(3) as i64);
        }
        month = month.checked_add_months(Months::new(1)).ok_or("no next month")?;
    }
    entry(&mut tx, home, u1, EntryKind::Income, 100_000, cats["용돈"], "TRANSFER", "설날 용돈", start.with_day(14).ok_or("no day")?, None)
        .await?;
    // 식비 close to its budget this month, 문화 with room to spare.
    for (name, amount) in [("식비", 400_000_i64), ("문화", 150_000)] {
        sqlx::query("INSERT INTO ledger_budgets (book_id, category_id, month, amount) VALUES (?, ?, ?, ?)")
            .bind(home)
            .bind(cats[name])
            .bind(start.format("%Y-%m").to_string())
            .bind(amount)
            .execute(&mut *tx)
            .await
            .map_err(err)?;
    }
    share(&mut tx, home, u2, "EDITOR").await?;

    let trip = book(&mut tx, u1, "여행", 300_000).await?;
    let trip_cats = categories(&mut tx, trip).await?;
    for (memo, category, amount, back) in
        [("제주 항공권", "교통", 128_000, 40), ("게스트하우스 2박", "주거", 96_000, 39), ("흑돼지", "식비", 54_000, 38)]
    {
        let on = today - chrono::Duration::days(back);
        entry(&mut tx, trip, u1, EntryKind::Expense, amount, trip_cats[category], "CARD", memo, on, None).await?;
    }

    let living = book(&mut tx, u2, "생활비", 500_000).await?;
    let living_cats = categories(&mut tx, living).await?;
    for (memo, category, kind, amount, back) in [
        ("아르바이트", "부수입", EntryKind::Income, 420_000, 20),
        ("장보기", "식비", EntryKind::Expense, 68_000, 12),
        ("교통카드 충전", "교통", EntryKind::Expense, 30_000, 5),
    ] {
        entry(&mut tx, living, u2, kind, amount, living_cats[category], "CARD", memo, today - chrono::Duration::days(back), None).await?;
    }
    share(&mut tx, living, u1, "VIEWER").await?;

    tx.commit().await.map_err(err)?;
    Ok(true)
}

async fn book(tx: &mut MySqlConnection, owner: u64, name: &str, opening: i64) -> Result<u64, String> {
    let id = sqlx::query("INSERT INTO ledger_books (owner_id, name, opening_balance) VALUES (?, ?, ?)")
        .bind(owner)
        .bind(name)
        .bind(opening)
        .execute(&mut *tx)
        .await
        .map_err(err)?
        .last_insert_id();
    Ok(id)
}

/// The default categories of a new book; their ids by name.
async fn categories(tx: &mut MySqlConnection, book: u64) -> Result<HashMap<&'static str, u64>, String> {
    let mut ids = HashMap::new();
    for (position, (kind, name, color)) in DEFAULT_CATEGORIES.iter().enumerate() {
        let id = sqlx::query("INSERT INTO ledger_categories (book_id, kind, name, color, position) VALUES (?, ?, ?, ?, ?)")
            .bind(book)
            .bind(kind.as_str())
            .bind(*name)
            .bind(*color)
            .bind(position as u16)
            .execute(&mut *tx)
            .await
            .map_err(err)?
            .last_insert_id();
        ids.insert(*name, id);
    }
    Ok(ids)
}

#[allow(clippy::too_many_arguments)]
async fn rule(
    tx: &mut MySqlConnection,
    book: u64,
    by: u64,
    kind: EntryKind,
    amount: i64,
    category: u64,
    method: &str,
    memo: &str,
    day: u8,
    starts_on: NaiveDate,
) -> Result<u64, String> {
    let id = sqlx::query(
        "INSERT INTO ledger_recurring (book_id, kind, amount, category_id, method, memo, day_of_month, starts_on, next_period, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(book)
    .bind(kind.as_str())
    .bind(amount)
    .bind(category)
    .bind(method)
    .bind(memo)
    .bind(day)
    .bind(starts_on)
    .bind(starts_on.format("%Y-%m").to_string())
    .bind(by)
    .execute(&mut *tx)
    .await
    .map_err(err)?
    .last_insert_id();
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn entry(
    tx: &mut MySqlConnection,
    book: u64,
    by: u64,
    kind: EntryKind,
    amount: i64,
    category: u64,
    method: &str,
    memo: &str,
    on: NaiveDate,
    rule: Option<(u64, &str)>,
) -> Result<(), String> {
    sqlx::query(
        "INSERT INTO ledger_entries (book_id, kind, amount, category_id, method, memo, occurred_on, created_by, recurring_id, recurring_period)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(book)
    .bind(kind.as_str())
    .bind(amount)
    .bind(category)
    .bind(method)
    .bind(memo)
    .bind(on)
    .bind(by)
    .bind(rule.map(|r| r.0))
    .bind(rule.map(|r| r.1))
    .execute(&mut *tx)
    .await
    .map_err(err)?;
    Ok(())
}

async fn share(tx: &mut MySqlConnection, book: u64, user: u64, role: &str) -> Result<(), String> {
    sqlx::query("INSERT INTO ledger_book_members (book_id, user_id, role) VALUES (?, ?, ?)")
        .bind(book)
        .bind(user)
        .bind(role)
        .execute(&mut *tx)
        .await
        .map_err(err)?;
    Ok(())
}
