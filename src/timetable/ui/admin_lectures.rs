//! The catalogue page's lecture forms: one new lecture, and the editor of a catalogue's
//! lectures (numbers kept as typed, checked before anything is sent).

use super::super::{
    api::{CreateLecture, SearchLectures, UpdateLecture},
    model::{Lecture, LectureCategory, LectureInput, LectureQuery},
};
use crate::error::{AppError, InvalidField};
use crate::ui::kit::{action_error, FieldError, FormError, Pager};
use leptos::prelude::*;

/// Finds lectures of the chosen catalogue and edits one.
#[component]
pub(super) fn Editor(school: RwSignal<Option<u64>>, semester: RwSignal<Option<u64>>) -> impl IntoView {
    let q = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let search = ServerAction::<SearchLectures>::new();
    let editing = RwSignal::new(None::<Lecture>);
    let run = move |p: u32| {
        page.set(p);
        editing.set(None);
        search.dispatch(SearchLectures {
            query: LectureQuery {
                semester_id: semester.get_untracked(),
                school_id: school.get_untracked(),
                q: q.get_untracked().trim().to_owned(),
                page: p,
                ..Default::default()
            },
        });
    };
    view! {
        <section class="card tt-editor" data-testid="lecture-editor">
            <h2>"강의 고치기"</h2>
            <form class="inline-form" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                run(1);
            }>
                <input type="search" aria-label="고칠 강의 검색" placeholder="과목명, 교수, 과목코드" maxlength="50"
                    prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
                <button type="submit" class="small">"찾기"</button>
            </form>
            {move || match search.value().get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                Some(Ok(found)) => view! {
                    <ul class="tt-results">
                        {found.items.into_iter().map(|l| {
                            let pick = l.clone();
                            view! {
                                <li class="tt-result" data-lecture-id=l.id>
                                    <div class="tt-result-text">
                                        <p class="tt-result-head"><b>{l.name.clone()}</b></p>
                                        <p class="tt-result-meta">{format!("{}-{} · {} · {}학점 · {}", l.code, l.section, l.professor, l.credits, l.times_text)}</p>
                                    </div>
                                    <button type="button" class="small secondary" on:click=move |_| editing.set(Some(pick.clone()))>"수정"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <Pager page total_pages=found.pages on_page=Callback::new(run)/>
                }.into_any(),
            }}
            {move || editing.get().map(|l| view! { <LectureEdit l/> })}
        </section>
    }
}

/// A lecture's inputs as typed: numbers stay text, so a wrong one is said rather than saved
/// as something else.
#[derive(Clone, Default)]
struct Draft {
    code: String,
    section: String,
    name: String,
    professor: String,
    credits: String,
    category: Option<LectureCategory>,
    grade: String,
    capacity: String,
    room: String,
    times: String,
}

impl Draft {
    fn of(l: &Lecture) -> Self {
        Self {
            code: l.code.clone(),
            section: l.section.clone(),
            name: l.name.clone(),
            professor: l.professor.clone(),
            credits: l.credits.to_string(),
            category: Some(l.category),
            grade: l.target_grade.to_string(),
            capacity: l.capacity.to_string(),
            room: l.room.clone(),
            times: l.times_text.clone(),
        }
    }

    /// The input to send, or every field the browser can already refuse (the server checks
    /// the rest: codes, names, times).
    fn input(&self) -> Result<LectureInput, AppError> {
        let mut errors = vec![];
        let mut number = |raw: &str, field: &str, max: u32, empty: Option<u32>, message: &str| -> u32 {
            let raw = raw.trim();
            match (raw.parse::<u32>(), empty) {
                (Ok(n), _) if n <= max => n,
                (_, Some(n)) if raw.is_empty() => n,
                _ => {
                    errors.push(InvalidField { field: field.into(), message: message.into() });
                    0
                }
            }
        };
        let credits = number(&self.credits, "credits", 6, None, "학점은 0~6 사이의 숫자로 적어 주세요.");
        let grade = number(&self.grade, "targetGrade", 6, Some(0), "대상 학년은 0(전체)~6 사이의 숫자로 적어 주세요.");
        let capacity = number(&self.capacity, "capacity", u32::from(u16::MAX), Some(0), "정원은 0~65535 사이의 숫자로 적어 주세요.");
        if self.category.is_none() {
            errors.push(InvalidField { field: "category".into(), message: "이수 구분을 골라 주세요.".into() });
        }
        if !errors.is_empty() {
            return Err(AppError::invalid_fields(errors));
        }
        // In range: checked just above.
        let small = |n: u32| u8::try_from(n).unwrap_or(u8::MAX);
        Ok(LectureInput {
            code: self.code.trim().to_owned(),
            section: self.section.trim().to_owned(),
            name: self.name.trim().to_owned(),
            professor: self.professor.trim().to_owned(),
            credits: small(credits),
            category: self.category,
            target_grade: small(grade),
            capacity: u16::try_from(capacity).unwrap_or(u16::MAX),
            room: self.room.trim().to_owned(),
            times: self.times.trim().to_owned(),
        })
    }
}

/// A lecture's form, for a new lecture and for changing one. The browser's own refusals and
/// the server's field errors show under their inputs alike; nothing is sent while the
/// browser refuses a field.
#[component]
fn LectureForm(
    draft: Draft,
    #[prop(optional)] heading: Option<String>,
    submit_label: &'static str,
    testid: &'static str,
    #[prop(into)] server_error: Signal<Option<AppError>>,
    #[prop(into)] pending: Signal<bool>,
    /// What the last send did, when it went well.
    #[prop(into)]
    done: Signal<Option<String>>,
    on_save: Callback<LectureInput>,
) -> impl IntoView {
    let d = RwSignal::new(draft);
    let local = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || local.get().or_else(|| server_error.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match d.with_untracked(Draft::input) {
            Ok(input) => {
                local.set(None);
                on_save.run(input);
            }
            Err(e) => local.set(Some(e)),
        }
    };
    let field = move |label: &'static str, field: &'static str, numeric: bool, get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        view! {
            <label>
                {label}
                <input type="text" inputmode=numeric.then_some("numeric") prop:value=move || d.with(get)
                    on:input=move |ev| d.update(|x| set(x, event_target_value(&ev)))/>
            </label>
            <FieldError error field/>
        }
    };
    view! {
        <form class="form tt-lecture-edit" data-testid=testid on:submit=submit>
            {heading.map(|h| view! { <h3>{h}</h3> })}
            {field("과목코드", "code", false, |x| x.code.clone(), |x, v| x.code = v)}
            {field("분반", "section", false, |x| x.section.clone(), |x, v| x.section = v)}
            {field("강의명", "name", false, |x| x.name.clone(), |x, v| x.name = v)}
            {field("교수", "professor", false, |x| x.professor.clone(), |x, v| x.professor = v)}
            {field("학점", "credits", true, |x| x.credits.clone(), |x, v| x.credits = v)}
            <label>
                "이수 구분"
                <select on:change=move |ev| d.update(|x| x.category = LectureCategory::parse(&event_target_value(&ev)))>
                    <option value="" selected=move || d.with(|x| x.category.is_none())>"골라 주세요"</option>
                    {LectureCategory::ALL.iter().map(|c| {
                        let c = *c;
                        view! { <option value=c.as_str() selected=move || d.with(|x| x.category == Some(c))>{c.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <FieldError error field="category"/>
            {field("대상 학년 (0: 전체)", "targetGrade", true, |x| x.grade.clone(), |x, v| x.grade = v)}
            {field("정원", "capacity", true, |x| x.capacity.clone(), |x, v| x.capacity = v)}
            {field("강의실", "room", false, |x| x.room.clone(), |x, v| x.room = v)}
            {field("시간", "times", false, |x| x.times.clone(), |x, v| x.times = v)}
            <p class="hint">"시간은 \"월1,2 수3\"이나 \"화 18:00-20:00\"처럼 써요."</p>
            <FormError error/>
            {move || local.with(Option::is_none).then(|| done.get()).flatten().map(|m| view! {
                <p class="ok" role="status" data-testid="lecture-saved">{m}</p>
            })}
            <button type="submit" disabled=move || pending.get()>{submit_label}</button>
        </form>
    }
}

#[component]
fn LectureEdit(l: Lecture) -> impl IntoView {
    let id = l.id;
    let save = ServerAction::<UpdateLecture>::new();
    let done = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))).then(|| "저장했어요.".to_owned()));
    view! {
        <LectureForm draft=Draft::of(&l) heading=format!("{} 고치기", l.name) submit_label="저장" testid="lecture-edit"
            server_error=action_error(save) pending=save.pending() done
            on_save=Callback::new(move |input| {
                save.dispatch(UpdateLecture { id, input });
            })/>
    }
}

/// One new lecture in the chosen school's semester.
#[component]
pub(super) fn NewLecture(school: RwSignal<Option<u64>>, semester: RwSignal<Option<u64>>) -> impl IntoView {
    let create = ServerAction::<CreateLecture>::new();
    let done = Signal::derive(move || match create.value().get() {
        Some(Ok(l)) => Some(format!("'{}' ({}-{})을(를) 추가했어요.", l.name, l.code, l.section)),
        _ => None,
    });
    let draft = Draft { section: "01".into(), ..Default::default() };
    view! {
        <section class="card tt-new-lecture" data-testid="lecture-create-card">
            <h2>"강의 하나 추가"</h2>
            <LectureForm draft submit_label="강의 추가" testid="lecture-create"
                server_error=action_error(create) pending=create.pending() done
                on_save=Callback::new(move |input| {
                    if let (Some(school_id), Some(semester_id)) = (school.get_untracked(), semester.get_untracked()) {
                        create.dispatch(CreateLecture { school_id, semester_id, input });
                    }
                })/>
        </section>
    }
}
