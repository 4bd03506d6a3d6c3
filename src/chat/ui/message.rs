//! The messages a room holds: kept in seq order, the seq up to which none is missing, and
//! one message as shown.

use super::voice::VoicePlayer;
use crate::{chat::model::ChatMessage, ui::kit::time::clock};
use leptos::prelude::*;

/// Inserts a message in seq order unless it is already there.
pub(super) fn merge(list: &mut Vec<ChatMessage>, m: ChatMessage) {
    if let Err(at) = list.binary_search_by_key(&m.seq, |x| x.seq) {
        list.insert(at, m);
    }
}

/// The last seq of the unbroken run that starts at `seq` in `list` (sorted by seq).
pub(super) fn last_in_line(list: &[ChatMessage], seq: i64) -> i64 {
    let mut to = seq;
    for x in list.iter().filter(|x| x.seq > seq) {
        if x.seq != to + 1 {
            break;
        }
        to = x.seq;
    }
    to
}

/// One message; on my messages a "1" while `read` (the other's read position) is below it.
#[component]
pub(super) fn MessageItem(m: ChatMessage, mine: bool, read: RwSignal<i64>) -> impl IntoView {
    let seq = m.seq;
    let unread = move || mine && seq > read.get();
    let body = match m.voice.clone() {
        Some(v) => view! {
            <div class="bubble voice">
                <VoicePlayer src=crate::file_url::file_url(crate::file_url::FileKind::Voice, &v.file_id) duration_ms=v.duration_ms/>
            </div>
        }
        .into_any(),
        None => view! { <div class="bubble">{m.text.clone()}</div> }.into_any(),
    };
    view! {
        <li class="chat-msg" class:mine=mine data-seq=m.seq data-state="sent">
            {body}
            <span class="meta">
                {move || unread().then(|| view! { <span class="unread-mark" data-testid="unread-mark" title="안 읽음">"1"</span> })}
                <time>{clock(m.created_at)}</time>
            </span>
        </li>
    }
}
