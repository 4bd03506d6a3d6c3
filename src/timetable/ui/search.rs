//! The lecture search of 내 시간표 (name, professor or code; category, day, credits, "빈
//! 시간만") with 추가 on each result, and the "직접 추가" form for a member's own block.
//! A clash refused by the server is shown above the results with the server's words (they
//! name the lecture it clashes with).

use super::super::{
    api::{AddBlock, AddLecture, SearchLectures},
    model::{LectureCategory, LectureQuery, Timetable, BLOCK_COLORS, DAYS},
};
use crate::ui::kit::{action_error, FieldError, FormError, Pager};
use leptos::prelude::*;

/// An optional number from a select ("" = any).
fn opt_num<T: std::str::FromStr>(ev: &leptos::ev::Event) -> Option<T> {
    event_target_value(ev).parse().ok()
}

#[component]
pub fn LectureSearch(
    semester_id: u64,
    /// The timetable lectures go into (None: the member has none this semester yet).
    timetable_id: Option<u64>,
    current: RwSignal<Option<Timetable>>,
    on_added: Callback<Timetable>,
) -> impl IntoView {
    let q = RwSignal::new(String::new());
    let category = RwSignal::new(None::<LectureCategory>);
    let day = RwSignal::new(None::<u8>);
    let credits = RwSignal::new(None::<u8>);
    let fits = RwSignal::new(false);
    let page = RwSignal::new(1u32);
    let search = ServerAction::<SearchLectures>::new();
    let run = move |p: u32| {
        page.set(p);
        let query = LectureQuery {
            semester_id: Some(semester_id),
            q: q.get_untracked().trim().to_owned(),
            category: category.get_untracked(),
            day: day.get_untracked(),
            credits: credits.get_untracked(),
            fits: if fits.get_untracked() { timetable_id } else { None },
            school_id: None,
            page: p,
        };
        search.dispatch(SearchLectures { query });
    };
    // The first page once the page is live (the search is the member's, not the page's).
    Effect::new(move |done: Option<()>| {
        if done.is_none() {
            run(1);
        }
    });

    let add = ServerAction::<AddLecture>::new();
    let add_error = action_error(add);
    let adding = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(t)) = add.value().get() {
            on_added.run(t);
            if fits.get_untracked() {
                run(page.get_untracked());
            }
        }
    });
    let added = move || matches!(add.value().get(), Some(Ok(_)));
    let in_table = move |id: u64| current.with(|c| c.as_ref().is_some_and(|t| t.lectures.iter().any(|l| l.id == id)));

    let filter = move || run(1);
    view! {
        <section class="card tt-search" data-testid="lecture-search">
            <h2>"강의 찾기"</h2>
            <form class="tt-search-form" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                filter();
            }>
                <div class="inline-form">
                    <input type="search" aria-label="강의 검색" placeholder="과목명, 교수, 과목코드" maxlength="50"
                        prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
                    <button type="submit" class="small">"검색"</button>
                </div>
                <div class="tt-filters">
                    <select aria-label="이수 구분" on:change=move |ev| { category.set(LectureCategory::parse(&event_target_value(&ev))); filter(); }>
                        <option value="">"전체 구분"</option>
                        {LectureCategory::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                    </select>
                    <select aria-label="요일" on:change=move |ev| { day.set(opt_num(&ev)); filter(); }>
                        <option value="">"모든 요일"</option>
                        {DAYS.iter().take(6).enumerate().map(|(i, d)| view! { <option value=i.to_string()>{format!("{d}요일")}</option> }).collect_view()}
                    </select>
                    <select aria-label="학점" on:change=move |ev| { credits.set(opt_num(&ev)); filter(); }>
                        <option value="">"학점 전체"</option>
                        {(1..=4).map(|c| view! { <option value=c.to_string()>{format!("{c}학점")}</option> }).collect_view()}
                    </select>
                    <label class="check tt-fits">
                        <input type="checkbox" disabled=timetable_id.is_none() prop:checked=move || fits.get()
                            on:change=move |ev| { fits.set(event_target_checked(&ev)); filter(); }/>
                        "빈 시간만"
                    </label>
                </div>
            </form>
            {timetable_id.is_none().then(|| view! { <p class="hint">"먼저 시간표를 만들면 강의를 추가할 수 있어요."</p> })}
            <div class="tt-add-result" aria-live="polite">
                {move || add_error.get().map(|e| view! {
                    <p class="form-error tt-add-error" role="alert" data-testid="add-error" data-code=e.code.as_str()>{e.message}</p>
                })}
                {move || added().then(|| view! {
                    <p class="ok" role="status" data-testid="add-ok">{format!("'{}'을(를) 시간표에 넣었어요.", adding.get())}</p>
                })}
            </div>
            {move || match search.value().get() {
                None => view! { <p class="loading">"불러오는 중…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert" data-code=e.code.as_str()>{e.message}</p> }.into_any(),
                Some(Ok(found)) => {
                    let pages = found.pages;
                    view! {
                        <p class="hint tt-found" data-testid="lecture-count">{format!("{}개 강의", found.total)}</p>
                        {found.items.is_empty().then(|| view! { <p class="empty">"조건에 맞는 강의가 없어요."</p> })}
                        <ul class="tt-results">
                            {found.items.into_iter().map(|l| {
                                let id = l.id;
                                let name = l.name.clone();
                                let label = format!("{} 추가", l.name);
                                let place = if l.room.is_empty() { l.times_text.clone() } else { format!("{} · {}", l.times_text, l.room) };
                                view! {
                                    <li class="tt-result" data-testid="lecture-result" data-lecture-id=id>
                                        <div class="tt-result-text">
                                            <p class="tt-result-head">
                                                <a class="tt-result-name" href=format!("/timetable/lectures/{id}")>{l.name.clone()}</a>
                                                <span class="badge category">{l.category.label()}</span>
                                            </p>
                                            <p class="tt-result-meta">{format!("{} · {}-{} · {}학점", l.professor, l.code, l.section, l.credits)}</p>
                                            <p class="tt-result-meta">{place}</p>
                                        </div>
                                        {move || if in_table(id) {
                                            view! { <span class="badge tt-added">"추가됨"</span> }.into_any()
                                        } else {
                                            let (name, label) = (name.clone(), label.clone());
                                            view! {
                                                <button type="button" class="small" aria-label=label disabled=move || timetable_id.is_none() || add.pending().get()
                                                    on:click=move |_| {
                                                        let Some(timetable_id) = timetable_id else { return };
                                                        adding.set(name.clone());
                                                        add.dispatch(AddLecture { timetable_id, lecture_id: id });
                                                    }>"추가"</button>
                                            }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <Pager page=page total_pages=pages on_page=Callback::new(run)/>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// "직접 추가": a club, a part-time job: title, place, colour, times in the catalogue's words.
#[component]
pub fn BlockForm(timetable_id: u64, on_added: Callback<Timetable>) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let color = RwSignal::new(BLOCK_COLORS[0].to_owned());
    let times = RwSignal::new(String::new());
    let add = ServerAction::<AddBlock>::new();
    let error = action_error(add);
    Effect::new(move |_| {
        if let Some(Ok(t)) = add.value().get() {
            on_added.run(t);
            title.set(String::new());
            place.set(String::new());
            times.set(String::new());
        }
    });
    view! {
        <section class="card tt-block-form" data-testid="block-form">
            <h2>"직접 추가"</h2>
            <form class="form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                add.dispatch(AddBlock {
                    timetable_id,
                    title: title.get_untracked().trim().to_owned(),
                    place: place.get_untracked().trim().to_owned(),
                    color: color.get_untracked(),
                    times: times.get_untracked().trim().to_owned(),
                });
            }>
                <label>
                    "일정 이름"
                    <input type="text" name="title" maxlength="40" required placeholder="동아리, 아르바이트…"
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                </label>
                <FieldError error field="title"/>
                <label>
                    "장소 (선택)"
                    <input type="text" name="place" maxlength="40" prop:value=move || place.get() on:input=move |ev| place.set(event_target_value(&ev))/>
                </label>
                <FieldError error field="place"/>
                <fieldset class="tt-colors">
                    <legend>"색"</legend>
                    {BLOCK_COLORS.iter().enumerate().map(|(i, c)| {
                        let c = *c;
                        view! {
                            <label class="tt-color" style=format!("background:{c}") class:chosen=move || color.get() == c>
                                <input type="radio" name="block-color" value=c aria-label=format!("색 {}", i + 1)
                                    prop:checked=move || color.get() == c on:change=move |_| color.set(c.to_owned())/>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <FieldError error field="color"/>
                <label>
                    "시간"
                    <input type="text" name="times" maxlength="100" required placeholder="화 18:00-20:00 목 18:00-20:00"
                        aria-describedby="block-times-hint" prop:value=move || times.get() on:input=move |ev| times.set(event_target_value(&ev))/>
                </label>
                <p class="hint" id="block-times-hint">"예: 화 18:00-20:00 목 18:00-20:00 (교시로 써도 돼요: 금6,7)"</p>
                <FieldError error field="times" codes=&["INVALID_TIMES"]/>
                <FormError error field_codes=&["INVALID_TIMES"]/>
                <button type="submit" disabled=move || add.pending().get()>"일정 추가"</button>
            </form>
        </section>
    }
}
