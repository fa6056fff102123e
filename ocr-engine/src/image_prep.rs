//! Stage 0: bytes → upright RGB pixels, with limits (decoding itself is
//! `ocr-image`'s; this maps its errors into the engine's).

use image::RgbImage;
use ocr_image::DecodeError;

use crate::error::{Error, ErrorKind};

/// Decodes JPEG, PNG, WebP, BMP or GIF bytes, applies the EXIF orientation,
/// and returns RGB pixels ([`ocr_image::decode_image`]).
///
/// Errors: [`ErrorKind::InvalidImage`] for empty, unknown, truncated or
/// corrupt input; [`ErrorKind::ImageTooLarge`] when width × height exceeds
/// `max_pixels` (checked from the header, before any pixel is decoded).
pub(crate) fn decode_image(bytes: &[u8], max_pixels: u64) -> Result<RgbImage, Error> {
    ocr_image::decode_image(bytes, max_pixels).map_err(Error::from_decode)
}

impl Error {
    /// The engine's error for a decoding failure.
    pub(crate) fn from_decode(e: DecodeError) -> Self {
        Error::from(match e {
            DecodeError::TooLarge { width, height, limit } => ErrorKind::ImageTooLarge { width, height, limit },
            DecodeError::Invalid { reason, source } => ErrorKind::InvalidImage {
                reason,
                source: source.map(Into::into),
            },
            other => ErrorKind::InvalidImage {
                reason: other.to_string(),
                source: Some(other.into()),
            },
        })
    }
}

/// Bad input gives typed errors, never a panic.
#[cfg(test)]
mod tests {
    use super::*;

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A PNG header claiming `w × h` pixels, with no pixel data.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(&ihdr);
        out.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        // a tiny valid zlib stream as the only IDAT, then IEND
        let mut idat = b"IDAT".to_vec();
        idat.extend_from_slice(&[0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x01]);
        out.extend_from_slice(&((idat.len() - 4) as u32).to_be_bytes());
        out.extend_from_slice(&idat);
        out.extend_from_slice(&crc32(&idat).to_be_bytes());
        out.extend_from_slice(&0u32.to_be_bytes());
        out.extend_from_slice(b"IEND");
        out.extend_from_slice(&crc32(b"IEND").to_be_bytes());
        out
    }

    fn jpeg() -> Vec<u8> {
        std::fs::read(format!("{}/../samples/front.jpg", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn empty_and_non_images_are_invalid() {
        for bytes in [&b""[..], b"hello world", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n"] {
            assert!(
                decode_image(bytes, 1 << 30).is_err_and(|e| matches!(e.kind(), ErrorKind::InvalidImage { .. })),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn truncated_images_are_invalid() {
        let full = jpeg();
        for cut in [20, 600, full.len() / 2] {
            let r = decode_image(&full[..cut], 1 << 30).map(|img| img.dimensions());
            assert!(
                r.as_ref()
                    .is_err_and(|e| matches!(e.kind(), ErrorKind::InvalidImage { .. })),
                "cut at {cut}: {r:?}"
            );
        }
    }

    #[test]
    fn decompression_bombs_are_refused_from_the_header() {
        let bomb = png_header(100_000, 100_000);
        match decode_image(&bomb, 40_000_000)
            .map(|img| img.dimensions())
            .map_err(Error::into_kind)
        {
            Err(ErrorKind::ImageTooLarge { width, height, limit }) => {
                assert_eq!((width, height, limit), (100_000, 100_000, 40_000_000));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_supported_format_decodes() {
        let img = image::RgbImage::from_fn(30, 20, |x, y| image::Rgb([x as u8, y as u8, 9]));
        for format in [
            image::ImageFormat::Png,
            image::ImageFormat::Jpeg,
            image::ImageFormat::Bmp,
            image::ImageFormat::WebP,
        ] {
            let mut bytes = Vec::new();
            img.write_to(&mut std::io::Cursor::new(&mut bytes), format).unwrap();
            assert_eq!(
                decode_image(&bytes, 1 << 30).unwrap().dimensions(),
                (30, 20),
                "{format:?}"
            );
        }
    }

    #[test]
    fn exif_orientation_is_applied() {
        // a 4x2 JPEG tagged "rotate 90° clockwise" (EXIF orientation 6) decodes as 2x4
        let img = image::RgbImage::from_fn(4, 2, |x, _| image::Rgb([x as u8 * 60, 0, 0]));
        let mut jpeg = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        // APP1 Exif segment: big-endian TIFF with one IFD entry, Orientation = 6
        let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
        tiff.extend_from_slice(&1u16.to_be_bytes());
        tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00]);
        tiff.extend_from_slice(&0u32.to_be_bytes());
        let mut app1 = b"Exif\x00\x00".to_vec();
        app1.extend_from_slice(&tiff);
        let mut tagged = vec![0xFF, 0xD8, 0xFF, 0xE1];
        tagged.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        tagged.extend_from_slice(&app1);
        tagged.extend_from_slice(&jpeg[2..]);
        assert_eq!(decode_image(&tagged, 1 << 30).unwrap().dimensions(), (2, 4));
    }
}
