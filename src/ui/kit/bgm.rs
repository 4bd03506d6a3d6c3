//! A homepage's BGM: the player a page shows (`BgmPlayer`) and one `<audio>` element for
//! the whole tab, made on the first press of play and kept on `<body>` outside the page's
//! view, so the music keeps playing while the visitor moves between a homepage's tabs.
//! Nothing plays until the visitor presses play. The shell holds only the shared state
//! (`provide`); the element and the player are in the homepage's code.

use leptos::prelude::*;

/// Whose playlist is loaded, its tracks (title, address), the current one, and whether it
/// plays: shared by every player of the tab.
#[derive(Clone, Copy)]
struct Bgm {
    owner: RwSignal<Option<u64>>,
    tracks: RwSignal<Vec<(String, String)>>,
    index: RwSignal<usize>,
    playing: RwSignal<bool>,
}

/// Made by the app (so it outlives every page); only four signals live in the shell.
pub fn provide() {
    provide_context(Bgm {
        owner: RwSignal::new(None),
        tracks: RwSignal::new(vec![]),
        index: RwSignal::new(0),
        playing: RwSignal::new(false),
    });
}

fn bgm() -> Option<Bgm> {
    use_context::<Bgm>()
}

#[cfg(feature = "hydrate")]
fn audio(b: Bgm) -> Option<web_sys::HtmlAudioElement> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let doc = document();
    if let Some(existing) = doc.query_selector("audio.bgm-audio").ok().flatten() {
        return existing.dyn_into().ok();
    }
    let audio: web_sys::HtmlAudioElement = doc.create_element("audio").ok()?.dyn_into().ok()?;
    audio.set_class_name("bgm-audio");
    audio.set_preload("none");
    let on = |name: &str, f: Box<dyn FnMut()>| {
        let c = Closure::<dyn FnMut()>::wrap(f);
        let _ = audio.add_event_listener_with_callback(name, c.as_ref().unchecked_ref());
        c.forget();
    };
    on("play", Box::new(move || b.playing.set(true)));
    on("pause", Box::new(move || b.playing.set(false)));
    on(
        "ended",
        Box::new(move || {
            let n = b.tracks.with_untracked(Vec::len);
            if n > 0 {
                b.index.update(|i| *i = (*i + 1) % n);
                play(b);
            }
        }),
    );
    doc.body()?.append_child(&audio).ok()?;
    Some(audio)
}

fn play(b: Bgm) {
    #[cfg(feature = "hydrate")]
    {
        let Some(audio) = audio(b) else { return };
        let src = b.tracks.with_untracked(|t| t.get(b.index.get_untracked()).map(|t| t.1.clone()));
        if let Some(src) = src {
            if !audio.src().ends_with(&src) {
                audio.set_src(&src);
            }
            let _ = audio.play();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = b;
}

fn pause(b: Bgm) {
    #[cfg(feature = "hydrate")]
    if let Some(a) = audio(b) {
        let _ = a.pause();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = b;
}

/// The player of `owner`'s playlist (title, address per track). An island: a guest's
/// homepage hydrates it without the app (docs/design/islands.md). There the music stops when
/// the guest opens another tab (a page load); from the next page on the app keeps it playing.
#[island]
pub fn BgmPlayer(owner: u64, tracks: Vec<(String, String)>) -> impl IntoView {
    // On an islands page the app's state is not there: the player keeps its own.
    let b = bgm().unwrap_or_else(|| {
        provide();
        bgm().expect("just provided")
    });
    if tracks.is_empty() {
        return ().into_any();
    }
    let mine = move || b.owner.get() == Some(owner);
    let first = tracks.first().map(|t| t.0.clone()).unwrap_or_default();
    let title =
        move || if mine() { b.tracks.with(|t| t.get(b.index.get()).map(|t| t.0.clone())).unwrap_or_default() } else { first.clone() };
    let count = tracks.len();
    let playing = move || mine() && b.playing.get();
    let toggle = move |_| {
        if mine() && b.playing.get_untracked() {
            pause(b);
            return;
        }
        if !mine() {
            b.owner.set(Some(owner));
            b.tracks.set(tracks.clone());
            b.index.set(0);
        }
        play(b);
    };
    let skip = move |_| {
        if mine() {
            b.index.update(|i| *i = (*i + 1) % count);
            play(b);
        }
    };
    view! {
        <div class="bgm-player" data-playing=move || playing().to_string()>
            <span class="bgm-note" aria-hidden="true">"♪"</span>
            <span class="bgm-title">{title}</span>
            <button type="button" class="bgm-toggle small" on:click=toggle
                aria-label=move || if playing() { "배경음악 일시정지" } else { "배경음악 재생" }>
                {move || if playing() { "⏸" } else { "▶" }}
            </button>
            {(count > 1).then(|| view! { <button type="button" class="bgm-next small secondary" on:click=skip aria-label="다음 곡">"⏭"</button> })}
        </div>
    }
    .into_any()
}
