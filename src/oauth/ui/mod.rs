//! Pages of "minihompy로 로그인": the developer console (`/developers`), the consent screen
//! (`/oauth/consent`), the provider's error page (`/oauth/error`), and the connected apps
//! section that the account page shows.

mod console;

pub use console::DevelopersPage;

use super::{
    api::{connected_apps, consent_request, DisconnectApp},
    model::{ConsentView, Item},
};
use crate::error::{AppError, ErrorCode};
use crate::ui::kit::{route_path, RouteOf};
use crate::ui::kit::{time::date_time_of_secs, ErrorPage, LoginPrompt};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Every page of the provider, chosen by the address (one lazy route, one chunk).
#[component]
pub fn OauthArea() -> impl IntoView {
    let path = route_path(RouteOf::Exact);
    move || match path.get().trim_end_matches('/') {
        "/developers" => view! { <DevelopersPage/> }.into_any(),
        "/oauth/consent" => view! { <ConsentPage/> }.into_any(),
        "/oauth/error" => view! { <OauthErrorPage/> }.into_any(),
        _ => view! { <crate::ui::kit::NotFound/> }.into_any(),
    }
}

/// An app's logo, or its first letter on a coloured square.
#[component]
pub fn AppLogo(name: String, url: Option<String>) -> impl IntoView {
    match url {
        Some(src) => view! { <img class="app-logo" src=src alt=format!("{name} 로고") width="48" height="48"/> }.into_any(),
        None => {
            let letter = name.chars().next().map(|c| c.to_string()).unwrap_or_default();
            view! { <span class="app-logo placeholder" role="img" aria-label=format!("{name} 로고")>{letter}</span> }.into_any()
        }
    }
}

fn item_names(items: &[Item]) -> String {
    items.iter().map(|i| i.label()).collect::<Vec<_>>().join(", ")
}

#[component]
fn ConsentPage() -> impl IntoView {
    let query = use_query_map();
    let request = move || query.read().get("request").unwrap_or_default();
    let data = Resource::new(request, consent_request);
    view! {
        <Title text="minihompy로 로그인"/>
        <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <ConsentCard v/> }.into_any(),
                    Ok(None) => view! { <LoginPrompt what="앱에 로그인하려면"/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A plain form posted to the provider (it answers with a redirect to the app), so it
/// works before the page's code has loaded.
#[component]
fn ConsentCard(v: ConsentView) -> impl IntoView {
    let title = format!("{}에 minihompy 계정으로 로그인", v.app_name);
    let before = v.granted_before.clone();
    view! {
        <section class="card narrow consent">
            <div class="consent-head">
                <AppLogo name=v.app_name.clone() url=v.logo_url.clone()/>
                <h1>{title}</h1>
            </div>
            <p class="hint">
                {format!("만든 사람: {} · ", v.owner_nickname)}
                <a href=v.homepage.clone() target="_blank" rel="noopener noreferrer">{v.homepage.clone()}</a>
            </p>
            <p>{format!("{}이(가) 내 minihompy 계정의 다음 정보를 받습니다. 동의한 항목만 전달됩니다.", v.app_name)}</p>
            <form method="post" action="/oauth/authorize/decision" class="form" id="consent-form">
                <input type="hidden" name="request" value=v.request.clone()/>
                {(!v.required.is_empty()).then(|| view! {
                    <fieldset class="consent-items">
                        <legend>"필수 항목 (동의해야 계속할 수 있습니다)"</legend>
                        {v.required.iter().map(|i| view! {
                            <label class="check"><input type="checkbox" name="item" value=i.as_str() checked required/>" " {i.label()} " (필수)"</label>
                        }).collect_view()}
                    </fieldset>
                })}
                {(!v.optional.is_empty()).then(|| view! {
                    <fieldset class="consent-items">
                        <legend>"선택 항목"</legend>
                        {v.optional.iter().map(|i| view! {
                            <label class="check"><input type="checkbox" name="item" value=i.as_str() checked=before.contains(i)/>" " {i.label()} " (선택)"</label>
                        }).collect_view()}
                    </fieldset>
                })}
                {(v.required.is_empty() && v.optional.is_empty()).then(|| view! { <p class="hint">"회원 번호 외에 전달되는 정보가 없습니다."</p> })}
                <p class="hint">"동의는 내 정보 > 연결된 앱에서 언제든 철회할 수 있습니다."</p>
                <div class="actions">
                    <button type="submit" name="decision" value="allow">"동의하고 계속하기"</button>
                    <button type="submit" name="decision" value="deny" class="secondary" formnovalidate>"취소"</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn OauthErrorPage() -> impl IntoView {
    let query = use_query_map();
    let code = query.with_untracked(|q| q.get("error").unwrap_or_default());
    let text = match code.as_str() {
        "invalid_client" => "등록되지 않은 앱입니다.",
        "invalid_redirect_uri" => "앱이 등록하지 않은 주소로 돌아가려 했습니다.",
        "unauthorized_client" => "이 로그인 방식은 client secret이 있는 앱만 쓸 수 있습니다.",
        "request_expired" => "로그인 요청이 만료되었거나 이미 처리되었습니다. 앱에서 다시 시도해 주세요.",
        _ => "앱의 로그인 요청이 올바르지 않습니다.",
    };
    let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
    let error = AppError::bad_request(ErrorCode::BadRequest, format!("{text} ({code})"));
    view! {
        <Title text="로그인할 수 없습니다"/>
        <ErrorPage error/>
        <p class="hint center">"앱으로 돌아가 다시 시도하거나, 앱을 만든 곳에 문의해 주세요."</p>
    }
}

/// 연결된 앱: what each app may read and since when, and 연결 해제.
#[component]
pub fn ConnectedApps() -> impl IntoView {
    let disconnect = ServerAction::<DisconnectApp>::new();
    let apps = Resource::new(move || disconnect.version().get(), |_| connected_apps());
    view! {
        <section class="card" id="connected-apps">
            <h2>"연결된 앱"</h2>
            <p class="hint">"minihompy로 로그인한 앱입니다. 연결을 해제하면 그 앱은 더 이상 내 정보를 읽을 수 없습니다."</p>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    let list = apps.await.unwrap_or_default();
                    if list.is_empty() {
                        return view! { <p class="empty">"연결된 앱이 없습니다."</p> }.into_any();
                    }
                    view! {
                        <ul class="connected-apps">
                            {list.into_iter().map(|a| {
                                let id = a.client_id.clone();
                                let items = if a.items.is_empty() { "회원 번호만".to_owned() } else { item_names(&a.items) };
                                view! {
                                    <li class="connected-app">
                                        <AppLogo name=a.name.clone() url=a.logo_url.clone()/>
                                        <div class="connected-app-body">
                                            <strong>{a.name.clone()}</strong>
                                            <span class="hint">{format!("읽을 수 있는 정보: {items}")}</span>
                                            <span class="hint">{format!("연결한 날: {}", date_time_of_secs(a.since))}</span>
                                        </div>
                                        <button type="button" class="secondary" on:click=move |_| {
                                            disconnect.dispatch(DisconnectApp { client_id: id.clone() });
                                        }>"연결 해제"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
