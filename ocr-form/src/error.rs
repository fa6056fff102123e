//! [`Error`]: why a schema or its validators cannot be used, with
//! [`ErrorKind`] to tell the cases apart and the parser's error kept as the
//! source.

use std::fmt;

/// Why a [`FormSchema`](crate::FormSchema) or a
/// [`FormExtractor`](crate::FormExtractor) could not be built. Reading a
/// form never fails: what is wrong with a document is a warning.
///
/// # Examples
///
/// ```
/// use ocr_form::{ErrorKind, FormSchema};
/// let err = FormSchema::from_json("{").unwrap_err();
/// assert!(err.is_schema_syntax());
/// assert!(matches!(err.kind(), ErrorKind::Json(_)));
/// assert!(std::error::Error::source(&err).is_some());
/// ```
pub struct Error(Box<ErrorKind>);

/// The cases of [`Error`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The TOML text is not a schema.
    #[error("the schema's TOML cannot be read")]
    Toml(#[source] Box<toml::de::Error>),
    /// The JSON text is not a schema.
    #[error("the schema's JSON cannot be read")]
    Json(#[source] serde_json::Error),
    /// The schema has no field.
    #[error("the schema has no field")]
    NoFields,
    /// A field's key is blank.
    #[error("a field's key is blank")]
    BlankKey,
    /// A field has no label.
    #[error("field {0:?} has no label")]
    NoLabels(String),
    /// Two fields report under one key.
    #[error("two fields report under the key {0:?}")]
    DuplicateKey(String),
    /// A field's pattern is not a regular expression.
    #[error("field {key:?}: its pattern is not a regular expression")]
    Pattern {
        /// The field.
        key: String,
        /// The regex error.
        #[source]
        source: regex::Error,
    },
    /// A field names a validator the extractor does not have.
    #[error("field {key:?} names the validator {name:?}, which is not registered")]
    UnknownValidator {
        /// The field.
        key: String,
        /// The validator's name.
        name: String,
    },
}

impl Error {
    /// The case.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The text is not TOML or JSON of a schema's shape.
    pub fn is_schema_syntax(&self) -> bool {
        matches!(*self.0, ErrorKind::Toml(_) | ErrorKind::Json(_))
    }

    /// The schema reads, but cannot be used as it stands.
    pub fn is_invalid_schema(&self) -> bool {
        !self.is_schema_syntax()
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
