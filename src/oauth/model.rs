//! Types of the OAuth provider shared by the server and the browser: apps as the developer
//! console shows them, the consent screen, connected apps.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

crate::words!(
    /// A profile item an app may read.
    Item {
        Name = "name" / "이름",
        Email = "email" / "이메일",
        Gender = "gender" / "성별",
        Birthdate = "birthdate" / "생년월일",
        Phone = "phone" / "휴대폰 번호",
    }
);

impl Item {
    /// The OAuth scope that asks for this item.
    pub fn scope(self) -> &'static str {
        match self {
            Item::Name | Item::Gender | Item::Birthdate => "profile",
            Item::Email => "email",
            Item::Phone => "phone",
        }
    }

    /// Items from a comma-separated list (as stored); unknown words are dropped.
    pub fn parse_list(s: &str) -> Vec<Item> {
        Item::ALL.iter().copied().filter(|i| s.split(',').any(|w| w == i.as_str())).collect()
    }

    pub fn join(items: &[Item]) -> String {
        Item::ALL.iter().filter(|i| items.contains(i)).map(|i| i.as_str()).collect::<Vec<_>>().join(",")
    }
}

crate::words!(
    /// Whether an app asks for an item.
    Policy { Required = "REQUIRED" / "필수", Optional = "OPTIONAL" / "선택", None = "NONE" / "요청 안 함" }
);

crate::words!(
    /// A confidential app keeps a secret on its server; a public one (in a browser or on a
    /// phone) cannot, and proves itself with PKCE instead.
    ClientType { Confidential = "CONFIDENTIAL" / "서버 앱 (client secret 사용)", Public = "PUBLIC" / "공개 앱 (PKCE)" }
);

/// The policy for each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
pub struct ItemPolicies {
    pub name: Policy,
    pub email: Policy,
    pub gender: Policy,
    pub birthdate: Policy,
    pub phone: Policy,
}

impl Default for ItemPolicies {
    fn default() -> Self {
        ItemPolicies { name: Policy::Required, email: Policy::Optional, gender: Policy::None, birthdate: Policy::None, phone: Policy::None }
    }
}

impl ItemPolicies {
    pub fn get(&self, item: Item) -> Policy {
        match item {
            Item::Name => self.name,
            Item::Email => self.email,
            Item::Gender => self.gender,
            Item::Birthdate => self.birthdate,
            Item::Phone => self.phone,
        }
    }

    pub fn set(&mut self, item: Item, p: Policy) {
        match item {
            Item::Name => self.name = p,
            Item::Email => self.email = p,
            Item::Gender => self.gender = p,
            Item::Birthdate => self.birthdate = p,
            Item::Phone => self.phone = p,
        }
    }
}

/// An app as its owner sees it in the console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppView {
    pub client_id: String,
    pub name: String,
    pub logo_url: Option<String>,
    pub homepage: String,
    pub redirect_uris: Vec<String>,
    pub client_type: ClientType,
    pub items: ItemPolicies,
    /// Members who have connected it.
    pub members: u64,
    pub created_at: i64,
}

/// What the console sends to create or change an app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppInput {
    pub name: String,
    pub homepage: String,
    pub redirect_uris: Vec<String>,
    pub client_type: ClientType,
    pub items: ItemPolicies,
}

/// A new app (or a rotated secret): the secret appears in this answer only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatedApp {
    pub app: AppView,
    pub client_secret: Option<String>,
}

/// The consent screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentView {
    pub request: String,
    pub app_name: String,
    pub logo_url: Option<String>,
    pub homepage: String,
    pub owner_nickname: String,
    pub required: Vec<Item>,
    pub optional: Vec<Item>,
    /// Optional items the member granted before (checked at first).
    pub granted_before: Vec<Item>,
    pub openid: bool,
}

/// An app a member has connected (연결된 앱).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectedApp {
    pub client_id: String,
    pub name: String,
    pub logo_url: Option<String>,
    pub homepage: String,
    pub items: Vec<Item>,
    /// Since when (Unix seconds).
    pub since: i64,
}
