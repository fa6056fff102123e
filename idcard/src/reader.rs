//! [`CardReader`]: the one reading policy — recognize, parse, and a second
//! look when the first reading shows problems — used by the library, the CLI
//! and the server alike.

use std::fmt;

use ocr_core::{FailureKind, ImageInput, OcrResponse, Recognize, RecognizeError, StageTime};

use crate::card::IdCard;
use crate::page::{PageReading, parse_page};
use crate::parsing::{ParseOptions, parse};

/// Why reading a card failed.
///
/// # Examples
///
/// ```
/// use idcard::Error;
/// let e = Error::NotAnIdCard;
/// assert_eq!(e.engine_failure(), None);
/// assert!(e.to_string().contains("does not show an ID card"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The OCR engine failed (network, quota, bad image, …). The source is
    /// the engine's own error; [`Error::engine_failure`] tells its class
    /// without downcasting.
    Engine(Box<dyn RecognizeError>),
    /// The engine answered with a non-success status.
    Recognition {
        /// The response's `status`.
        status: i64,
        /// The response's `code`.
        code: i64,
        /// The response's `message`.
        message: String,
    },
    /// No ID-card label and no ID number was found in the image.
    NotAnIdCard,
    /// The engine found more lines than a card can have
    /// ([`crate::MAX_CARD_LINES`]); the image is a page or a picture, not a card.
    TooManyLines {
        /// Lines found.
        lines: usize,
        /// The limit.
        limit: usize,
    },
}

impl Error {
    /// The class of the engine's failure ([`Error::Engine`] only).
    pub fn engine_failure(&self) -> Option<FailureKind> {
        match self {
            Error::Engine(e) => Some(e.failure_kind()),
            _ => None,
        }
    }

