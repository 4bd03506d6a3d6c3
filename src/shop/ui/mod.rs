//! Pages of 도토리 and the shop: the shop (선물가게), my items, top-up (충전) with the
//! identity check and the sandbox's payment page, the histories, the staff's page, and
//! the top bar's balance.

mod admin;
mod charge;
mod history;

pub use admin::AdminShopPage;
pub use charge::{ChargePage, ChargeResultPage, SandboxPayPage};
pub use history::ShopHistoryPage;

use super::{
    api::{get_my_items, gift_friends, shop_catalogue, BuyProduct, EquipItem, GiftProduct},
    model::{OwnedItem, Product, ProductKind},
};
use crate::ui::kit::{action_error, reload_on_ok, ErrorPage, FieldError, FormError, LoginPrompt};
use crate::ui::kit::{route_path, RouteOf};
use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Every page of the shop, chosen by the address: the area is one lazy route (one chunk of
/// code), so its pages do not split the code they share with the rest of the site into
/// more, smaller chunks.
#[component]
pub fn ShopArea() -> impl IntoView {
    let path = route_path(RouteOf::Exact);
    move || match path.get().trim_end_matches('/') {
        "/shop" => view! { <ShopPage/> }.into_any(),
        "/shop/items" => view! { <MyItemsPage/> }.into_any(),
        "/shop/charge" => view! { <ChargePage/> }.into_any(),
        "/shop/charge/result" => view! { <ChargeResultPage/> }.into_any(),
        "/shop/pay/sandbox" => view! { <SandboxPayPage/> }.into_any(),
        "/shop/history" => view! { <ShopHistoryPage/> }.into_any(),
        "/admin/shop" => view! { <AdminShopPage/> }.into_any(),
        _ => view! { <crate::ui::kit::NotFound/> }.into_any(),
    }
}

/// The balance in the top bar (`first`, as the page loaded it), kept live by the shop's
/// events on the tab's socket.
#[component]
pub fn DotoriBadge(first: u32) -> impl IntoView {
    let balance = RwSignal::new(first);
    let gift = RwSignal::new(false);
    crate::chat::socket::listen_other(move |text| {
        if let Some(b) = dotori_event(text) {
            balance.set(b);
        } else if text.starts_with(r#"{"type":"gift""#) {
            gift.set(true);
        }
    });
    view! {
        <a class="dotori-badge" href="/shop" title="도토리 (선물가게)">
            <span aria-hidden="true">"🌰"</span>
            <span class="dotori-count" data-testid="dotori-balance">{move || balance.get()}</span>
        </a>
        <Show when=move || gift.get()>
            <a class="gift-badge" href="/shop/items" on:click=move |_| gift.set(false)>"🎁 새 선물"</a>
        </Show>
    }
}

/// The balance in a `{"type":"dotori","balance":N}` frame (`ShopEvent::Dotori` as serde
/// writes it, tag first). Read by hand: this runs in the shell's bundle, where a JSON
/// reader for one number would cost more than the badge.
pub fn dotori_event(text: &str) -> Option<u32> {
    text.strip_prefix(r#"{"type":"dotori","balance":"#)?.strip_suffix('}')?.parse().ok()
}

fn kind_tabs(current: String) -> impl IntoView {
    let tab = move |k: &'static str, label: &'static str| {
        let active = current == k;
        let href = if k.is_empty() { "/shop".to_owned() } else { format!("/shop?kind={k}") };
        view! { <a href=href class:active=active aria-current=active.then_some("page")>{label}</a> }
    };
    view! {
        <nav class="shop-tabs" aria-label="상품 종류">
            {tab("", "전체")}
            {tab("MINIMI", "미니미")}
            {tab("SKIN", "스킨")}
            {tab("BGM", "배경음악")}
        </nav>
    }
}

fn shop_links() -> impl IntoView {
    view! {
        <nav class="shop-links">
            <a href="/shop">"선물가게"</a>
            <a href="/shop/items">"내 아이템"</a>
            <a href="/shop/charge">"도토리 충전"</a>
            <a href="/shop/history">"결제·구매 내역"</a>
        </nav>
    }
}

/// What a product looks like: the 미니미, a sample frame in the skin's colours, or a player.
#[component]
fn Preview(p: Product) -> impl IntoView {
    match p.kind {
        ProductKind::Minimi => {
            view! { <img class="product-picture" src=p.picture.unwrap_or_default() alt=format!("{} 미니미", p.name) width="64" height="80"/> }
                .into_any()
        }
        ProductKind::Skin => {
            let style = p.skin.as_ref().map(|s| s.style()).unwrap_or_default();
            view! {
                <div class="skin-sample" style=style role="img" aria-label=format!("{} 미리보기", p.name)>
                    <span class="skin-sample-left"></span>
                    <span class="skin-sample-right"><span class="skin-sample-tab"></span></span>
                </div>
            }
            .into_any()
        }
        ProductKind::Bgm => view! {
            <div class="bgm-sample">
                <span class="bgm-sample-note" aria-hidden="true">"♫"</span>
                <audio class="bgm-preview" controls preload="none" src=p.audio.unwrap_or_default() aria-label=format!("{} 미리 듣기", p.name)></audio>
            </div>
        }
        .into_any(),
    }
}

#[component]
pub fn ShopPage() -> impl IntoView {
    let query = use_query_map();
    let kind = Memo::new(move |_| query.read().get("kind").unwrap_or_default());
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || (kind.get(), version.get()), |(k, _)| shop_catalogue(k));
    let buy = crate::ui::kit::page_action::<BuyProduct>();
    reload_on_ok(buy, version);
    let error = action_error(buy);
    let bought = move || buy.value().get().and_then(Result::ok).map(|p: Product| p.name);
    // Outside the cards: the catalogue reloads after a gift and the card's form goes away.
    let gifted = RwSignal::new(None::<String>);
    view! {
        <Title text="선물가게 - minihompy"/>
        <section class="shop">
            <header class="shop-head">
                <h1>"선물가게"</h1>
                {shop_links()}
            </header>
            {move || kind_tabs(kind.get())}
            <FormError error/>
            {move || bought().map(|name| view! {
                <p class="notice" role="status">{format!("{name}을(를) 샀어요! ")}<a href="/shop/items">"내 아이템에서 사용하기"</a></p>
            })}
            {move || gifted.get().map(|text| view! { <p class="notice gift-sent" role="status">{text}</p> })}
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) => {
                            let signed_in = c.balance.is_some();
                            view! {
                                {c.balance.map(|b| view! { <p class="shop-balance">"내 도토리 " <b data-testid="shop-balance">{b}</b> "개"</p> })}
                                {(!signed_in).then(|| view! { <LoginPrompt what="아이템을 사려면"/> })}
                                <ul class="product-grid">
                                    {c.products.into_iter().map(|p| view! { <ProductCard p signed_in buy version gifted/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProductCard(
    p: Product,
    signed_in: bool,
    buy: ServerAction<BuyProduct>,
    version: RwSignal<u32>,
    gifted: RwSignal<Option<String>>,
) -> impl IntoView {
    let gifting = RwSignal::new(false);
    let id = p.id.clone();
    let name = p.name.clone();
    let price = p.price;
    let owned = p.owned;
    view! {
        <li class="product-card" data-product=p.id.clone() data-kind=p.kind.as_str()>
            <Preview p=p.clone()/>
            <span class="product-name">{p.name.clone()}</span>
            <span class="product-meta">{format!("{} · {}", p.kind.label(), p.category)}</span>
            <span class="product-price">"🌰 " {p.price}</span>
            {signed_in.then(|| {
                let id2 = id.clone();
                let name2 = name.clone();
                view! {
                    <div class="product-actions">
                        {if owned {
                            view! { <span class="owned-mark">"보유 중"</span> }.into_any()
                        } else {
                            let id = id.clone();
                            let name = name.clone();
                            view! {
                                <button type="button" class="small buy" disabled=move || buy.pending().get() on:click=move |_| {
                                    if window().confirm_with_message(&format!("{name}을(를) 도토리 {price}개로 살까요?")).unwrap_or(false) {
                                        buy.dispatch(BuyProduct { id: id.clone() });
                                    }
                                }>"구매"</button>
                            }.into_any()
                        }}
                        <button type="button" class="small secondary gift" aria-expanded=move || gifting.get().to_string()
                            on:click=move |_| gifting.update(|g| *g = !*g)>"선물"</button>
                    </div>
                    <Show when=move || gifting.get()>
                        <GiftForm id=id2.clone() name=name2.clone() version gifted/>
                    </Show>
                }
            })}
        </li>
    }
}

#[component]
fn GiftForm(id: String, name: String, version: RwSignal<u32>, gifted: RwSignal<Option<String>>) -> impl IntoView {
    let friends = Resource::new(|| (), |_| gift_friends());
    let gift = crate::ui::kit::page_action::<GiftProduct>();
    let error = action_error(gift);
    Effect::new(move |_| {
        if let Some(Ok(())) = gift.value().get() {
            gifted.set(Some(format!("{name}을(를) 선물로 보냈어요!")));
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"일촌 불러오는 중…"</p> }>
            {move || {
                let id = id.clone();
                Suspend::new(async move {
                    match friends.await {
                        Ok(list) if list.is_empty() => view! { <p class="hint">"선물은 일촌에게만 보낼 수 있어요. 아직 일촌이 없어요."</p> }.into_any(),
                        Ok(list) => view! {
                            <ActionForm action=gift attr:class="form gift-form">
                                <input type="hidden" name="id" value=id.clone()/>
                                <label>"받는 일촌"
                                    <select name="to" required>
                                        {list.into_iter().map(|(uid, label)| view! { <option value=uid>{label}</option> }).collect_view()}
                                    </select>
                                </label>
                                <label>"메시지" <input type="text" name="message" maxlength="100" placeholder="선물과 함께 보낼 말"/></label>
                                <FieldError error field="message"/>
                                <FormError error/>
                                <button type="submit" class="small">"선물하기"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn MyItemsPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || version.get(), |_| get_my_items());
    let equip = crate::ui::kit::page_action::<EquipItem>();
    reload_on_ok(equip, version);
    let error = action_error(equip);
    view! {
        <Title text="내 아이템 - minihompy"/>
        <section class="shop">
            <header class="shop-head">
                <h1>"내 아이템"</h1>
                {shop_links()}
            </header>
            <FormError error/>
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(m) if m.items.is_empty() => view! {
                            <p class="hint">"아직 아이템이 없어요. " <a href="/shop">"선물가게 구경하기"</a></p>
                        }.into_any(),
                        Ok(m) => view! {
                            <p class="shop-balance">"내 도토리 " <b>{m.balance}</b> "개 · " <a href=format!("/hompy/{}", m.user_id)>"내 미니홈피에서 보기"</a></p>
                            <ul class="product-grid">
                                {m.items.into_iter().map(|item| view! { <OwnedCard item equip/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OwnedCard(item: OwnedItem, equip: ServerAction<EquipItem>) -> impl IntoView {
    let p = item.product.clone();
    let on = item.equipped;
    let (on_label, off_label, state) = match p.kind {
        ProductKind::Minimi => ("착용하기", "벗기", "착용 중"),
        ProductKind::Skin => ("적용하기", "해제", "적용 중"),
        ProductKind::Bgm => ("재생목록에 담기", "빼기", "재생목록에 있음"),
    };
    let id = p.id.clone();
    view! {
        <li class="product-card" class:equipped=on data-product=p.id.clone() data-kind=p.kind.as_str()>
            <Preview p=p.clone()/>
            <span class="product-name">{p.name.clone()}</span>
            <span class="product-meta">{p.kind.label()}</span>
            {item.gift_from.map(|from| view! {
                <p class="gift-note">"🎁 " <b>{from}</b> "님의 선물" {item.gift_message.filter(|m| !m.is_empty()).map(|m| view! { <br/> <q>{m}</q> })}</p>
            })}
            {on.then(|| view! { <span class="owned-mark">{state}</span> })}
            <button type="button" class="small equip" class:secondary=on disabled=move || equip.pending().get()
                on:click=move |_| { equip.dispatch(EquipItem { id: id.clone(), on: !on }); }>
                {if on { off_label } else { on_label }}
            </button>
        </li>
    }
}
