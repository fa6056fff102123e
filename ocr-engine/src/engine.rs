//! The local engine: the stages put together, behind the `Recognize` trait.

use std::sync::Arc;
use std::time::{Duration, Instant};

use image::RgbImage;
use ocr_core::{ImageInput, OcrResponse, Quad, Recognize, TextLine};
use rten::{Model, RunOptions};

use crate::detection::{DetectorConfig, SideLimit, detect};
use crate::direction::upside_down_probability;
use crate::error::{Error, ErrorKind};
use crate::image_prep::decode_image;
use crate::lanes::{Job, Lanes};
use crate::model_rewrite::rewrite_onnx;
use crate::models::{DEFAULT_MODEL_SET, ModelPaths, locate_models};
use crate::recognition::{Charset, RecognizerConfig, recognize_crops};
use ocr_image::DEFAULT_MAX_PIXELS;
use ocr_image::crop_quad;

/// Engine settings. `Default` is tuned for photos of cards and documents;
/// [`EngineConfig::rapidocr_compatible`] reproduces RapidOCR 1.4.4's
/// defaults.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EngineConfig {
    /// Detector settings.
    pub detector: DetectorConfig,
    /// Recognizer settings.
    pub recognizer: RecognizerConfig,
    /// Images with more pixels are refused (default 40 MP).
    pub max_pixels: u64,
    /// Inference threads. Default: an image alone runs on rten's pool of
    /// every core; while several images are recognized at once (clones of
    /// one engine on several threads), each runs on a core of its own.
    /// `Some(n)`: every image on one pool of `n` threads.
    pub threads: Option<usize>,
    /// Decide 0°/180° per page with the direction classifier (default on).
    pub use_classifier: bool,
    /// How many of the most elongated lines the classifier looks at (default 6).
    pub classifier_samples: usize,
}

impl Default for EngineConfig {
    /// The settings for the default model set
    /// ([`EngineConfig::for_model_set`] of [`crate::DEFAULT_MODEL_SET`]).
    fn default() -> Self {
        Self::for_model_set(crate::DEFAULT_MODEL_SET)
    }
}

impl EngineConfig {
    /// The settings tuned for card photos with `set`: its detector input
    /// size ([`ModelSpec::detector_max_side`](crate::ModelSpec::detector_max_side)),
    /// the rest shared.
    ///
    /// ```
    /// use ocr_engine::{EngineConfig, PP_OCR_V4, SideLimit};
    /// assert_eq!(EngineConfig::for_model_set(&PP_OCR_V4).detector.limit, SideLimit::Max(960));
    /// ```
    pub fn for_model_set(set: &crate::ModelSpec) -> Self {
        Self {
            detector: DetectorConfig {
                limit: SideLimit::Max(set.detector_max_side),
                ..DetectorConfig::default()
            },
            recognizer: RecognizerConfig::default(),
            max_pixels: DEFAULT_MAX_PIXELS,
            threads: None,
            use_classifier: true,
            classifier_samples: 6,
        }
    }

    /// RapidOCR 1.4.4's defaults: the detector input's shorter side scaled
    /// up to 736 (never down), recognition batches at least 320 wide.
    pub fn rapidocr_compatible() -> Self {
        let mut config = Self::default();
        config.detector.limit = SideLimit::Min(736);
        config.recognizer.min_width = crate::recognition::REC_MIN_WIDTH;
        config.recognizer.max_padding = f32::INFINITY;
        config
    }

    /// The same settings with `n` inference threads.
    pub fn with_threads(mut self, n: usize) -> Self {
        self.threads = Some(n.max(1));
        self
    }
}

/// Time spent in each stage of one image.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimings {
    /// Decoding and orienting the image.
    pub decode: Duration,
    /// Detection: resize, inference, post-processing.
    pub detect: Duration,
    /// Cropping the lines and deciding the page direction.
    pub classify: Duration,
    /// Recognition of every line.
    pub recognize: Duration,
}

impl StageTimings {
    /// Sum of the stages.
    pub fn total(&self) -> Duration {
        self.decode + self.detect + self.classify + self.recognize
    }

    /// The stages as named [`ocr_core::StageTime`]s: `decode`, `detect`,
    /// `classify`, `recognize`.
    pub fn stage_times(&self) -> Vec<ocr_core::StageTime> {
        [
            ("decode", self.decode),
            ("detect", self.detect),
            ("classify", self.classify),
            ("recognize", self.recognize),
        ]
        .into_iter()
        .map(|(stage, duration)| ocr_core::StageTime { stage, duration })
        .collect()
    }
}

struct Models {
    detector: Model,
    recognizer: Model,
    classifier: Model,
    charset: Charset,
}

struct Inner {
    models: Arc<Models>,
    config: EngineConfig,
    pool: Option<Arc<rten::ThreadPool>>,
    lanes: Arc<Lanes>,
}

