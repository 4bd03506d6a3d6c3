//! The form of one entry: 수입/지출, 금액, 분류 of that kind, 결제수단, 날짜, 메모. The same
//! form adds an entry (the month view, writers only) and rewrites one (수정 in the list).
//! What is typed lives in a `Draft` the page keeps, so it survives the page's reloads.

use super::super::{
    api::{AddEntry, EditEntry},
    model::{Category, Entry, EntryInput, EntryKind, PayMethod},
};
use super::{parse_amount, parse_date, today, OtherFieldErrors};
use crate::error::{AppError, InvalidField};
use crate::ui::kit::{action_error, FieldError, FormError};
use leptos::prelude::*;

/// What the form holds.
#[derive(Clone, Copy)]
pub struct Draft {
    pub kind: RwSignal<EntryKind>,
    pub amount: RwSignal<String>,
    pub category: RwSignal<Option<u64>>,
    pub method: RwSignal<PayMethod>,
    /// "YYYY-MM-DD", as the date input gives it.
    pub date: RwSignal<String>,
    pub memo: RwSignal<String>,
}

impl Draft {
    /// An empty expense paid by card today.
    pub fn blank() -> Self {
        Draft {
            kind: RwSignal::new(EntryKind::Expense),
            amount: RwSignal::new(String::new()),
            category: RwSignal::new(None),
            method: RwSignal::new(PayMethod::Card),
            date: RwSignal::new(today().to_string()),
            memo: RwSignal::new(String::new()),
        }
    }

    /// Fills the draft with an entry as it is, to rewrite it (when its 수정 opens; a reload
    /// of the page keeps what was typed since).
    pub fn load(&self, e: &Entry) {
        self.kind.set(e.kind);
        self.amount.set(e.amount.to_string());
        self.category.set(Some(e.category_id));
        self.method.set(e.method);
        self.date.set(e.occurred_on.to_string());
        self.memo.set(e.memo.clone());
    }
}

/// The categories the form offers for a kind: those not archived, and the entry's own
/// (an edit may keep an archived category).
fn offered(categories: &[Category], kind: EntryKind, keep: Option<u64>) -> Vec<Category> {
    categories.iter().filter(|c| c.kind == kind && (!c.archived || Some(c.id) == keep)).cloned().collect()
}

const SHOWN: &[&str] = &["amount", "categoryId", "occurredOn", "memo"];

