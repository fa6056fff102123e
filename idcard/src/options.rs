//! [`ParseOptions`]: what a reading is checked against, and the calibrated
//! limits it uses.

use chrono::NaiveDate;
use ocr_core::TextLine;
use ocr_layout::LayoutConfig;

use crate::check::confidence::ConfidenceThresholds;
use crate::error::{Error, ErrorKind};
use crate::model::card::Side;
use crate::pixels::quality::QualityLimits;

/// Settings for reading cards, the calibrated limits among them; `Default`
/// is what the figures in the README were measured with, and each limit's
/// default says where it was measured.
///
/// ```
/// use chrono::NaiveDate;
/// use idcard::{ParseOptions, Side};
/// let mut options = ParseOptions::on(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
/// options.side = Some(Side::Back); // the caller knows which side it photographed
/// options.quality.blur = 0.7; // stricter than measured
/// assert_eq!(options.max_card_lines, 300);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ParseOptions {
    /// The date to check expiry against (no expiry check when `None`), and
    /// the limit for birth dates in ID numbers (today when `None`).
    pub today: Option<NaiveDate>,
    /// The side to read the lines as; `None` (the default): told from the
    /// content.
    pub side: Option<Side>,
    /// Layout settings.
    pub layout: LayoutConfig,
    /// The most OCR lines a card (or a page of cards) is read from: a card
    /// side has fewer than 40, a photo with some background text stays well
    /// under 300 (the default). Beyond it nothing is parsed: a
    /// `too_many_lines` warning (reject), or
    /// [`ErrorKind::TooManyLines`] from the reader.
    pub max_card_lines: usize,
    /// Each field's confidence threshold, calibrated on dev2.
    pub confidence: ConfidenceThresholds,
    /// The image-quality thresholds, measured on the corpora.
    pub quality: QualityLimits,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self {
            today: None,
            side: None,
            layout: LayoutConfig::default(),
            max_card_lines: 300,
            confidence: ConfidenceThresholds::default(),
            quality: QualityLimits::default(),
        }
    }
}

impl ParseOptions {
    /// Options that check expiry (and birth dates) against `today`.
    pub fn on(today: NaiveDate) -> Self {
        Self {
            today: Some(today),
            ..Self::default()
        }
    }

    /// [`ErrorKind::TooManyLines`] when `lines` are more than a card can
    /// have ([`ParseOptions::max_card_lines`]): what a reader does before parsing.
    ///
    /// ```
    /// use ocr_core::TextLine;
    /// let options = idcard::ParseOptions::default();
    /// let page: Vec<TextLine> = (0..=options.max_card_lines).map(|_| TextLine::new("字", 90.0)).collect();
    /// assert!(options.check_line_count(&page).unwrap_err().is_too_many_lines());
    /// assert!(options.check_line_count(&page[..10]).is_ok());
    /// ```
    pub fn check_line_count(&self, lines: &[TextLine]) -> Result<(), Error> {
        let limit = self.max_card_lines;
        if lines.len() > limit {
            return Err(ErrorKind::TooManyLines {
                lines: lines.len(),
                limit,
            }
            .into());
        }
        Ok(())
    }

    /// [`ParseOptions::side`] set: the lines are read as that side.
    pub fn with_side(self, side: Side) -> Self {
        Self {
            side: Some(side),
            ..self
        }
    }
}
