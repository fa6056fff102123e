//! # ocr-client
//!
//! The typed async client for the General Text Recognition API
//! (通用文本识别), and the engine-neutral types every OCR engine in this
//! workspace returns:
//!
//! - [`TextLine`], [`Quad`], [`Point`], [`ItemBox`], [`OcrResponse`]: what an
//!   engine returns; [`OcrResponse::from_json`] reads the vendor's format
//!   (coordinates as strings or numbers, `polygon: null`).
//! - [`Recognize`]: the one "image in, lines out" trait; [`recognize_batch`]
//!   runs any engine over many images.
//! - [`OcrClient`]: the HTTP engine — the three input forms ([`ImageInput`]),
//!   the 2 MB rule (re-encode or reject), typed errors ([`Error`],
//!   [`ErrorKind`]), retries with backoff ([`RetryPolicy`]), bounded concurrency.
//!
//! ```no_run
//! use ocr_client::{ClientConfig, ImageInput, OcrClient, Recognize};
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

pub mod client;
pub mod config;
pub mod error;
pub mod fit;
pub mod geometry;
pub mod image_input;
pub mod line;
pub mod multipart;
pub mod recognize;
pub mod redact;
pub mod response;
pub mod retry;

pub use client::OcrClient;
pub use config::{AppCode, ClientConfig, ClientConfigBuilder, OversizePolicy};
pub use error::{Error, ErrorKind};
pub use geometry::{ItemBox, Point, Quad};
pub use image_input::{ImageInput, PreparedImage};
pub use line::TextLine;
pub use recognize::{BatchProgress, Recognize, recognize_batch};
pub use response::{DecodeError, OcrResponse};
pub use retry::RetryPolicy;
