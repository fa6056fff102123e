//! [`Error`]: why reading a card failed, with [`ErrorKind`] to tell the
//! cases apart and the engine's own error kept as the source.

use std::fmt;

use ocr_core::{FailureKind, RecognizeError};

/// Why reading a card failed. `kind()` tells the case; the `is_*`
/// predicates answer the usual questions; an engine failure keeps the
/// engine's error as its [`source`](std::error::Error::source).
///
/// # Examples
///
/// ```
/// use idcard::{Error, ErrorKind};
/// let e = Error::from(ErrorKind::NotAnIdCard);
/// assert!(e.is_not_an_id_card() && e.is_invalid_input());
/// assert_eq!(e.engine_failure(), None);
/// assert!(e.to_string().contains("does not show an ID card"));
/// ```
pub struct Error(Box<ErrorKind>);

/// The cases of [`Error`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The OCR engine failed (network, quota, bad image, …). The engine's
    /// own error; [`Error::engine_failure`] tells its class without
    /// downcasting.
    #[error("OCR failed: {0}")]
    Engine(Box<dyn RecognizeError>),
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
    /// The engine found more lines than a card can have
    /// ([`ParseOptions::max_card_lines`](crate::ParseOptions::max_card_lines));
    /// the image is a page or a picture, not a card.
    #[error("{lines} text lines found; a card has at most {limit}: not parsed")]
    TooManyLines {
        /// Lines found.
        lines: usize,
        /// The limit.
        limit: usize,
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

    /// The class of the engine's failure ([`ErrorKind::Engine`] only).
    pub fn engine_failure(&self) -> Option<FailureKind> {
        match self.kind() {
            ErrorKind::Engine(e) => Some(e.failure_kind()),
            _ => None,
        }
    }

    /// Whether the engine failed or answered with a non-success status.
    pub fn is_engine(&self) -> bool {
        matches!(self.kind(), ErrorKind::Engine(_) | ErrorKind::Recognition { .. })
    }

    /// Whether the image shows no ID card ([`ErrorKind::NotAnIdCard`]).
    pub fn is_not_an_id_card(&self) -> bool {
        matches!(self.kind(), ErrorKind::NotAnIdCard)
    }

    /// Whether the image held more lines than a card can have.
    pub fn is_too_many_lines(&self) -> bool {
        matches!(self.kind(), ErrorKind::TooManyLines { .. })
    }

    /// Whether the image was at fault: the engine refused it, or it shows no
    /// ID card.
    pub fn is_invalid_input(&self) -> bool {
        self.is_not_an_id_card() || self.is_too_many_lines() || self.engine_failure() == Some(FailureKind::InvalidInput)
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
        match self.kind() {
            ErrorKind::Engine(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}
