//! # ocr-core
//!
//! The engine-neutral vocabulary of the docstruct pipeline, with no HTTP
//! client, no async runtime and no inference library behind it:
//!
//! - [`Point`], [`Quad`], [`Rect`], [`ItemBox`]: geometry in image pixels;
//!   [`Similarity`]: a rotation, uniform scale and shift (apply, compose, inverse).
//! - [`TextLine`], [`OcrResponse`]: what an engine returns;
//!   [`OcrResponse::from_json`] reads the vendor's wire format (coordinates as
//!   strings or numbers, `polygon: null`) and [`OcrResponse::to_vendor_json`]
//!   writes it.
//! - [`Recognize`]: the one "image in, lines out" trait, with
//!   [`RecognizeError`] so callers can tell bad input from engine failures;
//!   [`recognize_batch`] runs any engine over many images.
//! - [`ImageInput`]: an image as file bytes, URL or base64, validated by
//!   [`ImageInput::prepare`].
//! - [`fuzzy`]: how far OCR text is from what it should be (substitutions,
//!   a weighted edit distance with look-alikes), and the one rule by which a
//!   reading of a closed list's name is repaired ([`fuzzy::match_name`]).
//! - [`Severity`], [`Status`]: how much a warning weighs and what a caller
//!   does with a document (`ok` / `review` / `reject`), for every reader.
//! - [`Secret`]: a credential (an AppCode) that never shows in `Debug`.
//! - [`mask`], [`Masked`]: how OCR text (personal data) is printed in
//!   `Debug`, logs and errors.
//!
//! ```
//! use ocr_core::{OcrResponse, Quad, TextLine};
//! let response = OcrResponse::success(vec![
//!     TextLine::new("姓名罗芳", 98.0).with_polygon(Quad::from_rect(10.0, 10.0, 200.0, 40.0)),
//! ]);
//! let json = response.to_vendor_json();
//! let back = OcrResponse::from_value(&json).unwrap();
//! assert_eq!(back.lines[0].text, "姓名罗芳");
//! assert_eq!(back.lines[0].polygon, response.lines[0].polygon);
//! ```
#![deny(missing_docs)]

mod error;
pub mod fuzzy;
mod geometry;
mod image_input;
mod line;
mod recognize;
mod redact;
mod response;
mod secret;
mod transform;
mod verdict;

pub use error::{FailureKind, InputError, RecognizeError, error_chain};
pub use geometry::{ItemBox, Point, Quad, Rect};
pub use image_input::{ImageInput, MAX_IMAGE_BYTES, PreparedImage, SniffedFormat, read_capped, sniff_image_format};
pub use line::{Glyph, TextLine};
pub use recognize::{BatchProgress, Recognize, recognize_batch};
pub use redact::{Masked, mask};
pub use response::{MAX_RESPONSE_BYTES, OcrResponse, ResponseFormatError, StageTime};
pub use secret::Secret;
pub use transform::Similarity;
pub use verdict::{Severity, Status};
