//! The staff's shop page: products (add with a picture, colours or a track; edit; retire),
//! packages, grants and deductions, refunds, and the audit log. The server refuses every
//! one of these to a USER; the page only decides what to show.

use super::super::{
    api::{
        admin_payments, get_admin_shop, product_upload_url, shop_audit, AdjustDotori, CreateProduct, RefundPayment, SavePackage,
        UpdateProduct,
    },
    model::{PaymentStatus, Product},
};
use super::{charge::won, Preview};
use crate::ui::kit::{action_error, reload_on_ok, upload, ErrorMessage, ErrorPage, FieldError, FormError, Pager, ProgressBar, When};
use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

#[component]
pub fn AdminShopPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || version.get(), |_| get_admin_shop());
    // Every resource of the page is made here, before any of them resolves, so the server
    // and the browser number them alike.
    let pay_page = RwSignal::new(1u32);
    let payments = Resource::new(move || (pay_page.get(), version.get()), |(p, _)| admin_payments(p));
    let audit_page = RwSignal::new(1u32);
    let audit = Resource::new(move || (audit_page.get(), version.get()), |(p, _)| shop_audit(p));
    view! {
        <Title text="상점 관리 - minihompy"/>
        <section class="shop admin-shop">
            <h1>"상점 관리"</h1>
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            <h2>"새 상품"</h2>
                            <NewProduct version/>
                            <h2>"상품"</h2>
                            <ul class="product-grid admin-products">
                                {d.products.into_iter().map(|p| view! { <ProductEditor p version/> }).collect_view()}
                            </ul>
                            <h2>"충전 상품"</h2>
                            <PackageEditor packages=d.packages version/>
                            <h2>"도토리 지급·차감"</h2>
                            <Adjust/>
                            <h2>"결제와 환불"</h2>
                            <AdminPayments data=payments page=pay_page version/>
                            <h2>"관리 기록"</h2>
                            <Audit data=audit page=audit_page/>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NewProduct(version: RwSignal<u32>) -> impl IntoView {
    let create = crate::ui::kit::page_action::<CreateProduct>();
    reload_on_ok(create, version);
    let error = action_error(create);
    let kind = RwSignal::new("SKIN".to_owned());
    let (frame, bg, accent) =
        (RwSignal::new("#7ec8e3".to_owned()), RwSignal::new("#f5fbff".to_owned()), RwSignal::new("#2b6f8e".to_owned()));
    let asset = RwSignal::new(String::new());
    let progress = RwSignal::new(0.0);
    let upload_error = RwSignal::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        let k = kind.get_untracked();
        upload_error.set(None);
        progress.set(0.0);
        leptos::task::spawn_local(async move {
            match product_upload_url(k).await {
                Ok(signed) => upload::put_with_progress(
                    &file,
                    &signed.url,
                    move |p| progress.set(p),
                    move |status, body| {
                        if status == 200 {
                            let name = serde_json::from_str::<serde_json::Value>(&body)
                                .ok()
                                .and_then(|v| v.get("asset").and_then(|a| a.as_str()).map(str::to_owned));
                            asset.set(name.unwrap_or_default());
                        } else {
                            upload_error.set(Some(upload::error_message(&body)));
                        }
                    },
                ),
                Err(e) => upload_error.set(Some(e.message)),
            }
        });
    };
    let value = move || if kind.get() == "SKIN" { format!("{};{};{}", frame.get(), bg.get(), accent.get()) } else { asset.get() };
    view! {
        <ActionForm action=create attr:class="form new-product">
            <label>"종류"
                <select name="kind" on:change=move |ev| { kind.set(event_target_value(&ev)); asset.set(String::new()); }>
                    <option value="SKIN" selected>"스킨"</option>
                    <option value="MINIMI">"미니미"</option>
                    <option value="BGM">"배경음악"</option>
                </select>
            </label>
            <label>"이름" <input type="text" name="name" maxlength="40" required/></label>
            <FieldError error field="name"/>
            <label>"분류" <input type="text" name="category" maxlength="20" required/></label>
            <FieldError error field="category"/>
            <label>"가격 (도토리)" <input type="number" name="price" min="1" max="100000" value="10" required/></label>
            <FieldError error field="price"/>
            <Show when=move || kind.get() == "SKIN" fallback=move || view! {
                <label>{move || if kind.get() == "BGM" { "음악 파일 (wav, ogg, mp3)" } else { "미니미 그림 (png, jpg, gif, webp)" }}
                    <input type="file" class="product-file" accept=move || if kind.get() == "BGM" { "audio/*" } else { "image/*" } on:change=on_file/>
                </label>
                <ProgressBar value=progress/>
                <ErrorMessage message=upload_error/>
            }>
                <div class="skin-colours">
                    <label>"테두리" <input type="color" prop:value=move || frame.get() on:input=move |ev| frame.set(event_target_value(&ev))/></label>
                    <label>"배경" <input type="color" prop:value=move || bg.get() on:input=move |ev| bg.set(event_target_value(&ev))/></label>
                    <label>"강조" <input type="color" prop:value=move || accent.get() on:input=move |ev| accent.set(event_target_value(&ev))/></label>
                </div>
            </Show>
            <input type="hidden" name="asset" prop:value=value/>
            <FieldError error field="asset"/>
            <FormError error/>
            <button type="submit" disabled=move || create.pending().get()>"상품 추가"</button>
        </ActionForm>
    }
}

