//! Today / Total: each signed-in visitor counted once per KST day.

use super::*;

/// The KST calendar day of an instant: Today resets at KST midnight.
pub fn kst_day(now: DateTime<Utc>) -> NaiveDate {
    crate::kst::day_of(now)
}

/// Counts a signed-in visitor once per owner per KST day (never the owner, never a guest)
/// and returns (Today, Total): `read`, the counts read with the homepage, plus this visit
/// when it counted. The day's visitor set lives in Redis (SADD decides "first visit today"
/// atomically, so concurrent visits count once); each first visit is persisted to MySQL at
/// once.
pub(super) async fn with_this_visit(
    state: &AppState,
    owner: u64,
    visitor: Option<u64>,
    day: NaiveDate,
    read: (u64, u64),
) -> Result<(u64, u64), AppError> {
    let counted = match visitor.filter(|v| *v != owner) {
        Some(v) => count_first_visit(state, owner, v, day).await?,
        None => false,
    };
    let (today, total) = read;
    Ok(if counted { (today + 1, total + 1) } else { (today, total) })
}

/// The visits of the day this instance has seen counted (by itself or another instance):
/// a member reading a homepage tab after tab asks Redis once, not at every page. It also
/// keeps this instance from counting a visitor twice when Redis lost the day's set.
/// Process-wide on purpose (every `AppState` of a process counts into the same stores).
mod seen {
    use chrono::NaiveDate;
    use std::{
        collections::HashSet,
        sync::{LazyLock, Mutex},
    };

    /// Past this many visits in a day the memory starts again empty (one more Redis round
    /// trip for each, nothing counted twice: Redis still decides).
    const MAX: usize = 200_000;

    #[derive(Default)]
    struct Day {
        day: Option<NaiveDate>,
        /// (owner, visitor)
        visits: HashSet<(u64, u64)>,
    }

    static COUNTED: LazyLock<Mutex<Day>> = LazyLock::new(Mutex::default);

    pub fn known(owner: u64, visitor: u64, day: NaiveDate) -> bool {
        let counted = COUNTED.lock().unwrap();
        counted.day == Some(day) && counted.visits.contains(&(owner, visitor))
    }

    pub fn remember(owner: u64, visitor: u64, day: NaiveDate) {
        let mut counted = COUNTED.lock().unwrap();
        if counted.day != Some(day) || counted.visits.len() >= MAX {
            *counted = Day { day: Some(day), visits: HashSet::new() };
        }
        counted.visits.insert((owner, visitor));
    }
}

/// Whether this is `visitor`'s first visit to `owner` on `day`, persisted when it is.
async fn count_first_visit(state: &AppState, owner: u64, visitor: u64, day: NaiveDate) -> Result<bool, AppError> {
    if seen::known(owner, visitor, day) {
        return Ok(false);
    }
    let key = format!("today:{owner}:{}", day.format("%Y%m%d"));
    let mut redis = state.redis.clone();
    // One MULTI: the set never lives without its expiry.
    let added: Result<(i64, i64), _> =
        redis::pipe().atomic().cmd("SADD").arg(&key).arg(visitor).cmd("EXPIRE").arg(&key).arg(2 * 86_400).query_async(&mut redis).await;
    match added {
        Ok((1, _)) => {
            if let Err(e) = store::add_visit(&state.db, owner, day).await {
                // Not persisted: forget the visit so the next one counts.
                let _: Result<i64, _> = redis::cmd("SREM").arg(&key).arg(visitor).query_async(&mut redis).await;
                return Err(e.into());
            }
            seen::remember(owner, visitor, day);
            Ok(true)
        }
        Ok(_) => {
            seen::remember(owner, visitor, day);
            Ok(false)
        }
        // A visitor counter is not worth a homepage that does not open.
        Err(e) => {
            tracing::warn!(error = %e, "visit not counted: Redis failed");
            Ok(false)
        }
    }
}
