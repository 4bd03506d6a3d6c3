//! 이용약관 and 개인정보 처리방침 (/policy/terms, /policy/privacy), the guardian's page for a
//! member under 14 (/guardian/:token), and the record of agreements on 내 정보.

use crate::account::api::{guardian_request, my_consents, AgreeToPolicies, GuardianConsent};
use crate::account::model::{ConsentRecord, PRIVACY_VERSION, TERMS_VERSION};
use crate::ui::kit::{action_error, time::date_time, FormError, NotFound};
use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const TERMS: &[(&str, &str)] = &[
    ("제1조 (목적)", "이 약관은 minihompy(이하 \"사이트\")가 제공하는 미니홈피, 채팅, 커뮤니티, 시간표, 가계부, 상점 서비스를 이용하는 조건과 절차를 정합니다."),
    ("제2조 (회원)", "회원은 이메일 인증을 마친 사람입니다. 만 14세 미만은 보호자가 동의한 뒤에 로그인할 수 있습니다."),
    ("제3조 (회원의 의무)", "다른 회원을 괴롭히거나, 남의 개인정보나 저작물을 허락 없이 올리거나, 사이트의 운영을 방해해서는 안 됩니다. 운영 정책을 어긴 글은 가려지고, 반복되면 이용이 정지될 수 있습니다."),
    ("제4조 (차단)", "회원은 다른 회원을 차단할 수 있습니다. 차단하면 서로 채팅, 영상통화, 방명록, 댓글, 일촌평, 일촌 신청, 쪽지를 주고받을 수 없습니다."),
    ("제5조 (도토리)", "도토리는 사이트 안에서 아이템을 살 때 쓰는 선불 수단입니다. 쓰지 않은 도토리는 결제일로부터 7일 안에 결제를 취소할 수 있습니다."),
    ("제6조 (탈퇴)", "회원은 언제든 내 정보에서 탈퇴할 수 있습니다. 탈퇴하면 개인정보와 미니홈피가 지워지고, 다른 회원의 홈피에 남긴 글은 '탈퇴회원'으로 표시됩니다."),
];

const PRIVACY: &[(&str, &str)] = &[
    ("1. 모으는 정보", "이메일, 비밀번호(복원할 수 없게 바꾼 값), 이름, 닉네임, 그리고 회원이 적은 경우 생년월일, 성별, 휴대폰 번호를 모읍니다. 만 14세 미만 회원은 보호자의 이메일도 모읍니다."),
    ("2. 쓰는 곳", "로그인과 본인 확인, 아이디 찾기, 알림 메일과 인증 문자, 부정 이용 방지에만 씁니다. 광고에 쓰거나 다른 곳에 팔지 않습니다."),
    ("3. 보관 기간", "탈퇴할 때까지 보관하고, 탈퇴하면 바로 지웁니다. 결제 기록은 전자상거래법에 따라 5년 동안 보관합니다."),
    ("4. 다른 회원에게 보이는 정보", "닉네임, 미니미, 미니홈피에 공개로 올린 글과 사진만 보입니다. 이메일과 휴대폰 번호는 다른 회원에게 보이지 않습니다."),
    ("5. 회원의 권리", "내 정보에서 언제든 정보를 고치거나 지울 수 있고, 동의 기록을 볼 수 있습니다."),
];

/// /policy/terms and /policy/privacy.
#[component]
pub fn PolicyPage() -> impl IntoView {
    let params = use_params_map();
    let doc = move || params.read().get("doc").unwrap_or_default();
    move || {
        let (title, version, articles) = match doc().as_str() {
            "terms" => ("이용약관", TERMS_VERSION, TERMS),
            "privacy" => ("개인정보 처리방침", PRIVACY_VERSION, PRIVACY),
            _ => return view! { <NotFound/> }.into_any(),
        };
        view! {
            <Title text=title/>
            <article class="card narrow policy">
                <h1>{title}</h1>
                <p class="hint">{format!("시행일 {version}")}</p>
                {articles.iter().map(|(h, p)| view! { <h2>{*h}</h2><p>{*p}</p> }).collect_view()}
            </article>
        }
        .into_any()
    }
}

/// The page a guardian's mailed link opens.
#[component]
pub fn GuardianPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let consent = ServerAction::<GuardianConsent>::new();
    let error = action_error(consent);
    let request = Resource::new(token, guardian_request);
    view! {
        <Title text="보호자 동의"/>
        <section class="card narrow guardian">
            <h1>"보호자 동의"</h1>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match request.await {
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        Ok(r) => {
                            let done = r.done;
                            view! {
                                <p>{format!("{}({}) 님이 minihompy에 가입하며 보호자로 이 주소를 적었습니다. 만 14세 미만 회원은 보호자가 동의해야 로그인할 수 있습니다.", r.name, r.nickname)}</p>
                                <p><a href="/policy/terms" target="_blank">"이용약관"</a>" · "<a href="/policy/privacy" target="_blank">"개인정보 처리방침"</a></p>
                                <Show
                                    when=move || done || matches!(consent.value().get(), Some(Ok(_)))
                                    fallback=move || view! {
                                        <ActionForm action=consent attr:class="form">
                                            <input type="hidden" name="token" value=token/>
                                            <FormError error/>
                                            <button type="submit" disabled=move || consent.pending().get()>"동의합니다"</button>
                                        </ActionForm>
                                    }
                                >
                                    <p class="ok" role="status">"동의가 완료되었습니다. 이제 자녀가 로그인할 수 있습니다."</p>
                                </Show>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

fn document_label(d: &str) -> &'static str {
    match d {
        "TERMS" => "이용약관",
        "PRIVACY" => "개인정보 처리방침",
        "GUARDIAN" => "보호자 동의",
        _ => "기타",
    }
}

fn shown_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map(|t| date_time(t.naive_utc())).unwrap_or_default()
}

fn current(list: &[ConsentRecord]) -> bool {
    let has = |d: &str, v: &str| list.iter().any(|c| c.document == d && c.version == v);
    has("TERMS", TERMS_VERSION) && has("PRIVACY", PRIVACY_VERSION)
}

/// 약관 동의 on 내 정보: what was agreed when, and agreeing to the current versions.
#[component]
pub fn ConsentsSection() -> impl IntoView {
    let agree = ServerAction::<AgreeToPolicies>::new();
    let error = action_error(agree);
    let list = Resource::new(move || agree.version().get(), |_| my_consents());
    view! {
        <section class="card" id="consents">
            <h2>"약관 동의"</h2>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    let items = list.await.unwrap_or_default();
                    let up_to_date = current(&items);
                    view! {
                        <ul class="consent-list">
                            {items.into_iter().map(|c| view! {
                                <li class="consent">
                                    <span class="consent-doc">{document_label(&c.document)}</span>
                                    <span class="hint">{format!("{} · {} 동의", c.version, shown_time(&c.consented_at))}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                        {(!up_to_date).then(|| view! {
                            <p class="hint">"지금 시행 중인 "<a href="/policy/terms">"이용약관"</a>"과 "<a href="/policy/privacy">"개인정보 처리방침"</a>"에 아직 동의하지 않았습니다."</p>
                            <ActionForm action=agree attr:class="form">
                                <FormError error/>
                                <button type="submit">"동의하기"</button>
                            </ActionForm>
                        })}
                    }
                })}
            </Suspense>
        </section>
    }
}
