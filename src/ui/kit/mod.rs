//! The UI kit: widgets and helpers every area's UI may use. The kit names no area (it uses
//! only `crate::error`, `crate::kst`, `crate::file_url`, `crate::ui::next`, the server's
//! page status and Leptos), so any area can take from it; `scripts/check-layers` checks that.
//!
//! - [`page`]: the error page, 404, "log in to …", page titles, query encoding.
//! - [`form`]: the error of an action, the message under an input and above a button,
//!   reloading after a write.
//! - [`pager`]: page links or 이전/다음 buttons.
//! - [`media`]: a member's picture (photo or 미니미), an upload progress bar, the
//!   image-upload card (preview, progress, the server's picture after).
//! - [`time`]: dates and times in KST.
//! - [`upload`]: browser uploads with progress (XMLHttpRequest).
//! - [`bgm`]: a homepage's background music: the tab's one audio element and the player.

pub mod bgm;
pub mod form;
pub mod media;
pub mod page;
pub mod pager;
pub mod time;
pub mod upload;

pub use bgm::BgmPlayer;
pub use form::{action_error, page_action, provide_page_owner, reload_on_ok, ErrorMessage, FieldError, FormError};
pub use media::{upload_url, Avatar, ImageUploadCard, ProgressBar, UploadUrl};
pub use page::{navigator, route_path, title_text, url_encode, ErrorPage, InApp, LoginPrompt, NotFound, RouteOf};
pub use pager::Pager;
pub use time::When;
