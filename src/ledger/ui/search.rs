//! 검색·휴지통 (`/ledger/{id}/search`): entries by memo, 분류, 금액 범위, 기간 and 수입/지출,
//! with the sums of everything that matched, a page at a time; and the trash
//! (`?tab=trash`): entries deleted in the last 30 days, newest deletion first, each with
//! 되살리기. The search lives in the address, so a result can be reloaded or shared.

use super::super::{
    api::{list_categories, search_entries, RestoreEntry},
    model::{Book, Category, Entry, EntryKind, EntryPage, EntryQuery, TRASH_DAYS},
};
use super::{
    book_of, day_label, loading, may_write, page_error, parse_amount, parse_date, signed_won, won, BookHead, OtherFieldErrors, Tab,
};
use crate::error::AppError;
use crate::ui::kit::{action_error, title_text, url_encode, FieldError, FormError, Pager, When};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{hooks::use_navigate, hooks::use_query_map, params::ParamsMap};

/// The search the address asks for.
fn query_of(p: &ParamsMap) -> EntryQuery {
    let text = |k: &str| p.get(k).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    EntryQuery {
        q: text("q").unwrap_or_default(),
        kind: text("kind").and_then(|k| EntryKind::parse(&k)),
        category_id: text("category").and_then(|c| c.parse().ok()),
        min_amount: text("min").and_then(|a| parse_amount(&a).ok()),
        max_amount: text("max").and_then(|a| parse_amount(&a).ok()),
        from: text("from").and_then(|d| parse_date(&d)),
        to: text("to").and_then(|d| parse_date(&d)),
        trash: text("tab").as_deref() == Some("trash"),
        page: text("page").and_then(|n| n.parse().ok()).unwrap_or(1).max(1),
    }
}

/// The query string of a search, without its page (the pager adds that).
fn query_string(q: &EntryQuery) -> String {
    let mut parts = vec![];
    if q.trash {
        parts.push("tab=trash".to_owned());
    }
    if !q.q.is_empty() {
        parts.push(format!("q={}", url_encode(&q.q)));
    }
    if let Some(k) = q.kind {
        parts.push(format!("kind={}", k.as_str()));
    }
    if let Some(c) = q.category_id {
        parts.push(format!("category={c}"));
    }
    if let Some(a) = q.min_amount {
        parts.push(format!("min={a}"));
    }
    if let Some(a) = q.max_amount {
        parts.push(format!("max={a}"));
    }
    if let Some(d) = q.from {
        parts.push(format!("from={d}"));
    }
    if let Some(d) = q.to {
        parts.push(format!("to={d}"));
    }
    parts.join("&")
}

/// The fields the search form shows a message under.
const FORM_FIELDS: &[&str] = &["minAmount", "maxAmount", "from", "to", "q"];

type SearchData = (Book, Vec<Category>, Result<EntryPage, AppError>);

/// The book and its categories must load; a search the server refuses (dates the wrong
/// way round) is shown under the form instead of replacing the page.
async fn search_data(book_id: u64, query: EntryQuery) -> Result<SearchData, AppError> {
    let book = book_of(book_id).await?;
    let categories = list_categories(book_id).await?;
    let page = search_entries(book_id, query).await;
    Ok((book, categories, page))
}

