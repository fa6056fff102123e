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
//! - [`parse_page`], [`extract_id_cards`], [`CardReader::read_page`]: every
//!   card on a page ([`PageReading`]: each [`CardOnPage`] with its side, quad,
//!   field boxes, [`Quality`] and warnings; the identities they make up),
//!   [`crop_card`] for rectified crops and the portrait, and [`annotate_page`]
//!   for the page with the cards and fields outlined.
//!
//! # Image-quality warnings
//!
//! Scores are in 0–1 (higher is worse; the long side in pixels for
//! `too_small`); every warning is `review`, except glare that lies only over
//! fields the number proves (birth date, sex): `glare_over_proven_fields`,
//! `info`, since those values stand whatever the photo shows. Thresholds were set on the
//! synthetic corpora (`dev` 200 and `dev2` 400 ordinary card photos,
//! `dev-pages` 120 pages), from the OCR responses plus the photos:
//!
//! | warning | score | threshold | ordinary photos raising it (dev / dev2) | pages that should (raised) |
//! |---|---|---|---|---|
//! | `greyscale_copy` | 1 − mean chroma ÷ [`FULL_COLOUR_CHROMA`] | > [`GREYSCALE_LIMIT`] (0.95) | 0 / 0 | 18 greyscale A4 copies (18) |
//! | `border_incomplete` | share of the card outside the image, or a field's place more than a tenth outside | > [`OUTSIDE_LIMIT`] (0.02) | 0 / 0 | 18 cut-off cards (16) |
//! | `too_small` | the card's long side, px | < [`SMALL_LIMIT_PX`] (380) | 0 / 0 | 12 small cards (12: a card whose print the OCR cannot read is found from its outline) |
//! | `blurred` | 1 − edge strength ÷ [`SHARP_EDGE_STRENGTH`] | > [`BLUR_LIMIT`] (0.85) | 0 / 4 | — (no labelled blur) |
//! | `glare` | over the windows along each field's place (two line heights long; where print always is, and to 1.5 line heights past the characters read), the share clipped white beyond the card's own, scaled down by the print still showing | > [`GLARE_LIMIT`] (0.44) | 2 / 4 (of them only over proven fields, so `info`: 1 / 1); end to end 3 / 5 (`info` 2 / 1) | 18 glare cards (16; end to end 17) |
//! | `over_dark` | 1 − mean luma | > [`DARK_LIMIT`] (0.75) | 0 / 0 (largest 0.57) | — (no labelled dark photo) |
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
mod name_length;
mod outlines;
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
pub use field_checks::{CONFIDENCE_THRESHOLDS, ConfidenceThreshold};
pub use id_number::{
    ConfusableRepair, IdKind, IdNumber, InvalidIdNumber, InvalidReason, OcrNormalization, Sex, check_char,
    repair_confusable,
};
pub use page::{CardCrop, CardOnPage, PageReading, annotate_page, crop_card, parse_page};
pub use parsing::{MAX_CARD_LINES, ParseOptions, parse, parse_back, parse_front};
pub use quality::{
    BLUR_LIMIT, DARK_LIMIT, FULL_COLOUR_CHROMA, GLARE_LIMIT, GREYSCALE_LIMIT, INK_PRESENT, OUTSIDE_LIMIT, Quality,
    SHARP_EDGE_STRENGTH, SMALL_LIMIT_PX,
};
pub use reader::{CardReader, Error, check_line_count, extract_id_card, extract_id_cards};
pub use region::{Region, RegionLevel, RegionPeriod};
pub use report::{CardReport, PageCardReport, QuadJson, ReportWarning, TRUTH_KEYS};
pub use sensitive::Sensitive;
