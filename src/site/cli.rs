//! The server binary's commands: `serve` (default), `migrate`, `seed`.

use super::seed;
use crate::server::{config::Config, stores};
use leptos::config::{get_configuration, LeptosOptions};
use std::process::ExitCode;

const USAGE: &str = "usage: minihompy [serve | migrate | seed | create-admin EMAIL | rotate-oauth-key]
  serve               run the site (default)
  rotate-oauth-key    make a new id_token signing key (the old one stays published a day)
  migrate             apply pending database migrations and exit
  seed                load the demo members and their homepages (idempotent)
  create-admin EMAIL  make EMAIL an ADMIN; creates the member when missing, with the
                      password from ADMIN_PASSWORD (at least 12 characters)";

pub async fn main() -> ExitCode {
    init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve().await,
        Some("migrate") => migrate().await,
        Some("seed") => seed_demo().await,
        Some("rotate-oauth-key") => rotate_oauth_key().await,
        Some("create-admin") => match args.get(1) {
            Some(email) => create_admin(email).await,
            None => Err(format!("create-admin needs an email\n{USAGE}")),
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("minihompy: {message}");
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,mongodb=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}

/// Leptos.toml when it is there (the project root), environment variables otherwise.
fn leptos_options() -> Result<LeptosOptions, String> {
    let file = std::path::Path::new("Leptos.toml").exists().then_some("Leptos.toml");
    get_configuration(file).map(|c| c.leptos_options).map_err(|e| format!("Leptos configuration: {e}"))
}

async fn rotate_oauth_key() -> Result<(), String> {
    let config = Config::from_env()?;
    let db = stores::connect_mysql(&config).await?;
    let kid = crate::oauth::rotate_key(&db).await.map_err(|e| format!("rotating the key failed: {}", e.message))?;
    println!("new id_token signing key: {kid}");
    Ok(())
}

async fn serve() -> Result<(), String> {
    let config = Config::from_env()?;
    let options = leptos_options()?;
    let addr = options.site_addr;
    let state = super::connect(config, options).await?;
    crate::shop::start_reconciler(state.clone());
    crate::oauth::start_sweeper(state.clone());
    crate::ledger::start_jobs(state.clone());
    let app = super::router(state);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("minihompy listening on http://{addr}");
    crate::server::http::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await.map_err(|e| format!("server error: {e}"))?;
    tracing::info!("minihompy stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, let requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutdown signal received, draining");
}

async fn migrate() -> Result<(), String> {
    let config = Config::from_env()?;
    let db = stores::connect_mysql(&config).await?;
    stores::migrate(&db).await?;
    println!("migrations applied");
    Ok(())
}

async fn seed_demo() -> Result<(), String> {
    let config = Config::from_env()?;
    let db = stores::connect_mysql(&config).await?;
    stores::migrate(&db).await?;
    let created = seed::seed(&db).await.map_err(|e| format!("seeding failed: {e}"))?;
    let content = seed::seed_content(&db, &config.data_dir).await.map_err(|e| format!("seeding content failed: {e}"))?;
    let mongo = stores::connect_mongo(&config).await?;
    seed::seed_chat(&db, &mongo).await.map_err(|e| format!("seeding chat failed: {e}"))?;
    seed::seed_shop(&db, &config.data_dir).await.map_err(|e| format!("seeding the shop failed: {e}"))?;
    seed::seed_oauth(&db, &config).await.map_err(|e| format!("seeding the OAuth app failed: {e}"))?;
    seed::seed_board(&db, &config.data_dir).await.map_err(|e| format!("seeding the community failed: {e}"))?;
    seed::seed_timetable(&db).await.map_err(|e| format!("seeding the timetables failed: {e}"))?;
    seed::seed_ledger(&db).await.map_err(|e| format!("seeding the account books failed: {e}"))?;
    println!(
        "demo data ready ({created} members created, the rest already existed; homepage content {})",
        if content { "created" } else { "already there" }
    );
    Ok(())
}

/// The first admin is made here, by someone with shell access, never through the browser.
async fn create_admin(email: &str) -> Result<(), String> {
    use crate::account::{members, model::Role};
    let config = Config::from_env()?;
    let db = stores::connect_mysql(&config).await?;
    stores::migrate(&db).await?;
    let email = email.trim().to_lowercase();
    let id = match members::id_by_email(&db, &email).await.map_err(|e| e.to_string())? {
        Some(id) => id,
        None => {
            let pw = std::env::var("ADMIN_PASSWORD").unwrap_or_default();
            if pw.chars().count() < 12 {
                return Err("no member with that email: set ADMIN_PASSWORD (12+ characters) to create one".into());
            }
            let new = members::NewMember { email: &email, password: &pw, name: "관리자", nickname: "관리자", role: Role::Admin };
            members::create_member(&db, new).await.map_err(|e| e.message)?.ok_or("email taken")?
        }
    };
    members::set_role(&db, id, Role::Admin).await.map_err(|e| e.to_string())?;
    println!("{email} (id {id}) is now an ADMIN");
    Ok(())
}
