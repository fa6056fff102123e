//! What a parsed card holds: fields with provenance, and warnings.

use std::fmt;

use chrono::NaiveDate;
use ocr_layout::PageFrame;
use serde::{Serialize, Serializer};

use crate::id_number::{IdNumber, InvalidReason, Sex};
use crate::sensitive::Sensitive;

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
    /// ([`crate::CONFIDENCE_THRESHOLDS`]).
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

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningCode {
    /// The side could not be told: no label and no number found.
    SideUnknown,
    /// A field of the detected side was not found.
    FieldMissing,
    /// The identity number is invalid (the message gives the reason).
    IdNumberInvalid,
    /// A confusable character in the number (O→0, I→1, B→8, …) was repaired;
    /// the repaired number passes every check.
    IdNumberRepaired,
    /// The birth date printed differs from the one in the number.
    BirthMismatch,
    /// The printed birth date was unreadable; the number's (validated) one is used.
    BirthFromNumber,
    /// The sex printed differs from the one in the number.
    SexMismatch,
    /// The printed sex was unreadable; the number's (validated) one is used.
    SexFromNumber,
    /// The ethnicity read is not one of the 56 official names.
    EthnicityUnknown,
    /// The ethnicity read was corrected to the one official name it can be.
    EthnicityRepaired,
    /// The address does not name the province, prefecture or county of the
    /// number's region (people move: a hint, not an error).
    AddressRegionMismatch,
    /// A misread division name in the address was corrected to the name the
    /// number's region code gives.
    AddressRepaired,
    /// The validity period could not be read.
    ValidityUnreadable,
    /// The validity period's end is not its start plus 5, 10 or 20 years.
    ValidityInconsistent,
    /// The validity term does not match the holder's age at issue
    /// (under 16: 5 years, 16–25: 10, 26–45: 20, 46 and over: 长期).
    ValidityTermMismatch,
    /// The card had expired on the date given.
    Expired,
    /// A field was read from an OCR line whose confidence is under the
    /// calibrated threshold for that field (see [`crate::cookbook`] and the
    /// crate docs' calibration table).
    LowConfidence,
    /// A value that cannot be the field (a name with a label word or digits,
    /// an address fragment as the name, …) was dropped.
    FieldRejected,
    /// A value has a rare shape for its field (a one-character name, an
    /// address ending in a bare number): part of it may be lost.
    FieldUnusual,
    /// The issuing authority names no division that exists (in the region
    /// table) or not the number's region when both sides were read.
    IssuerUnverified,
    /// A misread division name in the issuer was corrected to the one
    /// division name that fits.
    IssuerRepaired,
    /// The lines had no polygon; their axis-aligned `itemPolygon` boxes were
    /// used for the layout.
    GeometryFromItemBoxes,
    /// More OCR lines than a card can have ([`crate::MAX_CARD_LINES`]):
    /// nothing was parsed.
    TooManyLines,
    /// The image holds more than one card (the message gives the count);
    /// a caller that asked for one card got the first person's.
    MultipleCards,
    /// The card has no colour: a black-and-white photocopy.
    GreyscaleCopy,
    /// Part of the card is outside the image (the message names the fields
    /// cut off).
    BorderIncomplete,
    /// The card is too small in the image to be read reliably.
    TooSmall,
    /// The card's print is blurred.
    Blurred,
    /// Saturated glare over printed fields (the message names them).
    Glare,
    /// Saturated glare only over fields whose values the number proves
    /// (birth date, sex): the values stand, the photo was taken in glare.
    GlareOverProvenFields,
    /// The card is too dark.
    OverDark,
}

/// How a caller must treat a warning.
///
/// Ordered: `Info < Review < Reject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Nothing to do: a repair that validation proved, a value taken from
    /// the checksum-protected number, a hint.
    Info,
    /// A person must look: a field may be wrong or is missing.
    Review,
    /// The card must not pass: invalid number, expired, printed fields
    /// contradicting the number, no card found.
    Reject,
}

impl WarningCode {
    /// The severity of this kind of warning.
    ///
    /// ```
    /// use idcard::{Severity, WarningCode};
    /// assert_eq!(WarningCode::IdNumberRepaired.severity(), Severity::Info);
    /// assert_eq!(WarningCode::FieldMissing.severity(), Severity::Review);
    /// assert_eq!(WarningCode::Expired.severity(), Severity::Reject);
    /// ```
    pub fn severity(self) -> Severity {
        use WarningCode::*;
        match self {
            IdNumberRepaired
            | BirthFromNumber
            | SexFromNumber
            | EthnicityRepaired
            | AddressRegionMismatch
            | AddressRepaired
            | IssuerRepaired
            | GlareOverProvenFields => Severity::Info,
            FieldMissing
            | EthnicityUnknown
            | ValidityUnreadable
            | ValidityInconsistent
            | ValidityTermMismatch
            | LowConfidence
            | FieldRejected
            | FieldUnusual
            | IssuerUnverified
            | GeometryFromItemBoxes
            | MultipleCards
            | GreyscaleCopy
            | BorderIncomplete
            | TooSmall
            | Blurred
            | Glare
            | OverDark => Severity::Review,
            SideUnknown | IdNumberInvalid | BirthMismatch | SexMismatch | Expired | TooManyLines => Severity::Reject,
        }
    }
}

