//! Where to go after logging in: the `next` parameter, accepted only when it resolves to a
//! page of our own origin. Browsers read `/\evil.example/` and `/%09/evil.example/` as
//! `//evil.example/` (a backslash counts as a slash, tabs and newlines are dropped), so
//! a string check is not enough: the address is parsed the way a browser parses it and
//! the origin compared. In the browser that is the browser's own URL parser; on the
//! server the WHATWG parser of the `url` crate.

use super::kit::url_encode;

/// The login page's address, coming back to `path` (path, query and fragment) afterwards.
pub fn login_href(path: &str) -> String {
    format!("/login?next={}", url_encode(path))
}

/// `raw` as a same-origin path (with its query and fragment) when it resolves against
/// `origin` to that origin; `/` otherwise.
pub fn safe_next(raw: Option<&str>, origin: &str) -> String {
    raw.and_then(|raw| same_origin_path(raw, origin)).unwrap_or_else(|| "/".to_owned())
}

#[cfg(feature = "ssr")]
fn same_origin_path(raw: &str, origin: &str) -> Option<String> {
    let base = url::Url::parse(origin).ok()?;
    let resolved = base.join(raw).ok()?;
    if resolved.origin() != base.origin() {
        return None;
    }
    Some(path_of(resolved.path(), resolved.query(), resolved.fragment()))
}

#[cfg(not(feature = "ssr"))]
fn same_origin_path(raw: &str, origin: &str) -> Option<String> {
    let resolved = web_sys::Url::new_with_base(raw, origin).ok()?;
    let base = web_sys::Url::new(origin).ok()?;
    if resolved.origin() != base.origin() {
        return None;
    }
    let (search, hash) = (resolved.search(), resolved.hash());
    let query = search.strip_prefix('?');
    let fragment = hash.strip_prefix('#');
    Some(path_of(&resolved.pathname(), query, fragment))
}

/// Rebuilt from parsed parts, so what we navigate to is exactly what was checked. A path
/// that still starts with `//` (say `/.//evil.example`) would be read as another host.
fn path_of(path: &str, query: Option<&str>, fragment: Option<&str>) -> String {
    let mut out = format!("/{}", path.trim_start_matches('/'));
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    const ORIGIN: &str = "http://127.0.0.1:3000";

    #[test]
    fn keeps_our_own_pages() {
        assert_eq!(safe_next(Some("/account"), ORIGIN), "/account");
        assert_eq!(safe_next(Some("/hompy/3?tab=diary#top"), ORIGIN), "/hompy/3?tab=diary#top");
        assert_eq!(safe_next(Some("http://127.0.0.1:3000/chat"), ORIGIN), "/chat");
        assert_eq!(safe_next(None, ORIGIN), "/");
    }

    #[test]
    fn refuses_other_origins_however_written() {
        for raw in [
            "//evil.example/",
            "/\\evil.example/",
            "\\\\evil.example",
            "/\t/evil.example/",
            "/\n/evil.example/",
            " //evil.example",
            "http://evil.example/",
            "https://127.0.0.1:3000/",
            "http://127.0.0.1:3001/",
            "javascript:alert(1)",
            "data:text/html,hi",
            "http:evil.example",
        ] {
            let got = safe_next(Some(raw), ORIGIN);
            assert!(got == "/" || !got.starts_with("//"), "{raw:?} gave {got}");
            assert!(!got.contains("evil.example") || got.starts_with("/evil.example") || got == "/", "{raw:?} gave {got}");
        }
        assert_eq!(safe_next(Some("/\\evil.example/"), ORIGIN), "/");
        assert_eq!(safe_next(Some("/\t/evil.example/"), ORIGIN), "/");
        assert_eq!(safe_next(Some("javascript:alert(1)"), ORIGIN), "/");
    }

    #[test]
    fn a_path_never_becomes_a_host() {
        // Same origin after parsing, but written so that a second reading could see a host.
        let got = safe_next(Some("/.//evil.example/x"), ORIGIN);
        assert!(!got.starts_with("//"), "{got}");
    }

    #[test]
    fn login_href_encodes_the_way_back() {
        assert_eq!(login_href("/hompy/3?tab=diary&page=2"), "/login?next=%2Fhompy%2F3%3Ftab%3Ddiary%26page%3D2");
    }
}
