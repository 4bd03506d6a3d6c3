//! A lecture's page (`/timetable/lectures/{id}`): its details, "내 시간표에 추가", the
//! reviews of its course (the average in stars and a bar per star, the newest first, 공감),
//! and the member's own review (write once after taking the course; edit or delete).
//! Reviews show no writer.

use super::super::{
    api::{get_lecture, like_review, AddLecture, DeleteReview, EditReview, WriteReview},
    model::{Lecture, LectureDetail, Review, ReviewInput, ReviewSummary, ReviewTag, TimetableSummary},
    times::format_slot,
};
use super::{loading, page_error, stars};
use crate::ui::kit::{action_error, reload_on_ok, title_text, ErrorMessage, FieldError, FormError, Pager, When};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LecturePage(lecture_id: u64) -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.read().get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1));
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    // Kept outside the page's view, which is made again when the data reloads.
    let added_to = RwSignal::new(None::<(u64, String)>);
    let data = Resource::new(move || (page.get(), version.get()), move |(p, _)| get_lecture(lecture_id, p));
    view! {
        <div class="timetable tt-lecture-page">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <LectureView d version added_to/> }.into_any(),
                        Err(e) => page_error(e, "강의 정보를 보려면"),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn LectureView(d: LectureDetail, version: RwSignal<u32>, added_to: RwSignal<Option<(u64, String)>>) -> impl IntoView {
    let LectureDetail { lecture, semester, school_name, summary, reviews, page, pages, my_review, may_review, my_timetables } = d;
    let lecture_id = lecture.id;
    let editing = RwSignal::new(false);
    let taken_note = (!may_review && my_review.is_none()).then(|| {
        view! {
            <p class="notice tt-not-taken" data-testid="review-not-taken">
                "이 강의를 내 시간표에 추가하면 강의평을 쓸 수 있어요."
            </p>
        }
    });
    let semester_href = format!("/timetable?semester={}", semester.id);
    // The member's own review has its block above the list, wherever it falls in the pages.
    let my_id = my_review.as_ref().map(|r| r.id);
    let has_mine = my_id.is_some();
    let others: Vec<Review> = reviews.into_iter().filter(|r| !r.mine && Some(r.id) != my_id).collect();
    view! {
        <Title text=title_text(&format!("{} - 강의평", lecture.name))/>
        <nav class="crumbs"><a href=semester_href>"‹ 내 시간표"</a></nav>
        <LectureCard lecture=lecture.clone() school_name semester_name=semester.name.clone()/>
        <AddToTimetable lecture_id semester_id=semester.id my_timetables version added_to/>
        <section class="card tt-reviews" data-testid="reviews">
            <h2>"강의평"</h2>
            <p class="hint">"같은 과목코드와 교수의 강의평을 학기와 분반에 상관없이 모아 보여요. 누가 썼는지는 보이지 않아요."</p>
            <Summary summary/>
            {taken_note}
            {may_review.then(|| view! {
                <ReviewForm lecture_id existing=None version editing/>
            })}
            {my_review.map(|r| view! { <MyReview lecture_id r version editing/> })}
            {(others.is_empty() && !has_mine).then(|| view! { <p class="empty">"아직 강의평이 없어요."</p> })}
            <ul class="tt-review-list" data-testid="review-list">
                {others.into_iter().map(|r| view! { <ReviewItem r version editing/> }).collect_view()}
            </ul>
            <Pager page total_pages=pages/>
        </section>
    }
}

#[component]
fn LectureCard(lecture: Lecture, school_name: String, semester_name: String) -> impl IntoView {
    let grade = if lecture.target_grade == 0 { "전 학년".to_owned() } else { format!("{}학년", lecture.target_grade) };
    let times = lecture.slots.iter().map(format_slot).collect::<Vec<_>>().join(", ");
    view! {
        <section class="card tt-lecture" data-testid="lecture-card" data-lecture-id=lecture.id>
            <h1>{lecture.name.clone()}</h1>
            <p class="hint">{format!("{school_name} · {semester_name}")}</p>
            <dl class="tt-facts">
                <dt>"과목코드"</dt><dd>{format!("{}-{}", lecture.code, lecture.section)}</dd>
                <dt>"교수"</dt><dd>{lecture.professor.clone()}</dd>
                <dt>"학점"</dt><dd>{format!("{}학점", lecture.credits)}</dd>
                <dt>"이수 구분"</dt><dd>{lecture.category.label()}</dd>
                <dt>"대상 학년"</dt><dd>{grade}</dd>
                <dt>"정원"</dt><dd>{if lecture.capacity == 0 { "-".to_owned() } else { format!("{}명", lecture.capacity) }}</dd>
                <dt>"강의실"</dt><dd>{if lecture.room.is_empty() { "-".to_owned() } else { lecture.room.clone() }}</dd>
                <dt>"시간"</dt><dd>{lecture.times_text.clone()} <span class="hint">{format!("({times})")}</span></dd>
            </dl>
        </section>
    }
}

