//! 예산: a progress bar per expense category that has a budget this month (the server sorts
//! them, fullest first), warning from 80% and past 100%, and a small form to set a
//! category's monthly budget from this month on (0 takes it away).

use super::super::{
    api::SetBudget,
    model::{BudgetInput, BudgetLevel, BudgetStatus, Category, EntryKind},
};
use super::{month_label, parse_amount, usable, won, OtherFieldErrors};
use crate::error::AppError;
use crate::ui::kit::{action_error, FieldError, FormError};
use leptos::prelude::*;

/// What the budget form holds, kept by the month page so a reload (an entry added, one
/// brought back) does not throw away a half-typed budget; and its write, which a reload
/// must not leave unanswered (see `MonthState`).
#[derive(Clone, Copy)]
pub struct BudgetDraft {
    category: RwSignal<Option<u64>>,
    amount: RwSignal<String>,
    set: ServerAction<SetBudget>,
}

impl BudgetDraft {
    /// An empty form; a budget set empties it and bumps the page's `version` (it reloads).
    pub fn new(version: RwSignal<u32>) -> Self {
        let draft = BudgetDraft { category: RwSignal::new(None), amount: RwSignal::new(String::new()), set: ServerAction::new() };
        Effect::new(move |_| {
            if let Some(Ok(_)) = draft.set.value().get() {
                draft.amount.set(String::new());
                version.update(|v| *v += 1);
            }
        });
        draft
    }
}

#[component]
pub fn BudgetCard(
    book_id: u64,
    month: String,
    budgets: Vec<BudgetStatus>,
    categories: Vec<Category>,
    writer: bool,
    draft: BudgetDraft,
) -> impl IntoView {
    let empty = budgets.is_empty();
    view! {
        <section class="card lg-budgets" data-testid="budgets">
            <h2>"예산"</h2>
            {if empty {
                view! { <p class="empty">"정한 예산이 없어요."</p> }.into_any()
            } else {
                view! { <ul class="lg-budget-list">{budgets.into_iter().map(|b| view! { <BudgetRow b/> }).collect_view()}</ul> }.into_any()
            }}
            {writer.then(|| view! { <BudgetForm book_id month categories draft/> })}
        </section>
    }
}

#[component]
fn BudgetRow(b: BudgetStatus) -> impl IntoView {
    let width = b.percent.min(100);
    let warning = match b.level {
        BudgetLevel::Over => Some("예산을 넘었어요"),
        BudgetLevel::Warning => Some("예산의 80%를 넘었어요"),
        BudgetLevel::Ok => None,
    };
    let label = format!("{} 예산 사용률", b.name);
    view! {
        <li class="lg-budget" data-testid="budget-row" data-category-id=b.category_id data-level=b.level.as_str()>
            <div class="lg-budget-head">
                <span class="lg-dot" style=format!("background:{}", b.color)></span>
                <span class="lg-budget-name">{b.name.clone()}</span>
                <span class="lg-budget-nums">
                    {format!("{} / {}", won(b.spent), won(b.budget))}
                    " · "
                    <strong data-testid="budget-percent">{format!("{}%", b.percent)}</strong>
                </span>
            </div>
            <div class="lg-progress" role="progressbar" aria-label=label aria-valuemin="0" aria-valuemax="100" aria-valuenow=width>
                <span class="lg-progress-fill" style=format!("width:{width}%")></span>
            </div>
            {warning.map(|w| view! { <p class="lg-budget-warn" role="alert" data-testid="budget-warning" data-level=b.level.as_str()>{w}</p> })}
        </li>
    }
}

/// Sets one expense category's monthly budget from the month shown on.
#[component]
fn BudgetForm(book_id: u64, month: String, categories: Vec<Category>, draft: BudgetDraft) -> impl IntoView {
    let BudgetDraft { category, amount, set } = draft;
    let choices = usable(&categories, EntryKind::Expense);
    // The draft's category, while it is still offered; else the first.
    if !choices.iter().any(|c| Some(c.id) == category.get_untracked()) {
        category.set(choices.first().map(|c| c.id));
    }
    let server_error = action_error(set);
    let local = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || local.get().or_else(|| server_error.get()));
    let hint = format!("{}부터 매달 적용돼요. 0을 넣으면 예산을 없애요.", month_label(&month));
    let month = StoredValue::new(month);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(category_id) = category.get_untracked() else {
            local.set(Some(AppError::invalid_field("categoryId", "분류를 골라 주세요.")));
            return;
        };
        let value = match parse_amount(&amount.get_untracked()) {
            Ok(n) => n,
            Err(e) => {
                local.set(Some(AppError::invalid_field("amount", e.message("예산 금액을 숫자로 적어 주세요. (예: 300,000)"))));
                return;
            }
        };
        local.set(None);
        set.dispatch(SetBudget { book_id, input: BudgetInput { category_id, month: month.get_value(), amount: value } });
    };
    view! {
        <form class="form lg-budget-form" data-testid="budget-form" on:submit=submit>
            <h3>"예산 정하기"</h3>
            <div class="lg-form-row">
                <label>
                    "분류"
                    <select name="budgetCategory" on:change=move |ev| category.set(event_target_value(&ev).parse().ok())>
                        {choices.into_iter().map(|c| {
                            let id = c.id;
                            view! { <option value=id.to_string() prop:selected=move || category.get() == Some(id)>{c.name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "한 달 예산 (원)"
                    <input type="text" name="budgetAmount" inputmode="numeric" required placeholder="300,000"
                        prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError error field="categoryId"/>
            <FieldError error field="amount"/>
            <OtherFieldErrors error shown=&["categoryId", "amount"]/>
            <FormError error/>
            <p class="hint">{hint}</p>
            <div class="entry-actions">
                <button type="submit" class="small" disabled=move || set.pending().get()>"예산 저장"</button>
            </div>
        </form>
    }
}
