//! The developer console (a member's own apps) and 연결된 앱 (apps a member connected).

use super::{file_url, random_secret, sha256_hex};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode, FieldErrors},
    oauth::{
        model::{AppInput, AppView, ClientType, ConnectedApp, CreatedApp, Item, ItemPolicies},
        store::{self, AppFields, AppRow},
    },
    server::{pictures, upload, AppState},
};

pub const MAX_APPS_PER_MEMBER: i64 = 20;
pub const MAX_REDIRECT_URIS: usize = 10;
pub const LOGO_UPLOAD: &str = "oauth-logo";

pub fn policies(a: &AppRow) -> ItemPolicies {
    ItemPolicies { name: a.item_name, email: a.item_email, gender: a.item_gender, birthdate: a.item_birthdate, phone: a.item_phone }
}

pub fn redirect_uris(a: &AppRow) -> Vec<String> {
    a.redirect_uris.lines().map(str::to_owned).filter(|l| !l.is_empty()).collect()
}

pub(crate) fn logo_url(a: &AppRow) -> Option<String> {
    file_url(a.logo.as_deref())
}

async fn view(state: &AppState, a: &AppRow) -> Result<AppView, AppError> {
    Ok(AppView {
        client_id: a.client_id.clone(),
        name: a.name.clone(),
        logo_url: logo_url(a),
        homepage: a.homepage.clone(),
        redirect_uris: redirect_uris(a),
        client_type: a.client_type,
        items: policies(a),
        members: store::member_count(&state.db, a.id).await?.max(0) as u64,
        created_at: a.created_at.and_utc().timestamp(),
    })
}

fn app_not_found() -> AppError {
    AppError::not_found(ErrorCode::AppNotFound, "앱을 찾을 수 없습니다.")
}

/// The member's own app; another member's app is "not found" (client ids are public, but
/// the console of an app is its owner's alone).
async fn own_app(state: &AppState, me: &AuthUser, client_id: &str) -> Result<AppRow, AppError> {
    store::app_by_client(&state.db, client_id).await?.filter(|a| a.owner_id == me.id()).ok_or_else(app_not_found)
}

/// Whether a redirect URI may be registered: an absolute URL without a fragment, https,
/// or http only on this machine (local development of the app).
pub fn redirect_uri_ok(uri: &str) -> bool {
    let Ok(u) = url::Url::parse(uri) else { return false };
    if u.fragment().is_some() || uri.len() > 300 || !u.username().is_empty() || u.password().is_some() {
        return false;
    }
    match u.scheme() {
        "https" => u.host().is_some(),
        "http" => matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    }
}

struct Checked {
    name: String,
    homepage: String,
    uris: String,
}

fn check(input: &AppInput) -> Result<Checked, AppError> {
    let mut f = FieldErrors::default();
    let name = f.text("name", &input.name, 1, 60, "앱 이름");
    let homepage = input.homepage.trim().to_owned();
    let homepage_ok = url::Url::parse(&homepage).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) && homepage.len() <= 300;
    f.check(homepage_ok, "homepage", "홈페이지 주소는 http:// 또는 https://로 시작하는 주소여야 합니다.");
    let uris: Vec<&str> = input.redirect_uris.iter().map(|u| u.trim()).filter(|u| !u.is_empty()).collect();
    if uris.is_empty() || uris.len() > MAX_REDIRECT_URIS {
        f.add("redirectUris", format!("Redirect URI를 1~{MAX_REDIRECT_URIS}개 적어 주세요."));
    } else if let Some(bad) = uris.iter().find(|u| !redirect_uri_ok(u)) {
        f.add(
            "redirectUris",
            format!("{bad}: https 주소(또는 이 컴퓨터의 http://127.0.0.1, http://localhost)만 쓸 수 있고 #은 안 됩니다."),
        );
    }
    f.finish()?;
    let mut unique: Vec<&str> = Vec::new();
    for u in uris {
        if !unique.contains(&u) {
            unique.push(u);
        }
    }
    Ok(Checked { name, homepage, uris: unique.join("\n") })
}

fn fields<'a>(c: &'a Checked, input: &AppInput) -> AppFields<'a> {
    let p = input.items;
    AppFields {
        name: &c.name,
        homepage: &c.homepage,
        redirect_uris: &c.uris,
        client_type: input.client_type,
        items: [p.name, p.email, p.gender, p.birthdate, p.phone],
    }
}

pub async fn my_apps(state: &AppState, me: &AuthUser) -> Result<Vec<AppView>, AppError> {
    let mut out = Vec::new();
    for a in store::apps_of(&state.db, me.id()).await? {
        out.push(view(state, &a).await?);
    }
    Ok(out)
}

pub async fn my_app(state: &AppState, me: &AuthUser, client_id: &str) -> Result<AppView, AppError> {
    view(state, &own_app(state, me, client_id).await?).await
}

