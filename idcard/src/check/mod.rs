//! Checking what was read: the number against the printed fields, the
//! validity term against the age, place names against the region table,
//! the issuer, the ethnicity against the 56 official names, each field's
//! confidence and shape.

pub(crate) mod confidence;
pub(crate) mod cross;
pub(crate) mod ethnicity;
pub(crate) mod fields;
pub(crate) mod issuer;
pub(crate) mod line_length;
pub(crate) mod places;
pub(crate) mod unread_box;

pub use confidence::{ConfidenceThreshold, ConfidenceThresholds};
pub use cross::term_for_age;
pub use ethnicity::{ETHNIC_GROUPS, EthnicityMatch, is_official_ethnicity, resolve_ethnicity};
pub use places::{DivisionChain, mentions_region, short_forms, walk_address_chain};
