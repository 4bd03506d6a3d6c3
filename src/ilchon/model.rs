//! Types of 일촌 shared by the server and the browser.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

/// How the viewer stands to the owner of a homepage (일촌 or not). Decided on the server per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Relation {
    Owner,
    Ilchon,
    Member,
    Guest,
}

impl Relation {
    pub fn signed_in(self) -> bool {
        self != Relation::Guest
    }
}

/// A 일촌 as a link: who, and what the homepage owner calls them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IlchonLink {
    pub user_id: u64,
    pub nickname: String,
    /// 일촌명: what the owner calls this 일촌.
    pub name: String,
}

/// Where the viewer and the owner are in the 일촌 process (for the button in the frame).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
// Each variant names its own field case: utoipa does not read serde's `rename_all_fields`,
// and the document said `request_id` where the answer says `requestId` (the API fuzzer).
#[serde(rename_all = "camelCase", tag = "state")]
pub enum IlchonState {
    None,
    /// `myName` is what the viewer calls the owner.
    #[serde(rename_all = "camelCase")]
    Ilchon {
        my_name: String,
        their_name: String,
    },
    #[serde(rename_all = "camelCase")]
    Sent {
        request_id: u64,
    },
    #[serde(rename_all = "camelCase")]
    Received {
        request_id: u64,
    },
}

/// A 일촌평: a 일촌's short note on the home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Pyeong {
    pub id: u64,
    pub writer_id: u64,
    pub writer_nickname: String,
    /// What the owner calls the writer, while they are 일촌.
    pub writer_ilchon_name: Option<String>,
    pub body: String,
    pub created_at: chrono::NaiveDateTime,
    pub can_delete: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum RequestStatus {
    Pending,
    Accepted,
    Declined,
    Cancelled,
    Countered,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] =
        [RequestStatus::Pending, RequestStatus::Accepted, RequestStatus::Declined, RequestStatus::Cancelled, RequestStatus::Countered];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Accepted => "ACCEPTED",
            Self::Declined => "DECLINED",
            Self::Cancelled => "CANCELLED",
            Self::Countered => "COUNTERED",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "PENDING" => Self::Pending,
            "ACCEPTED" => Self::Accepted,
            "DECLINED" => Self::Declined,
            "CANCELLED" => Self::Cancelled,
            "COUNTERED" => Self::Countered,
            _ => return None,
        })
    }
}

/// A 일촌 request. `from_name` is what the sender will call the receiver; `to_name` what
/// the receiver will call the sender.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IlchonRequest {
    pub id: u64,
    pub from_id: u64,
    pub from_nickname: String,
    pub to_id: u64,
    pub to_nickname: String,
    pub from_name: String,
    pub to_name: String,
    pub message: String,
    pub status: RequestStatus,
    pub created_at: chrono::NaiveDateTime,
}

/// The 일촌 page: requests both ways and my 일촌.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IlchonOverview {
    pub received: Vec<IlchonRequest>,
    pub sent: Vec<IlchonRequest>,
    pub ilchons: Vec<IlchonLink>,
}

pub const NAME_MAX: usize = 20;
pub const PYEONG_MAX: usize = 50;
