//! `extract_id_card`: image in, card out, over any OCR engine.

use ocr_core::{ImageInput, Recognize};

use crate::card::IdCard;
use crate::parsing::{ParseOptions, parse_with};

/// Why extraction failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The OCR engine failed (network, quota, bad image, …); the source
    /// is the engine's own error.
    #[error("OCR failed: {0}")]
    Engine(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The engine answered with a non-success status.
    #[error("OCR returned status {status}, code {code}: {message}")]
    Recognition {
        /// The response's `status`.
        status: i64,
        /// The response's `code`.
        code: i64,
        /// The response's `message`.
        message: String,
    },
    /// No ID-card label and no ID number was found in the image.
    #[error("the image does not show an ID card (no label and no ID number found)")]
    NotAnIdCard,
}

/// Recognizes `image` with `engine` and parses the result (either side).
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = ocr_client::OcrClient::from_env()?;
/// let image = ocr_core::ImageInput::from_path("card.jpg")?;
/// let card = idcard::extract_id_card(&engine, &image).await?;
/// if let Some(number) = card.valid_id_number() {
///     println!("valid number {number}, born {}", number.birth_date()); // masked
/// }
/// for w in &card.warnings {
///     println!("{:?}: {}", w.code, w.message);
/// }
/// # Ok(()) }
/// ```
pub async fn extract_id_card<E: Recognize>(engine: &E, image: &ImageInput) -> Result<IdCard, Error> {
    extract_id_card_with(engine, image, &ParseOptions::default()).await
}

/// Reads with `fast` first; only if that reading shows problems a sharper
/// look might fix ([`IdCard::reading_problems`]) reads again with
/// `thorough`, and keeps the reading with fewer problems (the first on a
/// tie). Typical use: the local engine at its fast detector size, then at
/// full resolution.
///
/// ```no_run
/// use ocr_engine::{EngineConfig, LocalEngine};
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let fast = LocalEngine::from_default_models(EngineConfig::default())?;
/// let thorough = fast.with_config(EngineConfig::rapidocr_compatible());
/// let image = ocr_core::ImageInput::from_path("card.jpg")?;
/// let card = idcard::extract_id_card_with_second_look(&fast, &thorough, &image, &Default::default()).await?;
/// # Ok(()) }
/// ```
pub async fn extract_id_card_with_second_look<F: Recognize, T: Recognize>(
    fast: &F,
    thorough: &T,
    image: &ImageInput,
    options: &ParseOptions,
) -> Result<IdCard, Error> {
    let first = read(fast, image, options).await?;
    let before = first.reading_problems();
    if before == 0 {
        return Ok(first);
    }
    match read(thorough, image, options).await {
        Ok(second) if second.reading_problems() < before => Ok(second),
        _ => Ok(first),
    }
    .and_then(|card| {
        if card.side.is_none() {
            Err(Error::NotAnIdCard)
        } else {
            Ok(card)
        }
    })
}

async fn read<E: Recognize>(engine: &E, image: &ImageInput, options: &ParseOptions) -> Result<IdCard, Error> {
    let response = engine.recognize(image).await.map_err(|e| Error::Engine(Box::new(e)))?;
    if !response.is_success() {
        return Err(Error::Recognition {
            status: response.status,
            code: response.code,
            message: response.message,
        });
    }
    Ok(parse_with(&response.lines, options))
}

/// [`extract_id_card`] with options.
pub async fn extract_id_card_with<E: Recognize>(
    engine: &E,
    image: &ImageInput,
    options: &ParseOptions,
) -> Result<IdCard, Error> {
    let card = read(engine, image, options).await?;
    if card.side.is_none() {
        return Err(Error::NotAnIdCard);
    }
    Ok(card)
}
