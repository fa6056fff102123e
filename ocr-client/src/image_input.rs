//! Image input in the API's three forms: file bytes, URL, base64.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;

use crate::error::Error;

/// An image to recognize, in one of the API's three forms.
///
/// Constructing one does no I/O and no validation; [`ImageInput::prepare`]
/// (called by every engine) rejects empty input and non-images.
///
/// `Debug` shows the form and size, never the content or a URL's query string.
///
/// # Examples
///
/// ```
/// use ocr_client::ImageInput;
/// let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
/// let prepared = ImageInput::from_bytes(png).prepare().unwrap();
/// assert_eq!(prepared.mime(), Some("image/png"));
/// assert!(ImageInput::from_bytes(b"hello".to_vec()).prepare().is_err());
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum ImageInput {
    /// Image file bytes, uploaded as the multipart part `file`.
    Bytes {
        /// The encoded image (JPEG, PNG, …).
        data: Bytes,
        /// The file name to send; derived from the format when `None`.
        file_name: Option<String>,
    },
    /// A URL the service downloads the image from (`imgUrl`).
    Url(String),
    /// Base64 image data, with or without a `data:image/…;base64,` prefix (`imgBase64`).
    Base64(String),
}

impl ImageInput {
    /// Image bytes to upload as a file.
    pub fn from_bytes(data: impl Into<Bytes>) -> Self {
        ImageInput::Bytes {
            data: data.into(),
            file_name: None,
        }
    }

    /// Reads an image file; the upload keeps its file name.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let data = std::fs::read(path)
            .map_err(|e| Error::invalid_input(format!("cannot read image file {}", path.display())).with_source(e))?;
        Ok(ImageInput::Bytes {
            data: data.into(),
            file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        })
    }

    /// A URL for the service to fetch.
    pub fn url(url: impl Into<String>) -> Self {
        ImageInput::Url(url.into())
    }

    /// Base64 image data, raw or as a data URL.
    pub fn base64(data: impl Into<String>) -> Self {
        ImageInput::Base64(data.into())
    }

    /// Validates the input and sniffs its format.
    ///
    /// Errors ([`crate::ErrorKind::InvalidInput`]): empty data, bytes that are
    /// not a known image format, malformed base64, a URL that is not
    /// `http(s)://`.
    pub fn prepare(&self) -> Result<PreparedImage, Error> {
        match self {
            ImageInput::Bytes { data, file_name } => {
                let format = sniff(data)?;
                let file_name = file_name
                    .as_deref()
                    .map(sanitize_file_name)
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| format!("image.{}", format.extension));
                Ok(PreparedImage::File {
                    data: data.clone(),
                    format,
                    file_name,
                })
            }
            ImageInput::Url(url) => {
                let url = url.trim();
                if url.is_empty() {
                    return Err(Error::invalid_input("the image URL is empty"));
                }
                let parsed = reqwest::Url::parse(url)
                    .map_err(|e| Error::invalid_input("the image URL is not a valid URL").with_source(e))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(Error::invalid_input("the image URL must be http or https"));
                }
                Ok(PreparedImage::Url(url.to_owned()))
            }
            ImageInput::Base64(text) => {
                let data = decode_base64(text)?;
                let format = sniff(&data)?;
                Ok(PreparedImage::Base64 {
                    data: data.into(),
                    format,
                })
            }
        }
    }
}

impl From<Vec<u8>> for ImageInput {
    fn from(data: Vec<u8>) -> Self {
        ImageInput::from_bytes(data)
    }
}

impl From<Bytes> for ImageInput {
    fn from(data: Bytes) -> Self {
        ImageInput::from_bytes(data)
    }
}

impl fmt::Debug for ImageInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageInput::Bytes { data, .. } => write!(f, "ImageInput::Bytes({} bytes)", data.len()),
            ImageInput::Url(url) => {
                let shown = url.split(['?', '#']).next().unwrap_or("");
                write!(f, "ImageInput::Url({shown:?})")
            }
            ImageInput::Base64(text) => write!(f, "ImageInput::Base64({} chars)", text.len()),
        }
    }
}

/// An image format recognised from its leading bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SniffedFormat {
    /// MIME type, e.g. `image/jpeg`.
    pub mime: &'static str,
    /// Usual file extension, e.g. `jpg`.
    pub extension: &'static str,
}