/// PP-OCRv4 detection and recognition in pure Rust.
///
/// Cheap to clone (clones share the loaded models). Implements
/// [`ocr_core::Recognize`]: inference runs on tokio's blocking pool.
///
/// Several images at once: call it from several threads or tasks. With
/// the default [`EngineConfig::threads`], an image alone uses every core,
/// and images in flight together get one core each, so a batch or a busy
/// server keeps all cores busy without the images waiting on each other.
///
/// # Examples
///
/// ```no_run
/// use ocr_core::{ImageInput, Recognize};
/// use ocr_engine::{EngineConfig, LocalEngine};
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = LocalEngine::from_default_models(EngineConfig::default())?;
/// let response = engine.recognize(&ImageInput::from_path("card.jpg")?).await?;
/// for line in &response.lines {
///     println!("{:.0} {}", line.confidence, line.text);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct LocalEngine {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for LocalEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalEngine")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// Loads an ONNX model with the graph rewrites of [`crate::model_rewrite`]
/// applied (the file as it is when it does not parse: rten then says why).
fn load_model(path: &std::path::Path, model: &'static str) -> Result<Model, Error> {
    let load_error = |source: crate::error::BoxError| {
        Error::from(ErrorKind::ModelLoad {
            model,
            path: path.to_path_buf(),
            source,
        })
    };
    let bytes = std::fs::read(path).map_err(|e| load_error(e.into()))?;
    let bytes = match rewrite_onnx(&bytes) {
        Ok((rewritten, counts)) => {
            tracing::debug!(model, ?counts, "graph rewrites");
            rewritten
        }
        Err(_) => bytes,
    };
    Model::load(bytes).map_err(|e| load_error(e.into()))
}

impl LocalEngine {
    /// Loads a model set: the three models, and the recognizer's
    /// characters from its dictionary file when the set has one, else from
    /// its metadata.
    pub fn load(paths: &ModelPaths, config: EngineConfig) -> Result<Self, Error> {
        let detector = load_model(&paths.detector, "detector")?;
        let recognizer = load_model(&paths.recognizer, "recognizer")?;
        let classifier = load_model(&paths.classifier, "classifier")?;
        let charset = match &paths.dictionary {
            Some(path) => Charset::from_dictionary(&std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?),
            None => Charset::from_model(&recognizer)?,
        };
        let pool = config.threads.map(|n| Arc::new(rten::ThreadPool::with_num_threads(n)));
        Ok(Self {
            inner: Arc::new(Inner {
                models: Arc::new(Models {
                    detector,
                    recognizer,
                    classifier,
                    charset,
                }),
                config,
                pool,
                lanes: Arc::new(Lanes::per_core()),
            }),
        })
    }

    /// The same loaded models with other settings (no reload).
    ///
    /// ```no_run
    /// use ocr_engine::{EngineConfig, LocalEngine};
    /// # fn run() -> Result<(), ocr_engine::Error> {
    /// let fast = LocalEngine::from_default_models(EngineConfig::default())?;
    /// let thorough = fast.with_config(EngineConfig::rapidocr_compatible());
    /// # Ok(()) }
    /// ```
    pub fn with_config(&self, config: EngineConfig) -> Self {
        let pool = match (config.threads, self.inner.config.threads) {
            (a, b) if a == b => self.inner.pool.clone(),
            (Some(n), _) => Some(Arc::new(rten::ThreadPool::with_num_threads(n))),
            (None, _) => None,
        };
        Self {
            inner: Arc::new(Inner {
                models: self.inner.models.clone(),
                config,
                pool,
                lanes: self.inner.lanes.clone(),
            }),
        }
    }

    /// Loads the default model set ([`crate::DEFAULT_MODEL_SET`]) from
    /// `DOCSTRUCT_MODEL_DIR` or the cache (see
    /// [`crate::locate_models`]); fails with a message on how to get them.
    pub fn from_default_models(config: EngineConfig) -> Result<Self, Error> {
        Self::load(&locate_models(None, DEFAULT_MODEL_SET)?, config)
    }

    /// The settings.
    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    /// The options of `job`'s next model run: the configured pool, else
    /// the job's lane while other images are in flight, else rten's pool.
    fn run_options(&self, job: &Job) -> Option<RunOptions> {
        let pool = self.inner.pool.clone().or_else(|| job.pool())?;
        let mut options = RunOptions::default();
        options.thread_pool = Some(pool);
        Some(options)
    }

    /// Stage 0: decodes encoded image bytes into upright RGB pixels, within
    /// the configured pixel limit (see [`ocr_image::decode_image`]).
    pub fn decode(&self, bytes: &[u8]) -> Result<RgbImage, Error> {
        decode_image(bytes, self.inner.config.max_pixels)
    }

