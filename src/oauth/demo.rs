//! Demo data of the provider: one registered app (user2's 방명록 위젯, with a logo drawn
//! here) and one member who has connected it (user1).

use super::{
    model::{ClientType, Item, Policy},
    service, store,
};
use sqlx::MySqlPool;

const APP_NAME: &str = "미니홈피 방명록 위젯";

/// A 128×128 logo: a green disc with a white speech bubble, drawn pixel by pixel.
fn logo_png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(128, 128, |x, y| {
        let (dx, dy) = (x as f32 - 64.0, y as f32 - 64.0);
        let r = (dx * dx + dy * dy).sqrt();
        let bubble =
            ((37..92).contains(&x) && (41..80).contains(&y)) || ((45..56).contains(&x) && (80..92).contains(&y) && (92 - y) > (x - 44));
        if r > 62.0 {
            image::Rgba([0, 0, 0, 0])
        } else if bubble {
            image::Rgba([255, 255, 255, 255])
        } else {
            image::Rgba([255, (140.0 + r) as u8, 60, 255])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

/// Loads the app and user1's connection (runs once). `users` are user1..user5.
pub async fn seed(db: &MySqlPool, data_dir: &std::path::Path, users: [u64; 5]) -> Result<bool, String> {
    let e = |e: sqlx::Error| e.to_string();
    if store::apps_of(db, users[1]).await.map_err(e)?.iter().any(|a| a.name == APP_NAME) {
        return Ok(false);
    }
    let client_id = uuid::Uuid::new_v4().simple().to_string();
    let secret = service::random_secret();
    let fields = store::AppFields {
        name: APP_NAME,
        homepage: "https://widget.minihompy.test",
        redirect_uris: "http://127.0.0.1:8765/callback\nhttps://widget.minihompy.test/callback",
        client_type: ClientType::Confidential,
        items: [Policy::Required, Policy::Optional, Policy::None, Policy::Optional, Policy::None],
    };
    let id = store::insert_app(db, &client_id, users[1], Some(&service::sha256_hex(&secret)), &fields).await.map_err(e)?;
    let logo = service::write_logo(&data_dir.join("oauth"), &logo_png()).await.map_err(|e| e.message)?;
    store::set_logo(db, id, &logo).await.map_err(e)?;
    let asked = Item::join(&[Item::Name, Item::Email, Item::Birthdate]);
    let granted = Item::join(&[Item::Name, Item::Email]);
    store::save_consent(db, users[0], id, &asked, &granted).await.map_err(e)?;
    Ok(true)
}

/// The app this site's own `minihompy` social login signs in through (development and
/// tests), with the client id and secret the configuration names; idempotent.
pub async fn register_own_login(db: &MySqlPool, owner: u64, client_id: &str, secret: &str, redirect_uri: &str) -> Result<(), String> {
    let e = |e: sqlx::Error| e.to_string();
    if let Some(app) = store::app_by_client(db, client_id).await.map_err(e)? {
        // Keep it in step with the configuration (another port, another secret).
        store::set_secret(db, app.id, &service::sha256_hex(secret)).await.map_err(e)?;
        let mut uris = service::redirect_uris(&app);
        if !uris.iter().any(|u| u == redirect_uri) {
            uris.push(redirect_uri.to_owned());
            let fields = store::AppFields {
                name: &app.name,
                homepage: &app.homepage,
                redirect_uris: &uris.join("\n"),
                client_type: app.client_type,
                items: [app.item_name, app.item_email, app.item_gender, app.item_birthdate, app.item_phone],
            };
            store::update_app(db, app.id, &fields).await.map_err(e)?;
        }
        return Ok(());
    }
    let fields = store::AppFields {
        name: "minihompy 소셜 로그인 (이 사이트)",
        homepage: redirect_uri.split("/login/").next().unwrap_or(redirect_uri),
        redirect_uris: redirect_uri,
        client_type: ClientType::Confidential,
        items: [Policy::Required, Policy::Optional, Policy::Optional, Policy::Optional, Policy::Optional],
    };
    store::insert_app(db, client_id, owner, Some(&service::sha256_hex(secret)), &fields).await.map_err(e)?;
    Ok(())
}
