//! # ocr-engine
//!
//! The offline OCR engine: PP-OCRv4 text detection (DBNet) and recognition
//! (SVTR + CTC), plus the 0°/180° direction classifier, run in pure Rust
//! with [rten](https://crates.io/crates/rten). It implements
//! [`ocr_core::Recognize`], so everything downstream (`ocr-layout`,
//! `idcard`) works with it exactly as with the cloud API.
//!
//! The stages, each a method of [`LocalEngine`] (private modules inside):
//!
//! | stage | method | module |
//! |---|---|---|
//! | 0 decode | [`LocalEngine::decode`] ([`decode_image`]): JPEG/PNG/WebP/BMP/GIF, EXIF orientation, pixel limit | `image_prep` (pixels: `ocr-image`) |
//! | 1 detect | [`LocalEngine::detect`]: DBNet + post-processing → text quads | `detection` |
//! | 2 direction | [`LocalEngine::read_regions`]: crops turned upright, one classifier call per page | `direction` (crops: `ocr_image::crop_quad`) |
//! | 3 recognize | [`LocalEngine::read_regions`]: batches by aspect ratio, greedy CTC | `recognition` |
//!
//! [`LocalEngine::recognize_rgb`] runs stages 1–3 and times them;
//! [`LocalEngine::recognize_bytes`] adds stage 0.
//!
//! Models come from the pinned `rapidocr-onnxruntime==1.4.4` wheel;
//! [`fetch_models`] downloads, verifies and caches them, [`locate_models`]
//! finds them without fetching.
#![deny(missing_docs)]

mod detection;
mod direction;
mod engine;
mod error;
mod image_prep;
mod models;
mod recognition;
mod tensor;

pub use detection::{DetectorConfig, SideLimit};
pub use engine::{EngineConfig, LocalEngine, StageTimings};
pub use error::{BoxError, EngineError};
pub use image_prep::{DEFAULT_MAX_PIXELS, decode_image};
pub use models::{
    ENV_CACHE_DIR, ENV_MODEL_DIR, FetchOptions, FetchStep, MODELS_NOTICE, ModelFile, ModelPaths, ModelSpec, PP_OCR_V4,
    cache_dir, cached_model_dir, fetch_models, locate_models, sha256_file, verify_dir,
};
pub use recognition::RecognizerConfig;
