//! A book's month (`/ledger/{id}?month=YYYY-MM`, this month by default): the book's name
//! and 잔액, ◀ month ▶, the month's 수입/지출/합계, the add form (owners and editors), the
//! budgets, the donut of spending by category (tapping a slice narrows the list), the list
//! by day, and the last 12 months as bars and a balance line.

use super::super::{
    api::{get_month, get_trend, AddEntry, EditEntry, RemoveEntry, RestoreEntry},
    model::{MonthTotal, MonthView},
};
use super::budget::{BudgetCard, BudgetDraft};
use super::charts::{Donut, TrendCharts};
use super::days::{DayList, NoticeBar};
use super::entry_form::{Draft, EntryForm};
use super::{loading, may_write, month_label, page_error, shift_month, signed_won, today, won, BookHead, Tab};
use crate::error::AppError;
use crate::ui::kit::title_text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A message after a write; `restore` offers 되살리기 for an entry just moved to the trash.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub restore: Option<u64>,
    /// Shown under the add form (else above the list).
    pub near_form: bool,
}

/// What the month page keeps while its data reloads. Its writes live here too, not in the
/// forms: a reload rebuilds the page's body, and the body on screen until the new one is
/// ready has already lost its owner, so a write sent from it (a second entry added while
/// the first one's reload is on its way) would be stored with nobody left to answer it.
#[derive(Clone, Copy)]
pub struct MonthState {
    /// Bumped after each write: the month and the trend load again.
    pub version: RwSignal<u32>,
    /// The category the donut picked.
    pub filter: RwSignal<Option<u64>>,
    pub notice: RwSignal<Option<Notice>>,
    /// The entry whose edit form is open.
    pub editing: RwSignal<Option<u64>>,
    /// The add form.
    pub draft: Draft,
    /// The open edit form (filled when its 수정 opens).
    pub edit: Draft,
    /// The budget form.
    pub budget: BudgetDraft,
    pub add_entry: ServerAction<AddEntry>,
    pub edit_entry: ServerAction<EditEntry>,
    pub remove_entry: ServerAction<RemoveEntry>,
    /// The entry being moved to the trash (its id and what the notice calls it).
    pub removing: RwSignal<Option<(u64, String)>>,
    pub restore_entry: ServerAction<RestoreEntry>,
}

impl MonthState {
    /// A fresh page's state, answering its writes from now on.
    fn new() -> Self {
        let version = RwSignal::new(0);
        let st = MonthState {
            version,
            filter: RwSignal::new(None),
            notice: RwSignal::new(None),
            editing: RwSignal::new(None),
            draft: Draft::blank(),
            edit: Draft::blank(),
            budget: BudgetDraft::new(version),
            add_entry: ServerAction::new(),
            edit_entry: ServerAction::new(),
            remove_entry: ServerAction::new(),
            removing: RwSignal::new(None),
            restore_entry: ServerAction::new(),
        };
        st.answer_writes();
        st
    }

    /// Answers each write that succeeded: a notice, and the month and trend load again.
    fn answer_writes(self) {
        let st = self;
        let notice = move |text: String, restore: Option<u64>, near_form: bool| st.notice.set(Some(Notice { text, restore, near_form }));
        Effect::new(move |_| {
            if let Some(Ok(e)) = st.add_entry.value().get() {
                st.draft.amount.set(String::new());
                st.draft.memo.set(String::new());
                notice(format!("'{}' {}을(를) 적었어요.", e.what(), signed_won(e.kind, e.amount)), None, true);
                st.version.update(|v| *v += 1);
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(_)) = st.edit_entry.value().get() {
                st.editing.set(None);
                notice("고쳤어요.".into(), None, false);
                st.version.update(|v| *v += 1);
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(())) = st.remove_entry.value().get() {
                if let Some((id, what)) = st.removing.get_untracked() {
                    notice(format!("'{what}'을(를) 휴지통으로 옮겼어요. 30일 안에 되살릴 수 있어요."), Some(id), false);
                }
                st.version.update(|v| *v += 1);
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(e)) = st.restore_entry.value().get() {
                notice(format!("'{}'을(를) 되살렸어요.", e.what()), None, false);
                st.version.update(|v| *v += 1);
            }
        });
    }
}

