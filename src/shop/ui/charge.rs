//! 도토리 충전: the identity check, the packages, the sandbox gateway's payment page and
//! the result page.

use super::super::{
    api::{get_payment, get_topup_info, ConfirmIdentity, RecheckPayment, StartIdentity, StartTopup},
    model::{Checkout, GatewayKind, PaymentStatus, TopupInfo, SANDBOX_DECLINED_CARD, SANDBOX_TIMEOUT_CARD},
};
use super::shop_links;
use crate::ui::kit::{action_error, reload_on_ok, url_encode, ErrorMessage, ErrorPage, FieldError, FormError};
use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn sandbox_banner() -> impl IntoView {
    view! {
        <p class="sandbox-banner" role="note">
            <b>"샌드박스 결제"</b>
            " · 테스트 환경이라 실제로 돈이 나가지 않아요. 어떤 16자리 카드 번호든 승인되고, "
            <code>{SANDBOX_DECLINED_CARD}</code> "는 거절, " <code>{SANDBOX_TIMEOUT_CARD}</code> "는 응답 지연(나중에 확인)으로 처리돼요."
        </p>
    }
}

#[component]
pub fn ChargePage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let info = Resource::new(move || version.get(), |_| get_topup_info());
    view! {
        <Title text="도토리 충전 - minihompy"/>
        <section class="shop charge">
            <header class="shop-head">
                <h1>"도토리 충전"</h1>
                {shop_links()}
            </header>
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(i) => view! { <Charge i version/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Charge(i: TopupInfo, version: RwSignal<u32>) -> impl IntoView {
    let sandbox = i.gateway == GatewayKind::Sandbox;
    view! {
        {sandbox.then(sandbox_banner)}
        <p class="shop-balance">"내 도토리 " <b>{i.balance}</b> "개"</p>
        {if !i.identity_verified {
            view! { <IdentityCheck version/> }.into_any()
        } else if i.under_14 {
            view! { <p class="error" role="alert">"만 14세 미만은 도토리를 충전할 수 없어요."</p> }.into_any()
        } else {
            view! { <Packages i/> }.into_any()
        }}
    }
}

/// 본인인증: name, birth date and phone, then the code sent by SMS.
#[component]
fn IdentityCheck(version: RwSignal<u32>) -> impl IntoView {
    let start = crate::ui::kit::page_action::<StartIdentity>();
    let confirm = crate::ui::kit::page_action::<ConfirmIdentity>();
    reload_on_ok(confirm, version);
    let start_error = action_error(start);
    let confirm_error = action_error(confirm);
    let sent = move || start.value().get().and_then(Result::ok);
    view! {
        <div class="identity">
            <h2>"본인인증"</h2>
            <p class="hint">"처음 충전하기 전에 한 번만 본인인증을 해요. 만 14세 미만은 결제할 수 없어요."</p>
            <ActionForm action=start attr:class="form identity-form">
                <label>"이름" <input type="text" name="name" maxlength="20" autocomplete="name" required/></label>
                <FieldError error=start_error field="name"/>
                <label>"생년월일" <input type="date" name="birth_date" required/></label>
                <FieldError error=start_error field="birthDate"/>
                <label>"휴대폰 번호" <input type="tel" name="phone" inputmode="numeric" placeholder="01012345678" autocomplete="tel" required/></label>
                <FieldError error=start_error field="phone"/>
                <FormError error=start_error/>
                <button type="submit" class="secondary" disabled=move || start.pending().get()>"인증번호 받기"</button>
            </ActionForm>
            {move || sent().map(|s| view! {
                <ActionForm action=confirm attr:class="form identity-code">
                    <p class="notice" role="status">{format!("{}(으)로 인증번호를 보냈어요. {}분 안에 입력해 주세요.", s.phone_masked, s.expires_in_secs / 60)}</p>
                    <label>"인증번호" <input type="text" name="code" inputmode="numeric" maxlength="6" autocomplete="one-time-code" required/></label>
                    <FieldError error=confirm_error field="code"/>
                    <FormError error=confirm_error/>
                    <button type="submit">"인증하기"</button>
                </ActionForm>
            })}
        </div>
    }
}

#[component]
fn Packages(i: TopupInfo) -> impl IntoView {
    let start = crate::ui::kit::page_action::<StartTopup>();
    let error = action_error(start);
    let chosen = RwSignal::new(i.packages.first().map(|p| p.id).unwrap_or(0));
    let opening = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(c)) = start.value().get() {
            open_checkout(&c, opening);
        }
    });
    view! {
        <form class="form packages" on:submit=move |ev| {
            ev.prevent_default();
            start.dispatch(StartTopup { package_id: chosen.get_untracked() });
        }>
            <fieldset>
                <legend>"충전할 도토리"</legend>
                {i.packages.into_iter().map(|p| view! {
                    <label class="package">
                        <input type="radio" name="package" value=p.id checked=move || chosen.get() == p.id on:change=move |_| chosen.set(p.id)/>
                        <span class="package-dotori">"🌰 " {p.dotori} "개"</span>
                        <span class="package-price">{format!("{}원", won(p.price_won))}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <FormError error/>
            <ErrorMessage message=Signal::derive(move || opening.get())/>
            <button type="submit" disabled=move || start.pending().get()>"결제하기"</button>
        </form>
    }
}

/// 12345 → "12,345".
pub fn won(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Opens the gateway: the sandbox's page, or NICEPAY's payment window (their JS SDK).
fn open_checkout(c: &Checkout, failed: RwSignal<Option<String>>) {
    if let Some(url) = &c.sandbox_url {
        let _ = window().location().set_href(url);
        return;
    }
    #[cfg(feature = "hydrate")]
    nicepay::request_pay(c, failed);
    #[cfg(not(feature = "hydrate"))]
    let _ = failed;
}

#[cfg(feature = "hydrate")]
mod nicepay {
    use super::super::super::model::Checkout;
    use leptos::prelude::*;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    const SDK: &str = "https://pay.nicepay.co.kr/v1/js/";

    /// Loads the SDK once, then `AUTHNICE.requestPay({...})`; the window returns to our
    /// return URL, which approves on the server.
    pub fn request_pay(c: &Checkout, failed: RwSignal<Option<String>>) {
        let params = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&params, &JsValue::from_str(k), &v);
        };
        set("clientId", JsValue::from_str(c.client_key.as_deref().unwrap_or_default()));
        set("method", JsValue::from_str("card"));
        set("orderId", JsValue::from_str(&c.order_id));
        set("amount", JsValue::from_f64(f64::from(c.amount_won)));
        set("goodsName", JsValue::from_str(&c.goods_name));
        set("returnUrl", JsValue::from_str(&c.return_url));
        let call = move || {
            let auth = js_sys::Reflect::get(&window(), &JsValue::from_str("AUTHNICE")).ok();
            let pay = auth.as_ref().and_then(|a| js_sys::Reflect::get(a, &JsValue::from_str("requestPay")).ok());
            match (auth, pay.and_then(|p| p.dyn_into::<js_sys::Function>().ok())) {
                (Some(a), Some(f)) => {
                    let _ = f.call1(&a, &params);
                }
                _ => failed.set(Some("결제 창을 열 수 없습니다. 잠시 후 다시 시도해 주세요.".into())),
            }
        };
        let doc = document();
        let Ok(script) = doc.create_element("script") else { return };
        let _ = script.set_attribute("src", SDK);
        let onload = Closure::once_into_js(call);
        let _ = js_sys::Reflect::set(&script, &JsValue::from_str("onload"), &onload);
        let onerror = Closure::once_into_js(move || failed.set(Some("결제 모듈을 불러오지 못했습니다.".into())));
        let _ = js_sys::Reflect::set(&script, &JsValue::from_str("onerror"), &onerror);
        if let Some(head) = doc.head() {
            let _ = head.append_child(&script);
        }
    }
}

/// The sandbox gateway's payment window, inside the site: a card number for the order's
/// amount (as the server recorded it). The form posts to the sandbox, which goes on to our
/// return URL the way a gateway does.
#[component]
pub fn SandboxPayPage() -> impl IntoView {
    let query = use_query_map();
    let order = Memo::new(move |_| query.read().get("order").unwrap_or_default());
    let card_error = Memo::new(move |_| query.read().get("error").is_some());
    let payment = Resource::new(move || order.get(), get_payment);
    view! {
        <Title text="샌드박스 결제 - minihompy"/>
        <section class="shop sandbox-pay">
            <h1>"샌드박스 결제"</h1>
            {sandbox_banner()}
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match payment.await {
                        Ok(p) if p.status == PaymentStatus::Pending => {
                            let cancel = format!("/api/shop/payments/return?orderId={}&authResultCode=CANCEL&authResultMsg={}", url_encode(&p.order_id), url_encode("결제를 취소했습니다."));
                            view! {
                                <dl class="pay-summary">
                                    <dt>"상품"</dt><dd>{format!("도토리 {}개", p.dotori)}</dd>
                                    <dt>"결제 금액"</dt><dd data-testid="pay-amount">{format!("{}원", won(p.amount_won))}</dd>
                                </dl>
                                <form class="form card-form" method="post" action="/shop/pay/sandbox">
                                    <input type="hidden" name="order" value=p.order_id.clone()/>
                                    <input type="hidden" name="amount" value=p.amount_won/>
                                    <label>"카드 번호" <input type="text" name="card" inputmode="numeric" autocomplete="cc-number" placeholder="0000 0000 0000 0000" maxlength="19" required/></label>
                                    {move || card_error.get().then(|| view! { <p class="field-error" role="alert">"카드 번호 16자리를 입력해 주세요."</p> })}
                                    <div class="form-actions">
                                        <button type="submit">{format!("{}원 결제", won(p.amount_won))}</button>
                                        <a class="button secondary" href=cancel>"취소"</a>
                                    </div>
                                </form>
                            }.into_any()
                        }
                        Ok(p) => view! {
                            <p class="hint">"이미 처리된 주문이에요. " <a href=format!("/shop/charge/result?order={}", url_encode(&p.order_id))>"결과 보기"</a></p>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ChargeResultPage() -> impl IntoView {
    let query = use_query_map();
    let order = Memo::new(move |_| query.read().get("order").unwrap_or_default());
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let payment = Resource::new(move || (order.get(), version.get()), |(o, _)| get_payment(o));
    let recheck = crate::ui::kit::page_action::<RecheckPayment>();
    reload_on_ok(recheck, version);
    let error = action_error(recheck);
    view! {
        <Title text="결제 결과 - minihompy"/>
        <section class="shop charge-result">
            <h1>"결제 결과"</h1>
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match payment.await {
                        Ok(p) => {
                            let ok = p.status == PaymentStatus::Approved;
                            let unsettled = matches!(p.status, PaymentStatus::Unknown | PaymentStatus::Approving);
                            let order_id = p.order_id.clone();
                            view! {
                                <p class="payment-status" class:ok=ok data-status=p.status.as_str() role="status">
                                    {if ok { format!("도토리 {}개가 충전되었어요!", p.dotori) } else { p.status.label().to_owned() }}
                                </p>
                                {p.failure.clone().map(|f| view! { <p class="payment-failure">{f}</p> })}
                                <dl class="pay-summary">
                                    <dt>"주문 번호"</dt><dd><code>{p.order_id.clone()}</code></dd>
                                    <dt>"금액"</dt><dd>{format!("{}원 (도토리 {}개)", won(p.amount_won), p.dotori)}</dd>
                                </dl>
                                {unsettled.then(|| view! {
                                    <button type="button" class="secondary recheck" on:click=move |_| { recheck.dispatch(RecheckPayment { order_id: order_id.clone() }); }>"다시 확인"</button>
                                })}
                                <FormError error/>
                                <p><a href="/shop">"선물가게로"</a> " · " <a href="/shop/charge">"다시 충전하기"</a> " · " <a href="/shop/history">"결제 내역"</a></p>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
