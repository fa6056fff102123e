//! `docstruct serve`: the vendor-compatible API on this machine.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use ocr_server::{ServeOptions, ServerConfig, UrlFetchConfig, drain_on, router_loading, serve, shutdown_signal};

use crate::engines::EngineArgs;

/// Arguments of `docstruct serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Path of the OCR endpoint.
    #[arg(long, default_value = "/ocr/general")]
    pub path: String,
    /// Require `Authorization: APPCODE <code>` (default: from OCR_SERVER_APPCODE, else none).
    #[arg(long)]
    pub app_code: Option<String>,
    /// Allow `imgUrl` downloads from this host (repeatable; none: imgUrl refused).
    #[arg(long = "allow-url-host")]
    pub allow_url_hosts: Vec<String>,
    /// Images recognized at once (default: one per core).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Requests that may wait while others are recognized (more get 503).
    #[arg(long, default_value_t = 8)]
    pub queue_limit: usize,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_body: usize,
    /// Open connections at most.
    #[arg(long, default_value_t = 512)]
    pub max_connections: usize,
    /// Seconds a client has to send a request head (and an idle keep-alive connection stays open).
    #[arg(long, default_value_t = 10)]
    pub header_timeout: u64,
    /// On SIGTERM/Ctrl-C: seconds /readyz reports not-ready while requests are still served.
    #[arg(long, default_value_t = 3)]
    pub drain_seconds: u64,
    /// Seconds in-flight requests get after draining before connections are closed.
    #[arg(long, default_value_t = 20)]
    pub shutdown_timeout: u64,
    /// Log format on stderr: `text` (key=value) or `json` (one object per line).
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// How `docstruct serve` writes its logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// `time level message key=value …`.
    Text,
    /// One JSON object per line: time, level, route, status, code, ms, serialNo.
    Json,
}

/// Request logs on stderr: route, status, code, ms, serialNo — never an
/// image, a text line or a field.
fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init(),
    };
}

fn server_config(args: &ServeArgs) -> ServerConfig {
    let mut config = ServerConfig::default();
    config.ocr_path = args.path.clone();
    config.app_code = args
        .app_code
        .clone()
        .or_else(|| std::env::var("OCR_SERVER_APPCODE").ok().filter(|c| !c.is_empty()))
        .map(ocr_server::AppCode::new);
    if let Some(workers) = args.workers {
        config.max_concurrent = workers.max(1);
    }
    config.queue_limit = args.queue_limit;
    config.max_request_bytes = args.max_body;
    if !args.allow_url_hosts.is_empty() {
        config.url_fetch = Some(UrlFetchConfig::allow_hosts(args.allow_url_hosts.clone()));
    }
    config
}

fn serve_options(args: &ServeArgs) -> ServeOptions {
    let mut options = ServeOptions::default();
    options.max_connections = args.max_connections.max(1);
    options.header_read_timeout = Duration::from_secs(args.header_timeout.max(1));
    options.shutdown_timeout = Duration::from_secs(args.shutdown_timeout);
    options
}

/// Listens at once (`/healthz` answers, `/readyz` says "loading models"),
/// loads the engine, then serves until SIGTERM/Ctrl-C and drains.
pub fn run(args: &ServeArgs) -> Result<ExitCode, String> {
    init_logs(args.log_format);
    let config = server_config(args);
    let health = config.health.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ocr_core::error_chain(&e))?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
        let bound = listener.local_addr().map_err(|e| ocr_core::error_chain(&e))?;
        let (app, slot) = router_loading(config);
        let (load_failed, on_load_failure) = tokio::sync::oneshot::channel::<String>();
        let engine_args = args.engine.clone();
        tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            match crate::engines::build(&engine_args) {
                Ok(engine) => {
                    let load_time = started.elapsed();
                    let reader =
                        crate::engines::card_reader(engine).with_options(crate::engines::parse_options(&engine_args));
                    let _ = slot.install(reader, load_time);
                    tracing::info!(load_ms = load_time.as_millis() as u64, "models loaded: ready");
                }
                Err(e) => {
                    let _ = load_failed.send(e);
                }
            }
        });
        eprintln!("docstruct: serving {} and /idcard on http://{bound}", args.path);
        let (failure_tx, mut failure_rx) = tokio::sync::oneshot::channel::<String>();
        let shutdown = async move {
            tokio::select! {
                () = drain_on(shutdown_signal(), health, Duration::from_secs(args.drain_seconds)) => {}
                Ok(e) = on_load_failure => { let _ = failure_tx.send(e); }
            }
        };
        serve(listener, app, &serve_options(args), shutdown)
            .await
            .map_err(|e| ocr_core::error_chain(&e))?;
        match failure_rx.try_recv() {
            Ok(e) => Err(e),
            Err(_) => Ok(()),
        }
    });
    // connections past the shutdown deadline and a model load still running are dropped here
    runtime.shutdown_timeout(Duration::from_secs(1));
    result?;
    Ok(ExitCode::SUCCESS)
}
