//! Where stored files are served: the one place that knows the `/files/<kind>/<name>`
//! layout (the routes in each area's `file_routes()` serve the same folders).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Profile pictures (public).
    Profile,
    /// Album photos, thumbnails and videos (after their post's visibility check).
    Photo,
    /// A homepage's main photo (public).
    MainPhoto,
    /// Chat voice clips (the room's two members).
    Voice,
    /// Shop products' pictures and BGM tracks (public).
    Shop,
    /// Logos of apps registered with the OAuth provider (public).
    AppLogo,
    /// Pictures of community posts (after the school check of their post).
    Board,
}

impl FileKind {
    fn folder(self) -> &'static str {
        match self {
            FileKind::Profile => "profile",
            FileKind::Photo => "photo",
            FileKind::MainPhoto => "hompy",
            FileKind::Voice => "voice",
            FileKind::Shop => "shop",
            FileKind::AppLogo => "oauth",
            FileKind::Board => "board",
        }
    }
}

/// The address a stored file is served at.
pub fn file_url(kind: FileKind, name: &str) -> String {
    format!("/files/{}/{name}", kind.folder())
}
