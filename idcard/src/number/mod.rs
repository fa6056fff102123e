//! The identity number and the region table, on their own: nothing here
//! knows of OCR lines or card layouts, so a caller that only validates
//! numbers (`docstruct idnum`, a form's ID field) takes just this module.
//!
//! - [`IdNumber`]: GB 11643-1999 validation — MOD 11-2 check character,
//!   birth date, region code (embedded GB/T 2260 table with validity years)
//!   — with the reason when invalid ([`InvalidReason`]), residence permits
//!   and foreigners' permanent residence IDs, and masked `Debug`/`Display`.
//! - [`Region`]: a code's names and the years it was in use.
//!
//! ```
//! use idcard::number::{IdNumber, InvalidReason};
//! let n: IdNumber = "11010519491231002X".parse().unwrap();
//! assert_eq!(n.birth_date().to_string(), "1949-12-31");
//! let bad = "11010519491231002".parse::<IdNumber>().unwrap_err();
//! assert_eq!(bad.reason, InvalidReason::Length);
//! ```

pub(crate) mod id_number;
pub(crate) mod region;

pub use id_number::{
    ConfusableRepair, IdKind, IdNumber, InvalidIdNumber, InvalidReason, NumberOptions, OcrNormalization, Sex,
    check_char, repair_confusable,
};
pub use region::{Region, RegionLevel, RegionPeriod};
