#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    minihompy::site::cli::main().await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser side starts from `minihompy::hydrate`; this binary needs the `ssr` feature.
}
