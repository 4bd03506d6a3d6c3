//! Entries: write, rewrite, the trash (30 days) and the search. An entry of a book the
//! member cannot read answers 404 LEDGER_ENTRY_NOT_FOUND, as a missing one does.

use super::*;
use crate::error::FieldErrors;

fn entry_not_found() -> AppError {
    AppError::not_found(ErrorCode::LedgerEntryNotFound, "기록을 찾을 수 없습니다.")
}

/// Moves the fields of an INVALID_FIELDS error into `errors` (anything else is returned).
fn absorb(errors: &mut FieldErrors, result: Result<(), AppError>) -> Result<(), AppError> {
    match result {
        Err(e) if e.status == 400 && !e.field_errors.is_empty() => {
            for f in e.field_errors {
                errors.add(&f.field, f.message);
            }
            Ok(())
        }
        other => other,
    }
}

/// The entry as it will be written (memo trimmed), or every field refused at once.
/// `keep_category`: the category the edited entry has (it may stay even when archived).
async fn checked_input(state: &AppState, book: u64, input: EntryInput, keep_category: Option<u64>) -> Result<EntryInput, AppError> {
    let mut errors = FieldErrors::default();
    absorb(&mut errors, check_amount("amount", input.amount))?;
    absorb(&mut errors, check_date("occurredOn", input.occurred_on))?;
    let memo = errors.text("memo", &input.memo, 0, 200, "메모");
    let category = check_category(state, book, input.category_id, input.kind, keep_category).await.map(|_| ());
    absorb(&mut errors, category)?;
    errors.finish()?;
    Ok(EntryInput { memo, ..input })
}

/// The entry and the member's seat in its book (a writer's seat when `write`).
async fn entry_seat(state: &AppState, me: &AuthUser, id: u64, write: bool) -> Result<(Seat, Entry), AppError> {
    let entry = store::entry_get(&state.db, id).await?.ok_or_else(entry_not_found)?;
    let seat = if write { writer_seat(state, me, entry.book_id).await } else { seat(state, me, entry.book_id).await };
    match seat {
        Ok(seat) => Ok((seat, entry)),
        Err(e) if e.status == 404 => Err(entry_not_found()),
        Err(e) => Err(e),
    }
}

async fn load(state: &AppState, id: u64) -> Result<Entry, AppError> {
    store::entry_get(&state.db, id).await?.ok_or_else(entry_not_found)
}

pub async fn create_entry(state: &AppState, me: &AuthUser, book: u64, input: EntryInput) -> Result<Entry, AppError> {
    let seat = writer_seat(state, me, book).await?;
    let input = checked_input(state, seat.book.id, input, None).await?;
    let mut tx = state.db.begin().await?;
    // Under the book's row lock, two writes at once count each other.
    store::lock_book(&mut *tx, seat.book.id).await?;
    if store::entry_count(&mut *tx, seat.book.id).await? >= MAX_ENTRIES as i64 {
        return Err(AppError::conflict(
            ErrorCode::LedgerLimitReached,
            format!("한 가계부에는 기록을 {MAX_ENTRIES}개까지 남길 수 있습니다 (휴지통 포함). 새 가계부를 만들어 주세요."),
        ));
    }
    let id = store::insert_entry(&mut *tx, seat.book.id, &input, me.id(), None).await?;
    tx.commit().await?;
    load(state, id).await
}

pub async fn get_entry(state: &AppState, me: &AuthUser, id: u64) -> Result<Entry, AppError> {
    Ok(entry_seat(state, me, id, false).await?.1)
}

/// Rewrites every field of a live entry (a trashed one is restored first).
pub async fn update_entry(state: &AppState, me: &AuthUser, id: u64, input: EntryInput) -> Result<Entry, AppError> {
    let (seat, entry) = entry_seat(state, me, id, true).await?;
    if entry.deleted_at.is_some() {
        return Err(entry_not_found());
    }
    let input = checked_input(state, seat.book.id, input, Some(entry.category_id)).await?;
    if !store::update_entry(&state.db, id, &input).await? {
        return Err(entry_not_found());
    }
    load(state, id).await
}

/// Moves the entry to the trash (again: nothing changes).
pub async fn delete_entry(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    entry_seat(state, me, id, true).await?;
    store::trash_entry(&state.db, id).await?;
    Ok(())
}

/// Brings an entry back from the trash within TRASH_DAYS (a live one is answered as it is).
pub async fn restore_entry(state: &AppState, me: &AuthUser, id: u64) -> Result<Entry, AppError> {
    let (_, entry) = entry_seat(state, me, id, true).await?;
    if entry.deleted_at.is_none() {
        return Ok(entry);
    }
    if !store::restore_entry(&state.db, id).await? {
        return Err(AppError::new(
            410,
            ErrorCode::RestoreExpired,
            format!("휴지통에 {TRASH_DAYS}일이 넘게 있던 기록은 되살릴 수 없습니다."),
        ));
    }
    load(state, id).await
}

pub async fn search_entries(state: &AppState, me: &AuthUser, book: u64, query: &EntryQuery) -> Result<EntryPage, AppError> {
    let seat = seat(state, me, book).await?;
    let mut errors = FieldErrors::default();
    errors.text("q", &query.q, 0, 100, "검색어");
    if let (Some(from), Some(to)) = (query.from, query.to) {
        errors.check(from <= to, "to", "끝 날짜가 시작 날짜보다 앞설 수 없습니다.");
    }
    if let (Some(min), Some(max)) = (query.min_amount, query.max_amount) {
        errors.check(min <= max, "maxAmount", "최대 금액이 최소 금액보다 작을 수 없습니다.");
    }
    if let Some(category) = query.category_id {
        if store::category_in_book(&state.db, seat.book.id, category).await?.is_none() {
            errors.add("categoryId", "이 가계부에 없는 분류입니다.");
        }
    }
    errors.finish()?;

    let page = query.page.max(1);
    let totals = store::search_totals(&state.db, seat.book.id, query).await?;
    let entries = store::search(&state.db, seat.book.id, query, page).await?;
    let total = u64::try_from(totals.total).unwrap_or(0);
    let pages = u32::try_from(total.div_ceil(u64::from(SEARCH_PAGE))).unwrap_or(u32::MAX).max(1);
    Ok(EntryPage { entries, total, income: totals.income, expense: totals.expense, page, pages })
}