#[component]
pub fn MonthPage(book_id: u64) -> impl IntoView {
    let query = use_query_map();
    let month = Memo::new(move |_| query.read().get("month").filter(|m| !m.trim().is_empty()));
    let st = MonthState::new();
    let data = Resource::new(move || (month.get(), st.version.get()), move |(m, _)| get_month(book_id, m));
    let trend = Resource::new(move || (month.get(), st.version.get()), move |(m, _)| get_trend(book_id, m));
    // Another month starts unfiltered.
    Effect::new(move |_| {
        month.track();
        st.filter.set(None);
        st.editing.set(None);
    });
    view! {
        <div class="ledger">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let trend = trend.await;
                    match data.await {
                        Ok(v) => view! { <MonthBody v trend st/> }.into_any(),
                        Err(e) => page_error(e, "가계부를 보려면"),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn MonthBody(v: MonthView, trend: Result<Vec<MonthTotal>, AppError>, st: MonthState) -> impl IntoView {
    let MonthView { book, month, income, expense, net, balance_before, balance_after, days, by_category, budgets, categories } = v;
    let book_id = book.id;
    let writer = may_write(book.access);
    let href = |m: Option<String>| m.map(|m| format!("/ledger/{book_id}?month={m}")).unwrap_or_default();
    let (prev, next) = (href(shift_month(&month, -1)), href(shift_month(&month, 1)));
    let label = month_label(&month);
    let net_class = if net < 0 { "expense" } else { "income" };
    let net_text = if net < 0 { format!("−{}", won(-net)) } else { format!("+{}", won(net)) };
    let title = title_text(&format!("{} {label} - 가계부", book.name));
    // The add form writes into the month shown: today in this month, else its first day.
    if !st.draft.date.with_untracked(|d| d.starts_with(&month)) {
        let now = today();
        let day = if now.to_string().starts_with(&month) { now.to_string() } else { format!("{month}-01") };
        st.draft.date.set(day);
    }
    view! {
        <Title text=title/>
        <BookHead book tab=Tab::Month/>
        <section class="card lg-month" data-testid="month" data-month=month.clone()>
            <div class="lg-month-nav">
                <a href=prev class="lg-month-step" aria-label="이전 달" data-testid="prev-month">"◀"</a>
                <h2 data-testid="month-label">{label.clone()}</h2>
                <a href=next class="lg-month-step" aria-label="다음 달" data-testid="next-month">"▶"</a>
            </div>
            <dl class="lg-totals">
                <div class="lg-total"><dt>"수입"</dt><dd class="income" data-testid="month-income">{won(income)}</dd></div>
                <div class="lg-total"><dt>"지출"</dt><dd class="expense" data-testid="month-expense">{won(expense)}</dd></div>
                <div class="lg-total"><dt>"합계"</dt><dd class=net_class data-testid="month-net">{net_text}</dd></div>
            </dl>
            <p class="hint lg-carry">
                {format!("지난달까지 {} → 이달 말 ", won(balance_before))}
                <strong data-testid="month-balance-after">{won(balance_after)}</strong>
            </p>
        </section>
        {writer.then(|| {
            let categories = categories.clone();
            view! {
                <section class="card lg-add" data-testid="add-entry">
                    <h2>"내역 적기"</h2>
                    <EntryForm book_id categories draft=st.draft add=st.add_entry edit=st.edit_entry/>
                    <NoticeBar st near_form=true/>
                </section>
            }
        })}
        <BudgetCard book_id month=month.clone() budgets categories=categories.clone() writer draft=st.budget/>
        <section class="card lg-donut-card" data-testid="donut-card">
            <h2>{format!("{label} 지출 분류")}</h2>
            <Donut totals=by_category expense filter=st.filter/>
        </section>
        <DayList book_id days categories writer st/>
        <section class="card lg-trend-card" data-testid="trend-card">
            <h2>"최근 12개월"</h2>
            {match trend {
                Ok(months) => view! { <TrendCharts months current=month/> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            }}
        </section>
    }
}
