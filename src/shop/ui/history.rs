//! 결제 내역 (payments), 구매 내역 (purchases and gifts) and the 도토리 ledger with its
//! running balance, as tabs of one page.

use super::super::api::{my_ledger, my_payments, my_purchases};
use super::{charge::won, shop_links};
use crate::ui::kit::{ErrorPage, Pager, When};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ShopHistoryPage() -> impl IntoView {
    let query = use_query_map();
    let tab = Memo::new(move |_| query.read().get("tab").unwrap_or_else(|| "payments".into()));
    let page = Memo::new(move |_| query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1u32));
    let link = move |t: &'static str, label: &'static str| {
        view! { <a href=format!("/shop/history?tab={t}") class:active=move || tab.get() == t aria-current=move || (tab.get() == t).then_some("page")>{label}</a> }
    };
    view! {
        <Title text="결제·구매 내역 - minihompy"/>
        <section class="shop history">
            <header class="shop-head">
                <h1>"결제·구매 내역"</h1>
                {shop_links()}
            </header>
            <nav class="shop-tabs" aria-label="내역 종류">
                {link("payments", "결제 내역")}
                {link("purchases", "구매 내역")}
                {link("ledger", "도토리 내역")}
            </nav>
            {move || match tab.get().as_str() {
                "purchases" => view! { <Purchases page=page.get()/> }.into_any(),
                "ledger" => view! { <Ledger page=page.get()/> }.into_any(),
                _ => view! { <Payments page=page.get()/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Payments(page: u32) -> impl IntoView {
    let data = Resource::new(move || page, my_payments);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) if p.payments.is_empty() => view! { <p class="hint">"결제 내역이 없어요."</p> }.into_any(),
                    Ok(p) => view! {
                        <table class="history-table payments-table">
                            <thead><tr><th>"날짜"</th><th>"상품"</th><th>"금액"</th><th>"상태"</th><th>"영수증"</th></tr></thead>
                            <tbody>
                                {p.payments.into_iter().map(|x| view! {
                                    <tr data-status=x.status.as_str()>
                                        <td><When t=x.created_at/></td>
                                        <td>{format!("도토리 {}개", x.dotori)}</td>
                                        <td>{format!("{}원", won(x.amount_won))}</td>
                                        <td>{x.status.label()} {x.failure.map(|f| view! { <small class="hint">" " {f}</small> })}</td>
                                        <td><a href=format!("/shop/charge/result?order={}", x.order_id)>"보기"</a></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager page=p.page total_pages=p.total_pages query="tab=payments"/>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Purchases(page: u32) -> impl IntoView {
    let data = Resource::new(move || page, my_purchases);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) if p.rows.is_empty() => view! { <p class="hint">"구매 내역이 없어요."</p> }.into_any(),
                    Ok(p) => view! {
                        <table class="history-table purchases-table">
                            <thead><tr><th>"날짜"</th><th>"아이템"</th><th>"도토리"</th><th>"구분"</th></tr></thead>
                            <tbody>
                                {p.rows.into_iter().map(|r| {
                                    let what = match (&r.gift_to, &r.gift_from) {
                                        (Some(to), _) => format!("{to}님에게 선물"),
                                        (_, Some(from)) => format!("{from}님의 선물"),
                                        _ => "구매".to_owned(),
                                    };
                                    let price = if r.gift_from.is_some() { "-".to_owned() } else { r.price.to_string() };
                                    view! {
                                        <tr>
                                            <td><When t=r.created_at/></td>
                                            <td>{format!("{} ({})", r.product_name, r.kind.label())}</td>
                                            <td>{price}</td>
                                            <td>{what}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager page=p.page total_pages=p.total_pages query="tab=purchases"/>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Ledger(page: u32) -> impl IntoView {
    let data = Resource::new(move || page, my_ledger);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(l) => view! {
                        <p class="shop-balance">"지금 잔액 " <b>{l.balance}</b> "개"</p>
                        <table class="history-table ledger-table">
                            <thead><tr><th>"날짜"</th><th>"내용"</th><th>"변동"</th><th>"잔액"</th></tr></thead>
                            <tbody>
                                {l.entries.into_iter().map(|e| view! {
                                    <tr data-kind=e.kind.as_str()>
                                        <td><When t=e.created_at/></td>
                                        <td>{format!("[{}] {}", e.kind.label(), e.reason)}</td>
                                        <td class:minus=e.amount < 0>{if e.amount > 0 { format!("+{}", e.amount) } else { e.amount.to_string() }}</td>
                                        <td>{e.balance_after}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager page=l.page total_pages=l.total_pages query="tab=ledger"/>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
