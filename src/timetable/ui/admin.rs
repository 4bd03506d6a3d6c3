//! The staff's catalogue page (`/timetable/admin`): a school and a semester (the current
//! one at first), a new semester, a CSV import (read in the browser, a progress bar while it
//! goes, then the report of made, changed and refused lines), one new lecture, and a small
//! editor for the lectures of that catalogue. The server refuses all of it to members who
//! are not STAFF or ADMIN; the page shows that refusal.

use super::super::{
    api::{current_semester, list_semesters, CreateSemester, ImportLectures},
    model::{ImportReport, Semester, SemesterInput, Term},
};
use super::admin_lectures::{Editor, NewLecture};
use super::{loading, page_error};
use crate::board::{
    api::{get_my_community, list_schools},
    model::School,
};
use crate::error::{AppError, ErrorCode, InvalidField};
use crate::ui::kit::{action_error, ErrorMessage, FieldError, FormError, ProgressBar};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;

/// The schools, the semesters (newest first) and the current semester, for staff only.
async fn staff_data() -> Result<(Vec<School>, Vec<Semester>, Option<u64>), AppError> {
    match get_my_community().await? {
        Some(me) if me.staff => {}
        Some(_) => return Err(AppError::forbidden("운영진만 볼 수 있는 페이지입니다.")),
        None => return Err(AppError::unauthorized(ErrorCode::Unauthorized, "로그인이 필요합니다.")),
    }
    // No semester yet is not an error here: the page is where the first one is made.
    let current = current_semester().await.ok().map(|s| s.id);
    Ok((list_schools().await?, list_semesters().await?, current))
}

