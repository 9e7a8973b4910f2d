//! Client configuration: server URL, credentials, HTTP client, timeouts,
//! retries and hooks, with environment-variable fallbacks.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::error::{BuildError, RequestValidationError, SendError, ValueSource};
use super::hooks::{Hook, HookError};
use super::redirect::redirect_policy;
use super::response::DEFAULT_MAX_ERROR_BODY_BYTES;
use super::retry::{RetryConfig, StatusCodePattern};

/// Shown instead of credentials in `Debug` output.
const REDACTED: &str = "[REDACTED]";

/// The default connect timeout: 10 s (see [`ConfigBuilder::connect_timeout`]).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default read idle timeout: 120 s (see [`ConfigBuilder::read_idle_timeout`]).
pub const DEFAULT_READ_IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// SDK-specific defaults, supplied by the generated crate.
#[derive(Clone, Debug)]
pub struct Defaults {
    /// Server URL used when neither the builder nor `{env_prefix}_BASE_URL` sets one.
    pub server_url: &'static str,
    /// Prefix of the environment variables read as fallbacks, e.g. `ACME`
    /// for `ACME_API_KEY`.
    pub env_prefix: &'static str,
    /// Retry policy used unless the builder sets one.
    pub retry: RetryConfig,
    /// Status code patterns retried unless the builder sets them, e.g. `["5XX"]`.
    pub retry_codes: &'static [&'static str],
    /// The `User-Agent` header sent with every request.
    pub user_agent: String,
}

/// The future returned by an API key source.
type KeyFuture = Pin<Box<dyn Future<Output = Result<String, HookError>> + Send>>;

/// A user function producing the API key, called before every attempt.
type KeySource = Arc<dyn Fn() -> KeyFuture + Send + Sync>;

/// Where the API key comes from.
#[derive(Clone)]
enum Credentials {
    None,
    Static(SecretString),
    Source(KeySource),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::Static(_) => write!(f, "Some({REDACTED:?})"),
            Self::Source(_) => f.write_str("Source(<fn>)"),
        }
    }
}

/// Builds a [`Config`]; start with [`ConfigBuilder::new`].
///
/// Unset values fall back to environment variables (`{PREFIX}_BASE_URL`,
/// `{PREFIX}_API_KEY`), then to the SDK defaults.
#[must_use = "a ConfigBuilder does nothing until `build` is called"]
pub struct ConfigBuilder {
    defaults: Defaults,
    server_url: Option<String>,
    credentials: Credentials,
    http_client: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    read_idle_timeout: Option<Duration>,
    max_error_body_bytes: usize,
    retry: Option<RetryConfig>,
    retry_codes: Option<Vec<StatusCodePattern>>,
    hooks: Vec<Box<dyn Hook>>,
}

impl ConfigBuilder {
    /// Starts from the SDK's defaults; nothing is read from the environment
    /// until [`build`](Self::build).
    pub fn new(defaults: Defaults) -> Self {
        Self {
            defaults,
            server_url: None,
            credentials: Credentials::None,
            http_client: None,
            timeout: None,
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            read_idle_timeout: Some(DEFAULT_READ_IDLE_TIMEOUT),
            max_error_body_bytes: DEFAULT_MAX_ERROR_BODY_BYTES,
            retry: None,
            retry_codes: None,
            hooks: Vec::new(),
        }
    }

    /// The server URL (an absolute `http`/`https` URL, possibly with a base
    /// path); overrides `{PREFIX}_BASE_URL` and the default.
    pub fn server_url(mut self, server_url: impl Into<String>) -> Self {
        self.server_url = Some(server_url.into());
        self
    }