#[component]
pub fn SearchPage(book_id: u64) -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| query_of(&params.read()));
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let notice = RwSignal::new(None::<String>);
    let data = Resource::new(move || (query.get(), version.get()), move |(q, _)| search_data(book_id, q));
    view! {
        <div class="ledger">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((book, categories, found)) => {
                            let q = query.get_untracked();
                            view! { <SearchBody book categories found q version notice/> }.into_any()
                        }
                        Err(e) => page_error(e, "가계부를 보려면"),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn SearchBody(
    book: Book,
    categories: Vec<Category>,
    found: Result<EntryPage, AppError>,
    q: EntryQuery,
    version: RwSignal<u32>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let book_id = book.id;
    let writer = may_write(book.access);
    let trash = q.trash;
    let title = title_text(&format!("{} {} - 가계부", book.name, if trash { "휴지통" } else { "검색" }));
    let base = format!("/ledger/{book_id}/search");
    let (error, page) = match found {
        Ok(p) => (None, Some(p)),
        Err(e) => (Some(e), None),
    };
    let error = Signal::derive(move || error.clone());
    let pager_query = query_string(&q);
    let test_id = if trash { "trash" } else { "search" };
    let searching = !trash;
    // In the trash there is no form: every refused field is told here.
    let unshown: &'static [&'static str] = if trash { &[] } else { FORM_FIELDS };
    view! {
        <Title text=title/>
        <BookHead book tab=Tab::Search/>
        <section class="card lg-search" data-testid=test_id>
            <nav class="lg-subtabs" aria-label="검색과 휴지통">
                <a href=base.clone() class:active=searching aria-current=searching.then_some("page")>"검색"</a>
                <a href=format!("{base}?tab=trash") class:active=trash aria-current=trash.then_some("page") data-testid="trash-tab">"휴지통"</a>
            </nav>
            {if trash {
                view! { <p class="hint">{format!("지운 내역은 {TRASH_DAYS}일 동안 여기 있다가 사라져요.")}</p> }.into_any()
            } else {
                view! { <SearchForm book_id categories q=q.clone() error/> }.into_any()
            }}
            {move || notice.get().map(|n| view! { <p class="ok lg-notice" role="status" data-testid="ledger-notice">{n}</p> })}
            <OtherFieldErrors error shown=unshown/>
            <FormError error/>
            {page.map(|p| {
                let (pages, current) = (p.pages, p.page.max(1));
                view! {
                    <Results p trash writer version notice/>
                    <Pager page=current total_pages=pages query=pager_query/>
                }
            })}
        </section>
    }
}

