//! The routes, the admission control and the handlers.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use idcard::CardReader;
use ocr_core::{ImageInput, OcrResponse, Recognize};
use serde_json::json;
use tokio::sync::Semaphore;

use crate::metrics::Metrics;
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
    /// Images recognized at once (default: one per core). Inference uses
    /// every core either way; running more than one image overlaps one
    /// image's single-threaded steps (decoding, cropping, parsing) with
    /// another's inference.
    pub max_concurrent: usize,
    /// Requests that may wait for their turn (default 8); more is HTTP 503
    /// with `Retry-After`.
    pub queue_limit: usize,
    /// Time for one request's recognition, waiting included (default 30 s).
    pub request_timeout: Duration,
    /// Time to receive a request's body (default 20 s); slower is HTTP 408.
    pub body_read_timeout: Duration,
    /// Largest request head, all header names and values (default 16 KiB);
    /// larger is HTTP 431 in the vendor's format.
    pub max_header_bytes: usize,
    /// The readiness handle: [`Health::start_draining`] turns `/readyz`
    /// not-ready (see [`crate::drain_on`]).
    pub health: Health,
    /// `imgUrl` fetching; `None` (the default) refuses `imgUrl`.
    pub url_fetch: Option<UrlFetchConfig>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            ocr_path: "/ocr/general".into(),
            app_code: None,
            max_request_bytes: 2 * 1024 * 1024,
            max_concurrent: std::thread::available_parallelism().map_or(1, |n| n.get()),
            queue_limit: 8,
            request_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(20),
            max_header_bytes: 16 * 1024,
            health: Health::default(),
            url_fetch: None,
        }
    }
}

/// The AppCode a request must present (`Authorization: APPCODE …`): an
/// [`ocr_core::Secret`], compared in constant time; `Debug` shows only that
/// it is set.
pub type AppCode = ocr_core::Secret;

/// Whether the server is draining: shared by the router (`/readyz`) and
/// whoever handles the shutdown signal. Cheap to clone.
///
/// ```
/// let health = ocr_server::Health::default();
/// assert!(!health.is_draining());
/// health.start_draining();
/// assert!(health.clone().is_draining());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Health(Arc<AtomicBool>);

impl Health {
    /// Turns `/readyz` not-ready for good; requests are still served.
    pub fn start_draining(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`Health::start_draining`] was called.
    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

struct AppState<E, S> {
    reader: OnceLock<CardReader<E, S>>,
    config: ServerConfig,
    running: Semaphore,
    waiting: AtomicUsize,
    /// Recent time per recognition, milliseconds (moving average).
    service_ms: AtomicU64,
    metrics: Metrics,
}

impl<E, S> AppState<E, S> {
    /// Ready: models loaded, not draining, the queue not full.
    fn is_ready(&self) -> bool {
        self.readiness() == "ready"
    }

    /// `ready`, or why not: `loading models`, `draining`, `queue full`.
    fn readiness(&self) -> &'static str {
        if self.reader.get().is_none() {
            "loading models"
        } else if self.config.health.is_draining() {
            "draining"
        } else if self.waiting.load(Ordering::SeqCst) >= self.config.queue_limit {
            "queue full"
        } else {
            "ready"
        }
    }

    /// Seconds a refused client should wait: the work ahead of it (queued
    /// and running requests) × the recent time per request, shared by the
    /// recognition slots; 1 to 60.
    fn retry_after_secs(&self) -> u64 {
        let ahead = self.waiting.load(Ordering::SeqCst) as u64 + self.config.max_concurrent.max(1) as u64;
        let ms = self.service_ms.load(Ordering::Relaxed).max(100);
        (ahead * ms / self.config.max_concurrent.max(1) as u64)
            .div_ceil(1000)
            .clamp(1, 60)
    }

    fn record_service_time(&self, elapsed: Duration) {
        let new = elapsed.as_millis().min(u64::MAX as u128) as u64;
        let old = self.service_ms.load(Ordering::Relaxed);
        let avg = if old == 0 { new } else { (old * 7 + new) / 8 };
        self.service_ms.store(avg, Ordering::Relaxed);
    }
}

/// Where the reader goes once its models are loaded, for a router built
/// with [`router_loading`]: until then `/readyz` answers 503 and
/// recognition requests get 503 with `Retry-After`.
pub struct ReaderSlot<E, S = E> {
    state: Arc<AppState<E, S>>,
}

impl<E, S> ReaderSlot<E, S> {
    /// Installs the loaded reader; `load_time` is reported as
    /// `docstruct_model_load_seconds`. Gives the reader back if one was
    /// installed before.
    pub fn install(&self, reader: CardReader<E, S>, load_time: Duration) -> Result<(), CardReader<E, S>> {
        self.state.reader.set(reader)?;
        self.state.metrics.model_load_seconds.set(load_time.as_secs_f64());
        Ok(())
    }
}