    /// Stage 1: finds the text lines of `image` and returns their quads in
    /// its pixels, in the image's reading order (top to bottom, then left
    /// to right), corners in image order.
    ///
    /// ```no_run
    /// # fn run(engine: &ocr_engine::LocalEngine, bytes: &[u8]) -> Result<(), ocr_engine::Error> {
    /// let image = engine.decode(bytes)?;
    /// let quads = engine.detect(&image)?;
    /// let lines = engine.read_regions(&image, &quads)?;
    /// assert!(lines.len() <= quads.len());
    /// # Ok(()) }
    /// ```
    pub fn detect(&self, image: &RgbImage) -> Result<Vec<Quad>, Error> {
        self.detect_in(image, &self.inner.lanes.begin())
    }

    fn detect_in(&self, image: &RgbImage, job: &Job) -> Result<Vec<Quad>, Error> {
        let inner = &*self.inner;
        let mut quads = detect(
            &inner.models.detector,
            image,
            &inner.config.detector,
            self.run_options(job),
        )?;
        quads.sort_by(|a, b| {
            (a.points[0].y, a.points[0].x)
                .partial_cmp(&(b.points[0].y, b.points[0].x))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Ok(quads)
    }

    /// Stages 2 and 3: crops each region of `image` upright (one 0°/180°
    /// decision for the page) and recognizes its text. Lines below the
    /// recognizer's `min_score` or without text are left out; polygons have
    /// their vertices in text order (top-left of the text first).
    pub fn read_regions(&self, image: &RgbImage, regions: &[Quad]) -> Result<Vec<TextLine>, Error> {
        let job = self.inner.lanes.begin();
        let (quads, crops) = self.upright_crops(image, regions, &job)?;
        self.recognize_upright(&quads, &crops, &job)
    }

    /// Recognizes encoded image bytes (blocking): every stage, timed.
    pub fn recognize_bytes(&self, bytes: &[u8]) -> Result<(Vec<TextLine>, StageTimings), Error> {
        self.recognize_decoded(|| self.decode(bytes))
    }

    /// Recognizes an input (blocking): every stage, timed. The pixels are
    /// decoded once per input and kept with it
    /// ([`ocr_image::decode_input`]), so a caller that needs them after
    /// (quality scoring, card localisation) does not decode again.
    pub fn recognize_input(&self, input: &ImageInput) -> Result<(Vec<TextLine>, StageTimings), Error> {
        self.recognize_decoded(|| {
            ocr_image::decode_input(input, self.inner.config.max_pixels).map_err(Error::from_decode)
        })
    }

    /// Stage 0 by `decode`, timed, then stages 1–3.
    fn recognize_decoded<I: std::borrow::Borrow<RgbImage>>(
        &self,
        decode: impl FnOnce() -> Result<I, Error>,
    ) -> Result<(Vec<TextLine>, StageTimings), Error> {
        let start = Instant::now();
        let image = decode()?;
        let decode = start.elapsed();
        let (lines, mut timings) = self.recognize_rgb(image.borrow())?;
        timings.decode = decode;
        Ok((lines, timings))
    }

    /// Recognizes decoded RGB pixels (blocking): stages 1–3, timed.
    /// Polygons are in `image`'s pixels with the vertices in text order.
    pub fn recognize_rgb(&self, image: &RgbImage) -> Result<(Vec<TextLine>, StageTimings), Error> {
        let job = self.inner.lanes.begin();
        let mut timings = StageTimings::default();
        let t = Instant::now();
        let quads = self.detect_in(image, &job)?;
        timings.detect = t.elapsed();

        let t = Instant::now();
        let (quads, crops) = self.upright_crops(image, &quads, &job)?;
        timings.classify = t.elapsed();

        let t = Instant::now();
        let lines = self.recognize_upright(&quads, &crops, &job)?;
        timings.recognize = t.elapsed();
        Ok((lines, timings))
    }

    /// The regions' vertices in reading order and their crops, turned by
    /// 180° when the page is upside down.
    fn upright_crops(
        &self,
        image: &RgbImage,
        regions: &[Quad],
        job: &Job,
    ) -> Result<(Vec<Quad>, Vec<RgbImage>), Error> {
        let (mut quads, mut crops): (Vec<Quad>, Vec<RgbImage>) = orient_quads(regions)
            .into_iter()
            .filter_map(|q| crop_quad(image, &q).map(|c| (q, c)))
            .unzip();
        self.settle_direction(&mut quads, &mut crops, job)?;
        Ok((quads, crops))
    }

    /// Recognizes upright crops; keeps the lines with text scoring at least `min_score`.
    fn recognize_upright(&self, quads: &[Quad], crops: &[RgbImage], job: &Job) -> Result<Vec<TextLine>, Error> {
        let inner = &*self.inner;
        let results = recognize_crops(
            &inner.models.recognizer,
            &inner.models.charset,
            crops,
            &inner.config.recognizer,
            &|| self.run_options(job),
        )?;
        Ok(quads
            .iter()
            .zip(results)
            .filter(|(_, r)| r.score >= inner.config.recognizer.min_score && !r.text.is_empty())
            .map(|(quad, r)| {
                TextLine::new(r.text, r.score * 100.0)
                    .with_polygon(*quad)
                    .with_glyphs(r.glyphs)
            })
            .collect())
    }

    /// Decides with one classifier call on the most elongated lines
    /// whether the page is upside down, and if so turns every crop (and its
    /// quad's vertex order) by 180°.
    fn settle_direction(&self, quads: &mut [Quad], crops: &mut [RgbImage], job: &Job) -> Result<(), Error> {
        let inner = &*self.inner;
        if !inner.config.use_classifier || crops.is_empty() {
            return Ok(());
        }
        let elongation = |c: &RgbImage| c.width() as f64 / c.height().max(1) as f64;
        let mut samples: Vec<usize> = (0..crops.len()).collect();
        samples.sort_by(|&a, &b| elongation(&crops[b]).total_cmp(&elongation(&crops[a])));
        samples.truncate(inner.config.classifier_samples.max(1));
        let refs: Vec<&RgbImage> = samples.iter().map(|&i| &crops[i]).collect();
        let probs = upside_down_probability(&inner.models.classifier, &refs, self.run_options(job))?;
        let mean = probs.iter().sum::<f32>() / probs.len().max(1) as f32;
        tracing::debug!(samples = probs.len(), upside_down = mean, "page direction");
        if mean > 0.5 {
            for (quad, crop) in quads.iter_mut().zip(crops.iter_mut()) {
                *crop = image::imageops::rotate180(crop);
                let p = quad.points;
                *quad = Quad::new([p[2], p[3], p[0], p[1]]);
            }
        }
        Ok(())
    }
}

/// Puts every quad's vertices in the page's reading order.
///
/// The page's text axis comes from the elongated boxes: mostly wider than
/// tall, text runs along x; mostly taller than wide, the page is on its
/// side and text is taken to run down y. Each quad's vertices are then
/// rotated so that its first edge runs closest to that direction — the same
/// for every line of the page, so that one 0°/180° decision fits them all.
pub(crate) fn orient_quads(quads: &[Quad]) -> Vec<Quad> {
    let (mut wide, mut tall) = (0usize, 0usize);
    for q in quads {
        let b = q.item_box();
        let (dx, dy) = {
            let [p0, p1, ..] = q.points;
            ((p1.x - p0.x).abs(), (p1.y - p0.y).abs())
        };
        if b.width >= 1.5 * b.height {
            // the long edge is the first one
            if dx >= dy { wide += 1 } else { tall += 1 }
        } else if b.height >= 1.5 * b.width {
            if dx >= dy { tall += 1 } else { wide += 1 }
        }
    }
    let reading = if tall > wide { (0.0, 1.0) } else { (1.0, 0.0) };
    quads
        .iter()
        .map(|q| {
            let p = q.points;
            let k = (0..4)
                .max_by(|&a, &b| {
                    let score = |k: usize| {
                        let (s, e) = (p[k], p[(k + 1) % 4]);
                        let len = s.distance(e).max(f64::MIN_POSITIVE);
                        ((e.x - s.x) * reading.0 + (e.y - s.y) * reading.1) / len
                    };
                    score(a).total_cmp(&score(b)).then(b.cmp(&a))
                })
                .unwrap_or(0);
            Quad::new([p[k], p[(k + 1) % 4], p[(k + 2) % 4], p[(k + 3) % 4]])
        })
        .collect()
}

impl Recognize for LocalEngine {
    type Error = Error;

    async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, Error> {
        let prepared = image
            .prepare()
            .map_err(|e| Error::undecodable("the input check failed", e))?;
        if prepared.bytes().is_none() {
            return Err(Error::invalid_image(
                "the local engine reads image bytes; it does not fetch URLs",
            ));
        }
        let engine = self.clone();
        let input = image.clone();
        let (lines, timings) = tokio::task::spawn_blocking(move || engine.recognize_input(&input))
            .await
            .map_err(|e| ErrorKind::Inference {
                stage: "engine worker",
                source: e.into(),
            })??;
        tracing::debug!(
            lines = lines.len(),
            detect_ms = timings.detect.as_millis() as u64,
            recognize_ms = timings.recognize.as_millis() as u64,
            "local OCR"
        );
        let mut response = OcrResponse::success(lines);
        response.stage_times = timings.stage_times();
        Ok(response)
    }
}
