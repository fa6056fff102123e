//! Each field judged by its confidence against its calibrated threshold.

use crate::model::card::{FieldState, IdCard};
use crate::model::field_key::FieldKey;
use crate::model::warning::{Warning, WarningCode};

/// A field's calibrated confidence thresholds (0–100): below one, the field
/// was wrong more often than 1 in 100 on the dev2 corpus (400 cards), so it
/// is flagged for review. Fields proven by the number, the region table or a
/// cross-check are exempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfidenceThreshold {
    /// The field.
    pub field: FieldKey,
    /// For the lowest confidence of the value's OCR lines
    /// ([`crate::model::Field::confidence`]), calibrated on the vendor-format OCR
    /// files.
    pub line: f32,
    /// For the value's own characters ([`crate::model::Field::characters_confidence`]),
    /// calibrated end to end with the local engine; when the engine reports
    /// characters, this one is judged instead of the line's. `None`: the
    /// line's is judged (a lone character's confidence, the ethnicity's, is
    /// a noisier signal than its line's mean).
    pub characters: Option<f32>,
}

/// The calibrated thresholds, one per field judged by its confidence
/// (see [`ConfidenceThreshold`]). The line thresholds are the vendor
/// format's (calibrated on its OCR files); the characters' are the local
/// engine's and differ by model set, since each recognizer has its own
/// scale: [`ConfidenceThresholds::for_model_set`]. [`Default`] holds the
/// default model set's (PP-OCRv6 small). Measured on dev2 (400 cards):
///
/// | field | line | dev2 OCR files: wrong below / right below | characters, PP-OCRv6 small | dev2 end to end: wrong below / right below | characters, PP-OCRv4 | dev2 end to end: wrong below / right below |
/// |---|---|---|---|---|---|---|
/// | name | 91 | 8 / 6 | 95 | 6 of 9 / 3 of 306 | 85 | 8 / 1 |
/// | address | 92 | 7 / 0 | 92 | 0 of 0 / 2 of 312 | 92 | 5 / 4 |
/// | issuer | 95 | 2 / 0 | 95 | — (proven) | 95 | 2 / 0 |
/// | ethnicity | 70 | 1 / 0 | — | — | — | — |
///
/// With PP-OCRv4, the wrong names lay at most at 84.6 by their characters
/// and none between 85 and 91, while 6 right ones lay under 91 by their
/// lines (a label read badly beside them). PP-OCRv6 small is surer of its
/// misreads: a wrong name lay at 94.3 with nothing else to flag it, and
/// three right ones lay under 95.
///
/// The ethnicity's line threshold was 85 from dev2 alone. Over dev, dev2
/// and dev3's OCR files (1,000 cards), every ethnicity read under 85 that
/// is an official name was right (10 of 10, 7 of them on right cards), and
/// every wrong one read under it is no official name (`亿佬`, `体`, `买藏`:
/// flagged as unknown anyway); 70 keeps a floor for a line the engine
/// barely read (2 right cards under it, no wrong one).
///
/// ```
/// use idcard::FieldKey;
/// use idcard::check::ConfidenceThresholds;
/// let mut thresholds = ConfidenceThresholds::default();
/// assert_eq!(thresholds.get(FieldKey::Name).unwrap().characters, Some(95.0));
/// thresholds.0.retain(|t| t.field != FieldKey::Ethnicity); // never flag the ethnicity by confidence
/// assert!(thresholds.get(FieldKey::Ethnicity).is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConfidenceThresholds(pub Vec<ConfidenceThreshold>);

impl ConfidenceThresholds {
    /// The thresholds calibrated for the local engine's model set `name`
    /// (`pp-ocrv6-small`, `pp-ocrv4`); `None` for a set not calibrated.
    ///
    /// ```
    /// use idcard::FieldKey;
    /// use idcard::check::ConfidenceThresholds;
    /// let v4 = ConfidenceThresholds::for_model_set("pp-ocrv4").unwrap();
    /// assert_eq!(v4.get(FieldKey::Name).unwrap().characters, Some(85.0));
    /// assert_eq!(ConfidenceThresholds::for_model_set("pp-ocrv6-small"), Some(ConfidenceThresholds::default()));
    /// assert!(ConfidenceThresholds::for_model_set("pp-ocrv5-mobile").is_none());
    /// ```
    pub fn for_model_set(name: &str) -> Option<Self> {
        let table: &[(FieldKey, f32)] = match name {
            "pp-ocrv6-small" => &[
                (FieldKey::Name, 95.0),
                (FieldKey::Address, 92.0),
                (FieldKey::Issuer, 95.0),
            ],
            "pp-ocrv4" => &[
                (FieldKey::Name, 85.0),
                (FieldKey::Address, 92.0),
                (FieldKey::Issuer, 95.0),
            ],
            _ => return None,
        };
        let characters = |field: FieldKey| table.iter().find(|(f, _)| *f == field).map(|(_, t)| *t);
        Some(Self(
            VENDOR_LINES
                .iter()
                .map(|&(field, line)| ConfidenceThreshold {
                    field,
                    line,
                    characters: characters(field),
                })
                .collect(),
        ))
    }

    /// The threshold of `field`, when it has one.
    pub fn get(&self, field: FieldKey) -> Option<&ConfidenceThreshold> {
        self.0.iter().find(|t| t.field == field)
    }
}

impl Default for ConfidenceThresholds {
    /// The default model set's: [`ConfidenceThresholds::for_model_set`]
    /// of `pp-ocrv6-small`.
    fn default() -> Self {
        Self::for_model_set("pp-ocrv6-small").unwrap_or(Self(Vec::new()))
    }
}

/// Each judged field's line threshold, calibrated on the vendor-format OCR
/// files of dev2.
const VENDOR_LINES: [(FieldKey, f32); 4] = [
    (FieldKey::Name, 91.0),
    (FieldKey::Address, 92.0),
    (FieldKey::Issuer, 95.0),
    (FieldKey::Ethnicity, 70.0),
];

impl ConfidenceThreshold {
    /// Whether a field in `state` is under this threshold: its characters'
    /// confidence when both are known, else its lines'.
    fn is_under(&self, state: &FieldState) -> bool {
        match (self.characters, state.characters_confidence) {
            (Some(limit), Some(c)) => c < limit,
            _ => state.confidence < self.line,
        }
    }
}

/// Flags every unverified field read under its field's calibrated
/// confidence threshold.
pub(crate) fn flag_low_confidence(card: &mut IdCard, thresholds: &ConfidenceThresholds) {
    let states = card.field_states();
    let low = |t: &ConfidenceThreshold| {
        states
            .iter()
            .any(|(name, state)| *name == t.field && state.is_some_and(|s| !s.verified && t.is_under(&s)))
    };
    let flagged: Vec<&str> = thresholds
        .0
        .iter()
        .filter(|t| low(t))
        .map(|t| t.field.as_str())
        .collect();
    if !flagged.is_empty() {
        card.warnings.push(Warning::new(
            WarningCode::LowConfidence,
            format!("read from a low-confidence OCR line: {}", flagged.join(", ")),
        ));
    }
}
