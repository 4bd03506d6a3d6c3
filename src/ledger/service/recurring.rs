//! Recurring rules and the job that writes their entries, once per period however many
//! app instances run it (docs/design/ledger.md): a period is claimed by moving the rule's
//! `next_period` on with a conditional UPDATE, and its entry is written in the same
//! transaction; the unique key (rule, period) on entries is the backstop.

use super::summary::next_month;
use super::*;
use chrono::Datelike;

/// Periods one run writes for one rule at most (a long gap is caught up over a few runs).
const MAX_CATCH_UP: usize = 24;

fn recurring_not_found() -> AppError {
    AppError::not_found(ErrorCode::RecurringNotFound, "반복 항목을 찾을 수 없습니다.")
}

/// The first day of a period "YYYY-MM".
fn period_first(period: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").ok()
}

/// The day a rule writes in the month starting `first`: its day, or the month's last day
/// when the month is shorter (31 → Feb 28 or 29).
pub(super) fn period_date(first: NaiveDate, day: u8) -> NaiveDate {
    let last = next_month(first).pred_opt().map_or(28, |d| d.day());
    first.with_day(u32::from(day).clamp(1, last)).unwrap_or(first)
}

/// The next date the rule will write an entry on (None: finished).
fn next_on(rule: &store::RuleRow) -> Option<NaiveDate> {
    let mut first = period_first(&rule.next_period)?;
    let mut date = period_date(first, rule.day_of_month);
    // Only the starting month's day can fall before the start: then the next month's.
    if date < rule.starts_on {
        first = next_month(first);
        date = period_date(first, rule.day_of_month);
    }
    match rule.ends_on {
        Some(end) if date > end => None,
        _ => Some(date),
    }
}

fn view(rule: store::RuleRow) -> Recurring {
    Recurring {
        id: rule.id,
        kind: rule.kind,
        amount: rule.amount,
        category_id: rule.category_id,
        method: rule.method,
        day_of_month: rule.day_of_month,
        starts_on: rule.starts_on,
        ends_on: rule.ends_on,
        next_on: next_on(&rule),
        category_name: rule.category_name,
        memo: rule.memo,
    }
}

pub async fn list_recurring(state: &AppState, me: &AuthUser, book: u64) -> Result<Vec<Recurring>, AppError> {
    let seat = seat(state, me, book).await?;
    Ok(store::rules_of(&state.db, seat.book.id).await?.into_iter().map(view).collect())
}

/// Makes a rule, checked as an entry is, and writes its periods already due (from its start
/// to today) at once.
pub async fn create_recurring(state: &AppState, me: &AuthUser, book: u64, input: RecurringInput) -> Result<Recurring, AppError> {
    let seat = writer_seat(state, me, book).await?;
    check_amount("amount", input.amount)?;
    if !(1..=31).contains(&input.day_of_month) {
        return Err(AppError::invalid_field("dayOfMonth", "날짜(일)는 1일부터 31일 사이로 골라 주세요."));
    }
    check_date("startsOn", input.starts_on)?;
    if let Some(end) = input.ends_on {
        check_date("endsOn", end)?;
        if end < input.starts_on {
            return Err(AppError::invalid_field("endsOn", "끝나는 날은 시작하는 날과 같거나 뒤여야 합니다."));
        }
    }
    let memo = input.memo.trim();
    if memo.chars().count() > 200 {
        return Err(AppError::invalid_field("memo", "메모는 200자까지 쓸 수 있습니다."));
    }
    check_category(state, seat.book.id, input.category_id, input.kind, None).await?;

    let next_period = month_of(input.starts_on);
    let mut tx = state.db.begin().await?;
    // The book's row lock makes two rules made at once count each other.
    store::lock_book(&mut *tx, seat.book.id).await?;
    if store::rule_count(&mut *tx, seat.book.id).await? >= MAX_RECURRING as i64 {
        return Err(AppError::conflict(
            ErrorCode::LedgerLimitReached,
            format!("반복 항목은 한 가계부에 {MAX_RECURRING}개까지 만들 수 있습니다."),
        ));
    }
    let rule = store::NewRule {
        book: seat.book.id,
        kind: input.kind,
        amount: input.amount,
        category_id: input.category_id,
        method: input.method,
        memo,
        day_of_month: input.day_of_month,
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        next_period: &next_period,
        created_by: me.id(),
    };
    let id = store::insert_rule(&mut *tx, &rule).await?;
    tx.commit().await?;

    let rule = store::rule_get(&state.db, id).await?.ok_or_else(recurring_not_found)?;
    run_rule(state, &rule, today()).await?;
    let rule = store::rule_get(&state.db, id).await?.ok_or_else(recurring_not_found)?;
    Ok(view(rule))
}

