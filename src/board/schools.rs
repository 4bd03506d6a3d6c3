//! School membership as other areas see it: the timetable's catalogue belongs to a school,
//! and a member searches their own school's lectures. Joining and leaving stay in the
//! community's own rules.

use super::store;
use sqlx::MySqlPool;

/// A member's school.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberSchool {
    pub school_id: u64,
    /// "홍익대학교 서울캠퍼스" (the campus when there is one).
    pub school_name: String,
    /// 학번 as the year of admission.
    pub admission_year: u16,
}

fn full_name(name: String, campus: &str) -> String {
    if campus.is_empty() {
        name
    } else {
        format!("{name} {campus}")
    }
}

/// The member's school, if they have joined one (suspension does not matter here).
pub async fn membership(db: &MySqlPool, user: u64) -> Result<Option<MemberSchool>, sqlx::Error> {
    Ok(store::membership(db, user).await?.map(|m| MemberSchool {
        school_id: m.school_id,
        school_name: full_name(m.school_name, &m.campus),
        admission_year: m.admission_year,
    }))
}

/// A school's shown name, if it exists.
pub async fn school_name(db: &MySqlPool, school: u64) -> Result<Option<String>, sqlx::Error> {
    Ok(store::school_row(db, school).await?.map(|s| full_name(s.name, &s.campus)))
}

/// Every school as (id, shown name), by name.
pub async fn all_schools(db: &MySqlPool) -> Result<Vec<(u64, String)>, sqlx::Error> {
    Ok(store::school_rows(db).await?.into_iter().map(|s| (s.id, full_name(s.name, &s.campus))).collect())
}

/// The ids of a school's members (the demo's timetables are made for them).
pub async fn member_ids(db: &MySqlPool, school: u64) -> Result<Vec<u64>, sqlx::Error> {
    store::member_ids(db, school).await
}
