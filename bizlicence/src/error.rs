//! [`Error`]: why reading a licence photo failed, with [`ErrorKind`] and the
//! engine's own error kept as the source.

use std::fmt;

use ocr_core::{FailureKind, RecognizeError};

/// Why reading a licence failed. What is wrong with a licence that was
/// read is a warning, not an error.
///
/// # Examples
///
/// ```
/// use bizlicence::{Error, ErrorKind};
/// let e = Error::from(ErrorKind::NotALicence);
/// assert!(e.is_not_a_licence() && !e.is_engine());
/// assert!(e.to_string().contains("business licence"));
/// ```
pub struct Error(Box<ErrorKind>);

/// The cases of [`Error`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The OCR engine failed; its own error.
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
    /// None of the licence's labels was found.
    #[error("the image does not show a business licence (none of its labels found)")]
    NotALicence,
}

impl Error {
    /// The case.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The engine failed or answered with a non-success status.
    pub fn is_engine(&self) -> bool {
        matches!(*self.0, ErrorKind::Engine(_) | ErrorKind::Recognition { .. })
    }

    /// The class of the engine's failure ([`ErrorKind::Engine`] only).
    pub fn engine_failure(&self) -> Option<FailureKind> {
        match &*self.0 {
            ErrorKind::Engine(e) => Some(e.failure_kind()),
            _ => None,
        }
    }

    /// The image shows no business licence.
    pub fn is_not_a_licence(&self) -> bool {
        matches!(*self.0, ErrorKind::NotALicence)
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
        match &*self.0 {
            ErrorKind::Engine(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}
