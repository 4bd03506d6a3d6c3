//! The application shell and routes. Pages that show another area's UI get it here (an
//! area's UI never names another's): the chat room gets the call button, the homepage
//! gets the 일촌 button, the 일촌평 box and the chat button.

use crate::{
    account::ui::{AccountPage, AdminPage, FindEmailPage, LoginPage, ResetPage, ResetRequestPage, SignupPage, VerifyPage},
    call::ui::{CallButton, CallLayer},
    chat::ui::{ChatButton, ChatPage, ChatRoomPage, RoomButton},
    hompy::model::HompyFrame,
    hompy::ui::{HompyDiaryPage, HompyGuestbookPage, HompyHomePage, HompyPhotosPage, HompyProfilePage, Parts, SearchPage},
    ilchon::ui::{IlchonButton, IlchonPage, PyeongBox},
    ui::{
        kit::NotFound,
        shell::{Landing, TopBar},
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
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
                <HashedStylesheet options=options.clone() id="leptos"/>
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
    crate::chat::socket::Socket::provide();
    crate::call::ui::provide_call_state();
    let parts = hompy_parts();
    let call_button: RoomButton = Callback::new(|(room_id, other_id, other_name): (String, u64, String)| {
        view! { <CallButton room_id other_id other_name/> }.into_any()
    });
    // Effects run only in the browser: this marks the page as hydrated (tests wait for it).
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title text="minihompy"/>
        <Router>
            <TopBar/>
            <main class="page">
                // Async: pages are rendered with their data, so a shared link works without scripts.
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Landing ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id") view=move || view! { <HompyHomePage parts/> } ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/profile") view=move || view! { <HompyProfilePage parts/> } ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/diary") view=move || view! { <HompyDiaryPage parts/> } ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/photos") view=move || view! { <HompyPhotosPage parts/> } ssr=SsrMode::Async/>
                    <Route path=path!("/hompy/:id/guestbook") view=move || view! { <HompyGuestbookPage parts/> } ssr=SsrMode::Async/>
                    <Route path=path!("/ilchon") view=IlchonPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/chat") view=ChatPage ssr=SsrMode::Async/>
                    <Route path=path!("/chat/:room") view=move || view! { <ChatRoomPage call_button/> } ssr=SsrMode::Async/>
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
            <CallLayer/>
        </Router>
    }
}

/// What a homepage shows from the 일촌 and chat areas.
fn hompy_parts() -> Parts {
    Parts {
        ilchon_button: Callback::new(|(f, reload): (HompyFrame, RwSignal<u32>)| {
            view! { <IlchonButton owner=f.summary.user_id relation=f.relation state=f.ilchon_state reload/> }.into_any()
        }),
        chat_button: Callback::new(|other| view! { <ChatButton other/> }.into_any()),
        pyeong_box: Callback::new(|(owner, relation, items, version)| view! { <PyeongBox owner relation items version/> }.into_any()),
    }
}
