//! [`Secret`]: a credential that never shows in `Debug`, `Display` or logs.

use std::fmt;

/// A secret string — an API's AppCode, a token. `Debug` and `Display`
/// print `****`; [`Secret::expose`] gives the value to the one place that
/// sends it, and [`Secret::matches`] compares a presented value in constant
/// time (for a server checking a header).
///
/// The client's AppCode (`ocr_client::AppCode`) and the server's
/// (`ocr_server::AppCode`) are this type.
///
/// ```
/// use ocr_core::Secret;
/// let code = Secret::new("0123456789abcdef");
/// assert_eq!(format!("{code:?}"), "Secret(****)");
/// assert_eq!(code.to_string(), "****");
/// assert_eq!(code.expose(), "0123456789abcdef");
/// assert!(code.matches("0123456789abcdef") && !code.matches("0123456789abcdeF"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `given` is the secret, compared in time independent of where
    /// the two first differ.
    pub fn matches(&self, given: &str) -> bool {
        let (a, b) = (given.as_bytes(), self.0.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Whether the secret is empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}
