//! The staff's community page (`/community/admin`), as tabs: 신고 처리 (the report queue:
//! hide, dismiss, suspend), 가입 요청 (school requests), 학교 관리, 게시판 관리 (add, edit,
//! retire) and 처리 기록 (the moderation log). The server refuses all of it to members who
//! are not STAFF or ADMIN; the page shows that refusal.

use super::super::{
    api::{get_my_community, moderation_log, report_queue, school_requests, DecideSchoolRequest, Moderate},
    model::{ModerationEntry, ModerationInput, ReportCase, ReportReason, ReportTarget, RequestStatus, SchoolRequest},
};
use super::admin_schools::{Boards, Schools};
use super::{lists::failure, widgets::hakbun};
use crate::error::{AppError, ErrorCode};
use crate::ui::kit::{action_error, reload_on_ok, FieldError, FormError, Pager, When};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub(super) const WHAT: &str = "커뮤니티 관리 페이지를 보려면";

#[component]
pub fn CommunityAdminPage() -> impl IntoView {
    let query = use_query_map();
    let tab = Memo::new(move |_| query.read().get("tab").unwrap_or_default());
    view! {
        <Title text="커뮤니티 관리 - minihompy"/>
        <section class="community community-admin">
            <h1>"커뮤니티 관리"</h1>
            // Each tab makes its own resources here, outside any Suspend (so the server and
            // the browser number them alike), and shows the tab links once the server let
            // the member in.
            {move || match tab.get().as_str() {
                "requests" => view! { <Requests/> }.into_any(),
                "schools" => view! { <Schools/> }.into_any(),
                "boards" => view! { <Boards/> }.into_any(),
                "log" => view! { <Log/> }.into_any(),
                _ => view! { <Reports/> }.into_any(),
            }}
        </section>
    }
}

pub(super) fn admin_tabs(current: &'static str) -> impl IntoView {
    let tab = move |key: &'static str, label: &'static str| {
        let active = key == current;
        let href = if key == "reports" { "/community/admin".to_owned() } else { format!("/community/admin?tab={key}") };
        view! {
            <a href=href class:active=active aria-current=active.then_some("page")>
                {label}
            </a>
        }
    };
    view! {
        <nav class="community-tabs" aria-label="관리 항목">
            {tab("reports", "신고 처리")}
            {tab("requests", "가입 요청")}
            {tab("schools", "학교 관리")}
            {tab("boards", "게시판 관리")}
            {tab("log", "처리 기록")}
        </nav>
    }
}

pub(super) fn loading() -> impl IntoView {
    view! { <p class="loading">"불러오는 중…"</p> }
}

/// Lists that anyone may read (schools) are shown here to staff only.
pub(super) async fn staff_only() -> Result<(), AppError> {
    match get_my_community().await? {
        Some(me) if me.staff => Ok(()),
        Some(_) => Err(AppError::forbidden("운영진만 볼 수 있는 페이지입니다.")),
        None => Err(AppError::unauthorized(ErrorCode::Unauthorized, "로그인이 필요합니다.")),
    }
}

// ---- 신고 처리 ----

#[component]
fn Reports() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || version.get(), |_| report_queue());
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(cases) => view! {
                        {admin_tabs("reports")}
                        <h2>"신고 처리"</h2>
                        {cases.is_empty().then(|| view! { <p class="hint empty">"처리할 신고가 없어요."</p> })}
                        <ul class="report-cases">
                            {cases.into_iter().map(|c| view! { <CaseCard c version/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => failure(e, WHAT),
                }
            })}
        </Transition>
    }
}

#[component]
fn CaseCard(c: ReportCase, version: RwSignal<u32>) -> impl IntoView {
    let moderate = crate::ui::kit::page_action::<Moderate>();
    reload_on_ok(moderate, version);
    let error = action_error(moderate);
    let days = RwSignal::new(0u32);
    let reason = RwSignal::new(String::new());
    let (kind, id) = (c.target_kind, c.target_id);
    let act = move |action: &'static str, suspend_days: u32| {
        moderate.dispatch(Moderate {
            input: ModerationInput {
                target_kind: kind,
                target_id: id,
                action: action.to_owned(),
                reason: reason.get_untracked(),
                suspend_days,
            },
        });
    };
    let reasons = c
        .reasons
        .iter()
        .map(|r| ReportReason::parse(r).map(|r| r.label().to_owned()).unwrap_or_else(|| r.clone()))
        .collect::<Vec<_>>()
        .join(", ");
    let busy = move || moderate.pending().get();
    let no_days = move || days.get() == 0;
    view! {
        <li class="report-case card" data-target-kind=kind.as_str() data-target-id=id data-status=c.content_status.as_str()>
            <p class="report-case-head">
                <span class="badge report-kind">{kind.label()}</span>
                <a href=format!("/community/posts/{}", c.post_id)>{format!("#{id} 글 보기")}</a>
                <span class="badge report-status">{c.content_status.label()}</span>
                <When t=c.first_reported_at/>
            </p>
            <p class="report-excerpt pre">{c.excerpt.clone()}</p>
            <p class="report-writer">
                "작성자: " <b>{c.writer_nickname.clone()}</b> {format!(" (회원 #{})", c.writer_id)}
                {c.anonymous.then(|| view! { <span class="badge anon-badge">"익명으로 씀"</span> })}
            </p>
            <p class="report-count">{format!("신고 {}건", c.reports)} <span class="hint">{format!(" · {reasons}")}</span></p>
            <div class="form report-decide">
                <label>
                    "처리 사유 (선택)"
                    <input type="text" maxlength="200" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                </label>
                <div class="report-buttons">
                    <button type="button" class="small danger" disabled=busy on:click=move |_| act("hide", 0)>"숨기기"</button>
                    <button type="button" class="small secondary" disabled=busy on:click=move |_| act("dismiss", 0)>"기각"</button>
                </div>
                <div class="report-buttons">
                    <label class="inline-label">
                        "정지 기간"
                        <select on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(0))>
                            <option value="0" selected>"정지 안 함"</option>
                            <option value="1">"1일"</option>
                            <option value="7">"7일"</option>
                            <option value="30">"30일"</option>
                        </select>
                    </label>
                    <button type="button" class="small danger" disabled=move || busy() || no_days() on:click=move |_| act("hide", days.get_untracked())>
                        "숨기고 정지"
                    </button>
                </div>
                <FieldError error field="reason"/>
                <FormError error/>
            </div>
        </li>
    }
}

