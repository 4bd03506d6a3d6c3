//! 분류: the book's categories by kind (지출, then 수입) with their colours. Writers add,
//! rename and recolour them (from `CATEGORY_COLORS`), and archive them: an archived category
//! keeps its entries but is not offered for new ones, and can be brought back.

use super::super::{
    api::{AddCategory, EditCategory},
    model::{Category, CategoryInput, CategoryPatch, EntryKind, CATEGORY_COLORS},
};
use super::OtherFieldErrors;
use crate::ui::kit::{action_error, reload_on_ok, FieldError, FormError};
use leptos::prelude::*;

/// What is typed in the card, kept by the settings page: a save elsewhere on the page
/// reloads this card too and must not throw away a half-typed name.
#[derive(Clone, Copy)]
pub struct CategoryDrafts {
    /// The category whose 수정 is open, with its name and colour as typed.
    editing: RwSignal<Option<u64>>,
    name: RwSignal<String>,
    color: RwSignal<String>,
    /// 분류 추가.
    new_kind: RwSignal<EntryKind>,
    new_name: RwSignal<String>,
    new_color: RwSignal<String>,
}

impl CategoryDrafts {
    pub fn blank() -> Self {
        CategoryDrafts {
            editing: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            color: RwSignal::new(String::new()),
            new_kind: RwSignal::new(EntryKind::Expense),
            new_name: RwSignal::new(String::new()),
            new_color: RwSignal::new(CATEGORY_COLORS[0].to_owned()),
        }
    }
}

#[component]
pub fn CategoriesCard(
    book_id: u64,
    categories: Vec<Category>,
    writer: bool,
    version: RwSignal<u32>,
    drafts: CategoryDrafts,
) -> impl IntoView {
    let groups =
        [EntryKind::Expense, EntryKind::Income].map(|k| (k, categories.iter().filter(|c| c.kind == k).cloned().collect::<Vec<_>>()));
    view! {
        <section class="card lg-categories" data-testid="categories">
            <h2>"분류"</h2>
            {groups.into_iter().map(|(kind, list)| view! {
                <h3>{format!("{} 분류", kind.label())}</h3>
                <ul class="lg-cat-list" data-kind=kind.as_str()>
                    {list.into_iter().map(|c| view! { <CategoryRow book_id c writer drafts version/> }).collect_view()}
                </ul>
            }).collect_view()}
            {writer.then(|| view! { <NewCategory book_id version drafts/> })}
        </section>
    }
}

