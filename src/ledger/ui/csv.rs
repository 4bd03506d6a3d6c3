//! CSV: the export (a link to the server's file: UTF-8 with a BOM, so spreadsheet programs
//! read the Korean) and the import. The file is read in the browser, the server checks every
//! line without writing (the preview: how many lines, which categories it would make, the
//! refused lines and why, the first lines), and 가져오기 writes all of it in one go, which
//! stays off while any line is refused (the server would write nothing anyway).

use super::super::{
    api::import_csv,
    model::{ImportReport, MAX_IMPORT_LINES},
};
use super::{won, OtherFieldErrors};
use crate::error::AppError;
use crate::ui::kit::{ErrorMessage, FormError, ProgressBar};
use leptos::prelude::*;

/// The largest file the page reads (the server takes at most MAX_IMPORT_LINES lines).
const MAX_FILE_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Idle,
    Reading,
    Checking,
    Ready,
    Importing,
    Done,
}

/// The import's state, kept by the settings page across its reloads.
#[derive(Clone, Copy)]
pub struct ImportState {
    step: RwSignal<Step>,
    /// The file's name and text.
    file: RwSignal<Option<(String, String)>>,
    read_error: RwSignal<Option<String>>,
    preview: RwSignal<Option<Result<ImportReport, AppError>>>,
    result: RwSignal<Option<Result<ImportReport, AppError>>>,
}

impl ImportState {
    pub fn idle() -> Self {
        ImportState {
            step: RwSignal::new(Step::Idle),
            file: RwSignal::new(None),
            read_error: RwSignal::new(None),
            preview: RwSignal::new(None),
            result: RwSignal::new(None),
        }
    }
}

#[component]
pub fn CsvCard(book_id: u64, name: String, writer: bool, import: ImportState, version: RwSignal<u32>) -> impl IntoView {
    let href = format!("/api/ledger/books/{book_id}/export.csv");
    view! {
        <section class="card lg-csv" data-testid="csv">
            <h2>"CSV 내보내기·가져오기"</h2>
            <p class="hint">"첫 줄: 날짜,구분,분류,금액,결제수단,메모 — 엑셀이나 구글 시트에서 열 수 있는 UTF-8 파일이에요."</p>
            <div class="entry-actions">
                <a class="button small secondary" href=href download=format!("{name}.csv") rel="external" data-testid="export-csv">"CSV로 내보내기"</a>
            </div>
            {writer.then(|| view! { <Import book_id import version/> })}
        </section>
    }
}

