//! The 홈 tab: the 미니룸, what is new, and the 일촌평.

use super::super::model::{minimi_src, HomeTab, Recent, Relation};
use crate::{
    ilchon::model::{IlchonLink, Pyeong},
    ui::kit::{ErrorPage, When},
};
use leptos::prelude::*;

#[component]
pub fn HomeTabView(
    owner: u64,
    relation: Relation,
    minimi: String,
    nickname: String,
    ilchons: Vec<IlchonLink>,
    pyeong_box: Callback<(u64, Relation, Vec<Pyeong>, RwSignal<u32>), AnyView>,
) -> impl IntoView {
    // The largest picture of a homepage on a phone (its LCP): as a plain <img> it queued
    // behind the page's code chunks (Lighthouse's simulated LCP 9 s, 1 s for the text).
    #[cfg(feature = "ssr")]
    crate::server::http::preload_image(&minimi_src(&minimi));
    let super::TabData { data, version } = super::tab_data::<HomeTab>();
    view! {
        <div class="miniroom" role="img" aria-label=format!("{nickname}의 미니룸")>
            <div class="miniroom-window"></div>
            <img class="miniroom-minimi" src=minimi_src(&minimi) alt="" fetchpriority="high"/>
        </div>
        <p class="miniroom-caption">{format!("{nickname}님의 미니룸에 오신 것을 환영해요!")}</p>
        <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || { let ilchons = ilchons.clone(); Suspend::new(async move {
                match data.await {
                    Ok(home) => view! {
                        <div class="recent-grid">
                            <RecentList title="다이어리" href=format!("/hompy/{owner}/diary") items=home.diary empty="아직 다이어리가 없어요."/>
                            <RecentPhotos owner items=home.photos/>
                            <RecentList title="방명록" href=format!("/hompy/{owner}/guestbook") items=home.guestbook empty="아직 방명록이 없어요."/>
                        </div>
                        {pyeong_box.run((owner, relation, home.pyeong, version))}
                        <IlchonList ilchons=ilchons.clone()/>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}}
        </Transition>
    }
}

#[component]
fn RecentList(title: &'static str, href: String, items: Vec<Recent>, empty: &'static str) -> impl IntoView {
    view! {
        <section class="recent">
            <h2><a href=href.clone()>{title}</a></h2>
            {if items.is_empty() {
                view! { <p class="hint">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {items.into_iter().map(|r| view! {
                            <li><a href=href.clone()>{r.title}</a> <When t=r.created_at/></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RecentPhotos(owner: u64, items: Vec<Recent>) -> impl IntoView {
    let href = format!("/hompy/{owner}/photos");
    view! {
        <section class="recent">
            <h2><a href=href.clone()>"사진첩"</a></h2>
            {if items.is_empty() {
                view! { <p class="hint">"아직 사진이 없어요."</p> }.into_any()
            } else {
                view! {
                    <ul class="recent-photos">
                        {items.into_iter().map(|r| view! {
                            <li>
                                <a href=href.clone() title=r.title.clone()>
                                    {match r.thumb_url {
                                        Some(src) => view! { <img src=src alt=r.title.clone() loading="lazy" width="80" height="80"/> }.into_any(),
                                        None => view! { <span class="video-thumb">"▶"</span> }.into_any(),
                                    }}
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The owner's 일촌, with what the owner calls each.
#[component]
fn IlchonList(ilchons: Vec<IlchonLink>) -> impl IntoView {
    view! {
        <section class="recent ilchon-list">
            <h2>{format!("일촌 ({}명)", ilchons.len())}</h2>
            {if ilchons.is_empty() {
                view! { <p class="hint">"아직 일촌이 없어요."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {ilchons.into_iter().map(|i| view! {
                            <li><a href=format!("/hompy/{}", i.user_id)>{i.nickname}</a> " " <span class="when">{i.name}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