/// Ends a rule (writer of its book); the entries it wrote stay.
pub async fn delete_recurring(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let rule = store::rule_get(&state.db, id).await?.ok_or_else(recurring_not_found)?;
    // A stranger learns nothing of the rule's book.
    match writer_seat(state, me, rule.book_id).await {
        Err(e) if e.status == 404 => return Err(recurring_not_found()),
        other => other?,
    };
    store::delete_rule(&state.db, id).await?;
    Ok(())
}

/// Writes every period due on or before `today` of every rule; returns the entries written.
/// A rule that fails is logged and the others still run; the first failure is returned.
pub async fn run_due(state: &AppState, today: NaiveDate) -> Result<u64, AppError> {
    let rules = store::due_rules(&state.db, &month_of(today)).await?;
    let mut wrote = 0;
    let mut failed = None;
    for rule in &rules {
        match run_rule(state, rule, today).await {
            Ok(n) => wrote += n,
            Err(e) => {
                tracing::warn!(rule = rule.id, error = %e.message, "a recurring ledger rule failed");
                failed.get_or_insert(e);
            }
        }
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(wrote),
    }
}

/// Writes the rule's due periods (at most MAX_CATCH_UP), each in its own transaction: under
/// the book's row lock (so the entries limit counts every writer), the claim of the period,
/// then its entry. A runner that loses a claim carries on from where the winner left the rule.
/// A period that begins on or before the rule's end but whose day falls after it is claimed
/// without an entry: `next_period` moves past the end, and the finished rule is never due
/// again.
async fn run_rule(state: &AppState, rule: &store::RuleRow, today: NaiveDate) -> Result<u64, AppError> {
    let mut period = rule.next_period.clone();
    let mut wrote = 0;
    for _ in 0..MAX_CATCH_UP {
        let Some(first) = period_first(&period) else {
            tracing::warn!(rule = rule.id, period, "a recurring ledger rule has an unreadable period");
            break;
        };
        // A period that begins after the end: the rule is finished already.
        if rule.ends_on.is_some_and(|end| first > end) {
            break;
        }
        let date = period_date(first, rule.day_of_month);
        let finished = rule.ends_on.is_some_and(|end| date > end);
        if date > today && !finished {
            break;
        }
        let next = month_of(next_month(first));
        // A period whose day falls before the start is passed over (the claim still moves on).
        let write = !finished && date >= rule.starts_on;
        let mut tx = state.db.begin().await?;
        store::lock_book(&mut *tx, rule.book_id).await?;
        if write && store::entry_count(&mut *tx, rule.book_id).await? >= MAX_ENTRIES as i64 {
            tx.rollback().await?;
            tracing::warn!(rule = rule.id, book = rule.book_id, "a ledger book is full; its recurring rule waits");
            break;
        }
        if !store::claim_period(&mut *tx, rule.id, &period, &next).await? {
            tx.rollback().await?;
            match store::next_period_of(&state.db, rule.id).await? {
                Some(now) if now > period => {
                    period = now;
                    continue;
                }
                _ => break,
            }
        }
        if write {
            let input = EntryInput {
                kind: rule.kind,
                amount: rule.amount,
                category_id: rule.category_id,
                method: rule.method,
                memo: rule.memo.clone(),
                occurred_on: date,
            };
            match store::insert_entry(&mut *tx, rule.book_id, &input, rule.created_by, Some((rule.id, period.as_str()))).await {
                Ok(_) => wrote += 1,
                // The backstop: the period is written already; the claim still moves on.
                Err(e) if is_duplicate(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
        tx.commit().await?;
        if finished {
            break;
        }
        period = next;
    }
    Ok(wrote)
}

/// Purges entries in the trash for longer than TRASH_DAYS; returns how many.
pub async fn purge_trash(state: &AppState) -> Result<u64, AppError> {
    Ok(store::purge_trash(&state.db).await?)
}

#[cfg(test)]
mod tests {
    use super::super::summary::first_of;
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_short_month_takes_its_last_day() {
        assert_eq!(period_date(d(2024, 2, 1), 31), d(2024, 2, 29));
        assert_eq!(period_date(d(2025, 2, 1), 31), d(2025, 2, 28));
        assert_eq!(period_date(d(2025, 4, 1), 31), d(2025, 4, 30));
        assert_eq!(period_date(d(2025, 1, 1), 31), d(2025, 1, 31));
        assert_eq!(period_date(d(2025, 12, 1), 15), d(2025, 12, 15));
        assert_eq!(first_of(d(2025, 12, 15)), d(2025, 12, 1));
    }
}
