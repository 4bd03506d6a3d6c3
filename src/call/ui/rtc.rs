//! The media and the `RTCPeerConnection` of a call (browser only): camera and microphone,
//! the connection with its ICE servers, offer and answer, ICE candidates (kept until the
//! remote description is set), connection state, the elapsed-time clock, and letting go
//! of it all.

use super::{
    session::{after, current, finish, reset_signals, set_phase, signals, with_call, Session, ENDED, FAILED},
    signaling::send_current,
    state::Phase,
};
use crate::{
    call::{api::get_call_config, model::IceServer},
    chat::model::CallKind,
};
use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    HtmlMediaElement, MediaStream, MediaStreamConstraints, MediaStreamTrack, RtcConfiguration, RtcIceServer, RtcPeerConnection,
    RtcPeerConnectionIceEvent, RtcTrackEvent,
};

pub(super) const DISCONNECT_MS: i32 = 5000;

/// An accepted call that has not connected by then gives up.
pub(super) const CONNECT_MS: i32 = 30_000;

pub(super) const PENDING_ICE_MAX: usize = 200;

pub(super) fn stringify(v: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(v).ok().map(String::from)
}

pub(super) fn release(mut s: Session) {
    if let Some(pc) = s.pc.take() {
        pc.set_onicecandidate(None);
        pc.set_ontrack(None);
        pc.set_onconnectionstatechange(None);
        pc.close();
    }
    if let Some((id, _)) = &s.tick {
        window().clear_interval_with_handle(*id);
    }
    for stream in [s.local.take(), s.remote.take()].into_iter().flatten() {
        stop_stream(&stream);
    }
    for id in ["call-preview", "local-video", "remote-video"] {
        if let Some(v) = media_el(id) {
            v.set_src_object(None);
        }
    }
    reset_signals();
    // This may run inside one of the handlers: free them after it returns.
    let handlers = std::mem::take(&mut s.handlers);
    let tick = s.tick.take();
    after(0, move || drop((handlers, tick)));
}

pub(super) fn stop_stream(m: &MediaStream) {
    for t in m.get_tracks().iter() {
        if let Ok(t) = t.dyn_into::<MediaStreamTrack>() {
            t.stop();
        }
    }
}

pub(super) fn media_el(id: &str) -> Option<HtmlMediaElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// Shows the local or remote stream in `v` (once; a new element gets it again).
pub(super) fn attach_to(v: &HtmlMediaElement, remote: bool) {
    let Some(stream) = current(|s| if remote { s.remote.clone() } else { s.local.clone() }) else { return };
    if !remote {
        v.set_muted(true);
    }
    let same = v.src_object().is_some_and(|cur| {
        let (a, b): (&JsValue, &JsValue) = (cur.as_ref(), stream.as_ref());
        a == b
    });
    if same {
        return;
    }
    v.set_src_object(Some(&stream));
    let Ok(p) = v.play() else { return };
    let v = v.clone();
    spawn_local(async move {
        if let Err(e) = JsFuture::from(p).await {
            let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string());
            // Autoplay with sound refused: better a silent picture than none.
            if name.as_deref() == Some("NotAllowedError") {
                v.set_muted(true);
                let _ = v.play();
            }
        }
    });
}

pub(super) fn attach_all() {
    for (id, remote) in [("call-preview", false), ("local-video", false), ("remote-video", true)] {
        if let Some(v) = media_el(id) {
            attach_to(&v, remote);
        }
    }
}

pub(super) async fn get_media() -> Option<MediaStream> {
    let devices = window().navigator().media_devices().ok()?;
    let c = MediaStreamConstraints::new();
    c.set_video(&JsValue::TRUE);
    c.set_audio(&JsValue::TRUE);
    let p = devices.get_user_media_with_constraints(&c).ok()?;
    JsFuture::from(p).await.ok()?.dyn_into::<MediaStream>().ok()
}

pub(super) async fn ice_servers() -> Vec<IceServer> {
    get_call_config().await.map(|c| c.ice_servers).unwrap_or_default()
}