#[component]
fn Import(book_id: u64, import: ImportState, version: RwSignal<u32>) -> impl IntoView {
    let ImportState { step, file, read_error, preview, result } = import;
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(picked) = input.files().and_then(|f| f.get(0)) else { return };
        read_error.set(None);
        preview.set(None);
        result.set(None);
        file.set(None);
        if picked.size() > MAX_FILE_BYTES {
            read_error.set(Some("파일이 너무 커요. 2MB까지 가져올 수 있어요.".into()));
            step.set(Step::Idle);
            return;
        }
        step.set(Step::Reading);
        let name = picked.name();
        leptos::task::spawn_local(async move {
            let Some(text) = wasm_bindgen_futures::JsFuture::from(picked.text()).await.ok().and_then(|v| v.as_string()) else {
                read_error.set(Some("파일을 읽을 수 없어요. UTF-8로 저장한 CSV 파일인지 확인해 주세요.".into()));
                step.set(Step::Idle);
                return;
            };
            file.set(Some((name, text.clone())));
            step.set(Step::Checking);
            let report = import_csv(book_id, text, false).await;
            preview.set(Some(report));
            step.set(Step::Ready);
        });
    };
    let can_import =
        move || step.get() == Step::Ready && preview.with(|p| matches!(p, Some(Ok(r)) if r.rejected.is_empty() && r.accepted > 0));
    let start = move |_| {
        let Some((_, text)) = file.get_untracked() else { return };
        step.set(Step::Importing);
        leptos::task::spawn_local(async move {
            let report = import_csv(book_id, text, true).await;
            let written = matches!(&report, Ok(r) if r.imported);
            result.set(Some(report));
            step.set(Step::Done);
            if written {
                preview.set(None);
                file.set(None);
                // New categories show in the list above.
                version.update(|v| *v += 1);
            }
        });
    };
    let progress = Signal::derive(move || match step.get() {
        Step::Idle => 0.0,
        Step::Reading => 25.0,
        Step::Checking => 55.0,
        Step::Ready => 70.0,
        Step::Importing => 85.0,
        Step::Done => 100.0,
    });
    let preview_error = Signal::derive(move || preview.with(|p| p.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let result_error = Signal::derive(move || result.with(|p| p.as_ref().and_then(|r| r.as_ref().err().cloned())));
    view! {
        <div class="lg-import" data-testid="import">
            <h3>"CSV 가져오기"</h3>
            <p class="hint">
                {format!("한 번에 {MAX_IMPORT_LINES}줄까지. 가계부에 없는 분류는 새로 만들어요. 한 줄이라도 틀리면 아무것도 가져오지 않아요.")}
            </p>
            <div class="inline-form">
                <label class="file-button">
                    "CSV 파일 고르기"
                    <input type="file" accept=".csv,text/csv" aria-label="가져올 CSV 파일" on:change=on_file/>
                </label>
                <span class="hint" data-testid="import-file">
                    {move || file.get().map(|(name, text)| format!("{name} ({}줄)", text.lines().count())).unwrap_or_default()}
                </span>
            </div>
            {move || (step.get() != Step::Idle).then(|| view! {
                <div class="lg-import-progress">
                    <ProgressBar value=progress/>
                    <span class="hint" role="status" data-testid="import-step">{move || match step.get() {
                        Step::Reading => "파일을 읽는 중…",
                        Step::Checking => "줄마다 확인하는 중…",
                        Step::Ready => "확인했어요. 아래 미리보기를 보세요.",
                        Step::Importing => "가져오는 중…",
                        _ => "끝났어요.",
                    }}</span>
                </div>
            })}
            <ErrorMessage message=read_error/>
            <OtherFieldErrors error=preview_error shown=&[]/>
            <FormError error=preview_error/>
            {move || preview.get().and_then(Result::ok).map(|report| view! {
                <Preview report/>
                <div class="entry-actions">
                    <button type="button" data-testid="import-commit" disabled=move || !can_import() on:click=start>"가져오기"</button>
                </div>
            })}
            <OtherFieldErrors error=result_error shown=&[]/>
            <FormError error=result_error/>
            {move || result.get().and_then(Result::ok).map(|r| if r.imported {
                view! {
                    <p class="ok" role="status" data-testid="import-done">
                        {format!("{}건을 가져왔어요. (수입 {} · 지출 {})", r.accepted, won(r.income), won(r.expense))}
                    </p>
                }.into_any()
            } else {
                view! {
                    <p class="form-error" role="alert" data-testid="import-refused">
                        {format!("거절된 줄이 {}개 있어 아무것도 가져오지 않았어요.", r.rejected.len())}
                    </p>
                }.into_any()
            })}
        </div>
    }
}

/// What the import would do.
#[component]
fn Preview(report: ImportReport) -> impl IntoView {
    let ImportReport { accepted, rejected, new_categories, income, expense, preview, .. } = report;
    let refused = rejected.len();
    let has_refused = refused > 0;
    view! {
        <div class="lg-preview" data-testid="import-preview">
            <p class="lg-preview-counts">
                <span data-testid="import-accepted">{format!("가져올 내역 {accepted}건")}</span>
                {format!(" · 수입 {} · 지출 {} · ", won(income), won(expense))}
                <span data-testid="import-rejected" class:form-error=has_refused>{format!("거절된 줄 {refused}개")}</span>
            </p>
            {(!new_categories.is_empty()).then(|| view! {
                <p class="hint" data-testid="import-new-categories">{format!("새로 만들 분류: {}", new_categories.join(", "))}</p>
            })}
            {(!rejected.is_empty()).then(|| view! {
                <p class="form-error" role="alert">"거절된 줄을 고친 뒤 파일을 다시 골라 주세요."</p>
                <div class="table-wrap">
                    <table class="admin-users lg-rejected">
                        <thead><tr><th scope="col">"줄"</th><th scope="col">"이유"</th></tr></thead>
                        <tbody>
                            {rejected.into_iter().map(|r| view! { <tr data-line=r.line><td>{r.line}</td><td>{r.reason}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(!preview.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="admin-users lg-preview-lines">
                        <caption class="hint">{format!("처음 {}줄", preview.len())}</caption>
                        <thead><tr>
                            <th scope="col">"줄"</th><th scope="col">"날짜"</th><th scope="col">"구분"</th><th scope="col">"분류"</th>
                            <th scope="col">"금액"</th><th scope="col">"결제수단"</th><th scope="col">"메모"</th>
                        </tr></thead>
                        <tbody>
                            {preview.into_iter().map(|l| view! {
                                <tr data-line=l.line>
                                    <td>{l.line}</td><td>{l.occurred_on.to_string()}</td><td>{l.kind.label()}</td><td>{l.category}</td>
                                    <td class="lg-num">{won(l.amount)}</td><td>{l.method.label()}</td><td>{l.memo}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </div>
    }
}
