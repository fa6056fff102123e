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
/// (see [`ConfidenceThreshold`]); [`ConfidenceThresholds::default`] holds
/// the values measured on dev2:
///
/// | field | line | dev2 OCR files: wrong below / right below | characters | dev2 end to end: wrong below / right below |
/// |---|---|---|---|---|
/// | name | 91 | 8 / 6 | 85 | 8 / 1 |
/// | address | 92 | 7 / 0 | 92 | 5 / 4 |
/// | issuer | 95 | 2 / 0 | 95 | 2 / 0 |
/// | ethnicity | 85 | 1 / 1 | — | — |
///
/// End to end, the wrong names lay at most at 84.6 by their characters and
/// none between 85 and 91, while 6 right ones lay under 91 by their lines (a
/// label read badly beside them).
///
/// ```
/// use idcard::FieldKey;
/// use idcard::check::ConfidenceThresholds;
/// let mut thresholds = ConfidenceThresholds::default();
/// assert_eq!(thresholds.get(FieldKey::Name).unwrap().characters, Some(85.0));
/// thresholds.0.retain(|t| t.field != FieldKey::Ethnicity); // never flag the ethnicity by confidence
/// assert!(thresholds.get(FieldKey::Ethnicity).is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConfidenceThresholds(pub Vec<ConfidenceThreshold>);

impl ConfidenceThresholds {
    /// The threshold of `field`, when it has one.
    pub fn get(&self, field: FieldKey) -> Option<&ConfidenceThreshold> {
        self.0.iter().find(|t| t.field == field)
    }
}

impl Default for ConfidenceThresholds {
    fn default() -> Self {
        Self(CALIBRATED.to_vec())
    }
}

const CALIBRATED: [ConfidenceThreshold; 4] = [
    ConfidenceThreshold {
        field: FieldKey::Name,
        line: 91.0,
        characters: Some(85.0),
    },
    ConfidenceThreshold {
        field: FieldKey::Address,
        line: 92.0,
        characters: Some(92.0),
    },
    ConfidenceThreshold {
        field: FieldKey::Issuer,
        line: 95.0,
        characters: Some(95.0),
    },
    ConfidenceThreshold {
        field: FieldKey::Ethnicity,
        line: 85.0,
        characters: None,
    },
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
