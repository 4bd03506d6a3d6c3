//! Types of the mini-homepage shared by the server and the browser. Times are UTC
//! (`NaiveDateTime` from MySQL); pages show them in KST with `crate::ui::kit::time`.

use serde::{Deserialize, Serialize};

pub use crate::ilchon::model::{IlchonLink, IlchonState, Pyeong, Relation};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

mod appearance;
mod inputs;
pub use appearance::*;
pub use inputs::*;

/// What the frame of a mini-homepage shows: the owner's public face.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HompySummary {
    pub user_id: u64,
    pub nickname: String,
    pub title: String,
    pub intro: String,
    pub minimi: String,
    /// The equipped skin's colours as stored (`frame;background;accent`); the frame carries
    /// them read ([`HompyFrame::skin`]), so the browser never parses them.
    #[serde(skip)]
    pub skin: Option<String>,
    /// The BGM playlist as stored (JSON of [`BgmTrack`]s); see [`HompyFrame::bgm`].
    #[serde(skip)]
    pub bgm: Option<String>,
    /// Generated file name of the main photo; see [`main_photo_src`].
    pub main_photo: Option<String>,
    pub joined_at: chrono::NaiveDateTime,
}

impl HompySummary {
    pub fn skin(&self) -> Option<Skin> {
        self.skin.as_deref().and_then(Skin::parse)
    }
    pub fn bgm_tracks(&self) -> Vec<BgmTrack> {
        self.bgm.as_deref().and_then(|b| serde_json::from_str(b).ok()).unwrap_or_default()
    }
}
/// Who may read an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Visibility {
    Public,
    Ilchon,
    Private,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Public, Visibility::Ilchon, Visibility::Private];
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "PUBLIC",
            Visibility::Ilchon => "ILCHON",
            Visibility::Private => "PRIVATE",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Visibility::Public => "전체공개",
            Visibility::Ilchon => "일촌공개",
            Visibility::Private => "비공개",
        }
    }
    /// Whether someone standing in `relation` to the owner may read it.
    pub fn allows(self, relation: Relation) -> bool {
        match self {
            Visibility::Public => true,
            Visibility::Ilchon => matches!(relation, Relation::Owner | Relation::Ilchon),
            Visibility::Private => relation == Relation::Owner,
        }
    }
}

