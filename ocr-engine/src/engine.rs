//! The local engine: the stages put together, behind the `Recognize` trait.

use std::sync::Arc;
use std::time::{Duration, Instant};

use image::RgbImage;
use ocr_client::{ImageInput, OcrResponse, Quad, Recognize, TextLine};
use rten::{Model, RunOptions};

use crate::crop::crop_quad;
use crate::detection::{DetectorConfig, SideLimit, detect};
use crate::direction::upside_down_probability;
use crate::error::EngineError;
use crate::image_prep::{DEFAULT_MAX_PIXELS, decode_image};
use crate::models::{ModelPaths, PP_OCR_V4, locate};
use crate::recognition::{Charset, RecognizerConfig, recognize_crops};

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
    /// Inference threads (default: rten's global pool, one per core).
    pub threads: Option<usize>,
    /// Decide 0°/180° per page with the direction classifier (default on).
    pub use_classifier: bool,
    /// How many of the most elongated lines the classifier looks at (default 6).
    pub classifier_samples: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            detector: DetectorConfig::default(),
            recognizer: RecognizerConfig::default(),
            max_pixels: DEFAULT_MAX_PIXELS,
            threads: None,
            use_classifier: true,
            classifier_samples: 6,
        }
    }
}

impl EngineConfig {
    /// RapidOCR 1.4.4's defaults: the detector input's shorter side scaled
    /// up to 736 (never down).
    pub fn rapidocr_compatible() -> Self {
        let mut config = Self::default();
        config.detector.limit = SideLimit::Min(736);
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
}

struct Inner {
    detector: Model,
    recognizer: Model,
    classifier: Model,
    charset: Charset,
    config: EngineConfig,
    pool: Option<Arc<rten::ThreadPool>>,
}

/// PP-OCRv4 detection and recognition in pure Rust.
///
/// Cheap to clone (clones share the loaded models). Implements
/// [`ocr_client::Recognize`]: inference runs on tokio's blocking pool.
///
/// # Examples
///
/// ```no_run
/// use ocr_client::{ImageInput, Recognize};
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

fn load_model(path: &std::path::Path, name: &str) -> Result<Model, EngineError> {
    Model::load_file(path).map_err(|e| EngineError::ModelLoad {
        model: name.into(),
        detail: format!("{}: {e}", path.display()),
    })
}

impl LocalEngine {
    /// Loads the three models.
    pub fn load(paths: &ModelPaths, config: EngineConfig) -> Result<Self, EngineError> {
        let detector = load_model(&paths.detector, "detector")?;
        let recognizer = load_model(&paths.recognizer, "recognizer")?;
        let classifier = load_model(&paths.classifier, "classifier")?;
        let charset = Charset::from_model(&recognizer)?;
        let pool = config.threads.map(|n| Arc::new(rten::ThreadPool::with_num_threads(n)));
        Ok(Self {
            inner: Arc::new(Inner {
                detector,
                recognizer,
                classifier,
                charset,
                config,
                pool,
            }),
        })
    }

    /// Loads the models from `DOCSTRUCT_MODEL_DIR` or the cache (see
    /// [`crate::models::locate`]); fails with a message on how to get them.
    pub fn from_default_models(config: EngineConfig) -> Result<Self, EngineError> {
        Self::load(&locate(None, &PP_OCR_V4)?, config)
    }

    /// The settings.
    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    fn run_options(&self) -> Option<RunOptions> {
        self.inner.pool.as_ref().map(|pool| {
            let mut options = RunOptions::default();
            options.thread_pool = Some(pool.clone());
            options
        })
    }

    /// Recognizes encoded image bytes (blocking).
    pub fn recognize_bytes(&self, bytes: &[u8]) -> Result<(Vec<TextLine>, StageTimings), EngineError> {
        let start = Instant::now();
        let image = decode_image(bytes, self.inner.config.max_pixels)?;
        let decode = start.elapsed();
        let (lines, mut timings) = self.recognize_rgb(&image)?;
        timings.decode = decode;
        Ok((lines, timings))
    }