impl<E, S> std::fmt::Debug for ReaderSlot<E, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReaderSlot")
            .field("installed", &self.state.reader.get().is_some())
            .finish()
    }
}

/// The router: `POST {ocr_path}` (raw OCR with the reader's first engine),
/// `POST /idcard` (the reader's whole policy, second look included),
/// `POST /business-licence` (OCR with the first engine, then
/// [`bizlicence::LicenceReader`]), `GET /healthz` (liveness), `GET /readyz` (readiness), `GET /metrics`
/// (Prometheus), `GET /openapi.json`; anything else is a vendor-format 404
/// (405 for a wrong method).
pub fn router<E, S>(reader: CardReader<E, S>, config: ServerConfig) -> Router
where
    E: Recognize + 'static,
    S: Recognize + 'static,
{
    let (router, slot) = router_loading(config);
    // a fresh slot is empty, so installing cannot fail
    let _ = slot.install(reader, Duration::ZERO);
    router
}

/// The router before the models are loaded: it answers `/healthz` at once
/// and everything else once [`ReaderSlot::install`] was called — so a
/// process can listen (and be seen alive) while its models load.
///
/// ```
/// # use ocr_core::{ImageInput, InputError, OcrResponse, Recognize};
/// # struct Blank;
/// # impl Recognize for Blank {
/// #     type Error = InputError;
/// #     async fn recognize(&self, _: &ImageInput) -> Result<OcrResponse, InputError> { Ok(OcrResponse::success(vec![])) }
/// # }
/// let (app, slot) = ocr_server::router_loading::<Blank, Blank>(ocr_server::ServerConfig::default());
/// // … start serving `app`, load the models, then:
/// assert!(slot.install(idcard::CardReader::new(Blank), std::time::Duration::from_secs(2)).is_ok());
/// # drop(app);
/// ```
pub fn router_loading<E, S>(config: ServerConfig) -> (Router, ReaderSlot<E, S>)
where
    E: Recognize + 'static,
    S: Recognize + 'static,
{
    let openapi = crate::openapi::document(&config.ocr_path);
    let state = Arc::new(AppState {
        reader: OnceLock::new(),
        running: Semaphore::new(config.max_concurrent.max(1)),
        waiting: AtomicUsize::new(0),
        service_ms: AtomicU64::new(0),
        metrics: Metrics::new(),
        config: config.clone(),
    });
    let max_header_bytes = config.max_header_bytes;
    let router = Router::new()
        .route(&config.ocr_path, post(ocr::<E, S>))
        .route("/idcard", post(id_card::<E, S>))
        .route("/business-licence", post(business_licence::<E, S>))
        .route("/healthz", get(|| async { axum::Json(json!({"status": "ok"})) }))
        .route("/readyz", get(readyz::<E, S>))
        .route("/metrics", get(metrics::<E, S>))
        .route("/openapi.json", get(move || async move { axum::Json(openapi) }))
        .fallback(|| async { VendorError::new(StatusCode::NOT_FOUND, 404, "Not Found", &serial_no()) })
        .method_not_allowed_fallback(|| async {
            VendorError::new(StatusCode::METHOD_NOT_ALLOWED, 405, "Method Not Allowed", &serial_no())
        })
        // the whole request body, multipart framing included (an image just under
        // the limit is refused: the framing is part of what the vendor limits too)
        .layer(DefaultBodyLimit::max(config.max_request_bytes))
        .layer(axum::middleware::from_fn(
            move |request: Request<axum::body::Body>, next: Next| limit_headers(request, next, max_header_bytes),
        ))
        .with_state(state.clone());
    (router, ReaderSlot { state })
}

/// Refuses a request head larger than `max_bytes` with a vendor-format 431.
async fn limit_headers(request: Request<axum::body::Body>, next: Next, max_bytes: usize) -> Response {
    let size: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum::<usize>()
        + request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if size > max_bytes {
        return VendorError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            431,
            "Request Header Fields Too Large",
            &serial_no(),
        )
        .into_response();
    }
    next.run(request).await
}

async fn readyz<E, S>(State(state): State<Arc<AppState<E, S>>>) -> Response {
    let reason = state.readiness();
    let ready = reason == "ready";
    state.metrics.ready.set(i64::from(ready));
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(json!({"status": reason}))).into_response()
}

