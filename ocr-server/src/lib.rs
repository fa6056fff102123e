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
//! - `GET /healthz`, `GET /openapi.json`.
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
//! axum::serve(listener, app).with_graceful_shutdown(ocr_server::shutdown_signal()).await?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod app;
mod openapi;
mod url_fetch;
mod vendor;

pub use app::{AppCode, ServerConfig, router};
pub use url_fetch::UrlFetchConfig;

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