/// Recognises an image format from its magic bytes.
///
/// ```
/// use ocr_client::image_input::sniff;
/// assert_eq!(sniff(b"\xff\xd8\xff\xe0....").unwrap().mime, "image/jpeg");
/// assert!(sniff(b"").is_err());
/// assert!(sniff(b"%PDF-1.7").is_err());
/// ```
pub fn sniff(data: &[u8]) -> Result<SniffedFormat, Error> {
    if data.is_empty() {
        return Err(Error::invalid_input("the image is empty"));
    }
    let (mime, extension) = match image::guess_format(data) {
        Ok(image::ImageFormat::Jpeg) => ("image/jpeg", "jpg"),
        Ok(image::ImageFormat::Png) => ("image/png", "png"),
        Ok(image::ImageFormat::Gif) => ("image/gif", "gif"),
        Ok(image::ImageFormat::Bmp) => ("image/bmp", "bmp"),
        Ok(image::ImageFormat::WebP) => ("image/webp", "webp"),
        Ok(image::ImageFormat::Tiff) => ("image/tiff", "tiff"),
        _ => {
            return Err(Error::invalid_input(
                "not a supported image (expected JPEG, PNG, BMP, GIF, WebP or TIFF)",
            ));
        }
    };
    Ok(SniffedFormat { mime, extension })
}

fn decode_base64(text: &str) -> Result<Vec<u8>, Error> {
    let text = text.trim();
    let payload = match text.strip_prefix("data:") {
        Some(rest) => match rest.split_once(',') {
            Some((meta, payload)) if meta.ends_with(";base64") => payload,
            _ => {
                return Err(Error::invalid_input(
                    "malformed data URL: expected data:<mime>;base64,<data>",
                ));
            }
        },
        None => text,
    };
    let compact: String = payload.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(Error::invalid_input("the image is empty"));
    }
    STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| Error::invalid_input("malformed base64 image data").with_source(e))
}

fn sanitize_file_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '"' | '\\' | '\r' | '\n' | '/') && !c.is_control())
        .collect()
}

/// A validated image input, ready to be sent.
#[derive(Clone)]
#[non_exhaustive]
pub enum PreparedImage {
    /// File bytes with their sniffed format and the file name to send.
    File {
        /// The encoded image.
        data: Bytes,
        /// Its format.
        format: SniffedFormat,
        /// The multipart file name.
        file_name: String,
    },
    /// A URL for the service to fetch.
    Url(String),
    /// Decoded base64 data with its sniffed format; sent as a data URL.
    Base64 {
        /// The decoded image bytes.
        data: Bytes,
        /// Its format.
        format: SniffedFormat,
    },
}

impl PreparedImage {
    /// The sniffed MIME type (`None` for a URL).
    pub fn mime(&self) -> Option<&'static str> {
        match self {
            PreparedImage::File { format, .. } | PreparedImage::Base64 { format, .. } => Some(format.mime),
            PreparedImage::Url(_) => None,
        }
    }

    /// The image bytes (`None` for a URL).
    pub fn bytes(&self) -> Option<&Bytes> {
        match self {
            PreparedImage::File { data, .. } | PreparedImage::Base64 { data, .. } => Some(data),
            PreparedImage::Url(_) => None,
        }
    }

    /// The same form with other image bytes (after re-encoding as JPEG).
    pub(crate) fn with_jpeg(&self, data: Vec<u8>) -> PreparedImage {
        let format = SniffedFormat {
            mime: "image/jpeg",
            extension: "jpg",
        };
        match self {
            PreparedImage::File { file_name, .. } => {
                let stem = file_name.rsplit_once('.').map_or(file_name.as_str(), |(s, _)| s);
                PreparedImage::File {
                    data: data.into(),
                    format,
                    file_name: format!("{stem}.jpg"),
                }
            }
            PreparedImage::Base64 { .. } => PreparedImage::Base64 {
                data: data.into(),
                format,
            },
            PreparedImage::Url(u) => PreparedImage::Url(u.clone()),
        }
    }

    /// The `data:<mime>;base64,<data>` form of the bytes.
    pub fn data_url(&self) -> Option<String> {
        let (data, format) = match self {
            PreparedImage::File { data, format, .. } | PreparedImage::Base64 { data, format } => (data, format),
            PreparedImage::Url(_) => return None,
        };
        Some(format!("data:{};base64,{}", format.mime, STANDARD.encode(data)))
    }
}

impl fmt::Debug for PreparedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PreparedImage::File { data, format, .. } => {
                write!(f, "PreparedImage::File({}, {} bytes)", format.mime, data.len())
            }
            PreparedImage::Url(_) => f.write_str("PreparedImage::Url"),
            PreparedImage::Base64 { data, format } => {
                write!(f, "PreparedImage::Base64({}, {} bytes)", format.mime, data.len())
            }
        }
    }
}
