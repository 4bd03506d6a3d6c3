//! A book's settings (`/ledger/{id}/settings`): its name and opening balance (the owner),
//! the categories, sharing with 일촌, the recurring rules, CSV export and import, and
//! deleting the book (the owner). What each member may change is checked by the server;
//! the page only leaves out the forms they could not use.

use super::super::{
    api::{list_book_members, list_categories, list_recurring, DeleteBook, UpdateBook},
    model::{Access, Book, BookMember, Category, Recurring, MAX_OPENING},
};
use super::categories::{CategoriesCard, CategoryDrafts};
use super::csv::{CsvCard, ImportState};
use super::recurring::{RecurringCard, RuleDraft};
use super::sharing::{ShareDraft, SharingCard};
use super::{book_of, grouped, loading, may_write, page_error, parse_amount, BookHead, OtherFieldErrors, Tab};
use crate::error::AppError;
use crate::ilchon::{api::get_ilchon_overview, model::IlchonLink};
use crate::ui::kit::{action_error, title_text, FieldError, FormError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

/// Everything the settings show, loaded at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SettingsData {
    book: Book,
    categories: Vec<Category>,
    members: Vec<BookMember>,
    rules: Vec<Recurring>,
    /// The owner's 일촌, to share with (empty for members).
    ilchons: Vec<IlchonLink>,
    /// The asking member's id (a member leaves with it).
    me: u64,
}

async fn settings_data(book_id: u64) -> Result<SettingsData, AppError> {
    let book = book_of(book_id).await?;
    let categories = list_categories(book_id).await?;
    let members = list_book_members(book_id).await?;
    let rules = list_recurring(book_id).await?;
    let (ilchons, me) = if book.access == Access::Owner {
        (get_ilchon_overview().await?.ilchons, book.owner_id)
    } else {
        (vec![], crate::account::api::me().await?.map(|u| u.id).unwrap_or_default())
    };
    Ok(SettingsData { book, categories, members, rules, ilchons, me })
}

/// What is typed or picked in the settings' forms. Every save reloads the whole body, so
/// all of it lives here, outside the body: a save in one card (archiving a category, say)
/// never throws away what is half-typed in another, and an import's preview survives the
/// reload it causes.
#[derive(Clone, Copy)]
struct Drafts {
    book: BookDraft,
    categories: CategoryDrafts,
    share: ShareDraft,
    rule: RuleDraft,
    import: ImportState,
}

/// The book form as typed; None while untouched (the book's own values show).
#[derive(Clone, Copy)]
struct BookDraft {
    name: RwSignal<Option<String>>,
    opening: RwSignal<Option<String>>,
}

#[component]
pub fn SettingsPage(book_id: u64) -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let drafts = Drafts {
        book: BookDraft { name: RwSignal::new(None), opening: RwSignal::new(None) },
        categories: CategoryDrafts::blank(),
        share: ShareDraft::blank(),
        rule: RuleDraft::blank(),
        import: ImportState::idle(),
    };
    let data = Resource::new(move || version.get(), move |_| settings_data(book_id));
    view! {
        <div class="ledger">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <SettingsBody d version drafts/> }.into_any(),
                        Err(e) => page_error(e, "가계부를 보려면"),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn SettingsBody(d: SettingsData, version: RwSignal<u32>, drafts: Drafts) -> impl IntoView {
    let SettingsData { book, categories, members, rules, ilchons, me } = d;
    let book_id = book.id;
    let owner = book.access == Access::Owner;
    let writer = may_write(book.access);
    let title = title_text(&format!("{} 설정 - 가계부", book.name));
    view! {
        <Title text=title/>
        <BookHead book=book.clone() tab=Tab::Settings/>
        {owner.then(|| view! { <BookForm book=book.clone() version draft=drafts.book/> })}
        <CategoriesCard book_id categories=categories.clone() writer version drafts=drafts.categories/>
        <SharingCard book=book.clone() members ilchons me version draft=drafts.share/>
        <RecurringCard book_id rules categories writer version draft=drafts.rule/>
        <CsvCard book_id name=book.name.clone() writer import=drafts.import version/>
        {owner.then(|| view! { <DeleteBookCard book_id name=book.name.clone()/> })}
    }
}

