//! The HTTP client for the General Text Recognition API.

use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, RETRY_AFTER, USER_AGENT};
use tokio::sync::Semaphore;

use crate::config::{ClientConfig, OversizePolicy};
use crate::error::{Error, ErrorKind};
use crate::fit::fit_under_limit;
use crate::multipart;
use crate::retry::parse_retry_after;
use ocr_core::{ImageInput, OcrResponse, PreparedImage, Recognize};
use serde_json::Value;

/// Header the API gateway sets when it rejects a call itself.
const HEADER_CA_ERROR_CODE: &str = "x-ca-error-code";
/// Header with the gateway's rejection message.
const HEADER_CA_ERROR_MESSAGE: &str = "x-ca-error-message";

/// The async client. Cheap to clone (clones share the connection pool and
/// the concurrency limit).
///
/// # Examples
///
/// ```no_run
/// use ocr_client::OcrClient;
/// use ocr_core::ImageInput;
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = OcrClient::from_env()?; // OCR_ENDPOINT, OCR_APPCODE
/// let response = client.recognize_image(&ImageInput::from_path("card.jpg")?).await?;
/// for line in &response.lines {
///     println!("{} ({:.0})", line.text, line.confidence);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct OcrClient {
    config: Arc<ClientConfig>,
    http: reqwest::Client,
    permits: Arc<Semaphore>,
    custom_http: bool,
}

/// One encoded request, ready to send (and re-send).
#[derive(Debug, Clone)]
struct EncodedRequest {
    /// The multipart body.
    body: multipart::MultipartBody,
    /// Factors mapping coordinates on the sent image back to the original.
    scale: (f64, f64),
}

