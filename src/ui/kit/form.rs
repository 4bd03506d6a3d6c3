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
/// write leaves the form as it was, with its message). The effect belongs to the page
/// when there is one (see `page_action`).
pub fn reload_on_ok<I, O>(action: ServerAction<I>, version: RwSignal<u32>)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    under_page(|| {
        Effect::new(move |_| {
            if let Some(Ok(_)) = action.value().get() {
                version.update(|v| *v += 1);
            }
        })
    });
}

/// The owner of a page whose body a `Transition` rebuilds after each write (weak: the
/// context lives in that owner).
#[derive(Clone)]
struct PageOwner(leptos::reactive::owner::WeakOwner);

/// Called by a page that reloads its body after a write, outside its `Transition`: the
/// writes its body makes with `page_action` (and their `reload_on_ok`) belong to the page.
pub fn provide_page_owner() {
    if let Some(owner) = Owner::current() {
        provide_context(PageOwner(owner.downgrade()));
    }
}

/// A write made in the body of a page that reloads after it. It belongs to the page, not
/// to the body: when the reloaded body is ready, the one on screen until then is disposed,
/// and a write sent from it whose answer came later was stored and never answered (no
/// reload, no message; docs/architecture.md). Old bodies' actions stay until the page goes.
pub fn page_action<S>() -> ServerAction<S>
where
    S: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    under_page(ServerAction::new)
}

fn under_page<T>(f: impl FnOnce() -> T) -> T {
    match use_context::<PageOwner>().and_then(|PageOwner(o)| o.upgrade()) {
        Some(page) => page.with(f),
        None => f(),
    }
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