    /// Recognizes decoded RGB pixels (blocking). Polygons are in `image`'s
    /// pixels with the vertices in text order (top-left of the text first).
    pub fn recognize_rgb(&self, image: &RgbImage) -> Result<(Vec<TextLine>, StageTimings), EngineError> {
        let inner = &*self.inner;
        let mut timings = StageTimings::default();

        let t = Instant::now();
        let mut quads = detect(&inner.detector, image, &inner.config.detector, self.run_options())?;
        // reading order of the image: top to bottom, then left to right
        quads.sort_by(|a, b| {
            (a.points[0].y, a.points[0].x)
                .partial_cmp(&(b.points[0].y, b.points[0].x))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        timings.detect = t.elapsed();

        let t = Instant::now();
        let mut crops: Vec<(Quad, RgbImage)> = quads
            .into_iter()
            .filter_map(|q| crop_quad(image, &q).map(|c| (q, c)))
            .collect();
        let turns = self.page_turns(&mut crops)?;
        timings.classify = t.elapsed();

        let t = Instant::now();
        let images: Vec<RgbImage> = crops.iter().map(|(_, c)| c.clone()).collect();
        let results = recognize_crops(
            &inner.recognizer,
            &inner.charset,
            &images,
            &inner.config.recognizer,
            self.run_options(),
        )?;
        timings.recognize = t.elapsed();

        let lines = crops
            .iter()
            .zip(turns)
            .zip(results)
            .filter(|(_, r)| r.score >= inner.config.recognizer.min_score && !r.text.is_empty())
            .map(|(((quad, _), k), r)| {
                let p = quad.points;
                let text_order = Quad::new([p[k % 4], p[(k + 1) % 4], p[(k + 2) % 4], p[(k + 3) % 4]]);
                TextLine::new(r.text, r.score * 100.0).with_polygon(text_order)
            })
            .collect();
        Ok((lines, timings))
    }

    /// Turns every crop upright and returns, per crop, the quarter turns
    /// (counter-clockwise) applied.
    ///
    /// A crop 1.5× taller than wide is turned a quarter counter-clockwise.
    /// If most elongated lines are such tall crops, the whole page is on
    /// its side. Then one classifier call on the most elongated lines of the
    /// page's majority shape decides whether all of them are upside down.
    fn page_turns(&self, crops: &mut [(Quad, RgbImage)]) -> Result<Vec<usize>, EngineError> {
        let inner = &*self.inner;
        let tall = |c: &RgbImage| c.height() as f64 >= 1.5 * c.width() as f64;
        let wide = |c: &RgbImage| c.width() as f64 >= 1.5 * c.height() as f64;
        let n_tall = crops.iter().filter(|(_, c)| tall(c)).count();
        let n_wide = crops.iter().filter(|(_, c)| wide(c)).count();
        let page_on_side = n_tall > n_wide;
        let mut turns = vec![0usize; crops.len()];
        let mut majority = Vec::new();
        for (i, (_, crop)) in crops.iter_mut().enumerate() {
            if tall(crop) {
                *crop = image::imageops::rotate270(crop);
                turns[i] = 1;
            }
            if (turns[i] == 1) == page_on_side {
                majority.push(i);
            }
        }
        if inner.config.use_classifier && !majority.is_empty() {
            let mut samples: Vec<usize> = majority.clone();
            let elongation = |c: &RgbImage| c.width() as f64 / c.height().max(1) as f64;
            samples.sort_by(|&a, &b| elongation(&crops[b].1).total_cmp(&elongation(&crops[a].1)));
            samples.truncate(inner.config.classifier_samples.max(1));
            let refs: Vec<&RgbImage> = samples.iter().map(|&i| &crops[i].1).collect();
            let probs = upside_down_probability(&inner.classifier, &refs, self.run_options())?;
            let mean = probs.iter().sum::<f32>() / probs.len().max(1) as f32;
            tracing::debug!(
                samples = probs.len(),
                upside_down = mean,
                page_on_side,
                "page direction"
            );
            if mean > 0.5 {
                for &i in &majority {
                    crops[i].1 = image::imageops::rotate180(&crops[i].1);
                    turns[i] += 2;
                }
            }
        }
        Ok(turns)
    }
}

impl Recognize for LocalEngine {
    type Error = EngineError;

    async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, EngineError> {
        let prepared = image.prepare().map_err(|e| EngineError::InvalidImage(e.to_string()))?;
        let Some(bytes) = prepared.bytes().cloned() else {
            return Err(EngineError::InvalidImage(
                "the local engine reads image bytes; it does not fetch URLs".into(),
            ));
        };
        let engine = self.clone();
        let (lines, timings) = tokio::task::spawn_blocking(move || engine.recognize_bytes(&bytes))
            .await
            .map_err(|e| EngineError::Inference {
                stage: "engine",
                detail: e.to_string(),
            })??;
        tracing::debug!(
            lines = lines.len(),
            detect_ms = timings.detect.as_millis() as u64,
            recognize_ms = timings.recognize.as_millis() as u64,
            "local OCR"
        );
        Ok(OcrResponse::success(lines))
    }
}
