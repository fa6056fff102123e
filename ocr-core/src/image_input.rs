//! Image input in the API's three forms: file bytes, URL, base64.

use std::any::Any;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;

use crate::error::InputError;

/// An image to recognize, in one of the API's three forms.
///
/// Constructing one does no I/O and no validation; [`ImageInput::prepare`]
/// (called by every engine) rejects empty input and non-images.
///
/// `Debug` shows the form and size, never the content or a URL's query string.
///
/// An input also carries what was computed from it once, to be shared by
/// every stage that needs it: [`ImageInput::computed_once`] (the decoded
/// pixels, so that recognition, card localisation and quality scoring
/// decode the image once). Clones share it.
///
/// # Examples
///
/// ```
/// use ocr_core::ImageInput;
/// let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
/// let prepared = ImageInput::from_bytes(png).prepare().unwrap();
/// assert_eq!(prepared.mime(), Some("image/png"));
/// assert!(ImageInput::from_bytes(b"hello".to_vec()).prepare().is_err());
/// ```
#[derive(Clone)]
pub struct ImageInput {
    source: Source,
    computed: Computed,
}

/// What was computed from an input once (its decoded pixels), shared by
/// clones; at most one value per type.
#[derive(Clone, Default)]
struct Computed(Arc<Mutex<Vec<Arc<dyn Any + Send + Sync>>>>);

/// The API's three forms.
#[derive(Clone)]
enum Source {
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
    fn new(source: Source) -> Self {
        Self {
            source,
            computed: Computed::default(),
        }
    }

    /// Image bytes to upload as a file.
    pub fn from_bytes(data: impl Into<Bytes>) -> Self {
        Self::new(Source::Bytes {
            data: data.into(),
            file_name: None,
        })
    }

