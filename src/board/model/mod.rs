//! Types of the community shared by the server and the browser. An anonymous writer never
//! appears in them: a post, comment or note carries a display name (`익명`, `익명3`,
//! `익명(글쓴이)` or a nickname), the writer's id and homepage only when it is named, and
//! `mine` only for the member who asks (docs/design/board-anonymity.md).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

crate::words!(
    /// What a board is for.
    BoardCategory {
        Department = "DEPARTMENT" / "학과",
        Career = "CAREER" / "진로",
        Promotion = "PROMOTION" / "홍보",
        Group = "GROUP" / "단체",
        Free = "FREE" / "자유",
        Info = "INFO" / "정보",
    }
);

crate::words!(
    /// Where a post, comment or note stands.
    ContentStatus {
        Visible = "VISIBLE" / "보임",
        Deleted = "DELETED" / "삭제됨",
        Hidden = "HIDDEN" / "숨김",
        Held = "HELD" / "검토 중",
    }
);

crate::words!(
    /// How a member proved they belong to a school.
    VerifiedBy {
        Email = "EMAIL" / "학교 이메일",
        Approval = "APPROVAL" / "운영진 승인",
    }
);

crate::words!(
    RequestStatus {
        Pending = "PENDING" / "대기 중",
        Approved = "APPROVED" / "승인됨",
        Rejected = "REJECTED" / "거절됨",
    }
);

crate::words!(
    /// What a report is about.
    ReportTarget {
        Post = "POST" / "글",
        Comment = "COMMENT" / "댓글",
        Note = "NOTE" / "쪽지",
    }
);

crate::words!(
    ReportReason {
        Abuse = "ABUSE" / "욕설·비하",
        Spam = "SPAM" / "광고·도배",
        Porn = "PORN" / "음란물",
        Fraud = "FRAUD" / "사기·낚시",
        Privacy = "PRIVACY" / "개인정보 노출",
        Other = "OTHER" / "기타",
    }
);

crate::words!(
    ReportStatus {
        Open = "OPEN" / "처리 대기",
        Hidden = "HIDDEN" / "숨김 처리",
        Dismissed = "DISMISSED" / "기각",
    }
);

/// The most pictures a post may carry.
pub const MAX_IMAGES: usize = 10;
/// 공감 a post needs to be HOT.
pub const HOT_LIKES: u32 = 10;
/// Distinct reporters that hold a post until staff review it.
pub const HOLD_REPORTS: u32 = 5;
/// Posts per page.
pub const PAGE_SIZE: u32 = 20;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct School {
    pub id: u64,
    pub name: String,
    pub campus: String,
    /// Email domains that admit members (empty: staff approve requests).
    pub domains: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub school_id: u64,
    pub school_name: String,
    pub campus: String,
    /// 학번 as the year of admission (2023 → 23학번).
    pub admission_year: u16,
    pub verified_by: VerifiedBy,
    /// Until when the member may read but not write (UTC), if suspended.
    pub suspended_until: Option<NaiveDateTime>,
}

/// A member's request to join a school without an email domain.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SchoolRequest {
    pub id: u64,
    pub school_id: u64,
    pub school_name: String,
    pub admission_year: u16,
    pub message: String,
    pub status: RequestStatus,
    pub created_at: NaiveDateTime,
    /// Staff's queue only: who asked.
    pub user_id: Option<u64>,
    pub nickname: Option<String>,
}

/// Where the member stands in the community.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyCommunity {
    pub membership: Option<Membership>,
    /// A request waiting for staff, if any.
    pub request: Option<SchoolRequest>,
    /// The school address a code was mailed to and not yet entered.
    pub pending_email: Option<String>,
    /// Unread 쪽지 and notices.
    pub unread_notes: u32,
    pub unread_notices: u32,
    /// STAFF or ADMIN: the moderation pages are open to them.
    pub staff: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Board {
    pub id: u64,
    pub category: BoardCategory,
    pub name: String,
    pub description: String,
    pub school_id: u64,
    pub anonymous_allowed: bool,
    pub questions_allowed: bool,
    pub retired: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The asking member pinned it.
    pub pinned: bool,
}

