//! 함께 쓰기: the owner shares the book with one of their 일촌 as 보기 or 편집, changes a
//! member's role or takes them off; a member sees who else keeps the book and may leave it.
//! Members appear by nickname only.

use super::super::{
    api::{ShareBook, UnshareBook},
    model::{Access, Book, BookMember, BookRole},
};
use super::OtherFieldErrors;
use crate::ilchon::model::IlchonLink;
use crate::ui::kit::{action_error, reload_on_ok, FieldError, FormError};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The share form's choices, kept by the settings page across its reloads.
#[derive(Clone, Copy)]
pub struct ShareDraft {
    user: RwSignal<Option<u64>>,
    role: RwSignal<BookRole>,
}

impl ShareDraft {
    pub fn blank() -> Self {
        ShareDraft { user: RwSignal::new(None), role: RwSignal::new(BookRole::Viewer) }
    }
}

#[component]
pub fn SharingCard(
    book: Book,
    members: Vec<BookMember>,
    ilchons: Vec<IlchonLink>,
    me: u64,
    version: RwSignal<u32>,
    draft: ShareDraft,
) -> impl IntoView {
    let owner = book.access == Access::Owner;
    let book_id = book.id;
    let unshare = crate::ui::kit::page_action::<UnshareBook>();
    let unshare_error = action_error(unshare);
    let leaving = RwSignal::new(false);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = unshare.value().get() {
            if leaving.get_untracked() {
                navigate("/ledger", Default::default());
            } else {
                version.update(|v| *v += 1);
            }
        }
    });
    let candidates: Vec<IlchonLink> = ilchons.into_iter().filter(|i| !members.iter().any(|m| m.user_id == i.user_id)).collect();
    let empty = members.is_empty();
    view! {
        <section class="card lg-sharing" data-testid="sharing">
            <h2>"함께 쓰기"</h2>
            <p class="hint">
                {if owner {
                    "일촌과 가계부를 함께 쓸 수 있어요. 보기는 읽기만, 편집은 내역·분류·예산·반복 내역을 고칠 수 있어요."
                } else {
                    "이 가계부를 함께 쓰는 사람들이에요."
                }}
            </p>
            <ul class="lg-members" data-testid="members">
                <li class="lg-member" data-testid="member-owner">
                    <span class="lg-member-name">{book.owner_nickname.clone()}</span>
                    <span class="badge lg-access" data-access="OWNER">{Access::Owner.label()}</span>
                </li>
                {members.into_iter().map(|m| view! { <MemberRow book_id m owner me unshare leaving version/> }).collect_view()}
            </ul>
            {(owner && empty).then(|| view! { <p class="empty">"아직 아무와도 함께 쓰지 않아요."</p> })}
            <OtherFieldErrors error=unshare_error shown=&[]/>
            <FormError error=unshare_error/>
            {owner.then(|| view! { <ShareForm book_id candidates version draft/> })}
            {(!owner).then(|| view! {
                <div class="entry-actions">
                    <button type="button" class="small danger" data-testid="leave-book" disabled=move || unshare.pending().get() on:click=move |_| {
                        if window().confirm_with_message("이 가계부에서 나갈까요? 다시 보려면 주인이 다시 공유해야 해요.").unwrap_or(false) {
                            leaving.set(true);
                            unshare.dispatch(UnshareBook { book_id, user_id: me });
                        }
                    }>"나가기"</button>
                </div>
            })}
        </section>
    }
}

