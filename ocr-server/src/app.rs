//! The routes, the admission control and the handlers.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use idcard::CardReader;
use ocr_core::{ImageInput, OcrResponse, Recognize};
use serde_json::json;
use tokio::sync::Semaphore;

use crate::url_fetch::{UrlFetchConfig, fetch};
use crate::vendor::{CODE_BAD_URL, CODE_EMPTY_IMAGE, CODE_UNDECODABLE_IMAGE, VendorError, serial_no};

/// Server settings.
///
/// `Debug` never shows the AppCode:
///
/// ```
/// let mut config = ocr_server::ServerConfig::default();
/// config.app_code = Some(ocr_server::AppCode::new("secret-code"));
/// assert!(!format!("{config:?}").contains("secret-code"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// Path of the OCR endpoint (default `/ocr/general`).
    pub ocr_path: String,
    /// When set, requests must carry `Authorization: APPCODE <code>`.
    pub app_code: Option<AppCode>,
    /// Largest request body (default 2 MiB); larger is HTTP 413.
    pub max_request_bytes: usize,
    /// Images recognized at once (default 1: inference uses every core).
    pub max_concurrent: usize,
    /// Requests that may wait for their turn (default 8); more is HTTP 503
    /// with `Retry-After`.
    pub queue_limit: usize,
    /// Time for one request, waiting included (default 30 s).
    pub request_timeout: Duration,
    /// `imgUrl` fetching; `None` (the default) refuses `imgUrl`.
    pub url_fetch: Option<UrlFetchConfig>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            ocr_path: "/ocr/general".into(),
            app_code: None,
            max_request_bytes: 2 * 1024 * 1024,
            max_concurrent: 1,
            queue_limit: 8,
            request_timeout: Duration::from_secs(30),
            url_fetch: None,
        }
    }
}

/// A secret compared against the `Authorization: APPCODE …` header; `Debug`
/// shows only that it is set.
#[derive(Clone)]
pub struct AppCode(String);

impl AppCode {
    /// Wraps a code.
    pub fn new(code: impl Into<String>) -> Self {
        Self(code.into())
    }

    fn matches(&self, given: &str) -> bool {
        constant_time_eq(given.as_bytes(), self.0.as_bytes())
    }
}

impl std::fmt::Debug for AppCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppCode(***)")
    }
}

impl From<String> for AppCode {
    fn from(code: String) -> Self {
        Self(code)
    }
}

impl From<&str> for AppCode {
    fn from(code: &str) -> Self {
        Self(code.to_owned())
    }
}

struct AppState<E, S> {
    reader: CardReader<E, S>,
    config: ServerConfig,
    running: Semaphore,
    waiting: AtomicUsize,
}

/// The router: `POST {ocr_path}` (raw OCR with the reader's first engine),
/// `POST /idcard` (the reader's whole policy, second look included),
/// `GET /healthz`, `GET /openapi.json`; anything else is a vendor-format 404.
pub fn router<E, S>(reader: CardReader<E, S>, config: ServerConfig) -> Router
where
    E: Recognize + 'static,
    S: Recognize + 'static,
{
    let openapi = crate::openapi::document(&config.ocr_path);
    let state = Arc::new(AppState {
        reader,
        running: Semaphore::new(config.max_concurrent.max(1)),
        waiting: AtomicUsize::new(0),
        config: config.clone(),
    });
    Router::new()
        .route(&config.ocr_path, post(ocr::<E, S>))
        .route("/idcard", post(id_card::<E, S>))
        .route("/healthz", get(|| async { axum::Json(json!({"status": "ok"})) }))
        .route("/openapi.json", get(move || async move { axum::Json(openapi) }))
        .fallback(|| async { VendorError::new(StatusCode::NOT_FOUND, 404, "Not Found", &serial_no()) })
        // the whole request body, multipart framing included (an image just under
        // the limit is refused: the framing is part of what the vendor limits too)
        .layer(DefaultBodyLimit::max(config.max_request_bytes))
        .with_state(state)
}

struct Upload {
    file: Option<bytes::Bytes>,
    img_url: Option<String>,
    img_base64: Option<String>,
}