// ---- 가입 요청 ----

#[component]
fn Requests() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || version.get(), |_| school_requests());
    let decide = crate::ui::kit::page_action::<DecideSchoolRequest>();
    reload_on_ok(decide, version);
    let error = action_error(decide);
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! {
                        {admin_tabs("requests")}
                        <h2>"가입 요청"</h2>
                        <FormError error/>
                        {list.is_empty().then(|| view! { <p class="hint empty">"가입 요청이 없어요."</p> })}
                        <ul class="school-requests">
                            {list.into_iter().map(|r| view! { <RequestRow r decide/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => failure(e, WHAT),
                }
            })}
        </Transition>
    }
}

#[component]
fn RequestRow(r: SchoolRequest, decide: ServerAction<DecideSchoolRequest>) -> impl IntoView {
    let id = r.id;
    let pending = r.status == RequestStatus::Pending;
    let who = match (&r.nickname, r.user_id) {
        (Some(n), Some(u)) => format!("{n} (회원 #{u})"),
        (Some(n), None) => n.clone(),
        (None, Some(u)) => format!("회원 #{u}"),
        (None, None) => String::new(),
    };
    view! {
        <li class="school-request card" data-request=id data-status=r.status.as_str()>
            <p>
                <b>{r.school_name.clone()}</b>
                {format!(" · {} · {who}", hakbun(r.admission_year))}
                <span class="badge">{r.status.label()}</span>
                <When t=r.created_at/>
            </p>
            {(!r.message.is_empty()).then(|| view! { <p class="pre">{r.message.clone()}</p> })}
            {pending.then(|| view! {
                <div class="report-buttons">
                    <button type="button" class="small" disabled=move || decide.pending().get()
                        on:click=move |_| { decide.dispatch(DecideSchoolRequest { request_id: id, approve: true }); }>"승인"</button>
                    <button type="button" class="small secondary" disabled=move || decide.pending().get()
                        on:click=move |_| { decide.dispatch(DecideSchoolRequest { request_id: id, approve: false }); }>"거절"</button>
                </div>
            })}
        </li>
    }
}

// ---- 학교 관리 ----

#[component]
fn Log() -> impl IntoView {
    let page = RwSignal::new(1u32);
    let data = Resource::new(move || page.get(), moderation_log);
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) => {
                        // The log does not say how many pages it has: 다음 is open while a page has rows.
                        let p = page.get_untracked();
                        let total = if rows.is_empty() { p } else { p + 1 };
                        view! {
                            {admin_tabs("log")}
                            <h2>"처리 기록"</h2>
                            {rows.is_empty().then(|| view! { <p class="hint empty">"기록이 없어요."</p> })}
                            <ul class="audit-log moderation-log">
                                {rows.into_iter().map(|e| view! { <LogRow e/> }).collect_view()}
                            </ul>
                            <Pager page=p total_pages=total on_page=Callback::new(move |n| page.set(n))/>
                        }.into_any()
                    }
                    Err(e) => failure(e, WHAT),
                }
            })}
        </Transition>
    }
}

fn action_label(action: &str) -> &str {
    match action {
        "report.hide" => "숨김",
        "report.dismiss" => "기각",
        "member.suspend" => "글쓰기 정지",
        "school_request.approve" => "가입 승인",
        "school_request.reject" => "가입 거절",
        "school.create" => "학교 추가",
        "school.update" => "학교 수정",
        "board.create" => "게시판 추가",
        "board.update" => "게시판 수정",
        "board.retire" => "게시판 보관",
        other => other,
    }
}

fn target_label(kind: &str) -> &str {
    match kind {
        "SCHOOL_REQUEST" => "가입 요청",
        "SCHOOL" => "학교",
        "BOARD" => "게시판",
        other => ReportTarget::parse(other).map_or(other, |t| t.label()),
    }
}

#[component]
fn LogRow(e: ModerationEntry) -> impl IntoView {
    view! {
        <li data-action=e.action.clone()>
            <When t=e.created_at/>
            " "
            <b>{e.actor_nickname.clone()}</b>
            " "
            <code>{action_label(&e.action).to_owned()}</code>
            {format!(" {} #{}", target_label(&e.target_kind), e.target_id)}
            {e.subject_id.map(|s| format!(" · 대상 회원 #{s}"))}
            " "
            <span class="hint">{e.detail.clone()}</span>
        </li>
    }
}
