//! The timetable's pages, one lazy route (`/timetable`, `/timetable/*rest`): the view picks
//! the page by the path. 내 시간표, a lecture with its reviews, 친구 시간표 (and the free
//! time two share), a shared timetable, and the staff's catalogue import.

mod admin;
mod admin_lectures;
mod friends;
mod grid;
mod lecture;
mod mine;
mod search;

use crate::error::{AppError, ErrorCode};
use crate::ui::kit::{route_path, RouteOf};
use crate::ui::kit::{ErrorPage, LoginPrompt};
use leptos::prelude::*;

#[component]
pub fn TimetableArea() -> impl IntoView {
    let path = route_path(RouteOf::Below("/timetable"));
    move || {
        let path = path.get();
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(2).collect();
        let id = |s: &str| s.parse::<u64>().ok();
        match parts.as_slice() {
            [] => view! { <mine::MyTimetablePage/> }.into_any(),
            ["lectures", l] if id(l).is_some() => {
                let lecture_id = id(l).unwrap_or_default();
                view! { <lecture::LecturePage lecture_id/> }.into_any()
            }
            ["friends"] => view! { <friends::FriendsPage/> }.into_any(),
            ["friends", t] if id(t).is_some() => {
                let timetable_id = id(t).unwrap_or_default();
                view! { <friends::FriendTimetablePage timetable_id/> }.into_any()
            }
            ["t", t] if id(t).is_some() => {
                let timetable_id = id(t).unwrap_or_default();
                view! { <friends::SharedTimetablePage timetable_id/> }.into_any()
            }
            ["admin"] => view! { <admin::TimetableAdminPage/> }.into_any(),
            _ => view! { <crate::ui::kit::NotFound/> }.into_any(),
        }
    }
}

fn loading() -> impl IntoView {
    view! { <p class="loading">"불러오는 중…"</p> }
}

/// A page that could not load: "log in" for guests, the error page otherwise; a member
/// without a school also gets the way to verify one.
fn page_error(error: AppError, what: &'static str) -> AnyView {
    if error.status == 401 {
        return view! { <LoginPrompt what/> }.into_any();
    }
    let join = error.code == ErrorCode::NotSchoolMember;
    view! {
        <ErrorPage error/>
        {join.then(|| view! {
            <p class="tt-join-hint"><a class="button" href="/community/join">"커뮤니티에서 학교 인증하기"</a></p>
        })}
    }
    .into_any()
}

/// "★★★★☆" for an average or a review's stars.
fn stars(n: f32) -> String {
    let full = (n.round().clamp(0.0, 5.0)) as usize;
    format!("{}{}", "★".repeat(full), "☆".repeat(5 - full))
}
