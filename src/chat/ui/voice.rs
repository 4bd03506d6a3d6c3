//! Voice messages: record with MediaRecorder (a running timer, stops by itself at 5
//! minutes), then upload with a progress bar to `POST /api/chat/rooms/{room}/voice`; and
//! the player of a clip in the conversation.

use crate::chat::model::{ChatMessage, VOICE_MAX_MS};
use leptos::prelude::*;

/// A clip's length, rounded to the second: "0:03".
fn duration_label(ms: i64) -> String {
    let s = (ms + 500) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A voice clip's player: play/pause, position and "0:01 / 0:03". The length is the one
/// stored with the clip: a recording from a browser's MediaRecorder (WebM) carries none,
/// so the native controls showed 0:00 / 0:00 until the clip had been played through.
#[component]
pub fn VoicePlayer(src: String, duration_ms: i64) -> impl IntoView {
    let audio = NodeRef::<leptos::html::Audio>::new();
    let playing = RwSignal::new(false);
    let at_ms = RwSignal::new(0i64);
    let toggle = move |_| {
        if let Some(a) = audio.get_untracked() {
            if a.paused() {
                let _ = a.play();
            } else {
                let _ = a.pause();
            }
        }
    };
    let position = move |_| {
        if let Some(a) = audio.get_untracked() {
            at_ms.set((a.current_time() * 1000.0) as i64);
        }
    };
    view! {
        <button
            type="button"
            class="voice-play"
            aria-label=move || if playing.get() { "음성 메시지 일시정지" } else { "음성 메시지 재생" }
            on:click=toggle
        >
            {move || if playing.get() { "❚❚" } else { "▶" }}
        </button>
        <progress class="voice-progress" max=duration_ms.max(1) value=move || at_ms.get().min(duration_ms) aria-label="재생 위치"></progress>
        <span class="voice-duration">{move || format!("{} / {}", duration_label(at_ms.get().min(duration_ms)), duration_label(duration_ms))}</span>
        <audio
            node_ref=audio
            preload="none"
            src=src
            aria-label="음성 메시지"
            on:play=move |_| playing.set(true)
            on:pause=move |_| playing.set(false)
            on:ended=move |_| {
                playing.set(false);
                at_ms.set(0);
            }
            on:timeupdate=position
        ></audio>
    }
}

#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Stage {
    Idle,
    Recording,
    Uploading,
}

