//! # idcard
//!
//! Chinese resident identity cards (居民身份证) from OCR output: every field
//! read, every inconsistency reported, no wrong number passed off as valid.
//!
//! - [`IdNumber`]: GB 11643-1999 validation — MOD 11-2 check character,
//!   birth date, region code (embedded GB/T 2260 table with validity
//!   years) — with the reason when invalid ([`InvalidReason`]), residence
//!   permits and foreigners' permanent residence IDs, and masked
//!   `Debug`/`Display`.
//! - [`parse`]: fields of either side from OCR lines, through `ocr-layout`
//!   rows, tolerant of the shapes real OCR produces (labels split, merged,
//!   misread or after their values; full-width digits; multi-row
//!   addresses), with repairs only when validation proves them and
//!   cross-checks as typed [`Warning`]s.
//! - [`extract_id_card`]: image in, card out, over any
//!   [`ocr_core::Recognize`] engine.
//!
//! # The KYC call
//!
//! ```no_run
//! # async fn kyc() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = ocr_client::OcrClient::from_env()?;                      // or the local engine
//! let card = idcard::extract_id_card(&engine, &ocr_core::ImageInput::from_path("front.jpg")?).await?;
//! let number = card.valid_id_number().ok_or("no valid ID number")?;     // checksum, birth, region verified
//! let name = card.name.as_ref().map(|f| f.value.reveal()).ok_or("no name")?;
//! assert!(card.warnings.is_empty(), "review: {:?}", card.warnings);      // mismatches, repairs, expiry
//! # let _ = (number, name); Ok(()) }
//! ```
#![deny(missing_docs)]

mod back;
pub mod card;
pub mod checks;
pub mod ethnicity;
pub mod extract;
mod front;
pub mod id_number;
mod labels;
pub mod parsing;
pub mod region;
pub mod report;
mod rows;
pub mod sensitive;
mod side;
pub mod text;

pub use card::{Field, IdCard, IdNumberReading, Side, ValidUntil, Validity, Warning, WarningCode};
pub use extract::{Error, extract_id_card, extract_id_card_with, extract_id_card_with_second_look};
pub use id_number::{IdKind, IdNumber, InvalidIdNumber, InvalidReason, OcrNormalization, Sex};
pub use parsing::{ParseOptions, parse, parse_back, parse_front, parse_with};
pub use region::Region;
pub use sensitive::Sensitive;
