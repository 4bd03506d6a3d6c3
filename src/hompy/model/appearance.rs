//! How a homepage looks beyond its 미니미: the skin and the BGM playlist (bought in the shop).

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use utoipa::ToSchema;

/// A homepage skin (bought in the shop): the frame's colour, the page background and the
/// accent of tabs and titles, each `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
pub struct Skin {
    pub frame: String,
    pub background: String,
    pub accent: String,
}

impl Skin {
    /// Only well-formed colours pass, so the value is safe inside a `style` attribute.
    pub fn parse(stored: &str) -> Option<Skin> {
        let mut parts = stored.split(';');
        let (frame, background, accent) = (parts.next()?, parts.next()?, parts.next()?);
        let ok = |c: &str| c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
        (parts.next().is_none() && ok(frame) && ok(background) && ok(accent)).then(|| Skin {
            frame: frame.to_ascii_lowercase(),
            background: background.to_ascii_lowercase(),
            accent: accent.to_ascii_lowercase(),
        })
    }
    pub fn stored(&self) -> String {
        format!("{};{};{}", self.frame, self.background, self.accent)
    }
    /// CSS custom properties the homepage's stylesheet reads.
    pub fn style(&self) -> String {
        format!("--skin-frame:{};--skin-bg:{};--skin-accent:{}", self.frame, self.background, self.accent)
    }
}

/// One track of a homepage's BGM playlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
pub struct BgmTrack {
    pub title: String,
    pub src: String,
}