#[component]
pub fn EntryForm(
    book_id: u64,
    categories: Vec<Category>,
    draft: Draft,
    /// The entry rewritten (None: a new one).
    #[prop(optional)]
    entry_id: Option<u64>,
    /// The rewritten entry's own category, offered even when archived.
    #[prop(optional)]
    keep_category: Option<u64>,
    /// The page's writes (it answers their success), see `MonthState`.
    add: ServerAction<AddEntry>,
    edit: ServerAction<EditEntry>,
    #[prop(optional, into)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let keep = entry_id.and(keep_category);
    let categories = StoredValue::new(categories);
    let options = move |kind: EntryKind| categories.with_value(|all| offered(all, kind, keep));
    // A category of the chosen kind is always picked (the first, unless the draft has one).
    let fit_category = move |kind: EntryKind| {
        let list = options(kind);
        if !list.iter().any(|c| Some(c.id) == draft.category.get_untracked()) {
            draft.category.set(list.first().map(|c| c.id));
        }
    };
    fit_category(draft.kind.get_untracked());

    let (add_error, edit_error) = (action_error(add), action_error(edit));
    let local = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || local.get().or_else(|| if entry_id.is_some() { edit_error.get() } else { add_error.get() }));
    let pending = move || add.pending().get() || edit.pending().get();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = vec![];
        let mut problem = |field: &str, message: &str| problems.push(InvalidField { field: field.into(), message: message.into() });
        let amount = parse_amount(&draft.amount.get_untracked())
            .map_err(|e| problem("amount", &e.message("금액을 숫자로 적어 주세요. (예: 12,000)")))
            .ok();
        let category = draft.category.get_untracked();
        if category.is_none() {
            problem("categoryId", "분류를 골라 주세요.");
        }
        let date = parse_date(&draft.date.get_untracked());
        if date.is_none() {
            problem("occurredOn", "날짜를 골라 주세요.");
        }
        let (Some(amount), Some(category_id), Some(occurred_on)) = (amount, category, date) else {
            local.set(Some(AppError::invalid_fields(problems)));
            return;
        };
        local.set(None);
        let input = EntryInput {
            kind: draft.kind.get_untracked(),
            amount,
            category_id,
            method: draft.method.get_untracked(),
            memo: draft.memo.get_untracked().trim().to_owned(),
            occurred_on,
        };
        match entry_id {
            None => {
                add.dispatch(AddEntry { book_id, input });
            }
            Some(id) => {
                edit.dispatch(EditEntry { id, input });
            }
        }
    };

    let radio_name = match entry_id {
        Some(id) => format!("kind-{id}"),
        None => "kind-new".to_owned(),
    };
    let test_id = if entry_id.is_some() { "entry-edit-form" } else { "entry-form" };
    view! {
        <form class="form lg-entry-form" data-testid=test_id on:submit=submit>
            <fieldset class="lg-kind">
                <legend class="sr-only">"구분"</legend>
                {[EntryKind::Expense, EntryKind::Income].into_iter().map(|k| {
                    let name = radio_name.clone();
                    view! {
                        <label class="lg-kind-option" data-kind=k.as_str() class:chosen=move || draft.kind.get() == k>
                            <input type="radio" name=name value=k.as_str() prop:checked=move || draft.kind.get() == k
                                on:change=move |_| { draft.kind.set(k); fit_category(k); }/>
                            {k.label()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="lg-form-row">
                <label class="lg-amount-field">
                    "금액"
                    <input type="text" name="amount" inputmode="numeric" autocomplete="off" placeholder="0" required
                        prop:value=move || draft.amount.get() on:input=move |ev| draft.amount.set(event_target_value(&ev))/>
                </label>
                <label>
                    "날짜"
                    <input type="date" name="occurredOn" min="2000-01-01" max="2099-12-31" required
                        prop:value=move || draft.date.get() on:input=move |ev| draft.date.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError error field="amount"/>
            <FieldError error field="occurredOn"/>
            <div class="lg-form-row">
                <label>
                    "분류"
                    <select name="categoryId" on:change=move |ev| draft.category.set(event_target_value(&ev).parse().ok())>
                        {move || options(draft.kind.get()).into_iter().map(|c| {
                            let id = c.id;
                            let label = if c.archived { format!("{} (보관됨)", c.name) } else { c.name };
                            view! { <option value=id.to_string() prop:selected=move || draft.category.get() == Some(id)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "결제수단"
                    <select name="method" on:change=move |ev| {
                        if let Some(m) = PayMethod::parse(&event_target_value(&ev)) {
                            draft.method.set(m);
                        }
                    }>
                        {PayMethod::ALL.iter().map(|m| {
                            let m = *m;
                            view! { <option value=m.as_str() prop:selected=move || draft.method.get() == m>{m.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <FieldError error field="categoryId"/>
            <label>
                "메모"
                <input type="text" name="memo" maxlength="200" placeholder="어디에 썼나요? (선택)"
                    prop:value=move || draft.memo.get() on:input=move |ev| draft.memo.set(event_target_value(&ev))/>
            </label>
            <FieldError error field="memo"/>
            <OtherFieldErrors error shown=SHOWN/>
            <FormError error/>
            <div class="entry-actions">
                <button type="submit" disabled=pending>{if entry_id.is_some() { "저장" } else { "추가" }}</button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="secondary" on:click=move |_| cancel.run(())>"취소"</button>
                })}
            </div>
        </form>
    }
}
