//! 내 시간표 (`/timetable?semester=&t=`): the semester, the member's timetables as tabs, the
//! chosen one's grid with details on tap, total credits, its settings and exports, the
//! lecture search and the "직접 추가" form.

use super::super::{
    api::{get_my_timetables, CreateTimetable, DeleteTimetable, RemoveBlock, RemoveLecture, UpdateTimetable},
    model::{MyTimetables, Timetable},
};
use super::grid::{detail_of, items_of, Item, Kind, Layer, WeekGrid};
use super::search::{BlockForm, LectureSearch};
use super::{loading, page_error};
use crate::account::{api::me, model::Role};
use crate::hompy::model::Visibility;
use crate::ui::kit::{action_error, reload_on_ok, FieldError, FormError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn MyTimetablePage() -> impl IntoView {
    let query = use_query_map();
    let semester = Memo::new(move |_| query.read().get("semester").and_then(|s| s.parse::<u64>().ok()));
    let chosen = Memo::new(move |_| query.read().get("t").and_then(|s| s.parse::<u64>().ok()));
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || (semester.get(), chosen.get(), version.get()), |(s, t, _)| get_my_timetables(s, t));
    // Staff also get the way to the catalogue's page.
    let who = Resource::new(|| (), |_| me());
    view! {
        <Title text="내 시간표 - minihompy"/>
        <div class="timetable">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let staff = who.await.ok().flatten().is_some_and(|u| matches!(u.role, Role::Staff | Role::Admin));
                    match data.await {
                        Ok(my) => view! { <MyView my version staff/> }.into_any(),
                        Err(e) => page_error(e, "시간표를 보려면"),
                    }
                })}
            </Transition>
        </div>
    }
}

fn page_href(semester: u64, timetable: Option<u64>) -> String {
    match timetable {
        Some(t) => format!("/timetable?semester={semester}&t={t}"),
        None => format!("/timetable?semester={semester}"),
    }
}

#[component]
fn MyView(my: MyTimetables, version: RwSignal<u32>, staff: bool) -> impl IntoView {
    let semester_id = my.semester.id;
    let current = RwSignal::new(my.current.clone());
    // Another timetable is another address: this view is made again for it.
    let current_id = my.current.as_ref().map(|t| t.id);
    let on_changed = Callback::new(move |t: Timetable| current.set(Some(t)));
    let navigate = use_navigate();
    let pick_semester = move |ev: leptos::ev::Event| {
        if let Ok(id) = event_target_value(&ev).parse::<u64>() {
            navigate(&page_href(id, None), Default::default());
        }
    };
    let has_school = my.school_id.is_some();
    let tabs = my.timetables.clone();
    let shown = my.current.as_ref().map(|t| t.id);
    view! {
        <section class="card tt-head">
            <div class="tt-head-row">
                <h1>"내 시간표"</h1>
                <label class="tt-semester">
                    <span class="sr-only">"학기"</span>
                    <select aria-label="학기" data-testid="semester-select" on:change=pick_semester>
                        {my.semesters.iter().map(|s| view! {
                            <option value=s.id.to_string() selected=s.id == semester_id>{s.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <a class="tt-friends-link" href="/timetable/friends">"친구 시간표 ›"</a>
                {staff.then(|| view! { <a class="tt-admin-link" href="/timetable/admin" data-testid="tt-admin-link">"강의 관리 ›"</a> })}
            </div>
            {my.school_name.clone().map(|n| view! { <p class="hint tt-school">{n}</p> })}
            <nav class="tt-tabs" aria-label="내 시간표 목록" data-testid="tt-tabs">
                {tabs.into_iter().map(|s| {
                    let active = Some(s.id) == shown;
                    view! {
                        <a href=page_href(semester_id, Some(s.id)) class:active=active aria-current=active.then_some("page") data-testid="tt-tab" data-id=s.id>
                            {s.is_primary.then(|| view! { <span class="tt-star" title="기본 시간표">"★"<span class="sr-only">"기본"</span></span> })}
                            {s.name.clone()}
                        </a>
                    }
                }).collect_view()}
            </nav>
        </section>
        {match my.current.clone() {
            None => view! { <NoTimetable semester_id first=my.timetables.is_empty()/> }.into_any(),
            Some(t) => view! {
                <TimetableCard current/>
                <Settings t=t.clone() semester_id version/>
            }.into_any(),
        }}
        {if has_school {
            view! { <LectureSearch semester_id timetable_id=current_id current on_added=on_changed/> }.into_any()
        } else {
            view! {
                <section class="card tt-no-school" data-testid="no-school">
                    <p>"학교를 인증하면 우리 학교 강의를 검색해서 시간표에 넣을 수 있어요. 지금은 직접 추가한 일정만 넣을 수 있어요."</p>
                    <a class="button small" href="/community">"커뮤니티에서 학교 인증하기"</a>
                </section>
            }.into_any()
        }}
        {current_id.map(|id| view! { <BlockForm timetable_id=id on_added=on_changed/> })}
    }
}

/// No timetable in this semester yet: make the first one.
#[component]
fn NoTimetable(semester_id: u64, first: bool) -> impl IntoView {
    let create = crate::ui::kit::page_action::<CreateTimetable>();
    let error = action_error(create);
    let name = RwSignal::new("시간표 1".to_owned());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(t)) = create.value().get() {
            navigate(&page_href(semester_id, Some(t.id)), Default::default());
        }
    });
    view! {
        <section class="card tt-empty" data-testid="tt-empty">
            <p>{if first { "이번 학기 시간표가 아직 없어요." } else { "시간표를 골라 주세요." }}</p>
            <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                create.dispatch(CreateTimetable { semester_id, name: name.get_untracked().trim().to_owned() });
            }>
                <input type="text" aria-label="새 시간표 이름" maxlength="40" required prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                <button type="submit" disabled=move || create.pending().get()>"시간표 만들기"</button>
            </form>
            <FieldError error field="name"/>
            <FormError error/>
        </section>
    }
}

