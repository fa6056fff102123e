//! # ocr-client
//!
//! The typed async client for the General Text Recognition API
//! (通用文本识别): an [`ocr_core::Recognize`] engine over HTTPS.
//!
//! - [`OcrClient`]: the three input forms ([`ocr_core::ImageInput`]), the
//!   2 MB rule (re-encode or reject, [`OversizePolicy`]), retries with
//!   backoff ([`RetryPolicy`]), bounded concurrency.
//! - [`Error`] with [`ErrorKind`] and `is_*` predicates: the HTTP status,
//!   the gateway's headers, the API's code, message and `serialNo`.
//! - [`ClientConfig`]: built in code or from `OCR_ENDPOINT`/`OCR_APPCODE`;
//!   the AppCode never appears in `Debug`.
//!
//! The types it returns (`OcrResponse`, `TextLine`, `Quad`) live in
//! `ocr-core`, which has no HTTP stack: layout and parsing crates depend on
//! that alone.
//!
//! ```no_run
//! use ocr_client::{ClientConfig, OcrClient};
//! use ocr_core::{ImageInput, Recognize};
//! # async fn run() -> Result<(), ocr_client::Error> {
//! let config = ClientConfig::builder("https://example.market.alicloudapi.com/ocr/general")
//!     .app_code(std::env::var("OCR_APPCODE").unwrap_or_default())
//!     .build()?;
//! let client = OcrClient::new(config)?;
//! let response = client.recognize(&ImageInput::from_path("card.jpg")?).await?;
//! println!("{} lines, serialNo {:?}", response.lines.len(), response.serial_no);
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod client;
mod config;
mod error;
mod fit;
mod multipart;
mod retry;

pub use client::OcrClient;
pub use config::{
    AppCode, ClientConfig, ClientConfigBuilder, DEFAULT_REQUEST_LIMIT, ENV_APPCODE, ENV_ENDPOINT, OversizePolicy,
};
pub use error::{BODY_EXCERPT_CHARS, Error, ErrorKind};
pub use retry::RetryPolicy;
