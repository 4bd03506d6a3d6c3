//! The sums: a month (list by day, totals, the donut, budgets) and the 12-month trend. All
//! in whole 원 as i64: at most MAX_ENTRIES entries of MAX_AMOUNT each, plus MAX_OPENING,
//! stays far inside i64 (docs/design/ledger.md).

use super::*;
use chrono::{Datelike, Months};
use std::collections::HashMap;

/// The first day of the month after `first`'s (2099-12 gives 2100-01-01, fine as a bound).
pub(super) fn next_month(first: NaiveDate) -> NaiveDate {
    first.checked_add_months(Months::new(1)).unwrap_or(first)
}

/// The first day of the month `d` is in.
pub(super) fn first_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// A month asked for ("YYYY-MM"; None or blank = this month in KST), as its first day.
fn month_or_this(field: &str, month: Option<&str>) -> Result<NaiveDate, AppError> {
    match month.map(str::trim) {
        Some(m) if !m.is_empty() => parse_month(field, m),
        _ => Ok(first_of(today())),
    }
}

pub async fn month_view(state: &AppState, me: &AuthUser, book: u64, month: Option<&str>) -> Result<MonthView, AppError> {
    let first = month_or_this("month", month)?;
    // The seat check, and the book as its list shows it (its balance over every day).
    let book = get_book(state, me, book).await?;
    let next = next_month(first);
    let before = store::sums_before(&state.db, book.id, first).await?;
    let entries = store::entries_between(&state.db, book.id, first, next).await?;
    let balance_before = book.opening_balance + before.income - before.expense;

    let income: i64 = entries.iter().filter(|e| e.kind == EntryKind::Income).map(|e| e.amount).sum();
    let expense: i64 = entries.iter().filter(|e| e.kind == EntryKind::Expense).map(|e| e.amount).sum();
    let net = income - expense;
    let balance_after = balance_before + net;
    let by_category = by_category(&entries);
    let budgets = budgets(store::budgets_in(&state.db, book.id, &month_of(first)).await?, &by_category);
    let days = days(entries, balance_after);
    let categories = store::categories_of(&state.db, book.id).await?;
    Ok(MonthView {
        book,
        month: month_of(first),
        income,
        expense,
        net,
        balance_before,
        balance_after,
        days,
        by_category,
        budgets,
        categories,
    })
}

/// The entries (newest first) grouped by day, each day with its totals and the balance at
/// its end, counted back from the balance after the month.
fn days(entries: Vec<Entry>, balance_after: i64) -> Vec<Day> {
    let mut days: Vec<Day> = vec![];
    for e in entries {
        match days.last_mut() {
            Some(d) if d.date == e.occurred_on => d.entries.push(e),
            _ => days.push(Day { date: e.occurred_on, income: 0, expense: 0, balance: 0, entries: vec![e] }),
        }
    }
    let mut balance = balance_after;
    for d in &mut days {
        d.income = d.entries.iter().filter(|e| e.kind == EntryKind::Income).map(|e| e.amount).sum();
        d.expense = d.entries.iter().filter(|e| e.kind == EntryKind::Expense).map(|e| e.amount).sum();
        d.balance = balance;
        balance -= d.income - d.expense;
    }
    days
}

/// The month's expense by category, largest first, with shares in permille that add to
/// exactly 1000 (largest remainder), so the donut closes.
fn by_category(entries: &[Entry]) -> Vec<CategoryTotal> {
    let mut totals: Vec<CategoryTotal> = vec![];
    let mut at: HashMap<u64, usize> = HashMap::new();
    for e in entries.iter().filter(|e| e.kind == EntryKind::Expense) {
        let i = *at.entry(e.category_id).or_insert_with(|| {
            totals.push(CategoryTotal {
                category_id: e.category_id,
                name: e.category_name.clone(),
                color: e.category_color.clone(),
                amount: 0,
                permille: 0,
            });
            totals.len() - 1
        });
        totals[i].amount += e.amount;
    }
    totals.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.name.cmp(&b.name)));
    let amounts: Vec<i64> = totals.iter().map(|t| t.amount).collect();
    for (t, p) in totals.iter_mut().zip(permille(&amounts)) {
        t.permille = p;
    }
    totals
}

/// Shares of `amounts` in permille adding to 1000 when the sum is positive: each gets its
/// floor, and what is left goes one by one to the largest remainders (earlier ones first on
/// a tie).
pub(super) fn permille(amounts: &[i64]) -> Vec<u32> {
    let total: i128 = amounts.iter().map(|&a| i128::from(a.max(0))).sum();
    if total <= 0 {
        return vec![0; amounts.len()];
    }
    let mut shares: Vec<(u32, i128)> = amounts
        .iter()
        .map(|&a| {
            let exact = i128::from(a.max(0)) * 1000;
            (u32::try_from(exact / total).unwrap_or(1000), exact % total)
        })
        .collect();
    let given: u32 = shares.iter().map(|s| s.0).sum();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| shares[b].1.cmp(&shares[a].1).then(a.cmp(&b)));
    for &i in order.iter().take(1000u32.saturating_sub(given) as usize) {
        shares[i].0 += 1;
    }
    shares.into_iter().map(|s| s.0).collect()
}

