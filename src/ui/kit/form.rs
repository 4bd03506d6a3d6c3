//! Forms: the error of an action's last run, the message under one input (`FieldError`),
//! the message of the whole form (`FormError`, or `ErrorMessage` for a failure that is
//! only text), and reloading a view after a write succeeds.

use crate::error::AppError;
use leptos::prelude::*;

/// The error of the last run of an action, if it failed.
pub fn action_error<I, O>(a: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || a.value().get().and_then(|r| r.err()))
}

/// Bumps `version` each time `action` succeeds (the view's data then reloads; a failed
/// write leaves the form as it was, with its message).
pub fn reload_on_ok<I, O>(action: ServerAction<I>, version: RwSignal<u32>)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            version.update(|v| *v += 1);
        }
    });
}

/// The message under one input: the message of `field` when the server rejected it, or
/// the whole error when its code is one of `codes` (errors that belong to this input
/// although they are not field validation, such as a taken email).
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
    #[prop(optional)] codes: &'static [&'static str],
) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.field_message(field).or_else(|| codes.contains(&e.code.as_str()).then(|| e.message.clone()))).map(|m| {
            view! { <p class="field-error" data-field=field role="alert">{m}</p> }
        })
    }
}

/// The message of an error that is about no single input: not shown when the server
/// rejected fields (each `FieldError` shows its own) or when the code is one of
/// `field_codes` (a `FieldError` with those `codes` shows it).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>, #[prop(optional)] field_codes: &'static [&'static str]) -> impl IntoView {
    move || {
        error.get().filter(|e| e.field_errors.is_empty() && !field_codes.contains(&e.code.as_str())).map(|e| {
            view! { <p class="form-error" role="alert" data-code=e.code.as_str()>{e.message.clone()}</p> }
        })
    }
}

/// A failure that arrives as text (an upload, a message that could not be sent).
#[component]
pub fn ErrorMessage(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })
}