#[component]
fn ProductEditor(p: Product, version: RwSignal<u32>) -> impl IntoView {
    let update = crate::ui::kit::page_action::<UpdateProduct>();
    reload_on_ok(update, version);
    let error = action_error(update);
    let on_sale = RwSignal::new(p.on_sale);
    let (id, name, category) = (p.id.clone(), p.name.clone(), p.category.clone());
    view! {
        <li class="product-card" class:retired=!p.on_sale data-product=p.id.clone()>
            <Preview p=p.clone()/>
            <ActionForm action=update attr:class="form product-edit">
                <input type="hidden" name="id" value=id/>
                <label>"이름" <input type="text" name="name" value=name maxlength="40" required/></label>
                <label>"분류" <input type="text" name="category" value=category maxlength="20" required/></label>
                <label>"가격" <input type="number" name="price" value=p.price min="1" required/></label>
                <input type="hidden" name="on_sale" prop:value=move || on_sale.get().to_string()/>
                <label class="check"><input type="checkbox" prop:checked=move || on_sale.get() on:change=move |ev| on_sale.set(event_target_checked(&ev))/> "판매 중"</label>
                <FormError error/>
                <button type="submit" class="small">"저장"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn PackageEditor(packages: Vec<super::super::model::Package>, version: RwSignal<u32>) -> impl IntoView {
    let save = crate::ui::kit::page_action::<SavePackage>();
    reload_on_ok(save, version);
    let error = action_error(save);
    view! {
        <table class="history-table">
            <thead><tr><th>"도토리"</th><th>"가격"</th><th>"판매"</th></tr></thead>
            <tbody>
                {packages.into_iter().map(|p| view! {
                    <tr><td>{p.dotori}</td><td>{format!("{}원", won(p.price_won))}</td><td>{if p.on_sale { "판매 중" } else { "중지" }}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <ActionForm action=save attr:class="form package-form">
            <label>"도토리" <input type="number" name="dotori" min="1" required/></label>
            <label>"가격 (원)" <input type="number" name="price_won" min="100" step="100" required/></label>
            <label>"판매" <select name="on_sale"><option value="true">"판매"</option><option value="false">"중지"</option></select></label>
            <FieldError error field="dotori"/>
            <FieldError error field="priceWon"/>
            <FormError error/>
            <button type="submit" class="small">"저장 (같은 도토리 수는 변경)"</button>
        </ActionForm>
    }
}

#[component]
fn Adjust() -> impl IntoView {
    let adjust = crate::ui::kit::page_action::<AdjustDotori>();
    let error = action_error(adjust);
    view! {
        <ActionForm action=adjust attr:class="form adjust-form">
            <label>"회원 번호" <input type="number" name="user_id" min="1" required/></label>
            <label>"도토리 (차감은 음수)" <input type="number" name="amount" required/></label>
            <FieldError error field="amount"/>
            <label>"사유" <input type="text" name="reason" maxlength="100" required/></label>
            <FieldError error field="reason"/>
            <FormError error/>
            <button type="submit" class="small">"적용"</button>
            {move || adjust.value().get().and_then(Result::ok).map(|b| view! { <p class="notice" role="status">{format!("적용했어요. 잔액 {b}개")}</p> })}
        </ActionForm>
    }
}

type Loaded<T> = Resource<Result<T, crate::error::AppError>>;

#[component]
fn AdminPayments(data: Loaded<super::super::model::PaymentPage>, page: RwSignal<u32>, version: RwSignal<u32>) -> impl IntoView {
    let refund = crate::ui::kit::page_action::<RefundPayment>();
    reload_on_ok(refund, version);
    let error = action_error(refund);
    view! {
        <FormError error/>
        <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => view! {
                        <table class="history-table admin-payments">
                            <thead><tr><th>"날짜"</th><th>"회원"</th><th>"금액"</th><th>"상태"</th><th></th></tr></thead>
                            <tbody>
                                {p.payments.into_iter().map(|x| {
                                    let order = x.order_id.clone();
                                    view! {
                                        <tr data-order=x.order_id.clone()>
                                            <td><When t=x.created_at/></td>
                                            <td>{x.user_id}</td>
                                            <td>{format!("{}원 / 도토리 {}개", won(x.amount_won), x.dotori)}</td>
                                            <td>{x.status.label()}</td>
                                            <td>{(x.status == PaymentStatus::Approved).then(|| view! {
                                                <button type="button" class="small danger refund" on:click=move |_| {
                                                    if let Ok(Some(reason)) = window().prompt_with_message("환불 사유") {
                                                        refund.dispatch(RefundPayment { order_id: order.clone(), reason });
                                                    }
                                                }>"환불"</button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager page=p.page total_pages=p.total_pages on_page=Callback::new(move |n| page.set(n))/>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Audit(data: Loaded<(Vec<super::super::model::AuditEntry>, u32, u32)>, page: RwSignal<u32>) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((rows, p, total)) => view! {
                        <ul class="audit-log">
                            {rows.into_iter().map(|a| view! {
                                <li><When t=a.created_at/> " " <b>{a.actor}</b> " " <code>{a.action}</code> " " {a.target} " " <span class="hint">{a.detail}</span></li>
                            }).collect_view()}
                        </ul>
                        <Pager page=p total_pages=total on_page=Callback::new(move |n| page.set(n))/>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