#[component]
fn SearchForm(book_id: u64, categories: Vec<Category>, q: EntryQuery, error: Signal<Option<AppError>>) -> impl IntoView {
    let text = RwSignal::new(q.q.clone());
    let kind = RwSignal::new(q.kind);
    let category = RwSignal::new(q.category_id);
    let min = RwSignal::new(q.min_amount.map(|a| a.to_string()).unwrap_or_default());
    let max = RwSignal::new(q.max_amount.map(|a| a.to_string()).unwrap_or_default());
    let from = RwSignal::new(q.from.map(|d| d.to_string()).unwrap_or_default());
    let to = RwSignal::new(q.to.map(|d| d.to_string()).unwrap_or_default());
    let local = RwSignal::new(None::<AppError>);
    let shown = Signal::derive(move || local.get().or_else(|| error.get()));
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let amount = |s: String, field: &str| -> Result<Option<i64>, AppError> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            parse_amount(&s).map(Some).map_err(|e| AppError::invalid_field(field, e.message("금액은 숫자로 적어 주세요.")))
        };
        let (min_amount, max_amount) = match (amount(min.get_untracked(), "minAmount"), amount(max.get_untracked(), "maxAmount")) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                local.set(Some(e));
                return;
            }
        };
        local.set(None);
        let query = EntryQuery {
            q: text.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            category_id: category.get_untracked(),
            min_amount,
            max_amount,
            from: parse_date(&from.get_untracked()),
            to: parse_date(&to.get_untracked()),
            trash: false,
            page: 1,
        };
        let qs = query_string(&query);
        navigate(&format!("/ledger/{book_id}/search{}{qs}", if qs.is_empty() { "" } else { "?" }), Default::default());
    };
    let option = move |c: &Category| {
        let id = c.id;
        let label = if c.archived { format!("{} (보관됨)", c.name) } else { c.name.clone() };
        view! { <option value=id.to_string() prop:selected=move || category.get() == Some(id)>{label}</option> }
    };
    let group = |k: EntryKind| categories.iter().filter(|c| c.kind == k).map(option).collect_view();
    let (expense_options, income_options) = (group(EntryKind::Expense), group(EntryKind::Income));
    view! {
        <form class="form lg-search-form" role="search" data-testid="search-form" on:submit=submit>
            <label>
                "메모"
                <input type="search" name="q" maxlength="100" placeholder="메모에 든 말"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
            </label>
            <div class="lg-form-row">
                <label>
                    "구분"
                    <select name="kind" on:change=move |ev| kind.set(EntryKind::parse(&event_target_value(&ev)))>
                        <option value="" prop:selected=move || kind.get().is_none()>"전체"</option>
                        {EntryKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.as_str() prop:selected=move || kind.get() == Some(k)>{k.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "분류"
                    <select name="category" on:change=move |ev| category.set(event_target_value(&ev).parse().ok())>
                        <option value="" prop:selected=move || category.get().is_none()>"전체"</option>
                        <optgroup label="지출">{expense_options}</optgroup>
                        <optgroup label="수입">{income_options}</optgroup>
                    </select>
                </label>
            </div>
            <div class="lg-form-row">
                <label>
                    "최소 금액"
                    <input type="text" name="min" inputmode="numeric" prop:value=move || min.get() on:input=move |ev| min.set(event_target_value(&ev))/>
                </label>
                <label>
                    "최대 금액"
                    <input type="text" name="max" inputmode="numeric" prop:value=move || max.get() on:input=move |ev| max.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError error=shown field="minAmount"/>
            <FieldError error=shown field="maxAmount"/>
            <div class="lg-form-row">
                <label>
                    "시작일"
                    <input type="date" name="from" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label>
                    "종료일"
                    <input type="date" name="to" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError error=shown field="from"/>
            <FieldError error=shown field="to"/>
            <FieldError error=shown field="q"/>
            <div class="entry-actions">
                <button type="submit">"검색"</button>
                <a class="button secondary" href=format!("/ledger/{book_id}/search")>"조건 지우기"</a>
            </div>
        </form>
    }
}

/// What matched (or the trash), with the sums over every page.
#[component]
fn Results(p: EntryPage, trash: bool, writer: bool, version: RwSignal<u32>, notice: RwSignal<Option<String>>) -> impl IntoView {
    let restore = crate::ui::kit::page_action::<RestoreEntry>();
    let error = action_error(restore);
    Effect::new(move |_| {
        if let Some(Ok(e)) = restore.value().get() {
            let what = e.what();
            notice.set(Some(format!("'{what}'을(를) 되살렸어요. ({})", e.occurred_on)));
            version.update(|v| *v += 1);
        }
    });
    let summary = if trash {
        format!("휴지통 {}건", p.total)
    } else {
        format!("{}건 · 수입 {} · 지출 {}", p.total, won(p.income), won(p.expense))
    };
    let empty = p.entries.is_empty();
    view! {
        <p class="lg-summary" data-testid="search-summary">{summary}</p>
        <FormError error/>
        {empty.then(|| view! {
            <p class="empty">{if trash { "휴지통이 비어 있어요." } else { "찾는 내역이 없어요." }}</p>
        })}
        <ul class="lg-entries lg-results">
            {p.entries.into_iter().map(|e| {
                let id = e.id;
                let deleted = e.deleted_at;
                view! {
                    <ResultRow e>
                        {deleted.map(|t| view! { <span class="lg-deleted">"지운 때 " <When t/></span> })}
                        {(trash && writer).then(|| view! {
                            <button type="button" class="small" disabled=move || restore.pending().get()
                                on:click=move |_| { notice.set(None); restore.dispatch(RestoreEntry { id }); }>"되살리기"</button>
                        })}
                    </ResultRow>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ResultRow(e: Entry, children: Children) -> impl IntoView {
    let what = e.what().to_owned();
    view! {
        <li class="lg-entry" data-testid="result" data-entry-id=e.id data-kind=e.kind.as_str()>
            <span class="lg-dot" style=format!("background:{}", e.category_color) title=e.category_name.clone()></span>
            <span class="lg-entry-text">
                <span class="lg-entry-memo">{what}</span>
                <span class="lg-entry-meta">
                    <time datetime=e.occurred_on.to_string()>{format!("{} {}", e.occurred_on.format("%Y"), day_label(e.occurred_on))}</time>
                    {format!(" · {} · {}", e.category_name, e.method.label())}
                </span>
            </span>
            <span class="lg-amount" data-kind=e.kind.as_str()>{signed_won(e.kind, e.amount)}</span>
            <span class="lg-entry-actions">{children()}</span>
        </li>
    }
}
