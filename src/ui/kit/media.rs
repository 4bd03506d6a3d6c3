//! Pictures: a member's picture (photo or 미니미), an upload's progress bar, and the card
//! that uploads one image with a preview and progress.

use super::{form::ErrorMessage, upload};
use crate::error::AppError;
use leptos::prelude::*;
use std::{future::Future, pin::Pin, sync::Arc};

/// A member's picture: the photo at `photo` when there is one, else the 미니미 at
/// `minimi` (both addresses, resolved by the caller; leave `photo` out for a 미니미 only).
/// The alt text is "{name}의 {photo_word}" (default "사진") or "{name}의 미니미";
/// `decorative` leaves it empty, for a picture beside the name. `minimi_class` is added
/// to `class` when the 미니미 shows.
#[component]
pub fn Avatar(
    #[prop(default = None, into)] photo: Option<String>,
    #[prop(into)] minimi: String,
    #[prop(into)] name: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] minimi_class: &'static str,
    #[prop(optional)] photo_word: Option<&'static str>,
    #[prop(optional)] decorative: bool,
    #[prop(optional)] size: Option<(u32, u32)>,
) -> impl IntoView {
    let (src, class, what) = match photo {
        Some(src) => (src, class.to_owned(), photo_word.unwrap_or("사진")),
        None => (minimi, [class, minimi_class].into_iter().filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" "), "미니미"),
    };
    let alt = if decorative { String::new() } else { format!("{name}의 {what}") };
    let class = (!class.is_empty()).then_some(class);
    view! { <img class=class src=src alt=alt width=size.map(|s| s.0) height=size.map(|s| s.1)/> }
}

/// An upload's progress (0–100).
#[component]
pub fn ProgressBar(#[prop(into)] value: Signal<f64>) -> impl IntoView {
    view! { <progress class="upload-progress" max="100" value=move || value.get() aria-label="업로드 진행률"></progress> }
}

/// Where to PUT a file, given its name: a signed upload address from the area's API.
pub type UploadUrl = Arc<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<String, AppError>>>> + Send + Sync>;

/// An [`UploadUrl`] from an async function.
pub fn upload_url<F, Fut>(f: F) -> UploadUrl
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, AppError>> + 'static,
{
    Arc::new(move |name| Box::pin(f(name)))
}

/// A card that uploads one image: the current picture (or "사진 없음"), a file button,
/// a preview at once, a progress bar while it goes up, the server's answer after.
///
/// `on_done` gets the body of a successful upload and returns the picture to show in
/// place of the preview, if the answer names one; `done_text` then shows, if given.
#[component]
pub fn ImageUploadCard(
    title: &'static str,
    current: Option<String>,
    /// Class of the picture (and, with `empty`, of the "사진 없음" box).
    img_class: &'static str,
    img_alt: &'static str,
    accept: &'static str,
    /// The file input's aria-label.
    input_label: &'static str,
    max_bytes: f64,
    /// The message for a file over `max_bytes`.
    too_big: &'static str,
    upload_url: UploadUrl,
    on_done: Callback<String, Option<String>>,
    #[prop(optional)] done_text: Option<&'static str>,
) -> impl IntoView {
    let preview = RwSignal::new(current);
    let progress = RwSignal::new(None::<f64>);
    let done = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        done.set(false);
        error.set(None);
        if file.size() > max_bytes {
            error.set(Some(too_big.into()));
            return;
        }
        if let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) {
            preview.set(Some(url));
        }
        progress.set(Some(0.0));
        let signed = upload_url(file.name());
        leptos::task::spawn_local(async move {
            match signed.await {
                Ok(url) => upload::put_with_progress(
                    &file,
                    &url,
                    move |p| progress.set(Some(p)),
                    move |status, body| {
                        if status == 200 {
                            progress.set(Some(100.0));
                            if let Some(src) = on_done.run(body) {
                                preview.set(Some(src));
                            }
                            done.set(true);
                        } else {
                            progress.set(None);
                            error.set(Some(upload::error_message(&body)));
                        }
                    },
                ),
                Err(e) => {
                    progress.set(None);
                    error.set(Some(e.message));
                }
            }
        });
    };
    view! {
        <section class="card">
            <h2>{title}</h2>
            <div class="photo-row">
                {move || match preview.get() {
                    Some(src) => view! { <img class=img_class src=src alt=img_alt/> }.into_any(),
                    None => view! { <div class=format!("{img_class} empty")>"사진 없음"</div> }.into_any(),
                }}
                <label class="file-button">
                    "사진 고르기"
                    <input type="file" accept=accept on:change=on_change aria-label=input_label/>
                </label>
            </div>
            {move || progress.get().map(|p| view! {
                <ProgressBar value=p/>
                <span class="hint">{format!("{p:.0}%")}</span>
            })}
            {move || (done.get() && done_text.is_some()).then(|| view! { <p class="ok" role="status">{done_text}</p> })}
            <ErrorMessage message=error/>
        </section>
    }
}
