//! Stage 0: bytes → upright RGB pixels, with limits (decoding itself is
//! `ocr-image`'s; this maps its errors into the engine's).

use image::RgbImage;
use ocr_image::DecodeError;

use crate::error::EngineError;

pub use ocr_image::DEFAULT_MAX_PIXELS;

/// Decodes JPEG, PNG, WebP, BMP or GIF bytes, applies the EXIF orientation,
/// and returns RGB pixels ([`ocr_image::decode_image`]).
///
/// Errors: [`EngineError::InvalidImage`] for empty, unknown, truncated or
/// corrupt input; [`EngineError::ImageTooLarge`] when width × height exceeds
/// `max_pixels` (checked from the header, before any pixel is decoded).
///
/// # Examples
///
/// ```
/// use ocr_engine::decode_image;
/// let mut png = Vec::new();
/// image::RgbImage::new(4, 2).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
/// assert_eq!(decode_image(&png, 1000).unwrap().dimensions(), (4, 2));
/// assert!(matches!(decode_image(&png, 7), Err(ocr_engine::EngineError::ImageTooLarge { .. })));
/// assert!(decode_image(b"not an image", 1000).is_err());
/// ```
pub fn decode_image(bytes: &[u8], max_pixels: u64) -> Result<RgbImage, EngineError> {
    ocr_image::decode_image(bytes, max_pixels).map_err(|e| match e {
        DecodeError::TooLarge { width, height, limit } => EngineError::ImageTooLarge { width, height, limit },
        DecodeError::Invalid { reason, source } => EngineError::InvalidImage {
            reason,
            source: source.map(Into::into),
        },
        other => EngineError::InvalidImage {
            reason: other.to_string(),
            source: None,
        },
    })
}
