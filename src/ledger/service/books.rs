//! Books: making (with the default categories), renaming, the opening balance, deleting, and
//! sharing with 일촌 as viewers or editors.

use super::*;
use crate::error::FieldErrors;

fn book_limit() -> AppError {
    AppError::conflict(ErrorCode::LedgerLimitReached, format!("가계부는 {MAX_BOOKS}개까지 만들 수 있습니다."))
}

fn book_of(row: store::BookRow, access: Access) -> Book {
    Book {
        id: row.id,
        name: row.name,
        currency: row.currency,
        opening_balance: row.opening_balance,
        balance: row.balance,
        owner_id: row.owner_id,
        owner_nickname: row.owner_nickname,
        access,
        shared_with: u32::try_from(row.shared_with).unwrap_or(u32::MAX),
        created_at: row.created_at,
    }
}

/// The book as the member sees it from their seat (read just now): the seat's fields with
/// the balance, the owner's nickname and how many live members share it.
pub(super) async fn book_view(state: &AppState, seat: &Seat) -> Result<Book, AppError> {
    let extras = store::book_extras(&state.db, seat.book.id).await?.ok_or_else(book_not_found)?;
    Ok(Book {
        id: seat.book.id,
        name: seat.book.name.clone(),
        currency: seat.book.currency.clone(),
        opening_balance: seat.book.opening_balance,
        balance: extras.balance,
        owner_id: seat.book.owner_id,
        owner_nickname: extras.owner_nickname,
        access: seat.access,
        shared_with: u32::try_from(extras.shared_with).unwrap_or(u32::MAX),
        created_at: extras.created_at,
    })
}

/// A book's name (1–40 characters) and opening balance (±MAX_OPENING), into `errors`.
fn check_book(errors: &mut FieldErrors, name: &str, opening: i64) -> String {
    let name = errors.text("name", name, 1, 40, "가계부 이름");
    errors.check(
        (-MAX_OPENING..=MAX_OPENING).contains(&opening),
        "openingBalance",
        "시작 잔액은 -1조 원부터 1조 원(1,000,000,000,000원)까지 적을 수 있습니다.",
    );
    name
}

/// The member's books: their own and those shared with them while the owner's 일촌 holds
/// (the store reads the 일촌 in one JOIN for the whole list, see store/books.rs).
pub async fn list_books(state: &AppState, me: &AuthUser) -> Result<Vec<Book>, AppError> {
    let rows = store::books_for(&state.db, me.id()).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let access = match row.role {
                _ if row.owner_id == me.id() => Access::Owner,
                Some(BookRole::Editor) => Access::Editor,
                _ => Access::Viewer,
            };
            book_of(row, access)
        })
        .collect())
}

pub async fn create_book(state: &AppState, me: &AuthUser, input: BookInput) -> Result<Book, AppError> {
    let mut errors = FieldErrors::default();
    let name = check_book(&mut errors, &input.name, input.opening_balance);
    if let Some(c) = &input.currency {
        errors.check(c.trim().eq_ignore_ascii_case(CURRENCY), "currency", "지금은 원화(KRW) 가계부만 만들 수 있습니다.");
    }
    errors.finish()?;

    let mut tx = state.db.begin().await?;
    // The member's own row lock makes two books made at once count each other.
    store::lock_owner(&mut *tx, me.id()).await?;
    if store::owned_count(&mut *tx, me.id()).await? >= MAX_BOOKS as i64 {
        return Err(book_limit());
    }
    let id = store::insert_book(&mut *tx, me.id(), &name, CURRENCY, input.opening_balance).await?;
    let defaults: Vec<store::NewCategory> = DEFAULT_CATEGORIES
        .iter()
        .enumerate()
        .map(|(position, &(kind, name, color))| store::NewCategory { kind, name, color, position: position as u16 })
        .collect();
    store::insert_categories(&mut *tx, id, &defaults).await?;
    tx.commit().await?;
    get_book(state, me, id).await
}

pub async fn get_book(state: &AppState, me: &AuthUser, id: u64) -> Result<Book, AppError> {
    let seat = seat(state, me, id).await?;
    book_view(state, &seat).await
}

pub async fn update_book(state: &AppState, me: &AuthUser, id: u64, patch: BookPatch) -> Result<Book, AppError> {
    let seat = owner_seat(state, me, id).await?;
    let mut errors = FieldErrors::default();
    let name = check_book(
        &mut errors,
        patch.name.as_deref().unwrap_or(&seat.book.name),
        patch.opening_balance.unwrap_or(seat.book.opening_balance),
    );
    errors.finish()?;
    store::update_book(&state.db, seat.book.id, &name, patch.opening_balance.unwrap_or(seat.book.opening_balance)).await?;
    get_book(state, me, id).await
}

pub async fn delete_book(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let seat = owner_seat(state, me, id).await?;
    let mut tx = state.db.begin().await?;
    // The book's row first, as every other writer takes it, so they wait rather than deadlock.
    store::lock_book(&mut *tx, seat.book.id).await?;
    store::delete_book(&mut tx, seat.book.id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_members(state: &AppState, me: &AuthUser, book: u64) -> Result<Vec<BookMember>, AppError> {
    let seat = seat(state, me, book).await?;
    Ok(store::live_members_of(&state.db, seat.book.id).await?)
}

pub async fn share_book(state: &AppState, me: &AuthUser, book: u64, input: ShareInput) -> Result<BookMember, AppError> {
    let seat = owner_seat(state, me, book).await?;
    if input.user_id == me.id() {
        return Err(AppError::invalid_field("userId", "자기 가계부는 자신과 나눌 수 없습니다."));
    }
    if crate::ilchon::relations::name_for(&state.db, me.id(), input.user_id).await?.is_none() {
        return Err(AppError::bad_request(ErrorCode::NotIlchon, "가계부는 일촌과만 함께 쓸 수 있습니다."));
    }
    let mut tx = state.db.begin().await?;
    // Under the book's row lock, two shares at once count each other.
    store::lock_book(&mut *tx, seat.book.id).await?;
    let members = store::live_members_of(&mut *tx, seat.book.id).await?;
    if !members.iter().any(|m| m.user_id == input.user_id) && members.len() >= MAX_SHARES {
        return Err(AppError::conflict(ErrorCode::LedgerLimitReached, format!("가계부는 {MAX_SHARES}명까지 함께 쓸 수 있습니다.")));
    }
    store::upsert_member(&mut *tx, seat.book.id, input.user_id, input.role).await?;
    tx.commit().await?;
    store::members_of(&state.db, seat.book.id).await?.into_iter().find(|m| m.user_id == input.user_id).ok_or_else(AppError::internal)
}

/// The owner takes `user` off the book; a member (`user` = themselves) leaves it.
pub async fn unshare_book(state: &AppState, me: &AuthUser, book: u64, user: u64) -> Result<(), AppError> {
    if user == me.id() {
        // Leaving needs no live 일촌: a member whose 일촌 ended may still clear their seat.
        if let Some(row) = store::book_seat(&state.db, book, me.id()).await? {
            if row.owner_id == me.id() {
                return Err(AppError::invalid_field("userId", "가계부 주인은 떠날 수 없습니다. 가계부를 지우세요."));
            }
            if row.role.is_some() {
                store::delete_member(&state.db, book, me.id()).await?;
                return Ok(());
            }
        }
        return Err(book_not_found());
    }
    let seat = owner_seat(state, me, book).await?;
    store::delete_member(&state.db, seat.book.id, user).await?;
    Ok(())
}