impl OcrClient {
    /// A client with its own connection pool (rustls, HTTP/1.1 and HTTP/2).
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent.clone())
            .build()
            .map_err(|e| Error::config("cannot build the HTTP client").with_source(e))?;
        let mut client = Self::with_http_client(config, http);
        client.custom_http = false;
        Ok(client)
    }

    /// A client that sends through the caller's own `reqwest::Client` (its
    /// proxy, TLS and pool settings). The total timeout is still applied per
    /// request; the connect timeout is the caller client's.
    pub fn with_http_client(config: ClientConfig, http: reqwest::Client) -> Self {
        let permits = Arc::new(Semaphore::new(config.max_concurrent));
        Self {
            config: Arc::new(config),
            http,
            permits,
            custom_http: true,
        }
    }

    /// A client configured from `OCR_ENDPOINT` and `OCR_APPCODE`.
    pub fn from_env() -> Result<Self, Error> {
        Self::new(ClientConfig::from_env()?)
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Validates `image` and encodes the request, fitting the image under the
    /// size limit (or failing) per the [`OversizePolicy`]. Sends nothing.
    fn encode_request(&self, image: &ImageInput) -> Result<EncodedRequest, Error> {
        let prepared = image.prepare()?;
        let boundary = multipart::boundary();
        let body = multipart::encode(&prepared, &boundary);
        let limit = self.config.request_limit;
        if body.body.len() <= limit {
            return Ok(EncodedRequest {
                body,
                scale: (1.0, 1.0),
            });
        }
        if self.config.oversize == OversizePolicy::Reject || matches!(prepared, PreparedImage::Url(_)) {
            return Err(Error::new(ErrorKind::PayloadTooLarge).with_detail(format!(
                "the request would be {} bytes, over the {limit}-byte limit",
                body.body.len()
            )));
        }
        let fitted = fit_under_limit(&prepared, limit, |candidate| {
            multipart::encode(candidate, &boundary).body.len()
        })?;
        Ok(EncodedRequest {
            body: multipart::encode(&fitted.image, &boundary),
            scale: (fitted.scale_x, fitted.scale_y),
        })
    }

    /// Recognizes one image, retrying retryable failures per the policy.
    ///
    /// The same as [`Recognize::recognize`], without importing the trait.
    pub async fn recognize_image(&self, image: &ImageInput) -> Result<OcrResponse, Error> {
        let request = self.encode_request(image)?;
        self.send_with_retries(&request).await
    }

    /// Sends an encoded request, retrying per the policy, and maps
    /// coordinates back to the original image.
    async fn send_with_retries(&self, request: &EncodedRequest) -> Result<OcrResponse, Error> {
        let policy = &self.config.retry;
        let body = request.body.body.clone();
        let mut retry = 0;
        loop {
            let result = self.send_once(&request.body.content_type, body.clone()).await;
            match result {
                Ok(mut response) => {
                    let (sx, sy) = request.scale;
                    if sx != 1.0 || sy != 1.0 {
                        response.scale_coordinates(sx, sy);
                    }
                    return Ok(response);
                }
                Err(e) if e.is_retryable() && retry < policy.max_retries => {
                    let Some(delay) = policy.delay(retry, e.retry_after()) else {
                        return Err(e);
                    };
                    tracing::debug!(
                        retry = retry + 1,
                        kind = ?e.kind(),
                        status = e.http_status(),
                        delay_ms = delay.as_millis() as u64,
                        "retrying OCR request"
                    );
                    tokio::time::sleep(delay).await;
                    retry += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn send_once(&self, content_type: &str, body: bytes::Bytes) -> Result<OcrResponse, Error> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| Error::config("the client's request limiter is closed").with_source(e))?;
        let mut request = self
            .http
            .post(self.config.endpoint.clone())
            .timeout(self.config.timeout)
            .header(CONTENT_TYPE, content_type)
            .body(body);
        if self.custom_http {
            // a caller's client has its own default User-Agent; ours set it at build time
            request = request.header(USER_AGENT, &self.config.user_agent);
        }
        if let Some(code) = &self.config.app_code {
            let mut value = reqwest::header::HeaderValue::from_str(&format!("APPCODE {}", code.expose()))
                .map_err(|_| Error::config("the AppCode contains characters not allowed in a header"))?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        // only failures read the headers (gateway error, Retry-After)
        let headers = if response.status().is_success() {
            HeaderMap::new()
        } else {
            response.headers().clone()
        };
        // a body cut off mid-way is a transport failure (retried like a reset), not a decode error
        let body = response.bytes().await.map_err(|e| {
            let kind = if e.is_timeout() {
                ErrorKind::Timeout
            } else {
                ErrorKind::Connection
            };
            Error::new(kind).with_source(e.without_url()).with_http_status(status)
        })?;
        tracing::debug!(status, bytes = body.len(), "OCR response");
        classify(status, &headers, &body)
    }
}

impl Recognize for OcrClient {
    type Error = Error;

    async fn recognize(&self, image: &ImageInput) -> Result<OcrResponse, Error> {
        self.recognize_image(image).await
    }
}

fn transport_error(e: reqwest::Error) -> Error {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else if e.is_builder() {
        ErrorKind::Config
    } else if e.is_decode() {
        ErrorKind::Decode
    } else {
        ErrorKind::Connection
    };
    Error::new(kind).with_source(e.without_url())
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// Maps an HTTP response to the decoded result or to the error of its class.
fn classify(status: u16, headers: &HeaderMap, body: &[u8]) -> Result<OcrResponse, Error> {
    let gateway_code = header(headers, HEADER_CA_ERROR_CODE);
    let gateway_message = header(headers, HEADER_CA_ERROR_MESSAGE);
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let head = parsed.as_ref().map(ResponseHead::from_value).unwrap_or_default();

    if (200..300).contains(&status) {
        let Some(value) = parsed else {
            return Err(Error::new(ErrorKind::Decode)
                .with_detail("$: the body is not JSON")
                .with_http_status(status)
                .with_body(body));
        };
        let response = OcrResponse::from_value(&value).map_err(|e| {
            Error::from(e)
                .with_http_status(status)
                .with_api(head.code, head.message.clone(), head.serial_no.clone())
                .with_body(body)
        })?;
        if !response.is_success() {
            return Err(Error::new(ErrorKind::Business).with_http_status(status).with_api(
                Some(response.code),
                Some(response.message),
                response.serial_no,
            ));
        }
        return Ok(response);
    }

    let text = format!(
        "{} {}",
        gateway_message.as_deref().unwrap_or(""),
        head.message.as_deref().unwrap_or("")
    )
    .to_ascii_lowercase();
    let kind = match status {
        400 => ErrorKind::Business,
        401 => ErrorKind::Unauthorized,
        402 => ErrorKind::QuotaExhausted,
        403 if text.contains("quota") => ErrorKind::QuotaExhausted,
        403 if text.contains("throttl") => ErrorKind::Throttled,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        413 => ErrorKind::PayloadTooLarge,
        429 => ErrorKind::Throttled,
        500 => ErrorKind::Internal,
        502..=504 => ErrorKind::Gateway,
        501 | 505..=599 => ErrorKind::Internal,
        _ => ErrorKind::UnexpectedStatus,
    };
    Err(Error::new(kind)
        .with_http_status(status)
        .with_api(head.code, head.message, head.serial_no)
        .with_gateway(gateway_code, gateway_message)
        .with_retry_after(retry_after)
        .with_body(body))
}

/// The head of a response body (everything but `data`), read leniently:
/// a failure is classified by what can be read, whatever else is broken.
#[derive(Default)]
struct ResponseHead {
    code: Option<i64>,
    message: Option<String>,
    serial_no: Option<String>,
}

impl ResponseHead {
    fn from_value(value: &Value) -> Self {
        let integer = |v: &Value| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        Self {
            code: value.get("code").and_then(integer),
            message: value.get("message").and_then(Value::as_str).map(str::to_owned),
            serial_no: value.get("serialNo").and_then(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_failure_body_is_a_business_error_with_code_and_serial() {
        let body = r#"{"serialNo":"343765566521698769","message":"图片内容为空","status":400,"code":5003}"#;
        let e = classify(400, &HeaderMap::new(), body.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Business);
        assert_eq!(e.api_code(), Some(5003));
        assert_eq!(e.api_message(), Some("图片内容为空"));
        assert_eq!(e.serial_no(), Some("343765566521698769"));
    }

    #[test]
    fn a_success_status_with_a_non_json_body_is_a_decode_error() {
        let e = classify(200, &HeaderMap::new(), b"<html>").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert_eq!(e.http_status(), Some(200));
    }
}
