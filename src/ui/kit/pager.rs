//! Moving between pages of a list.

use leptos::prelude::*;

/// Pages of a list, `page` counted from 1.
///
/// - Without `on_page`: numbered links (`?{query}&page=N`, keeping the other query
///   parameters in `query`), shown only when there is more than one page.
/// - With `on_page`: 이전 / "N 쪽" / 다음 buttons that call it with the page to show.
#[component]
pub fn Pager(
    #[prop(into)] page: Signal<u32>,
    #[prop(into)] total_pages: Signal<u32>,
    #[prop(optional, into)] query: String,
    #[prop(optional, into)] on_page: Option<Callback<u32>>,
) -> impl IntoView {
    match on_page {
        Some(go) => {
            // Comparisons stay out of the view! attributes: the macro reads `<` and `>` as
            // tag brackets there, and the button would show the source text instead.
            let at_first = move || page.get() <= 1;
            let at_last = move || page.get() >= total_pages.get();
            view! {
                <div class="pager">
                    <button type="button" class="secondary" disabled=at_first on:click=move |_| go.run(page.get_untracked().saturating_sub(1).max(1))>"이전"</button>
                    <span>{move || format!("{} 쪽", page.get())}</span>
                    <button type="button" class="secondary" disabled=at_last on:click=move |_| go.run(page.get_untracked() + 1)>"다음"</button>
                </div>
            }
            .into_any()
        }
        None => {
            let (page, total_pages) = (page.get_untracked(), total_pages.get_untracked());
            (total_pages > 1)
                .then(|| {
                    let sep = if query.is_empty() { String::new() } else { format!("{query}&") };
                    view! {
                        <nav class="pager" aria-label="페이지">
                            {(1..=total_pages).map(|p| {
                                let href = format!("?{sep}page={p}");
                                view! { <a href=href class:current=p == page aria-current=(p == page).then_some("page")>{p}</a> }
                            }).collect_view()}
                        </nav>
                    }
                })
                .into_any()
        }
    }
}
