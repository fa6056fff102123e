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
//! - [`parse`] ([`parse_front`], [`parse_back`]): fields of either side from OCR lines, through `ocr-layout`
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
//! let engine = ocr_engine::LocalEngine::from_default_models(Default::default())?; // or ocr_client::OcrClient
//! let card = idcard::extract_id_card(&engine, &ocr_core::ImageInput::from_path("front.jpg")?).await?;
//! let number = card.valid_id_number().ok_or("no valid ID number")?;     // checksum, birth, region verified
//! let name = card.name.as_ref().map(|f| f.value.reveal()).ok_or("no name")?;
//! assert!(card.warnings.is_empty(), "review: {:?}", card.warnings);      // mismatches, repairs, expiry
//! # let _ = (number, name); Ok(()) }
//! ```
#![deny(missing_docs)]

mod back;
mod card;
mod card_layout;
mod checks;
pub mod cookbook;
mod ethnicity;
mod field_boxes;
mod field_checks;
mod front;
mod id_number;
mod issuer;
mod labels;
mod page;
mod parsing;
mod quality;
mod reader;
mod region;
mod report;
mod rows;
mod sensitive;
mod side;
mod text;

pub use card::{
    CardStatus, Field, IdCard, IdNumberReading, Severity, Side, ValidUntil, Validity, Warning, WarningCode,
};
pub use checks::term_for_age;
pub use ethnicity::{ETHNIC_GROUPS, EthnicityMatch, is_official_ethnicity, resolve_ethnicity};
pub use field_checks::CONFIDENCE_THRESHOLDS;
pub use id_number::{
    ConfusableRepair, IdKind, IdNumber, InvalidIdNumber, InvalidReason, OcrNormalization, Sex, check_char,
    repair_confusable,
};
pub use page::{CardCrop, CardOnPage, PageReading, crop_card, parse_page};
pub use parsing::{MAX_CARD_LINES, ParseOptions, parse, parse_back, parse_front};
pub use quality::{
    BLUR_LIMIT, DARK_LIMIT, FULL_COLOUR_CHROMA, GLARE_LIMIT, GREYSCALE_LIMIT, INK_PRESENT, OUTSIDE_LIMIT, Quality,
    SHARP_EDGE_STRENGTH, SMALL_LIMIT_PX,
};
pub use reader::{CardReader, Error, check_line_count, extract_id_card, extract_id_cards};
pub use region::{Region, RegionLevel, RegionPeriod};
pub use report::{CardReport, PageCardReport, QuadJson, ReportWarning, TRUTH_KEYS};
pub use sensitive::Sensitive;
