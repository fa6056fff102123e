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
    /// Per character of `text` (whitespace included), where it lies and how
    /// sure the recognizer was of it; empty when the engine does not report
    /// characters (the vendor's API reports whole lines only). See
    /// [`TextLine::glyphs`] for the checked view.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glyphs: Vec<Glyph>,
}

/// One recognized character of a [`TextLine`]: where it lies along the line
/// and the recognizer's confidence in it. It holds no text: the character is
/// the line's text's character at the same index.
///
/// A line's confidence is a mean over its characters, labels and
/// neighbouring values included; a value's own characters tell more.
///
/// # Examples
///
/// ```
/// use ocr_core::{Glyph, TextLine};
/// let line = TextLine::new("姓名张三", 90.0).with_glyphs(vec![
///     Glyph::new(70.0, 0.1),
///     Glyph::new(90.0, 0.3),
///     Glyph::new(99.0, 0.6),
///     Glyph::new(99.0, 0.8),
/// ]);
/// let glyphs = line.glyphs().unwrap();
/// assert_eq!(glyphs[2].confidence, 99.0);
/// // a count that does not match the text is not trusted
/// assert!(TextLine::new("张三", 99.0).with_glyphs(vec![Glyph::new(99.0, 0.5)]).glyphs().is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    /// Confidence from 0 to 100.
    pub confidence: f32,
    /// Where the character's centre lies along the line: 0 at the start of
    /// the polygon's first edge, 1 at its end.
    pub center: f32,
}

impl Glyph {
    /// A glyph; confidence clamped to 0–100 and centre to 0–1 (NaN becomes 0).
    pub fn new(confidence: f32, center: f32) -> Self {
        let clean = |v: f32, hi: f32| if v.is_nan() { 0.0 } else { v.clamp(0.0, hi) };
        Self {
            confidence: clean(confidence, 100.0),
            center: clean(center, 1.0),
        }
    }
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
            glyphs: Vec::new(),
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

    /// Sets the per-character glyphs (one per character of the text).
    pub fn with_glyphs(mut self, glyphs: Vec<Glyph>) -> Self {
        self.glyphs = glyphs;
        self
    }

    /// The glyphs, when there is exactly one per character of the text.
    pub fn glyphs(&self) -> Option<&[Glyph]> {
        (!self.glyphs.is_empty() && self.glyphs.len() == self.text.chars().count()).then_some(&self.glyphs[..])
    }
}

impl fmt::Debug for TextLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextLine")
            .field("text", &Masked(&self.text))
            .field("confidence", &self.confidence)
            .field("polygon", &self.polygon)
            .field("item_box", &self.item_box)
            .field("glyphs", &self.glyphs.len())
            .finish()
    }
}
