//! Browser uploads with progress, with XMLHttpRequest (fetch has no upload progress): a file
//! PUT to a signed URL, or a recording POSTed to the API. Only called from event handlers,
//! so it never runs on the server.

use wasm_bindgen::{closure::Closure, JsCast};

/// PUTs `file` to `url` (see [`send_with_progress`]).
pub fn put_with_progress(file: &web_sys::File, url: &str, progress: impl Fn(f64) + 'static, done: impl FnOnce(u16, String) + 'static) {
    send_with_progress("PUT", file, url, progress, done)
}

/// Sends `body` to `url`; `progress` gets 0–99 while bytes go up, `done` gets the HTTP
/// status (0 on a network failure) and the response body.
pub fn send_with_progress(
    method: &str,
    body: &web_sys::Blob,
    url: &str,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(u16, String) + 'static,
) {
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        done(0, String::new());
        return;
    };
    if xhr.open(method, url).is_err() {
        done(0, String::new());
        return;
    }
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress((e.loaded() / e.total() * 100.0).min(99.0));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();
    let answer = xhr.clone();
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let on_end = {
        let done = done.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = done.borrow_mut().take() {
                let body = answer.response_text().ok().flatten().unwrap_or_default();
                f(answer.status().unwrap_or(0), body);
            }
        })
    };
    xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    on_end.forget();
    let _ = xhr.send_with_opt_blob(Some(body));
}

/// The `message` of a JSON error body, or a general one.
pub fn error_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "업로드하지 못했습니다. 네트워크를 확인해 주세요.".into())
}