/// The chosen timetable: name, visibility, credits, the grid (tap for details and 삭제)
/// and the exports.
#[component]
fn TimetableCard(current: RwSignal<Option<Timetable>>) -> impl IntoView {
    let picked = RwSignal::new(None::<Item>);
    let remove_lecture = crate::ui::kit::page_action::<RemoveLecture>();
    let remove_block = crate::ui::kit::page_action::<RemoveBlock>();
    let (lecture_error, block_error) = (action_error(remove_lecture), action_error(remove_block));
    let error = Signal::derive(move || lecture_error.get().or_else(|| block_error.get()));
    let busy = Signal::derive(move || remove_lecture.pending().get() || remove_block.pending().get());
    Effect::new(move |_| {
        if let Some(Ok(t)) = remove_lecture.value().get() {
            current.set(Some(t));
            picked.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(t)) = remove_block.value().get() {
            current.set(Some(t));
            picked.set(None);
        }
    });
    let close = Callback::new(move |_| picked.set(None));
    let delete = Callback::new(move |kind: Kind| {
        let Some(timetable_id) = current.with_untracked(|c| c.as_ref().map(|t| t.id)) else { return };
        match kind {
            Kind::Lecture(lecture_id) => {
                remove_lecture.dispatch(RemoveLecture { timetable_id, lecture_id });
            }
            Kind::Block(block_id) => {
                remove_block.dispatch(RemoveBlock { timetable_id, block_id });
            }
        }
    });
    let pick = Callback::new(move |i: Item| picked.set(Some(i)));
    move || {
        current.get().map(|t| {
            let id = t.id;
            view! {
                <section class="card tt-main" data-testid="tt-main" data-timetable-id=id>
                    <div class="tt-title-row">
                        <h2>{t.is_primary.then_some("★ ")}{t.name.clone()}</h2>
                        <span class="badge visibility" data-visibility=t.visibility.as_str()>{t.visibility.label()}</span>
                        <span class="tt-credits" data-testid="tt-credits">{format!("총 {}학점", t.credits)}</span>
                    </div>
                    <WeekGrid items=items_of(&t, Layer::Only) on_pick=pick label=format!("{} 주간 시간표", t.name)/>
                    {(t.lectures.is_empty() && t.blocks.is_empty()).then(|| view! {
                        <p class="hint tt-grid-empty">"아래에서 강의를 찾아 추가하거나 일정을 직접 넣어 보세요."</p>
                    })}
                    {move || picked.get().map(|item| {
                        current.with(|c| c.as_ref().map(|t| detail_of(t, item, close, Some(delete), busy)))
                    })}
                    <FormError error/>
                    <div class="tt-exports">
                        <a class="button small secondary" href=format!("/api/timetables/{id}/calendar.ics") download=format!("timetable-{id}.ics") data-testid="export-ics">
                            "📅 캘린더(.ics) 내보내기"
                        </a>
                        <a class="button small secondary" href=format!("/api/timetables/{id}/image.png") target="_blank" rel="noopener" data-testid="export-png">
                            "🖼 이미지(PNG)로 보기"
                        </a>
                        <a class="button small secondary" href=format!("/timetable/t/{id}")>"🔗 공유 주소"</a>
                    </div>
                </section>
            }
        })
    }
}

