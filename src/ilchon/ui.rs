//! Pages and widgets of 일촌: the button in a homepage's frame, the 일촌평 box of the home
//! tab, the 일촌 page (requests both ways, my 일촌) and the top bar's pending count.

use super::{
    api::{
        get_ilchon_overview, AcceptIlchon, CancelIlchon, CounterIlchon, DeclineIlchon, DeletePyeong, EndIlchon, RequestIlchon, WritePyeong,
    },
    model::{IlchonRequest, IlchonState, Pyeong, Relation, PYEONG_MAX},
};
use crate::ui::kit::{action_error, reload_on_ok, ErrorPage, FieldError, FormError, LoginPrompt, When};
use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

/// In the frame: ask, cancel, answer or end, depending on where the two members stand.
#[component]
pub fn IlchonButton(owner: u64, relation: Relation, state: IlchonState, reload: RwSignal<u32>) -> impl IntoView {
    let request = crate::ui::kit::page_action::<RequestIlchon>();
    let cancel = crate::ui::kit::page_action::<CancelIlchon>();
    let accept = crate::ui::kit::page_action::<AcceptIlchon>();
    let end = crate::ui::kit::page_action::<EndIlchon>();
    reload_on_ok(request, reload);
    reload_on_ok(cancel, reload);
    reload_on_ok(accept, reload);
    reload_on_ok(end, reload);
    let error = action_error(request);
    let open = RwSignal::new(false);
    let body = match (relation, state) {
        (Relation::Owner, _) => view! { <a class="button small" href="/ilchon">"일촌 관리"</a> }.into_any(),
        (Relation::Guest, _) => view! { <LoginPrompt what="일촌 신청을 하려면"/> }.into_any(),
        (_, IlchonState::Ilchon { my_name, their_name }) => view! {
            <p class="ilchon-names">
                "내가 부르는 일촌명 " <b>{my_name}</b><br/>
                "나를 부르는 일촌명 " <b>{their_name}</b>
            </p>
            <button type="button" class="link-button danger" on:click=move |_| {
                if window().confirm_with_message("일촌을 끊을까요? 일촌공개 글을 더 볼 수 없어요.").unwrap_or(false) {
                    end.dispatch(EndIlchon { other: owner });
                }
            }>"일촌 끊기"</button>
        }.into_any(),
        (_, IlchonState::Sent { request_id }) => view! {
            <p class="hint">"일촌 신청을 보냈어요."</p>
            <button type="button" class="secondary small" on:click=move |_| { cancel.dispatch(CancelIlchon { id: request_id }); }>"신청 취소"</button>
        }.into_any(),
        (_, IlchonState::Received { request_id }) => view! {
            <p class="hint">"이 회원이 일촌 신청을 보냈어요."</p>
            <button type="button" class="small" on:click=move |_| { accept.dispatch(AcceptIlchon { id: request_id }); }>"일촌 수락"</button>
            <a class="link-button" href="/ilchon">"자세히"</a>
        }.into_any(),
        (_, IlchonState::None) => view! {
            <button type="button" class="small" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"일촌 신청"</button>
            <Show when=move || open.get()>
                <ActionForm action=request attr:class="form ilchon-form">
                    <input type="hidden" name="to" value=owner/>
                    <label>"내가 부를 일촌명" <input type="text" name="from_name" maxlength="20" value="친구" required/></label>
                    <FieldError error field="fromName"/>
                    <label>"나를 부를 일촌명" <input type="text" name="to_name" maxlength="20" value="친구" required/></label>
                    <FieldError error field="toName"/>
                    <label>"인사말" <input type="text" name="message" maxlength="200" placeholder="일촌 맺어요!"/></label>
                    <FormError error/>
                    <button type="submit">"신청 보내기"</button>
                </ActionForm>
            </Show>
        }.into_any(),
    };
    view! { <div class="ilchon-box">{body}</div> }
}

