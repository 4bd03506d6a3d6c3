//! Whole-page pieces: the error page and 404, "log in to …", page titles and query values.

use crate::error::AppError;
use crate::error::ErrorCode;
use leptos::prelude::*;
use leptos_meta::Title;
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

/// Provided by `App` where the whole app runs. An island on an islands page (a guest's
/// landing or login page, `app::islands_page`) is hydrated without it: no router there.
#[derive(Clone, Copy)]
pub struct InApp;

/// Opens `url`: through the router in the app, by loading the page from an island on an
/// islands page (which has no router).
pub fn navigator() -> impl Fn(&str) + Clone {
    let router = use_context::<InApp>().map(|_| leptos_router::hooks::use_navigate());
    move |url: &str| match &router {
        Some(navigate) => navigate(url, Default::default()),
        None => {
            let _ = window().location().set_href(url);
        }
    }
}

/// Text for `<Title>`: leptos_meta writes the title into the server's HTML unescaped, so
/// stored text (a homepage title) is escaped there; the browser sets `document.title`,
/// which needs no escaping.
pub fn title_text(s: &str) -> String {
    if cfg!(feature = "ssr") {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        s.to_owned()
    }
}

/// Renders an error for people, and gives the page the error's HTTP status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::error::set_page_status(error.status);
    let heading = match error.status {
        404 => "페이지를 찾을 수 없어요",
        400..=499 => "요청을 처리할 수 없어요",
        _ => "문제가 발생했어요",
    };
    view! {
        <Title text=heading/>
        <section class="error-page" data-status=error.status>
            <p class="error-status">{error.status}</p>
            <h1>{heading}</h1>
            <p class="error-message">{error.message.clone()}</p>
            <a class="button" href="/">"처음으로"</a>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <ErrorPage error=AppError::not_found(ErrorCode::PageNotFound, "주소가 바뀌었거나 없어진 페이지예요.")/>
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The addresses one route's view shows.
#[derive(Clone, Copy)]
pub enum RouteOf {
    /// Only the address the view was made for (a route with a fixed path).
    Exact,
    /// Every address below this one (`/ledger/*rest`); the bare `/ledger` is a route of its own.
    Below(&'static str),
}

/// The path an area's view picks its page by. When the router moves to another route, the
/// old view stays on screen until the new one is ready (its code loads first), while the
/// address has already changed: following it there would render the new page in the old
/// view and then again in the new one (losing what was typed into the first) or flash "not
/// found" when leaving the area. So the path follows the address only within this route.
pub fn route_path(route: RouteOf) -> Memo<String> {
    let location = use_location().pathname;
    let first = location.get_untracked();
    // Which of the area's two routes a path is: the bare root, below it, or neither.
    let which = |root: &str, p: &str| match p.trim_end_matches('/').strip_prefix(root) {
        Some("") => Some(false),
        Some(rest) if rest.starts_with('/') => Some(true),
        _ => None,
    };
    let first_route = match route {
        RouteOf::Exact => None,
        RouteOf::Below(root) => which(root, &first),
    };
    Memo::new(move |shown: Option<&String>| {
        let now = location.get();
        let ours = match route {
            RouteOf::Exact => now.trim_end_matches('/') == first.trim_end_matches('/'),
            RouteOf::Below(root) => first_route.is_some() && which(root, &now) == first_route,
        };
        match shown {
            Some(shown) if !ours => shown.clone(),
            _ => now,
        }
    })
}