/// What a KYC backend does with a card: the highest severity among its
/// warnings (`Ok` when there is none above [`Severity::Info`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    /// Let it through: every field proven or read cleanly.
    Ok,
    /// A person must look.
    Review,
    /// Refuse it.
    Reject,
}

/// A problem found while reading or checking the card. Messages never
/// contain personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What kind of problem.
    pub code: WarningCode,
    /// A description for people.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(code: WarningCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
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
    /// Each field by its JSON name, with its state when it was read.
    pub(crate) fn field_states(&self) -> [(&'static str, Option<FieldState>); 8] {
        fn state<T>(f: &Option<Field<T>>) -> Option<FieldState> {
            f.as_ref().map(|f| FieldState {
                confidence: f.confidence,
                characters_confidence: f.characters_confidence,
                verified: f.verified,
            })
        }
        [
            ("name", state(&self.name)),
            ("sex", state(&self.sex)),
            ("ethnicity", state(&self.ethnicity)),
            ("birth_date", state(&self.birth_date)),
            ("address", state(&self.address)),
            ("id_number", state(&self.id_number)),
            ("issuer", state(&self.issuer)),
            ("validity", state(&self.validity)),
        ]
    }

    /// Each field's place in the image, where it was read from characters.
    pub(crate) fn field_quads(&self) -> [(&'static str, Option<ocr_core::Quad>); 8] {
        fn quad<T>(f: &Option<Field<T>>) -> Option<ocr_core::Quad> {
            f.as_ref().and_then(|f| f.quad)
        }
        [
            ("name", quad(&self.name)),
            ("sex", quad(&self.sex)),
            ("ethnicity", quad(&self.ethnicity)),
            ("birth_date", quad(&self.birth_date)),
            ("address", quad(&self.address)),
            ("id_number", quad(&self.id_number)),
            ("issuer", quad(&self.issuer)),
            ("validity", quad(&self.validity)),
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
        match self.warnings.iter().map(|w| w.code.severity()).max() {
            Some(Severity::Reject) => CardStatus::Reject,
            Some(Severity::Review) => CardStatus::Review,
            _ => CardStatus::Ok,
        }
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

impl IdCard {
    /// Merges a front and a back into one card and checks the validity term
    /// against the holder's age at issue. Fields come from the side that
    /// carries them; warnings from both, then the term check.
    ///
    /// ```
    /// use ocr_core::{Quad, TextLine};
    /// use idcard::{ParseOptions, WarningCode, parse_back, parse_front};
    /// let row = |text: &str, y: f64| TextLine::new(text, 99.0).with_polygon(Quad::from_rect(0.0, y, 400.0, 30.0));
    /// let opts = ParseOptions::default();
    /// let front = parse_front(&[row("出生1949年12月31日", 0.0), row("公民身份号码110105194912310038", 50.0)], &opts);
    /// // issued at 60: the term must be 长期, not 20 years
    /// let back = parse_back(&[row("签发机关北京市公安局朝阳分局", 0.0), row("有效期限2010.01.01-2030.01.01", 50.0)], &opts);
    /// let card = front.combine(back);
    /// assert!(card.has_warning(WarningCode::ValidityTermMismatch));
    /// ```
    pub fn combine(self, back: IdCard) -> IdCard {
        let mut card = IdCard {
            side: self.side.or(back.side),
            name: self.name,
            sex: self.sex,
            ethnicity: self.ethnicity,
            birth_date: self.birth_date,
            address: self.address,
            id_number: self.id_number,
            issuer: self.issuer.or(back.issuer),
            validity: self.validity.or(back.validity),
            warnings: self.warnings.into_iter().chain(back.warnings).collect(),
            frame: self.frame,
        };
        let birth = card
            .valid_id_number()
            .map(|n| n.birth_date())
            .or(card.birth_date.as_ref().map(|b| b.value));
        // the front's number proves an issuer that names its region
        let region_code = card.valid_id_number().and_then(|n| n.region_code().parse::<u32>().ok());
        if let (Some(code), Some(issuer)) = (region_code, card.issuer.as_mut()) {
            if crate::issuer::issuer_names_region(&issuer.value, code) {
                issuer.verified = true;
            } else if crate::issuer::issuer_nearly_names_region(&issuer.value, code) {
                issuer.verified = false;
                card.warnings.push(Warning::new(
                    WarningCode::IssuerUnverified,
                    "the issuer's place is one or two characters off a division of the number's region: \
                     a character may be misread or lost",
                ));
            }
        }
        if let (Some(birth), Some(v)) = (birth, card.validity.as_ref().map(|f| f.value)) {
            crate::checks::check_term(&mut card, birth, &v);
        }
        card
    }
}
