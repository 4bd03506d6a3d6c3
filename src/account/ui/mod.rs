//! Account pages: login, signup with email code, find email, password reset, my account,
//! admin. Forms are `ActionForm`s, so they also work before the WASM has loaded.

mod admin;
mod blocks;
mod consent;
mod contact;
mod my_account;
mod social;

pub use admin::AdminPage;
pub use blocks::BlockButton;
pub use consent::{GuardianPage, PolicyPage};
pub use my_account::AccountPage;
use social::SocialButtons;
pub use social::{SocialLoginsMeta, SocialSignupPage};

use super::api::{FindEmail, Login, RequestReset, ResendCode, ResetPassword, Signup, VerifyEmail};
use crate::ui::kit::{action_error, url_encode, FieldError, FormError};
use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What the account page shows from other areas (their UI), provided by the composition
/// (`app.rs`): the OAuth provider's connected apps.
#[derive(Clone, Copy)]
pub struct AccountParts {
    pub connected_apps: Callback<(), AnyView>,
}

/// Errors that belong to the email input although they are not field validation.
const EMAIL_CODES: &[&str] = &["EMAIL_EXISTS"];

/// Full page load, so the server renders the top bar for the new session.
pub(crate) fn go(url: &str) {
    let _ = window().location().set_href(url);
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = query.read_untracked().get("next");
    view! {
        <Title text="로그인"/>
        <section class="card narrow">
            <h1>"로그인"</h1>
            <LoginForm next=next.clone()/>
            {move || query.read().get("socialError").map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <SocialButtons next=next.unwrap_or_default()/>
            <p class="links">
                <a href="/signup">"회원가입"</a>
                " · "
                <a href="/account/find-email">"이메일 찾기"</a>
                " · "
                <a href="/account/reset">"비밀번호 찾기"</a>
            </p>
        </section>
    }
}

/// The login form. An island: a guest's login page hydrates only this (and the top bar's).
/// `next` is where to go after, as the query gave it.
#[island]
fn LoginForm(next: Option<String>) -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    Effect::new(move |_| {
        if let Some(Ok(_)) = login.value().get() {
            // Resolved against our own origin, never taken as written (open redirects).
            let origin = window().location().origin().unwrap_or_default();
            go(&crate::ui::next::safe_next(next.as_deref(), &origin));
        }
    });
    view! {
        <ActionForm action=login attr:class="form">
            <label>"이메일" <input type="email" name="email" autocomplete="username" required/></label>
            <label>"비밀번호" <input type="password" name="password" autocomplete="current-password" required/></label>
            <label class="check"><input type="checkbox" name="keep" value="on"/>" 로그인 상태 유지"</label>
            <FormError error/>
            <button type="submit" disabled=move || login.pending().get()>"로그인"</button>
        </ActionForm>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let signup = ServerAction::<Signup>::new();
    let error = action_error(signup);
    let sandbox = Resource::new(|| (), |_| super::api::mail_sandbox());
    let nav = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(email)) = signup.value().get() {
            nav(&format!("/signup/verify?email={}", url_encode(&email)), Default::default());
        }
    });
    view! {
        <Title text="회원가입"/>
        <section class="card narrow">
            <h1>"회원가입"</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    sandbox.await.ok().filter(|s| *s).map(|_| view! {
                        <p class="sandbox-note">"개발용 샌드박스: 인증 메일은 실제로 발송되지 않고 로컬 메일함(.data/…/mail)에 저장됩니다."</p>
                    })
                })}
            </Suspense>
            <ActionForm action=signup attr:class="form">
                <label>"이메일" <input type="email" name="email" autocomplete="email" required maxlength="254"/></label>
                <FieldError error field="email" codes=EMAIL_CODES/>
                <label>"비밀번호 (8자 이상)" <input type="password" name="password" autocomplete="new-password" required/></label>
                <FieldError error field="password"/>
                <label>"이름" <input type="text" name="name" autocomplete="name" required maxlength="20"/></label>
                <FieldError error field="name"/>
                <label>"닉네임" <input type="text" name="nickname" autocomplete="nickname" required maxlength="20"/></label>
                <FieldError error field="nickname"/>
                <label>"생년월일" <input type="date" name="birth_date"/></label>
                <FieldError error field="birthDate"/>
                <label>"성별"
                    <select name="gender">
                        <option value="">"선택 안 함"</option>
                        <option value="FEMALE">"여성"</option>
                        <option value="MALE">"남성"</option>
                    </select>
                </label>
                <FieldError error field="gender"/>
                <label>"휴대전화 (선택)" <input type="tel" name="phone" autocomplete="tel" placeholder="010-1234-5678"/></label>
                <FieldError error field="phone"/>
                <SignupAgreements error/>
                <FormError error field_codes=EMAIL_CODES/>
                <button type="submit" disabled=move || signup.pending().get()>"가입하고 인증 코드 받기"</button>
            </ActionForm>
            <SocialButtons next="/".to_owned()/>
        </section>
    }
}

