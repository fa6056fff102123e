//! `docstruct serve`: the vendor-compatible API on this machine.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Args;
use ocr_server::{ServerConfig, UrlFetchConfig, router, shutdown_signal};

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
    /// Requests that may wait while others are recognized (more get 503).
    #[arg(long, default_value_t = 8)]
    pub queue_limit: usize,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_body: usize,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: &ServeArgs) -> Result<ExitCode, String> {
    // key=value request logs on stderr (path, status, ms, serialNo; never image content)
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let reader = crate::engines::card_reader(crate::engines::build(&args.engine)?);
    let mut config = ServerConfig::default();
    config.ocr_path = args.path.clone();
    config.app_code = args
        .app_code
        .clone()
        .or_else(|| std::env::var("OCR_SERVER_APPCODE").ok().filter(|c| !c.is_empty()))
        .map(ocr_server::AppCode::new);
    config.queue_limit = args.queue_limit;
    config.max_request_bytes = args.max_body;
    if !args.allow_url_hosts.is_empty() {
        config.url_fetch = Some(UrlFetchConfig::allow_hosts(args.allow_url_hosts.clone()));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ocr_core::error_chain(&e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
        let bound = listener.local_addr().map_err(|e| ocr_core::error_chain(&e))?;
        eprintln!("docstruct: serving {} and /idcard on http://{bound}", config.ocr_path);
        axum::serve(listener, router(reader, config))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| ocr_core::error_chain(&e))
    })?;
    Ok(ExitCode::SUCCESS)
}
