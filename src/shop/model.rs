//! Types of 도토리 and the shop shared by the server and the browser. Prices are whole
//! 도토리 and amounts whole 원, as integers.

use serde::{Deserialize, Serialize};

pub use crate::hompy::model::{BgmTrack, Skin};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

crate::words!(
    /// What a product is.
    ProductKind { Minimi = "MINIMI" / "미니미", Skin = "SKIN" / "스킨", Bgm = "BGM" / "배경음악" }
);

crate::words!(
    /// Why a balance changed.
    LedgerKind {
        Topup = "TOPUP" / "충전",
        Purchase = "PURCHASE" / "구매",
        GiftSent = "GIFT_SENT" / "선물 보냄",
        GiftReceived = "GIFT_RECEIVED" / "선물 받음",
        Refund = "REFUND" / "환불",
        Grant = "GRANT" / "지급",
        Deduct = "DEDUCT" / "차감",
    }
);

crate::words!(
    /// Where a card payment stands.
    PaymentStatus {
        Pending = "PENDING" / "결제 대기",
        Approving = "APPROVING" / "승인 중",
        Approved = "APPROVED" / "결제 완료",
        Declined = "DECLINED" / "승인 거절",
        Cancelled = "CANCELLED" / "결제 취소",
        Failed = "FAILED" / "실패",
        Unknown = "UNKNOWN" / "확인 중",
        Refunded = "REFUNDED" / "환불됨",
    }
);

crate::words!(
    /// Which payment gateway took a payment.
    GatewayKind { Sandbox = "SANDBOX" / "샌드박스", Nicepay = "NICEPAY" / "NICEPAY" }
);

/// A product as the shop shows it. `id` is opaque (never the row number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub id: String,
    pub kind: ProductKind,
    pub name: String,
    pub category: String,
    pub price: u32,
    /// 미니미: the picture.
    pub picture: Option<String>,
    /// Skin: its colours (the page draws a sample frame).
    pub skin: Option<Skin>,
    /// BGM: the audio file.
    pub audio: Option<String>,
    pub on_sale: bool,
    /// Whether the member asking owns it (false for guests).
    pub owned: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Catalogue {
    pub products: Vec<Product>,
    /// The member's balance (None for guests).
    pub balance: Option<u32>,
}

/// One owned item, and whether it is worn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OwnedItem {
    pub product: Product,
    pub equipped: bool,
    pub acquired_at: chrono::NaiveDateTime,
    /// Who gave it, for a gift.
    pub gift_from: Option<String>,
    pub gift_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyItems {
    pub items: Vec<OwnedItem>,
    pub balance: u32,
    /// The homepage's id (= the member's), to link to it.
    pub user_id: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub id: u64,
    pub kind: LedgerKind,
    /// Signed: + credit, − debit.
    pub amount: i32,
    pub balance_after: u32,
    pub reason: String,
    pub reference: String,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LedgerPage {
    pub entries: Vec<LedgerEntry>,
    pub balance: u32,
    pub page: u32,
    pub total_pages: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Package {
    pub id: u64,
    pub dotori: u32,
    pub price_won: u32,
    pub on_sale: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub order_id: String,
    pub dotori: u32,
    pub amount_won: u32,
    pub gateway: GatewayKind,
    pub status: PaymentStatus,
    /// Why it failed, in words for the member.
    pub failure: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    /// Admin lists only: who paid.
    pub user_id: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PaymentPage {
    pub payments: Vec<Payment>,
    pub page: u32,
    pub total_pages: u32,
}

/// A purchase or a gift, sent or received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PurchaseRow {
    pub product_name: String,
    pub kind: ProductKind,
    pub price: u32,
    pub created_at: chrono::NaiveDateTime,
    /// A gift I sent: to whom.
    pub gift_to: Option<String>,
    /// A gift I received: from whom (price paid by them).
    pub gift_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PurchasePage {
    pub rows: Vec<PurchaseRow>,
    pub page: u32,
    pub total_pages: u32,
}

/// What the browser opens to pay: the sandbox's page inside the site, or the gateway's
/// window (NICEPAY's JS SDK) with these parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Checkout {
    pub order_id: String,
    pub gateway: GatewayKind,
    pub amount_won: u32,
    pub dotori: u32,
    pub goods_name: String,
    /// Sandbox: the page to open.
    pub sandbox_url: Option<String>,
    /// NICEPAY: the client key for the SDK and where it returns.
    pub client_key: Option<String>,
    pub return_url: String,
}

/// The top-up page: packages, the gateway in use, and whether the member may pay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TopupInfo {
    pub packages: Vec<Package>,
    pub gateway: GatewayKind,
    pub identity_verified: bool,
    /// Verified but under 14: may not pay.
    pub under_14: bool,
    pub balance: u32,
}

/// An identity check waiting for its SMS code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IdentityStarted {
    /// The number the code went to, partly hidden.
    pub phone_masked: String,
    pub expires_in_secs: u32,
}

/// What the admin pages list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: u64,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub created_at: chrono::NaiveDateTime,
}

/// Live events of the shop, sent to a member's open tabs through the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ShopEvent {
    /// The balance changed (top-up, purchase, gift, refund, grant).
    #[serde(rename = "dotori")]
    Dotori { balance: u32 },
    /// A 일촌 sent a gift.
    #[serde(rename = "gift", rename_all = "camelCase")]
    Gift { from: String, product_name: String },
}

/// The documented failing test card of the sandbox, and one whose approval times out.
pub const SANDBOX_DECLINED_CARD: &str = "4000000000000002";
pub const SANDBOX_TIMEOUT_CARD: &str = "4000000000000119";
