//! What a parsed card holds: fields with provenance, and warnings.

use std::fmt;

use chrono::NaiveDate;
use ocr_layout::PageFrame;
use serde::{Serialize, Serializer};

use crate::model::field_key::FieldKey;
use crate::model::sensitive::Sensitive;
use crate::model::warning::{CardStatus, Warning, WarningCode};
use crate::number::id_number::{IdNumber, InvalidReason, Sex};

/// Which side of the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// 人像面: name, sex, ethnicity, birth, address, number.
    Front,
    /// 国徽面: issuing authority and validity period.
    Back,
}

impl Side {
    /// `front` or `back`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Front => "front",
            Side::Back => "back",
        }
    }
}

/// A field's value with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// The lowest confidence (0–100) of the OCR lines it was read from.
    pub confidence: f32,
    /// When the engine reports each character's confidence
    /// ([`ocr_core::TextLine::glyphs`]; the local engine does): the lowest,
    /// over the value's lines, of the mean confidence of the value's own
    /// characters on the line. A line's confidence is a mean over all its
    /// characters, so a label read badly lowers it for a value read well
    /// beside it; the value's own characters tell more. Its scale differs
    /// from the line's, so it has its own calibrated thresholds
    /// ([`crate::check::ConfidenceThresholds`], in [`crate::ParseOptions::confidence`]).
    pub characters_confidence: Option<f32>,
    /// Indices of the layout rows it was read from.
    pub rows: Vec<usize>,
    /// Indices of the OCR lines it was read from.
    pub lines: Vec<usize>,
    /// Whether the value is proven by something OCR alone cannot fake: the
    /// checksum-protected number (birth date, sex taken from or agreeing
    /// with it), the region table (place names), or a cross-check. `false`:
    /// read by OCR only.
    pub verified: bool,
    /// Where the value is printed, in image pixels (corners clockwise from
    /// the value's top-left as read); `None` for a value taken from the
    /// number rather than read where it is printed.
    pub quad: Option<ocr_core::Quad>,
    /// Per OCR line, the characters the value was read from.
    #[serde(skip)]
    pub(crate) spans: Vec<(usize, std::ops::Range<usize>)>,
}

impl<T> Field<T> {
    /// The OCR lines it was read from in reading order: its spans' (a card
    /// turned by 180° lists its lines backwards), each once; its lines when
    /// it has no spans.
    pub(crate) fn lines_in_reading_order(&self) -> Vec<usize> {
        if self.spans.is_empty() {
            return self.lines.clone();
        }
        let mut order: Vec<usize> = self.spans.iter().map(|(line, _)| *line).collect();
        order.dedup();
        order
    }
}

/// A read field's confidences and whether it is verified.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FieldState {
    pub confidence: f32,
    pub characters_confidence: Option<f32>,
    pub verified: bool,
}

/// The end of the validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValidUntil {
    /// A date.
    Date(NaiveDate),
    /// 长期: no end.
    LongTerm,
}

impl fmt::Display for ValidUntil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValidUntil::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            ValidUntil::LongTerm => f.write_str("长期"),
        }
    }
}

impl Serialize for ValidUntil {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The validity period 有效期限.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Validity {
    /// First day.
    pub from: NaiveDate,
    /// Last day, or 长期.
    pub until: ValidUntil,
}

/// The identity number as read: valid, or the text with why it is not.
///
/// `Debug` masks the text.
#[derive(Debug, Clone, PartialEq)]
pub struct IdNumberReading {
    /// The text read, normalised (no spaces, half-width), masked in `Debug`.
    pub text: Sensitive,
    /// The validated number, when it is valid.
    pub valid: Option<IdNumber>,
    /// Why it is invalid, when it is.
    pub invalid_reason: Option<InvalidReason>,
}

impl Serialize for IdNumberReading {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text.serialize(serializer)
    }
}

/// Everything read from one side of a card (or both, after [`IdCard::combine`]).
///
/// `Debug` masks the name, address and number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdCard {
    /// The side, when it could be told.
    pub side: Option<Side>,
    /// 姓名.
    pub name: Option<Field<Sensitive>>,
    /// 性别.
    pub sex: Option<Field<Sex>>,
    /// 民族, as printed (汉, 维吾尔, …).
    pub ethnicity: Option<Field<String>>,
    /// 出生.
    pub birth_date: Option<Field<NaiveDate>>,
    /// 住址, rows joined.
    pub address: Option<Field<Sensitive>>,
    /// 公民身份号码.
    pub id_number: Option<Field<IdNumberReading>>,
    /// 签发机关.
    pub issuer: Option<Field<String>>,
    /// 有效期限.
    pub validity: Option<Field<Validity>>,
    /// Problems found, in the order found.
    pub warnings: Vec<Warning>,
    /// The page frame the card was read in (orientation and skew).
    pub frame: PageFrame,
}

