//! # ocr-server
//!
//! The General Text Recognition API served from your own machine ("private
//! deployment"), backed by an [`idcard::CardReader`] over any [`ocr_core::Recognize`] engine — the local
//! PP-OCRv4 engine by default — plus `POST /idcard`. Any existing client of
//! the API, in any language, can point at it.
//!
//! - `POST /ocr/general` (configurable): multipart `file`, `imgUrl` or
//!   `imgBase64` (priority imgUrl > file > imgBase64); the vendor's response
//!   and failure bodies and HTTP statuses (400 + 5003 empty image, 400 +
//!   5004 undecodable, 401, 404, 413, 500, 503 + `Retry-After`).
//! - `POST /idcard`: the same inputs; the card's fields, validity and warnings.
//! - `GET /healthz` (liveness), `GET /readyz` (readiness: models loaded,
//!   not draining, queue not full), `GET /metrics` (Prometheus), `GET /openapi.json`.
//!
//! [`serve`] runs the connection loop with a header-read deadline (no
//! slowloris), a connection cap and a shutdown deadline; [`drain_on`]
//! makes the shutdown a drain a load balancer understands.
//!
//! Logs (tracing) carry the path, status, time and `serialNo` of each
//! request — never an image, a text line or a field.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = ocr_engine::LocalEngine::from_default_models(ocr_engine::EngineConfig::default())?;
//! let reader = idcard::CardReader::new(engine);
//! let app = ocr_server::router(reader, ocr_server::ServerConfig::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! ocr_server::serve(listener, app, &ocr_server::ServeOptions::default(), ocr_server::shutdown_signal()).await?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]
#![recursion_limit = "256"]

mod app;
mod metrics;
mod openapi;
mod serve;
mod url_fetch;
mod vendor;

pub use app::{AppCode, Health, ReaderSlot, ServerConfig, router, router_loading};
pub use serve::{ServeOptions, serve};
pub use url_fetch::UrlFetchConfig;

/// A shutdown future for [`serve`] that drains first: when `signal`
/// resolves, `/readyz` turns not-ready, then requests are still served for
/// `delay` — long enough for a load balancer's health check to take the
/// replica out — before `serve` stops accepting and lets in-flight
/// requests finish.
///
/// ```no_run
/// # async fn run(app: axum::Router, health: ocr_server::Health) -> std::io::Result<()> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// let shutdown = ocr_server::drain_on(ocr_server::shutdown_signal(), health, std::time::Duration::from_secs(3));
/// ocr_server::serve(listener, app, &ocr_server::ServeOptions::default(), shutdown).await
/// # }
/// ```
pub async fn drain_on(signal: impl std::future::Future<Output = ()>, health: Health, delay: std::time::Duration) {
    signal.await;
    health.start_draining();
    tracing::info!(delay_ms = delay.as_millis() as u64, "draining: /readyz is not ready");
    tokio::time::sleep(delay).await;
}

/// Resolves on Ctrl-C or SIGTERM, for `with_graceful_shutdown`: in-flight
/// requests finish, new connections are refused.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
