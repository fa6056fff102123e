//! What a reading produces: the card and its fields ([`IdCard`],
//! [`Field`], [`FieldKey`]), the warnings and the card's status
//! ([`Warning`], [`WarningCode`], [`Severity`], [`CardStatus`]), and
//! [`Sensitive`] for personal data.

pub(crate) mod card;
pub(crate) mod field_key;
pub(crate) mod sensitive;
pub(crate) mod warning;

pub use card::{Field, IdCard, IdNumberReading, Side, ValidUntil, Validity};
pub use field_key::FieldKey;
pub use sensitive::Sensitive;
pub use warning::{CardStatus, Severity, Warning, WarningCode};
