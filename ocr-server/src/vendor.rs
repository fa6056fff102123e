//! Responses in the vendor's format: bodies, statuses, serial numbers.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Business code for an empty image (the vendor's 图片内容为空).
pub const CODE_EMPTY_IMAGE: i64 = 5003;
/// Business code for an image that cannot be decoded.
pub const CODE_UNDECODABLE_IMAGE: i64 = 5004;
/// Business code for an `imgUrl` that is refused or cannot be fetched.
pub const CODE_BAD_URL: i64 = 5005;

/// A fresh 18-digit `serialNo`.
pub fn serial_no() -> String {
    format!(
        "{}{:017}",
        fastrand::u8(1..=9),
        fastrand::u64(..100_000_000_000_000_000)
    )
}

/// A failure as the vendor sends it: `{status, code, message, serialNo}`
/// with the matching HTTP status.
#[derive(Debug, Clone)]
pub struct VendorError {
    /// HTTP status.
    pub http: StatusCode,
    /// Business code.
    pub code: i64,
    /// Message.
    pub message: String,
    /// `serialNo`.
    pub serial_no: String,
    /// Seconds for `Retry-After`, on 503.
    pub retry_after: Option<u64>,
}

impl VendorError {
    /// A failure with HTTP status `http`, business `code` and `message`.
    pub fn new(http: StatusCode, code: i64, message: impl Into<String>, serial_no: &str) -> Self {
        Self {
            http,
            code,
            message: message.into(),
            serial_no: serial_no.to_owned(),
            retry_after: None,
        }
    }
}

impl IntoResponse for VendorError {
    fn into_response(self) -> Response {
        let body = json!({
            "status": self.http.as_u16(),
            "code": self.code,
            "message": self.message,
            "serialNo": self.serial_no,
        });
        let mut response = (self.http, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
