//! Blocking: the 차단 button on another member's homepage and the "차단한 회원" list on 내 정보.
//! One list for the whole site (docs/design/blocking.md).

use crate::account::api::{my_blocks, set_member_block, SetMemberBlock};
use crate::ui::kit::{action_error, time::date_time, FormError};
use leptos::prelude::*;

/// 차단하기 / 차단 해제 for `other` (the homepage's left column). `blocked` comes with the
/// homepage's frame: a resource of its own here would run twice inside the frame's Suspend.
/// A plain call rather than a `ServerAction`, as the chat button does: the homepage's chunk
/// stays small.
#[component]
pub fn BlockButton(other: u64, blocked: bool) -> impl IntoView {
    let on = RwSignal::new(blocked);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let toggle = move |_| {
        let target = !on.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match set_member_block(other, target).await {
                Ok(()) => {
                    on.set(target);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="block-control">
            {move || on.get().then(|| view! { <p class="hint blocked-note" role="status">"차단한 회원입니다. 서로 글, 댓글, 신청, 메시지를 보낼 수 없어요."</p> })}
            <button type="button" class="secondary block-button" aria-pressed=move || on.get().to_string() disabled=busy on:click=toggle>
                {move || if on.get() { "차단 해제" } else { "차단하기" }}
            </button>
            {move || error.get().map(|m| view! { <span class="form-error" role="alert">{m}</span> })}
        </div>
    }
}

fn shown_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map(|t| date_time(t.naive_utc())).unwrap_or_default()
}

#[component]
pub fn BlocksSection() -> impl IntoView {
    let toggle = ServerAction::<SetMemberBlock>::new();
    let error = action_error(toggle);
    let list = Resource::new(move || toggle.version().get(), |_| my_blocks());
    view! {
        <section class="card" id="blocks">
            <h2>"차단한 회원"</h2>
            <p class="hint">"차단한 회원과는 채팅, 영상통화, 방명록, 댓글, 일촌평, 일촌 신청, 쪽지를 서로 주고받을 수 없습니다."</p>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    let items = list.await.unwrap_or_default();
                    if items.is_empty() {
                        return view! { <p class="hint empty">"차단한 회원이 없습니다."</p> }.into_any();
                    }
                    view! {
                        <ul class="blocked-list">
                            {items.into_iter().map(|b| {
                                let id = b.user_id;
                                view! {
                                    <li class="blocked-member">
                                        <a href=format!("/hompy/{id}")>{b.nickname.clone()}</a>
                                        <span class="hint">{format!("{} 차단", shown_time(&b.blocked_at))}</span>
                                        <button type="button" class="secondary" on:click=move |_| {
                                            toggle.dispatch(SetMemberBlock { user_id: id, on: false });
                                        }>"차단 해제"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
            <FormError error/>
        </section>
    }
}
