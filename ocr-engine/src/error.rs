//! The engine's error type.

use std::path::{Path, PathBuf};

/// An underlying error kept as the source of an [`EngineError`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why the local engine failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The model files are not where they should be.
    #[error(
        "OCR models not found ({detail}). Run `docstruct models fetch` (uses `python3 -m pip download`), \
         or put ch_PP-OCRv4_det_infer.onnx, ch_PP-OCRv4_rec_infer.onnx and ch_ppocr_mobile_v2.0_cls_infer.onnx \
         from rapidocr-onnxruntime 1.4.4 in a directory and set DOCSTRUCT_MODEL_DIR (or pass --model-dir)"
    )]
    ModelsMissing {
        /// What was missing.
        detail: String,
    },
    /// A file's SHA-256 is not the pinned one.
    #[error("{file}: SHA-256 {actual} does not match the expected {expected}")]
    HashMismatch {
        /// The file.
        file: String,
        /// The pinned hash.
        expected: String,
        /// The hash found.
        actual: String,
    },
    /// Downloading or unpacking the models failed.
    #[error("fetching the OCR models failed: {step}")]
    Fetch {
        /// The step that failed.
        step: String,
        /// The underlying error, if any.
        #[source]
        source: Option<BoxError>,
    },
    /// A model file could not be loaded.
    #[error("cannot load the {model} model from {}", path.display())]
    ModelLoad {
        /// Which model: detector, recognizer or classifier.
        model: &'static str,
        /// The file.
        path: PathBuf,
        /// rten's load error.
        #[source]
        source: BoxError,
    },
    /// A model loaded but lacks what the engine needs (metadata, output shape).
    #[error("the {model} model does not fit the engine: {reason}")]
    ModelIncompatible {
        /// Which model.
        model: &'static str,
        /// What does not fit.
        reason: String,
    },
    /// Inference failed.
    #[error("inference failed in the {stage}")]
    Inference {
        /// Detector, classifier, recognizer, or the engine's worker thread.
        stage: &'static str,
        /// rten's run error, or the worker's join error.
        #[source]
        source: BoxError,
    },
    /// The input is not an image the engine can read (empty, not an image,
    /// truncated, unsupported format, or a URL — the local engine does not fetch).
    #[error("invalid image: {reason}")]
    InvalidImage {
        /// What is wrong with it.
        reason: String,
        /// The decoder's or the input check's error, if any.
        #[source]
        source: Option<BoxError>,
    },
    /// The image has more pixels than allowed (a decompression bomb, or a scan
    /// far larger than a card photo needs).
    #[error("image too large: {width}x{height} pixels exceeds the limit of {limit} pixels")]
    ImageTooLarge {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
        /// The configured limit (width × height).
        limit: u64,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl EngineError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        EngineError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    pub(crate) fn invalid_image(reason: impl Into<String>) -> Self {
        EngineError::InvalidImage {
            reason: reason.into(),
            source: None,
        }
    }

    pub(crate) fn undecodable(reason: &str, source: impl Into<BoxError>) -> Self {
        EngineError::InvalidImage {
            reason: reason.into(),
            source: Some(source.into()),
        }
    }

    pub(crate) fn fetch(step: impl Into<String>, source: Option<BoxError>) -> Self {
        EngineError::Fetch {
            step: step.into(),
            source,
        }
    }
}

impl ocr_core::RecognizeError for EngineError {
    fn failure_kind(&self) -> ocr_core::FailureKind {
        use ocr_core::FailureKind;
        match self {
            EngineError::InvalidImage { .. } | EngineError::ImageTooLarge { .. } => FailureKind::InvalidInput,
            EngineError::ModelsMissing { .. }
            | EngineError::HashMismatch { .. }
            | EngineError::Fetch { .. }
            | EngineError::ModelLoad { .. }
            | EngineError::ModelIncompatible { .. } => FailureKind::Setup,
            EngineError::Inference { .. } | EngineError::Io { .. } => FailureKind::Internal,
        }
    }
}