#[component]
fn MemberRow(
    book_id: u64,
    m: BookMember,
    owner: bool,
    me: u64,
    unshare: ServerAction<UnshareBook>,
    leaving: RwSignal<bool>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let user_id = m.user_id;
    let role = m.role;
    let change = crate::ui::kit::page_action::<ShareBook>();
    reload_on_ok(change, version);
    let error = action_error(change);
    let nickname = m.nickname.clone();
    view! {
        <li class="lg-member" data-testid="member" data-user-id=user_id data-role=role.as_str()>
            <span class="lg-member-name">{m.nickname.clone()}{(user_id == me).then_some(" (나)")}</span>
            {if owner {
                view! {
                    <select aria-label=format!("{} 권한", m.nickname) data-testid="member-role" on:change=move |ev| {
                        if let Some(r) = BookRole::parse(&event_target_value(&ev)) {
                            change.dispatch(ShareBook { book_id, user_id, role: r });
                        }
                    }>
                        {BookRole::ALL.iter().map(|r| view! { <option value=r.as_str() selected={*r == role}>{r.label()}</option> }).collect_view()}
                    </select>
                    <button type="button" class="small secondary" aria-label=format!("{} 빼기", m.nickname) disabled=move || unshare.pending().get()
                        on:click=move |_| {
                            if window().confirm_with_message(&format!("{nickname}님을 이 가계부에서 뺄까요?")).unwrap_or(false) {
                                leaving.set(false);
                                unshare.dispatch(UnshareBook { book_id, user_id });
                            }
                        }>"빼기"</button>
                }.into_any()
            } else {
                view! { <span class="badge lg-access" data-access=role.as_str()>{role.label()}</span> }.into_any()
            }}
            <OtherFieldErrors error shown=&[]/>
            <FormError error/>
        </li>
    }
}

/// Shares with one of the owner's 일촌 not yet in the book.
#[component]
fn ShareForm(book_id: u64, candidates: Vec<IlchonLink>, version: RwSignal<u32>, draft: ShareDraft) -> impl IntoView {
    let ShareDraft { user, role } = draft;
    let share = crate::ui::kit::page_action::<ShareBook>();
    Effect::new(move |_| {
        if let Some(Ok(_)) = share.value().get() {
            role.set(BookRole::Viewer);
            version.update(|v| *v += 1);
        }
    });
    let error = action_error(share);
    // The chosen 일촌 while still not in the book; else the first.
    if !candidates.iter().any(|c| Some(c.user_id) == user.get_untracked()) {
        user.set(candidates.first().map(|c| c.user_id));
    }
    if candidates.is_empty() {
        return view! {
            <p class="hint lg-no-ilchon" data-testid="no-ilchon">
                "함께 쓸 수 있는 일촌이 없어요. 가계부는 일촌과만 함께 쓸 수 있어요. "
                <a href="/ilchon">"일촌 맺으러 가기"</a>
            </p>
        }
        .into_any();
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(user_id) = user.get_untracked() {
            share.dispatch(ShareBook { book_id, user_id, role: role.get_untracked() });
        }
    };
    view! {
        <form class="form lg-share-form" data-testid="share-form" on:submit=submit>
            <h3>"일촌과 함께 쓰기"</h3>
            <div class="lg-form-row">
                <label>
                    "일촌"
                    <select name="userId" on:change=move |ev| user.set(event_target_value(&ev).parse().ok())>
                        {candidates.into_iter().map(|c| {
                            let label = if c.name.is_empty() { c.nickname.clone() } else { format!("{} ({})", c.nickname, c.name) };
                            let id = c.user_id;
                            view! { <option value=id.to_string() prop:selected=move || user.get() == Some(id)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "권한"
                    <select name="role" on:change=move |ev| {
                        if let Some(r) = BookRole::parse(&event_target_value(&ev)) {
                            role.set(r);
                        }
                    }>
                        {BookRole::ALL.iter().map(|r| {
                            let r = *r;
                            view! { <option value=r.as_str() prop:selected=move || role.get() == r>{r.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <FieldError error field="userId" codes=&["NOT_ILCHON"]/>
            <FieldError error field="role"/>
            <OtherFieldErrors error shown=&["userId", "role"]/>
            <FormError error field_codes=&["NOT_ILCHON"]/>
            <div class="entry-actions">
                <button type="submit" class="small" disabled=move || share.pending().get()>"공유하기"</button>
            </div>
        </form>
    }
    .into_any()
}
