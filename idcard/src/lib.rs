//! # idcard
//!
//! Chinese resident identity cards (居民身份证) from OCR output: every field
//! read, every inconsistency reported, no wrong number passed off as valid.
//!
//! [`CardReader`] is the façade: built once over an OCR engine (any
//! [`ocr_core::Recognize`]) with [`ParseOptions`], it has one method per
//! verb — `recognize`, `parse`, `parse_page`, `read`, `read_page`.
//! [`extract_id_card`] is the one-line KYC call. Inside, the stages stand in
//! modules of their own, in pipeline order:
//!
//! | stage | module | what it does |
//! |---|---|---|
//! | number | [`number`] | [`IdNumber`]: GB 11643-1999 validation (check character, birth date, region code against the embedded GB/T 2260 table with validity years), the reason when invalid; usable without the rest |
//! | page | [`page`] | a page's lines split into cards, each placed on the page from its printed labels, the sides of one person paired ([`page::PageReading`]) |
//! | layout | (`ocr-layout`) | each card's lines in its own frame (orientation, skew), in rows |
//! | read | (private `read`) | the side, then each side's fields from the rows: labels split, merged, misread or after their values, values over several rows; the back's two labelled fields are an `ocr_form` schema its extractor reads, the back's own cases (a label lost, stray characters before the authority) on top |
//! | check | [`check`] | the number against the printed fields, the validity term against the age, place names and the issuer against the region table, the ethnicity against the 56 names, each field's confidence and shape — as typed [`Warning`]s |
//! | pixels | [`pixels`] | quads snapped to the card's edges, cards placed on their outlines, image quality ([`pixels::Quality`]), crops, the annotated page |
//! | model, report | [`model`], [`report`] | what comes out: [`IdCard`] with its fields ([`FieldKey`]), warnings and status; the flat JSON the CLI and server print |
//!
//! # Image-quality warnings
//!
//! Scores are in 0–1 (higher is worse; the long side in pixels for
//! `too_small`); every warning is `review`, except glare that lies only over
//! fields the number proves (birth date, sex): `glare_over_proven_fields`,
//! `info`, since those values stand whatever the photo shows. Thresholds were set on the
//! synthetic corpora (`dev` 200 and `dev2` 400 ordinary card photos,
//! `dev-pages` 120 pages), from the OCR responses plus the photos; they are
//! the defaults of [`pixels::QualityLimits`] (in [`ParseOptions::quality`]):
//!
//! | warning | score | threshold | ordinary photos raising it (dev / dev2) | pages that should (raised) |
//! |---|---|---|---|---|
//! | `greyscale_copy` | 1 − mean chroma ÷ 0.02 | > `greyscale` (0.95) | 0 / 0 | 18 greyscale A4 copies (18) |
//! | `border_incomplete` | share of the card outside the image, or a field's place more than a tenth outside | > `outside` (0.02) | 0 / 0 | 18 cut-off cards (16) |
//! | `too_small` | the card's long side, px | < `small_px` (380) | 0 / 0 | 12 small cards (12: a card whose print the OCR cannot read is found from its outline) |
//! | `blurred` | 1 − edge strength ÷ 0.05 | > `blur` (0.85) | 0 / 4 | — (no labelled blur) |
//! | `glare` | over the windows along each field's place (two line heights long; where print always is, and to 1.5 line heights past the characters read), the share clipped white beyond the card's own, scaled down by the print still showing | > `glare` (0.44) | 2 / 4 (of them only over proven fields, so `info`: 1 / 1); end to end 3 / 5 (`info` 2 / 1) | 18 glare cards (16; end to end 17) |
//! | `over_dark` | 1 − mean luma | > `dark` (0.75) | 0 / 0 (largest 0.57) | — (no labelled dark photo) |
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

pub mod check;
pub mod cookbook;
mod error;
pub mod model;
pub mod number;
mod options;
pub mod page;
mod parse;
pub mod pixels;
mod read;
mod reader;
pub mod report;
#[cfg(test)]
mod test_lines;

pub use error::{Error, ErrorKind};
pub use model::{CardStatus, FieldKey, IdCard, Side, Warning, WarningCode};
pub use number::IdNumber;
pub use options::ParseOptions;
pub use parse::parse;
pub use reader::{CardReader, extract_id_card};