/// A signup's guardian address (under 14) and its two required agreements, for the email
/// and the social signup forms.
#[component]
pub(super) fn SignupAgreements(#[prop(into)] error: Signal<Option<crate::error::AppError>>) -> impl IntoView {
    view! {
        <label>"보호자 이메일 (만 14세 미만만)" <input type="email" name="guardian_email" maxlength="254"/></label>
        <p class="hint">"만 14세 미만은 보호자가 메일로 받은 링크에서 동의해야 로그인할 수 있어요."</p>
        <FieldError error field="guardianEmail"/>
        <label class="check"><input type="checkbox" name="agree_terms" value="on"/>" (필수) "<a href="/policy/terms" target="_blank">"이용약관"</a>"에 동의합니다"</label>
        <FieldError error field="agreeTerms"/>
        <label class="check"><input type="checkbox" name="agree_privacy" value="on"/>" (필수) "<a href="/policy/privacy" target="_blank">"개인정보 처리방침"</a>"에 동의합니다"</label>
        <FieldError error field="agreePrivacy"/>
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let query = use_query_map();
    let email = move || query.read().get("email").unwrap_or_default();
    let verify = ServerAction::<VerifyEmail>::new();
    let resend = ServerAction::<ResendCode>::new();
    let error = action_error(verify);
    let resend_error = action_error(resend);
    let done = move || matches!(verify.value().get(), Some(Ok(())));
    view! {
        <Title text="이메일 인증"/>
        <section class="card narrow">
            <h1>"이메일 인증"</h1>
            <Show
                when=done
                fallback=move || view! {
                    <p>{move || format!("{} 으로 보낸 6자리 코드를 입력해 주세요.", email())}</p>
                    <ActionForm action=verify attr:class="form">
                        <input type="hidden" name="email" value=email/>
                        <label>"인증 코드" <input type="text" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autocomplete="one-time-code"/></label>
                        <FormError error/>
                        <button type="submit" disabled=move || verify.pending().get()>"인증하기"</button>
                    </ActionForm>
                    <ActionForm action=resend attr:class="form inline">
                        <input type="hidden" name="email" value=email/>
                        <button type="submit" class="secondary" disabled=move || resend.pending().get()>"코드 다시 받기"</button>
                    </ActionForm>
                    {move || matches!(resend.value().get(), Some(Ok(()))).then(|| view! { <p class="ok">"새 코드를 보냈습니다."</p> })}
                    <FormError error=resend_error/>
                }
            >
                <p class="ok" role="status">"이메일 인증이 완료되었습니다."</p>
                <a class="button" href="/login">"로그인하러 가기"</a>
            </Show>
        </section>
    }
}

#[component]
pub fn FindEmailPage() -> impl IntoView {
    let find = ServerAction::<FindEmail>::new();
    let error = action_error(find);
    view! {
        <Title text="이메일 찾기"/>
        <section class="card narrow">
            <h1>"이메일 찾기"</h1>
            <ActionForm action=find attr:class="form">
                <label>"이름" <input type="text" name="name" required/></label>
                <FieldError error field="name"/>
                <label>"휴대전화" <input type="tel" name="phone" required placeholder="010-1234-5678"/></label>
                <FieldError error field="phone"/>
                <FormError error/>
                <button type="submit">"찾기"</button>
            </ActionForm>
            {move || match find.value().get() {
                Some(Ok(list)) if list.is_empty() => Some(view! { <p class="hint">"일치하는 회원이 없습니다."</p> }.into_any()),
                Some(Ok(list)) => Some(view! {
                    <ul class="found-emails">{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                }.into_any()),
                _ => None,
            }}
        </section>
    }
}

#[component]
pub fn ResetRequestPage() -> impl IntoView {
    let request = ServerAction::<RequestReset>::new();
    let error = action_error(request);
    view! {
        <Title text="비밀번호 찾기"/>
        <section class="card narrow">
            <h1>"비밀번호 재설정"</h1>
            <Show
                when=move || matches!(request.value().get(), Some(Ok(())))
                fallback=move || view! {
                    <ActionForm action=request attr:class="form">
                        <label>"가입한 이메일" <input type="email" name="email" required/></label>
                        <FormError error/>
                        <button type="submit" disabled=move || request.pending().get()>"재설정 링크 받기"</button>
                    </ActionForm>
                }
            >
                <p class="ok" role="status">"가입된 이메일이라면 재설정 링크를 보냈습니다. 15분 안에 사용해 주세요."</p>
            </Show>
        </section>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let reset = ServerAction::<ResetPassword>::new();
    let error = action_error(reset);
    view! {
        <Title text="새 비밀번호"/>
        <section class="card narrow">
            <h1>"새 비밀번호 정하기"</h1>
            <Show
                when=move || matches!(reset.value().get(), Some(Ok(())))
                fallback=move || view! {
                    <ActionForm action=reset attr:class="form">
                        <input type="hidden" name="token" value=token/>
                        <label>"새 비밀번호" <input type="password" name="password" autocomplete="new-password" required/></label>
                        <FieldError error field="password"/>
                        <FormError error/>
                        <button type="submit" disabled=move || reset.pending().get()>"변경하기"</button>
                    </ActionForm>
                }
            >
                <p class="ok" role="status">"비밀번호를 바꿨습니다. 모든 기기에서 로그아웃되었습니다."</p>
                <a class="button" href="/login">"로그인하기"</a>
            </Show>
        </section>
    }
}
