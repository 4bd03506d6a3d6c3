//! 회원 찾기: by name or nickname (part of it), or an exact email address.

use super::super::{api::search_members, model::minimi_src};
use crate::{
    account::api::me,
    ui::kit::{url_encode, Avatar, ErrorPage, LoginPrompt, Pager},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (q.get("q").unwrap_or_default(), q.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1))
    };
    let user = Resource::new(|| (), |_| me());
    let results = Resource::new(args, |(q, page)| async move {
        if q.trim().is_empty() {
            Ok(None)
        } else {
            search_members(q, page).await.map(Some)
        }
    });
    view! {
        <Title text="회원 찾기"/>
        <section class="card member-search">
            <h1>"회원 찾기"</h1>
            <form method="get" action="/search" class="inline-form" role="search">
                <input type="search" name="q" value=move || args().0 placeholder="이름, 닉네임 또는 이메일" aria-label="검색어" maxlength="100" required/>
                <button type="submit">"찾기"</button>
            </form>
            <Suspense fallback=|| view! { <p class="loading">"찾는 중…"</p> }>
                {move || Suspend::new(async move {
                    if user.await.ok().flatten().is_none() {
                        return view! { <LoginPrompt what="회원을 찾으려면"/> }.into_any();
                    }
                    match results.await {
                        Ok(None) => view! { <p class="hint">"이메일은 정확히 입력해야 찾을 수 있어요."</p> }.into_any(),
                        Ok(Some(page)) if page.hits.is_empty() => view! { <p class="hint">"찾는 회원이 없어요."</p> }.into_any(),
                        Ok(Some(page)) => {
                            let q = format!("q={}", url_encode(&args().0));
                            view! {
                                <p class="hint">{format!("{}명을 찾았어요.", page.total)}</p>
                                <ul class="search-results">
                                    {page.hits.into_iter().map(|h| view! {
                                        <li>
                                            <a href=format!("/hompy/{}", h.user_id)>
                                                <Avatar photo=h.profile_img.clone() minimi=minimi_src(&h.minimi) name=h.nickname.clone() decorative=true size=(48, 48)/>
                                                <span class="result-name">{format!("{} ({})", h.nickname, h.name)}</span>
                                                <span class="result-title">{h.title.clone()}</span>
                                            </a>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <Pager page=page.page total_pages=page.total_pages query=q/>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
