//! [`CardReader`]: the one reading policy — recognize, parse, and a second
//! look when the first reading shows problems — used by the library, the CLI
//! and the server alike.

use ocr_core::{ImageInput, OcrResponse, Recognize, StageTime, TextLine};

use crate::error::{Error, ErrorKind};
use crate::model::card::IdCard;
use crate::options::ParseOptions;
use crate::page::parse_page;
use crate::page::reading::PageReading;
use crate::parse::parse;

/// Reads ID cards from images: built once with its engine (and optionally a
/// second, more thorough one) and options, then called per image.
///
/// One method per verb: [`CardReader::recognize`] (OCR only),
/// [`CardReader::parse`] and [`CardReader::parse_page`] (lines you already
/// have: layout, fields, checks), [`CardReader::read`] and
/// [`CardReader::read_page`] (the whole policy: recognize, parse, and only
/// when that reading shows problems a sharper look might fix
/// ([`IdCard::reading_problems`]), recognize again with the second engine and
/// keep the reading with fewer problems, the first on a tie; then the
/// pixels: quads snapped to the card's edges, image quality). `read` gives
/// one card, `read_page` every card on the image with the time each stage
/// took ([`PageReading::times`]).
///
/// # Examples
///
/// ```
/// use idcard::{CardReader, ParseOptions};
/// use ocr_core::{ImageInput, InputError, OcrResponse, Quad, Recognize, TextLine};
///
/// /// An engine that "reads" a fixed front side.
/// struct Fixed;
/// impl Recognize for Fixed {
///     type Error = InputError;
///     async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, InputError> {
///         image.prepare()?;
///         let row = |t: &str, y: f64| TextLine::new(t, 99.0).with_polygon(Quad::from_rect(0.0, y, 400.0, 30.0));
///         Ok(OcrResponse::success(vec![
///             row("姓名张三", 0.0),
///             row("性别男民族汉", 50.0),
///             row("出生1949年12月31日", 100.0),
///             row("住址北京市朝阳区建国路1号", 150.0),
///             row("公民身份号码110105194912310038", 250.0),
///         ]))
///     }
/// }
///
/// let reader = CardReader::new(Fixed).with_options(ParseOptions::default());
/// let png = ImageInput::from_bytes(b"\x89PNG\r\n\x1a\n".to_vec());
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let card = reader.read(&png).await.unwrap();
/// assert_eq!(card.valid_id_number().unwrap().birth_date().to_string(), "1949-12-31");
/// # });
/// ```
pub struct CardReader<E, S = E> {
    engine: E,
    second_look: Option<S>,
    options: ParseOptions,
}

impl<E: Recognize> CardReader<E> {
    /// A reader over `engine` with default options and no second look.
    pub fn new(engine: E) -> Self {
        Self {
            engine,
            second_look: None,
            options: ParseOptions::default(),
        }
    }
}

impl<E: Recognize, S: Recognize> CardReader<E, S> {
    /// Reads again with `thorough` when the first reading shows problems.
    /// Typical use: the local engine at its fast detector size, then at
    /// RapidOCR's full size.
    ///
    /// ```no_run
    /// use ocr_engine::{EngineConfig, LocalEngine};
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let fast = LocalEngine::from_default_models(EngineConfig::default())?;
    /// let thorough = fast.with_config(EngineConfig::rapidocr_compatible());
    /// let reader = idcard::CardReader::new(fast).with_second_look(thorough);
    /// # Ok(()) }
    /// ```
    pub fn with_second_look<T: Recognize>(self, thorough: T) -> CardReader<E, T> {
        CardReader {
            engine: self.engine,
            second_look: Some(thorough),
            options: self.options,
        }
    }

    /// Sets the parse options (expiry date, layout thresholds).
    pub fn with_options(mut self, options: ParseOptions) -> Self {
        self.options = options;
        self
    }

    /// The parse options.
    pub fn options(&self) -> &ParseOptions {
        &self.options
    }

    /// The first engine (for raw OCR on the same engine, as the server's
    /// `/ocr/general` does).
    pub fn engine(&self) -> &E {
        &self.engine
    }

    /// OCR only: recognizes `image` with the first engine; a non-success
    /// status is [`ErrorKind::Recognition`].
    pub async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, Error> {
        recognize_with(&self.engine, image).await
    }

    /// Parses recognized lines of one card (either side, or the side in
    /// the options) with this reader's options ([`crate::parse`]).
    pub fn parse(&self, lines: &[TextLine]) -> IdCard {
        parse(lines, &self.options)
    }

    /// Parses recognized lines of a page: every card on it
    /// ([`crate::page::parse_page`]).
    pub fn parse_page(&self, lines: &[TextLine]) -> PageReading {
        parse_page(lines, &self.options)
    }

    /// The whole policy for one card: recognize, parse, second look when
    /// needed, image quality. The page's first identity
    /// ([`PageReading::into_first_identity`]: a `multiple_cards` warning
    /// when the image holds more than one card).
    ///
    /// Returns what was read even when no card was found (side `None`, a
    /// `side_unknown` warning); [`crate::extract_id_card`] turns that into
    /// [`ErrorKind::NotAnIdCard`].
    pub async fn read(&self, image: &ImageInput) -> Result<IdCard, Error> {
        Ok(self.read_page(image).await?.into_first_identity())
    }

