//! Retry policy: which responses are retried, and how long to wait between
//! attempts.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::error::InvalidStatusCodePattern;

/// Whether and how failed attempts are retried.
#[derive(Clone, Debug, PartialEq)]
pub enum RetryConfig {
    /// Every request is attempted exactly once.
    None,
    /// Retry with exponential backoff.
    Backoff {
        /// Delays between attempts and the overall time budget.
        backoff: BackoffStrategy,
        /// Also retry when no complete response arrived: connection refused
        /// or reset, a body that broke off before its end, or an attempt
        /// that timed out (connect, read idle or per-attempt timeout). Note
        /// that such a request may already have been processed by the
        /// server.
        retry_connection_errors: bool,
    },
}

/// Exponential backoff parameters.
///
/// The nominal delay starts at `initial_interval` and is multiplied by
/// `exponent` after each retry. Each actual delay adds a random jitter of up
/// to the nominal delay (so it lies in `[nominal, 2 * nominal)`) and is then
/// capped at `max_interval`. No further attempt starts once the time since
/// the first attempt plus the next delay would exceed `max_elapsed_time`,
/// and an attempt still in progress when `max_elapsed_time` runs out is
/// abandoned: the budget bounds the whole call. The call then reports the
/// previous attempt's outcome, or a timeout if it was the first attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct BackoffStrategy {
    /// Nominal delay before the first retry.
    pub initial_interval: Duration,
    /// Upper bound for any single delay, including a server's `Retry-After`.
    pub max_interval: Duration,
    /// Growth factor of the nominal delay between retries.
    pub exponent: f64,
    /// Total time budget of the call, measured from the start of the first
    /// attempt: no retry starts after it, and an attempt in progress when it
    /// runs out is abandoned (the first attempt ends the call with a
    /// [`TimeoutKind::RetryBudget`](super::TimeoutKind::RetryBudget) timeout).
    pub max_elapsed_time: Duration,
}

impl Default for BackoffStrategy {
    /// 500 ms initial delay, growing by 1.5x up to 60 s per delay, for at
    /// most one hour in total.
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(60),
            exponent: 1.5,
            max_elapsed_time: Duration::from_secs(3600),
        }
    }
}

/// A status code, or a class of them, whose responses should be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusCodePattern {
    /// Exactly this status code, e.g. `429`.
    Exact(u16),
    /// Every status whose first digit is this, e.g. `5` for `5XX`.
    Class(u8),
}

impl StatusCodePattern {
    /// Whether `status` is covered by this pattern.
    pub fn matches(&self, status: StatusCode) -> bool {
        match *self {
            Self::Exact(code) => status.as_u16() == code,
            Self::Class(class) => status.as_u16() / 100 == u16::from(class),
        }
    }
}

impl FromStr for StatusCodePattern {
    type Err = InvalidStatusCodePattern;

    /// Parses `"503"` (a code from 100 to 599) or `"5XX"` / `"5xx"` (a class
    /// from 1 to 5).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidStatusCodePattern(s.to_owned());
        let &[first @ b'1'..=b'5', second, third] = s.as_bytes() else {
            return Err(invalid());
        };
        if [second, third].eq_ignore_ascii_case(b"xx") {
            return Ok(Self::Class(first - b'0'));
        }
        if !second.is_ascii_digit() || !third.is_ascii_digit() {
            return Err(invalid());
        }
        let digit = |byte: u8| u16::from(byte - b'0');
        Ok(Self::Exact(
            digit(first) * 100 + digit(second) * 10 + digit(third),
        ))
    }
}

impl fmt::Display for StatusCodePattern {
    /// Formats as `503` or `5XX`, the form accepted by `from_str`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(code) => write!(f, "{code}"),
            Self::Class(class) => write!(f, "{class}XX"),
        }
    }
}

/// The delays of one call's retry loop.
pub(crate) struct Backoff {
    delays: <ExponentialBuilder as BackoffBuilder>::Backoff,
    strategy: BackoffStrategy,
}

impl Backoff {
    pub(crate) fn new(strategy: &BackoffStrategy) -> Self {
        // backon's factor is an f32; the precision loss is irrelevant for delays.
        let factor = strategy.exponent as f32;
        let delays = ExponentialBuilder::new()
            .with_min_delay(strategy.initial_interval)
            .with_max_delay(strategy.max_interval)
            .with_factor(factor)
            .with_jitter()
            .without_max_times()
            .build();
        Self {
            delays,
            strategy: strategy.clone(),
        }
    }

    /// The delay before the next attempt, or `None` when the time budget
    /// does not allow another one. A server-requested delay (`Retry-After`)
    /// replaces the computed one; either is capped at `max_interval`.
    pub(crate) fn next_delay(
        &mut self,
        elapsed: Duration,
        server_delay: Option<Duration>,
    ) -> Option<Duration> {
        // Advance the sequence even when the server chose the delay, so that
        // later computed delays keep growing.
        let computed = self.delays.next().unwrap_or(self.strategy.max_interval);
        let delay = cap_delay(server_delay.unwrap_or(computed), self.strategy.max_interval);
        let within_budget = elapsed
            .checked_add(delay)
            .is_some_and(|total| total <= self.strategy.max_elapsed_time);
        within_budget.then_some(delay)
    }
}

/// Caps a delay at the configured maximum.
pub(crate) fn cap_delay(delay: Duration, max_interval: Duration) -> Duration {
    delay.min(max_interval)
}

/// The delay a server asked for, from `retry-after-ms` (milliseconds) or
/// `Retry-After` (seconds or an HTTP date). Malformed values are ignored; a
/// date in the past means "no wait".
pub(crate) fn server_retry_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(parse_millis) {
        return Some(ms);
    }
    let value = header("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

fn parse_millis(value: &str) -> Option<Duration> {
    let millis = value.parse::<f64>().ok()?;
    if !millis.is_finite() || millis < 0.0 {
        return None;
    }
    Duration::try_from_secs_f64(millis / 1000.0).ok()
}
