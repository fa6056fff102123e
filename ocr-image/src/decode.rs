//! Bytes → upright RGB pixels, with limits.

use std::io::Cursor;
use std::sync::Arc;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage};
use ocr_core::ImageInput;

/// Why an image could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Empty, unknown, truncated or corrupt input.
    #[error("invalid image: {reason}")]
    Invalid {
        /// What is wrong with it.
        reason: String,
        /// The decoder's error, when it gave one.
        #[source]
        source: Option<image::ImageError>,
    },
    /// The input holds no image bytes to decode: empty, not an image,
    /// malformed base64, or a URL.
    #[error("no image bytes: {0}")]
    Input(#[source] ocr_core::InputError),
    /// A URL: the pixels are not at hand.
    #[error("no image bytes: a URL")]
    Url,
    /// More pixels than allowed (checked from the header, before decoding).
    #[error("image too large: {width}x{height} pixels exceeds the limit of {limit} pixels")]
    TooLarge {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
        /// The limit (width × height).
        limit: u64,
    },
}

impl DecodeError {
    fn invalid(reason: &str) -> Self {
        DecodeError::Invalid {
            reason: reason.into(),
            source: None,
        }
    }

    fn undecodable(reason: &str, source: image::ImageError) -> Self {
        DecodeError::Invalid {
            reason: reason.into(),
            source: Some(source),
        }
    }
}

/// `input`'s pixels, decoded once ([`decode_image`]) and shared by every
/// stage and clone that asks after ([`ImageInput::computed_once`]):
/// recognition, card localisation and quality scoring of one read decode
/// the image once. Pixels decoded earlier under a larger limit are still
/// refused when they exceed `max_pixels`.
///
/// ```
/// use ocr_core::ImageInput;
/// let mut png = Vec::new();
/// image::RgbImage::new(4, 2).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
/// let input = ImageInput::from_bytes(png);
/// let a = ocr_image::decode_input(&input, 1000).unwrap();
/// let b = ocr_image::decode_input(&input.clone(), 1000).unwrap();
/// assert!(std::sync::Arc::ptr_eq(&a, &b)); // decoded once
/// assert!(ocr_image::decode_input(&input, 7).is_err()); // the limit still holds
/// assert!(ocr_image::decode_input(&ImageInput::url("https://example.com/a.jpg"), 1000).is_err());
/// ```
pub fn decode_input(input: &ImageInput, max_pixels: u64) -> Result<Arc<RgbImage>, DecodeError> {
    let pixels = input.computed_once(|| {
        let prepared = input.prepare().map_err(DecodeError::Input)?;
        let bytes = prepared.bytes().ok_or(DecodeError::Url)?;
        decode_image(bytes, max_pixels)
    })?;
    let (width, height) = pixels.dimensions();
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(DecodeError::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    Ok(pixels)
}

/// The default pixel limit: 40 megapixels (a card photo needs far fewer).
pub const DEFAULT_MAX_PIXELS: u64 = 40_000_000;

/// Decodes JPEG, PNG, WebP, BMP or GIF bytes, applies the EXIF orientation,
/// and returns RGB pixels.
///
/// Errors: [`DecodeError::Invalid`] for empty, unknown, truncated or
/// corrupt input; [`DecodeError::TooLarge`] when width × height exceeds
/// `max_pixels` (checked from the header, before any pixel is decoded).
///
/// # Examples
///
/// ```
/// use ocr_image::decode_image;
/// let mut png = Vec::new();
/// image::RgbImage::new(4, 2).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
/// assert_eq!(decode_image(&png, 1000).unwrap().dimensions(), (4, 2));
/// assert!(decode_image(&png, 7).is_err());
/// assert!(decode_image(&png[..png.len() / 2], 1000).is_err());
/// assert!(decode_image(b"not an image", 1000).is_err());
/// ```
pub fn decode_image(bytes: &[u8], max_pixels: u64) -> Result<RgbImage, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::invalid("the image is empty"));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError::undecodable("cannot read the image", image::ImageError::IoError(e)))?;
    if reader.format().is_none() {
        return Err(DecodeError::invalid(
            "not a supported image (expected JPEG, PNG, WebP, BMP or GIF)",
        ));
    }
    if reader.format() == Some(image::ImageFormat::Jpeg) && !bytes.windows(2).any(|w| w == [0xFF, 0xD9]) {
        // the JPEG decoder fills a cut-off image with grey instead of failing
        return Err(DecodeError::invalid("truncated JPEG (no end-of-image marker)"));
    }
    // the pixel limit is ours (checked below, from the header); the decoder
    // only bounds its allocations
    reader.no_limits();
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| DecodeError::undecodable("cannot decode the image", e))?;
    let (width, height) = decoder.dimensions();
    if width as u64 * height as u64 > max_pixels {
        return Err(DecodeError::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    if width == 0 || height == 0 {
        return Err(DecodeError::invalid("the image has no pixels"));
    }
    let mut limits = Limits::default();
    // room for the RGBA decode of the largest allowed image, plus headroom
    limits.max_alloc = Some(max_pixels.saturating_mul(4).saturating_add(64 << 20));
    decoder
        .set_limits(limits)
        .map_err(|e| DecodeError::undecodable("cannot decode the image", e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img =
        DynamicImage::from_decoder(decoder).map_err(|e| DecodeError::undecodable("cannot decode the image", e))?;
    img.apply_orientation(orientation);
    Ok(img.into_rgb8())
}
