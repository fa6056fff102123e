//! # ocr-engine
//!
//! The offline OCR engine: PP-OCRv4 text detection (DBNet) and recognition
//! (SVTR + CTC), plus the 0°/180° direction classifier, run in pure Rust
//! with [rten](https://crates.io/crates/rten). It implements
//! [`ocr_core::Recognize`], so everything downstream (`ocr-layout`,
//! `idcard`) works with it exactly as with the cloud API.
//!
//! The stages, each a public function:
//!
//! | stage | function |
//! |---|---|
//! | 0 decode | [`image_prep::decode_image`]: JPEG/PNG/WebP/BMP/GIF, EXIF orientation, pixel limit |
//! | 1 detect | [`detection::detect`]: DBNet + post-processing → text quads |
//! | 2 direction | crops ([`crop::crop_quad`]) turned upright; one classifier call per page ([`direction::upside_down_probability`]) |
//! | 3 recognize | [`recognition::recognize_crops`]: batches by aspect ratio, greedy CTC |
//!
//! Models come from the pinned `rapidocr-onnxruntime==1.4.4` wheel; see
//! [`models`] for how they are fetched, verified and cached.
#![deny(missing_docs)]

pub mod crop;
pub mod detection;
pub mod direction;
pub mod engine;
pub mod error;
pub mod image_prep;
pub mod models;
pub mod recognition;
mod tensor;

pub use engine::{EngineConfig, LocalEngine, StageTimings};
pub use error::EngineError;
pub use models::{ModelPaths, PP_OCR_V4, fetch_models, locate_models};
