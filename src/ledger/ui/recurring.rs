//! 반복 내역 (월세, 급여): the book's rules with the date each writes next, a form for a new
//! one (the day of the month, from when, until when) and 삭제 (the entries it wrote stay).
//! The server writes each period once; a rule whose start is in the past writes the periods
//! already due at once.

use super::super::{
    api::{AddRecurring, RemoveRecurring},
    model::{Category, EntryKind, PayMethod, Recurring, RecurringInput},
};
use super::{parse_amount, parse_date, signed_won, today, usable, OtherFieldErrors};
use crate::error::{AppError, InvalidField};
use crate::ui::kit::{action_error, reload_on_ok, FieldError, FormError};
use leptos::prelude::*;

/// What the new rule's form holds, kept by the settings page: a save elsewhere on the page
/// reloads this card too and must not throw away a half-typed rule.
#[derive(Clone, Copy)]
pub struct RuleDraft {
    kind: RwSignal<EntryKind>,
    category: RwSignal<Option<u64>>,
    amount: RwSignal<String>,
    method: RwSignal<PayMethod>,
    memo: RwSignal<String>,
    /// The day of the month, as typed.
    day: RwSignal<String>,
    starts: RwSignal<String>,
    ends: RwSignal<String>,
}

impl RuleDraft {
    /// An expense by transfer, on today's day of the month from today on.
    pub fn blank() -> Self {
        RuleDraft {
            kind: RwSignal::new(EntryKind::Expense),
            category: RwSignal::new(None),
            amount: RwSignal::new(String::new()),
            method: RwSignal::new(PayMethod::Transfer),
            memo: RwSignal::new(String::new()),
            day: RwSignal::new(today().format("%-d").to_string()),
            starts: RwSignal::new(today().to_string()),
            ends: RwSignal::new(String::new()),
        }
    }

    /// Back to blank after a rule is added.
    fn clear(&self) {
        let now = today();
        self.kind.set(EntryKind::Expense);
        self.category.set(None);
        self.amount.set(String::new());
        self.method.set(PayMethod::Transfer);
        self.memo.set(String::new());
        self.day.set(now.format("%-d").to_string());
        self.starts.set(now.to_string());
        self.ends.set(String::new());
    }
}

