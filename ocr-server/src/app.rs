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
use ocr_core::{ImageInput, OcrResponse, Recognize, RecognizeError};
use serde_json::json;
use tokio::sync::Semaphore;

use crate::url_fetch::{UrlFetchConfig, fetch};
use crate::vendor::{CODE_BAD_URL, CODE_EMPTY_IMAGE, CODE_UNDECODABLE_IMAGE, VendorError, serial_no};

/// Server settings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// Path of the OCR endpoint (default `/ocr/general`).
    pub ocr_path: String,
    /// When set, requests must carry `Authorization: APPCODE <code>`.
    pub app_code: Option<String>,
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

struct AppState<E> {
    engine: E,
    config: ServerConfig,
    running: Semaphore,
    waiting: AtomicUsize,
}

/// The router: `POST {ocr_path}`, `POST /idcard`, `GET /healthz`,
/// `GET /openapi.json`; anything else is a vendor-format 404.
pub fn router<E>(engine: E, config: ServerConfig) -> Router
where
    E: Recognize + 'static,
{
    let openapi = crate::openapi::document(&config.ocr_path);
    let state = Arc::new(AppState {
        engine,
        running: Semaphore::new(config.max_concurrent.max(1)),
        waiting: AtomicUsize::new(0),
        config: config.clone(),
    });
    Router::new()
        .route(&config.ocr_path, post(ocr::<E>))
        .route("/idcard", post(id_card::<E>))
        .route("/healthz", get(|| async { axum::Json(json!({"status": "ok"})) }))
        .route("/openapi.json", get(move || async move { axum::Json(openapi) }))
        .fallback(|| async { VendorError::new(StatusCode::NOT_FOUND, 404, "Not Found", &serial_no()) })
        // leave room for the multipart framing; the image itself is checked below
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
    let ok = given
        .strip_prefix("APPCODE ")
        .is_some_and(|g| constant_time_eq(g.trim().as_bytes(), code.as_bytes()));
    if ok {
        Ok(())
    } else {
        Err(VendorError::new(StatusCode::UNAUTHORIZED, 401, "Unauthorized", serial))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Recognizes the request's image: auth, input, admission, engine.
async fn recognize<E>(
    state: &AppState<E>,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    serial: &str,
) -> Result<OcrResponse, VendorError>
where
    E: Recognize,
{
    check_auth(headers, &state.config, serial)?;
    let upload = read_upload(multipart, serial).await?;
    let bytes = image_bytes(upload, &state.config, serial).await?;
    let input = ImageInput::from_bytes(bytes);
    if input.prepare().is_err() {
        return Err(VendorError::new(
            StatusCode::BAD_REQUEST,
            CODE_UNDECODABLE_IMAGE,
            "图片解码失败",
            serial,
        ));
    }
    // admission: a bounded queue in front of a bounded number of running jobs
    let busy = || {
        let mut e = VendorError::new(StatusCode::SERVICE_UNAVAILABLE, 503, "busy, retry later", serial);
        e.retry_after = Some(1);
        e
    };
    let _permit = match state.running.try_acquire() {
        Ok(p) => p,
        Err(_) => {
            if state.waiting.fetch_add(1, Ordering::SeqCst) >= state.config.queue_limit {
                state.waiting.fetch_sub(1, Ordering::SeqCst);
                return Err(busy());
            }
            let permit = tokio::time::timeout(state.config.request_timeout, state.running.acquire()).await;
            state.waiting.fetch_sub(1, Ordering::SeqCst);
            match permit {
                Ok(Ok(p)) => p,
                _ => return Err(busy()),
            }
        }
    };
    match tokio::time::timeout(state.config.request_timeout, state.engine.recognize(&input)).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(e)) if e.is_invalid_input() => Err(VendorError::new(
            StatusCode::BAD_REQUEST,
            CODE_UNDECODABLE_IMAGE,
            "图片解码失败",
            serial,
        )),
        Ok(Err(e)) => {
            tracing::error!(serial, error = %e, "engine failure");
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

/// Runs a request through [`recognize`], renders success with `render`,
/// and logs the outcome.
async fn handle<E>(
    state: &AppState<E>,
    path: &str,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    render: impl FnOnce(OcrResponse, &str) -> Response,
) -> Response
where
    E: Recognize,
{
    let started = Instant::now();
    let serial = serial_no();
    let response = match recognize(state, &headers, multipart, &serial).await {
        Ok(r) => render(r, &serial),
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

async fn ocr<E>(
    State(state): State<Arc<AppState<E>>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response
where
    E: Recognize,
{
    handle(&state, &state.config.ocr_path, headers, multipart, |mut r, serial| {
        r.serial_no = Some(serial.to_owned());
        (StatusCode::OK, axum::Json(r.to_vendor_json())).into_response()
    })
    .await
}

async fn id_card<E>(
    State(state): State<Arc<AppState<E>>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response
where
    E: Recognize,
{
    handle(&state, "/idcard", headers, multipart, |r, serial| {
        let card = idcard::parse(&r.lines);
        let body = json!({
            "status": 200,
            "code": 0,
            "message": "success",
            "serialNo": serial,
            "data": idcard::report::CardReport::from(&card),
        });
        (StatusCode::OK, axum::Json(body)).into_response()
    })
    .await
}
