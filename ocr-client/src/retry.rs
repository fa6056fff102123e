//! When and how long to wait before trying a request again.

use std::time::{Duration, SystemTime};

/// Capped exponential backoff with jitter, honouring `Retry-After`.
///
/// Only retryable failures are retried ([`crate::Error::is_retryable`]: 5xx,
/// gateway errors, throttling, timeouts, connection failures); business
/// errors and other 4xx never are.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use ocr_client::RetryPolicy;
/// let p = RetryPolicy::default().with_jitter(false);
/// assert_eq!(p.backoff(0), Duration::from_millis(250));
/// assert_eq!(p.backoff(1), Duration::from_millis(500));
/// assert_eq!(p.backoff(30), p.max_backoff);
/// assert_eq!(RetryPolicy::none().max_retries, 0);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 3; 0 disables retries).
    pub max_retries: u32,
    /// Wait before the first retry (default 250 ms); doubles each time.
    pub initial_backoff: Duration,
    /// Upper bound of one backoff wait (default 8 s).
    pub max_backoff: Duration,
    /// Randomise each wait to between half and all of it (default on), so
    /// many clients do not retry in lockstep.
    pub jitter: bool,
    /// The longest `Retry-After` to wait for (default 60 s); a longer one ends
    /// the retries and returns the error.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The policy with `max_retries` changed.
    pub fn with_max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The policy with the backoff bounds changed.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The policy with jitter on or off.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The backoff before retry number `retry` (0-based), before jitter is
    /// applied when `jitter` is off, after when on.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(31));
        let base = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        if self.jitter {
            base.mul_f64(0.5 + fastrand::f64() * 0.5)
        } else {
            base
        }
    }

    /// How long to wait before retry number `retry`, given the server's
    /// `Retry-After`; `None` when the server asks for longer than
    /// `max_retry_after`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        match retry_after {
            Some(after) if after > self.max_retry_after => None,
            Some(after) => Some(after),
            None => Some(self.backoff(retry)),
        }
    }
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
