//! The pixels' part of a reading, apart from the OCR: card quads snapped to
//! the card's edges, cards placed on their outlines, image quality scored
//! ([`Quality`] against [`QualityLimits`]), crops ([`crop_card`]) and the
//! annotated page ([`annotate_page`]).

mod assess;
pub(crate) mod crop;
pub(crate) mod draw;
pub(crate) mod outline;
pub(crate) mod quality;

pub use crop::{CardCrop, crop_card};
pub use draw::annotate_page;
pub use quality::{Quality, QualityLimits};