/// Rename, visibility, primary, delete, and a new timetable.
#[component]
fn Settings(t: Timetable, semester_id: u64, version: RwSignal<u32>) -> impl IntoView {
    let id = t.id;
    let update = crate::ui::kit::page_action::<UpdateTimetable>();
    let delete = crate::ui::kit::page_action::<DeleteTimetable>();
    let create = crate::ui::kit::page_action::<CreateTimetable>();
    reload_on_ok(update, version);
    let update_error = action_error(update);
    let delete_error = action_error(delete);
    let create_error = action_error(create);
    let name = RwSignal::new(t.name.clone());
    let new_name = RwSignal::new(String::new());
    let navigate = use_navigate();
    let go = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            go(&page_href(semester_id, None), Default::default());
            version.update(|v| *v += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(s)) = create.value().get() {
            navigate(&page_href(semester_id, Some(s.id)), Default::default());
        }
    });
    let visibility = t.visibility;
    view! {
        <section class="card tt-settings" data-testid="tt-settings">
            <h2>"시간표 설정"</h2>
            <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                update.dispatch(UpdateTimetable { id, name: Some(name.get_untracked().trim().to_owned()), visibility: None, is_primary: None });
            }>
                <input type="text" aria-label="시간표 이름" maxlength="40" required prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                <button type="submit" class="small secondary" disabled=move || update.pending().get()>"이름 바꾸기"</button>
            </form>
            <FieldError error=update_error field="name"/>
            <div class="inline-form">
                <label class="inline-label">
                    "공개 범위"
                    <select aria-label="공개 범위" data-testid="visibility-select" on:change=move |ev| {
                        if let Some(v) = Visibility::parse(&event_target_value(&ev)) {
                            update.dispatch(UpdateTimetable { id, name: None, visibility: Some(v), is_primary: None });
                        }
                    }>
                        {Visibility::ALL.into_iter().map(|v| view! {
                            <option value=v.as_str() selected=v == visibility>{v.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                {(!t.is_primary).then(|| view! {
                    <button type="button" class="small secondary" disabled=move || update.pending().get() on:click=move |_| {
                        update.dispatch(UpdateTimetable { id, name: None, visibility: None, is_primary: Some(true) });
                    }>"★ 기본 시간표로"</button>
                })}
                <button type="button" class="small danger" disabled=move || delete.pending().get() on:click=move |_| {
                    if window().confirm_with_message("이 시간표를 지울까요?").unwrap_or(false) {
                        delete.dispatch(DeleteTimetable { id });
                    }
                }>"시간표 삭제"</button>
            </div>
            <p class="hint">"★ 기본 시간표를 일촌공개나 전체공개로 두면 일촌의 '친구 시간표'에 보여요."</p>
            <FormError error=update_error/>
            <FormError error=delete_error/>
            <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                create.dispatch(CreateTimetable { semester_id, name: new_name.get_untracked().trim().to_owned() });
            }>
                <input type="text" aria-label="새 시간표 이름" placeholder="새 시간표 이름" maxlength="40" required prop:value=move || new_name.get()
                    on:input=move |ev| new_name.set(event_target_value(&ev))/>
                <button type="submit" class="small" disabled=move || create.pending().get()>"새 시간표"</button>
            </form>
            <FieldError error=create_error field="name"/>
            <FormError error=create_error/>
        </section>
    }
}
