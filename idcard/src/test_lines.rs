//! Synthetic OCR lines for the unit tests.

use ocr_core::{Quad, TextLine};

/// A line read as `text` at confidence 99, its box `w` px long and 30 px
/// tall from (`x`, `y`).
pub(crate) fn rect(text: &str, x: f64, y: f64, w: f64) -> TextLine {
    TextLine::new(text, 99.0).with_polygon(Quad::from_rect(x, y, w, 30.0))
}