impl IdCard {
    /// Each field by its key, with its state when it was read.
    pub(crate) fn field_states(&self) -> [(FieldKey, Option<FieldState>); 8] {
        fn state<T>(f: &Option<Field<T>>) -> Option<FieldState> {
            f.as_ref().map(|f| FieldState {
                confidence: f.confidence,
                characters_confidence: f.characters_confidence,
                verified: f.verified,
            })
        }
        [
            (FieldKey::Name, state(&self.name)),
            (FieldKey::Sex, state(&self.sex)),
            (FieldKey::Ethnicity, state(&self.ethnicity)),
            (FieldKey::BirthDate, state(&self.birth_date)),
            (FieldKey::Address, state(&self.address)),
            (FieldKey::IdNumber, state(&self.id_number)),
            (FieldKey::Issuer, state(&self.issuer)),
            (FieldKey::Validity, state(&self.validity)),
        ]
    }

    /// Each field's place in the image, where it was read from characters.
    pub(crate) fn field_quads(&self) -> [(FieldKey, Option<ocr_core::Quad>); 8] {
        fn quad<T>(f: &Option<Field<T>>) -> Option<ocr_core::Quad> {
            f.as_ref().and_then(|f| f.quad)
        }
        [
            (FieldKey::Name, quad(&self.name)),
            (FieldKey::Sex, quad(&self.sex)),
            (FieldKey::Ethnicity, quad(&self.ethnicity)),
            (FieldKey::BirthDate, quad(&self.birth_date)),
            (FieldKey::Address, quad(&self.address)),
            (FieldKey::IdNumber, quad(&self.id_number)),
            (FieldKey::Issuer, quad(&self.issuer)),
            (FieldKey::Validity, quad(&self.validity)),
        ]
    }

    pub(crate) fn empty(frame: PageFrame) -> Self {
        Self {
            side: None,
            name: None,
            sex: None,
            ethnicity: None,
            birth_date: None,
            address: None,
            id_number: None,
            issuer: None,
            validity: None,
            warnings: Vec::new(),
            frame,
        }
    }

    /// The validated identity number, if one was read and is valid.
    pub fn valid_id_number(&self) -> Option<&IdNumber> {
        self.id_number.as_ref().and_then(|f| f.value.valid.as_ref())
    }

    /// How many problems a sharper reading of the image might fix: a
    /// missing field, an invalid number, an unknown ethnicity, an
    /// unreadable validity period (each 1), no card found at all (2).
    /// Zero for a clean reading.
    ///
    /// ```
    /// let nothing = idcard::parse(&[], &idcard::ParseOptions::default());
    /// assert_eq!(nothing.reading_problems(), 3); // side unknown
    /// ```
    pub fn reading_problems(&self) -> usize {
        let problems = self
            .warnings
            .iter()
            .filter(|w| {
                matches!(
                    w.code,
                    WarningCode::FieldMissing
                        | WarningCode::IdNumberInvalid
                        | WarningCode::EthnicityUnknown
                        | WarningCode::ValidityUnreadable
                        | WarningCode::SideUnknown
                        | WarningCode::TooManyLines
                )
            })
            .count();
        problems + if self.side.is_none() { 2 } else { 0 }
    }

    /// The card's status: the worst severity among its warnings.
    ///
    /// ```
    /// use idcard::{CardStatus, ParseOptions, parse};
    /// assert_eq!(parse(&[], &ParseOptions::default()).status(), CardStatus::Reject); // no card
    /// ```
    pub fn status(&self) -> CardStatus {
        CardStatus::of(self.warnings.iter().map(|w| w.code.severity()))
    }

    /// Whether a person must look at the card before it is used (status
    /// `review` or `reject`).
    pub fn needs_review(&self) -> bool {
        self.status() != CardStatus::Ok
    }

    /// Whether a warning with `code` was raised.
    pub fn has_warning(&self, code: WarningCode) -> bool {
        self.warnings.iter().any(|w| w.code == code)
    }
}
