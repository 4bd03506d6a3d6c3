//! The 다이어리 tab: a month calendar marking the days with entries, the entries (5 per
//! page, or one day's), comments; the owner writes, edits and deletes.

use super::super::{
    api::{DeleteDiary, SaveDiary},
    model::{DiaryEntry, DiaryPage, Relation},
};
use super::{Comments, VisibilityBadge, VisibilitySelect};
use crate::ui::kit::{action_error, reload_on_ok, time::date_time, ErrorPage, FieldError, FormError, Pager};
use chrono::{Datelike, NaiveDate};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn DiaryTab(owner: u64, relation: Relation) -> impl IntoView {
    let super::TabData { data, version } = super::tab_data::<DiaryPage>();
    view! {
        <Transition fallback=|| view! { <p class="loading">"다이어리를 여는 중…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DiaryView owner relation d version/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DiaryView(owner: u64, relation: Relation, d: DiaryPage, version: RwSignal<u32>) -> impl IntoView {
    let is_owner = relation == Relation::Owner;
    let query = match d.day {
        Some(day) => format!("month={}&day={day}", d.month),
        None => format!("month={}", d.month),
    };
    let empty = d.entries.is_empty();
    view! {
        <div class="diary">
            <Calendar month=d.month.clone() days=d.days_with_entries.clone() selected=d.day/>
            {is_owner.then(|| view! { <DiaryForm owner entry=None today=d.today version/> })}
            {d.day.map(|day| view! {
                <p class="filter">{format!("{}의 다이어리", day.format("%Y년 %m월 %d일"))} " " <a href="?">"전체 보기"</a></p>
            })}
            {empty.then(|| view! { <p class="hint">"읽을 수 있는 다이어리가 없어요."</p> })}
            {d.entries.into_iter().map(|e| view! { <Entry e owner relation today=d.today version/> }).collect_view()}
            <Pager page=d.page total_pages=d.total_pages query/>
        </div>
    }
}

/// The month grid; days with entries link to that day.
#[component]
fn Calendar(month: String, days: Vec<u32>, selected: Option<NaiveDate>) -> impl IntoView {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap_or_default();
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
    .unwrap_or(first);
    let prev = first.pred_opt().unwrap_or(first);
    let len = (next - first).num_days() as u32;
    let lead = first.weekday().num_days_from_sunday();
    let cells = (0..lead).map(|_| None).chain((1..=len).map(Some)).collect::<Vec<_>>();
    view! {
        <section class="calendar" aria-label="다이어리 달력">
            <header>
                <a href=format!("?month={}", prev.format("%Y-%m")) aria-label="이전 달">"◀"</a>
                <b>{first.format("%Y년 %m월").to_string()}</b>
                <a href=format!("?month={}", next.format("%Y-%m")) aria-label="다음 달">"▶"</a>
            </header>
            <div class="calendar-grid">
                {["일", "월", "화", "수", "목", "금", "토"].into_iter().map(|w| view! { <span class="weekday">{w}</span> }).collect_view()}
                {cells.into_iter().map(|c| match c {
                    None => view! { <span class="day blank"></span> }.into_any(),
                    Some(day) => {
                        let date = first.with_day(day).unwrap_or(first);
                        let is_selected = selected == Some(date);
                        if days.contains(&day) {
                            view! {
                                <a class="day has-entry" class:selected=is_selected data-day=day
                                   href=format!("?month={}&day={}", month, date.format("%Y-%m-%d"))>{day}</a>
                            }.into_any()
                        } else {
                            view! { <span class="day" class:selected=is_selected>{day}</span> }.into_any()
                        }
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn Entry(e: DiaryEntry, owner: u64, relation: Relation, today: NaiveDate, version: RwSignal<u32>) -> impl IntoView {
    let is_owner = relation == Relation::Owner;
    let editing = RwSignal::new(false);
    let delete = crate::ui::kit::page_action::<DeleteDiary>();
    reload_on_ok(delete, version);
    let id = e.id;
    let edit_entry = e.clone();
    view! {
        <article class="diary-entry" data-id=id>
            <header>
                <span class="entry-date">{e.entry_date.format("%Y.%m.%d").to_string()}</span>
                <h2 class="entry-title">{e.title.clone()}</h2>
                {is_owner.then(|| view! { <VisibilityBadge v=e.visibility/> })}
            </header>
            <Show
                when=move || editing.get()
                fallback={
                    let body = e.body.clone();
                    move || view! { <p class="entry-body pre">{body.clone()}</p> }
                }
            >
                <DiaryForm owner entry=Some(edit_entry.clone()) today version/>
            </Show>
            {is_owner.then(|| view! {
                <div class="owner-actions">
                    <button type="button" class="link-button" on:click=move |_| editing.update(|v| *v = !*v)>
                        {move || if editing.get() { "수정 취소" } else { "수정" }}
                    </button>
                    <button type="button" class="link-button danger"
                        on:click=move |_| {
                            if window().confirm_with_message("이 다이어리를 지울까요?").unwrap_or(false) {
                                delete.dispatch(DeleteDiary { id });
                            }
                        }>"삭제"</button>
                </div>
            })}
            <p class="when">{format!("작성 {}", date_time(e.created_at))}</p>
            <Comments kind="DIARY" target_id=id comments=e.comments.clone() version signed_in=relation.signed_in()/>
        </article>
    }
}

/// A new entry (`entry` None) or the edit form of one.
#[component]
fn DiaryForm(owner: u64, entry: Option<DiaryEntry>, today: NaiveDate, version: RwSignal<u32>) -> impl IntoView {
    let save = crate::ui::kit::page_action::<SaveDiary>();
    reload_on_ok(save, version);
    let error = action_error(save);
    let is_new = entry.is_none();
    let date = entry.as_ref().map(|e| e.entry_date).unwrap_or(today).format("%Y-%m-%d").to_string();
    view! {
        <ActionForm action=save attr:class=if is_new { "form diary-form card" } else { "form diary-form" }>
            {is_new.then(|| view! { <h2>"다이어리 쓰기"</h2> })}
            <input type="hidden" name="owner" value=owner/>
            <input type="hidden" name="id" value=entry.as_ref().map(|e| e.id.to_string()).unwrap_or_default()/>
            <label>"날짜" <input type="date" name="entry_date" value=date required/></label>
            <FieldError error field="entryDate"/>
            <label>"제목" <input type="text" name="title" maxlength="100" value=entry.as_ref().map(|e| e.title.clone()).unwrap_or_default() required/></label>
            <FieldError error field="title"/>
            <label>"내용" <textarea name="body" rows="5" maxlength="5000" required>{entry.as_ref().map(|e| e.body.clone()).unwrap_or_default()}</textarea></label>
            <FieldError error field="body"/>
            <VisibilitySelect selected=entry.as_ref().map(|e| e.visibility).unwrap_or(super::super::model::Visibility::Public)/>
            <FormError error/>
            <button type="submit" disabled=move || save.pending().get()>{if is_new { "올리기" } else { "저장" }}</button>
        </ActionForm>
    }
}
