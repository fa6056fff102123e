//! Errors shared by every engine: bad image input, and the failure classes a
//! caller (a server, a batch runner) acts on without knowing the engine.

/// Why an [`crate::ImageInput`] was refused before any engine saw it.
///
/// # Examples
///
/// ```
/// use ocr_core::{ImageInput, InputError};
/// let e = ImageInput::from_bytes(b"hello".to_vec()).prepare().unwrap_err();
/// assert!(matches!(e, InputError::NotAnImage));
/// assert_eq!(e.to_string(), "not a supported image (expected JPEG, PNG, BMP, GIF or WebP)");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// No bytes at all.
    #[error("the image is empty")]
    Empty,
    /// The bytes are not an image format the engines decode.
    #[error("not a supported image (expected JPEG, PNG, BMP, GIF or WebP)")]
    NotAnImage,
    /// A `data:` URL without `;base64,`.
    #[error("malformed data URL: expected data:<mime>;base64,<data>")]
    DataUrl,
    /// The base64 text does not decode.
    #[error("malformed base64 image data")]
    Base64(#[source] base64::DecodeError),
    /// The image URL is unusable.
    #[error("{reason}")]
    Url {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The file could not be read; the source keeps the OS reason.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The OS error (not found, is a directory, permission denied, …).
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than the limit it was read with.
    #[error("the file is larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
}

/// What kind of failure an engine's error is, for callers that react to it
/// (HTTP status, retry, exit code) without knowing the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureKind {
    /// The image was at fault: empty, not an image, truncated, too large.
    InvalidInput,
    /// A passing condition: timeout, throttling, a busy or unreachable
    /// service. Trying again later may succeed.
    Transient,
    /// The engine is misconfigured or not allowed: missing models, bad
    /// credentials, quota used up.
    Setup,
    /// The engine itself failed (inference error, undecodable answer).
    Internal,
}

/// The error trait every [`crate::Recognize`] engine's error implements.
///
/// # Examples
///
/// ```
/// use ocr_core::{FailureKind, RecognizeError};
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("model crashed")]
/// struct Crash;
///
/// impl RecognizeError for Crash {
///     fn failure_kind(&self) -> FailureKind { FailureKind::Internal }
/// }
///
/// assert!(!Crash.is_invalid_input());
/// assert!(!Crash.is_transient());
/// ```
pub trait RecognizeError: std::error::Error + Send + Sync + 'static {
    /// The class of this failure.
    fn failure_kind(&self) -> FailureKind;

    /// Whether the image was at fault (a server answers 400, not 500).
    fn is_invalid_input(&self) -> bool {
        self.failure_kind() == FailureKind::InvalidInput
    }

    /// Whether trying again later may succeed.
    fn is_transient(&self) -> bool {
        self.failure_kind() == FailureKind::Transient
    }
}

impl RecognizeError for InputError {
    fn failure_kind(&self) -> FailureKind {
        FailureKind::InvalidInput
    }
}

/// An error's message followed by each of its sources, joined by `": "`
/// — the form a command-line tool or a log line wants. A source whose
/// message the text already contains is not repeated, so errors that
/// print their source themselves come out once.
///
/// ```
/// use ocr_core::error_chain;
/// #[derive(Debug, thiserror::Error)]
/// #[error("cannot load the model")]
/// struct Load(#[source] std::io::Error);
/// let e = Load(std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"));
/// assert_eq!(error_chain(&e), "cannot load the model: no such file");
/// ```
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(source) = next {
        let message = source.to_string();
        if !message.is_empty() && !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        next = source.source();
    }
    text
}