#[component]
pub fn TimetableAdminPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| staff_data());
    view! {
        <Title text="강의 관리 - minihompy"/>
        <div class="timetable tt-admin">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((schools, semesters, current)) => view! { <AdminView schools semesters current/> }.into_any(),
                        Err(e) => page_error(e, "강의 관리 페이지를 보려면"),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn AdminView(schools: Vec<School>, semesters: Vec<Semester>, current: Option<u64>) -> impl IntoView {
    let school = RwSignal::new(schools.first().map(|s| s.id));
    let semester = RwSignal::new(current.or_else(|| semesters.first().map(|s| s.id)));
    let semesters = RwSignal::new(semesters);
    view! {
        <section class="card">
            <h1>"강의 관리"</h1>
            <div class="tt-filters">
                <label class="inline-label">
                    "학교"
                    <select aria-label="학교" data-testid="admin-school" on:change=move |ev| school.set(event_target_value(&ev).parse().ok())>
                        {schools.iter().map(|s| {
                            let label = if s.campus.is_empty() { s.name.clone() } else { format!("{} ({})", s.name, s.campus) };
                            view! { <option value=s.id.to_string()>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="inline-label">
                    "학기"
                    <select aria-label="학기" data-testid="admin-semester" on:change=move |ev| semester.set(event_target_value(&ev).parse().ok())>
                        // Made again when a semester is added (the new one is then chosen).
                        {move || {
                            let chosen = semester.get_untracked();
                            semesters.with(|list| list.iter().map(|s| {
                                let label = if Some(s.id) == current { format!("{} (현재)", s.name) } else { s.name.clone() };
                                view! { <option value=s.id.to_string() selected=Some(s.id) == chosen>{label}</option> }
                            }).collect_view())
                        }}
                    </select>
                </label>
            </div>
            <p class="hint">"가져오기, 강의 추가와 고치기는 여기서 고른 학교와 학기에 해요."</p>
        </section>
        <Import school semester/>
        <NewLecture school semester/>
        <Editor school semester/>
        <NewSemester semesters semester/>
    }
}

/// Adds a semester; the new one is chosen above (its catalogue is the next thing to add).
#[component]
fn NewSemester(semesters: RwSignal<Vec<Semester>>, semester: RwSignal<Option<u64>>) -> impl IntoView {
    let create = ServerAction::<CreateSemester>::new();
    let server_error = action_error(create);
    let local = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || local.get().or_else(|| server_error.get()));
    let latest_year = semesters.with_untracked(|l| l.first().map(|s| s.year.to_string())).unwrap_or_default();
    let year = RwSignal::new(latest_year);
    let term = RwSignal::new(Term::Spring);
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(s)) = create.value().get() {
            semester.set(Some(s.id));
            semesters.update(|l| {
                if !l.iter().any(|x| x.id == s.id) {
                    l.push(s.clone());
                    l.sort_by_key(|s| std::cmp::Reverse(s.starts_on));
                }
            });
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errors = vec![];
        let mut add = |field: &str, message: &str| errors.push(InvalidField { field: field.into(), message: message.into() });
        let year = year.get_untracked().trim().parse::<u16>().ok().filter(|y| (2000..=2100).contains(y));
        if year.is_none() {
            add("year", "연도는 2000부터 2100 사이의 숫자로 적어 주세요.");
        }
        let date = |s: String| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let (starts_on, ends_on) = (date(starts.get_untracked()), date(ends.get_untracked()));
        if starts_on.is_none() {
            add("startsOn", "개강일을 골라 주세요.");
        }
        if ends_on.is_none() {
            add("endsOn", "종강일을 골라 주세요.");
        }
        match (year, starts_on, ends_on) {
            (Some(year), Some(starts_on), Some(ends_on)) if errors.is_empty() => {
                local.set(None);
                create.value().set(None);
                create.dispatch(CreateSemester { input: SemesterInput { year, term: term.get_untracked(), starts_on, ends_on } });
            }
            _ => local.set(Some(AppError::invalid_fields(errors))),
        }
    };
    view! {
        <section class="card tt-new-semester" data-testid="semester-create">
            <h2>"학기 추가"</h2>
            <form class="form tt-admin-form" on:submit=submit>
                <div class="tt-form-row">
                    <label>
                        "연도"
                        <input type="text" inputmode="numeric" maxlength="4" prop:value=move || year.get()
                            on:input=move |ev| year.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        "학기"
                        <select aria-label="학기 구분" on:change=move |ev| {
                            if let Some(t) = Term::parse(&event_target_value(&ev)) {
                                term.set(t);
                            }
                        }>
                            {Term::ALL.iter().map(|t| view! { <option value=t.as_str()>{t.label()}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <FieldError error field="year"/>
                <FieldError error field="term"/>
                <div class="tt-form-row">
                    <label>
                        "개강일"
                        <input type="date" prop:value=move || starts.get() on:input=move |ev| starts.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        "종강일"
                        <input type="date" prop:value=move || ends.get() on:input=move |ev| ends.set(event_target_value(&ev))/>
                    </label>
                </div>
                <FieldError error field="startsOn"/>
                <FieldError error field="endsOn"/>
                <FormError error/>
                {move || match (local.get(), create.value().get()) {
                    (None, Some(Ok(s))) => Some(view! {
                        <p class="ok" role="status" data-testid="semester-created">{format!("{}을(를) 추가했어요. 위에서 골라 두었어요.", s.name)}</p>
                    }),
                    _ => None,
                }}
                <div class="entry-actions">
                    <button type="submit" disabled=move || create.pending().get()>"학기 추가"</button>
                </div>
            </form>
        </section>
    }
}

/// Where the import stands.
#[derive(Clone, PartialEq)]
enum Step {
    Idle,
    Reading,
    Importing,
    Done,
}

#[component]
fn Import(school: RwSignal<Option<u64>>, semester: RwSignal<Option<u64>>) -> impl IntoView {
    let text = RwSignal::new(None::<(String, String)>);
    let step = RwSignal::new(Step::Idle);
    let read_error = RwSignal::new(None::<String>);
    let import = ServerAction::<ImportLectures>::new();
    let error = action_error(import);
    Effect::new(move |_| {
        if import.value().get().is_some() {
            step.set(Step::Done);
        }
    });
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        read_error.set(None);
        import.value().set(None);
        text.set(None);
        step.set(Step::Reading);
        let name = file.name();
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()) {
                Some(csv) => {
                    text.set(Some((name, csv)));
                    step.set(Step::Idle);
                }
                None => {
                    read_error.set(Some("파일을 읽을 수 없어요. UTF-8 CSV 파일인지 확인해 주세요.".into()));
                    step.set(Step::Idle);
                }
            }
        });
    };
    let start = move |_| {
        let (Some(school_id), Some(semester_id), Some((_, csv))) = (school.get_untracked(), semester.get_untracked(), text.get_untracked())
        else {
            return;
        };
        step.set(Step::Importing);
        import.dispatch(ImportLectures { school_id, semester_id, csv });
    };
    let progress = Signal::derive(move || match step.get() {
        Step::Idle => 0.0,
        Step::Reading => 25.0,
        Step::Importing => 60.0,
        Step::Done => 100.0,
    });
    let busy = move || matches!(step.get(), Step::Reading | Step::Importing);
    let no_file = move || text.with(Option::is_none);
    view! {
        <section class="card tt-import" data-testid="import">
            <h2>"CSV로 강의 가져오기"</h2>
            <p class="hint">"첫 줄: code,section,name,professor,credits,category,grade,capacity,room,times — 같은 과목코드·분반은 고쳐지고, 새 강의는 추가돼요. 시간은 \"월1,2 수3\"이나 \"화 18:00-20:00\"처럼 써요."</p>
            <div class="inline-form">
                <label class="file-button">
                    "CSV 파일 고르기"
                    <input type="file" accept=".csv,text/csv" aria-label="CSV 파일" on:change=on_file/>
                </label>
                <span class="hint">{move || text.get().map(|(name, csv)| format!("{name} ({}줄)", csv.lines().count())).unwrap_or_default()}</span>
                <button type="button" disabled=move || busy() || no_file() on:click=start>"가져오기"</button>
            </div>
            {move || (step.get() != Step::Idle).then(|| view! {
                <ProgressBar value=progress/>
                <span class="hint" role="status">{move || match step.get() {
                    Step::Reading => "파일을 읽는 중…",
                    Step::Importing => "가져오는 중…",
                    _ => "끝났어요.",
                }}</span>
            })}
            <ErrorMessage message=read_error/>
            <FormError error/>
            {move || import.value().get().and_then(Result::ok).map(|report| view! { <Report report/> })}
        </section>
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    view! {
        <div class="tt-report" data-testid="import-report">
            <p class="ok" role="status">
                <span data-testid="import-created">{format!("새 강의 {}개", report.created)}</span>
                " · "
                <span data-testid="import-updated">{format!("고친 강의 {}개", report.updated)}</span>
                " · "
                <span data-testid="import-rejected">{format!("거절된 줄 {}개", report.rejected.len())}</span>
            </p>
            {(!report.rejected.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="admin-users tt-rejected">
                        <thead><tr><th scope="col">"줄"</th><th scope="col">"이유"</th></tr></thead>
                        <tbody>
                            {report.rejected.into_iter().map(|r| view! {
                                <tr data-line=r.line><td>{r.line}</td><td>{r.reason}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </div>
    }
}
