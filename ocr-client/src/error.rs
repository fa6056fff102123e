//! The client's error: an [`ErrorKind`] plus what the server said.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// The class of a failure. Match on it with a wildcard arm: new kinds may be
/// added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input was rejected before any request: empty, not an image,
    /// unreadable file, malformed base64 or URL.
    InvalidInput,
    /// The request exceeds the size limit (checked before sending, or HTTP 413).
    PayloadTooLarge,
    /// HTTP 401: bad or expired AppCode.
    Unauthorized,
    /// HTTP 402, or 403 with a `Quota…` message: product not activated or quota used up. Not retried.
    QuotaExhausted,
    /// HTTP 403 without a quota or throttling message: insufficient permission.
    Forbidden,
    /// HTTP 429, or 403 with a `Throttled…` message: slow down and retry.
    Throttled,
    /// HTTP 404: the endpoint path does not exist.
    NotFound,
    /// The API's own error: `status` in the body is not 200 (e.g. code 5003, 图片内容为空).
    Business,
    /// HTTP 500.
    Internal,
    /// HTTP 502, 503 or 504.
    Gateway,
    /// Another unexpected HTTP status.
    UnexpectedStatus,
    /// The connect or total timeout fired.
    Timeout,
    /// The connection failed or was reset.
    Connection,
    /// The body could not be decoded as a response.
    Decode,
    /// The client's configuration is unusable (bad endpoint, missing settings).
    Config,
}

impl ErrorKind {
    /// Whether a failure of this kind may succeed when tried again.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::Internal
                | ErrorKind::Gateway
                | ErrorKind::Throttled
                | ErrorKind::Timeout
                | ErrorKind::Connection
        )
    }

    fn describe(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid input",
            ErrorKind::PayloadTooLarge => "request too large",
            ErrorKind::Unauthorized => "unauthorized (check the AppCode)",
            ErrorKind::QuotaExhausted => "quota exhausted or product not activated",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::Throttled => "throttled",
            ErrorKind::NotFound => "endpoint not found",
            ErrorKind::Business => "the API reported an error",
            ErrorKind::Internal => "internal server error",
            ErrorKind::Gateway => "gateway error",
            ErrorKind::UnexpectedStatus => "unexpected HTTP status",
            ErrorKind::Timeout => "timed out",
            ErrorKind::Connection => "connection failed",
            ErrorKind::Decode => "undecodable response",
            ErrorKind::Config => "invalid configuration",
        }
    }
}

/// An error from the OCR client.
///
/// Keeps everything a support ticket needs: the HTTP status, the gateway's
/// `X-Ca-Error-Code`/`X-Ca-Error-Message` headers, the API's code, message
/// and `serialNo`, and a short excerpt of the body. `Display` never shows the
/// body (it may hold recognized personal data); `Debug` shows only its length.
///
/// # Examples
///
/// ```
/// use ocr_client::{Error, ErrorKind};
/// let e = Error::invalid_input("the image is empty");
/// assert_eq!(e.kind(), ErrorKind::InvalidInput);
/// assert!(!e.is_retryable());
/// assert_eq!(e.to_string(), "invalid input: the image is empty");
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    detail: Option<String>,
    http_status: Option<u16>,
    api_code: Option<i64>,
    api_message: Option<String>,
    serial_no: Option<String>,
    gateway_code: Option<String>,
    gateway_message: Option<String>,
    body_excerpt: Option<String>,
    retry_after: Option<Duration>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// How many characters of a body an error keeps.
