//! The 가계부 pages, one lazy route (`/ledger`, `/ledger/*rest`): the view picks the page by
//! the path. The books (`/ledger`), a book's month with its charts and budgets
//! (`/ledger/{id}?month=YYYY-MM`), the search and the trash (`/ledger/{id}/search`), and a
//! book's settings: categories, sharing, recurring rules, CSV (`/ledger/{id}/settings`).
//! Every number comes from the server; the page only draws it.

mod books;
mod budget;
mod categories;
mod charts;
mod csv;
mod days;
mod entry_form;
mod month;
mod recurring;
mod search;
mod settings;
mod sharing;

use super::api::list_books;
use super::model::{Access, Book, Category, EntryKind};
use crate::error::{AppError, ErrorCode};
use crate::ui::kit::{route_path, RouteOf};
use crate::ui::kit::{ErrorPage, LoginPrompt};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

#[component]
pub fn LedgerArea() -> impl IntoView {
    let path = route_path(RouteOf::Below("/ledger"));
    move || {
        let path = path.get();
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(2).collect();
        let id = |s: &str| s.parse::<u64>().ok();
        match parts.as_slice() {
            [] => view! { <books::BooksPage/> }.into_any(),
            [b] if id(b).is_some() => {
                let book_id = id(b).unwrap_or_default();
                view! { <month::MonthPage book_id/> }.into_any()
            }
            [b, "search"] if id(b).is_some() => {
                let book_id = id(b).unwrap_or_default();
                view! { <search::SearchPage book_id/> }.into_any()
            }
            [b, "settings"] if id(b).is_some() => {
                let book_id = id(b).unwrap_or_default();
                view! { <settings::SettingsPage book_id/> }.into_any()
            }
            _ => view! { <crate::ui::kit::NotFound/> }.into_any(),
        }
    }
}

fn loading() -> impl IntoView {
    view! { <p class="loading">"불러오는 중…"</p> }
}

/// A page that could not load: "log in" for guests, the error page otherwise.
fn page_error(error: AppError, what: &'static str) -> AnyView {
    if error.status == 401 {
        return view! { <LoginPrompt what/> }.into_any();
    }
    view! { <ErrorPage error/> }.into_any()
}

/// "1,234,567" (digits grouped by thousands, a leading "-" when negative).
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1,234원".
fn won(n: i64) -> String {
    format!("{}원", grouped(n))
}

/// "+1,234원" for income, "−1,234원" for an expense.
fn signed_won(kind: EntryKind, amount: i64) -> String {
    match kind {
        EntryKind::Income => format!("+{}", won(amount)),
        EntryKind::Expense => format!("−{}", won(amount)),
    }
}

/// Tenths of a percent as "12.3%".
fn percent_text(permille: u32) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// Why a typed amount could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AmountError {
    /// Not a number at all ("많이", "12a").
    NotNumber,
    /// Digits with commas that do not group thousands ("12,00", "1,2345"): read as 1,200 it
    /// would be a silently different amount, so it is refused.
    Grouping,
}

impl AmountError {
    /// The message under the amount input; `not_number` is the form's own (with its example).
    fn message(self, not_number: &str) -> String {
        match self {
            AmountError::NotNumber => not_number.to_owned(),
            AmountError::Grouping => "쉼표는 세 자리마다 찍어 주세요. (예: 1,234,567) 쉼표 없이 적어도 돼요.".to_owned(),
        }
    }
}

/// An amount as typed: digits, commas only as thousands grouping ("1,234,567"), an optional
/// trailing 원 and spaces around. A minus sign goes through, so the server's message about
/// negative amounts shows; digits too many for i64 saturate, so its "too large" message does.
fn parse_amount(s: &str) -> Result<i64, AmountError> {
    let s = s.trim();
    let s = s.strip_suffix('원').unwrap_or(s).trim_end();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return Err(AmountError::NotNumber);
    }
    if digits.contains(',') {
        let mut groups = digits.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err(AmountError::Grouping);
        }
    }
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    let n = plain.parse::<i64>().unwrap_or(i64::MAX);
    Ok(if negative { -n } else { n })
}

/// The month of a "YYYY-MM" text as (year, month).
fn month_parts(m: &str) -> Option<(i32, u32)> {
    let (y, mo) = m.split_once('-')?;
    let (y, mo) = (y.parse().ok()?, mo.parse().ok()?);
    (1..=12).contains(&mo).then_some((y, mo))
}

/// "2026년 12월".
fn month_label(m: &str) -> String {
    month_parts(m).map(|(y, mo)| format!("{y}년 {mo}월")).unwrap_or_else(|| m.to_owned())
}

/// The month `delta` months from `m`, as "YYYY-MM".
fn shift_month(m: &str, delta: i32) -> Option<String> {
    let (y, mo) = month_parts(m)?;
    let index = y * 12 + mo as i32 - 1 + delta;
    Some(format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1))
}

/// "12월 3일 (수)".
fn day_label(d: NaiveDate) -> String {
    let wd = ["월", "화", "수", "목", "금", "토", "일"][d.weekday().num_days_from_monday() as usize];
    format!("{}월 {}일 ({wd})", d.month(), d.day())
}

