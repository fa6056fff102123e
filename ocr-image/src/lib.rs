//! # ocr-image
//!
//! The pixel work of the pipeline, apart from inference: decoding with
//! limits ([`decode_image`]), cutting quads out upright ([`crop_quad`],
//! [`warp_quad`]) — text lines for the recogniser, whole cards for
//! review — snapping a roughly known outline to the object's edges
//! ([`snap_quad_to_edges`], [`snap_outline_with_aspect`]), locating an
//! object of known proportions from the image's edges around a rough
//! placement ([`locate_outline`]; from the sides that show, for a light
//! object on light paper, [`locate_outline_from_sides`]), finding light
//! rectangles such as a card too small to read ([`find_light_rectangles`]),
//! outlines drawn for review ([`draw_quad_outline`]), and the pixel statistics behind image-quality warnings
//! ([`pixel_stats`]).
//!
//! ```
//! use image::{Rgb, RgbImage};
//! use ocr_core::Quad;
//! let photo = RgbImage::from_pixel(200, 120, Rgb([30, 90, 160]));
//! let card = ocr_image::warp_quad(&photo, &Quad::from_rect(20.0, 10.0, 160.0, 100.0), 428, 270).unwrap();
//! let stats = ocr_image::pixel_stats(&card);
//! assert!(stats.mean_chroma > 0.4); // a colour photo, not a greyscale copy
//! ```
#![deny(missing_docs)]

mod decode;
mod draw;
mod edges;
mod outline;
mod rectangles;
mod stats;
mod warp;

pub use decode::{DEFAULT_MAX_PIXELS, DecodeError, decode_image, decode_input};
pub use draw::draw_quad_outline;
pub use edges::{EdgeSearch, snap_outline_with_aspect, snap_quad_to_edges};
pub use outline::{ID1_ASPECT, Outline, OutlineSearch, locate_outline, locate_outline_from_sides};
pub use rectangles::{RectangleSearch, find_light_rectangles};
pub use stats::{PixelStats, RegionShares, pixel_stats, region_shares};
pub use warp::{crop_quad, crop_size, warp_quad};
