//! Shared widgets every area's UI may use (the UI kit). They name no area.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// "…하려면 로그인하세요" with a link back here after login.
#[component]
pub fn LoginPrompt(what: &'static str) -> impl IntoView {
    let location = use_location();
    let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
    let here = if query.is_empty() { path } else { format!("{path}?{query}") };
    let href = crate::ui::next::login_href(&here);
    view! {
        <p class="login-prompt">
            {what} " " <a href=href>"로그인"</a> "해 주세요."
        </p>
    }
}
