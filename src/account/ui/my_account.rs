//! 내 정보: profile, email and phone, password, sessions, deletion.

use super::go;
use crate::account::api::{my_account, my_sessions, profile_upload_url, ChangePassword, DeleteMyAccount, EndSession, UpdateMyProfile};
use crate::{
    account::model::AccountView,
    ui::kit::{action_error, time::date_time_of_secs, upload_url, ErrorPage, FieldError, FormError, ImageUploadCard},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let update = ServerAction::<UpdateMyProfile>::new();
    let account = Resource::new(move || update.version().get(), |_| my_account());
    view! {
        <Title text="내 정보"/>
        <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(a) => view! { <AccountSections a update/> }.into_any(),
                    Err(e) if e.status == 401 => view! {
                        <section class="card narrow">
                            <h1>"로그인이 필요합니다"</h1>
                            <a class="button" href="/login?next=/account">"로그인"</a>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountSections(a: AccountView, update: ServerAction<UpdateMyProfile>) -> impl IntoView {
    let error = action_error(update);
    let gender = a.gender.clone().unwrap_or_default();
    view! {
        <div class="account">
            <section class="card">
                <h1>"내 정보"</h1>
                <ActionForm action=update attr:class="form">
                    <label>"닉네임" <input type="text" name="nickname" value=a.nickname.clone() required maxlength="20"/></label>
                    <FieldError error field="nickname"/>
                    <label>"이름" <input type="text" name="name" value=a.name.clone() required maxlength="20"/></label>
                    <FieldError error field="name"/>
                    <label>"생년월일" <input type="date" name="birth_date" value=a.birth_date.clone().unwrap_or_default()/></label>
                    <FieldError error field="birthDate"/>
                    <label>"성별"
                        <select name="gender">
                            <option value="" selected=gender.is_empty()>"선택 안 함"</option>
                            <option value="FEMALE" selected=gender == "FEMALE">"여성"</option>
                            <option value="MALE" selected=gender == "MALE">"남성"</option>
                        </select>
                    </label>
                    <FormError error/>
                    <button type="submit">"저장"</button>
                    {move || matches!(update.value().get(), Some(Ok(_))).then(|| view! { <p class="ok" role="status">"저장했습니다."</p> })}
                </ActionForm>
            </section>
            <PhotoSection current=a.profile_img_uri.clone()/>
            <super::contact::EmailSection email=a.email.clone() verified=a.email_verified/>
            <super::contact::PhoneSection phone=a.phone.clone() verified=a.phone_verified/>
            <PasswordSection/>
            <SessionsSection/>
            <super::blocks::BlocksSection/>
            <super::consent::ConsentsSection/>
            <super::social::SocialLinksSection/>
            {use_context::<super::AccountParts>().map(|parts| parts.connected_apps.run(()))}
            <DeleteSection/>
        </div>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    view! {
        <section class="card">
            <h2>"비밀번호 변경"</h2>
            <ActionForm action=change attr:class="form">
                <label>"현재 비밀번호" <input type="password" name="current_password" autocomplete="current-password" required/></label>
                <FieldError error field="currentPassword"/>
                <label>"새 비밀번호" <input type="password" name="new_password" autocomplete="new-password" required/></label>
                <FieldError error field="newPassword"/>
                <label class="check"><input type="checkbox" name="end_others" value="on" checked/>" 다른 기기에서 모두 로그아웃"</label>
                <FormError error/>
                <button type="submit" disabled=move || change.pending().get()>"비밀번호 변경"</button>
                {move || matches!(change.value().get(), Some(Ok(()))).then(|| view! { <p class="ok" role="status">"비밀번호를 변경했습니다."</p> })}
            </ActionForm>
        </section>
    }
}

#[component]
fn SessionsSection() -> impl IntoView {
    let end = ServerAction::<EndSession>::new();
    let sessions = Resource::new(move || end.version().get(), |_| my_sessions());
    view! {
        <section class="card">
            <h2>"로그인된 기기"</h2>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    let list = sessions.await.unwrap_or_default();
                    view! {
                        <ul class="sessions">
                            {list.into_iter().map(|s| {
                                let id = s.id.clone();
                                view! {
                                    <li class="session" class:current=s.current>
                                        <span class="device" title=s.device.clone()>{crate::account::device_name::device_name(&s.device)}</span>
                                        <span class="hint">{format!("{} · 마지막 사용 {}", s.ip, date_time_of_secs(s.last_seen_at))}</span>
                                        {if s.current {
                                            view! { <span class="badge">"현재 기기"</span> }.into_any()
                                        } else {
                                            view! {
                                                <button type="button" class="secondary" on:click=move |_| {
                                                    end.dispatch(EndSession { id: id.clone() });
                                                }>"이 세션 종료"</button>
                                            }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DeleteSection() -> impl IntoView {
    let delete = ServerAction::<DeleteMyAccount>::new();
    let error = action_error(delete);
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            go("/");
        }
    });
    view! {
        <section class="card danger">
            <h2>"회원 탈퇴"</h2>
            <p class="hint">"탈퇴하면 이름, 이메일, 생년월일, 전화번호, 프로필 사진과 미니홈피가 지워지고 모든 기기에서 로그아웃됩니다. 다른 회원의 홈피에 남긴 글은 '탈퇴회원'으로 표시됩니다."</p>
            <ActionForm action=delete attr:class="form">
                <label>"비밀번호 확인" <input type="password" name="password" autocomplete="current-password" required/></label>
                <FieldError error field="password"/>
                <FormError error/>
                <button type="submit" class="danger">"탈퇴하기"</button>
            </ActionForm>
        </section>
    }
}

/// 프로필 사진: preview at once, upload with a progress bar, the server's thumbnail after.
#[component]
fn PhotoSection(current: Option<String>) -> impl IntoView {
    view! {
        <ImageUploadCard
            title="프로필 사진"
            current
            img_class="profile-photo"
            img_alt="프로필 사진"
            accept="image/png,image/jpeg,image/gif"
            input_label="프로필 사진 파일"
            max_bytes=5.0 * 1024.0 * 1024.0
            too_big="파일은 5MB 이하여야 합니다."
            upload_url=upload_url(|name| async move { profile_upload_url(name).await.map(|s| s.url) })
            on_done=Callback::new(|body: String| {
                let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                json["profileImgUri"].as_str().map(str::to_owned)
            })
            done_text="프로필 사진을 바꿨습니다."
        />
    }
}