#[component]
fn CategoryRow(book_id: u64, c: Category, writer: bool, drafts: CategoryDrafts, version: RwSignal<u32>) -> impl IntoView {
    let CategoryDrafts { editing, name, color, .. } = drafts;
    let id = c.id;
    let archived = c.archived;
    // Saving the form closes it; archiving leaves any open form as it is.
    let save = crate::ui::kit::page_action::<EditCategory>();
    let archive = crate::ui::kit::page_action::<EditCategory>();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            editing.set(None);
            version.update(|v| *v += 1);
        }
    });
    reload_on_ok(archive, version);
    let (save_error, archive_error) = (action_error(save), action_error(archive));
    let error = Signal::derive(move || save_error.get().or_else(|| archive_error.get()));
    let pending = move || save.pending().get() || archive.pending().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let patch =
            CategoryPatch { name: Some(name.get_untracked().trim().to_owned()), color: Some(color.get_untracked()), ..Default::default() };
        save.dispatch(EditCategory { book_id, category_id: id, patch });
    };
    let toggle_archive = move |_| {
        let patch = CategoryPatch { archived: Some(!archived), ..Default::default() };
        archive.dispatch(EditCategory { book_id, category_id: id, patch });
    };
    // 수정 starts from the category as it is; pressing it again closes the form.
    let (start_name, start_color) = (c.name.clone(), c.color.clone());
    let toggle_edit = move |_| {
        if editing.get_untracked() == Some(id) {
            editing.set(None);
        } else {
            name.set(start_name.clone());
            color.set(start_color.clone());
            editing.set(Some(id));
        }
    };
    let label = c.name.clone();
    view! {
        <li class="lg-cat" class:archived=archived data-testid="category" data-category-id=id data-archived=archived.to_string()>
            <div class="lg-cat-row">
                <span class="lg-dot" style=format!("background:{}", c.color)></span>
                <span class="lg-cat-name">{c.name.clone()}</span>
                {archived.then(|| view! { <span class="badge lg-archived">"보관됨"</span> })}
                {writer.then(|| view! {
                    <span class="lg-entry-actions">
                        <button type="button" class="small secondary" aria-label=format!("{label} 수정") aria-expanded=move || (editing.get() == Some(id)).to_string()
                            on:click=toggle_edit>"수정"</button>
                        <button type="button" class="small secondary" aria-label=format!("{label} {}", if archived { "되살리기" } else { "보관" })
                            disabled=pending on:click=toggle_archive>
                            {if archived { "되살리기" } else { "보관" }}
                        </button>
                    </span>
                })}
            </div>
            <Show when=move || editing.get() == Some(id)>
                <form class="form lg-cat-edit" data-testid="category-edit" on:submit=submit>
                    <label>
                        "이름"
                        <input type="text" name="name" maxlength="20" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <ColorPicker color name=format!("color-{id}")/>
                    <div class="entry-actions">
                        <button type="submit" class="small" disabled=pending>"저장"</button>
                        <button type="button" class="small secondary" on:click=move |_| editing.set(None)>"취소"</button>
                    </div>
                </form>
            </Show>
            <FieldError error field="name"/>
            <FieldError error field="color"/>
            <OtherFieldErrors error shown=&["name", "color"]/>
            <FormError error/>
        </li>
    }
}

/// The colours a category may take, as round radio buttons.
#[component]
fn ColorPicker(color: RwSignal<String>, name: String) -> impl IntoView {
    view! {
        <fieldset class="lg-colors">
            <legend>"색"</legend>
            {CATEGORY_COLORS.iter().enumerate().map(|(i, c)| {
                let c = *c;
                view! {
                    <label class="lg-color" style=format!("background:{c}") class:chosen=move || color.get() == c>
                        <input type="radio" name=name.clone() value=c aria-label=format!("색 {}", i + 1)
                            prop:checked=move || color.get() == c on:change=move |_| color.set(c.to_owned())/>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn NewCategory(book_id: u64, version: RwSignal<u32>, drafts: CategoryDrafts) -> impl IntoView {
    let CategoryDrafts { new_kind: kind, new_name: name, new_color: color, .. } = drafts;
    let add = crate::ui::kit::page_action::<AddCategory>();
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            name.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    let error = action_error(add);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input =
            CategoryInput { kind: kind.get_untracked(), name: name.get_untracked().trim().to_owned(), color: color.get_untracked() };
        add.dispatch(AddCategory { book_id, input });
    };
    view! {
        <form class="form lg-new-category" data-testid="category-form" on:submit=submit>
            <h3>"분류 추가"</h3>
            <div class="lg-form-row">
                <label>
                    "구분"
                    <select name="kind" on:change=move |ev| {
                        if let Some(k) = EntryKind::parse(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }>
                        {[EntryKind::Expense, EntryKind::Income].map(|k| view! {
                            <option value=k.as_str() prop:selected=move || kind.get() == k>{k.label()}</option>
                        })}
                    </select>
                </label>
                <label>
                    "분류 이름"
                    <input type="text" name="name" maxlength="20" required placeholder="예: 카페"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
            </div>
            <FieldError error field="name"/>
            <ColorPicker color name="color-new".to_owned()/>
            <FieldError error field="color"/>
            <OtherFieldErrors error shown=&["name", "color"]/>
            <FormError error/>
            <div class="entry-actions">
                <button type="submit" class="small" disabled=move || add.pending().get()>"분류 추가"</button>
            </div>
        </form>
    }
}