/// What staff set on a board.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BoardInput {
    pub school_id: u64,
    pub category: BoardCategory,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub anonymous_allowed: bool,
    pub questions_allowed: bool,
    #[serde(default)]
    pub retired: bool,
}

/// What staff set on a school.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SchoolInput {
    pub name: String,
    #[serde(default)]
    pub campus: String,
    #[serde(default)]
    pub domains: Vec<String>,
}

/// One line of a post list. `writer` is the display name; `writer_id` only when named.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PostSummary {
    pub id: u64,
    pub board_id: u64,
    pub board_name: String,
    pub title: String,
    /// The first line of the text (empty when deleted or hidden).
    pub excerpt: String,
    pub writer: String,
    pub writer_id: Option<u64>,
    pub anonymous: bool,
    pub question: bool,
    pub status: ContentStatus,
    pub like_count: u32,
    pub comment_count: u32,
    pub scrap_count: u32,
    pub view_count: u32,
    pub has_images: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PostPage {
    pub posts: Vec<PostSummary>,
    pub page: u32,
    pub total_pages: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PostImage {
    pub id: u64,
    pub url: String,
    pub thumb_url: String,
    pub width: u32,
    pub height: u32,
}

/// A post as its page shows it. Deleted or hidden posts keep their place with empty text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PostView {
    pub id: u64,
    pub board: Board,
    pub title: String,
    pub body: String,
    pub writer: String,
    pub writer_id: Option<u64>,
    /// The named writer's 미니미 or photo (None when anonymous).
    pub writer_avatar: Option<String>,
    pub anonymous: bool,
    pub question: bool,
    pub status: ContentStatus,
    /// A question with answers whose writer took its text back.
    pub text_hidden: bool,
    pub images: Vec<PostImage>,
    pub like_count: u32,
    pub scrap_count: u32,
    pub comment_count: u32,
    pub view_count: u32,
    pub liked: bool,
    pub scrapped: bool,
    /// The asking member wrote it.
    pub mine: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub comments: Vec<CommentView>,
}

/// A comment or reply. `writer` is `익명N`, `익명(글쓴이)` or a nickname.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommentView {
    pub id: u64,
    pub parent_id: Option<u64>,
    pub writer: String,
    pub writer_id: Option<u64>,
    pub anonymous: bool,
    /// Written by the post's writer (shown only when both are anonymous or both named).
    pub is_post_writer: bool,
    pub body: String,
    pub status: ContentStatus,
    pub like_count: u32,
    pub liked: bool,
    pub mine: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PostInput {
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub question: bool,
    /// Uploaded pictures (`/api/community/upload-url`), in order; at most 10.
    #[serde(default)]
    pub image_ids: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommentInput {
    pub body: String,
    #[serde(default)]
    pub anonymous: bool,
    /// Replies name the comment they answer (one level only).
    #[serde(default)]
    pub parent_id: Option<u64>,
}

/// A picture uploaded for a post not yet written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UploadedImage {
    pub id: u64,
    pub url: String,
    pub thumb_url: String,
}

/// 공감 or scrap after a toggle.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Toggle {
    pub on: bool,
    pub count: u32,
}

/// A pinned board with its newest posts (community home).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BoardPreview {
    pub board: Board,
    pub posts: Vec<PostSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommunityHome {
    pub me: MyCommunity,
    pub school: Option<School>,
    /// Pinned boards first, then the others, each with its newest posts.
    pub boards: Vec<BoardPreview>,
    pub hot: Vec<PostSummary>,
    pub notices: Vec<Notice>,
}

/// One of my comments, with the post it is on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyComment {
    pub id: u64,
    pub post_id: u64,
    pub post_title: String,
    pub body: String,
    pub anonymous: bool,
    pub status: ContentStatus,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyCommentPage {
    pub comments: Vec<MyComment>,
    pub page: u32,
    pub total_pages: u32,
}

mod notes;
pub use notes::*;