    /// Reads an image file; the upload keeps its file name.
    ///
    /// Fails with [`InputError::Read`] (keeping the OS error) if the file
    /// cannot be read, and with [`InputError::TooLarge`] if it is larger than
    /// [`MAX_IMAGE_BYTES`]: the file is not read into memory then.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, InputError> {
        let path = path.as_ref();
        let data = read_capped(path, MAX_IMAGE_BYTES)?;
        Ok(Self::new(Source::Bytes {
            data: data.into(),
            file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        }))
    }

    /// A URL for the service to fetch.
    pub fn url(url: impl Into<String>) -> Self {
        Self::new(Source::Url(url.into()))
    }

    /// Base64 image data, raw or as a data URL.
    pub fn base64(data: impl Into<String>) -> Self {
        Self::new(Source::Base64(data.into()))
    }

    /// Validates the input and sniffs its format.
    ///
    /// Errors: empty data ([`InputError::Empty`]), bytes that are not a
    /// supported image format ([`InputError::NotAnImage`]), malformed base64
    /// ([`InputError::Base64`]), a URL that is not `http(s)://host…`
    /// ([`InputError::Url`]).
    pub fn prepare(&self) -> Result<PreparedImage, InputError> {
        match &self.source {
            Source::Bytes { data, file_name } => {
                let format = sniff_image_format(data)?;
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
            Source::Url(url) => {
                let url = url.trim();
                check_url(url)?;
                Ok(PreparedImage::Url(url.to_owned()))
            }
            Source::Base64(text) => {
                let data = decode_base64(text)?;
                let format = sniff_image_format(&data)?;
                Ok(PreparedImage::Base64 {
                    data: data.into(),
                    format,
                })
            }
        }
    }

    /// A value computed from this input once — typically its decoded
    /// pixels — and shared by every caller (and every clone) after: the
    /// first call for a type `T` runs `compute`, later ones get the same
    /// value. A failed computation is not kept (the next call tries again).
    /// Calls wait for a computation in progress rather than repeat it.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use ocr_core::ImageInput;
    /// let input = ImageInput::from_bytes(b"\x89PNG\r\n\x1a\n".to_vec());
    /// let runs = AtomicUsize::new(0);
    /// let size = |i: &ImageInput| i.computed_once(|| {
    ///     runs.fetch_add(1, Ordering::SeqCst);
    ///     Ok::<usize, ()>(i.prepare().unwrap().bytes().unwrap().len())
    /// });
    /// assert_eq!(*size(&input).unwrap(), 8);
    /// assert_eq!(*size(&input.clone()).unwrap(), 8);
    /// assert_eq!(runs.load(Ordering::SeqCst), 1);
    /// ```
    pub fn computed_once<T, E>(&self, compute: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
    {
        let mut values = self.computed.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(value) = values.iter().find_map(|v| v.clone().downcast::<T>().ok()) {
            return Ok(value);
        }
        let value = Arc::new(compute()?);
        values.push(value.clone());
        Ok(value)
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
        match &self.source {
            Source::Bytes { data, .. } => write!(f, "ImageInput::Bytes({} bytes)", data.len()),
            Source::Url(url) => {
                let shown = url.split(['?', '#']).next().unwrap_or("");
                write!(f, "ImageInput::Url({shown:?})")
            }
            Source::Base64(text) => write!(f, "ImageInput::Base64({} chars)", text.len()),
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
/// Accepted: JPEG, PNG, GIF, BMP and WebP — the formats every engine in this
/// workspace decodes. Anything else (TIFF, PDF, HEIC, text) is
/// [`InputError::NotAnImage`]; empty data is [`InputError::Empty`].
///
/// ```
/// use ocr_core::{InputError, sniff_image_format};
/// assert_eq!(sniff_image_format(b"\xff\xd8\xff\xe0....").unwrap().mime, "image/jpeg");
/// assert!(matches!(sniff_image_format(b""), Err(InputError::Empty)));
/// assert!(matches!(sniff_image_format(b"%PDF-1.7"), Err(InputError::NotAnImage)));
/// assert!(matches!(sniff_image_format(b"II*\0\x08\0\0\0"), Err(InputError::NotAnImage))); // TIFF
/// ```
pub fn sniff_image_format(data: &[u8]) -> Result<SniffedFormat, InputError> {
    const SIGNATURES: [(&[u8], &str, &str); 6] = [
        (b"\xff\xd8\xff", "image/jpeg", "jpg"),
        (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
        (b"GIF87a", "image/gif", "gif"),
        (b"GIF89a", "image/gif", "gif"),
        (b"BM", "image/bmp", "bmp"),
        (b"RIFF", "image/webp", "webp"),
    ];
    if data.is_empty() {
        return Err(InputError::Empty);
    }
    let found = SIGNATURES.iter().find(|(magic, mime, _)| {
        data.starts_with(magic) && (*mime != "image/webp" || data.get(8..12) == Some(b"WEBP".as_slice()))
    });
    match found {
        Some(&(_, mime, extension)) => Ok(SniffedFormat { mime, extension }),
        None => Err(InputError::NotAnImage),
    }
}

/// The largest image file [`ImageInput::from_path`] reads (64 MiB): far above
/// any photo or scan of a card, low enough that `/dev/zero` or a mistaken
/// path to a disk image fails fast instead of filling memory.
pub const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a whole file, refusing one larger than `limit` bytes without
/// reading it all. The error keeps the OS reason (not found, a directory,
/// permission denied).
///
/// ```
/// use ocr_core::{InputError, read_capped};
/// let e = read_capped("/no/such/file".as_ref(), 10).unwrap_err();
/// assert!(matches!(&e, InputError::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound));
/// ```
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    use std::io::Read as _;
    let read_error = |source| InputError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut data = Vec::new();
    file.take(limit + 1).read_to_end(&mut data).map_err(read_error)?;
    if data.len() as u64 > limit {
        return Err(InputError::TooLarge { limit });
    }
    Ok(data)
}

fn check_url(url: &str) -> Result<(), InputError> {
    let bad = |reason: &'static str| Err(InputError::Url { reason });
    if url.is_empty() {
        return bad("the image URL is empty");
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return bad("the image URL has no scheme");
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return bad("the image URL must be http or https");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() || host.starts_with(':') {
        return bad("the image URL has no host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("the image URL contains white space");
    }
    Ok(())
}

fn decode_base64(text: &str) -> Result<Vec<u8>, InputError> {
    let text = text.trim();
    let payload = match text.strip_prefix("data:") {
        Some(rest) => match rest.split_once(',') {
            Some((meta, payload)) if meta.ends_with(";base64") => payload,
            _ => return Err(InputError::DataUrl),
        },
        None => text,
    };
    let compact: String = payload.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(InputError::Empty);
    }
    STANDARD.decode(compact.as_bytes()).map_err(InputError::Base64)
}

fn sanitize_file_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '"' | '\\' | '\r' | '\n' | '/') && !c.is_control())
        .collect()
}

/// A validated image input, ready to be sent. Its three forms are the API's
/// three inputs, so transports match on it exhaustively.
#[derive(Clone)]
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

    /// The same form carrying other image bytes, re-encoded as JPEG (a URL
    /// stays as it is). Used to fit an upload under a size limit.
    ///
    /// ```
    /// use ocr_core::ImageInput;
    /// let png = ImageInput::from_bytes(b"\x89PNG\r\n\x1a\n\0".to_vec()).prepare().unwrap();
    /// assert_eq!(png.with_jpeg(vec![0xff, 0xd8, 0xff]).mime(), Some("image/jpeg"));
    /// ```
    pub fn with_jpeg(&self, data: Vec<u8>) -> PreparedImage {
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
