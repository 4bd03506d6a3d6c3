//! A homepage's BGM: the player a page shows (`BgmPlayer`) and one `<audio>` element for
//! the whole tab, made on the first press of play and kept on `<body>` outside the page's
//! view, so the music keeps playing while the visitor moves between a homepage's tabs.
//! Nothing plays until the visitor presses play. The shell holds only the shared state
//! (`provide`); the element and the player are in the homepage's code.
//!
//! A page load (a guest's islands homepage links to the other tabs with plain loads; a
//! reload) ends the element, so music that was playing is handed over: on `pagehide` the tab
//! keeps whose music, which track and where in it (`sessionStorage`, this tab only), and the
//! next page's player of the same homepage, if it comes within `RESUME_WITHIN_MS`, carries on
//! from there. A browser that refuses to play without a new press shows ▶, and the press
//! carries on from the same place.

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

/// The `sessionStorage` key of the hand-over: "owner index position-ms saved-at-ms", whole
/// numbers (formatting and parsing floats would add about 14 KB to the main bundle).
#[cfg(feature = "hydrate")]
const RESUME_KEY: &str = "bgm-resume";
/// A page load takes well under this, even on a slow phone network; music stopped longer ago
/// is not taken up again.
#[cfg(feature = "hydrate")]
const RESUME_WITHIN_MS: u64 = 30_000;

#[cfg(feature = "hydrate")]
fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

#[cfg(feature = "hydrate")]
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// On leaving the page: where the music was, if it was playing.
#[cfg(feature = "hydrate")]
fn keep_for_next_page(b: Bgm, audio: &web_sys::HtmlAudioElement) {
    let (Some(owner), Some(store)) = (b.owner.get_untracked(), session_storage()) else { return };
    if audio.paused() {
        let _ = store.remove_item(RESUME_KEY);
        return;
    }
    let position = (audio.current_time() * 1000.0) as u64;
    let value = format!("{owner} {} {position} {}", b.index.get_untracked(), now_ms());
    let _ = store.set_item(RESUME_KEY, &value);
}

/// On a new page's player of `owner`: the track and the position in seconds, if the
/// hand-over is this homepage's and recent. Read once: it is removed whatever it holds.
#[cfg(feature = "hydrate")]
fn take_handover(owner: u64, count: usize) -> Option<(usize, f64)> {
    let store = session_storage()?;
    let value = store.get_item(RESUME_KEY).ok().flatten()?;
    let _ = store.remove_item(RESUME_KEY);
    let mut numbers = value.split(' ').map(|n| n.parse::<u64>().ok());
    let (who, index, position, at) = (numbers.next()??, numbers.next()??, numbers.next()??, numbers.next()??);
    let fresh = now_ms().checked_sub(at).is_some_and(|ago| ago < RESUME_WITHIN_MS);
    let index = usize::try_from(index).ok()?;
    (who == owner && fresh && index < count).then_some((index, position as f64 / 1000.0))
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
    let leaving = audio.clone();
    let c = Closure::<dyn FnMut()>::new(move || keep_for_next_page(b, &leaving));
    let _ = window().add_event_listener_with_callback("pagehide", c.as_ref().unchecked_ref());
    c.forget();
    Some(audio)
}

fn play(b: Bgm) {
    play_from(b, None)
}

/// Plays the current track, from `start` seconds into it when given (a hand-over).
fn play_from(b: Bgm, start: Option<f64>) {
    #[cfg(feature = "hydrate")]
    {
        let Some(audio) = audio(b) else { return };
        let src = b.tracks.with_untracked(|t| t.get(b.index.get_untracked()).map(|t| t.1.clone()));
        if let Some(src) = src {
            if !audio.src().ends_with(&src) {
                audio.set_src(&src);
            }
            // Before the media has loaded this is where it starts (the default playback
            // start position).
            if let Some(start) = start {
                audio.set_current_time(start);
            }
            let _ = audio.play();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (b, start);
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
/// homepage hydrates it without the app (docs/design/islands.md). Its other tabs are page
/// loads, so the music is handed over to the next page's player (see the top of this file).
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
    #[cfg(feature = "hydrate")]
    {
        // Once, in the browser: carry on with music the last page of this homepage played.
        let tracks = tracks.clone();
        Effect::new(move |_| {
            if b.owner.get_untracked() == Some(owner) && b.playing.get_untracked() {
                return;
            }
            if let Some((index, time)) = take_handover(owner, tracks.len()) {
                b.owner.set(Some(owner));
                b.tracks.set(tracks.clone());
                b.index.set(index);
                play_from(b, Some(time));
            }
        });
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