/// The frame of a homepage: the owner's face, counters, 일촌 and how the viewer stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HompyFrame {
    pub summary: HompySummary,
    pub today: u64,
    pub total: u64,
    pub ilchons: Vec<IlchonLink>,
    pub relation: Relation,
    pub ilchon_state: IlchonState,
    pub viewer_id: Option<u64>,
    /// The viewer blocked the owner (the 차단 button's state).
    #[serde(default)]
    pub blocked_by_me: bool,
    /// The equipped skin (bought in the shop), if any.
    pub skin: Option<Skin>,
    /// The BGM playlist; the frame's player never starts by itself.
    pub bgm: Vec<BgmTrack>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub id: u64,
    pub writer_id: u64,
    pub writer_nickname: String,
    /// None once deleted (the page shows "삭제된 댓글입니다").
    pub body: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub can_delete: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiaryEntry {
    pub id: u64,
    pub owner_id: u64,
    /// yyyy-MM-dd
    pub entry_date: chrono::NaiveDate,
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DiaryPage {
    pub entries: Vec<DiaryEntry>,
    pub page: u32,
    pub total_pages: u32,
    /// The calendar's month, yyyy-MM.
    pub month: String,
    /// Days of that month with entries the viewer may read.
    pub days_with_entries: Vec<u32>,
    /// The day the list is filtered to, if any.
    pub day: Option<chrono::NaiveDate>,
    /// Today in KST (the default date of a new entry).
    pub today: chrono::NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum MediaKind {
    Image,
    Video,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Media {
    pub id: u64,
    pub kind: MediaKind,
    pub url: String,
    pub thumb_url: Option<String>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Folder {
    pub id: u64,
    pub name: String,
    pub posts: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PhotoPost {
    pub id: u64,
    pub owner_id: u64,
    pub folder_id: Option<u64>,
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub created_at: chrono::NaiveDateTime,
    pub media: Vec<Media>,
    pub like_count: i64,
    pub liked: bool,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PhotoPage {
    pub folders: Vec<Folder>,
    pub folder: Option<u64>,
    pub posts: Vec<PhotoPost>,
    pub page: u32,
    pub total_pages: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuestbookEntry {
    pub id: u64,
    pub owner_id: u64,
    pub writer_id: u64,
    pub writer_nickname: String,
    pub writer_minimi: String,
    pub body: String,
    pub secret: bool,
    pub reply: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub like_count: i64,
    pub liked: bool,
    pub can_edit: bool,
    pub can_delete: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuestbookPage {
    pub entries: Vec<GuestbookEntry>,
    pub page: u32,
    pub total_pages: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Recent {
    pub id: u64,
    pub title: String,
    pub created_at: chrono::NaiveDateTime,
    pub thumb_url: Option<String>,
}

/// The 홈 tab: recent items the viewer may read, and the 일촌평.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HomeTab {
    pub diary: Vec<Recent>,
    pub photos: Vec<Recent>,
    pub guestbook: Vec<Recent>,
    pub pyeong: Vec<Pyeong>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HistoryItem {
    /// TITLE or INTRO
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub changed_at: chrono::NaiveDateTime,
}

/// The 프로필 tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProfileTab {
    pub history: Vec<HistoryItem>,
    /// The 미니미 the owner may pick (only sent to the owner).
    pub owned_minimi: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub user_id: u64,
    pub nickname: String,
    pub name: String,
    pub title: String,
    pub minimi: String,
    pub profile_img: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub page: u32,
    pub total_pages: u32,
    pub total: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LikeState {
    pub liked: bool,
    pub count: i64,
}

/// Result of an upload to the album: the media to attach to a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UploadedMedia {
    pub media_id: u64,
    pub kind: MediaKind,
    pub thumb_url: Option<String>,
    pub url: String,
}

/// The 미니미 every member may use. Anything else falls back to the first.
pub const MINIMI: &[(&str, &str)] = &[
    ("basic-girl", "기본 소녀"),
    ("basic-boy", "기본 소년"),
    ("cat", "고양이 후드"),
    ("bear", "곰돌이 후드"),
    ("rabbit", "토끼 후드"),
    ("robot", "로봇"),
    ("fox", "여우 후드"),
    ("penguin", "펭귄"),
    ("dino", "공룡 옷"),
    ("school-girl", "교복 소녀"),
    ("school-boy", "교복 소년"),
    ("witch", "마녀 모자"),
    ("chef", "요리사"),
    ("astronaut", "우주인"),
];

/// Everyone owns these; the others are bought (the shop adds them to `owned_minimi`).
pub const DEFAULT_MINIMI: &[&str] = &["basic-girl", "basic-boy"];

pub fn minimi_label(key: &str) -> &'static str {
    MINIMI.iter().find(|(k, _)| *k == key).map(|(_, l)| *l).unwrap_or("미니미")
}

/// Image URL of a 미니미 key; never a path built from unchecked input. A key is one of the
/// drawn 미니미 in `public/minimi/`, or the generated name of a picture staff uploaded to
/// the shop (32 hex digits and `.png`).
pub fn minimi_src(key: &str) -> String {
    if is_uploaded_minimi(key) {
        return crate::file_url::file_url(crate::file_url::FileKind::Shop, key);
    }
    let known = MINIMI.iter().find(|(k, _)| *k == key).map(|(k, _)| *k).unwrap_or(MINIMI[0].0);
    format!("/minimi/{known}.svg")
}

pub fn is_uploaded_minimi(key: &str) -> bool {
    key.strip_suffix(".png").is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
}

pub fn main_photo_src(file: &str) -> String {
    crate::file_url::file_url(crate::file_url::FileKind::MainPhoto, file)
}

/// Page count for `total` items, at least 1.
pub fn pages(total: i64, size: u32) -> u32 {
    (total.max(0) as u64).div_ceil(u64::from(size)).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimi_src_only_serves_known_files() {
        assert_eq!(minimi_src("cat"), "/minimi/cat.svg");
        assert_eq!(minimi_src("../../etc/passwd"), "/minimi/basic-girl.svg");
        assert_eq!(minimi_src("0123456789abcdef0123456789abcdef.png"), "/files/shop/0123456789abcdef0123456789abcdef.png");
        assert_eq!(minimi_src("../0123456789abcdef0123456789abcd.png"), "/minimi/basic-girl.svg");
    }

    #[test]
    fn skins_take_only_colours() {
        let s = Skin::parse("#112233;#AABBCC;#000000").unwrap();
        assert_eq!(s.stored(), "#112233;#aabbcc;#000000");
        assert!(Skin::parse("#112233;#aabbcc;red").is_none());
        assert!(Skin::parse("#112233;#aabbcc;#000000;x").is_none());
        assert!(Skin::parse("#112233;#aabbcc;#00000\"").is_none());
    }

    #[test]
    fn visibility_rules() {
        use Relation::*;
        assert!(Visibility::Public.allows(Guest));
        assert!(Visibility::Ilchon.allows(Ilchon) && Visibility::Ilchon.allows(Owner));
        assert!(!Visibility::Ilchon.allows(Member) && !Visibility::Ilchon.allows(Guest));
        assert!(Visibility::Private.allows(Owner) && !Visibility::Private.allows(Ilchon));
    }

    #[test]
    fn page_counts() {
        assert_eq!(pages(0, 5), 1);
        assert_eq!(pages(5, 5), 1);
        assert_eq!(pages(6, 5), 2);
    }
}

/// What a comment or a like points at. Diary entries and photo posts take comments; photo
/// posts and guestbook entries take likes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TargetKind {
    Diary,
    Photo,
    Guestbook,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] = [TargetKind::Diary, TargetKind::Photo, TargetKind::Guestbook];
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Diary => "DIARY",
            TargetKind::Photo => "PHOTO",
            TargetKind::Guestbook => "GUESTBOOK",
        }
    }
    /// The stored word, or the lower-case one in URLs (`/api/likes/photo/1`).
    pub fn parse(s: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
    pub fn takes_comments(self) -> bool {
        matches!(self, TargetKind::Diary | TargetKind::Photo)
    }
    pub fn takes_likes(self) -> bool {
        matches!(self, TargetKind::Photo | TargetKind::Guestbook)
    }
}
