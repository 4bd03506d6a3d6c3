//! The 프로필 tab: the owner's face and its history; the owner edits title, intro, 미니미
//! and the main photo (uploaded with progress and a preview).

use super::super::{
    api::{main_photo_upload_url, UpdateHome},
    model::{main_photo_src, minimi_label, minimi_src, HompySummary, Relation},
};
use crate::ui::kit::{action_error, upload_url, ErrorPage, FieldError, FormError, ImageUploadCard, When};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn ProfileTabView(h: HompySummary, relation: Relation, reload: RwSignal<u32>) -> impl IntoView {
    let owner = h.user_id;
    let data = super::tab_data::<super::super::model::ProfileTab>().data;
    let is_owner = relation == Relation::Owner;
    view! {
        <dl class="profile-list">
            <dt>"닉네임"</dt>
            <dd>{h.nickname.clone()}</dd>
            <dt>"소개"</dt>
            <dd class="pre">{h.intro.clone()}</dd>
            <dt>"가입일"</dt>
            <dd>{h.joined_at.format("%Y년 %m월 %d일").to_string()}</dd>
        </dl>
        <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || {
                let h = h.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! {
                            {is_owner.then(|| view! {
                                <EditHome h=h.clone() owned=p.owned_minimi.clone() reload/>
                                <MainPhoto owner current=h.main_photo.clone() reload/>
                            })}
                            <section class="history">
                                <h2>"프로필 히스토리"</h2>
                                {if p.history.is_empty() {
                                    view! { <p class="hint">"아직 바뀐 적이 없어요."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul>
                                            {p.history.into_iter().map(|i| view! {
                                                <li>
                                                    <When t=i.changed_at/>
                                                    <b>{if i.field == "TITLE" { "제목" } else { "소개글" }}</b>
                                                    <span class="old">{i.old_value}</span>
                                                    " → "
                                                    <span class="new">{i.new_value}</span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn EditHome(h: HompySummary, owned: Vec<String>, reload: RwSignal<u32>) -> impl IntoView {
    let save = ServerAction::<UpdateHome>::new();
    let error = action_error(save);
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            reload.update(|v| *v += 1);
        }
    });
    let current = h.minimi.clone();
    view! {
        <section class="card edit-home">
            <h2>"미니홈피 꾸미기"</h2>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="owner" value=h.user_id/>
                <label>"제목" <input type="text" name="title" value=h.title.clone() maxlength="60" required/></label>
                <FieldError error field="title"/>
                <label>"소개글" <textarea name="intro" maxlength="500" rows="3">{h.intro.clone()}</textarea></label>
                <FieldError error field="intro"/>
                <fieldset class="minimi-picker">
                    <legend>"미니미"</legend>
                    {owned.into_iter().map(|m| {
                        let checked = m == current;
                        view! {
                            <label class="minimi-choice">
                                <input type="radio" name="minimi" value=m.clone() checked=checked/>
                                <img src=minimi_src(&m) alt="" width="48" height="60"/>
                                <span>{minimi_label(&m)}</span>
                            </label>
                        }
                    }).collect_view()}
                    <p class="hint">"더 많은 미니미는 상점에서 만날 수 있어요."</p>
                </fieldset>
                <FormError error/>
                <button type="submit" disabled=move || save.pending().get()>"저장"</button>
            </ActionForm>
        </section>
    }
}

/// 대표 사진: preview at once, upload with a progress bar, then the server's picture (the
/// frame reloads).
#[component]
fn MainPhoto(owner: u64, current: Option<String>, reload: RwSignal<u32>) -> impl IntoView {
    view! {
        <ImageUploadCard
            title="대표 사진"
            current=current.map(|f| main_photo_src(&f))
            img_class="main-photo-preview"
            img_alt="대표 사진 미리보기"
            accept="image/png,image/jpeg,image/gif,image/webp"
            input_label="대표 사진 파일"
            max_bytes=8.0 * 1024.0 * 1024.0
            too_big="사진은 8MB 이하여야 합니다."
            upload_url=upload_url(move |_name| async move { main_photo_upload_url(owner).await.map(|s| s.url) })
            on_done=Callback::new(move |_body: String| {
                reload.update(|v| *v += 1);
                None
            })
        />
    }
}
