//! The engine's error type.

use std::path::Path;

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
    #[error("fetching the OCR models failed: {detail}")]
    Fetch {
        /// What failed.
        detail: String,
    },
    /// A model could not be loaded or lacks what the engine needs.
    #[error("cannot load model {model}: {detail}")]
    ModelLoad {
        /// Which model.
        model: String,
        /// Why.
        detail: String,
    },
    /// Inference failed.
    #[error("inference failed in the {stage}: {detail}")]
    Inference {
        /// Detector, classifier or recognizer.
        stage: &'static str,
        /// Why.
        detail: String,
    },
    /// The input is not an image the engine can read (empty, not an image,
    /// truncated, unsupported format, or a URL — the local engine does not fetch).
    #[error("invalid image: {0}")]
    InvalidImage(String),
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
}

impl ocr_core::RecognizeError for EngineError {
    fn failure_kind(&self) -> ocr_core::FailureKind {
        use ocr_core::FailureKind;
        match self {
            EngineError::InvalidImage(_) | EngineError::ImageTooLarge { .. } => FailureKind::InvalidInput,
            EngineError::ModelsMissing { .. }
            | EngineError::HashMismatch { .. }
            | EngineError::Fetch { .. }
            | EngineError::ModelLoad { .. } => FailureKind::Setup,
            EngineError::Inference { .. } | EngineError::Io { .. } => FailureKind::Internal,
        }
    }
}
