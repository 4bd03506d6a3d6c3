//! The developer console (`/developers`): register apps, change them, upload a logo, see
//! the client id, get a secret (shown once) or a new one, delete.

use super::AppLogo;
use crate::error::AppError;
use crate::oauth::{
    api::{app_logo_upload_url, my_apps, ChangeApp, NewAppSecret, RegisterApp, RemoveApp},
    model::{AppInput, AppView, ClientType, CreatedApp, Item, ItemPolicies, Policy},
};
use crate::ui::kit::{action_error, upload_url, ErrorPage, FieldError, FormError, ImageUploadCard, LoginPrompt};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DevelopersPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let apps = Resource::new(move || version.get(), |_| my_apps());
    let register = crate::ui::kit::page_action::<RegisterApp>();
    let created = Signal::derive(move || register.value().get().and_then(|r| r.ok()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = register.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let error = action_error(register);
    let blank = AppInput {
        name: String::new(),
        homepage: "https://".into(),
        redirect_uris: Vec::new(),
        client_type: ClientType::Confidential,
        items: ItemPolicies::default(),
    };
    view! {
        <Title text="개발자 센터"/>
        <div class="developers">
            <section class="card">
                <h1>"개발자 센터"</h1>
                <p class="hint">
                    "내 앱에 “minihompy로 로그인”을 붙입니다. OpenID Connect 표준: "
                    <a href="/.well-known/openid-configuration">"/.well-known/openid-configuration"</a>
                </p>
            </section>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || {
                    let blank = blank.clone();
                    Suspend::new(async move {
                    match apps.await {
                        Ok(list) => view! {
                            {move || created.get().map(|c| view! { <SecretBox created=c/> })}
                            <section class="card">
                                <h2>"내 앱"</h2>
                                {if list.is_empty() {
                                    view! { <p class="empty">"등록한 앱이 없습니다."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="oauth-apps">
                                            {list.into_iter().map(|a| view! { <AppCard a version/> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            <section class="card">
                                <h2>"새 앱 등록"</h2>
                                <AppForm
                                    initial=blank.clone()
                                    can_change_type=true
                                    submit_label="앱 등록"
                                    error
                                    on_submit=Callback::new(move |input| { register.dispatch(RegisterApp { input }); })
                                />
                            </section>
                        }.into_any(),
                        Err(e) if e.status == 401 => view! { <LoginPrompt what="앱을 등록하려면"/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}}
            </Suspense>
        </div>
    }
}

/// The client id and the secret, which is shown only this once.
#[component]
fn SecretBox(created: CreatedApp) -> impl IntoView {
    view! {
        <section class="card secret-box" data-testid="new-secret" role="status">
            <h2>{format!("{}: 인증 정보", created.app.name)}</h2>
            <p>"Client ID: " <code data-testid="new-client-id">{created.app.client_id.clone()}</code></p>
            {match created.client_secret.clone() {
                Some(s) => view! {
                    <p>"Client Secret: " <code data-testid="client-secret">{s}</code></p>
                    <p class="warn">"Client Secret은 지금 한 번만 표시됩니다. 안전한 곳에 저장하세요. 잊어버리면 재발급해야 합니다."</p>
                }.into_any(),
                None => view! { <p class="hint">"공개 앱은 client secret 없이 PKCE(S256)로 로그인합니다."</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AppCard(a: AppView, version: RwSignal<u32>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let change = crate::ui::kit::page_action::<ChangeApp>();
    let rotate = crate::ui::kit::page_action::<NewAppSecret>();
    let remove = crate::ui::kit::page_action::<RemoveApp>();
    Effect::new(move |_| {
        if matches!(change.value().get(), Some(Ok(_))) || matches!(remove.value().get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
    let change_error = action_error(change);
    let id = a.client_id.clone();
    let initial = AppInput {
        name: a.name.clone(),
        homepage: a.homepage.clone(),
        redirect_uris: a.redirect_uris.clone(),
        client_type: a.client_type,
        items: a.items,
    };
    let items_text = Item::ALL
        .iter()
        .filter(|i| a.items.get(**i) != Policy::None)
        .map(|i| format!("{} ({})", i.label(), a.items.get(*i).label()))
        .collect::<Vec<_>>()
        .join(", ");
    let confidential = a.client_type == ClientType::Confidential;
    let (id_edit, id_rotate, id_remove, id_logo) = (id.clone(), id.clone(), id.clone(), id.clone());
    view! {
        <li class="oauth-app" data-client-id=id.clone()>
            <div class="oauth-app-head">
                <AppLogo name=a.name.clone() url=a.logo_url.clone()/>
                <div>
                    <h3>{a.name.clone()}</h3>
                    <span class="hint">{a.client_type.label()} {format!(" · 연결한 회원 {}명", a.members)}</span>
                </div>
            </div>
            <dl class="oauth-app-facts">
                <dt>"Client ID"</dt><dd><code data-testid="client-id">{id.clone()}</code></dd>
                <dt>"홈페이지"</dt><dd>{a.homepage.clone()}</dd>
                <dt>"Redirect URI"</dt><dd>{a.redirect_uris.iter().map(|u| view! { <code class="uri">{u.clone()}</code> }).collect_view()}</dd>
                <dt>"받는 정보"</dt><dd>{if items_text.is_empty() { "회원 번호만".to_owned() } else { items_text }}</dd>
            </dl>
            {move || rotate.value().get().and_then(|r| r.ok()).map(|c| view! { <SecretBox created=c/> })}
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| editing.update(|e| *e = !*e)>
                    {move || if editing.get() { "수정 닫기" } else { "수정" }}
                </button>
                {confidential.then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| { rotate.dispatch(NewAppSecret { client_id: id_rotate.clone() }); }>
                        "시크릿 재발급"
                    </button>
                })}
                <Show
                    when=move || confirm_delete.get()
                    fallback=move || view! { <button type="button" class="danger" on:click=move |_| confirm_delete.set(true)>"삭제"</button> }
                >
                    {
                        let id_remove = id_remove.clone();
                        view! {
                            <button type="button" class="danger" on:click=move |_| { remove.dispatch(RemoveApp { client_id: id_remove.clone() }); }>
                                "정말 삭제 (토큰도 모두 무효)"
                            </button>
                            <button type="button" class="secondary" on:click=move |_| confirm_delete.set(false)>"취소"</button>
                        }
                    }
                </Show>
            </div>
            <Show when=move || editing.get()>
                {
                    let id_edit = id_edit.clone();
                    let id_logo = id_logo.clone();
                    view! {
                        <div class="oauth-app-edit">
                            <ImageUploadCard
                                title="앱 로고"
                                current=None
                                img_class="app-logo"
                                img_alt="앱 로고"
                                accept="image/png,image/jpeg,image/gif,image/webp"
                                input_label="앱 로고 파일"
                                max_bytes=8.0 * 1024.0 * 1024.0
                                too_big="파일은 8MB 이하여야 합니다."
                                upload_url=upload_url(move |_name| {
                                    let id = id_logo.clone();
                                    async move { app_logo_upload_url(id).await }
                                })
                                on_done=Callback::new(|body: String| {
                                    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                                    json["logoUrl"].as_str().map(str::to_owned)
                                })
                                done_text="로고를 바꿨습니다."
                            />
                            <AppForm
                                initial=initial.clone()
                                can_change_type=false
                                submit_label="저장"
                                error=change_error
                                on_submit=Callback::new(move |input| { change.dispatch(ChangeApp { client_id: id_edit.clone(), input }); })
                            />
                        </div>
                    }
                }
            </Show>
        </li>
    }
}

/// The fields of an app. The page builds the input from the fields when submitted.
#[component]
fn AppForm(
    initial: AppInput,
    can_change_type: bool,
    submit_label: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    on_submit: Callback<AppInput>,
) -> impl IntoView {
    let name = RwSignal::new(initial.name.clone());
    let homepage = RwSignal::new(initial.homepage.clone());
    let uris = RwSignal::new(initial.redirect_uris.join("\n"));
    let client_type = RwSignal::new(initial.client_type);
    let items = RwSignal::new(initial.items);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(AppInput {
            name: name.get_untracked(),
            homepage: homepage.get_untracked(),
            redirect_uris: uris.get_untracked().lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect(),
            client_type: client_type.get_untracked(),
            items: items.get_untracked(),
        });
    };
    view! {
        <form class="form app-form" on:submit=submit>
            <label>"앱 이름" <input type="text" name="name" required maxlength="60" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <FieldError error field="name"/>
            <label>"홈페이지 주소" <input type="url" name="homepage" required prop:value=move || homepage.get() on:input=move |ev| homepage.set(event_target_value(&ev))/></label>
            <FieldError error field="homepage"/>
            <label>"Redirect URI (한 줄에 하나, 정확히 일치해야 합니다)"
                <textarea name="redirect_uris" rows="3" required placeholder="https://example.com/callback" prop:value=move || uris.get() on:input=move |ev| uris.set(event_target_value(&ev))></textarea>
            </label>
            <FieldError error field="redirectUris"/>
            {can_change_type.then(|| view! {
                <label>"앱 종류"
                    <select name="client_type" on:change=move |ev| client_type.set(ClientType::parse(&event_target_value(&ev)).unwrap_or(ClientType::Confidential))>
                        {ClientType::ALL.iter().map(|t| view! {
                            <option value=t.as_str() selected=move || client_type.get() == *t>{t.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <fieldset class="item-policies">
                <legend>"받을 회원 정보"</legend>
                {Item::ALL.iter().map(|i| {
                    let i = *i;
                    view! {
                        <label>{i.label()}
                            <select name=format!("item-{}", i.as_str()) on:change=move |ev| {
                                let p = Policy::parse(&event_target_value(&ev)).unwrap_or(Policy::None);
                                items.update(|all| all.set(i, p));
                            }>
                                {Policy::ALL.iter().map(|p| view! {
                                    <option value=p.as_str() selected=move || items.get().get(i) == *p>{p.label()}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <FormError error/>
            <button type="submit">{submit_label}</button>
        </form>
    }
}
