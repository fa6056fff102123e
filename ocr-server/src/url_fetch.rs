//! Server-side `imgUrl` downloads, guarded against SSRF.
//!
//! Off unless configured. When on: only `http`/`https`; only hosts on the
//! allow-list; every address the host resolves to must be public (no
//! loopback, private, link-local, CGNAT, unique-local, multicast or
//! unspecified address — unless the operator allowed that exact address);
//! the connection goes to the address that was checked (no second DNS
//! lookup to rebind); redirects are followed by hand, each hop checked the
//! same way; size and time are bounded.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use futures_util::StreamExt;

/// Settings for `imgUrl` fetching.
#[derive(Debug, Clone)]
pub struct UrlFetchConfig {
    /// Host names (exact, case-insensitive) that may be fetched from.
    pub allowed_hosts: Vec<String>,
    /// Non-public addresses the operator explicitly allows (an internal
    /// image store); empty by default.
    pub allowed_addresses: Vec<IpAddr>,
    /// Largest image fetched, in bytes (default 2 MiB).
    pub max_bytes: usize,
    /// Time limit for the whole fetch, redirects included (default 5 s).
    pub timeout: Duration,
    /// Redirects followed at most (default 3).
    pub max_redirects: usize,
}

impl UrlFetchConfig {
    /// Fetching from these hosts, other settings at their defaults.
    pub fn allow_hosts(hosts: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            allowed_hosts: hosts.into_iter().map(Into::into).collect(),
            allowed_addresses: Vec::new(),
            max_bytes: 2 * 1024 * 1024,
            timeout: Duration::from_secs(5),
            max_redirects: 3,
        }
    }
}

/// Whether an address is reachable from the public internet.
fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || o[0] == 0
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80)
        }
    }
}

/// Why a URL was refused or failed (the reason is safe to show to the caller).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct FetchRefused(pub(crate) String);

async fn check(url: &reqwest::Url, config: &UrlFetchConfig) -> Result<SocketAddr, FetchRefused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchRefused("only http and https URLs are fetched".into()));
    }
    let host = url
        .host_str()
        .ok_or_else(|| FetchRefused("the URL has no host".into()))?;
    let bare = host.trim_matches(['[', ']']);
    if !config.allowed_hosts.iter().any(|h| h.eq_ignore_ascii_case(bare)) {
        return Err(FetchRefused("the URL's host is not on the allow-list".into()));
    }
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|_| FetchRefused("the URL's host does not resolve".into()))?
        .collect();
    let allowed = |ip: IpAddr| is_public(ip) || config.allowed_addresses.contains(&ip);
    if addrs.is_empty() || !addrs.iter().all(|a| allowed(a.ip())) {
        return Err(FetchRefused("the URL's host resolves to a non-public address".into()));
    }
    Ok(addrs[0])
}

/// Fetches an image URL under the guards above.
pub async fn fetch(url: &str, config: &UrlFetchConfig) -> Result<bytes::Bytes, FetchRefused> {
    tokio::time::timeout(config.timeout, fetch_inner(url, config))
        .await
        .map_err(|_| FetchRefused("fetching the URL timed out".into()))?
}

async fn fetch_inner(url: &str, config: &UrlFetchConfig) -> Result<bytes::Bytes, FetchRefused> {
    let mut url = reqwest::Url::parse(url).map_err(|_| FetchRefused("not a valid URL".into()))?;
    for _ in 0..=config.max_redirects {
        let addr = check(&url, config).await?;
        let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_owned();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .resolve(&host, addr)
            .timeout(config.timeout)
            .build()
            .map_err(|_| FetchRefused("cannot build the HTTP client".into()))?;
        let response = client
            .get(url.clone())
            .send()
            .await
            .map_err(|_| FetchRefused("the URL could not be fetched".into()))?;
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| FetchRefused("a redirect without a location".into()))?;
            url = url
                .join(location)
                .map_err(|_| FetchRefused("a redirect to an invalid URL".into()))?;
            continue;
        }
        if !response.status().is_success() {
            return Err(FetchRefused(format!(
                "the URL answered HTTP {}",
                response.status().as_u16()
            )));
        }
        if response.content_length().is_some_and(|n| n as usize > config.max_bytes) {
            return Err(FetchRefused("the image at the URL is too large".into()));
        }
        let mut body = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|_| FetchRefused("the download was interrupted".into()))?;
            if body.len() + chunk.len() > config.max_bytes {
                return Err(FetchRefused("the image at the URL is too large".into()));
            }
            body.extend_from_slice(&chunk);
        }
        return Ok(body.into());
    }
    Err(FetchRefused("too many redirects".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        assert!(is_public("93.184.216.34".parse().unwrap()));
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
    }
}