async fn read_upload(multipart: Result<Multipart, MultipartRejection>, serial: &str) -> Result<Upload, VendorError> {
    let too_large = || VendorError::new(StatusCode::PAYLOAD_TOO_LARGE, 413, "Request Entity Too Large", serial);
    let malformed = |m: &str| VendorError::new(StatusCode::BAD_REQUEST, 400, format!("malformed request: {m}"), serial);
    let mut form = multipart.map_err(|_| malformed("expected multipart/form-data"))?;
    let mut upload = Upload {
        file: None,
        img_url: None,
        img_base64: None,
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(malformed("unreadable multipart body")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let data = match field.bytes().await {
            Ok(d) => d,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(malformed("unreadable multipart body")),
        };
        match name.as_str() {
            "file" => upload.file = Some(data),
            "imgUrl" => upload.img_url = Some(String::from_utf8_lossy(&data).trim().to_owned()),
            "imgBase64" => upload.img_base64 = Some(String::from_utf8_lossy(&data).into_owned()),
            _ => {}
        }
    }
    Ok(upload)
}

/// The image bytes, by the API's priority: imgUrl > file > imgBase64.
async fn image_bytes(upload: Upload, config: &ServerConfig, serial: &str) -> Result<bytes::Bytes, VendorError> {
    let empty = || VendorError::new(StatusCode::BAD_REQUEST, CODE_EMPTY_IMAGE, "图片内容为空", serial);
    let bytes = if let Some(url) = upload.img_url.filter(|u| !u.is_empty()) {
        let Some(fetch_config) = &config.url_fetch else {
            return Err(VendorError::new(
                StatusCode::BAD_REQUEST,
                CODE_BAD_URL,
                "imgUrl is not enabled on this server",
                serial,
            ));
        };
        fetch(&url, fetch_config)
            .await
            .map_err(|e| VendorError::new(StatusCode::BAD_REQUEST, CODE_BAD_URL, e.0, serial))?
    } else if let Some(file) = upload.file.filter(|f| !f.is_empty()) {
        file
    } else if let Some(b64) = upload.img_base64 {
        let text = b64.trim();
        let payload = text.split_once(";base64,").map_or(text, |(_, p)| p);
        let compact: String = payload.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        if compact.is_empty() {
            return Err(empty());
        }
        base64::engine::general_purpose::STANDARD
            .decode(compact)
            .map_err(|_| VendorError::new(StatusCode::BAD_REQUEST, CODE_UNDECODABLE_IMAGE, "图片解码失败", serial))?
            .into()
    } else {
        return Err(empty());
    };
    if bytes.is_empty() {
        return Err(empty());
    }
    Ok(bytes)
}

fn check_auth(headers: &HeaderMap, config: &ServerConfig, serial: &str) -> Result<(), VendorError> {
    let Some(code) = &config.app_code else { return Ok(()) };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // HTTP auth schemes are case-insensitive (RFC 9110 §11.1)
    let ok = given
        .split_once(' ')
        .is_some_and(|(scheme, g)| scheme.eq_ignore_ascii_case("APPCODE") && code.matches(g.trim()));
    if ok {
        Ok(())
    } else {
        Err(VendorError::new(StatusCode::UNAUTHORIZED, 401, "Unauthorized", serial))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a request asks the reader for.
#[derive(Clone, Copy)]
enum Job {
    /// Raw OCR with the first engine (`/ocr/general`).
    Ocr,
    /// The whole card-reading policy (`/idcard`).
    IdCard,
}

/// What a job produced.
enum Outcome {
    Ocr(OcrResponse),
    Card(Box<idcard::IdCard>),
}

/// Runs the request's job: auth, input, admission, reader.
async fn run_job<E, S>(
    state: &AppState<E, S>,
    job: Job,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    serial: &str,
) -> Result<Outcome, VendorError>
where
    E: Recognize,
    S: Recognize,
{
    check_auth(headers, &state.config, serial)?;
    let upload = read_upload(multipart, serial).await?;
    let bytes = image_bytes(upload, &state.config, serial).await?;
    let input = ImageInput::from_bytes(bytes);
    let undecodable = || VendorError::new(StatusCode::BAD_REQUEST, CODE_UNDECODABLE_IMAGE, "图片解码失败", serial);
    if input.prepare().is_err() {
        return Err(undecodable());
    }
    let busy = || {
        let mut e = VendorError::new(StatusCode::SERVICE_UNAVAILABLE, 503, "busy, retry later", serial);
        e.retry_after = Some(1);
        e
    };
    let _permit = admit(state).await.ok_or_else(busy)?;
    let reader = &state.reader;
    let work = async {
        match job {
            Job::Ocr => reader.recognize(&input).await.map(Outcome::Ocr),
            Job::IdCard => reader.read(&input).await.map(|card| Outcome::Card(Box::new(card))),
        }
    };
    match tokio::time::timeout(state.config.request_timeout, work).await {
        Ok(Ok(outcome)) => Ok(outcome),
        Ok(Err(e)) if e.is_invalid_input() => Err(undecodable()),
        Ok(Err(e)) => {
            tracing::error!(serial, error = %ocr_core::error_chain(&e), "engine failure");
            Err(VendorError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                500,
                "Internal Server Error",
                serial,
            ))
        }
        Err(_) => Err(busy()),
    }
}

/// Admission: a bounded queue in front of a bounded number of running jobs.
/// `None` when the queue is full or the wait exceeds the request timeout.
async fn admit<E, S>(state: &AppState<E, S>) -> Option<tokio::sync::SemaphorePermit<'_>> {
    if let Ok(permit) = state.running.try_acquire() {
        return Some(permit);
    }
    if state.waiting.fetch_add(1, Ordering::SeqCst) >= state.config.queue_limit {
        state.waiting.fetch_sub(1, Ordering::SeqCst);
        return None;
    }
    let permit = tokio::time::timeout(state.config.request_timeout, state.running.acquire()).await;
    state.waiting.fetch_sub(1, Ordering::SeqCst);
    permit.ok()?.ok()
}

/// Runs a request's job, renders the outcome, and logs it.
async fn handle<E, S>(
    state: &AppState<E, S>,
    job: Job,
    path: &str,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response
where
    E: Recognize,
    S: Recognize,
{
    let started = Instant::now();
    let serial = serial_no();
    let response = match run_job(state, job, &headers, multipart, &serial).await {
        Ok(Outcome::Ocr(mut r)) => {
            r.serial_no = Some(serial.clone());
            (StatusCode::OK, axum::Json(r.to_vendor_json())).into_response()
        }
        Ok(Outcome::Card(card)) => {
            let body = json!({
                "status": 200,
                "code": 0,
                "message": "success",
                "serialNo": serial,
                "data": idcard::CardReport::from(card.as_ref()),
            });
            (StatusCode::OK, axum::Json(body)).into_response()
        }
        Err(e) => e.into_response(),
    };
    tracing::info!(
        path,
        serial,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

async fn ocr<E, S>(
    State(state): State<Arc<AppState<E, S>>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response
where
    E: Recognize,
    S: Recognize,
{
    handle(&state, Job::Ocr, &state.config.ocr_path, headers, multipart).await
}

async fn id_card<E, S>(
    State(state): State<Arc<AppState<E, S>>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response
where
    E: Recognize,
    S: Recognize,
{
    handle(&state, Job::IdCard, "/idcard", headers, multipart).await
}