/// Each budget in effect with what was spent against it, the fullest first.
fn budgets(rows: Vec<store::BudgetRow>, spent: &[CategoryTotal]) -> Vec<BudgetStatus> {
    let mut out: Vec<BudgetStatus> = rows
        .into_iter()
        .map(|b| {
            let spent = spent.iter().find(|t| t.category_id == b.category_id).map_or(0, |t| t.amount);
            let percent = u32::try_from(i128::from(spent) * 100 / i128::from(b.amount.max(1))).unwrap_or(u32::MAX);
            BudgetStatus {
                category_id: b.category_id,
                name: b.name,
                color: b.color,
                budget: b.amount,
                spent,
                percent,
                level: budget_level(percent),
            }
        })
        .collect();
    out.sort_by(|a, b| b.percent.cmp(&a.percent).then_with(|| a.name.cmp(&b.name)));
    out
}

/// 100% and more is over; 80% warns.
pub(super) fn budget_level(percent: u32) -> BudgetLevel {
    match percent {
        100.. => BudgetLevel::Over,
        80..=99 => BudgetLevel::Warning,
        _ => BudgetLevel::Ok,
    }
}

/// The 12 months ending with `until` ("YYYY-MM"; default this month), oldest first, each
/// with its income, expense and the balance at its end.
pub async fn trend(state: &AppState, me: &AuthUser, book: u64, until: Option<&str>) -> Result<Vec<MonthTotal>, AppError> {
    let last = month_or_this("until", until)?;
    let seat = seat(state, me, book).await?;
    let start = last.checked_sub_months(Months::new(11)).unwrap_or(last);
    let before = store::sums_before(&state.db, seat.book.id, start).await?;
    let sums: HashMap<String, store::MonthSums> =
        store::monthly_sums(&state.db, seat.book.id, start, next_month(last)).await?.into_iter().map(|m| (m.month.clone(), m)).collect();
    let mut balance = seat.book.opening_balance + before.income - before.expense;
    let mut out = Vec::with_capacity(12);
    let mut first = start;
    while first <= last {
        let month = month_of(first);
        let (income, expense) = sums.get(&month).map_or((0, 0), |m| (m.income, m.expense));
        balance += income - expense;
        out.push(MonthTotal { month, income, expense, balance });
        first = next_month(first);
    }
    Ok(out)
}

/// Sets an expense category's budget from a month on (until a later setting); 0 ends it.
pub async fn set_budget(state: &AppState, me: &AuthUser, book: u64, input: BudgetInput) -> Result<(), AppError> {
    let seat = writer_seat(state, me, book).await?;
    let first = parse_month("month", &input.month)?;
    if input.amount < 0 {
        return Err(AppError::invalid_field("amount", "예산은 0원 이상이어야 합니다 (0원은 예산을 없앱니다)."));
    }
    if input.amount > MAX_AMOUNT {
        return Err(AppError::invalid_field("amount", "예산은 100억 원(10,000,000,000원)까지 정할 수 있습니다."));
    }
    match store::category_in_book(&state.db, seat.book.id, input.category_id).await? {
        None => return Err(AppError::invalid_field("categoryId", "이 가계부에 없는 분류입니다.")),
        Some(c) if c.kind != EntryKind::Expense => {
            return Err(AppError::invalid_field("categoryId", "예산은 지출 분류에만 정할 수 있습니다."));
        }
        Some(_) => {}
    }
    store::upsert_budget(&state.db, seat.book.id, input.category_id, &month_of(first), input.amount).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_to_a_thousand() {
        assert_eq!(permille(&[1, 1, 1]), vec![334, 333, 333]);
        assert_eq!(permille(&[500, 300, 200]), vec![500, 300, 200]);
        assert_eq!(permille(&[2, 1]), vec![667, 333]);
        assert_eq!(permille(&[]), Vec::<u32>::new());
        assert_eq!(permille(&[0, 0]), vec![0, 0]);
        let many = permille(&[MAX_AMOUNT; 7]);
        assert_eq!(many.iter().sum::<u32>(), 1000);
    }

    #[test]
    fn levels_warn_at_80_and_pass_at_100() {
        assert_eq!(budget_level(79), BudgetLevel::Ok);
        assert_eq!(budget_level(80), BudgetLevel::Warning);
        assert_eq!(budget_level(99), BudgetLevel::Warning);
        assert_eq!(budget_level(100), BudgetLevel::Over);
    }
}
