//! The month's list by day (newest first): each day's date, its 수입 and 지출 and the balance
//! at its end, then its entries (category colour, memo, method, amount), with 수정 and 삭제
//! for writers. 삭제 moves an entry to the trash; the notice above the list can bring it
//! back at once. A category picked in the donut narrows the list to its entries.

use super::super::{
    api::{RemoveEntry, RestoreEntry},
    model::{Category, Day, Entry},
};
use super::entry_form::EntryForm;
use super::month::MonthState;
use super::{day_label, signed_won, won};
use crate::ui::kit::{action_error, FormError};
use leptos::prelude::*;

#[component]
pub fn DayList(book_id: u64, days: Vec<Day>, categories: Vec<Category>, writer: bool, st: MonthState) -> impl IntoView {
    let days = StoredValue::new(days);
    let categories = StoredValue::new(categories);
    let remove = st.remove_entry;
    let remove_error = action_error(remove);
    let on_remove = Callback::new(move |e: (u64, String)| {
        st.notice.set(None);
        st.removing.set(Some(e.clone()));
        remove.dispatch(RemoveEntry { id: e.0 });
    });
    let busy = Signal::derive(move || remove.pending().get());

    // The category the donut picked, with how many of its entries this month and their sum.
    let filter_banner = move || {
        let id = st.filter.get()?;
        let name = categories.with_value(|cs| cs.iter().find(|c| c.id == id).map(|c| c.name.clone())).unwrap_or_default();
        let (count, sum) = days.with_value(|ds| {
            ds.iter().flat_map(|d| d.entries.iter()).filter(|e| e.category_id == id).fold((0, 0i64), |(n, s), e| (n + 1, s + e.amount))
        });
        Some(view! {
            <p class="lg-filter" data-testid="category-filter" data-category-id=id role="status">
                <span>{format!("'{name}' 내역만 보는 중 · {count}건 · {}", won(sum))}</span>
                <button type="button" class="small secondary" on:click=move |_| st.filter.set(None)>"전체 보기"</button>
            </p>
        })
    };
    let shown = move || {
        let filter = st.filter.get();
        days.with_value(|ds| {
            ds.iter()
                .filter_map(|d| {
                    let entries: Vec<Entry> = d.entries.iter().filter(|e| filter.is_none_or(|f| e.category_id == f)).cloned().collect();
                    (!entries.is_empty()).then(|| (d.clone(), entries))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card lg-days" id="lg-days" data-testid="day-list">
            <h2>"날짜별 내역"</h2>
            <NoticeBar st near_form=false/>
            {filter_banner}
            <FormError error=remove_error/>
            {move || {
                let list = shown();
                if list.is_empty() {
                    return view! { <p class="empty">"이 달에는 아직 내역이 없어요."</p> }.into_any();
                }
                view! {
                    <ol class="lg-day-list">
                        {list.into_iter().map(|(day, entries)| view! {
                            <DayBlock book_id day entries categories writer st on_remove busy/>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn DayBlock(
    book_id: u64,
    day: Day,
    entries: Vec<Entry>,
    categories: StoredValue<Vec<Category>>,
    writer: bool,
    st: MonthState,
    on_remove: Callback<(u64, String)>,
    busy: Signal<bool>,
) -> impl IntoView {
    let date = day.date.to_string();
    let datetime = date.clone();
    let negative = day.balance < 0;
    view! {
        <li class="lg-day" data-testid="day" data-date=date>
            <div class="lg-day-head">
                <time datetime=datetime class="lg-day-date">{day_label(day.date)}</time>
                <span class="lg-day-sums">
                    {(day.income > 0).then(|| view! { <span class="income" data-testid="day-income">{format!("수입 {}", won(day.income))}</span> })}
                    {(day.expense > 0).then(|| view! { <span class="expense" data-testid="day-expense">{format!("지출 {}", won(day.expense))}</span> })}
                </span>
                <span class="lg-day-balance" class:negative=negative data-testid="day-balance">{format!("잔액 {}", won(day.balance))}</span>
            </div>
            <ul class="lg-entries">
                {entries.into_iter().map(|e| view! { <EntryRow book_id e categories writer st on_remove busy/> }).collect_view()}
            </ul>
        </li>
    }
}

/// One entry, or its edit form while 수정 is open (its draft is the page's, so a reload
/// keeps what was typed).
#[component]
fn EntryRow(
    book_id: u64,
    e: Entry,
    categories: StoredValue<Vec<Category>>,
    writer: bool,
    st: MonthState,
    on_remove: Callback<(u64, String)>,
    busy: Signal<bool>,
) -> impl IntoView {
    let id = e.id;
    let keep_category = e.category_id;
    let e = StoredValue::new(e);
    let cancel = Callback::new(move |_| st.editing.set(None));
    move || {
        if st.editing.get() == Some(id) {
            let categories = categories.get_value();
            return view! {
                <li class="lg-entry editing" data-testid="entry" data-entry-id=id>
                    <EntryForm book_id categories draft=st.edit entry_id=id keep_category add=st.add_entry edit=st.edit_entry on_cancel=cancel/>
                </li>
            }
            .into_any();
        }
        let open = move |_| {
            st.notice.set(None);
            // The page's one edit action may still hold another entry's refusal.
            st.edit_entry.value().set(None);
            e.with_value(|e| st.edit.load(e));
            st.editing.set(Some(id));
        };
        let e = e.get_value();
        let what = e.what().to_owned();
        let meta = match e.recurring_id {
            Some(_) => format!("{} · {} · 반복", e.category_name, e.method.label()),
            None => format!("{} · {}", e.category_name, e.method.label()),
        };
        let label = what.clone();
        view! {
            <li class="lg-entry" data-testid="entry" data-entry-id=id data-kind=e.kind.as_str() data-category-id=e.category_id>
                <span class="lg-dot" style=format!("background:{}", e.category_color) title=e.category_name.clone()></span>
                <span class="lg-entry-text">
                    <span class="lg-entry-memo">{what.clone()}</span>
                    <span class="lg-entry-meta">{meta}</span>
                </span>
                <span class="lg-amount" data-kind=e.kind.as_str() data-testid="entry-amount">{signed_won(e.kind, e.amount)}</span>
                {writer.then(|| view! {
                    <span class="lg-entry-actions">
                        <button type="button" class="small secondary" aria-label=format!("{label} 수정")
                            on:click=open>"수정"</button>
                        <button type="button" class="small secondary" aria-label=format!("{label} 삭제") disabled=busy
                            on:click=move |_| on_remove.run((id, what.clone()))>"삭제"</button>
                    </span>
                })}
            </li>
        }
        .into_any()
    }
}

/// What just happened (added, fixed, moved to the trash), with 되살리기 for the trash.
#[component]
pub fn NoticeBar(st: MonthState, near_form: bool) -> impl IntoView {
    let restore = st.restore_entry;
    let error = action_error(restore);
    view! {
        {move || st.notice.get().filter(|n| n.near_form == near_form).map(|n| view! {
            <p class="ok lg-notice" role="status" data-testid="ledger-notice">
                <span>{n.text}</span>
                {n.restore.map(|id| view! {
                    <button type="button" class="small secondary" disabled=move || restore.pending().get()
                        on:click=move |_| { restore.dispatch(RestoreEntry { id }); }>"되살리기"</button>
                })}
            </p>
        })}
        <FormError error/>
    }
}
