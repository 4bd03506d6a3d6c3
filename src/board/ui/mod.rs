//! Pages of the community (커뮤니티), one lazy route: the home, joining a school, boards,
//! posts with comments, writing, HOT/BEST and search, my activity, 쪽지, and the staff's
//! moderation page.

mod actions;
mod admin;
mod admin_schools;
mod board;
mod home;
mod lists;
mod notes;
mod post;
mod widgets;

use crate::ui::kit::{route_path, RouteOf};
use leptos::prelude::*;

/// Every page of the community, chosen by the address (one lazy route, one chunk).
#[component]
pub fn BoardArea() -> impl IntoView {
    let path = route_path(RouteOf::Below("/community"));
    move || {
        let path = path.get();
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(2).collect();
        let id = |s: &str| s.parse::<u64>().ok();
        match parts.as_slice() {
            [] => view! { <home::CommunityHomePage/> }.into_any(),
            ["join"] => view! { <home::JoinPage/> }.into_any(),
            ["boards", b] if id(b).is_some() => {
                let board_id = id(b).unwrap_or_default();
                view! { <board::BoardPage board_id/> }.into_any()
            }
            ["boards", b, "write"] if id(b).is_some() => {
                let board_id = id(b).unwrap_or_default();
                view! { <board::WritePage board_id post_id=None/> }.into_any()
            }
            ["posts", p] if id(p).is_some() => {
                let post_id = id(p).unwrap_or_default();
                view! { <post::PostPage post_id/> }.into_any()
            }
            ["posts", p, "edit"] if id(p).is_some() => {
                let post_id = id(p);
                view! { <board::WritePage board_id=0 post_id/> }.into_any()
            }
            ["hot"] => view! { <lists::HotPage/> }.into_any(),
            ["best"] => view! { <lists::BestPage/> }.into_any(),
            ["search"] => view! { <lists::SearchPage/> }.into_any(),
            ["my", "posts"] => view! { <lists::MyPostsPage/> }.into_any(),
            ["my", "comments"] => view! { <lists::MyCommentsPage/> }.into_any(),
            ["my", "scraps"] => view! { <lists::MyScrapsPage/> }.into_any(),
            ["notes"] => view! { <notes::NotesPage/> }.into_any(),
            ["notes", t] if id(t).is_some() => {
                let thread_id = id(t).unwrap_or_default();
                view! { <notes::NoteThreadPage thread_id/> }.into_any()
            }
            ["admin"] => view! { <admin::CommunityAdminPage/> }.into_any(),
            _ => view! { <crate::ui::kit::NotFound/> }.into_any(),
        }
    }
}

/// The top bar's "쪽지 N" link: unread 쪽지 and notices, updated live by `board.note`
/// events (hidden at zero). The frame is read by hand: this runs in the shell's bundle.
#[component]
pub fn NotesBadge(first: u32) -> impl IntoView {
    let count = RwSignal::new(first);
    crate::chat::socket::listen_other(move |text| {
        if let Some(n) = note_event_total(text) {
            count.set(n);
        }
    });
    view! {
        <Show when=move || { count.get() > 0 }>
            <a class="notes-badge" href="/community/notes" title="읽지 않은 쪽지와 알림">
                "쪽지 " <span class="badge" data-testid="notes-unread">{move || count.get()}</span>
            </a>
        </Show>
    }
}

/// `unreadTotal` of a `{"type":"board.note",…,"unreadTotal":N}` frame.
pub fn note_event_total(text: &str) -> Option<u32> {
    if !text.starts_with(r#"{"type":"board.note""#) {
        return None;
    }
    let rest = &text[text.find(r#""unreadTotal":"#)? + 14..];
    rest[..rest.find(|c: char| !c.is_ascii_digit())?].parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_badge_reads_the_note_events_total() {
        let ev = crate::board::model::NoteEvent { kind: "board.note".into(), thread_id: 7, unread_total: 12 };
        assert_eq!(super::note_event_total(&serde_json::to_string(&ev).unwrap()), Some(12));
        assert_eq!(super::note_event_total(r#"{"type":"dotori","balance":3}"#), None);
    }
}
