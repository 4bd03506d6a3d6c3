//! The HTTP layers every request passes through (request ids, tracing, compression, body
//! limits, timeouts, the origin check, the cache policy, server-function statuses) and
//! `/health`. The routes themselves come from the areas, collected by `crate::site`.

use super::{cookies, health, state::AppState};
use crate::error::AppError;
use axum::{
    extract::{DefaultBodyLimit, Request as AxumRequest, State},
    handler::Handler,
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

/// What `serve` gives back: await it, or add a graceful shutdown first.
pub type Serving = axum::serve::Serve<
    axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)>,
    axum::extract::connect_info::IntoMakeServiceWithConnectInfo<Router, std::net::SocketAddr>,
    axum::middleware::AddExtension<Router, axum::extract::ConnectInfo<std::net::SocketAddr>>,
>;

/// Serves the site on `listener` the way every instance does (`minihompy serve`, the
/// integration tests, the benches): without Nagle, since a socket's events are small frames
/// written one after another and the second would wait for the peer's delayed ACK (40 ms);
/// with the peer's address for the handlers that need it.
pub fn serve(listener: tokio::net::TcpListener, app: Router) -> Serving {
    fn no_delay(tcp: &mut tokio::net::TcpStream) {
        let _ = tcp.set_nodelay(true);
    }
    let listener = axum::serve::ListenerExt::tap_io(listener, no_delay as fn(&mut tokio::net::TcpStream));
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
}

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The site's routes with `/health`, `fallback` (static files and the 404 page) and every
/// layer, ready to serve.
pub fn with_layers<H, T>(routes: Router<AppState>, state: AppState, fallback: H) -> Router
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let body_limit = state.config.body_limit_bytes;
    let timeout = state.config.request_timeout;
    routes
        .route("/health", get(health::health))
        .route(CSP_REPORT_PATH, axum::routing::post(csp_report))
        .route_layer(middleware::from_fn(server_fn_status))
        .fallback(fallback)
        // Also over the fallback: its 404 page shows the member's top bar too.
        .layer(middleware::from_fn(cache_policy))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), check_origin))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", id = %id, method = %req.method(), uri = %req.uri())
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CompressionLayer::new())
                .layer(RequestBodyLimitLayer::new(body_limit))
                .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, timeout))
                .layer(DefaultBodyLimit::max(body_limit)),
        )
        .layer(middleware::map_response_with_state(body_limit, plain_errors_as_json))
        .with_state(state)
}

/// The layers' own answers in the one JSON error shape: the body limit's 413 (tower-http's
/// and axum's extractors answer plain text) and the request timeout's empty 503 (a store
/// that hangs rather than refuses: the client may try again).
async fn plain_errors_as_json(State(limit): State<usize>, res: Response) -> Response {
    let json = res.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    let error = match res.status() {
        _ if json => return res,
        StatusCode::PAYLOAD_TOO_LARGE => {
            let mb = (limit as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0;
            AppError::new(413, crate::error::ErrorCode::PayloadTooLarge, format!("요청이 너무 큽니다. {mb}MB 이하로 보내 주세요."))
        }
        // The timeout layer's answer is the only 503 without a body.
        StatusCode::SERVICE_UNAVAILABLE if res.headers().get(header::CONTENT_TYPE).is_none() => super::error::store_unavailable(),
        _ => return res,
    };
    let mut json = error.into_response();
    if let Some(id) = res.headers().get(REQUEST_ID) {
        json.headers_mut().insert(REQUEST_ID, id.clone());
    }
    json
}

/// Where server functions live (`.cargo/config.toml`); a build without it fails here
/// rather than quietly moving them out of the origin check.
const SERVER_FN_PREFIX: &str = concat!(env!("SERVER_FN_PREFIX"), "/");

/// Whether a file name under `/pkg/` carries cargo-leptos's content hash (22 characters of
/// unpadded base64url before the extension: `minihompy.<hash>.wasm`).
fn named_by_content(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next());
    hash.is_some_and(|h| {
        h.len() == 22 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') && h.bytes().any(|b| b != b'_')
    })
}

/// REST endpoints whose answer signs a browser in (sets our cookies).
const COOKIE_ISSUING: &[&str] = &[
    "/api/users/login",
    "/api/users/signin",
    "/api/users/signup",
    "/api/users/verify-email",
    "/api/refresh",
    "/users/login",
    "/users/signin",
    "/users/signup",
    "/refresh",
    "/account/register",
];

/// The origin a browser says the request comes from: `Origin`, else the origin of
/// `Referer` (older browsers omit Origin on some same-origin requests). `null` stays
/// `null`, which is never ours.
fn claimed_origin(headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        return Some(origin.to_str().unwrap_or("null").trim_end_matches('/').to_owned());
    }
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    Some(url::Url::parse(referer).map(|u| u.origin().ascii_serialization()).unwrap_or_else(|_| "null".into()))
}

