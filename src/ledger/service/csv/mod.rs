//! CSV export (UTF-8 with a BOM, so spreadsheet programs read Korean) and import: a preview,
//! the refused lines with reasons, and all lines in one transaction or none.

use super::*;
use std::collections::HashMap;

mod read;
use read::{echo, read_file, Line};

/// The columns of a ledger CSV, in this order.
pub const CSV_HEADER: [&str; 6] = ["날짜", "구분", "분류", "금액", "결제수단", "메모"];
/// Lines of an import the preview shows.
const PREVIEW_LINES: usize = 20;

fn invalid_csv(message: impl Into<String>) -> AppError {
    AppError::bad_request(ErrorCode::InvalidCsv, message)
}

/// What a file not saved as UTF-8 gets: the REST import's body that is no UTF-8, and a text
/// with U+FFFD (what a browser's `File.text()` makes of a CP949/EUC-KR file).
pub fn not_utf8_csv() -> AppError {
    invalid_csv("UTF-8로 저장된 CSV만 읽을 수 있습니다. (엑셀: 'CSV UTF-8' 형식으로 저장)")
}

fn header_help() -> String {
    format!("CSV 첫 줄은 {}이어야 합니다.", CSV_HEADER.join(","))
}

/// A cell a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe on
/// export; `unguard` takes it off again on import, so the round trip is exact.
fn needs_guard(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(['=', '+', '-', '@'])
}

fn guard(s: &str) -> String {
    if needs_guard(s) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => s,
    }
}

/// The book as CSV: 날짜,구분,분류,금액,결제수단,메모 (the trash left out), oldest first,
/// after a UTF-8 BOM; lines end in CRLF and cells are quoted as RFC 4180 says.
pub async fn export_csv(state: &AppState, me: &AuthUser, book: u64) -> Result<String, AppError> {
    let seat = seat(state, me, book).await?;
    let rows = store::export_rows(&state.db, seat.book.id).await?;
    let mut out = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::with_capacity(64 * (rows.len() + 1)));
    let failed = |e: ::csv::Error| {
        tracing::error!(error = %e, "writing a ledger CSV failed");
        AppError::internal()
    };
    out.write_record(CSV_HEADER).map_err(failed)?;
    for r in rows {
        let date = r.occurred_on.format("%Y-%m-%d").to_string();
        let amount = r.amount.to_string();
        out.write_record([date.as_str(), r.kind.label(), &guard(&r.category), &amount, r.method.label(), &guard(&r.memo)])
            .map_err(failed)?;
    }
    let bytes = out.into_inner().map_err(|e| failed(e.into_error().into()))?;
    let text = String::from_utf8(bytes).map_err(|_| AppError::internal())?;
    Ok(format!("\u{feff}{text}"))
}

/// How categories are matched by name: as the unique key compares them (trimmed, any case).
fn name_key(kind: EntryKind, name: &str) -> (EntryKind, String) {
    (kind, name.trim().to_lowercase())
}

