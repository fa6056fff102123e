//! Warnings: what was found wrong, how grave it is, and the card's status.

use serde::Serialize;

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
    /// The address does not begin with a chain of divisions of the region
    /// table (province → prefecture → county): a name lost or misread, and
    /// no single division of the number's region clearly the one meant.
    AddressUnverified,
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
    /// address ending in a bare number, a line longer than its characters,
    /// a box read as nothing where the value goes on): part of it may be
    /// lost.
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
    /// More OCR lines than a card can have ([`crate::ParseOptions::max_card_lines`]):
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

pub use ocr_core::Severity;

impl WarningCode {
    /// The severity of this kind of warning.
    ///
    /// ```
    /// use idcard::model::{Severity, WarningCode};
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
            | AddressUnverified
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
/// warnings (`Ok` when there is none above [`Severity::Info`]); the status
/// every reader of the workspace shares ([`ocr_core::Status`]).
pub type CardStatus = ocr_core::Status;

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
