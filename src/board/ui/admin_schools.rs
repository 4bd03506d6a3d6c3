//! The staff page's 학교 관리 and 게시판 관리 tabs: schools with their domains, and boards
//! (add, edit, retire).

use super::super::{
    api::{list_boards, list_schools, SaveBoard, SaveSchool},
    model::{Board, BoardCategory, BoardInput, School, SchoolInput},
};
use super::admin::{admin_tabs, loading, staff_only, WHAT};
use super::lists::failure;
use crate::ui::kit::{action_error, reload_on_ok, FieldError, FormError};
use leptos::prelude::*;

#[component]
pub(super) fn Schools() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(
        move || version.get(),
        |_| async move {
            staff_only().await?;
            list_schools().await
        },
    );
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! {
                        {admin_tabs("schools")}
                        <h2>"학교 관리"</h2>
                        <ul class="admin-schools">
                            {list.into_iter().map(|s| view! { <SchoolRow s/> }).collect_view()}
                        </ul>
                        <h3>"학교 추가"</h3>
                        <NewSchool version/>
                    }.into_any(),
                    Err(e) => failure(e, WHAT),
                }
            })}
        </Transition>
    }
}

#[component]
fn SchoolRow(s: School) -> impl IntoView {
    let domains = if s.domains.is_empty() { "도메인 없음 (운영진 승인)".to_owned() } else { s.domains.join(", ") };
    view! {
        <li class="admin-school" data-school=s.id>
            <b>{s.name.clone()}</b>
            {(!s.campus.is_empty()).then(|| format!(" {}", s.campus))}
            <span class="hint">{format!(" · {domains}")}</span>
        </li>
    }
}

#[component]
fn NewSchool(version: RwSignal<u32>) -> impl IntoView {
    let save = crate::ui::kit::page_action::<SaveSchool>();
    reload_on_ok(save, version);
    let error = action_error(save);
    let (name, campus, domains) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SchoolInput {
            name: name.get_untracked(),
            campus: campus.get_untracked(),
            domains: domains
                .get_untracked()
                .split(',')
                .map(|d| d.trim().trim_start_matches('@').to_lowercase())
                .filter(|d| !d.is_empty())
                .collect(),
        };
        save.dispatch(SaveSchool { id: None, input });
    };
    view! {
        <form class="form new-school" on:submit=submit>
            <label>"학교 이름" <input type="text" maxlength="60" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <FieldError error field="name"/>
            <label>"캠퍼스 (선택)" <input type="text" maxlength="40" prop:value=move || campus.get() on:input=move |ev| campus.set(event_target_value(&ev))/></label>
            <FieldError error field="campus"/>
            <label>"이메일 도메인 (쉼표로 구분, 없으면 승인제)"
                <input type="text" maxlength="300" placeholder="hongik.ac.kr, mail.hongik.ac.kr" prop:value=move || domains.get() on:input=move |ev| domains.set(event_target_value(&ev))/>
            </label>
            <FieldError error field="domains"/>
            <FormError error/>
            <button type="submit" disabled=move || save.pending().get()>"학교 추가"</button>
        </form>
    }
}

// ---- 게시판 관리 ----

#[component]
pub(super) fn Boards() -> impl IntoView {
    let schools = Resource::new(
        || (),
        |_| async move {
            staff_only().await?;
            list_schools().await
        },
    );
    let school = RwSignal::new(None::<u64>);
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let boards = Resource::new(
        move || (school.get(), version.get()),
        |(s, _)| async move {
            match s {
                Some(id) => list_boards(Some(id), String::new()).await,
                None => Ok(Vec::new()),
            }
        },
    );
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let list = match schools.await {
                    Ok(list) => list,
                    Err(e) => return failure(e, WHAT),
                };
                view! {
                    {admin_tabs("boards")}
                    <h2>"게시판 관리"</h2>
                    <label class="admin-school-pick">
                        "학교"
                        <select on:change=move |ev| school.set(event_target_value(&ev).parse().ok())>
                            <option value="" selected=move || school.get().is_none()>"학교를 고르세요"</option>
                            {list.into_iter().map(|s| {
                                let id = s.id;
                                let label = if s.campus.is_empty() { s.name } else { format!("{} {}", s.name, s.campus) };
                                view! { <option value=id selected=move || school.get() == Some(id)>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                }.into_any()
            })}
        </Transition>
        {move || school.get().map(|school_id| view! {
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match boards.await {
                        Ok(list) => view! {
                            {list.is_empty().then(|| view! { <p class="hint empty">"이 학교에는 아직 게시판이 없어요."</p> })}
                            <ul class="admin-boards">
                                {list.into_iter().map(|b| view! { <BoardRow b version/> }).collect_view()}
                            </ul>
                            <h3>"게시판 추가"</h3>
                            <BoardForm school_id board=None version/>
                        }.into_any(),
                        Err(e) => failure(e, WHAT),
                    }
                })}
            </Transition>
        })}
    }
}

