//! 일촌 relations as other areas see them (hompy asks who is whose 일촌): the way in to
//! the `ilchons` and `ilchon_requests` tables from outside `ilchon`.

use super::{
    model::{IlchonLink, IlchonState, Pyeong},
    service, store,
};
use crate::{error::AppError, server::AppState};
use sqlx::MySqlPool;

/// What `user` calls `other`, when they are 일촌.
pub async fn name_for(db: &MySqlPool, user: u64, other: u64) -> Result<Option<String>, sqlx::Error> {
    store::name_for(db, user, other).await
}

/// `owner`'s 일촌 (active members), newest first.
pub async fn ilchons_of(db: &MySqlPool, owner: u64) -> Result<Vec<IlchonLink>, sqlx::Error> {
    store::list(db, owner).await
}

/// One of `user`'s 일촌 at random (파도타기).
pub async fn random_ilchon(db: &MySqlPool, user: u64) -> Result<Option<u64>, sqlx::Error> {
    store::random_of(db, user).await
}

/// `owner`'s 일촌 as a homepage shows them to `viewer`, what each of the two calls the
/// other when they are 일촌, a request waiting between them, and whether `viewer` blocked
/// `owner`. A homepage asks for the list, the viewer's relation, their standing and its
/// block button: one statement, read once per page render.
#[derive(Clone)]
pub struct OnHomepage {
    pub ilchons: Vec<IlchonLink>,
    /// What the viewer calls the owner.
    pub viewer_calls_owner: Option<String>,
    /// What the owner calls the viewer (the viewer's entry in the list).
    pub owner_calls_viewer: Option<String>,
    /// The viewer blocked the owner (for the frame's button; writes ask `account::blocks`).
    pub viewer_blocked_owner: bool,
    pending: Option<store::Pending>,
}

pub async fn on_homepage(db: &MySqlPool, viewer: Option<u64>, owner: u64) -> Result<OnHomepage, AppError> {
    crate::server::memo::once(format!("ilchon-home:{viewer:?}:{owner}"), || async {
        let seen = match viewer {
            Some(v) if v != owner => store::on_homepage(db, owner, v).await?,
            _ => store::ViewerOnHomepage { ilchons: store::list(db, owner).await?, ..Default::default() },
        };
        let store::ViewerOnHomepage { ilchons, viewer_calls_owner, viewer_blocked_owner, pending } = seen;
        let owner_calls_viewer = viewer.and_then(|v| ilchons.iter().find(|l| l.user_id == v)).map(|l| l.name.clone());
        Ok(OnHomepage { ilchons, viewer_calls_owner, owner_calls_viewer, viewer_blocked_owner, pending })
    })
    .await
}

/// Where the viewer stands with the owner: 일촌 (with both names), a request either way, or
/// nothing, from what `on_homepage` read for the two.
pub fn standing(names: &OnHomepage) -> IlchonState {
    match (&names.viewer_calls_owner, &names.owner_calls_viewer, names.pending) {
        (Some(my_name), their_name, _) => {
            IlchonState::Ilchon { my_name: my_name.clone(), their_name: their_name.clone().unwrap_or_default() }
        }
        (None, _, Some(p)) if p.sent_by_viewer => IlchonState::Sent { request_id: p.request_id },
        (None, _, Some(p)) => IlchonState::Received { request_id: p.request_id },
        (None, _, None) => IlchonState::None,
    }
}

/// The newest 일촌평 on `owner`'s homepage, as `viewer` may see them.
pub async fn pyeong_list(state: &AppState, viewer: Option<u64>, owner: u64) -> Result<Vec<Pyeong>, AppError> {
    service::pyeong_list(state, viewer, owner).await
}
