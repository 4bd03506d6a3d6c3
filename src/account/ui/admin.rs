//! 관리자: members, roles, suspension (ADMIN only; the server checks every call).

use crate::account::{
    api::{admin_users, AdminSetRole, AdminSetSuspended},
    model::{Role, ADMIN_PAGE_SIZE},
};
use crate::ui::kit::{action_error, FormError, LoginPrompt, Pager};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminPage() -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let draft = RwSignal::new(String::new());
    let (page, set_page) = signal(0u32);
    let set_role = ServerAction::<AdminSetRole>::new();
    let suspend = ServerAction::<AdminSetSuspended>::new();
    let role_error = action_error(set_role);
    let suspend_error = action_error(suspend);
    let users = Resource::new(
        move || (query.get(), page.get(), set_role.version().get(), suspend.version().get()),
        |(q, p, _, _)| admin_users(q, p),
    );
    view! {
        <Title text="관리자"/>
        <section class="card">
            <h1>"회원 관리"</h1>
            <form class="search" on:submit=move |ev| {
                ev.prevent_default();
                set_page.set(0);
                set_query.set(draft.get());
            }>
                <input type="search" name="q" placeholder="이메일, 이름, 닉네임" aria-label="회원 검색" bind:value=draft/>
                <button type="submit">"검색"</button>
            </form>
            <FormError error=role_error/>
            <FormError error=suspend_error/>
            {move || matches!(set_role.value().get(), Some(Ok(()))).then(|| view! { <p class="ok" role="status">"역할을 바꿨습니다."</p> })}
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Err(e) if e.status == 401 => view! { <LoginPrompt what="관리자 페이지를 보려면"/> }.into_any(),
                        Err(e) => view! { <FormError error=Some(e)/> }.into_any(),
                        Ok((rows, total)) => {
                            let total_pages = (total.max(0) as u64).div_ceil(u64::from(ADMIN_PAGE_SIZE)).max(1) as u32;
                            view! {
                            <p class="hint">{format!("{total}명")}</p>
                            <div class="table-wrap">
                            <table class="admin-users">
                                <thead><tr><th>"ID"</th><th>"이메일"</th><th>"닉네임"</th><th>"역할"</th><th>"상태"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|u| {
                                        let id = u.id;
                                        let suspended = u.status == crate::account::model::MemberStatus::Suspended;
                                        view! {
                                            <tr data-email=u.email.clone()>
                                                <td>{u.id}</td>
                                                <td>{u.email.clone()}</td>
                                                <td>{u.nickname.clone()}</td>
                                                <td>
                                                    <select aria-label="역할" on:change=move |ev| {
                                                        set_role.dispatch(AdminSetRole { id, role: event_target_value(&ev) });
                                                    }>
                                                        {Role::ALL.into_iter().map(|r| view! {
                                                            <option value=r.as_str() selected=r == u.role>{r.as_str()}</option>
                                                        }).collect_view()}
                                                    </select>
                                                </td>
                                                <td>
                                                    <span class="status">{if suspended { "정지" } else { "정상" }}</span>
                                                    <button type="button" class="secondary" on:click=move |_| {
                                                        suspend.dispatch(AdminSetSuspended { id, suspended: !suspended });
                                                    }>{if suspended { "정지 해제" } else { "정지" }}</button>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                            <Pager page=Signal::derive(move || page.get() + 1) total_pages
                                on_page=Callback::new(move |p: u32| set_page.set(p.saturating_sub(1)))/>
                        }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
