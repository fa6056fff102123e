//! The verdict vocabulary every document reader shares: how much a warning
//! weighs ([`Severity`]) and what a caller does with the document
//! ([`Status`]).

use serde::{Deserialize, Serialize};

/// How a caller must treat a warning about a document.
///
/// Ordered: `Info < Review < Reject`.
///
/// ```
/// use ocr_core::{Severity, Status};
/// assert!(Severity::Info < Severity::Review);
/// assert_eq!(Status::of([Severity::Info, Severity::Review]), Status::Review);
/// assert_eq!(Status::of([]), Status::Ok);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Nothing to do: a repair that validation proved, a value taken from a
    /// checksum-protected code, a hint.
    Info,
    /// A person must look: a field may be wrong or is missing.
    Review,
    /// The document must not pass: an invalid number or code, expired,
    /// printed fields contradicting each other, no document found.
    Reject,
}

/// What a caller does with a document: the heaviest severity among its
/// warnings (`Ok` when there is none above [`Severity::Info`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Let it through: every field proven or read cleanly.
    Ok,
    /// A person must look.
    Review,
    /// Refuse it.
    Reject,
}

impl Status {
    /// The status a document with warnings of these severities has.
    pub fn of(severities: impl IntoIterator<Item = Severity>) -> Status {
        match severities.into_iter().max() {
            Some(Severity::Reject) => Status::Reject,
            Some(Severity::Review) => Status::Review,
            _ => Status::Ok,
        }
    }
}
