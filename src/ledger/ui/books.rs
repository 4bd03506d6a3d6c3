//! 내 가계부 (`/ledger`): the member's books and those shared with them, as cards (name,
//! balance, where the member stands, how many it is shared with), and "새 가계부".

use super::super::{
    api::{list_books, CreateBook},
    model::{Access, Book, MAX_BOOKS},
};
use super::{loading, page_error, parse_amount, won, OtherFieldErrors};
use crate::error::AppError;
use crate::ui::kit::{action_error, FieldError, FormError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn BooksPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_books());
    view! {
        <Title text="가계부 - minihompy"/>
        <div class="ledger">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(books) => view! { <BookLists books/> }.into_any(),
                        Err(e) => page_error(e, "가계부를 쓰려면"),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn BookLists(books: Vec<Book>) -> impl IntoView {
    let (mine, shared): (Vec<Book>, Vec<Book>) = books.into_iter().partition(|b| b.access == Access::Owner);
    let full = mine.len() >= MAX_BOOKS;
    view! {
        <section class="card lg-books" data-testid="my-books">
            <h1>"내 가계부"</h1>
            {if mine.is_empty() {
                view! { <p class="empty">"아직 가계부가 없어요. 아래에서 첫 가계부를 만들어 보세요."</p> }.into_any()
            } else {
                view! { <ul class="lg-book-list">{mine.into_iter().map(|b| view! { <BookCard b/> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        {(!shared.is_empty()).then(|| view! {
            <section class="card lg-books" data-testid="shared-books">
                <h2>"함께 쓰는 가계부"</h2>
                <ul class="lg-book-list">{shared.into_iter().map(|b| view! { <BookCard b/> }).collect_view()}</ul>
            </section>
        })}
        <NewBook full/>
    }
}

#[component]
fn BookCard(b: Book) -> impl IntoView {
    let negative = b.balance < 0;
    let meta = match b.access {
        Access::Owner if b.shared_with > 0 => format!("{}명과 함께 써요", b.shared_with),
        Access::Owner => "나만 써요".to_owned(),
        _ if b.shared_with > 1 => format!("{}님의 가계부 · {}명과 함께", b.owner_nickname, b.shared_with),
        _ => format!("{}님의 가계부", b.owner_nickname),
    };
    view! {
        <li class="lg-book" data-testid="book-card" data-book-id=b.id>
            <a href=format!("/ledger/{}", b.id)>
                <span class="lg-book-top">
                    <span class="lg-book-name">{b.name.clone()}</span>
                    <span class="badge lg-access" data-access=b.access.as_str()>{b.access.label()}</span>
                </span>
                <span class="lg-book-balance" class:negative=negative data-testid="book-card-balance">{won(b.balance)}</span>
                <span class="lg-book-meta">
                    {meta}
                    {(b.shared_with > 0).then(|| view! { <span class="lg-shared-count" data-testid="shared-count">{format!(" · 공유 {}", b.shared_with)}</span> })}
                </span>
            </a>
        </li>
    }
}

/// "새 가계부": a name and the opening balance; the new book opens at once.
#[component]
fn NewBook(full: bool) -> impl IntoView {
    let create = ServerAction::<CreateBook>::new();
    let server_error = action_error(create);
    let local = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || local.get().or_else(|| server_error.get()));
    let name = RwSignal::new(String::new());
    let opening = RwSignal::new("0".to_owned());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(b)) = create.value().get() {
            navigate(&format!("/ledger/{}", b.id), Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = opening.get_untracked();
        let opening_balance = if text.trim().is_empty() { Ok(0) } else { parse_amount(&text) };
        let opening_balance = match opening_balance {
            Ok(n) => n,
            Err(e) => {
                local.set(Some(AppError::invalid_field("openingBalance", e.message("시작 잔액은 숫자로 적어 주세요. (예: 150,000)"))));
                return;
            }
        };
        local.set(None);
        create.dispatch(CreateBook { name: name.get_untracked().trim().to_owned(), opening_balance });
    };
    view! {
        <section class="card lg-new-book" data-testid="new-book">
            <h2>"새 가계부"</h2>
            {full.then(|| view! { <p class="hint">{format!("가계부는 {MAX_BOOKS}개까지 만들 수 있어요.")}</p> })}
            <form class="form lg-form" on:submit=submit>
                <label>
                    "가계부 이름"
                    <input type="text" name="name" maxlength="40" required placeholder="예: 생활비, 여행"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <FieldError error field="name"/>
                <label>
                    "시작 잔액 (원)"
                    <input type="text" name="openingBalance" inputmode="numeric" placeholder="0"
                        prop:value=move || opening.get() on:input=move |ev| opening.set(event_target_value(&ev))/>
                </label>
                <FieldError error field="openingBalance"/>
                <OtherFieldErrors error shown=&["name", "openingBalance"]/>
                <FormError error/>
                <div class="entry-actions">
                    <button type="submit" disabled=move || create.pending().get()>"가계부 만들기"</button>
                </div>
            </form>
        </section>
    }
}
