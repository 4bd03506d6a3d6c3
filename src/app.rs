//! The application shell and routes.

use crate::{
    account::ui::{AccountPage, AdminPage, FindEmailPage, LoginPage, ResetPage, ResetRequestPage, SignupPage, VerifyPage},
    chat::ui::{ChatPage, ChatRoomPage},
    hompy::ui::{HompyDiaryPage, HompyGuestbookPage, HompyHomePage, HompyPhotosPage, HompyProfilePage, SearchPage},
    ilchon::ui::IlchonPage,
    ui::{Landing, NotFound, TopBar},
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="ko">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::chat::ui::socket::Socket::provide();
    crate::call::ui::provide_call_state();
    // Effects run only in the browser: this marks the page as hydrated (tests wait for it).
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/minihompy.css"/>
        <Title text="minihompy"/>
        <Router>
            <TopBar/>
            <main class="page">
                // Async: pages are rendered with their data, so a shared link works without scripts.
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Landing ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id") view=HompyHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/profile") view=HompyProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/diary") view=HompyDiaryPage ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/photos") view=HompyPhotosPage ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/guestbook") view=HompyGuestbookPage ssr=SsrMode::Async/>
                    <Route path=path!("/ilchon") view=IlchonPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/chat") view=ChatPage ssr=SsrMode::Async/>
                    <Route path=path!("/chat/:room") view=ChatRoomPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup/verify") view=VerifyPage/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/find-email") view=FindEmailPage/>
                    <Route path=path!("/account/reset") view=ResetRequestPage/>
                    <Route path=path!("/account/reset/:token") view=ResetPage/>
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <crate::call::ui::CallLayer/>
        </Router>
    }
}