pub(super) fn rtc_config(ice: &[IceServer]) -> RtcConfiguration {
    let list = js_sys::Array::new();
    for s in ice {
        let server = RtcIceServer::new();
        let urls: js_sys::Array = s.urls.iter().map(|u| JsValue::from_str(u)).collect();
        server.set_urls(&urls);
        if let Some(u) = &s.username {
            server.set_username(u);
        }
        if let Some(c) = &s.credential {
            server.set_credential(c);
        }
        list.push(&server);
    }
    let c = RtcConfiguration::new();
    c.set_ice_servers(&list);
    c
}

/// Makes the connection of call `call_id` with the local tracks added.
pub(super) fn open_pc(call_id: &str) -> Option<RtcPeerConnection> {
    let (ice, local) = with_call(call_id, |s| (s.ice.clone(), s.local.clone()))?;
    let local = local?;
    let pc = RtcPeerConnection::new_with_configuration(&rtc_config(&ice)).ok()?;
    let mut handlers = vec![];

    let id = call_id.to_owned();
    let on_ice = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let e: RtcPeerConnectionIceEvent = e.unchecked_into();
        let Some(c) = e.candidate() else { return };
        if c.candidate().is_empty() {
            return;
        }
        if let Some(text) = stringify(&c.to_json()) {
            send_current(&id, CallKind::Ice, Some(text));
        }
    });
    pc.set_onicecandidate(Some(on_ice.as_ref().unchecked_ref()));
    handlers.push(on_ice);

    let id = call_id.to_owned();
    let on_track = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let e: RtcTrackEvent = e.unchecked_into();
        let stream = e.streams().get(0).dyn_into::<MediaStream>().ok();
        with_call(&id, |s| {
            if let Some(m) = stream {
                s.remote = Some(m);
            } else if let Some(r) = &s.remote {
                r.add_track(&e.track());
            } else if let Ok(m) = MediaStream::new() {
                m.add_track(&e.track());
                s.remote = Some(m);
            }
        });
        attach_all();
    });
    pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
    handlers.push(on_track);

    let id = call_id.to_owned();
    let on_state = Closure::<dyn FnMut(JsValue)>::new(move |_e: JsValue| on_pc_state(&id));
    pc.set_onconnectionstatechange(Some(on_state.as_ref().unchecked_ref()));
    handlers.push(on_state);

    for t in local.get_tracks().iter() {
        if let Ok(t) = t.dyn_into::<MediaStreamTrack>() {
            pc.add_track_0(&t, &local);
        }
    }
    let kept = with_call(call_id, |s| {
        s.pc = Some(pc.clone());
        s.handlers = handlers;
    });
    if kept.is_none() {
        pc.close();
        return None;
    }
    Some(pc)
}

pub(super) fn pc_state(pc: &RtcPeerConnection) -> String {
    js_sys::Reflect::get(pc, &"connectionState".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

pub(super) fn on_pc_state(call_id: &str) {
    let Some(pc) = with_call(call_id, |s| s.pc.clone()).flatten() else { return };
    let state = pc_state(&pc);
    if let Some(st) = signals() {
        st.pc_state.set(state.clone());
    }
    match state.as_str() {
        "connected" => connected(call_id),
        "failed" | "closed" => {
            let never = signals().is_some_and(|st| st.connected_at.get_untracked().is_none());
            finish(call_id, Some(CallKind::Hangup), Some(if never { (FAILED, false) } else { (ENDED, true) }));
        }
        "disconnected" => {
            let id = call_id.to_owned();
            after(DISCONNECT_MS, move || {
                let still = with_call(&id, |s| s.pc.as_ref().map(pc_state)).flatten();
                if still.as_deref() == Some("disconnected") {
                    finish(&id, Some(CallKind::Hangup), Some((ENDED, true)));
                }
            });
        }
        _ => {}
    }
}

/// Starts the elapsed-time clock the first time the call connects.
pub(super) fn connected(call_id: &str) {
    let Some(st) = signals() else { return };
    if with_call(call_id, |s| s.tick.is_some()) != Some(false) {
        return;
    }
    let now = js_sys::Date::now();
    st.now.set(now);
    if st.connected_at.get_untracked().is_none() {
        st.connected_at.set(Some(now));
    }
    let tick = Closure::<dyn FnMut()>::new(move || {
        if let Some(st) = signals() {
            st.now.set(js_sys::Date::now());
        }
    });
    let Ok(handle) = window().set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000) else {
        return;
    };
    if with_call(call_id, move |s| s.tick = Some((handle, tick))).is_none() {
        window().clear_interval_with_handle(handle);
    }
}

pub(super) fn fail(call_id: &str) {
    finish(call_id, Some(CallKind::Hangup), Some((FAILED, false)));
}

/// Gives up on an accepted call that never connects (a lost offer, no route).
pub(super) fn connect_deadline(call_id: &str) {
    let id = call_id.to_owned();
    after(CONNECT_MS, move || {
        if with_call(&id, |s| s.tick.is_none()) == Some(true) {
            fail(&id);
        }
    });
}

/// The remote description is set: add the candidates that waited for it.
pub(super) fn remote_ready(call_id: &str, pc: &RtcPeerConnection) {
    let pending = with_call(call_id, |s| {
        s.remote_set = true;
        std::mem::take(&mut s.pending_ice)
    })
    .unwrap_or_default();
    for c in pending {
        add_ice(pc, &c);
    }
}

pub(super) fn add_ice(pc: &RtcPeerConnection, text: &str) {
    let Ok(init) = js_sys::JSON::parse(text) else { return };
    let p = pc.add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(init.unchecked_ref()));
    spawn_local(async move {
        let _ = JsFuture::from(p).await;
    });
}