/// Login CSRF and cookie-riding CSRF. A state-changing request must come from our own
/// origin when it carries our cookies, calls a server function (only our pages do), or
/// goes to an endpoint that sets our cookies, with or without cookies. A Bearer-only API
/// call is exempt (a browser never adds that header across sites by itself). A
/// non-browser client sends neither Origin nor Referer: it may use the REST endpoints,
/// but its answers carry no cookies, so no browser can be signed in without proving the
/// request came from one of our pages.
async fn check_origin(State(state): State<AppState>, req: AxumRequest, next: Next) -> Response {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // Violation reports come from the browser itself, whatever page it was on.
    if !changes_state || req.uri().path() == CSP_REPORT_PATH {
        return next.run(req).await;
    }
    let headers = req.headers();
    let path = req.uri().path();
    let has_cookie = cookies::has_session_cookie(headers);
    // Only `Bearer`: a browser adds Basic credentials across sites by itself.
    let bearer_only =
        !has_cookie && headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Bearer "));
    let server_fn = path.starts_with(SERVER_FN_PREFIX);
    let guarded = has_cookie || server_fn || COOKIE_ISSUING.contains(&path.trim_end_matches('/'));
    let expected = state.config.public_url.trim_end_matches('/');
    let claimed = claimed_origin(headers);
    let ours = claimed.as_deref() == Some(expected);
    let non_browser_rest = claimed.is_none() && !has_cookie && !server_fn;
    if guarded && !bearer_only && !ours && !non_browser_rest {
        return AppError::forbidden("허용되지 않은 출처의 요청입니다.").into_response();
    }
    let mut res = next.run(req).await;
    if !ours {
        // Only cookies that sign in are withheld; clearing ones (logout) still go out.
        let kept: Vec<HeaderValue> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter(|c| c.to_str().is_ok_and(|c| c.split(';').next().is_some_and(|pair| pair.trim().ends_with('='))))
            .cloned()
            .collect();
        res.headers_mut().remove(header::SET_COOKIE);
        for c in kept {
            res.headers_mut().append(header::SET_COOKIE, c);
        }
    }
    res
}

/// Where browsers send Content-Security-Policy violation reports.
pub const CSP_REPORT_PATH: &str = "/csp-reports";

/// The policy of every page: scripts only from our own files or carrying this response's
/// nonce (Leptos's inline hydration script), WebAssembly compiled from our own files
/// (`'wasm-unsafe-eval'`; the lazy chunks are fetched and compiled by script), sockets
/// only to the host the page came from, no plugins, no framing by anyone. Styles may be
/// inline (`style=""` attributes: chart colours, positions); no script can come in that way.
pub fn page_policy(nonce: &str, host: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; connect-src 'self' blob: ws://{host} wss://{host}; \
         worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; report-uri {CSP_REPORT_PATH}"
    )
}

/// The policy of everything that is not a page (JSON, files): nothing may run in it, and
/// nobody may frame it.
const NON_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The nonce of one response, made by `security_headers` before the page renders: the
/// page's inline scripts bear it (`secure_page`) and the policy header names it. The
/// header is set by the layer, not through Leptos's response options, so no page can go
/// out with its scripts nonced and the header missing.
#[derive(Clone)]
pub struct PageNonce(pub String);

/// Called while a page renders (the shell, in the render's root owner): makes this
/// response's nonce the one Leptos puts on its inline scripts.
pub fn secure_page() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(PageNonce(nonce)) = use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<PageNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// Called while a page renders: asks the browser, in the response's headers, to fetch this
/// picture first (the page's largest, its LCP on a phone). A `Link` header reaches the
/// browser before any of the page's HTML, and costs the browser's code nothing, where a
/// `<link rel="preload">` in the head would be a view in the hydrated code too. Only pages
/// rendered whole before they are sent (`SsrMode::Async`) still have their headers open.
pub fn preload_image(href: &str) {
    use axum::http::{header::LINK, HeaderValue};
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else { return };
    if let Ok(value) = HeaderValue::from_str(&format!("<{href}>; rel=preload; as=image; fetchpriority=high")) {
        // Insert, not append: a page may render its parts more than once on the server.
        response.insert_header(LINK, value);
    }
}