/// Today in KST: the server's clock during rendering, the browser's after (the default date
/// of the forms; set as a property, so the two never have to agree in the HTML).
fn today() -> NaiveDate {
    #[cfg(feature = "ssr")]
    {
        crate::kst::day_of(chrono::Utc::now())
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::kst::from_millis(js_sys::Date::now() as i64).date()
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The categories of one kind that new entries may take (archived ones left out).
fn usable(categories: &[Category], kind: EntryKind) -> Vec<Category> {
    categories.iter().filter(|c| c.kind == kind && !c.archived).cloned().collect()
}

/// One book as its list shows it (the pages other than the month view have no call of
/// their own for it; the list is short).
async fn book_of(book_id: u64) -> Result<Book, AppError> {
    list_books()
        .await?
        .into_iter()
        .find(|b| b.id == book_id)
        .ok_or_else(|| AppError::not_found(ErrorCode::LedgerBookNotFound, "가계부를 찾을 수 없습니다."))
}

fn may_write(access: Access) -> bool {
    matches!(access, Access::Owner | Access::Editor)
}

/// Which tab of a book is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Month,
    Search,
    Settings,
}

/// A book's name, its balance, where the member stands, and the book's tabs.
#[component]
fn BookHead(book: Book, tab: Tab) -> impl IntoView {
    let id = book.id;
    let tabs = [
        (Tab::Month, format!("/ledger/{id}"), "월별 보기"),
        (Tab::Search, format!("/ledger/{id}/search"), "검색·휴지통"),
        (Tab::Settings, format!("/ledger/{id}/settings"), "설정"),
    ];
    let negative = book.balance < 0;
    let shared = (book.access != Access::Owner).then(|| format!("{}님의 가계부", book.owner_nickname));
    view! {
        <nav class="crumbs"><a href="/ledger">"‹ 내 가계부"</a></nav>
        <section class="card lg-head" data-testid="book-head" data-book-id=id>
            <div class="lg-head-row">
                <h1 data-testid="book-name">{book.name.clone()}</h1>
                <span class="badge lg-access" data-access=book.access.as_str()>{book.access.label()}</span>
                <p class="lg-balance">
                    <span class="lg-balance-label">"잔액"</span>
                    <strong data-testid="book-balance" class:negative=negative>{won(book.balance)}</strong>
                </p>
            </div>
            {shared.map(|s| view! { <p class="hint lg-owner">{s}</p> })}
            <nav class="lg-tabs" aria-label="가계부 메뉴">
                {tabs.into_iter().map(|(t, href, label)| {
                    let active = t == tab;
                    view! { <a href=href class:active=active aria-current=active.then_some("page")>{label}</a> }
                }).collect_view()}
            </nav>
        </section>
    }
}

/// Messages of rejected fields that no `FieldError` of the form shows (so a server's
/// refusal is never silent, whatever field it names).
#[component]
fn OtherFieldErrors(#[prop(into)] error: Signal<Option<AppError>>, shown: &'static [&'static str]) -> impl IntoView {
    move || {
        error.get().map(|e| {
            e.field_errors
                .into_iter()
                .filter(|f| !shown.contains(&f.field.as_str()))
                .map(|f| view! { <p class="field-error" data-field=f.field.clone() role="alert">{f.message}</p> })
                .collect_view()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_months_read_as_people_write_them() {
        assert_eq!(won(0), "0원");
        assert_eq!(won(1234567), "1,234,567원");
        assert_eq!(won(-1000), "-1,000원");
        assert_eq!(won(100), "100원");
        assert_eq!(percent_text(1000), "100.0%");
        assert_eq!(percent_text(123), "12.3%");
        assert_eq!(parse_amount("12,000원"), Ok(12000));
        assert_eq!(parse_amount("12,000 원"), Ok(12000));
        assert_eq!(parse_amount("1,234,567"), Ok(1234567));
        assert_eq!(parse_amount("-50,000"), Ok(-50000));
        assert_eq!(parse_amount(" -5 "), Ok(-5));
        assert_eq!(parse_amount("300000"), Ok(300000));
        assert_eq!(parse_amount("99999999999999999999"), Ok(i64::MAX));
        assert_eq!(parse_amount("12a"), Err(AmountError::NotNumber));
        assert_eq!(parse_amount(""), Err(AmountError::NotNumber));
        assert_eq!(parse_amount("1 000"), Err(AmountError::NotNumber));
        assert_eq!(parse_amount("12,00"), Err(AmountError::Grouping));
        assert_eq!(parse_amount("1,2345"), Err(AmountError::Grouping));
        assert_eq!(parse_amount("1234,567"), Err(AmountError::Grouping));
        assert_eq!(parse_amount(",000"), Err(AmountError::Grouping));
        assert_eq!(parse_amount("1,000,"), Err(AmountError::Grouping));
        assert_eq!(shift_month("2026-01", -1).as_deref(), Some("2025-12"));
        assert_eq!(shift_month("2026-12", 1).as_deref(), Some("2027-01"));
        assert_eq!(month_label("2026-03"), "2026년 3월");
    }
}
