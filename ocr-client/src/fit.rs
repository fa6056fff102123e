//! Fitting an image under the request size limit by re-encoding it.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageReader};

use crate::error::{Error, ErrorKind};
use ocr_core::PreparedImage;

/// JPEG qualities tried at full size before shrinking.
const QUALITIES: [u8; 3] = [85, 70, 55];
/// Quality used while shrinking.
const SHRINK_QUALITY: u8 = 70;
/// Each shrink step multiplies both sides by this.
const SHRINK_FACTOR: f64 = 0.8;
/// Do not shrink below this many pixels on the shorter side.
const MIN_SIDE: u32 = 64;

/// An image re-encoded to fit, and how to map coordinates back.
#[derive(Debug, Clone)]
pub(crate) struct Fitted {
    /// The re-encoded image, in the same input form.
    pub image: PreparedImage,
    /// Multiply an x coordinate on the sent image by this to get the original's.
    pub scale_x: f64,
    /// Multiply a y coordinate on the sent image by this to get the original's.
    pub scale_y: f64,
}

/// Re-encodes `image` as JPEG — lower quality first, then smaller — until
/// `request_size(&candidate) <= limit`.
///
/// Fails with [`ErrorKind::PayloadTooLarge`] if even a small version does not
/// fit, or [`ErrorKind::InvalidInput`] if the image cannot be decoded.
pub(crate) fn fit_under_limit(
    image: &PreparedImage,
    limit: usize,
    request_size: impl Fn(&PreparedImage) -> usize,
) -> Result<Fitted, Error> {
    let Some(bytes) = image.bytes() else {
        return Err(
            Error::new(ErrorKind::PayloadTooLarge).with_detail("the image URL is longer than the request limit")
        );
    };
    let decoded = ImageReader::new(Cursor::new(bytes.as_ref()))
        .with_guessed_format()
        .map_err(|e| Error::invalid_input("cannot read the image").with_source(e))?
        .decode()
        .map_err(|e| Error::invalid_input("cannot decode the image to shrink it").with_source(e))?;
    let (w0, h0) = (decoded.width(), decoded.height());
    // JPEG has no alpha; flatten once.
    let rgb = DynamicImage::ImageRgb8(decoded.into_rgb8());

    for quality in QUALITIES {
        let candidate = image.with_jpeg(encode_jpeg(&rgb, quality)?);
        if request_size(&candidate) <= limit {
            return Ok(Fitted {
                image: candidate,
                scale_x: 1.0,
                scale_y: 1.0,
            });
        }
    }
    let mut factor = 1.0;
    loop {
        factor *= SHRINK_FACTOR;
        let (w, h) = ((w0 as f64 * factor).round() as u32, (h0 as f64 * factor).round() as u32);
        if w.min(h) < MIN_SIDE {
            return Err(Error::new(ErrorKind::PayloadTooLarge).with_detail(format!(
                "the image does not fit in {limit} bytes even shrunk below {MIN_SIDE} px"
            )));
        }
        let small = rgb.resize_exact(w, h, image::imageops::FilterType::Triangle);
        let candidate = image.with_jpeg(encode_jpeg(&small, SHRINK_QUALITY)?);
        if request_size(&candidate) <= limit {
            tracing::debug!(
                from_w = w0,
                from_h = h0,
                to_w = w,
                to_h = h,
                "image shrunk to fit the request limit"
            );
            return Ok(Fitted {
                image: candidate,
                scale_x: w0 as f64 / w as f64,
                scale_y: h0 as f64 / h as f64,
            });
        }
    }
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .map_err(|e| Error::invalid_input("cannot re-encode the image as JPEG").with_source(e))?;
    Ok(out)
}