/// Reads `text` (the same columns; a BOM is skipped). `commit` false writes nothing; true
/// writes every line in one transaction when none is refused, and nothing otherwise
/// (`imported` says which).
pub async fn import_csv(state: &AppState, me: &AuthUser, book: u64, text: &str, commit: bool) -> Result<ImportReport, AppError> {
    let seat = writer_seat(state, me, book).await?;
    let book = seat.book.id;
    let (lines, mut rejected) = read_file(text)?;

    // Categories by name: the book's (archived ones too), then the ones the file makes.
    let known = store::categories_of(&state.db, book).await?;
    let mut ids: HashMap<(EntryKind, String), Option<u64>> = known.iter().map(|c| (name_key(c.kind, &c.name), Some(c.id))).collect();
    let mut new_categories: Vec<(EntryKind, String)> = vec![];
    let room = MAX_CATEGORIES.saturating_sub(known.len());
    let mut accepted: Vec<Line> = vec![];
    for l in lines {
        if let std::collections::hash_map::Entry::Vacant(slot) = ids.entry(name_key(l.kind, &l.category)) {
            if new_categories.len() >= room {
                let reason = format!("분류 '{}'을(를) 더 만들 수 없습니다 (한 가계부에 {MAX_CATEGORIES}개까지).", echo(&l.category));
                rejected.push(RejectedLine { line: l.line, reason });
                continue;
            }
            slot.insert(None);
            new_categories.push((l.kind, l.category.clone()));
        }
        accepted.push(l);
    }
    rejected.sort_by_key(|r| r.line);

    let have = store::entry_count(&state.db, book).await?;
    if have + accepted.len() as i64 > MAX_ENTRIES as i64 {
        return Err(too_many_entries(have));
    }
    let mut report = ImportReport {
        imported: false,
        accepted: accepted.len() as u32,
        new_categories: new_categories.iter().map(|(_, n)| n.clone()).collect(),
        income: accepted.iter().filter(|l| l.kind == EntryKind::Income).map(|l| l.amount).sum(),
        expense: accepted.iter().filter(|l| l.kind == EntryKind::Expense).map(|l| l.amount).sum(),
        preview: accepted
            .iter()
            .take(PREVIEW_LINES)
            .map(|l| ImportLine {
                line: l.line,
                occurred_on: l.occurred_on,
                kind: l.kind,
                category: l.category.clone(),
                amount: l.amount,
                method: l.method,
                memo: l.memo.clone(),
            })
            .collect(),
        rejected,
    };
    if !commit || !report.rejected.is_empty() {
        return Ok(report);
    }

    let mut tx = state.db.begin().await?;
    // Under the book's row lock, entries and categories written meanwhile are counted.
    store::lock_book(&mut *tx, book).await?;
    let have = store::entry_count(&mut *tx, book).await?;
    if have + accepted.len() as i64 > MAX_ENTRIES as i64 {
        return Err(too_many_entries(have));
    }
    if store::category_count(&mut *tx, book).await? as usize + new_categories.len() > MAX_CATEGORIES {
        return Err(AppError::conflict(
            ErrorCode::LedgerLimitReached,
            format!("분류는 한 가계부에 {MAX_CATEGORIES}개까지 만들 수 있습니다. 파일의 분류를 줄여 주세요."),
        ));
    }
    for (i, (kind, name)) in new_categories.iter().enumerate() {
        let id = match store::category_by_name(&mut *tx, book, *kind, name).await? {
            Some(c) => c.id,
            None => {
                let position = store::next_position(&mut *tx, book, *kind).await?;
                let color = CATEGORY_COLORS[(known.len() + i) % CATEGORY_COLORS.len()];
                store::insert_category(&mut *tx, book, *kind, name, color, position).await?
            }
        };
        ids.insert(name_key(*kind, name), Some(id));
    }
    let mut entries = Vec::with_capacity(accepted.len());
    for l in accepted {
        let Some(&Some(category_id)) = ids.get(&name_key(l.kind, &l.category)) else {
            return Err(AppError::internal());
        };
        entries.push(EntryInput {
            kind: l.kind,
            amount: l.amount,
            category_id,
            method: l.method,
            memo: l.memo,
            occurred_on: l.occurred_on,
        });
    }
    store::insert_entries(&mut tx, book, &entries, me.id()).await?;
    tx.commit().await?;
    report.imported = true;
    Ok(report)
}

fn too_many_entries(have: i64) -> AppError {
    AppError::conflict(
        ErrorCode::LedgerLimitReached,
        format!("한 가계부에는 기록을 {MAX_ENTRIES}개까지 남길 수 있습니다 (지금 {have}개, 휴지통 포함). 파일을 나누거나 새 가계부에 가져오세요."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_come_back_exactly() {
        for s in ["=SUM(A1)", "'=x", "-5000 환불", "@cmd", "평범한 메모", "'따옴표", ""] {
            assert_eq!(unguard(&guard(s)), s);
        }
        assert_eq!(guard("=1+1"), "'=1+1");
        assert_eq!(guard("점심"), "점심");
    }
}