    /// Every card on the image ([`crate::page::parse_page`]), with the
    /// second look when the first reading shows problems, and image-quality
    /// scores and warnings for each card placed on the page when the
    /// image's own bytes are at hand (not for a URL). [`PageReading::times`]
    /// holds the time per stage: the engine's own stages (when it reports
    /// them), `parse` and `quality`, for every look taken.
    ///
    /// ```
    /// # use idcard::CardReader;
    /// # use ocr_core::{ImageInput, InputError, OcrResponse, Recognize};
    /// # struct Blank;
    /// # impl Recognize for Blank {
    /// #     type Error = InputError;
    /// #     async fn recognize(&self, _: &ImageInput) -> Result<OcrResponse, InputError> { Ok(OcrResponse::success(vec![])) }
    /// # }
    /// # tokio_test(async {
    /// let page = CardReader::new(Blank).read_page(&ImageInput::from_bytes(vec![1])).await.unwrap();
    /// assert!(page.cards.is_empty());
    /// assert!(page.times.iter().any(|t| t.stage == "parse"));
    /// # });
    /// # fn tokio_test(f: impl std::future::Future<Output = ()>) { tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f) }
    /// ```
    pub async fn read_page(&self, image: &ImageInput) -> Result<PageReading, Error> {
        let response = self.recognize(image).await?;
        let mut times = response.stage_times.clone();
        let mut page = self.parse_timed(&response.lines, &mut times)?;
        if let Some(thorough) = self.second_look.as_ref().filter(|_| page_problems(&page, 0) > 0)
            && let Ok(response) = recognize_with(thorough, image).await
        {
            times.extend(response.stage_times.iter().copied());
            if let Ok(second) = self.parse_timed(&response.lines, &mut times) {
                let most = page.cards.len().max(second.cards.len());
                if page_problems(&second, most) < page_problems(&page, most) {
                    page = second;
                }
            }
        }
        let started = std::time::Instant::now();
        if let Some(pixels) = decoded(image) {
            page.assess_image(&pixels, &self.options.quality);
            times.push(StageTime {
                stage: "quality",
                duration: started.elapsed(),
            });
        }
        page.times = times;
        Ok(page)
    }

    /// Parses the page, refusing more lines than a card has, and times it.
    fn parse_timed(&self, lines: &[TextLine], times: &mut Vec<StageTime>) -> Result<PageReading, Error> {
        self.options.check_line_count(lines)?;
        let started = std::time::Instant::now();
        let page = parse_page(lines, &self.options);
        times.push(StageTime {
            stage: "parse",
            duration: started.elapsed(),
        });
        Ok(page)
    }
}

/// How many problems a sharper reading might fix: each card's
/// [`IdCard::reading_problems`], 3 for a page without a card, and 3 per card
/// fewer than `most` (the most cards either reading found).
fn page_problems(page: &PageReading, most: usize) -> usize {
    let found = page.cards.len();
    let per_card: usize = page.cards.iter().map(|c| c.card.reading_problems()).sum();
    per_card + if found == 0 { 3 } else { 0 } + 3 * most.saturating_sub(found)
}

/// The image's pixels, when its bytes are at hand and decode: decoded once
/// per input ([`ocr_image::decode_input`]), so an engine that decoded them
/// for recognition has left them for this.
fn decoded(image: &ImageInput) -> Option<std::sync::Arc<image::RgbImage>> {
    ocr_image::decode_input(image, ocr_image::DEFAULT_MAX_PIXELS).ok()
}

async fn recognize_with<R: Recognize>(engine: &R, image: &ImageInput) -> Result<OcrResponse, Error> {
    let response = engine
        .recognize(image)
        .await
        .map_err(|e| Error::from(ErrorKind::Engine(Box::new(e))))?;
    if !response.is_success() {
        return Err(ErrorKind::Recognition {
            status: response.status,
            code: response.code,
            message: response.message,
        }
        .into());
    }
    Ok(response)
}

/// The KYC call: recognizes `image` with `engine` and parses the card
/// (either side) with default options. An image without an ID card is
/// [`ErrorKind::NotAnIdCard`]; for options, a second look or every card on
/// the image use [`CardReader`].
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = ocr_engine::LocalEngine::from_default_models(Default::default())?;
/// let card = idcard::extract_id_card(&engine, &ocr_core::ImageInput::from_path("card.jpg")?).await?;
/// if let Some(number) = card.valid_id_number() {
///     println!("valid number {number}, born {}", number.birth_date()); // masked
/// }
/// for w in &card.warnings {
///     println!("{:?}: {}", w.code, w.message);
/// }
/// # Ok(()) }
/// ```
pub async fn extract_id_card<E: Recognize>(engine: &E, image: &ImageInput) -> Result<IdCard, Error> {
    let card = CardReader::new(engine).read(image).await?;
    if card.side.is_none() {
        return Err(ErrorKind::NotAnIdCard.into());
    }
    Ok(card)
}