    /// The API key sent as `Authorization: Bearer <key>`; overrides
    /// `{PREFIX}_API_KEY` and any earlier [`api_key_source`](Self::api_key_source).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.credentials = Credentials::Static(SecretString::from(api_key.into()));
        self
    }

    /// A function producing the API key, awaited before every attempt
    /// (retries included), for keys that rotate or expire. Overrides
    /// `{PREFIX}_API_KEY` and any earlier [`api_key`](Self::api_key).
    ///
    /// ```ignore
    /// let builder = builder.api_key_source(|| async { Ok(fetch_token().await?) });
    /// ```
    ///
    /// An error aborts the call with [`SendError::ApiKeySource`].
    pub fn api_key_source<F, Fut>(mut self, source: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, HookError>> + Send + 'static,
    {
        self.credentials = Credentials::Source(Arc::new(move || Box::pin(source()) as KeyFuture));
        self
    }

    /// The HTTP client to use, e.g. one with a proxy or custom TLS roots.
    /// By default a new client is created with `reqwest`'s defaults, the
    /// [connect timeout](Self::connect_timeout) and the
    /// [`redirect_policy`](super::redirect_policy) that answers the redirect
    /// statuses an operation documents instead of following them; a client
    /// given here keeps its own connection settings and redirect policy (set
    /// its connect timeout, and `.redirect(redirect_policy())`, yourself).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Time limit for each attempt as a whole (connecting, waiting and
    /// reading the body). No limit by default: the
    /// [read idle timeout](Self::read_idle_timeout) catches a server that
    /// stops answering without cutting off a long response, and the retry
    /// budget ([`BackoffStrategy::max_elapsed_time`]) bounds the whole call.
    ///
    /// [`BackoffStrategy::max_elapsed_time`]: super::BackoffStrategy::max_elapsed_time
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time limit for opening a connection, in the HTTP client the SDK
    /// creates: **10 s** by default; `None` for no limit. (A client passed
    /// to [`http_client`](Self::http_client) keeps its own setting.)
    ///
    /// A connect timeout is a connection error: it is retried when the
    /// retry policy's `retry_connection_errors` is set; the final error is a
    /// [`TimeoutError`](super::TimeoutError) of kind
    /// [`TimeoutKind::Connect`](super::TimeoutKind::Connect).
    ///
    /// Why 10 s: trusted SDKs choose between 3.1 s and 60 s. The AWS SDK for
    /// Rust uses 3.1 s (tuned for nearby AWS endpoints, and retried), the
    /// OpenAI and Anthropic SDKs 5 s, the Azure SDK for Java 10 s, Stripe's
    /// SDKs 30 s, botocore 60 s. A healthy connection, TLS included, takes
    /// well under a second even across continents; 10 s still tolerates a
    /// slow mobile or satellite link, while an unreachable address (packets
    /// silently dropped) is given up soon enough to retry within the retry
    /// budget.
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = timeout.into();
        self
    }

    /// Longest silence tolerated while receiving a response: **120 s** by
    /// default; `None` for no limit. It is measured from sending the request
    /// until the status and headers arrive, and then between any two parts
    /// of the body, so it catches a server that stopped answering (a dead
    /// peer, a connection dropped without being closed) without limiting
    /// how long a response may take as a whole: a large or slow body that
    /// keeps arriving is never cut off. Per call:
    /// [`RequestOptions::read_idle_timeout`](super::RequestOptions::read_idle_timeout).
    ///
    /// The attempt then fails with a [`TimeoutError`](super::TimeoutError)
    /// of kind [`TimeoutKind::ReadIdle`](super::TimeoutKind::ReadIdle); it is
    /// retried like a connection error when `retry_connection_errors` is
    /// set (the server may have processed the request already).
    ///
    /// Why 120 s: the per-read ("socket") timeouts of trusted SDKs are
    /// 60 s (Azure SDK for Java, botocore), 80 s (Stripe), 100 s (Azure SDK
    /// for .NET), none in the AWS SDK for Rust, and 600 s in the OpenAI and
    /// Anthropic SDKs, whose non-streamed answers can stay silent for
    /// minutes before the first byte. 120 s is above what the first group
    /// allows ordinary APIs and leaves room for a model that thinks before
    /// answering, while a silent server is detected within two minutes
    /// instead of never. Raise it for calls known to think longer.
    pub fn read_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.read_idle_timeout = timeout.into();
        self
    }

    /// How much of an error body is read and kept: **1 MiB** by default.
    ///
    /// Of a 4XX/5XX response at most this many bytes are read; the rest is
    /// left unread (the connection is closed rather than reused). The
    /// error's `raw_body` then holds the start of the body and says so
    /// (`raw_body_truncated`, and a note in its `Display`); a documented
    /// error whose body was cut cannot be decoded and arrives as
    /// `InvalidResponse`, status kept. Errors about success responses
    /// (`InvalidResponse`, `UnexpectedContentType`) keep at most this much
    /// of the body as text too. Success bodies are never cut.
    ///
    /// Why 1 MiB: error bodies are small (a JSON message, an HTML page of a
    /// few KiB); the cap keeps a misbehaving server or proxy from making
    /// each error hold megabytes, and is far above any useful error body.
    pub fn max_error_body_bytes(mut self, bytes: usize) -> Self {
        self.max_error_body_bytes = bytes;
        self
    }

    /// Retry policy for every call, instead of the SDK default.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Status codes retried for every call, instead of the SDK default.
    pub fn retry_codes(mut self, codes: impl IntoIterator<Item = StatusCodePattern>) -> Self {
        self.retry_codes = Some(codes.into_iter().collect());
        self
    }

    /// Adds a hook; hooks run in the order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Box::new(hook));
        self
    }

    /// Validates the settings, applying environment fallbacks and defaults.
    ///
    /// # Errors
    ///
    /// [`BuildError`] if the server URL, API key, user agent or default
    /// retry codes are invalid, or the HTTP client cannot be created.
    pub fn build(self) -> Result<Config, BuildError> {
        let prefix = self.defaults.env_prefix;
        let custom_client = self.http_client.is_some();
        let (server_url, source_of_value) = match self.server_url {
            Some(url) => (url, ValueSource::Builder),
            None => match env_var(prefix, "BASE_URL") {
                Some(url) => (url, ValueSource::EnvVar(format!("{prefix}_BASE_URL"))),
                None => (self.defaults.server_url.to_owned(), ValueSource::Default),
            },
        };
        let server_url =
            parse_server_url(&server_url).map_err(|reason| BuildError::InvalidServerUrl {
                value: redact_url_text(&server_url),
                source_of_value,
                reason,
            })?;

        let credentials = match self.credentials {
            Credentials::None => match env_var(prefix, "API_KEY") {
                Some(key) => {
                    let key = SecretString::from(key);
                    bearer_value(key.expose_secret()).map_err(|()| {
                        BuildError::InvalidApiKey(ValueSource::EnvVar(format!("{prefix}_API_KEY")))
                    })?;
                    Credentials::Static(key)
                }
                None => Credentials::None,
            },
            Credentials::Static(key) => {
                bearer_value(key.expose_secret())
                    .map_err(|()| BuildError::InvalidApiKey(ValueSource::Builder))?;
                Credentials::Static(key)
            }
            source @ Credentials::Source(_) => source,
        };

        let retry_codes = match self.retry_codes {
            Some(codes) => codes,
            None => self
                .defaults
                .retry_codes
                .iter()
                .map(|code| code.parse())
                .collect::<Result<_, _>>()
                .map_err(BuildError::InvalidRetryCode)?,
        };
        let user_agent = HeaderValue::from_str(&self.defaults.user_agent)
            .map_err(|_| BuildError::InvalidUserAgent(self.defaults.user_agent.clone()))?;
        let http_client = match self.http_client {
            Some(client) => client,
            None => {
                let mut builder = reqwest::Client::builder().redirect(redirect_policy());
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder.build().map_err(BuildError::HttpClient)?
            }
        };
        let connect_timeout = if custom_client {
            None
        } else {
            self.connect_timeout
        };

        Ok(Config {
            inner: Arc::new(Inner {
                server_url,
                credentials,
                http_client,
                timeout: self.timeout,
                connect_timeout,
                read_idle_timeout: self.read_idle_timeout,
                max_error_body_bytes: self.max_error_body_bytes,
                retry: self.retry.unwrap_or(self.defaults.retry),
                retry_codes,
                hooks: self.hooks,
                user_agent,
            }),
        })
    }
}

