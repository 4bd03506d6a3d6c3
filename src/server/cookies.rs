//! The session cookies' names and reading cookies from a request. Infrastructure, because
//! the HTTP layers (origin check, cache policy) must recognise a signed-in browser without
//! knowing the account area that issues the cookies.

use axum::http::{header, HeaderMap};

pub const ACCESS_COOKIE: &str = "accessToken";
pub const REFRESH_COOKIE: &str = "refreshToken";

/// The value of cookie `name`, if the request sent a non-empty one.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

/// Whether the request carries one of our session cookies (a browser that may be signed in).
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    cookie(headers, ACCESS_COOKIE).is_some() || cookie(headers, REFRESH_COOKIE).is_some()
}