/// "내 시간표에 추가": one of the member's timetables of this semester.
#[component]
fn AddToTimetable(
    lecture_id: u64,
    semester_id: u64,
    my_timetables: Vec<TimetableSummary>,
    version: RwSignal<u32>,
    added_to: RwSignal<Option<(u64, String)>>,
) -> impl IntoView {
    let add = crate::ui::kit::page_action::<AddLecture>();
    let error = action_error(add);
    let first = my_timetables.iter().find(|t| t.is_primary).or(my_timetables.first()).map(|t| t.id);
    let chosen = RwSignal::new(first);
    let names = StoredValue::new(my_timetables.iter().map(|t| (t.id, t.name.clone())).collect::<Vec<_>>());
    Effect::new(move |_| {
        if let Some(Ok(t)) = add.value().get() {
            added_to.set(Some((t.id, t.name.clone())));
            version.update(|v| *v += 1);
        }
    });
    if my_timetables.is_empty() {
        return view! {
            <section class="card tt-add-to">
                <p class="hint">"이 학기 시간표가 아직 없어요."</p>
                <a class="button small" href=format!("/timetable?semester={semester_id}")>"시간표 만들러 가기"</a>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card tt-add-to" data-testid="add-to-timetable">
            <div class="inline-form">
                <label class="inline-label">
                    "시간표"
                    <select aria-label="추가할 시간표" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                        {names.get_value().into_iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=Some(id) == first>{name}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="small" disabled=move || add.pending().get() on:click=move |_| {
                    if let Some(timetable_id) = chosen.get_untracked() {
                        added_to.set(None);
                        add.dispatch(AddLecture { timetable_id, lecture_id });
                    }
                }>"내 시간표에 추가"</button>
            </div>
            {move || error.get().map(|e| view! {
                <p class="form-error" role="alert" data-testid="add-error" data-code=e.code.as_str()>{e.message}</p>
            })}
            {move || added_to.get().map(|(id, name)| view! {
                <p class="ok" role="status" data-testid="add-ok">
                    {format!("'{name}'에 추가했어요. ")}
                    <a href=format!("/timetable?semester={semester_id}&t={id}")>"시간표 보기"</a>
                </p>
            })}
        </section>
    }
    .into_any()
}

/// The average in numbers and stars, and a bar per star.
#[component]
fn Summary(summary: ReviewSummary) -> impl IntoView {
    let most = summary.per_star.iter().copied().max().unwrap_or(0).max(1);
    let spoken = (1..=5).rev().map(|s| format!("{s}점 {}개", summary.per_star[s - 1])).collect::<Vec<_>>().join(", ");
    view! {
        <div class="tt-summary" data-testid="review-summary">
            <div class="tt-average">
                <span class="tt-average-num" data-testid="review-average">{format!("{:.1}", summary.average)}</span>
                <span class="tt-stars big" aria-hidden="true">{stars(summary.average)}</span>
                <span class="hint" data-testid="review-count">{format!("강의평 {}개", summary.count)}</span>
            </div>
            <div class="tt-bars" role="img" aria-label=format!("별점 분포: {spoken}")>
                {(1..=5usize).rev().map(|s| {
                    let n = summary.per_star[s - 1];
                    let width = n * 100 / most;
                    view! {
                        <div class="tt-bar-row" data-star=s>
                            <span class="tt-bar-label">{format!("{s}점")}</span>
                            <span class="tt-bar"><span class="tt-bar-fill" style=format!("width:{width}%")></span></span>
                            <span class="tt-bar-count">{n}</span>
                        </div>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}

/// The write form (no `existing`) or the edit form of the member's own review.
#[component]
fn ReviewForm(lecture_id: u64, existing: Option<Review>, version: RwSignal<u32>, editing: RwSignal<bool>) -> impl IntoView {
    let review_id = existing.as_ref().map(|r| r.id);
    let chosen = RwSignal::new(existing.as_ref().map(|r| r.stars).unwrap_or(0));
    let body = RwSignal::new(existing.as_ref().map(|r| r.body.clone()).unwrap_or_default());
    let tags = RwSignal::new(existing.as_ref().map(|r| r.tags.clone()).unwrap_or_default());
    let write = crate::ui::kit::page_action::<WriteReview>();
    let edit = crate::ui::kit::page_action::<EditReview>();
    reload_on_ok(write, version);
    reload_on_ok(edit, version);
    let (write_error, edit_error) = (action_error(write), action_error(edit));
    let error = Signal::derive(move || write_error.get().or_else(|| edit_error.get()));
    let no_stars = RwSignal::new(None::<String>);
    let busy = move || write.pending().get() || edit.pending().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let stars = chosen.get_untracked();
        if stars == 0 {
            no_stars.set(Some("별점을 골라 주세요.".into()));
            return;
        }
        no_stars.set(None);
        let input = ReviewInput { stars, body: body.get_untracked().trim().to_owned(), tags: tags.get_untracked() };
        match review_id {
            Some(review_id) => edit.dispatch(EditReview { review_id, input }),
            None => write.dispatch(WriteReview { lecture_id, input }),
        };
    };
    let heading = if review_id.is_some() { "내 강의평 고치기" } else { "강의평 쓰기" };
    view! {
        <form class="form tt-review-form" data-testid="review-form" on:submit=submit>
            <h3>{heading}</h3>
            <fieldset class="tt-star-picker">
                <legend>"별점"</legend>
                {(1..=5u8).map(|n| {
                    let lit = move || chosen.get() >= n;
                    view! {
                        <label class="tt-star-pick" class:on=lit>
                            <input type="radio" name="stars" value=n aria-label=format!("{n}점")
                                prop:checked=move || chosen.get() == n on:change=move |_| chosen.set(n)/>
                            <span aria-hidden="true">"★"</span>
                        </label>
                    }
                }).collect_view()}
                <span class="hint">{move || match chosen.get() { 0 => String::new(), n => format!("{n}점") }}</span>
            </fieldset>
            <ErrorMessage message=no_stars/>
            <FieldError error field="stars"/>
            <label>
                "강의평"
                <textarea name="body" rows="4" maxlength="2000" required placeholder="수업 방식, 과제, 시험은 어땠나요?"
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </label>
            <FieldError error field="body"/>
            <fieldset class="tt-tag-picker">
                <legend>"태그 (선택)"</legend>
                {ReviewTag::ALL.iter().map(|t| {
                    let t = *t;
                    view! {
                        <label class="check tt-tag-check">
                            <input type="checkbox" value=t.as_str() prop:checked=move || tags.with(|l| l.contains(&t))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    tags.update(|l| {
                                        l.retain(|x| *x != t);
                                        if on { l.push(t); }
                                    });
                                }/>
                            {t.label()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <FieldError error field="tags"/>
            <FormError error/>
            <div class="entry-actions">
                <button type="submit" disabled=busy>{if review_id.is_some() { "수정 완료" } else { "강의평 등록" }}</button>
                {review_id.is_some().then(|| view! {
                    <button type="button" class="secondary small" on:click=move |_| editing.set(false)>"취소"</button>
                })}
            </div>
        </form>
    }
}

/// The member's own review, with 수정 (the form, filled in, in its place) and 삭제.
#[component]
fn MyReview(lecture_id: u64, r: Review, version: RwSignal<u32>, editing: RwSignal<bool>) -> impl IntoView {
    let shown = r.clone();
    view! {
        <div class="tt-my-review" data-testid="my-review">
            <h3>"내 강의평"</h3>
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <ul class="tt-review-list"><ReviewItem r=shown.clone() version editing/></ul>
                }
            >
                <ReviewForm lecture_id existing=Some(r.clone()) version editing/>
            </Show>
        </div>
    }
}

#[component]
fn ReviewItem(r: Review, version: RwSignal<u32>, editing: RwSignal<bool>) -> impl IntoView {
    let id = r.id;
    let delete = crate::ui::kit::page_action::<DeleteReview>();
    reload_on_ok(delete, version);
    let delete_error = action_error(delete);
    let liked = RwSignal::new(r.liked);
    let likes = RwSignal::new(r.likes);
    let busy = RwSignal::new(false);
    let like_error = RwSignal::new(None::<String>);
    let like = move |_| {
        let on = !liked.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match like_review(id, on).await {
                Ok(n) => {
                    likes.set(n);
                    liked.set(on);
                    like_error.set(None);
                }
                Err(e) => like_error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let mine = r.mine;
    view! {
        <li class="tt-review" class:mine=mine data-testid="review" data-review-id=id data-stars=r.stars>
            <div class="tt-review-head">
                <span class="tt-stars" role="img" aria-label=format!("별점 {}점", r.stars)>{stars(f32::from(r.stars))}</span>
                <span class="tt-review-semester">{r.semester_name.clone()}</span>
                {mine.then(|| view! { <span class="badge writer-badge">"내 강의평"</span> })}
                <When t=r.created_at/>
            </div>
            {(!r.tags.is_empty()).then(|| view! {
                <ul class="tt-chips">{r.tags.iter().map(|t| view! { <li class="tt-chip">{t.label()}</li> }).collect_view()}</ul>
            })}
            <p class="pre tt-review-body">{r.body.clone()}</p>
            <div class="tt-review-actions">
                <button type="button" class="toggle like-toggle small" class:on=move || liked.get() aria-pressed=move || liked.get().to_string()
                    data-testid="review-like" disabled=move || mine || busy.get() title=mine.then_some("내 강의평에는 공감할 수 없어요") on:click=like>
                    <span aria-hidden="true">{move || if liked.get() { "♥" } else { "♡" }}</span>
                    " 공감 "
                    <span class="count">{move || likes.get()}</span>
                </button>
                {mine.then(|| view! {
                    <button type="button" class="link-button" on:click=move |_| editing.set(true)>"수정"</button>
                    <button type="button" class="link-button danger" disabled=move || delete.pending().get() on:click=move |_| {
                        if window().confirm_with_message("내 강의평을 지울까요?").unwrap_or(false) {
                            delete.dispatch(DeleteReview { review_id: id });
                        }
                    }>"삭제"</button>
                })}
            </div>
            <ErrorMessage message=like_error/>
            <FormError error=delete_error/>
        </li>
    }
}