pub(super) fn on_ice(call_id: &str, data: String) {
    let ready = with_call(call_id, |s| match (&s.pc, s.remote_set) {
        (Some(pc), true) => Some(pc.clone()),
        _ => {
            if s.pending_ice.len() < PENDING_ICE_MAX {
                s.pending_ice.push(data.clone());
            }
            None
        }
    })
    .flatten();
    if let Some(pc) = ready {
        add_ice(&pc, &data);
    }
}

/// Caller: the other accepted. Make the connection and send the offer.
pub(super) fn on_accepted(call_id: &str) {
    if with_call(call_id, |s| s.accepted = true).is_none() {
        return;
    }
    set_phase(Phase::InCall);
    connect_deadline(call_id);
    let Some(pc) = open_pc(call_id) else { return fail(call_id) };
    let id = call_id.to_owned();
    spawn_local(async move {
        let Ok(offer) = JsFuture::from(pc.create_offer()).await else { return fail(&id) };
        if JsFuture::from(pc.set_local_description(offer.unchecked_ref())).await.is_err() {
            return fail(&id);
        }
        send_current(&id, CallKind::Offer, stringify(&offer));
    });
}

/// Callee: the offer came. Answer it.
pub(super) fn on_offer(call_id: &str, data: String) {
    let Some(pc) = with_call(call_id, |s| s.pc.clone()).flatten() else { return };
    let id = call_id.to_owned();
    spawn_local(async move {
        let Ok(desc) = js_sys::JSON::parse(&data) else { return fail(&id) };
        if JsFuture::from(pc.set_remote_description(desc.unchecked_ref())).await.is_err() {
            return fail(&id);
        }
        remote_ready(&id, &pc);
        let Ok(answer) = JsFuture::from(pc.create_answer()).await else { return fail(&id) };
        if JsFuture::from(pc.set_local_description(answer.unchecked_ref())).await.is_err() {
            return fail(&id);
        }
        send_current(&id, CallKind::Answer, stringify(&answer));
    });
}

/// Caller: the answer came.
pub(super) fn on_answer(call_id: &str, data: String) {
    let Some(pc) = with_call(call_id, |s| s.pc.clone()).flatten() else { return };
    let id = call_id.to_owned();
    spawn_local(async move {
        let Ok(desc) = js_sys::JSON::parse(&data) else { return fail(&id) };
        if JsFuture::from(pc.set_remote_description(desc.unchecked_ref())).await.is_err() {
            return fail(&id);
        }
        remote_ready(&id, &pc);
    });
}

pub(super) fn set_track_enabled(audio: bool, on: bool) {
    let Some(local) = current(|s| s.local.clone()) else { return };
    let tracks = if audio { local.get_audio_tracks() } else { local.get_video_tracks() };
    for t in tracks.iter() {
        if let Ok(t) = t.dyn_into::<MediaStreamTrack>() {
            t.set_enabled(on);
        }
    }
}
