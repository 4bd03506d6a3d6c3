//! 일촌 as a homepage reads it, against the test MariaDB.

use super::{relations, store};
use crate::ilchon::model::{IlchonState, RequestStatus};

/// A request waiting between viewer and owner comes in the same statement as the 일촌 list:
/// the sender sees it sent, the receiver received, and its row is neither a 일촌 nor a block.
#[tokio::test]
async fn a_homepage_tells_each_side_of_a_waiting_request() {
    let state = crate::site::test_state().await;
    let from = crate::site::test_member(&state, "신청자").await;
    let to = crate::site::test_member(&state, "받는이").await;
    let request = store::request_insert(&state.db, from, to, "친구", "나", "일촌해요").await.unwrap().expect("no open request yet");
    let seen = async |viewer: u64, owner: u64| relations::on_homepage(&state.db, Some(viewer), owner).await.unwrap();

    let sender = seen(from, to).await;
    assert_eq!(relations::standing(&sender), IlchonState::Sent { request_id: request });
    assert!(sender.ilchons.is_empty() && !sender.viewer_blocked_owner, "the request row is neither a 일촌 nor a block");
    assert_eq!((sender.viewer_calls_owner, sender.owner_calls_viewer), (None, None), "not 일촌 yet");
    let receiver = seen(to, from).await;
    assert_eq!(relations::standing(&receiver), IlchonState::Received { request_id: request });
    assert!(receiver.ilchons.is_empty() && !receiver.viewer_blocked_owner);

    assert!(store::close(&state.db, request, RequestStatus::Declined).await.unwrap());
    assert_eq!(relations::standing(&seen(from, to).await), IlchonState::None, "an answered request is no longer waiting");
}