/// The client's address: the socket peer, or, when `TRUST_PROXY` says a proxy of ours
/// sits in front, the last X-Forwarded-For hop: the one our proxy appended. Earlier hops
/// are whatever the client wrote, so rate limits never key on them.
pub fn client_ip(parts: &axum::http::request::Parts, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(ip) = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|hop| !hop.is_empty())
        {
            return ip.trim().chars().take(45).collect();
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The Redis list of the latest violation reports (the test script fails the browser tests
/// when any arrived; operators read them there and in the log).
pub const CSP_REPORTS_KEY: &str = "csp:reports";

/// Receives a browser's violation report (`report-uri`): logged, and the latest 200 kept
/// for a day. Counted per address, so no one fills the log.
async fn csp_report(State(state): State<AppState>, req: AxumRequest) -> Result<StatusCode, AppError> {
    let (parts, body) = req.into_parts();
    let ip = client_ip(&parts, state.config.trust_proxy);
    super::rate_limit::hit(&state.redis, "csp", &ip, super::rate_limit::Limit { max: 60, window_secs: 60 }).await?;
    let body = axum::body::to_bytes(body, 16 * 1024)
        .await
        .map_err(|_| AppError::bad_request(crate::error::ErrorCode::BadRequest, "보고서가 너무 큽니다."))?;
    let report = String::from_utf8_lossy(&body).into_owned();
    tracing::warn!(report = %report, "content security policy violation");
    let mut redis = state.redis.clone();
    redis::pipe()
        .lpush(CSP_REPORTS_KEY, &report)
        .ltrim(CSP_REPORTS_KEY, 0, 199)
        .expire(CSP_REPORTS_KEY, 86_400)
        .query_async::<()>(&mut redis)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The headers every answer carries: no type sniffing, no framing, the referrer only to
/// our own origin in full, camera and microphone for our own pages only (video calls and
/// voice messages), HSTS when the site is served over https, and a Content-Security-Policy
/// (pages set theirs with a nonce while rendering; anything else gets the strictest).
async fn security_headers(State(state): State<AppState>, mut req: AxumRequest, next: Next) -> Response {
    // Leptos' own generator (16 random bytes, URL-safe base64), the form its nonce context takes.
    let nonce = leptos::nonce::Nonce::new().to_string();
    req.extensions_mut().insert(PageNonce(nonce.clone()));
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
        .unwrap_or("localhost")
        .to_owned();
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let page = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()"),
    );
    if state.config.public_url.starts_with("https://") {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    let policy = if page { HeaderValue::from_str(&page_policy(&nonce, &host)).ok() } else { None };
    headers.insert(header::CONTENT_SECURITY_POLICY, policy.unwrap_or(HeaderValue::from_static(NON_PAGE_POLICY)));
    res
}

/// Server functions answer every error with 500 (server_fn's default). Ours are `AppError`s
/// that know their status: send that one, as the REST API does, so a refusal is a 4xx in
/// logs, caches and the browser, and only our own failures are 500s.
async fn server_fn_status(req: AxumRequest, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with(SERVER_FN_PREFIX);
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Anything rendered for a signed-in member (a page with their name, their account, their
/// diary, their chat) may not be kept by a shared cache nor on disk: `private, no-store`.
/// Every dynamic answer (HTML, JSON) varies with the cookie. A handler that set its own
/// policy (public profile pictures, private files) keeps it. The build's files under
/// `/pkg/` whose names carry their content's hash are cached for a year; other static
/// files are revalidated.
async fn cache_policy(req: AxumRequest, next: Next) -> Response {
    let credentials = req.headers().contains_key(header::AUTHORIZATION) || cookies::has_session_cookie(req.headers());
    let built_file = req.uri().path().strip_prefix("/pkg/").map(named_by_content);
    let mut res = next.run(req).await;
    let ok = res.status().is_success();
    let headers = res.headers_mut();
    if let (Some(hashed), true) = (built_file, ok) {
        let policy = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        // One name answers brotli, gzip or plain, as the client asked: a shared cache must
        // keep them apart.
        headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        return res;
    }
    if headers.contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let dynamic = headers.contains_key(header::SET_COOKIE)
        || headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if !dynamic {
        if ok {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        return res;
    }
    if credentials || headers.contains_key(header::SET_COOKIE) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    res
}

/// Bytes held in memory (a voice clip from GridFS) with range support, as `serve_file`
/// gives files: one `Range: bytes=…` gets 206 and its slice; several, or one outside the
/// bytes, get 416 (Safari asks for ranges before it plays or seeks any audio).
pub fn bytes_with_ranges(headers: &HeaderMap, bytes: Vec<u8>) -> Response {
    let len = bytes.len() as u64;
    let mut res = match headers.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        None => bytes.into_response(),
        Some(range) => match http_range_header::parse_range_header(range).and_then(|r| r.validate(len)).as_deref() {
            Ok([one]) => {
                let (start, end) = (*one.start(), *one.end());
                let slice = axum::body::Bytes::from(bytes).slice(start as usize..=end as usize);
                let mut res = (StatusCode::PARTIAL_CONTENT, slice).into_response();
                if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                    res.headers_mut().insert(header::CONTENT_RANGE, v);
                }
                res
            }
            _ => {
                let mut res = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
                if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                    res.headers_mut().insert(header::CONTENT_RANGE, v);
                }
                res
            }
        },
    };
    res.headers_mut().insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    res
}

/// Serves a stored file (a path the caller built from a checked name) with range support
/// (media seek), the caller's cache policy and no content sniffing; a missing file is
/// `FILE_NOT_FOUND`.
pub async fn serve_file(path: std::path::PathBuf, req: AxumRequest, cache: &'static str) -> Result<Response, AppError> {
    use tower::ServiceExt;
    let (parts, _) = req.into_parts();
    let req = AxumRequest::from_parts(parts, axum::body::Body::empty());
    let mut res =
        tower_http::services::ServeFile::new(path).oneshot(req).await.map_err(|_| AppError::internal())?.map(axum::body::Body::new);
    if res.status() == StatusCode::NOT_FOUND {
        return Err(AppError::not_found(crate::error::ErrorCode::FileNotFound, "파일을 찾을 수 없습니다."));
    }
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(res)
}
