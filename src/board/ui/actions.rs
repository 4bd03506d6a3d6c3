//! The 쪽지 and 신고 buttons under posts, comments and notes. Each is one button until it
//! is pressed (no request, no form in the page before that: they sit on every post).

use super::super::{
    api::{Report, SendNote},
    model::{ReportInput, ReportReason, ReportTarget},
};
use crate::ui::kit::{action_error, FieldError, FormError};
use leptos::prelude::*;

/// "쪽지" to the writer of a post (comment_id None) or of a comment: a small form that sends
/// it, then a link to the thread.
#[component]
pub fn NoteButton(post_id: u64, comment_id: Option<u64>) -> impl IntoView {
    let open = RwSignal::new(false);
    let body = RwSignal::new(String::new());
    let send = ServerAction::<SendNote>::new();
    let error = action_error(send);
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            open.set(false);
            body.set(String::new());
        }
    });
    let sent = move || send.value().get().and_then(Result::ok);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(SendNote { post_id, comment_id, body: body.get_untracked() });
    };
    view! {
        <div class="board-action note-action" class:open=move || open.get()>
            <button
                type="button"
                class="link-button note-toggle"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    send.value().set(None);
                }
            >
                "쪽지"
            </button>
            <Show when=move || open.get()>
                <form class="form board-action-form note-form" on:submit=submit>
                    <label>
                        "쪽지 내용"
                        <textarea
                            name="body"
                            rows="3"
                            maxlength="1000"
                            required
                            prop:value=move || body.get()
                            on:input=move |ev| body.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <FieldError error field="body"/>
                    <FormError error/>
                    <div class="board-action-buttons">
                        <button type="submit" class="small" disabled=move || send.pending().get()>
                            "보내기"
                        </button>
                        <button type="button" class="small secondary" on:click=move |_| open.set(false)>
                            "취소"
                        </button>
                    </div>
                </form>
            </Show>
            {move || {
                sent()
                    .map(|thread| {
                        view! {
                            <p class="notice board-action-done" role="status">
                                "쪽지를 보냈습니다. "
                                <a href=format!("/community/notes/{thread}")>"쪽지함에서 보기"</a>
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// "신고" with a reason picker and an optional detail.
#[component]
pub fn ReportButton(target_kind: ReportTarget, target_id: u64) -> impl IntoView {
    let open = RwSignal::new(false);
    let reason = RwSignal::new(ReportReason::ALL[0]);
    let detail = RwSignal::new(String::new());
    let report = ServerAction::<Report>::new();
    let error = action_error(report);
    let done = move || matches!(report.value().get(), Some(Ok(())));
    Effect::new(move |_| {
        if let Some(Ok(())) = report.value().get() {
            open.set(false);
            detail.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        report.dispatch(Report {
            input: ReportInput { target_kind, target_id, reason: reason.get_untracked(), detail: detail.get_untracked() },
        });
    };
    view! {
        <div class="board-action report-action" class:open=move || open.get()>
            <button
                type="button"
                class="link-button report-toggle"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    report.value().set(None);
                }
            >
                "신고"
            </button>
            <Show when=move || open.get()>
                <form class="form board-action-form report-form" on:submit=submit>
                    <label>
                        "신고 사유"
                        <select
                            name="reason"
                            on:change=move |ev| {
                                if let Some(r) = ReportReason::parse(&event_target_value(&ev)) {
                                    reason.set(r);
                                }
                            }
                        >
                            {ReportReason::ALL
                                .iter()
                                .map(|r| {
                                    let r = *r;
                                    view! {
                                        <option value=r.as_str() selected=move || reason.get() == r>
                                            {r.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        "자세한 내용 (선택)"
                        <input
                            type="text"
                            name="detail"
                            maxlength="300"
                            prop:value=move || detail.get()
                            on:input=move |ev| detail.set(event_target_value(&ev))
                        />
                    </label>
                    <FieldError error field="reason"/>
                    <FieldError error field="detail"/>
                    <FormError error/>
                    <div class="board-action-buttons">
                        <button type="submit" class="small danger" disabled=move || report.pending().get()>
                            "신고하기"
                        </button>
                        <button type="button" class="small secondary" on:click=move |_| open.set(false)>
                            "취소"
                        </button>
                    </div>
                </form>
            </Show>
            <Show when=done>
                <p class="notice board-action-done" role="status">
                    "신고가 접수되었습니다."
                </p>
            </Show>
        </div>
    }
}