pub async fn create_app(state: &AppState, me: &AuthUser, input: &AppInput) -> Result<CreatedApp, AppError> {
    let c = check(input)?;
    if store::count_apps_of(&state.db, me.id()).await? >= MAX_APPS_PER_MEMBER {
        return Err(AppError::bad_request(ErrorCode::TooManyApps, format!("앱은 {MAX_APPS_PER_MEMBER}개까지 등록할 수 있습니다.")));
    }
    let client_id = uuid::Uuid::new_v4().simple().to_string();
    let secret = (input.client_type == ClientType::Confidential).then(random_secret);
    let hash = secret.as_deref().map(sha256_hex);
    let id = store::insert_app(&state.db, &client_id, me.id(), hash.as_deref(), &fields(&c, input)).await?;
    let row = store::app_by_id(&state.db, id).await?.ok_or_else(AppError::internal)?;
    Ok(CreatedApp { app: view(state, &row).await?, client_secret: secret })
}

/// Changes what the app is; its type (and so its secret) stays as registered.
pub async fn update_app(state: &AppState, me: &AuthUser, client_id: &str, input: &AppInput) -> Result<AppView, AppError> {
    let app = own_app(state, me, client_id).await?;
    let c = check(input)?;
    store::update_app(&state.db, app.id, &fields(&c, input)).await?;
    my_app(state, me, client_id).await
}

/// A new secret; the old one stops working at once.
pub async fn rotate_secret(state: &AppState, me: &AuthUser, client_id: &str) -> Result<CreatedApp, AppError> {
    let app = own_app(state, me, client_id).await?;
    if app.client_type != ClientType::Confidential {
        return Err(AppError::bad_request(ErrorCode::BadRequest, "공개 앱에는 client secret이 없습니다."));
    }
    let secret = random_secret();
    store::set_secret(&state.db, app.id, &sha256_hex(&secret)).await?;
    Ok(CreatedApp { app: view(state, &app).await?, client_secret: Some(secret) })
}

/// Deletes the app with its consents, codes and tokens.
pub async fn delete_app(state: &AppState, me: &AuthUser, client_id: &str) -> Result<(), AppError> {
    let app = own_app(state, me, client_id).await?;
    store::delete_app(&state.db, app.id).await?;
    Ok(())
}

/// A single-use URL to PUT the app's logo to.
pub async fn logo_upload_url(state: &AppState, me: &AuthUser, client_id: &str) -> Result<String, AppError> {
    own_app(state, me, client_id).await?;
    let (token, _) = upload::sign(state, LOGO_UPLOAD, me.id());
    Ok(format!("/api/uploads/oauth-logo/{client_id}/{token}"))
}

pub fn logo_dir(state: &AppState) -> std::path::PathBuf {
    state.config.data_dir.join("oauth")
}

/// Stores an uploaded logo (the one picture pipeline, cropped square to 128×128, PNG) and
/// sets it on the app; returns its address.
pub async fn put_logo(state: &AppState, client_id: &str, token: &str, bytes: Vec<u8>) -> Result<String, AppError> {
    let uploader = upload::redeem(state, token, LOGO_UPLOAD).await?;
    let app = store::app_by_client(&state.db, client_id).await?.filter(|a| a.owner_id == uploader).ok_or_else(app_not_found)?;
    let png = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, AppError> {
        let img = pictures::decode(&bytes)?;
        let square = img.resize_to_fill(128, 128, image::imageops::FilterType::Triangle);
        let mut out = std::io::Cursor::new(Vec::new());
        square.write_to(&mut out, image::ImageFormat::Png).map_err(|_| AppError::internal())?;
        Ok(out.into_inner())
    })
    .await
    .map_err(|_| AppError::internal())??;
    let name = write_logo(&logo_dir(state), &png).await?;
    store::set_logo(&state.db, app.id, &name).await?;
    Ok(crate::file_url::file_url(crate::file_url::FileKind::AppLogo, &name))
}

/// Writes a logo under a generated name (the demo seed uses it too).
pub async fn write_logo(dir: &std::path::Path, png: &[u8]) -> Result<String, AppError> {
    let name = format!("{}.png", uuid::Uuid::new_v4().simple());
    tokio::fs::create_dir_all(dir).await.map_err(|_| AppError::internal())?;
    tokio::fs::write(dir.join(&name), png).await.map_err(|_| AppError::internal())?;
    Ok(name)
}

/// A generated logo name: 32 hex digits and `.png`.
pub fn valid_logo_name(name: &str) -> bool {
    name.strip_suffix(".png").is_some_and(|stem| stem.len() == 32 && stem.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

pub async fn connections(state: &AppState, me: &AuthUser) -> Result<Vec<ConnectedApp>, AppError> {
    Ok(store::connections(&state.db, me.id())
        .await?
        .into_iter()
        .map(|c| ConnectedApp {
            logo_url: file_url(c.logo.as_deref()),
            client_id: c.client_id,
            name: c.name,
            homepage: c.homepage,
            items: Item::parse_list(&c.granted),
            since: c.created_at.and_utc().timestamp(),
        })
        .collect())
}

/// Disconnects the app: the consent is forgotten and every token it holds for the member
/// stops working at once.
pub async fn disconnect(state: &AppState, me: &AuthUser, client_id: &str) -> Result<(), AppError> {
    let app = store::app_by_client(&state.db, client_id).await?.ok_or_else(app_not_found)?;
    if !store::disconnect(&state.db, me.id(), app.id).await? {
        return Err(app_not_found());
    }
    Ok(())
}