#[component]
pub fn VoiceRecorder(room_id: String, on_sent: Callback<ChatMessage>) -> impl IntoView {
    let stage = RwSignal::new(Stage::Idle);
    let elapsed = RwSignal::new(0i64);
    let progress = RwSignal::new(0.0f64);
    let error = RwSignal::new(None::<String>);
    let room = StoredValue::new(room_id);
    // Leaving the room ends a recording without sending it.
    #[cfg(feature = "hydrate")]
    on_cleanup(|| imp::stop(false));
    let start = move |_| {
        if stage.get_untracked() != Stage::Idle {
            return;
        }
        error.set(None);
        #[cfg(feature = "hydrate")]
        imp::start(room.get_value(), stage, elapsed, progress, error, on_sent);
        #[cfg(not(feature = "hydrate"))]
        let _ = (room, on_sent);
    };
    let finish = move |send: bool| {
        #[cfg(feature = "hydrate")]
        imp::stop(send);
        #[cfg(not(feature = "hydrate"))]
        let _ = send;
    };
    let mmss = |ms: i64| format!("{}:{:02}", ms / 60_000, ms / 1000 % 60);
    view! {
        <div class="voice-recorder">
            {move || match stage.get() {
                Stage::Idle => view! {
                    <button type="button" class="secondary voice-start" on:click=start aria-label="음성 메시지 녹음">"🎤"</button>
                }.into_any(),
                Stage::Recording => view! {
                    <span class="recording" role="status" data-testid="recording">
                        <span class="rec-dot"></span>
                        {move || format!("{} / {}", mmss(elapsed.get()), mmss(VOICE_MAX_MS))}
                    </span>
                    <button type="button" on:click=move |_| finish(true)>"녹음 보내기"</button>
                    <button type="button" class="secondary" on:click=move |_| finish(false)>"취소"</button>
                }.into_any(),
                Stage::Uploading => view! {
                    <progress class="upload-progress" max="100" value=move || progress.get() aria-label="음성 업로드 진행률"></progress>
                    <span class="hint">{move || format!("{:.0}%", progress.get())}</span>
                }.into_any(),
            }}
            {move || error.get().map(|m| view! { <span class="form-error" role="alert">{m}</span> })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod imp {
    use super::*;
    use std::cell::RefCell;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{Blob, BlobEvent, MediaRecorder, MediaStream, MediaStreamConstraints};

    struct Recording {
        recorder: MediaRecorder,
        stream: MediaStream,
        chunks: Vec<Blob>,
        started: f64,
        send: bool,
        timer: Option<IntervalHandle>,
    }

    thread_local! {
        static CURRENT: RefCell<Option<Recording>> = const { RefCell::new(None) };
        /// Waiting for the microphone (a second tap meanwhile is ignored).
        static STARTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    pub fn start(
        room: String,
        stage: RwSignal<Stage>,
        elapsed: RwSignal<i64>,
        progress: RwSignal<f64>,
        error: RwSignal<Option<String>>,
        on_sent: Callback<ChatMessage>,
    ) {
        if STARTING.with(|s| s.replace(true)) || CURRENT.with(|c| c.borrow().is_some()) {
            return;
        }
        leptos::task::spawn_local(async move {
            let stream = microphone().await;
            STARTING.with(|s| s.set(false));
            if stage.is_disposed() {
                if let Ok(s) = &stream {
                    s.get_tracks().for_each(&mut |t, _, _| t.unchecked_into::<web_sys::MediaStreamTrack>().stop());
                }
                return;
            }
            let stream = match stream {
                Ok(s) => s,
                Err(_) => {
                    error.set(Some("마이크를 사용할 수 없습니다. 브라우저 권한을 확인해 주세요.".into()));
                    return;
                }
            };
            let Ok(recorder) = MediaRecorder::new_with_media_stream(&stream) else {
                error.set(Some("이 브라우저는 녹음을 지원하지 않습니다.".into()));
                return;
            };
            let on_data = Closure::<dyn FnMut(BlobEvent)>::new(move |e: BlobEvent| {
                if let Some(b) = e.data() {
                    CURRENT.with(|c| {
                        if let Some(r) = c.borrow_mut().as_mut() {
                            r.chunks.push(b);
                        }
                    });
                }
            });
            recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
            on_data.forget();
            let on_stop = Closure::<dyn FnMut()>::new(move || {
                let Some(r) = CURRENT.with(|c| c.borrow_mut().take()) else { return };
                if let Some(t) = r.timer {
                    t.clear();
                }
                r.stream.get_tracks().for_each(&mut |t, _, _| t.unchecked_into::<web_sys::MediaStreamTrack>().stop());
                let duration = (js_sys::Date::now() - r.started).round() as i64;
                if !r.send {
                    stage.try_set(Stage::Idle);
                    return;
                }
                upload(&room, r.recorder.mime_type(), r.chunks, duration.clamp(1, VOICE_MAX_MS), stage, progress, error, on_sent);
            });
            recorder.set_onstop(Some(on_stop.as_ref().unchecked_ref()));
            on_stop.forget();
            if recorder.start_with_time_slice(250).is_err() {
                error.set(Some("녹음을 시작하지 못했습니다.".into()));
                return;
            }
            let started = js_sys::Date::now();
            elapsed.set(0);
            stage.set(Stage::Recording);
            let timer = set_interval_with_handle(
                move || {
                    let ms = (js_sys::Date::now() - started) as i64;
                    elapsed.set(ms.min(VOICE_MAX_MS));
                    if ms >= VOICE_MAX_MS {
                        stop(true);
                    }
                },
                std::time::Duration::from_millis(200),
            )
            .ok();
            CURRENT.with(|c| *c.borrow_mut() = Some(Recording { recorder, stream, chunks: vec![], started, send: true, timer }));
        });
    }

    /// Stops the recording; `send` decides whether it is uploaded.
    pub fn stop(send: bool) {
        CURRENT.with(|c| {
            if let Some(r) = c.borrow_mut().as_mut() {
                r.send = send;
                if r.recorder.state() != web_sys::RecordingState::Inactive {
                    let _ = r.recorder.stop();
                }
            }
        });
    }

    async fn microphone() -> Result<MediaStream, JsValue> {
        let devices = window().navigator().media_devices()?;
        let constraints = MediaStreamConstraints::new();
        constraints.set_audio(&JsValue::TRUE);
        let promise = devices.get_user_media_with_constraints(&constraints)?;
        Ok(wasm_bindgen_futures::JsFuture::from(promise).await?.unchecked_into())
    }

    #[allow(clippy::too_many_arguments)]
    fn upload(
        room: &str,
        mime: String,
        chunks: Vec<Blob>,
        duration_ms: i64,
        stage: RwSignal<Stage>,
        progress: RwSignal<f64>,
        error: RwSignal<Option<String>>,
        on_sent: Callback<ChatMessage>,
    ) {
        let parts = js_sys::Array::new();
        for c in chunks {
            parts.push(&c);
        }
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(if mime.is_empty() { "audio/webm" } else { &mime });
        let Ok(blob) = Blob::new_with_blob_sequence_and_options(&parts, &options) else {
            stage.set(Stage::Idle);
            return;
        };
        let client_id = format!("v-{:x}-{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e12) as u64);
        let url = format!("/api/chat/rooms/{room}/voice?clientId={client_id}&durationMs={duration_ms}");
        progress.set(0.0);
        stage.set(Stage::Uploading);
        crate::ui::kit::upload::send_with_progress(
            "POST",
            &blob,
            &url,
            move |p| {
                progress.try_set(p);
            },
            // The room may be gone by now: `try_` everything.
            move |status, body| {
                stage.try_set(Stage::Idle);
                if status == 200 {
                    if let Ok(m) = serde_json::from_str::<ChatMessage>(&body) {
                        on_sent.try_run(m);
                    }
                } else {
                    error.try_set(Some(crate::ui::kit::upload::error_message(&body)));
                }
            },
        );
    }
}
