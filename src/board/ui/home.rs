//! The community home (my school, notices, boards with their newest posts, HOT) and
//! joining a school (a code mailed to its domain, or a request staff approve).

use super::super::{
    api::{get_community_home, get_my_community, list_schools, ConfirmSchoolCode, MarkNoticesRead, RequestSchool, SendSchoolCode},
    model::{BoardPreview, CommunityHome, Membership, MyCommunity, Notice, RequestStatus, School, SchoolRequest},
};
use super::widgets::{hakbun, CategoryBadge, PostList};
use crate::error::ErrorCode;
use crate::ui::kit::{action_error, reload_on_ok, time::date_time, ErrorPage, FieldError, FormError, LoginPrompt, When};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CommunityHomePage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || version.get(), |_| get_community_home());
    view! {
        <Title text="커뮤니티 - minihompy"/>
        <div class="community">
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(h) => view! { <HomeView h version/> }.into_any(),
                        Err(e) if e.status == 401 => view! { <LoginPrompt what="커뮤니티를 보려면"/> }.into_any(),
                        Err(e) if e.code == ErrorCode::NotSchoolMember => view! { <NotMemberYet/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn HomeView(h: CommunityHome, version: RwSignal<u32>) -> impl IntoView {
    let CommunityHome { me, school, boards, hot, notices } = h;
    let staff = me.staff;
    match me.membership.clone() {
        None => view! {
            <JoinCard me=me.clone()/>
            {staff.then(staff_link)}
        }
        .into_any(),
        Some(m) => {
            let campus = school.map(|s| s.campus).filter(|c| !c.is_empty()).unwrap_or_else(|| m.campus.clone());
            view! {
                <header class="card community-head">
                    <div class="community-school">
                        <h1>{m.school_name.clone()}</h1>
                        {(!campus.is_empty()).then(|| view! { <span class="hint">{campus}</span> })}
                        <span class="badge hakbun">{hakbun(m.admission_year)}</span>
                    </div>
                    {m.suspended_until.map(|t| view! {
                        <p class="warn" role="status">{format!("{}까지 글과 댓글을 쓸 수 없어요 (읽기는 할 수 있어요).", date_time(t))}</p>
                    })}
                    <nav class="community-links" aria-label="커뮤니티 메뉴">
                        <a href="/community/hot">"🔥 HOT"</a>
                        <a href="/community/best">"👑 BEST"</a>
                        <a href="/community/my/posts">"내가 쓴 글"</a>
                        <a href="/community/my/comments">"내 댓글"</a>
                        <a href="/community/my/scraps">"스크랩"</a>
                        <a href="/community/notes">
                            "쪽지"
                            {(me.unread_notes > 0).then(|| view! {
                                <span class="badge count" data-testid="unread-notes">{me.unread_notes}</span>
                                <span class="sr-only">"개 안 읽음"</span>
                            })}
                        </a>
                        {staff.then(staff_link)}
                    </nav>
                    <SearchBox/>
                </header>
                <Notices notices unread=me.unread_notices version/>
                <section class="board-cards" aria-label="게시판">
                    {if boards.is_empty() {
                        view! { <p class="empty">"아직 게시판이 없어요."</p> }.into_any()
                    } else {
                        boards.into_iter().map(|b| view! { <BoardCard b/> }).collect_view().into_any()
                    }}
                </section>
                <section class="card hot-preview">
                    <h2><a href="/community/hot">"🔥 HOT 게시물"</a></h2>
                    <PostList posts=hot empty="아직 HOT 게시물이 없어요."/>
                </section>
            }
            .into_any()
        }
    }
}

/// The home answered "not a member": where the member stands, from their own record.
#[component]
fn NotMemberYet() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_my_community());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! { <JoinCard me=me.clone()/> {me.staff.then(staff_link)} }.into_any(),
                    Ok(None) => view! { <LoginPrompt what="커뮤니티를 보려면"/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn staff_link() -> impl IntoView {
    view! { <a class="staff-link" href="/community/admin">"🛡 운영 관리"</a> }
}

/// Search across the school's boards (a plain GET form: works before the code loads).
#[component]
fn SearchBox() -> impl IntoView {
    view! {
        <form class="board-search" action="/community/search" method="get" role="search">
            <input type="search" name="q" maxlength="50" placeholder="전체 게시판에서 검색" aria-label="커뮤니티 검색" required/>
            <button type="submit">"검색"</button>
        </form>
    }
}

/// For members without a school: where they stand and the way to join.
#[component]
fn JoinCard(me: MyCommunity) -> impl IntoView {
    let waiting = me.request.clone().filter(|r| r.status == RequestStatus::Pending);
    let started = waiting.is_some() || me.pending_email.is_some();
    view! {
        <section class="card narrow community-join" data-testid="join-card">
            <h1>"학교 인증하고 커뮤니티 시작하기"</h1>
            <p>"같은 학교 학생들과 게시판에서 이야기해요. 익명으로도 쓸 수 있어요."</p>
            {waiting.map(|r| view! { <RequestState r/> })}
            {me.pending_email.map(|email| view! {
                <p class="notice" role="status">{format!("{email}(으)로 인증 코드를 보냈어요. 코드를 입력하면 가입이 끝나요.")}</p>
            })}
            <a class="button" href="/community/join">{if started { "인증 이어서 하기" } else { "학교 인증하기" }}</a>
        </section>
    }
}

/// A request waiting for staff.
#[component]
fn RequestState(r: SchoolRequest) -> impl IntoView {
    view! {
        <div class="notice request-state" role="status" data-testid="request-pending">
            <strong>"승인 대기 중"</strong>
            <p>{format!("{} · {} 가입 요청을 보냈어요. 운영진이 확인하면 알려 드려요.", r.school_name, hakbun(r.admission_year))}</p>
            <p class="hint">"요청한 날: " <When t=r.created_at/></p>
        </div>
    }
}

#[component]
fn Notices(notices: Vec<Notice>, unread: u32, version: RwSignal<u32>) -> impl IntoView {
    let mark = crate::ui::kit::page_action::<MarkNoticesRead>();
    reload_on_ok(mark, version);
    if notices.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card community-notices" aria-label="알림">
            <div class="section-head">
                <h2>"알림" {(unread > 0).then(|| view! { <span class="badge count">{unread}</span> })}</h2>
                {(unread > 0).then(|| view! {
                    <button type="button" class="link-button" on:click=move |_| { mark.dispatch(MarkNoticesRead {}); }>"모두 읽음"</button>
                })}
            </div>
            <ul class="notice-list">
                {notices.into_iter().map(|n| view! {
                    <li class:unread=!n.read>
                        {(!n.read).then(|| view! { <span class="badge new">"새 알림"</span> })}
                        <span class="notice-text">{n.text}</span>
                        <When t=n.created_at/>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// A board with its newest posts.
#[component]
fn BoardCard(b: BoardPreview) -> impl IntoView {
    let board = b.board;
    let href = format!("/community/boards/{}", board.id);
    view! {
        <article class="card board-card" class:pinned=board.pinned data-board-id=board.id>
            <header class="board-card-head">
                <h2>
                    {board.pinned.then(|| view! { <span class="pin-star" title="즐겨찾기한 게시판">"★"<span class="sr-only">"즐겨찾기"</span></span> })}
                    <a href=href.clone()>{board.name.clone()}</a>
                </h2>
                <CategoryBadge category=board.category/>
            </header>
            {(!board.description.is_empty()).then(|| view! { <p class="hint board-desc">{board.description.clone()}</p> })}
            {if b.posts.is_empty() {
                view! { <p class="empty">"아직 글이 없어요."</p> }.into_any()
            } else {
                view! {
                    <ul class="board-preview">
                        {b.posts.into_iter().map(|p| view! {
                            <li>
                                <a href=format!("/community/posts/{}", p.id)>{p.title}</a>
                                <span class="counts">
                                    <span class="count like"><span aria-hidden="true">"♥"</span><span class="sr-only">"공감"</span>" " {p.like_count}</span>
                                    <span class="count comment"><span aria-hidden="true">"💬"</span><span class="sr-only">"댓글"</span>" " {p.comment_count}</span>
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <a class="more" href=href>{format!("{} 가기 ›", board.name)}</a>
        </article>
    }
}

// ---------------------------------------------------------------- joining a school

/// This year in KST (the browser has no system clock for chrono).
fn this_year() -> i32 {
    use chrono::Datelike;
    #[cfg(feature = "ssr")]
    let now = crate::kst::from_utc(chrono::Utc::now().naive_utc());
    #[cfg(not(feature = "ssr"))]
    let now = crate::kst::from_millis(js_sys::Date::now() as i64);
    now.year()
}

#[component]
pub fn JoinPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let me = Resource::new(move || version.get(), |_| get_my_community());
    let schools = Resource::new(|| (), |_| list_schools());
    view! {
        <Title text="학교 인증 - 커뮤니티"/>
        <div class="community">
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match (me.await, schools.await) {
                        (Ok(None), _) => view! { <LoginPrompt what="학교 인증을 하려면"/> }.into_any(),
                        (Ok(Some(me)), Ok(schools)) => match me.membership.clone() {
                            Some(m) => view! { <AlreadyMember m/> }.into_any(),
                            None => view! { <JoinForm me schools version/> }.into_any(),
                        },
                        (Err(e), _) if e.status == 401 => view! { <LoginPrompt what="학교 인증을 하려면"/> }.into_any(),
                        (Err(error), _) | (_, Err(error)) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn AlreadyMember(m: Membership) -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>"학교 인증 완료"</h1>
            <p>{format!("{} {} 회원이에요.", m.school_name, hakbun(m.admission_year))}</p>
            <a class="button" href="/community">"커뮤니티로 가기"</a>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Email,
    Code,
}

#[component]
fn JoinForm(me: MyCommunity, schools: Vec<School>, version: RwSignal<u32>) -> impl IntoView {
    let schools = StoredValue::new(schools);
    let school_id = RwSignal::new(None::<u64>);
    let year = this_year();
    let admission_year = RwSignal::new(None::<u16>);
    let email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let step = RwSignal::new(if me.pending_email.is_some() { Step::Code } else { Step::Email });
    let sent_to = RwSignal::new(me.pending_email.clone());

    let send = crate::ui::kit::page_action::<SendSchoolCode>();
    let confirm = crate::ui::kit::page_action::<ConfirmSchoolCode>();
    let request = crate::ui::kit::page_action::<RequestSchool>();
    let send_error = action_error(send);
    let confirm_error = action_error(confirm);
    let request_error = action_error(request);
    reload_on_ok(request, version);
    Effect::new(move |_| {
        if let Some(Ok(())) = send.value().get() {
            sent_to.set(Some(email.get_untracked().trim().to_owned()));
            step.set(Step::Code);
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = confirm.value().get() {
            navigate("/community", Default::default());
        }
    });

    let chosen = move || school_id.get().and_then(|id| schools.with_value(|l| l.iter().find(|s| s.id == id).cloned()));
    let year_error = move || admission_year.get().is_none().then_some("입학년도를 골라 주세요.");
    let tried = RwSignal::new(false);

    let on_send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let Some(y) = admission_year.get_untracked() else { return };
        send.dispatch(SendSchoolCode { email: email.get_untracked().trim().to_owned(), admission_year: y });
    };
    let on_confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        confirm.dispatch(ConfirmSchoolCode { code: code.get_untracked().trim().to_owned() });
    };
    let on_request = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let (Some(s), Some(y)) = (school_id.get_untracked(), admission_year.get_untracked()) else { return };
        request.dispatch(RequestSchool { school_id: s, admission_year: y, message: message.get_untracked().trim().to_owned() });
    };
    let waiting = me.request.clone().filter(|r| r.status == RequestStatus::Pending);
    let rejected = me.request.clone().filter(|r| r.status == RequestStatus::Rejected);

    view! {
        <section class="card narrow community-join">
            <h1>"학교 인증하고 커뮤니티 시작하기"</h1>
            <p class="hint">"학교 이메일로 인증 코드를 받거나, 학교 이메일이 없는 학교는 운영진에게 가입을 요청해요."</p>
            {waiting.map(|r| view! { <RequestState r/> })}
            {rejected.map(|r| view! {
                <p class="form-error">{format!("{} 가입 요청이 거절되었어요. 다시 요청할 수 있어요.", r.school_name)}</p>
            })}
            <Show
                when=move || step.get() == Step::Email
                fallback=move || view! {
                    <form class="form" on:submit=on_confirm data-testid="code-form">
                        <p class="notice" role="status">
                            {move || sent_to.get().map(|e| format!("{e}(으)로 보낸 6자리 코드를 입력해 주세요.")).unwrap_or_else(|| "메일로 받은 6자리 코드를 입력해 주세요.".into())}
                        </p>
                        <label>
                            "인증 코드"
                            <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required
                                prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                        </label>
                        <FieldError error=confirm_error field="code" codes=&["INVALID_CODE", "TOO_MANY_ATTEMPTS"]/>
                        <FormError error=confirm_error field_codes=&["INVALID_CODE", "TOO_MANY_ATTEMPTS"]/>
                        <button type="submit" disabled=move || confirm.pending().get()>"인증하기"</button>
                        <button type="button" class="link-button" on:click=move |_| step.set(Step::Email)>"코드 다시 받기 / 다른 주소로 받기"</button>
                    </form>
                }
            >
                <form class="form" data-testid="school-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    // Which of the two submits depends on the school chosen.
                    if chosen().map(|s| s.domains.is_empty()).unwrap_or(false) { on_request(ev) } else { on_send(ev) }
                }>
                    <label>
                        "학교"
                        <select name="school" required on:change=move |ev| school_id.set(event_target_value(&ev).parse().ok())>
                            <option value="" selected=move || school_id.get().is_none()>"학교를 고르세요"</option>
                            {schools.get_value().into_iter().map(|s| {
                                let label = if s.campus.is_empty() { s.name.clone() } else { format!("{} ({})", s.name, s.campus) };
                                view! { <option value=s.id.to_string() selected=move || school_id.get() == Some(s.id)>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        "입학년도 (학번)"
                        <select name="admission_year" required on:change=move |ev| admission_year.set(event_target_value(&ev).parse().ok())>
                            <option value="" selected=move || admission_year.get().is_none()>"입학년도를 고르세요"</option>
                            {(1990..=year).rev().map(|y| {
                                let y = y as u16;
                                view! { <option value=y.to_string() selected=move || admission_year.get() == Some(y)>{format!("{y}년 ({})", hakbun(y))}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    {move || (tried.get() && year_error().is_some()).then(|| view! { <p class="field-error" role="alert">{year_error()}</p> })}
                    <FieldError error=send_error field="admissionYear"/>
                    <FieldError error=request_error field="admissionYear"/>
                    {move || match chosen() {
                        None => view! { <p class="hint">"학교를 고르면 인증 방법이 나와요."</p> }.into_any(),
                        Some(s) if s.domains.is_empty() => view! {
                            <p class="hint">"이 학교는 학교 이메일 인증이 없어요. 운영진이 확인한 뒤 가입을 승인해요."</p>
                            <label>
                                "가입 요청 메시지"
                                <textarea name="message" rows="3" maxlength="300" placeholder="학과, 학번 등 운영진이 확인할 내용"
                                    prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                            </label>
                            <FieldError error=request_error field="message"/>
                            <FormError error=request_error/>
                            <button type="submit" disabled=move || request.pending().get()>"가입 요청 보내기"</button>
                        }.into_any(),
                        Some(s) => {
                            let domains = s.domains.join(", ");
                            let example = s.domains.first().map(|d| format!("아이디@{d}")).unwrap_or_default();
                            view! {
                                <label>
                                    "학교 이메일"
                                    <input type="email" name="email" autocomplete="email" required placeholder=example
                                        prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                                </label>
                                <p class="hint">{format!("{domains} 주소만 인증할 수 있어요.")}</p>
                                <FieldError error=send_error field="email" codes=&["SCHOOL_EMAIL_USED", "RESEND_COOLDOWN"]/>
                                <FormError error=send_error field_codes=&["SCHOOL_EMAIL_USED", "RESEND_COOLDOWN"]/>
                                <button type="submit" disabled=move || send.pending().get()>"인증 코드 받기"</button>
                            }.into_any()
                        }
                    }}
                </form>
            </Show>
        </section>
    }
}
