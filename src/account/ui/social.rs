//! Social login in the pages: the buttons on the login and signup pages, the completion
//! form of a social sign-up (`/signup/social`), and the account page's linked providers.

use super::{
    super::api::{my_social_links, social_signup, CompleteSocialSignup, UnlinkSocial},
    go, SignupAgreements,
};
use crate::account::model::{SocialLinkView, SocialSignupView};
use crate::ui::kit::{action_error, time::date_time_of_secs, url_encode, ErrorPage, FieldError, FormError};
use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

/// The social logins this site offers, as `id:label` pairs joined by `,`: from the
/// configuration on the server, from the shell's `<meta name="social-logins">` in the
/// browser (the same text, so hydration matches, and no request or resource is needed:
/// the login page stays small).
fn offered() -> Vec<(String, String)> {
    #[cfg(feature = "ssr")]
    let raw = offered_text();
    #[cfg(not(feature = "ssr"))]
    let raw =
        document().query_selector("meta[name=social-logins]").ok().flatten().and_then(|m| m.get_attribute("content")).unwrap_or_default();
    raw.split(',').filter_map(|p| p.split_once(':')).map(|(id, label)| (id.to_owned(), label.to_owned())).collect()
}

#[cfg(feature = "ssr")]
fn offered_text() -> String {
    crate::server::app_state()
        .map(|s| s.config.social.iter().map(|r| format!("{}:{}", r.id, r.label)).collect::<Vec<_>>().join(","))
        .unwrap_or_default()
}

/// For the shell's `<head>`: which social logins the pages may offer.
#[component]
pub fn SocialLoginsMeta() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let content = offered_text();
    #[cfg(not(feature = "ssr"))]
    let content = String::new();
    view! { <meta name="social-logins" content=content/> }
}

/// "네이버로 로그인", … for each provider the site offers; back to `next` afterwards.
/// Written as plain HTML (the links need no reactivity), which keeps the login page's
/// code small. `rel="external"`: the router must let the browser go to the server (a
/// redirect to the provider), not render the address itself. Ids and labels are the
/// configuration's own words; `next` is URL-encoded.
#[component]
pub fn SocialButtons(next: String) -> impl IntoView {
    let list = offered();
    (!list.is_empty()).then(|| {
        let next = url_encode(&next);
        let mut html = String::from(r#"<p class="hint">다른 계정으로 로그인 · 가입</p>"#);
        for (id, label) in list {
            html.push_str(&format!(
                r#"<a class="button social-button social-{id}" href="/account/login/oauth2/authorization/{id}?next={next}" rel="external nofollow">{label}로 로그인</a>"#
            ));
        }
        view! { <div class="social-logins" inner_html=html></div> }
    })
}

/// `/signup/social`: what the provider did not give.
#[component]
pub fn SocialSignupPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| social_signup());
    view! {
        <Title text="소셜 가입 마무리"/>
        <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <CompletionForm v/> }.into_any(),
                    Ok(None) => view! {
                        <section class="card narrow">
                            <h1>"진행 중인 소셜 가입이 없습니다"</h1>
                            <p class="hint">"시간이 지나 만료되었을 수 있습니다. 로그인 화면에서 다시 시작해 주세요."</p>
                            <a class="button" href="/login">"로그인"</a>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CompletionForm(v: SocialSignupView) -> impl IntoView {
    let complete = ServerAction::<CompleteSocialSignup>::new();
    let error = action_error(complete);
    Effect::new(move |_| {
        if let Some(Ok(Some(next))) = complete.value().get() {
            go(&next);
        }
    });
    let awaiting_guardian = move || matches!(complete.value().get(), Some(Ok(None)));
    let gaps = v.missing.clone();
    let missing = move |f: &str| gaps.iter().any(|m| m == f);
    let gender = v.gender.clone();
    view! {
        <section class="card narrow">
            <h1>"가입 마무리"</h1>
            <Show when=awaiting_guardian fallback=|| ()>
                <p class="ok" role="status">"가입했습니다. 보호자 메일함으로 보낸 링크에서 보호자가 동의하면 로그인할 수 있어요."</p>
                <a class="button" href="/">"첫 화면으로"</a>
            </Show>
            <div hidden=awaiting_guardian>
            <p>{format!("{}에서 받은 정보로 가입합니다. 부족한 정보를 채우고 약관에 동의해 주세요.", v.provider_label)}</p>
            <ActionForm action=complete attr:class="form" attr:id="social-signup-form">
                <label>"이름" <input type="text" name="name" value=v.name.clone() required maxlength="50" class:missing=missing("name")/></label>
                <FieldError error field="name"/>
                <label>"이메일" <input type="email" name="email" value=v.email.clone() required maxlength="254" class:missing=missing("email")/></label>
                <FieldError error field="email"/>
                <label>"성별"
                    <select name="gender" required class:missing=missing("gender")>
                        <option value="" selected=gender.is_empty()>"선택해 주세요"</option>
                        <option value="FEMALE" selected=gender == "FEMALE">"여성"</option>
                        <option value="MALE" selected=gender == "MALE">"남성"</option>
                    </select>
                </label>
                <FieldError error field="gender"/>
                <label>"생년월일" <input type="date" name="birth_date" value=v.birth_date.clone() required class:missing=missing("birthDate")/></label>
                <FieldError error field="birthDate"/>
                <SignupAgreements error/>
                <FormError error/>
                <button type="submit" disabled=move || complete.pending().get()>"가입하기"</button>
            </ActionForm>
            </div>
        </section>
    }
}

/// The account page's "소셜 로그인" section: link (only while signed in) and unlink.
#[component]
pub fn SocialLinksSection() -> impl IntoView {
    let unlink = ServerAction::<UnlinkSocial>::new();
    let error = action_error(unlink);
    let data = Resource::new(move || unlink.version().get(), |_| my_social_links());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let Ok(links) = data.await else { return None };
                (!links.providers.is_empty()).then(|| view! {
                    <section class="card" id="social-links">
                        <h2>"소셜 로그인"</h2>
                        <p class="hint">"연결한 계정으로도 로그인할 수 있습니다. 연결은 로그인한 상태에서만 할 수 있습니다."</p>
                        <ul class="social-link-list">
                            {links.providers.into_iter().map(|p| view! { <SocialLinkRow p has_password=links.has_password unlink/> }).collect_view()}
                        </ul>
                        <FormError error/>
                        <FieldError error field="password"/>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn SocialLinkRow(p: SocialLinkView, has_password: bool, unlink: ServerAction<UnlinkSocial>) -> impl IntoView {
    let id = p.id.clone();
    view! {
        <li class="social-link" data-provider=p.id.clone()>
            <strong>{p.label.clone()}</strong>
            {match p.linked_since {
                Some(since) => view! {
                    <span class="hint">{format!("연결됨 · {}", date_time_of_secs(since))}</span>
                    <ActionForm action=unlink attr:class="form inline">
                        <input type="hidden" name="provider" value=id.clone()/>
                        {has_password.then(|| view! {
                            <input type="password" name="password" placeholder="비밀번호" aria-label=format!("{} 연결 해제 비밀번호", p.label) autocomplete="current-password" required/>
                        })}
                        <button type="submit" class="secondary">"연결 해제"</button>
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <a class="button secondary" href=format!("/account/login/oauth2/authorization/{id}?link=1") rel="external">"연결하기"</a>
                }.into_any(),
            }}
        </li>
    }
}
