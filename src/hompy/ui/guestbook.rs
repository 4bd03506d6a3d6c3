//! The 방명록 tab: members write with their 미니미 beside the entry; 비밀글 only reach the
//! owner and the writer (the server leaves them out for everyone else). The writer edits,
//! the owner or the writer deletes, the owner replies; likes.

use super::super::{
    api::{DeleteGuestbook, EditGuestbook, ReplyGuestbook, WriteGuestbook},
    model::{minimi_src, GuestbookEntry, GuestbookPage, LikeState, Relation},
};
use super::LikeButton;
use crate::ui::kit::{action_error, reload_on_ok, Avatar, ErrorPage, FieldError, FormError, LoginPrompt, Pager, When};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn GuestbookTab(owner: u64, relation: Relation) -> impl IntoView {
    let super::TabData { data, version } = super::tab_data::<GuestbookPage>();
    view! {
        <Transition fallback=|| view! { <p class="loading">"방명록을 여는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(g) => view! { <GuestbookView owner relation g version/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn GuestbookView(owner: u64, relation: Relation, g: GuestbookPage, version: RwSignal<u32>) -> impl IntoView {
    let write = crate::ui::kit::page_action::<WriteGuestbook>();
    reload_on_ok(write, version);
    let error = action_error(write);
    let empty = g.entries.is_empty();
    view! {
        <div class="guestbook">
            {if relation.signed_in() {
                view! {
                    <ActionForm action=write attr:class="form guestbook-form card">
                        <input type="hidden" name="owner" value=owner/>
                        <label>"방명록 남기기" <textarea name="body" rows="3" maxlength="1000" required></textarea></label>
                        <FieldError error field="body"/>
                        <label class="check"><input type="checkbox" name="secret" value="on"/>" 비밀글 (주인과 나만 봐요)"</label>
                        <FormError error/>
                        <button type="submit" disabled=move || write.pending().get()>"남기기"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <LoginPrompt what="방명록을 남기려면"/> }.into_any()
            }}
            {empty.then(|| view! { <p class="hint">"아직 방명록이 없어요. 첫 글을 남겨 주세요!"</p> })}
            <ol class="guestbook-list">
                {g.entries.into_iter().map(|e| view! { <Entry e relation version/> }).collect_view()}
            </ol>
            <Pager page=g.page total_pages=g.total_pages query=String::new()/>
        </div>
    }
}

#[component]
fn Entry(e: GuestbookEntry, relation: Relation, version: RwSignal<u32>) -> impl IntoView {
    let id = e.id;
    let is_owner = relation == Relation::Owner;
    let editing = RwSignal::new(false);
    let edit = crate::ui::kit::page_action::<EditGuestbook>();
    let delete = crate::ui::kit::page_action::<DeleteGuestbook>();
    let reply = crate::ui::kit::page_action::<ReplyGuestbook>();
    reload_on_ok(edit, version);
    reload_on_ok(delete, version);
    reload_on_ok(reply, version);
    let edit_error = action_error(edit);
    let reply_error = action_error(reply);
    let body = e.body.clone();
    let edit_body = StoredValue::new(e.body.clone());
    let secret = e.secret;
    view! {
        <li class="guestbook-entry" class:secret=e.secret data-id=id>
            <header>
                <a class="writer" href=format!("/hompy/{}", e.writer_id)>{e.writer_nickname.clone()}</a>
                {e.secret.then(|| view! { <span class="badge secret-badge">"🔒 비밀글"</span> })}
                <When t=e.created_at/>
            </header>
            <div class="guestbook-row">
                <Avatar minimi=minimi_src(&e.writer_minimi) name=e.writer_nickname.clone() class="writer-minimi" size=(48, 60)/>
                <Show when=move || editing.get() fallback={
                    let body = body.clone();
                    move || view! { <p class="guestbook-body pre">{body.clone()}</p> }
                }>
                    <ActionForm action=edit attr:class="form">
                        <input type="hidden" name="id" value=id/>
                        <textarea name="body" rows="3" maxlength="1000" aria-label="방명록 고치기" required>{edit_body.get_value()}</textarea>
                        <FieldError error=edit_error field="body"/>
                        <label class="check"><input type="checkbox" name="secret" value="on" checked=secret/>" 비밀글"</label>
                        <FormError error=edit_error/>
                        <button type="submit">"저장"</button>
                    </ActionForm>
                </Show>
            </div>
            {e.reply.clone().map(|r| view! { <p class="reply pre"><b>"↳ 주인 답글 "</b>{r}</p> })}
            <div class="entry-actions">
                <LikeButton kind="GUESTBOOK" id state=LikeState { liked: e.liked, count: e.like_count } enabled=relation.signed_in()/>
                {e.can_edit.then(|| view! {
                    <button type="button" class="link-button" on:click=move |_| editing.update(|v| *v = !*v)>
                        {move || if editing.get() { "수정 취소" } else { "수정" }}
                    </button>
                })}
                {e.can_delete.then(|| view! {
                    <button type="button" class="link-button danger" on:click=move |_| {
                        if window().confirm_with_message("이 방명록을 지울까요?").unwrap_or(false) {
                            delete.dispatch(DeleteGuestbook { id });
                        }
                    }>"삭제"</button>
                })}
            </div>
            {is_owner.then(|| view! {
                <ActionForm action=reply attr:class="inline-form reply-form">
                    <input type="hidden" name="id" value=id/>
                    <input type="text" name="reply" maxlength="1000" value=e.reply.clone().unwrap_or_default() placeholder="답글 달기" aria-label="답글"/>
                    <button type="submit">"답글"</button>
                </ActionForm>
                <FieldError error=reply_error field="reply"/>
            })}
        </li>
    }
}
