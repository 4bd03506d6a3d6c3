//! What members send to change a homepage (the REST bodies and the server functions'
//! arguments); the service checks every field.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

/// Title, intro and 미니미 of a homepage (the owner edits them on the 프로필 tab).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HomeInput {
    pub title: String,
    pub intro: String,
    pub minimi: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiaryInput {
    /// yyyy-MM-dd
    pub entry_date: String,
    pub title: String,
    pub body: String,
    /// PUBLIC | ILCHON | PRIVATE
    pub visibility: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PhotoPostInput {
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// PUBLIC | ILCHON | PRIVATE
    pub visibility: String,
    #[serde(default)]
    pub folder_id: Option<u64>,
    /// Uploads to attach, in order (from the album upload URL); empty when editing.
    #[serde(default)]
    pub media_ids: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuestbookInput {
    pub body: String,
    #[serde(default)]
    pub secret: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TextInput {
    pub body: String,
}