#[component]
pub fn RecurringCard(
    book_id: u64,
    rules: Vec<Recurring>,
    categories: Vec<Category>,
    writer: bool,
    version: RwSignal<u32>,
    draft: RuleDraft,
) -> impl IntoView {
    let remove = crate::ui::kit::page_action::<RemoveRecurring>();
    reload_on_ok(remove, version);
    let remove_error = action_error(remove);
    let empty = rules.is_empty();
    view! {
        <section class="card lg-recurring" data-testid="recurring">
            <h2>"반복 내역"</h2>
            <p class="hint">"월세나 급여처럼 매달 같은 날 적는 내역이에요. 그날이 되면 가계부에 저절로 적혀요."</p>
            {if empty {
                view! { <p class="empty">"반복 내역이 없어요."</p> }.into_any()
            } else {
                view! {
                    <ul class="lg-rules">
                        {rules.into_iter().map(|r| {
                            let id = r.id;
                            let what = if r.memo.is_empty() { r.category_name.clone() } else { r.memo.clone() };
                            let until = r.ends_on.map(|d| format!(" · {d}까지")).unwrap_or_default();
                            let next = match r.next_on {
                                Some(d) => format!("다음: {d}"),
                                None => "끝났어요".to_owned(),
                            };
                            let question = format!("'{what}' 반복을 지울까요? 이미 적힌 내역은 남아요.");
                            view! {
                                <li class="lg-rule" data-testid="rule" data-rule-id=id>
                                    <span class="lg-entry-text">
                                        <span class="lg-entry-memo">{format!("매월 {}일 · {what}", r.day_of_month)}</span>
                                        <span class="lg-entry-meta">
                                            {format!("{} · {} · {}부터{until} · ", r.category_name, r.method.label(), r.starts_on)}
                                            <span data-testid="rule-next">{next}</span>
                                        </span>
                                    </span>
                                    <span class="lg-amount" data-kind=r.kind.as_str()>{signed_won(r.kind, r.amount)}</span>
                                    {writer.then(|| view! {
                                        <button type="button" class="small secondary" aria-label=format!("{what} 반복 삭제")
                                            disabled=move || remove.pending().get() on:click=move |_| {
                                                if window().confirm_with_message(&question).unwrap_or(false) {
                                                    remove.dispatch(RemoveRecurring { id });
                                                }
                                            }>"삭제"</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <FormError error=remove_error/>
            {writer.then(|| view! { <NewRule book_id categories version draft/> })}
        </section>
    }
}

const SHOWN: &[&str] = &["amount", "categoryId", "memo", "dayOfMonth", "startsOn", "endsOn"];

#[component]
fn NewRule(book_id: u64, categories: Vec<Category>, version: RwSignal<u32>, draft: RuleDraft) -> impl IntoView {
    let RuleDraft { kind, category, amount, method, memo, day, starts, ends } = draft;
    let categories = StoredValue::new(categories);
    let options = move |k: EntryKind| categories.with_value(|all| usable(all, k));
    // The draft's category while it is still offered (not archived since); else the first.
    let fit_category = move || {
        let list = options(kind.get_untracked());
        if !list.iter().any(|c| Some(c.id) == category.get_untracked()) {
            category.set(list.first().map(|c| c.id));
        }
    };
    fit_category();
    let add = crate::ui::kit::page_action::<AddRecurring>();
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            draft.clear();
            fit_category();
            version.update(|v| *v += 1);
        }
    });
    let server_error = action_error(add);
    let local = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || local.get().or_else(|| server_error.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = vec![];
        let mut problem = |field: &str, message: &str| problems.push(InvalidField { field: field.into(), message: message.into() });
        let value = parse_amount(&amount.get_untracked())
            .map_err(|e| problem("amount", &e.message("금액을 숫자로 적어 주세요. (예: 500,000)")))
            .ok();
        let day_of_month = day.get_untracked().trim().parse::<u8>().ok();
        if day_of_month.is_none() {
            problem("dayOfMonth", "날짜는 1부터 31 사이의 숫자로 적어 주세요.");
        }
        let starts_on = parse_date(&starts.get_untracked());
        if starts_on.is_none() {
            problem("startsOn", "시작일을 골라 주세요.");
        }
        let ends_text = ends.get_untracked();
        let ends_on = parse_date(&ends_text);
        if !ends_text.trim().is_empty() && ends_on.is_none() {
            problem("endsOn", "종료일을 다시 골라 주세요.");
        }
        if category.get_untracked().is_none() {
            problem("categoryId", "분류를 골라 주세요.");
        }
        match (value, day_of_month, starts_on, category.get_untracked()) {
            (Some(amount), Some(day_of_month), Some(starts_on), Some(category_id)) if problems.is_empty() => {
                local.set(None);
                let input = RecurringInput {
                    kind: kind.get_untracked(),
                    amount,
                    category_id,
                    method: method.get_untracked(),
                    memo: memo.get_untracked().trim().to_owned(),
                    day_of_month,
                    starts_on,
                    ends_on,
                };
                add.dispatch(AddRecurring { book_id, input });
            }
            _ => local.set(Some(AppError::invalid_fields(problems))),
        }
    };
    view! {
        <form class="form lg-rule-form" data-testid="rule-form" on:submit=submit>
            <h3>"반복 내역 추가"</h3>
            <fieldset class="lg-kind">
                <legend class="sr-only">"구분"</legend>
                {[EntryKind::Expense, EntryKind::Income].into_iter().map(|k| view! {
                    <label class="lg-kind-option" data-kind=k.as_str() class:chosen=move || kind.get() == k>
                        <input type="radio" name="rule-kind" value=k.as_str() prop:checked=move || kind.get() == k on:change=move |_| {
                            kind.set(k);
                            category.set(options(k).first().map(|c| c.id));
                        }/>
                        {k.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="lg-form-row">
                <label>
                    "금액"
                    <input type="text" name="amount" inputmode="numeric" required prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
                </label>
                <label>
                    "매월 며칠"
                    <input type="number" name="dayOfMonth" min="1" max="31" required prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError error field="amount"/>
            <FieldError error field="dayOfMonth"/>
            <p class="hint">"31일처럼 없는 날이 있는 달에는 그달 마지막 날에 적혀요."</p>
            <div class="lg-form-row">
                <label>
                    "분류"
                    <select name="categoryId" on:change=move |ev| category.set(event_target_value(&ev).parse().ok())>
                        {move || options(kind.get()).into_iter().map(|c| {
                            let id = c.id;
                            view! { <option value=id.to_string() prop:selected=move || category.get() == Some(id)>{c.name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "결제수단"
                    <select name="method" on:change=move |ev| {
                        if let Some(m) = PayMethod::parse(&event_target_value(&ev)) {
                            method.set(m);
                        }
                    }>
                        {PayMethod::ALL.iter().map(|m| {
                            let m = *m;
                            view! { <option value=m.as_str() prop:selected=move || method.get() == m>{m.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <FieldError error field="categoryId"/>
            <label>
                "메모"
                <input type="text" name="memo" maxlength="200" placeholder="예: 월세" prop:value=move || memo.get() on:input=move |ev| memo.set(event_target_value(&ev))/>
            </label>
            <FieldError error field="memo"/>
            <div class="lg-form-row">
                <label>
                    "시작일"
                    <input type="date" name="startsOn" required prop:value=move || starts.get() on:input=move |ev| starts.set(event_target_value(&ev))/>
                </label>
                <label>
                    "종료일 (선택)"
                    <input type="date" name="endsOn" prop:value=move || ends.get() on:input=move |ev| ends.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError error field="startsOn"/>
            <FieldError error field="endsOn"/>
            <OtherFieldErrors error shown=SHOWN/>
            <FormError error/>
            <div class="entry-actions">
                <button type="submit" class="small" disabled=move || add.pending().get()>"반복 내역 추가"</button>
            </div>
        </form>
    }
}
