//! 이메일 변경 and 휴대폰 번호 on 내 정보: each new address or number is proved by a 6-digit
//! code before it replaces the old one.

use crate::account::api::{
    mail_sandbox, sms_sandbox, ConfirmEmailChange, ConfirmPhoneChange, RemovePhone, StartEmailChange, StartPhoneChange,
};
use crate::ui::kit::{action_error, FieldError, FormError};
use leptos::{form::ActionForm, prelude::*};

/// Errors that belong to the email input although they are not field validation.
const EMAIL_CODES: &[&str] = &["EMAIL_EXISTS"];

/// Says where codes go when they stay on this machine.
#[component]
fn SandboxNote(#[prop(into)] sandbox: Resource<Result<bool, crate::error::AppError>>, text: &'static str) -> impl IntoView {
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                sandbox.await.ok().filter(|s| *s).map(|_| view! { <p class="sandbox-note">{text}</p> })
            })}
        </Suspense>
    }
}

/// The code's input and buttons of a code sent to a new address or number; "다른 … 입력"
/// goes back to the first step.
#[component]
fn CodeFields(
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
    #[prop(into)] busy: Signal<bool>,
    submit: &'static str,
    other: &'static str,
    pending: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <label>"인증 코드" <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required/></label>
        <FieldError error field="code"/>
        <FormError error/>
        <button type="submit" disabled=busy>{submit}</button>
        <button type="button" class="secondary" on:click=move |_| pending.set(None)>{other}</button>
    }
}

#[component]
pub fn EmailSection(email: String, verified: bool) -> impl IntoView {
    let start = ServerAction::<StartEmailChange>::new();
    let confirm = ServerAction::<ConfirmEmailChange>::new();
    let start_error = action_error(start);
    let confirm_error = action_error(confirm);
    let sandbox = Resource::new(|| (), |_| mail_sandbox());
    let current = RwSignal::new((email, verified));
    // The address a code went to, until it is confirmed.
    let pending = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(to)) = start.value().get() {
            pending.set(Some(to));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(a)) = confirm.value().get() {
            current.set((a.email.clone(), a.email_verified));
            pending.set(None);
        }
    });
    view! {
        <section class="card" id="email">
            <h2>"이메일"</h2>
            <p class="current-email">
                <strong>{move || current.get().0}</strong>
                {move || if current.get().1 { " · 인증됨" } else { " · 이메일 미인증" }}
            </p>
            {move || matches!(confirm.value().get(), Some(Ok(_))).then(|| view! {
                <p class="ok" role="status">"이메일을 변경했습니다. 이전 주소로도 알림을 보냈습니다."</p>
            })}
            <SandboxNote sandbox text="개발용 샌드박스: 인증 메일은 실제로 발송되지 않고 로컬 메일함(.data/…/mail)에 저장됩니다."/>
            {move || match pending.get() {
                None => view! {
                    <ActionForm action=start attr:class="form">
                        <label>"새 이메일" <input type="email" name="email" autocomplete="email" required maxlength="254"/></label>
                        <FieldError error=start_error field="email" codes=EMAIL_CODES/>
                        <label>"계정 비밀번호" <input type="password" name="password" autocomplete="current-password" required/></label>
                        <FieldError error=start_error field="password"/>
                        <FormError error=start_error field_codes=EMAIL_CODES/>
                        <button type="submit" disabled=move || start.pending().get()>"인증 코드 보내기"</button>
                    </ActionForm>
                }.into_any(),
                Some(to) => view! {
                    <p class="hint" role="status">{format!("{to}(으)로 인증 코드를 보냈습니다. 10분 안에 입력해 주세요.")}</p>
                    <ActionForm action=confirm attr:class="form">
                        <CodeFields error=confirm_error busy=confirm.pending() submit="이메일 변경" other="다른 주소 입력" pending/>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}

fn shown_phone(p: &str) -> String {
    match p.len() {
        11 => format!("{}-{}-{}", &p[..3], &p[3..7], &p[7..]),
        10 => format!("{}-{}-{}", &p[..3], &p[3..6], &p[6..]),
        _ => p.to_owned(),
    }
}

#[component]
pub fn PhoneSection(phone: Option<String>, verified: bool) -> impl IntoView {
    let start = ServerAction::<StartPhoneChange>::new();
    let confirm = ServerAction::<ConfirmPhoneChange>::new();
    let remove = ServerAction::<RemovePhone>::new();
    let start_error = action_error(start);
    let confirm_error = action_error(confirm);
    let sandbox = Resource::new(|| (), |_| sms_sandbox());
    let current = RwSignal::new((phone, verified));
    let pending = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(to)) = start.value().get() {
            pending.set(Some(to));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(a)) = confirm.value().get() {
            current.set((a.phone.clone(), a.phone_verified));
            pending.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(a)) = remove.value().get() {
            current.set((a.phone.clone(), a.phone_verified));
        }
    });
    view! {
        <section class="card" id="phone">
            <h2>"휴대폰 번호"</h2>
            <p class="current-phone">
                {move || match current.get() {
                    (Some(p), true) => view! { <strong>{shown_phone(&p)}</strong>" · 인증됨" }.into_any(),
                    (Some(p), false) => view! { <strong>{shown_phone(&p)}</strong>" · 미인증 (인증하면 아이디 찾기에 쓸 수 있습니다)" }.into_any(),
                    (None, _) => view! { <span class="hint">"등록된 번호가 없습니다."</span> }.into_any(),
                }}
            </p>
            {move || matches!(confirm.value().get(), Some(Ok(_))).then(|| view! {
                <p class="ok" role="status">"휴대폰 번호를 인증했습니다."</p>
            })}
            <SandboxNote sandbox text="개발용 샌드박스: 인증 문자는 실제로 발송되지 않고 로컬 문자함(.data/…/sms)에 저장됩니다."/>
            {move || match pending.get() {
                None => view! {
                    <ActionForm action=start attr:class="form">
                        <label>"새 휴대폰 번호" <input type="tel" name="phone" autocomplete="tel" placeholder="010-1234-5678" required maxlength="13"/></label>
                        <FieldError error=start_error field="phone"/>
                        <FormError error=start_error/>
                        <button type="submit" disabled=move || start.pending().get()>"인증 문자 보내기"</button>
                        {move || current.get().0.is_some().then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| { remove.dispatch(RemovePhone {}); }>"번호 삭제"</button>
                        })}
                    </ActionForm>
                }.into_any(),
                Some(to) => view! {
                    <p class="hint" role="status">{format!("{}(으)로 인증 문자를 보냈습니다. 10분 안에 입력해 주세요.", shown_phone(&to))}</p>
                    <ActionForm action=confirm attr:class="form">
                        <CodeFields error=confirm_error busy=confirm.pending() submit="번호 인증" other="다른 번호 입력" pending/>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}
