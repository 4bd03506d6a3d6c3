//! 쪽지: my threads (newest first) and one thread as a conversation. Both refetch when a
//! `board.note` event arrives on the tab's socket, or when the socket reconnects.

use super::super::{
    api::{note_threads, open_note_thread, BlockNoteThread, DeleteNoteThread, ReplyNote},
    model::{Note, NoteEvent, NoteThread, ReportTarget},
};
use super::{actions::ReportButton, lists::failure, lists::CommunityMenu};
use crate::chat::{model::ServerEvent, socket};
use crate::ui::kit::{action_error, FieldError, FormError, When};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// The thread of a `{"type":"board.note",…}` frame, if it is one.
fn note_event(text: &str) -> Option<u64> {
    if !text.contains("\"board.note\"") {
        return None;
    }
    serde_json::from_str::<NoteEvent>(text).ok().filter(|e| e.kind == "board.note").map(|e| e.thread_id)
}

/// Calls `f` with the thread of each new 쪽지 (None after the socket reconnects: anything
/// may have arrived), while the calling component lives.
fn on_new_note(f: impl Fn(Option<u64>) + Clone + 'static) {
    let g = f.clone();
    socket::listen_other(move |text| {
        if let Some(thread) = note_event(text) {
            g(Some(thread));
        }
    });
    socket::listen(move |ev| {
        if matches!(ev, ServerEvent::Hello { .. }) {
            f(None);
        }
    });
}

#[component]
pub fn NotesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| note_threads());
    on_new_note(move |_| data.refetch());
    view! {
        <Title text="쪽지함 - 커뮤니티"/>
        <section class="community community-list notes">
            <header class="community-list-head">
                <h1>"쪽지함"</h1>
                <CommunityMenu/>
            </header>
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(threads) if threads.is_empty() => view! {
                            <p class="hint empty">"주고받은 쪽지가 없어요. 글이나 댓글의 “쪽지” 버튼으로 보낼 수 있어요."</p>
                        }.into_any(),
                        Ok(mut threads) => {
                            threads.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
                            let unread: u32 = threads.iter().map(|t| t.unread).sum();
                            view! {
                                {(unread > 0).then(|| view! {
                                    <p class="notes-unread" data-testid="notes-unread">{format!("안 읽은 쪽지 {unread}개")}</p>
                                })}
                                <ul class="note-threads">
                                    {threads.into_iter().map(|t| view! { <ThreadRow t/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(e) => failure(e, "쪽지를 보려면"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ThreadRow(t: NoteThread) -> impl IntoView {
    let unread = t.unread;
    let has_unread = unread > 0;
    view! {
        <li class="note-thread" class:unread=has_unread class:blocked=t.blocked data-thread=t.id>
            <a class="note-thread-link" href=format!("/community/notes/{}", t.id)>
                <span class="note-thread-top">
                    <strong class="note-other">{t.other.clone()}</strong>
                    {has_unread.then(|| view! {
                        <span class="badge count note-unread" aria-label=format!("안 읽은 쪽지 {unread}개")>{unread}</span>
                    })}
                    {t.blocked.then(|| view! { <span class="badge note-blocked-badge">"차단됨"</span> })}
                    <When t=t.updated_at/>
                </span>
                <span class="note-last">{t.last_text.clone()}</span>
            </a>
            <a class="note-origin" href=format!("/community/posts/{}", t.post_id)>
                {format!("글: {}", t.post_title)}
            </a>
        </li>
    }
}

#[component]
pub fn NoteThreadPage(thread_id: u64) -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || version.get(), move |_| open_note_thread(thread_id));
    on_new_note(move |t| {
        if t.is_none_or(|t| t == thread_id) {
            data.refetch();
        }
    });
    let reply = crate::ui::kit::page_action::<ReplyNote>();
    let block = crate::ui::kit::page_action::<BlockNoteThread>();
    let delete = crate::ui::kit::page_action::<DeleteNoteThread>();
    let body = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = reply.value().get() {
            body.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = block.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate("/community/notes", Default::default());
        }
    });
    let reply_error = action_error(reply);
    let block_error = action_error(block);
    let delete_error = action_error(delete);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reply.dispatch(ReplyNote { thread_id, body: body.get_untracked() });
    };
    view! {
        <Title text="쪽지 - 커뮤니티"/>
        <section class="community community-list note-page">
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    let v = match data.await {
                        Ok(v) => v,
                        Err(e) => return failure(e, "쪽지를 보려면"),
                    };
                    let t = v.thread;
                    let mut notes = v.notes;
                    notes.sort_by_key(|n| n.id);
                    view! {
                        <header class="note-head">
                            <a class="note-back" href="/community/notes">"← 쪽지함"</a>
                            <h1 class="note-other">{t.other.clone()}</h1>
                            <a class="note-origin" href=format!("/community/posts/{}", t.post_id)>
                                {format!("글: {}", t.post_title)}
                            </a>
                            {t.anonymous.then(|| view! {
                                <p class="hint">"익명 쪽지예요. 서로의 닉네임은 보이지 않아요."</p>
                            })}
                            <div class="note-tools">
                                {(!t.blocked).then(|| view! {
                                    <button type="button" class="small secondary note-block" disabled=move || block.pending().get()
                                        on:click=move |_| {
                                            if window().confirm_with_message("이 쪽지를 차단할까요? 더 이상 서로 쪽지를 보낼 수 없어요.").unwrap_or(false) {
                                                block.dispatch(BlockNoteThread { thread_id });
                                            }
                                        }>"차단"</button>
                                })}
                                <button type="button" class="small danger note-delete" disabled=move || delete.pending().get()
                                    on:click=move |_| {
                                        if window().confirm_with_message("이 쪽지를 내 쪽지함에서 삭제할까요? 상대방의 쪽지함에는 남아 있어요.").unwrap_or(false) {
                                            delete.dispatch(DeleteNoteThread { thread_id });
                                        }
                                    }>"삭제"</button>
                            </div>
                            <FormError error=block_error/>
                            <FormError error=delete_error/>
                        </header>
                        <ol class="note-list" aria-label="쪽지 내용">
                            {notes.into_iter().map(|n| view! { <NoteBubble n other=t.other.clone()/> }).collect_view()}
                        </ol>
                        {if t.blocked {
                            view! { <p class="note-blocked" role="status">"차단된 쪽지입니다"</p> }.into_any()
                        } else {
                            view! {
                                <form class="form note-reply" on:submit=submit>
                                    <label>
                                        "답장"
                                        <textarea name="body" rows="3" maxlength="1000" required
                                            prop:value=move || body.get()
                                            on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                                    </label>
                                    <FieldError error=reply_error field="body"/>
                                    <FormError error=reply_error/>
                                    <button type="submit" disabled=move || reply.pending().get()>"보내기"</button>
                                </form>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// One note: mine on the right, theirs on the left (with 신고).
#[component]
fn NoteBubble(n: Note, other: String) -> impl IntoView {
    let who = if n.mine { "나".to_owned() } else { other };
    view! {
        <li class="note-msg" class:mine=n.mine data-note=n.id>
            <span class="note-who">{who}</span>
            <p class="note-bubble">{n.body.clone()}</p>
            <span class="note-meta">
                <When t=n.created_at/>
                {(!n.mine).then(|| view! { <ReportButton target_kind=ReportTarget::Note target_id=n.id/> })}
            </span>
        </li>
    }
}