async fn metrics<E, S>(State(state): State<Arc<AppState<E, S>>>) -> Response {
    state.metrics.ready.set(i64::from(state.is_ready()));
    state
        .metrics
        .queue_depth
        .set(state.waiting.load(Ordering::SeqCst) as i64);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
        .into_response()
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

/// What a request asks the reader for.
#[derive(Clone, Copy)]
enum Job {
    /// Raw OCR with the first engine (`/ocr/general`).
    Ocr,
    /// The whole card-reading policy (`/idcard`).
    IdCard,
    /// A business licence: OCR with the first engine, then the licence's
    /// schema and checks (`/business-licence`).
    BusinessLicence,
}

/// What a job produced.
enum Outcome {
    Ocr(OcrResponse),
    Cards(Box<idcard::page::PageReading>),
    Licence(Box<ocr_form::FormReading>),
}

/// The licence reader: its schema checked and prepared once.
static LICENCE_READER: std::sync::LazyLock<bizlicence::LicenceReader> =
    std::sync::LazyLock::new(bizlicence::LicenceReader::new);

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
    let upload = tokio::time::timeout(state.config.body_read_timeout, read_upload(multipart, serial))
        .await
        .map_err(|_| VendorError::new(StatusCode::REQUEST_TIMEOUT, 408, "Request Timeout", serial))??;
    let bytes = image_bytes(upload, &state.config, serial).await?;
    let input = ImageInput::from_bytes(bytes);
    let undecodable = || VendorError::new(StatusCode::BAD_REQUEST, CODE_UNDECODABLE_IMAGE, "图片解码失败", serial);
    if input.prepare().is_err() {
        return Err(undecodable());
    }
    let busy = |message: &str| {
        let mut e = VendorError::new(StatusCode::SERVICE_UNAVAILABLE, 503, message, serial);
        e.retry_after = Some(state.retry_after_secs());
        e
    };
    let Some(reader) = state.reader.get() else {
        return Err(busy("models loading, retry later"));
    };
    let Some(_permit) = admit(state).await else {
        state.metrics.overloaded.inc();
        return Err(busy("busy, retry later"));
    };
    state.metrics.in_flight.inc();
    let started = Instant::now();
    let work = async {
        match job {
            Job::Ocr => reader.recognize(&input).await.map(|r| {
                state.metrics.observe_stages(&r.stage_times);
                Outcome::Ocr(r)
            }),
            Job::BusinessLicence => reader.recognize(&input).await.map(|r| {
                state.metrics.observe_stages(&r.stage_times);
                Outcome::Licence(Box::new(LICENCE_READER.read(&r.lines)))
            }),
            Job::IdCard => reader.read_page(&input).await.map(|page| {
                state.metrics.observe_stages(&page.times);
                Outcome::Cards(Box::new(page))
            }),
        }
    };
    let result = tokio::time::timeout(state.config.request_timeout, work).await;
    state.metrics.in_flight.dec();
    state.record_service_time(started.elapsed());
    match result {
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
        Err(_) => Err(busy("busy, retry later")),
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
    let (response, code) = match run_job(state, job, &headers, multipart, &serial).await {
        Ok(Outcome::Ocr(mut r)) => {
            r.serial_no = Some(serial.clone());
            let code = r.code;
            ((StatusCode::OK, axum::Json(r.to_vendor_json())).into_response(), code)
        }
        Ok(Outcome::Cards(page)) => {
            let warnings: Vec<idcard::report::ReportWarning> =
                page.warnings.iter().map(idcard::report::ReportWarning::from).collect();
            let cards: Vec<idcard::report::PageCardReport> = if page.cards.is_empty() {
                Vec::new()
            } else {
                idcard::report::PageCardReport::all(&page)
            };
            let body = json!({
                "status": 200,
                "code": 0,
                "message": "success",
                "serialNo": serial,
                "cards": cards,
                "warnings": warnings,
            });
            ((StatusCode::OK, axum::Json(body)).into_response(), 0)
        }
        Ok(Outcome::Licence(licence)) => {
            let body = json!({
                "status": 200,
                "code": 0,
                "message": "success",
                "serialNo": serial,
                "licence": licence.to_flat_json(),
            });
            ((StatusCode::OK, axum::Json(body)).into_response(), 0)
        }
        Err(e) => {
            let code = e.code;
            (e.into_response(), code)
        }
    };
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    state.metrics.observe_request(path, status, code, elapsed);
    tracing::info!(
        route = path,
        status,
        code,
        ms = elapsed.as_millis() as u64,
        serialNo = %serial,
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

async fn business_licence<E, S>(
    State(state): State<Arc<AppState<E, S>>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response
where
    E: Recognize,
    S: Recognize,
{
    handle(&state, Job::BusinessLicence, "/business-licence", headers, multipart).await
}