/// The owner renames the book or changes its opening balance.
#[component]
fn BookForm(book: Book, version: RwSignal<u32>, draft: BookDraft) -> impl IntoView {
    let id = book.id;
    let saved_name = StoredValue::new(book.name.clone());
    let saved_opening = StoredValue::new(grouped(book.opening_balance));
    let name = move || draft.name.get().unwrap_or_else(|| saved_name.get_value());
    let opening = move || draft.opening.get().unwrap_or_else(|| saved_opening.get_value());
    let update = crate::ui::kit::page_action::<UpdateBook>();
    Effect::new(move |_| {
        if let Some(Ok(b)) = update.value().get() {
            // As saved (the name trimmed, the balance grouped) until the reload brings it.
            draft.name.set(Some(b.name));
            draft.opening.set(Some(grouped(b.opening_balance)));
            version.update(|v| *v += 1);
        }
    });
    let server_error = action_error(update);
    let local = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || local.get().or_else(|| server_error.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let opening_balance = match parse_amount(&draft.opening.get_untracked().unwrap_or_else(|| saved_opening.get_value())) {
            Ok(n) => n,
            Err(e) => {
                local.set(Some(AppError::invalid_field("openingBalance", e.message("시작 잔액은 숫자로 적어 주세요. (예: -50,000)"))));
                return;
            }
        };
        local.set(None);
        update.dispatch(UpdateBook {
            id,
            name: Some(draft.name.get_untracked().unwrap_or_else(|| saved_name.get_value()).trim().to_owned()),
            opening_balance: Some(opening_balance),
        });
    };
    view! {
        <section class="card lg-book-form" data-testid="book-form">
            <h2>"가계부 정보"</h2>
            <form class="form lg-form" on:submit=submit>
                <label>
                    "가계부 이름"
                    <input type="text" name="name" maxlength="40" required prop:value=name on:input=move |ev| draft.name.set(Some(event_target_value(&ev)))/>
                </label>
                <FieldError error field="name"/>
                <label>
                    "시작 잔액 (원)"
                    <input type="text" name="openingBalance" inputmode="numeric" prop:value=opening
                        on:input=move |ev| draft.opening.set(Some(event_target_value(&ev)))/>
                </label>
                <p class="hint">{format!("가계부를 시작할 때 있던 돈이에요. 빚이면 -를 붙여요. (±{}원까지)", grouped(MAX_OPENING))}</p>
                <FieldError error field="openingBalance"/>
                <OtherFieldErrors error shown=&["name", "openingBalance"]/>
                <FormError error/>
                <div class="entry-actions">
                    <button type="submit" class="small" disabled=move || update.pending().get()>"저장"</button>
                </div>
            </form>
        </section>
    }
}

/// Deleting the whole book, entries and all (the owner; asked twice).
#[component]
fn DeleteBookCard(book_id: u64, name: String) -> impl IntoView {
    let delete = crate::ui::kit::page_action::<DeleteBook>();
    let error = action_error(delete);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate("/ledger", Default::default());
        }
    });
    let question = format!("'{name}' 가계부와 모든 내역을 지울까요? 되돌릴 수 없어요.");
    view! {
        <section class="card danger lg-delete-book">
            <h2>"가계부 삭제"</h2>
            <p class="hint">"내역, 분류, 예산, 반복 내역이 모두 지워지고 함께 쓰던 사람도 볼 수 없게 돼요."</p>
            <button type="button" class="small danger" disabled=move || delete.pending().get() on:click=move |_| {
                if window().confirm_with_message(&question).unwrap_or(false) {
                    delete.dispatch(DeleteBook { id: book_id });
                }
            }>"가계부 삭제"</button>
            <FormError error/>
        </section>
    }
}
