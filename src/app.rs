//! The application shell and routes. Pages that show another area's UI get it here (an
//! area's UI never names another's): the chat room gets the call button, the homepage
//! gets the 일촌 button, the 일촌평 box and the chat button.

use crate::{
    account::ui::{
        AccountPage, AccountParts, AdminPage, BlockButton, FindEmailPage, GuardianPage, LoginPage, PolicyPage, ResetPage, ResetRequestPage,
        SignupPage, SocialLoginsMeta, SocialSignupPage, VerifyPage,
    },
    board::ui::BoardArea,
    call::ui::{CallButton, CallLayer},
    chat::ui::{ChatButton, ChatPage, ChatRoomPage, RoomButton},
    hompy::model::HompyFrame,
    hompy::ui::{HompyDiaryPage, HompyGuestbookPage, HompyHomePage, HompyPhotosPage, HompyProfilePage, Parts, SearchPage},
    ilchon::ui::{IlchonButton, IlchonPage, PyeongBox},
    ledger::ui::LedgerArea,
    oauth::ui::{ConnectedApps, OauthArea},
    shop::ui::ShopArea,
    timetable::ui::TimetableArea,
    ui::{
        kit::{InApp, NotFound},
        shell::{Landing, TopBar},
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    lazy_route, path, Lazy, LazyRoute, SsrMode,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // A nonce for this response's inline scripts and the Content-Security-Policy naming it.
    #[cfg(feature = "ssr")]
    crate::server::http::secure_page();
    // Decided once a response: the script below and `App` (no `IsHydrating` there) both follow it.
    let islands = islands_page();
    if islands {
        provide_context(IslandsPage);
    }
    view! {
        <!DOCTYPE html>
        <html lang="ko">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationAfterPaint options islands/>
                <MetaTags/>
                <SocialLoginsMeta/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The pages a first visit lands on whose guest loads hydrate only their islands: the
/// server renders the whole page, and the browser fetches the code of its interactive parts
/// (`#[island]`: the menu toggle, 파도타기, the login form, the BGM player), not the app's
/// (docs/design/islands.md). Links from such a page load the next page in full. Homepages
/// (`/hompy/{id}`, the 홈 tab) are one too.
#[cfg(feature = "ssr")]
const ISLANDS_PAGES: [&str; 2] = ["/", "/login"];

/// Provided by `shell` to a response that hydrates only its islands. `App` is the root in the
/// browser, where it is never provided: the browser hydrates `App` only where the whole app runs.
#[derive(Clone, Copy)]
struct IslandsPage;

/// Whether this response hydrates only its islands: one of `ISLANDS_PAGES` or a homepage's
/// 홈 tab, asked for without a session cookie. A member's page (or a guest's with a stale
/// cookie) hydrates the whole app: their top bar has the chat socket, the call listener and
/// the counts.
fn islands_page() -> bool {
    #[cfg(feature = "ssr")]
    {
        use crate::account::auth::{cookie, ACCESS_COOKIE, REFRESH_COOKIE};
        let Some(parts) = use_context::<http::request::Parts>() else { return false };
        let path = parts.uri.path();
        let homepage = path.strip_prefix("/hompy/").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
        (ISLANDS_PAGES.contains(&path) || homepage)
            && cookie(&parts.headers, ACCESS_COOKIE).is_none()
            && cookie(&parts.headers, REFRESH_COOKIE).is_none()
    }
    #[cfg(not(feature = "ssr"))]
    false
}

/// Leptos's hydration script, started once the page has painted (its first contentful paint),
/// and without the two `<link rel="preload">`s `HydrationScripts` puts before it. Those start
/// the main bundle's download while the stylesheet and the pictures are still coming,
/// so on a slow phone network they share the bandwidth with what the visitor is to see first
/// (Lighthouse counted the whole bundle before the largest picture; Leptos's own `defer`, an
/// idle callback, sometimes ran before the paint). `HydrationScripts` still runs: it provides
/// the split manifest lazy routes look up. A tab that never paints (opened in the
/// background) hydrates after 5 s; a browser without paint timing at once.
///
/// On an islands page the script loads the same bundle, calls `hydrate_islands` instead of
/// `hydrate` (which fetches the whole app's chunk), then hydrates each `<leptos-island>`
/// (a lazy island fetches its chunk first) and marks the body hydrated once all have.
#[component]
fn HydrationAfterPaint(options: LeptosOptions, islands: bool) -> impl IntoView {
    // With `islands`, Leptos also stops serialising the data of what is outside the islands.
    let tags = view! { <HydrationScripts options islands/> }.to_html();
    let code = tags
        .split_once("<script")
        .and_then(|(_, rest)| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(code, _)| code)
        .expect("HydrationScripts renders an inline <script>");
    let hydrate = if islands {
        // Leptos's own islands script, called with the same arguments (root, pkg path, JS and
        // WASM file names), has no hook for "all hydrated".
        let args = code
            .trim_end()
            .strip_suffix(");")
            .and_then(|call| call.rsplit_once('('))
            .map(|(_, args)| args)
            .expect("HydrationScripts calls its function with the file names");
        format!(
            "((root, pkg, js, wasm) => import(`${{root}}/${{pkg}}/${{js}}.js`).then((mod) => \
               mod.default({{ module_or_path: `${{root}}/${{pkg}}/${{wasm}}.wasm` }}).then(() => {{ \
                 mod.hydrate_islands(); \
                 return Promise.all([...document.querySelectorAll('leptos-island')].map((el) => {{ \
                   const island = mod[el.dataset.component]; \
                   return island ? island(el) : console.warn('no island', el.dataset.component); \
                 }})); \
               }}).then(() => document.body.setAttribute('data-hydrated', 'true'))))({args});"
        )
    } else {
        code.to_owned()
    };
    let script = format!(
        "(() => {{ let started = false; \
         const start = () => {{ if (started) return; started = true; {hydrate} }}; \
         if (typeof PerformanceObserver === 'undefined' \
           || !(PerformanceObserver.supportedEntryTypes || []).includes('paint')) return start(); \
         new PerformanceObserver((list) => {{ \
           if (list.getEntriesByName('first-contentful-paint').length) setTimeout(start, 0); \
         }}).observe({{ type: 'paint', buffered: true }}); \
         setTimeout(start, 5000); }})();"
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce() inner_html=script></script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(InApp);
    // Where the whole app hydrates, its islands are plain parts of it: no `<leptos-island>`
    // wrapper on either side (Leptos's hydration does not step back out of one). Only an
    // islands page renders the wrappers its script looks for.
    if use_context::<IslandsPage>().is_none() {
        provide_context(leptos::reactive::owner::IsHydrating(true));
    }
    // leptos_axum puts a preload of every chunk a lazy route touched into the head, but only
    // of the chunks registered before it reads its list, so some responses carried them
    // (225 on a homepage: a phone's first paint waited a second for them) and others not.
    // A list of our own, nearer than the integration's, takes every registration: each
    // response has the same short head, and hydration fetches the chunks it needs.
    #[cfg(feature = "ssr")]
    provide_context(leptos::PrefetchLazyFn::default());
    crate::chat::socket::Socket::provide();
    crate::call::ui::provide_call_state();
    crate::ui::kit::bgm::provide();
    view! {
        <Title text="minihompy"/>
        <Router>
            <TopBar/>
            <main class="page">
                // Async: pages are rendered with their data, so a shared link works without scripts.
                <Routes fallback=|| {
                    mark_hydrated();
                    view! { <NotFound/> }
                }>
                    <Route path=path!("/") view={Lazy::<LandingRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id") view={Lazy::<HompyHomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/profile") view={Lazy::<HompyProfileRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/diary") view={Lazy::<HompyDiaryRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/photos") view={Lazy::<HompyPhotosRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/guestbook") view={Lazy::<HompyGuestbookRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/ilchon") view={Lazy::<IlchonRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/chat") view={Lazy::<ChatRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/chat/:room") view={Lazy::<ChatRoomRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()}/>
                    <Route path=path!("/signup") view={Lazy::<SignupRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/signup/verify") view={Lazy::<VerifyRoute>::new()}/>
                    <Route path=path!("/signup/social") view={Lazy::<SocialSignupRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/find-email") view={Lazy::<FindEmailRoute>::new()}/>
                    <Route path=path!("/account/reset") view={Lazy::<ResetRequestRoute>::new()}/>
                    <Route path=path!("/account/reset/:token") view={Lazy::<ResetRoute>::new()}/>
                    <Route path=path!("/policy/:doc") view={Lazy::<PolicyRoute>::new()}/>
                    <Route path=path!("/guardian/:token") view={Lazy::<GuardianRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/shop") view={Lazy::<ShopRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/shop") view={Lazy::<ShopRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/shop/items") view={Lazy::<ShopRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/shop/charge") view={Lazy::<ShopRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/shop/charge/result") view={Lazy::<ShopRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/shop/pay/sandbox") view={Lazy::<ShopRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/shop/history") view={Lazy::<ShopRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/developers") view={Lazy::<OauthRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/oauth/consent") view={Lazy::<OauthRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/oauth/error") view={Lazy::<OauthRoute>::new()} ssr=SsrMode::Async/>
                    // The community's pages share two routes (its view picks the page by the
                    // path): every distinct route costs routing code in the main bundle.
                    <Route path=path!("/community") view={Lazy::<BoardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/community/*rest") view={Lazy::<BoardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/timetable") view={Lazy::<TimetableRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/timetable/*rest") view={Lazy::<TimetableRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/ledger") view={Lazy::<LedgerRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/ledger/*rest") view={Lazy::<LedgerRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <CallLayer/>
        </Router>
    }
}

/// What a homepage shows from the 일촌 and chat areas.
/// Marks the page as hydrated once the page's own view is (its chunk arrives after the
/// shell): effects run only in the browser, after the view they belong to has hydrated.
/// Tests wait for `body[data-hydrated]` before they click.
fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// What a homepage shows from other areas: provided by each homepage page's route, so
/// their code is in the homepage's chunks, not in the shell.
fn provide_hompy_parts() {
    provide_context(hompy_parts());
}

/// The chat room's header shows the call button: provided by the room's route, so the
/// call's code is not in the shell.
fn provide_call_button() {
    let call_button: RoomButton = Callback::new(|(room_id, other_id, other_name): (String, u64, String)| {
        view! { <CallButton room_id other_id other_name/> }.into_any()
    });
    provide_context(call_button);
}

/// The account page shows the OAuth provider's connected apps.
fn provide_account_parts() {
    provide_context(AccountParts { connected_apps: Callback::new(|()| view! { <ConnectedApps/> }.into_any()) });
}

fn hompy_parts() -> Parts {
    Parts {
        ilchon_button: Callback::new(|(f, reload): (HompyFrame, RwSignal<u32>)| {
            view! { <IlchonButton owner=f.summary.user_id relation=f.relation state=f.ilchon_state reload/> }.into_any()
        }),
        chat_button: Callback::new(|other| view! { <ChatButton other/> }.into_any()),
        block_button: Callback::new(|(other, blocked)| view! { <BlockButton other blocked/> }.into_any()),
        pyeong_box: Callback::new(|(owner, relation, items, version)| view! { <PyeongBox owner relation items version/> }.into_any()),
    }
}

/// Pages whose code the browser fetches when one is first opened (with `cargo leptos
/// build --split`, each `#[lazy]` view becomes a WASM chunk of its own; code that several
/// pages share becomes shared chunks). The main bundle holds the shell. Lazy pages take
/// no props; what they need from the composition comes as context, provided by their
/// route (`with …`) so that it travels in their chunk.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident $(with $provide:ident)?;)*) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                mark_hydrated();
                $($provide();)?
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    LandingRoute => Landing;
    LoginRoute => LoginPage;
    HompyHomeRoute => HompyHomePage with provide_hompy_parts;
    HompyProfileRoute => HompyProfilePage with provide_hompy_parts;
    HompyDiaryRoute => HompyDiaryPage with provide_hompy_parts;
    HompyPhotosRoute => HompyPhotosPage with provide_hompy_parts;
    HompyGuestbookRoute => HompyGuestbookPage with provide_hompy_parts;
    IlchonRoute => IlchonPage;
    SearchRoute => SearchPage;
    ChatRoute => ChatPage;
    ChatRoomRoute => ChatRoomPage with provide_call_button;
    SignupRoute => SignupPage;
    VerifyRoute => VerifyPage;
    SocialSignupRoute => SocialSignupPage;
    AccountRoute => AccountPage with provide_account_parts;
    FindEmailRoute => FindEmailPage;
    ResetRequestRoute => ResetRequestPage;
    ResetRoute => ResetPage;
    PolicyRoute => PolicyPage;
    GuardianRoute => GuardianPage;
    AdminRoute => AdminPage;
    // One route for the whole shop: its pages share one chunk (see `shop::ui::ShopArea`).
    ShopRoute => ShopArea;
    // The OAuth provider's pages: the developer console, the consent screen, its error page.
    OauthRoute => OauthArea;
    // The community (커뮤니티): schools, boards, posts, 쪽지 and moderation.
    BoardRoute => BoardArea;
    // 시간표 and 강의평: timetables, the catalogue, lecture pages, 친구 시간표, staff import.
    TimetableRoute => TimetableArea;
    // 가계부: books, a book's month with its charts, the search and trash, settings.
    LedgerRoute => LedgerArea;
}