    /// Whether the image was at fault: the engine refused it, or it shows no
    /// ID card.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Error::NotAnIdCard | Error::TooManyLines { .. })
            || self.engine_failure() == Some(FailureKind::InvalidInput)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Engine(e) => write!(f, "OCR failed: {e}"),
            Error::Recognition { status, code, message } => {
                write!(f, "OCR returned status {status}, code {code}: {message}")
            }
            Error::NotAnIdCard => f.write_str("the image does not show an ID card (no label and no ID number found)"),
            Error::TooManyLines { lines, limit } => {
                write!(f, "{lines} text lines found; a card has at most {limit}: not parsed")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Engine(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// Reads ID cards from images: built once with its engine (and optionally a
/// second, more thorough one) and options, then called per image.
///
/// The stages are methods of their own — [`CardReader::recognize`] (OCR),
/// [`CardReader::parse`] (layout, fields, checks) — and [`CardReader::read`]
/// runs the whole policy: recognize, parse, and only when that reading
/// shows problems a sharper look might fix ([`IdCard::reading_problems`]),
/// recognize again with the second engine and keep the reading with fewer
/// problems (the first on a tie).
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

    /// Stage 1: recognizes `image` with the first engine; a non-success
    /// status is [`Error::Recognition`].
    pub async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, Error> {
        recognize_with(&self.engine, image).await
    }

    /// Stage 2: parses recognized lines (either side) with this reader's
    /// options.
    pub fn parse(&self, lines: &[ocr_core::TextLine]) -> IdCard {
        parse(lines, &self.options)
    }

    /// The whole policy: recognize, parse, second look when needed.
    ///
    /// Returns what was read even when no card was found (side `None`, a
    /// `side_unknown` warning); [`crate::extract_id_card`] turns that into
    /// [`Error::NotAnIdCard`].
    pub async fn read(&self, image: &ImageInput) -> Result<IdCard, Error> {
        self.read_timed(image).await.map(|(card, _)| card)
    }

    /// [`CardReader::read`], also returning the time spent per stage: the
    /// engine's own stages (when it reports them) and `parse`, for every
    /// look taken.
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
    /// let (card, times) = CardReader::new(Blank).read_timed(&ImageInput::from_bytes(vec![1])).await.unwrap();
    /// assert!(card.side.is_none());
    /// assert!(times.iter().any(|t| t.stage == "parse"));
    /// # });
    /// # fn tokio_test(f: impl std::future::Future<Output = ()>) { tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f) }
    /// ```
    pub async fn read_timed(&self, image: &ImageInput) -> Result<(IdCard, Vec<StageTime>), Error> {
        let (page, times) = self.read_page_timed(image).await?;
        Ok((page.into_first_identity(), times))
    }

    /// Every card on the page ([`crate::parse_page`]), with the second
    /// look when the first reading shows problems, and image-quality scores
    /// and warnings for each card placed on the page when the image's own
    /// bytes are at hand (not for a URL).
    pub async fn read_page(&self, image: &ImageInput) -> Result<PageReading, Error> {
        self.read_page_timed(image).await.map(|(page, _)| page)
    }

    /// [`CardReader::read_page`], also returning the time spent per stage.
    pub async fn read_page_timed(&self, image: &ImageInput) -> Result<(PageReading, Vec<StageTime>), Error> {
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
            page.assess_image(&pixels);
            times.push(StageTime {
                stage: "quality",
                duration: started.elapsed(),
            });
        }
        Ok((page, times))
    }

    /// Parses the page, refusing more lines than a card has, and times it.
    fn parse_timed(&self, lines: &[ocr_core::TextLine], times: &mut Vec<StageTime>) -> Result<PageReading, Error> {
        check_line_count(lines)?;
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

/// The image's pixels, when its bytes are at hand and decode.
fn decoded(image: &ImageInput) -> Option<image::RgbImage> {
    let prepared = image.prepare().ok()?;
    ocr_image::decode_image(prepared.bytes()?, ocr_image::DEFAULT_MAX_PIXELS).ok()
}

/// [`Error::TooManyLines`] when there are more lines than a card can have
/// ([`crate::MAX_CARD_LINES`]).
///
/// ```
/// use ocr_core::TextLine;
/// let page: Vec<TextLine> = (0..=idcard::MAX_CARD_LINES).map(|_| TextLine::new("字", 90.0)).collect();
/// assert!(idcard::check_line_count(&page).is_err());
/// assert!(idcard::check_line_count(&page[..10]).is_ok());
/// ```
pub fn check_line_count(lines: &[ocr_core::TextLine]) -> Result<(), Error> {
    if lines.len() > crate::MAX_CARD_LINES {
        return Err(Error::TooManyLines {
            lines: lines.len(),
            limit: crate::MAX_CARD_LINES,
        });
    }
    Ok(())
}

async fn recognize_with<R: Recognize>(engine: &R, image: &ImageInput) -> Result<OcrResponse, Error> {
    let response = engine.recognize(image).await.map_err(|e| Error::Engine(Box::new(e)))?;
    if !response.is_success() {
        return Err(Error::Recognition {
            status: response.status,
            code: response.code,
            message: response.message,
        });
    }
    Ok(response)
}

/// The KYC call: recognizes `image` with `engine` and parses the card
/// (either side) with default options. An image without an ID card is
/// [`Error::NotAnIdCard`]; for options or a second look use [`CardReader`].
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
        return Err(Error::NotAnIdCard);
    }
    Ok(card)
}

/// Every card in `image`, in reading order, with the identities they make
/// up and page-level warnings ([`CardReader::read_page`] with default
/// options). A page without a card is [`Error::NotAnIdCard`].
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = ocr_engine::LocalEngine::from_default_models(Default::default())?;
/// let page = idcard::extract_id_cards(&engine, &ocr_core::ImageInput::from_path("both-sides.jpg")?).await?;
/// for card in &page.cards {
///     println!("{:?} at {:?}, person {}", card.card.side, card.quad, card.person);
/// }
/// let identity = &page.identities[0]; // front and back combined
/// # let _ = identity; Ok(()) }
/// ```
pub async fn extract_id_cards<E: Recognize>(engine: &E, image: &ImageInput) -> Result<PageReading, Error> {
    let page = CardReader::new(engine).read_page(image).await?;
    if page.cards.is_empty() {
        return Err(Error::NotAnIdCard);
    }
    Ok(page)
}