pub const BODY_EXCERPT_CHARS: usize = 256;

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                detail: None,
                http_status: None,
                api_code: None,
                api_message: None,
                serial_no: None,
                gateway_code: None,
                gateway_message: None,
                body_excerpt: None,
                retry_after: None,
                source: None,
            }),
        }
    }

    /// An [`ErrorKind::InvalidInput`] error with a reason.
    pub fn invalid_input(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput).with_detail(detail)
    }

    pub(crate) fn config(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config).with_detail(detail)
    }

    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.inner.detail = Some(detail.into());
        self
    }

    pub(crate) fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_http_status(mut self, status: u16) -> Self {
        self.inner.http_status = Some(status);
        self
    }

    pub(crate) fn with_api(mut self, code: Option<i64>, message: Option<String>, serial_no: Option<String>) -> Self {
        self.inner.api_code = code;
        self.inner.api_message = message;
        self.inner.serial_no = serial_no;
        self
    }

    pub(crate) fn with_gateway(mut self, code: Option<String>, message: Option<String>) -> Self {
        self.inner.gateway_code = code;
        self.inner.gateway_message = message;
        self
    }

    pub(crate) fn with_body(mut self, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        self.inner.body_excerpt = Some(text.chars().take(BODY_EXCERPT_CHARS).collect());
        self
    }

    pub(crate) fn with_retry_after(mut self, after: Option<Duration>) -> Self {
        self.inner.retry_after = after;
        self
    }

    /// The class of failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// Whether trying again may succeed (5xx, gateway, throttling, timeouts, connection failures).
    pub fn is_retryable(&self) -> bool {
        self.kind().is_retryable()
    }

    /// Whether a timeout fired.
    pub fn is_timeout(&self) -> bool {
        self.kind() == ErrorKind::Timeout
    }

    /// Whether the API answered with its own error (`status` ≠ 200 in the body).
    pub fn is_business(&self) -> bool {
        self.kind() == ErrorKind::Business
    }

    /// Whether the input was rejected before sending.
    pub fn is_invalid_input(&self) -> bool {
        self.kind() == ErrorKind::InvalidInput
    }

    /// Whether the failure is about credentials, permission or quota
    /// (401, 402, 403): fix the account, not the request.
    pub fn is_auth(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Unauthorized | ErrorKind::Forbidden | ErrorKind::QuotaExhausted
        )
    }

    /// The HTTP status, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        self.inner.http_status
    }

    /// The API's business `code` (e.g. 5003), when the body had one.
    pub fn api_code(&self) -> Option<i64> {
        self.inner.api_code
    }

    /// The API's `message` (e.g. 图片内容为空), when the body had one.
    pub fn api_message(&self) -> Option<&str> {
        self.inner.api_message.as_deref()
    }

    /// The call's `serialNo`, for support tickets.
    pub fn serial_no(&self) -> Option<&str> {
        self.inner.serial_no.as_deref()
    }

    /// The gateway's `X-Ca-Error-Code` header (e.g. `I413RL`).
    pub fn gateway_error_code(&self) -> Option<&str> {
        self.inner.gateway_code.as_deref()
    }

    /// The gateway's `X-Ca-Error-Message` header.
    pub fn gateway_error_message(&self) -> Option<&str> {
        self.inner.gateway_message.as_deref()
    }

    /// The first [`BODY_EXCERPT_CHARS`] characters of the response body.
    ///
    /// A success body that failed to decode may contain recognized personal
    /// data: do not log this unmasked.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.inner.body_excerpt.as_deref()
    }

    /// The server's `Retry-After`, when it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// More detail on the failure, when there is any.
    pub fn detail(&self) -> Option<&str> {
        self.inner.detail.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind().describe())?;
        if let Some(status) = self.inner.http_status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(detail) = &self.inner.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(code) = self.inner.api_code {
            write!(f, ": code {code}")?;
        }
        if let Some(message) = &self.inner.api_message {
            write!(f, ": {message}")?;
        }
        if let Some(code) = &self.inner.gateway_code {
            write!(f, " [gateway {code}")?;
            if let Some(m) = &self.inner.gateway_message {
                write!(f, ": {m}")?;
            }
            f.write_str("]")?;
        }
        if let Some(serial) = &self.inner.serial_no {
            write!(f, " (serialNo {serial})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Error")
            .field("kind", &self.kind())
            .field("detail", &i.detail)
            .field("http_status", &i.http_status)
            .field("api_code", &i.api_code)
            .field("api_message", &i.api_message)
            .field("serial_no", &i.serial_no)
            .field("gateway_code", &i.gateway_code)
            .field("gateway_message", &i.gateway_message)
            .field(
                "body_excerpt_chars",
                &i.body_excerpt.as_ref().map(|b| b.chars().count()),
            )
            .field("retry_after", &i.retry_after)
            .field("source", &i.source)
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner.source.as_deref().map(|s| s as &(dyn StdError + 'static))
    }
}

/// A refused image input is an [`ErrorKind::InvalidInput`] error; the input
/// error is kept as the source.
impl From<ocr_core::InputError> for Error {
    fn from(e: ocr_core::InputError) -> Self {
        Self::new(ErrorKind::InvalidInput)
            .with_detail(e.to_string())
            .with_source(e)
    }
}

impl From<ocr_core::ResponseFormatError> for Error {
    fn from(e: ocr_core::ResponseFormatError) -> Self {
        Error::new(ErrorKind::Decode).with_detail(e.to_string()).with_source(e)
    }
}

impl ocr_core::RecognizeError for Error {
    fn failure_kind(&self) -> ocr_core::FailureKind {
        use ocr_core::FailureKind;
        match self.kind() {
            ErrorKind::InvalidInput | ErrorKind::PayloadTooLarge => FailureKind::InvalidInput,
            // the vendor's "empty image" and "undecodable image"
            ErrorKind::Business if matches!(self.api_code(), Some(5003 | 5004)) => FailureKind::InvalidInput,
            ErrorKind::Unauthorized
            | ErrorKind::QuotaExhausted
            | ErrorKind::Forbidden
            | ErrorKind::NotFound
            | ErrorKind::Config => FailureKind::Setup,
            kind if kind.is_retryable() => FailureKind::Transient,
            _ => FailureKind::Internal,
        }
    }
}