fn board_input(b: &Board) -> BoardInput {
    BoardInput {
        school_id: b.school_id,
        category: b.category,
        name: b.name.clone(),
        description: b.description.clone(),
        anonymous_allowed: b.anonymous_allowed,
        questions_allowed: b.questions_allowed,
        retired: b.retired,
    }
}

#[component]
fn BoardRow(b: Board, version: RwSignal<u32>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let retire = crate::ui::kit::page_action::<SaveBoard>();
    reload_on_ok(retire, version);
    let error = action_error(retire);
    let toggled = BoardInput { retired: !b.retired, ..board_input(&b) };
    let id = b.id;
    let flags = [(b.anonymous_allowed, "익명 허용"), (b.questions_allowed, "질문 허용")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join(" · ");
    let board = b.clone();
    view! {
        <li class="admin-board card" class:retired=b.retired data-board=id>
            <p>
                <span class="badge">{b.category.label()}</span>
                " "
                <a href=format!("/community/boards/{id}")><b>{b.name.clone()}</b></a>
                {b.retired.then(|| view! { <span class="badge retired-badge">"보관됨"</span> })}
            </p>
            {(!b.description.is_empty()).then(|| view! { <p class="hint">{b.description.clone()}</p> })}
            {(!flags.is_empty()).then(|| view! { <p class="hint">{flags}</p> })}
            <div class="report-buttons">
                <button type="button" class="small secondary" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>"수정"</button>
                <button type="button" class="small secondary" disabled=move || retire.pending().get()
                    on:click=move |_| { retire.dispatch(SaveBoard { id: Some(id), input: toggled.clone() }); }>
                    {if b.retired { "보관 해제" } else { "보관" }}
                </button>
            </div>
            <FormError error/>
            <Show when=move || editing.get()>
                <BoardForm school_id=board.school_id board=Some(board.clone()) version/>
            </Show>
        </li>
    }
}

/// Adds a board to `school_id` (board None) or changes one.
#[component]
fn BoardForm(school_id: u64, board: Option<Board>, version: RwSignal<u32>) -> impl IntoView {
    let save = crate::ui::kit::page_action::<SaveBoard>();
    reload_on_ok(save, version);
    let error = action_error(save);
    let id = board.as_ref().map(|b| b.id);
    let retired = board.as_ref().is_some_and(|b| b.retired);
    let category = RwSignal::new(board.as_ref().map_or(BoardCategory::Free, |b| b.category));
    let name = RwSignal::new(board.as_ref().map(|b| b.name.clone()).unwrap_or_default());
    let description = RwSignal::new(board.as_ref().map(|b| b.description.clone()).unwrap_or_default());
    let anonymous = RwSignal::new(board.as_ref().is_none_or(|b| b.anonymous_allowed));
    let questions = RwSignal::new(board.as_ref().is_some_and(|b| b.questions_allowed));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = BoardInput {
            school_id,
            category: category.get_untracked(),
            name: name.get_untracked(),
            description: description.get_untracked(),
            anonymous_allowed: anonymous.get_untracked(),
            questions_allowed: questions.get_untracked(),
            retired,
        };
        save.dispatch(SaveBoard { id, input });
    };
    Effect::new(move |_| {
        if id.is_none() && matches!(save.value().get(), Some(Ok(_))) {
            name.set(String::new());
            description.set(String::new());
        }
    });
    view! {
        <form class="form board-form" on:submit=submit>
            <label>
                "분류"
                <select on:change=move |ev| {
                    if let Some(c) = BoardCategory::parse(&event_target_value(&ev)) {
                        category.set(c);
                    }
                }>
                    {BoardCategory::ALL.iter().map(|c| {
                        let c = *c;
                        view! { <option value=c.as_str() selected=move || category.get() == c>{c.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"게시판 이름" <input type="text" maxlength="40" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <FieldError error field="name"/>
            <label>"설명" <input type="text" maxlength="200" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))/></label>
            <FieldError error field="description"/>
            <label class="check"><input type="checkbox" prop:checked=move || anonymous.get() on:change=move |ev| anonymous.set(event_target_checked(&ev))/> "익명 허용"</label>
            <label class="check"><input type="checkbox" prop:checked=move || questions.get() on:change=move |ev| questions.set(event_target_checked(&ev))/> "질문 허용"</label>
            <FormError error/>
            <button type="submit" class="small" disabled=move || save.pending().get()>
                {if id.is_some() { "저장" } else { "게시판 추가" }}
            </button>
        </form>
    }
}

// ---- 처리 기록 ----
