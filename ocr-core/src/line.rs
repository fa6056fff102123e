//! The engine-neutral recognized text line.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::geometry::{ItemBox, Quad};
use crate::redact::Masked;

/// One recognized line of text, as every engine returns it.
///
/// `Debug` masks the text (OCR output is personal data); read it through the
/// public field.
///
/// # Examples
///
/// ```
/// use ocr_core::{Quad, TextLine};
/// let line = TextLine::new("姓名罗芳", 99.0).with_polygon(Quad::from_rect(0.0, 0.0, 300.0, 60.0));
/// assert_eq!(line.text, "姓名罗芳");
/// assert!(format!("{line:?}").contains("姓***"));
/// ```
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TextLine {
    /// The recognized text, as the engine returned it.
    pub text: String,
    /// Confidence from 0 to 100.
    pub confidence: f32,
    /// The line's four vertices in the original image's pixels, when known.
    pub polygon: Option<Quad>,
    /// The line's axis-aligned box in the rotation-corrected image, when known.
    pub item_box: Option<ItemBox>,
}

impl TextLine {
    /// A line with text and confidence (clamped to 0–100; NaN becomes 0).
    pub fn new(text: impl Into<String>, confidence: f32) -> Self {
        let confidence = if confidence.is_nan() {
            0.0
        } else {
            confidence.clamp(0.0, 100.0)
        };
        Self {
            text: text.into(),
            confidence,
            polygon: None,
            item_box: None,
        }
    }

    /// Sets the polygon.
    pub fn with_polygon(mut self, polygon: Quad) -> Self {
        self.polygon = Some(polygon);
        self
    }

    /// Sets the rotation-corrected box.
    pub fn with_item_box(mut self, item_box: ItemBox) -> Self {
        self.item_box = Some(item_box);
        self
    }
}

impl fmt::Debug for TextLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextLine")
            .field("text", &Masked(&self.text))
            .field("confidence", &self.confidence)
            .field("polygon", &self.polygon)
            .field("item_box", &self.item_box)
            .finish()
    }
}