/// 일촌평: the notes of 일촌 on a home; only 일촌 get the 50-character input.
#[component]
pub fn PyeongBox(owner: u64, relation: Relation, items: Vec<Pyeong>, version: RwSignal<u32>) -> impl IntoView {
    let write = crate::ui::kit::page_action::<WritePyeong>();
    let delete = crate::ui::kit::page_action::<DeletePyeong>();
    reload_on_ok(write, version);
    reload_on_ok(delete, version);
    let error = action_error(write);
    let empty = items.is_empty();
    view! {
        <section class="pyeong">
            <h2>"일촌평"</h2>
            {match relation {
                Relation::Ilchon => view! {
                    <ActionForm action=write attr:class="inline-form pyeong-form">
                        <input type="hidden" name="owner" value=owner/>
                        <input type="text" name="body" maxlength=PYEONG_MAX.to_string() placeholder="일촌평 남기기 (50자)" aria-label="일촌평" required/>
                        <button type="submit">"확인"</button>
                    </ActionForm>
                    <FieldError error field="body"/>
                    <FormError error/>
                }.into_any(),
                Relation::Guest => view! { <LoginPrompt what="일촌평을 남기려면"/> }.into_any(),
                Relation::Member => view! { <p class="hint">"일촌만 일촌평을 남길 수 있어요."</p> }.into_any(),
                Relation::Owner => ().into_any(),
            }}
            {empty.then(|| view! { <p class="hint">"아직 일촌평이 없어요."</p> })}
            <ul class="pyeong-list">
                {items.into_iter().map(|p| {
                    let id = p.id;
                    view! {
                        <li class="pyeong-item" data-id=id>
                            <span class="pyeong-body">{p.body.clone()}</span>
                            " ― "
                            <a href=format!("/hompy/{}", p.writer_id)>
                                {match p.writer_ilchon_name.clone() {
                                    Some(name) => format!("{} ({name})", p.writer_nickname),
                                    None => p.writer_nickname.clone(),
                                }}
                            </a>
                            <When t=p.created_at/>
                            {p.can_delete.then(|| view! {
                                <button type="button" class="link-button danger" on:click=move |_| { delete.dispatch(DeletePyeong { id }); }>"삭제"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The top bar's link to the 일촌 page, with the count of requests waiting for me.
#[component]
pub fn PendingBadge(count: i64) -> impl IntoView {
    view! {
        <a href="/ilchon" class="ilchon-link">
            "일촌"
            {(count > 0).then(|| view! { <span class="badge count" aria-label=format!("새 일촌 신청 {count}건")>{count}</span> })}
        </a>
    }
}

#[component]
pub fn IlchonPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || version.get(), |_| get_ilchon_overview());
    view! {
        <Title text="일촌"/>
        <section class="card ilchon-page">
            <h1>"일촌"</h1>
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(o) => view! {
                            <h2>"받은 일촌 신청"</h2>
                            {o.received.is_empty().then(|| view! { <p class="hint">"받은 신청이 없어요."</p> })}
                            <ul class="requests received">
                                {o.received.into_iter().map(|r| view! { <Received r version/> }).collect_view()}
                            </ul>
                            <h2>"보낸 일촌 신청"</h2>
                            {o.sent.is_empty().then(|| view! { <p class="hint">"보낸 신청이 없어요."</p> })}
                            <ul class="requests sent">
                                {o.sent.into_iter().map(|r| view! { <Sent r version/> }).collect_view()}
                            </ul>
                            <h2>{format!("내 일촌 ({}명)", o.ilchons.len())}</h2>
                            {o.ilchons.is_empty().then(|| view! { <p class="hint">"아직 일촌이 없어요. 파도를 타고 친구를 찾아보세요!"</p> })}
                            <ul class="my-ilchons">
                                {o.ilchons.into_iter().map(|i| {
                                    let end = crate::ui::kit::page_action::<EndIlchon>();
                                    reload_on_ok(end, version);
                                    let other = i.user_id;
                                    view! {
                                        <li>
                                            <a href=format!("/hompy/{other}")>{format!("{} ({})", i.nickname, i.name)}</a>
                                            <button type="button" class="link-button danger" on:click=move |_| {
                                                if window().confirm_with_message("일촌을 끊을까요?").unwrap_or(false) {
                                                    end.dispatch(EndIlchon { other });
                                                }
                                            }>"일촌 끊기"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) if error.status == 401 => view! { <LoginPrompt what="일촌을 보려면"/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Received(r: IlchonRequest, version: RwSignal<u32>) -> impl IntoView {
    let id = r.id;
    let accept = crate::ui::kit::page_action::<AcceptIlchon>();
    let decline = crate::ui::kit::page_action::<DeclineIlchon>();
    let counter = crate::ui::kit::page_action::<CounterIlchon>();
    reload_on_ok(accept, version);
    reload_on_ok(decline, version);
    reload_on_ok(counter, version);
    let error = action_error(counter);
    let open = RwSignal::new(false);
    view! {
        <li class="request" data-id=id>
            <p>
                <a href=format!("/hompy/{}", r.from_id)><b>{r.from_nickname.clone()}</b></a>
                {format!("님이 일촌을 신청했어요. 그쪽이 나를 '{}', 내가 그쪽을 '{}'(이)라고 불러요.", r.from_name, r.to_name)}
            </p>
            {(!r.message.is_empty()).then(|| view! { <p class="message">{format!("“{}”", r.message)}</p> })}
            <When t=r.created_at/>
            <div class="request-actions">
                <button type="button" on:click=move |_| { accept.dispatch(AcceptIlchon { id }); }>"수락"</button>
                <button type="button" class="secondary" on:click=move |_| { decline.dispatch(DeclineIlchon { id }); }>"거절"</button>
                <button type="button" class="link-button" on:click=move |_| open.update(|o| *o = !*o)>"다른 일촌명 제안"</button>
            </div>
            <Show when=move || open.get()>
                <ActionForm action=counter attr:class="form">
                    <input type="hidden" name="id" value=id/>
                    <label>"내가 부를 일촌명" <input type="text" name="my_name" maxlength="20" required/></label>
                    <FieldError error field="fromName"/>
                    <label>"나를 부를 일촌명" <input type="text" name="their_name" maxlength="20" required/></label>
                    <FieldError error field="toName"/>
                    <FormError error/>
                    <button type="submit">"제안 보내기"</button>
                </ActionForm>
            </Show>
        </li>
    }
}

#[component]
fn Sent(r: IlchonRequest, version: RwSignal<u32>) -> impl IntoView {
    let id = r.id;
    let cancel = crate::ui::kit::page_action::<CancelIlchon>();
    reload_on_ok(cancel, version);
    view! {
        <li class="request" data-id=id>
            <p>
                <a href=format!("/hompy/{}", r.to_id)><b>{r.to_nickname.clone()}</b></a>
                {format!("님에게 보냈어요. 내가 '{}', 그쪽이 나를 '{}'(이)라고 불러요.", r.from_name, r.to_name)}
            </p>
            <When t=r.created_at/>
            <button type="button" class="secondary" on:click=move |_| { cancel.dispatch(CancelIlchon { id }); }>"신청 취소"</button>
        </li>
    }
}
