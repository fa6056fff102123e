//! Client configuration: endpoint, credentials, timeouts, retries, limits.

use std::time::Duration;

use crate::error::Error;
use crate::retry::RetryPolicy;

/// Environment variable holding the full endpoint URL.
pub const ENV_ENDPOINT: &str = "OCR_ENDPOINT";
/// Environment variable holding the AppCode.
pub const ENV_APPCODE: &str = "OCR_APPCODE";

/// The default request size limit: 2 MB (2,000,000 bytes) of multipart body,
/// leaving room for headers under the gateway's 2 MiB.
pub const DEFAULT_REQUEST_LIMIT: usize = 2_000_000;

/// The marketplace AppCode: an [`ocr_core::Secret`], sent as
/// `Authorization: APPCODE <code>`; never printed by `Debug` or `Display`.
///
/// ```
/// use ocr_client::AppCode;
/// let code = AppCode::new("0123456789abcdef");
/// assert_eq!(format!("{code:?}"), "Secret(****)");
/// assert_eq!(code.expose(), "0123456789abcdef");
/// ```
pub type AppCode = ocr_core::Secret;

/// What to do with an image whose request would exceed the size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OversizePolicy {
    /// Re-encode as JPEG (lower quality, then smaller) until it fits, and map
    /// the returned coordinates back to the original image. The default.
    #[default]
    Downscale,
    /// Fail with [`crate::ErrorKind::PayloadTooLarge`]; nothing is sent.
    Reject,
}

/// Everything the client needs to know. Build it with [`ClientConfig::builder`]
/// or [`ClientConfig::from_env`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use ocr_client::ClientConfig;
/// let config = ClientConfig::builder("https://ocr.example.com/ocr/general")
///     .app_code("secret")
///     .timeout(Duration::from_secs(20))
///     .max_concurrent_requests(8)
///     .build()
///     .unwrap();
/// assert_eq!(config.endpoint(), "https://ocr.example.com/ocr/general");
/// assert!(!format!("{config:?}").contains("secret"));
/// ```
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub(crate) endpoint: reqwest::Url,
    pub(crate) app_code: Option<AppCode>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_concurrent: usize,
    pub(crate) user_agent: String,
    pub(crate) oversize: OversizePolicy,
    pub(crate) request_limit: usize,
}

impl ClientConfig {
    /// Starts a configuration for the full endpoint URL.
    pub fn builder(endpoint: impl Into<String>) -> ClientConfigBuilder {
        ClientConfigBuilder {
            endpoint: endpoint.into(),
            app_code: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            max_concurrent: 4,
            user_agent: concat!("docstruct-ocr-client/", env!("CARGO_PKG_VERSION")).to_owned(),
            oversize: OversizePolicy::default(),
            request_limit: DEFAULT_REQUEST_LIMIT,
            allow_insecure: false,
        }
    }

    /// Reads `OCR_ENDPOINT` and `OCR_APPCODE` (both required), with every
    /// other setting at its default.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder_from_env()?.build()
    }

    /// Like [`ClientConfig::from_env`] but returns the builder, to change more settings.
    pub fn builder_from_env() -> Result<ClientConfigBuilder, Error> {
        let endpoint = std::env::var(ENV_ENDPOINT)
            .map_err(|_| Error::config(format!("{ENV_ENDPOINT} is not set (the full URL of the OCR endpoint)")))?;
        let code = std::env::var(ENV_APPCODE)
            .map_err(|_| Error::config(format!("{ENV_APPCODE} is not set (the marketplace AppCode)")))?;
        Ok(Self::builder(endpoint).app_code(code))
    }

    /// The endpoint URL, as parsed (normalised) from the builder's input.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The request size limit in bytes.
    pub fn request_limit(&self) -> usize {
        self.request_limit
    }
}

/// Builder for [`ClientConfig`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientConfigBuilder {
    endpoint: String,
    app_code: Option<AppCode>,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    max_concurrent: usize,
    user_agent: String,
    oversize: OversizePolicy,
    request_limit: usize,
    allow_insecure: bool,
}

impl ClientConfigBuilder {
    /// The AppCode, sent as `Authorization: APPCODE <code>`.
    pub fn app_code(mut self, code: impl Into<String>) -> Self {
        self.app_code = Some(AppCode::new(code));
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Timeout for one whole attempt, from sending to the last body byte (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How many requests one client has in flight at most (default 4).
    pub fn max_concurrent_requests(mut self, n: usize) -> Self {
        self.max_concurrent = n;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// What to do with images over the request limit (default: downscale).
    pub fn oversize_policy(mut self, policy: OversizePolicy) -> Self {
        self.oversize = policy;
        self
    }

    /// The request body limit in bytes (default [`DEFAULT_REQUEST_LIMIT`]).
    pub fn request_limit(mut self, bytes: usize) -> Self {
        self.request_limit = bytes;
        self
    }

    /// Allows sending the AppCode over plain `http://` to a host that is not
    /// loopback. Off by default: the AppCode travels in clear text.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure = allow;
        self
    }

    /// Checks the settings.
    ///
    /// Errors ([`crate::ErrorKind::Config`]): an endpoint that is not an
    /// `http(s)` URL; an AppCode over plain HTTP to a non-loopback host
    /// (unless allowed); zero timeouts, concurrency or limit.
    pub fn build(self) -> Result<ClientConfig, Error> {
        let endpoint = reqwest::Url::parse(self.endpoint.trim())
            .map_err(|e| Error::config("the endpoint is not a valid URL").with_source(e))?;
        match endpoint.scheme() {
            "https" => {}
            "http" => {
                let host = endpoint.host_str().unwrap_or("");
                let loopback = host.eq_ignore_ascii_case("localhost")
                    || host
                        .trim_matches(['[', ']'])
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback());
                if self.app_code.is_some() && !loopback && !self.allow_insecure {
                    return Err(Error::config(
                        "refusing to send the AppCode over plain http; use https (or allow_insecure_http)",
                    ));
                }
            }
            other => return Err(Error::config(format!("unsupported endpoint scheme {other:?}"))),
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::config("timeouts must be greater than zero"));
        }
        if self.max_concurrent == 0 {
            return Err(Error::config("max_concurrent_requests must be at least 1"));
        }
        if self.request_limit == 0 {
            return Err(Error::config("request_limit must be at least 1 byte"));
        }
        if self.app_code.as_ref().is_some_and(AppCode::is_blank) {
            return Err(Error::config("the AppCode is empty"));
        }
        Ok(ClientConfig {
            endpoint,
            app_code: self.app_code,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            retry: self.retry,
            max_concurrent: self.max_concurrent,
            user_agent: self.user_agent,
            oversize: self.oversize,
            request_limit: self.request_limit,
        })
    }
}