impl fmt::Debug for ConfigBuilder {
    /// Never shows the API key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("defaults", &self.defaults)
            .field(
                "server_url",
                &self.server_url.as_deref().map(redact_url_text),
            )
            .field("api_key", &self.credentials)
            .field("http_client", &self.http_client)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_idle_timeout", &self.read_idle_timeout)
            .field("max_error_body_bytes", &self.max_error_body_bytes)
            .field("retry", &self.retry)
            .field("retry_codes", &self.retry_codes)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

/// A validated client configuration, shared by all operations.
///
/// Cloning is cheap (the configuration is reference-counted).
#[derive(Clone)]
pub struct Config {
    inner: Arc<Inner>,
}

struct Inner {
    server_url: Url,
    credentials: Credentials,
    http_client: reqwest::Client,
    timeout: Option<Duration>,
    /// `None` for a custom client, whose setting is not known.
    connect_timeout: Option<Duration>,
    read_idle_timeout: Option<Duration>,
    max_error_body_bytes: usize,
    retry: RetryConfig,
    retry_codes: Vec<StatusCodePattern>,
    hooks: Vec<Box<dyn Hook>>,
    user_agent: HeaderValue,
}

impl Config {
    /// The server URL requests are sent to (unless overridden per call).
    pub fn server_url(&self) -> &Url {
        &self.inner.server_url
    }

