//! 관리자: members, roles, suspension (ADMIN only; the server checks every call).

use super::{action_error, FormError};
use crate::account::{
    api::{admin_users, AdminSetRole, AdminSetSuspended},
    model::{Role, ADMIN_PAGE_SIZE},
};
use crate::ui::kit::LoginPrompt;
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
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        Ok((rows, total)) => view! {
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
                            <div class="pager">
                                <button type="button" class="secondary" disabled=move || page.get() == 0 on:click=move |_| set_page.update(|p| *p = p.saturating_sub(1))>"이전"</button>
                                <span>{move || format!("{} 쪽", page.get() + 1)}</span>
                                <button type="button" class="secondary" disabled=move || { i64::from(page.get() + 1) * i64::from(ADMIN_PAGE_SIZE) >= total } on:click=move |_| set_page.update(|p| *p += 1)>"다음"</button>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
