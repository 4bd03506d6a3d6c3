//! 친구 시간표: the 일촌 whose primary timetable is shared with the member, one 일촌's
//! timetable with "공강 시간 같이 보기" (both weeks laid over each other, the common free
//! windows shaded and listed), and a timetable opened by its shared address.

use super::super::{
    api::{get_common_free_time, get_timetable, list_friend_timetables},
    model::{CommonFreeTime, FriendTimetable, Timetable},
};
use super::grid::{items_of, window_text, Item, Layer, ReadOnlyTimetable, WeekGrid};
use super::{loading, page_error};
use crate::hompy::model::minimi_src;
use crate::ui::kit::{title_text, Avatar, ErrorPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Colours of the overlay: mine, theirs (the free time is green, from the stylesheet).
const MINE_COLOR: &str = "#aecbfa";
const THEIRS_COLOR: &str = "#fbbc04";

#[component]
pub fn FriendsPage() -> impl IntoView {
    let query = use_query_map();
    let semester = Memo::new(move |_| query.read().get("semester").and_then(|s| s.parse::<u64>().ok()));
    let data = Resource::new(move || semester.get(), list_friend_timetables);
    view! {
        <Title text="친구 시간표 - minihompy"/>
        <div class="timetable">
            <section class="card tt-friends-card">
                <div class="tt-head-row">
                    <h1>"친구 시간표"</h1>
                    <a href="/timetable">"‹ 내 시간표"</a>
                </div>
                <p class="hint">"일촌이 일촌공개나 전체공개로 둔 기본 시간표가 보여요."</p>
                <Transition fallback=loading>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="empty" data-testid="no-friends">"시간표를 보여 주는 일촌이 아직 없어요."</p>
                            }.into_any(),
                            Ok(list) => view! {
                                <ul class="tt-friends" data-testid="friend-list">
                                    {list.into_iter().map(|f| view! { <FriendRow f/> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => page_error(e, "친구 시간표를 보려면"),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn FriendRow(f: FriendTimetable) -> impl IntoView {
    view! {
        <li class="tt-friend" data-testid="friend-timetable" data-user-id=f.user_id data-timetable-id=f.timetable_id>
            <a href=format!("/timetable/friends/{}", f.timetable_id)>
                <Avatar photo=f.profile_image.clone() minimi=minimi_src("") name=f.nickname.clone() class="tt-friend-avatar" minimi_class="minimi"
                    decorative=true size=(44, 44)/>
                <span class="tt-friend-text">
                    <span class="tt-friend-name">
                        {f.nickname.clone()}
                        {(!f.ilchon_name.is_empty()).then(|| view! { <span class="hint">{format!(" ({})", f.ilchon_name)}</span> })}
                    </span>
                    <span class="tt-friend-meta">{format!("{} · {}학점 · 강의 {}개", f.name, f.credits, f.lecture_count)}</span>
                </span>
                <span class="tt-friend-go" aria-hidden="true">"›"</span>
            </a>
        </li>
    }
}

/// A 일촌's timetable, read-only, and the free time we share.
#[component]
pub fn FriendTimetablePage(timetable_id: u64) -> impl IntoView {
    let data = Resource::new(|| (), move |_| get_timetable(timetable_id));
    let together = RwSignal::new(false);
    view! {
        <div class="timetable">
            <nav class="crumbs"><a href="/timetable/friends">"‹ 친구 시간표"</a></nav>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(t) => view! {
                            <TimetableHead t=t.clone()/>
                            <section class="card tt-main" data-testid="friend-grid">
                                <ReadOnlyTimetable t/>
                            </section>
                            <section class="card tt-common">
                                <button type="button" class="secondary" aria-expanded=move || together.get().to_string()
                                    data-testid="common-toggle" on:click=move |_| together.update(|o| *o = !*o)>"공강 시간 같이 보기"</button>
                                <Show when=move || together.get()>
                                    <CommonFree timetable_id/>
                                </Show>
                            </section>
                        }.into_any(),
                        Err(e) => page_error(e, "친구 시간표를 보려면"),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Whose timetable, which semester, how many credits.
#[component]
fn TimetableHead(t: Timetable) -> impl IntoView {
    let title = format!("{}님의 시간표", t.owner_nickname);
    view! {
        <Title text=title_text(&format!("{title} - minihompy"))/>
        <section class="card tt-head">
            <h1>{title}</h1>
            <p class="tt-title-row">
                <span>{format!("{} · {}", t.semester.name, t.name)}</span>
                <span class="badge visibility" data-visibility=t.visibility.as_str()>{t.visibility.label()}</span>
                <span class="tt-credits" data-testid="tt-credits">{format!("총 {}학점", t.credits)}</span>
            </p>
            {t.mine.then(|| view! { <a class="button small secondary" href=format!("/timetable?semester={}&t={}", t.semester.id, t.id)>"내 시간표에서 고치기"</a> })}
        </section>
    }
}

/// Both weeks over each other: mine on the left half of each day, theirs on the right, the
/// hours both are free shaded, and the same windows as text.
#[component]
fn CommonFree(timetable_id: u64) -> impl IntoView {
    let data = LocalResource::new(move || get_common_free_time(timetable_id, None));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(c) => view! { <CommonView c/> }.into_any(),
                    Err(e) => view! {
                        <p class="form-error" role="alert" data-testid="common-error" data-code=e.code.as_str()>{e.message}</p>
                        <a class="button small" href="/timetable">"내 시간표 만들기"</a>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn recolor(items: Vec<Item>, color: &str) -> Vec<Item> {
    items.into_iter().map(|i| Item { color: color.to_owned(), ..i }).collect()
}

#[component]
fn CommonView(c: CommonFreeTime) -> impl IntoView {
    let CommonFreeTime { mine, theirs, free } = c;
    let mut items = recolor(items_of(&mine, Layer::Mine), MINE_COLOR);
    items.extend(recolor(items_of(&theirs, Layer::Theirs), THEIRS_COLOR));
    let list = free.iter().map(window_text).collect::<Vec<_>>();
    view! {
        <div class="tt-common-view" data-testid="common-free">
            <p class="tt-legend">
                <span><span class="tt-swatch" style=format!("background:{MINE_COLOR}")></span>{format!("나 ({})", mine.name)}</span>
                <span><span class="tt-swatch" style=format!("background:{THEIRS_COLOR}")></span>{theirs.owner_nickname.clone()}</span>
                <span><span class="tt-swatch free"></span>"같이 비는 시간"</span>
            </p>
            <WeekGrid items free label="두 시간표를 겹쳐 본 주간 시간표"/>
            <h3>"같이 비는 시간"</h3>
            {if list.is_empty() {
                view! { <p class="empty">"같이 비는 시간이 없어요."</p> }.into_any()
            } else {
                view! {
                    <ul class="tt-free-list" data-testid="free-list">
                        {list.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

/// A timetable by its address: anyone it is shared with (guests too, when 전체공개).
#[component]
pub fn SharedTimetablePage(timetable_id: u64) -> impl IntoView {
    let data = Resource::new(|| (), move |_| get_timetable(timetable_id));
    view! {
        <div class="timetable">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(t) => view! {
                            <TimetableHead t=t.clone()/>
                            <section class="card tt-main" data-testid="shared-grid">
                                <ReadOnlyTimetable t/>
                            </section>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
