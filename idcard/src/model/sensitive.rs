//! A string that is personal data: masked in `Debug` and `Display`.

use std::fmt;

use ocr_core::mask;
use serde::{Serialize, Serializer};

/// Personal data (a name, an address): `Debug` and `Display` print it masked
/// (`罗*`); the value itself only through [`Sensitive::reveal`] or
/// serialization (which is how it reaches the caller's JSON).
///
/// # Examples
///
/// ```
/// use idcard::model::Sensitive;
/// let name = Sensitive::new("帕丽达·伊力哈木");
/// assert_eq!(name.to_string(), "帕******木");
/// assert_eq!(format!("{name:?}"), "\"帕******木\"");
/// assert_eq!(name.reveal(), "帕丽达·伊力哈木");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Sensitive(String);

impl Sensitive {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The unmasked value.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Consumes the wrapper, returning the unmasked value.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", mask(&self.0))
    }
}

impl fmt::Display for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(&self.0))
    }
}

impl Serialize for Sensitive {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}