    pub(crate) fn http_client(&self) -> &reqwest::Client {
        &self.inner.http_client
    }

    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    pub(crate) fn connect_timeout(&self) -> Option<Duration> {
        self.inner.connect_timeout
    }

    pub(crate) fn read_idle_timeout(&self) -> Option<Duration> {
        self.inner.read_idle_timeout
    }

    pub(crate) fn max_error_body_bytes(&self) -> usize {
        self.inner.max_error_body_bytes
    }

    pub(crate) fn retry(&self) -> &RetryConfig {
        &self.inner.retry
    }

    pub(crate) fn retry_codes(&self) -> &[StatusCodePattern] {
        &self.inner.retry_codes
    }

    pub(crate) fn hooks(&self) -> &[Box<dyn Hook>] {
        &self.inner.hooks
    }

    pub(crate) fn user_agent(&self) -> &HeaderValue {
        &self.inner.user_agent
    }

    /// The `Authorization` header for the next attempt, if a key is
    /// configured; awaits the key source if there is one.
    pub(crate) async fn authorization(&self) -> Result<Option<HeaderValue>, SendError> {
        match &self.inner.credentials {
            Credentials::None => Ok(None),
            // Validated by `build`.
            Credentials::Static(key) => Ok(bearer_value(key.expose_secret()).unwrap_or(None)),
            Credentials::Source(source) => {
                let key = SecretString::from(source().await.map_err(SendError::ApiKeySource)?);
                bearer_value(key.expose_secret()).map_err(|()| {
                    RequestValidationError::new(
                        "Authorization",
                        "the API key from the key source contains characters not allowed in an HTTP header",
                    )
                    .into()
                })
            }
        }
    }
}

impl fmt::Debug for Config {
    /// Never shows the API key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Config")
            .field("server_url", &inner.server_url.as_str())
            .field("api_key", &inner.credentials)
            .field("timeout", &inner.timeout)
            .field("connect_timeout", &inner.connect_timeout)
            .field("read_idle_timeout", &inner.read_idle_timeout)
            .field("max_error_body_bytes", &inner.max_error_body_bytes)
            .field("retry", &inner.retry)
            .field("retry_codes", &inner.retry_codes)
            .field("hooks", &inner.hooks.len())
            .field("user_agent", &inner.user_agent)
            .finish_non_exhaustive()
    }
}

/// The value of `{prefix}_{suffix}` if it is set, valid Unicode and not
/// blank, with surrounding whitespace removed.
pub fn env_var(prefix: &str, suffix: &str) -> Option<String> {
    let value = std::env::var(format!("{prefix}_{suffix}")).ok()?;
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Parses a server URL, which must be an absolute `http`/`https` URL with a
/// host, without credentials (they would bypass the API key handling and
/// could end up in logs), query or fragment (paths are appended to it).
pub(crate) fn parse_server_url(value: &str) -> Result<Url, String> {
    let url = Url::parse(value.trim()).map_err(|err| err.to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "scheme must be http or https, not {:?}",
            url.scheme()
        ));
    }
    if !url.has_host() {
        return Err("the URL has no host".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "credentials in the URL are not supported; configure the API key instead".to_owned(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("the URL must not have a query or fragment".to_owned());
    }
    Ok(url)
}

/// `value` with any password replaced, for quoting in error messages.
pub(crate) fn redact_url_text(value: &str) -> String {
    match Url::parse(value.trim()) {
        Ok(mut url) if url.password().is_some() => {
            // Cannot fail: the URL has a password, so it can have one.
            let _ = url.set_password(Some("REDACTED"));
            url.into()
        }
        _ => value.to_owned(),
    }
}

/// `Bearer <key>` as a sensitive header value (the key is used as is if it
/// already starts with `Bearer `). `Ok(None)` for an empty key; `Err` if the
/// key cannot appear in a header.
fn bearer_value(key: &str) -> Result<Option<HeaderValue>, ()> {
    if key.is_empty() {
        return Ok(None);
    }
    let has_scheme = key
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer "));
    let text = Zeroizing::new(if has_scheme {
        key.to_owned()
    } else {
        format!("Bearer {key}")
    });
    let mut value = HeaderValue::from_str(&text).map_err(|_| ())?;
    value.set_sensitive(true);
    Ok(Some(value))
}
