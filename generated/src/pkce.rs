//! PKCE ([RFC 7636]) helpers for the OpenRouter OAuth flow.
//!
//! OpenRouter lets an application obtain a user-controlled API key through a
//! browser redirect:
//!
//! 1. Generate a [`Pkce`] pair: a secret [`CodeVerifier`] that stays with your
//!    application, and its public S256 code challenge.
//! 2. Send the user to the authorization URL built by
//!    [`AuthorizationUrlBuilder`]. After they approve, OpenRouter redirects to
//!    your `callback_url` with a `code` query parameter.
//! 3. Exchange that `code` together with the verifier for an API key
//!    (`POST /auth/keys` with `code`, `code_verifier` and
//!    `code_challenge_method`).
//!
//! # Example
//!
//! ```
//! use openrouter::pkce::{AuthorizationUrlBuilder, Pkce};
//! use url::Url;
//!
//! let server_url = Url::parse("https://openrouter.ai/api/v1")?;
//! let callback_url = Url::parse("http://localhost:3000/callback")?;
//!
//! // 1. A fresh verifier (keep it secret) and its S256 challenge.
//! let pkce = Pkce::new()?;
//!
//! // 2. The URL to open in the user's browser.
//! let auth_url = AuthorizationUrlBuilder::new(&server_url, &callback_url)
//!     .pkce(&pkce)
//!     .limit(100.0)
//!     .build()?;
//! assert_eq!(auth_url.origin().ascii_serialization(), "https://openrouter.ai");
//! assert_eq!(auth_url.path(), "/auth");
//!
//! // 3. Later, in the callback handler, exchange the `code` query parameter
//! //    for an API key, sending `pkce.verifier.as_str()` as `code_verifier`
//! //    and "S256" as `code_challenge_method` (POST /auth/keys).
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [RFC 7636]: https://www.rfc-editor.org/rfc/rfc7636

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRng as _;
use rand::rngs::SysRng;
use sha2::{Digest as _, Sha256};
use url::Url;

/// The `S256` code challenge method: the challenge is
/// `BASE64URL(SHA256(verifier))`, as computed by [`s256_challenge`].
pub const S256: &str = "S256";

/// The `plain` code challenge method: the challenge is the verifier itself.
///
/// RFC 7636 only permits it when S256 cannot be used; prefer [`S256`].
pub const PLAIN: &str = "plain";

/// Minimum length of a code verifier, in characters (RFC 7636 §4.1).
pub const VERIFIER_MIN_LEN: usize = 43;

/// Maximum length of a code verifier, in characters (RFC 7636 §4.1).
pub const VERIFIER_MAX_LEN: usize = 128;

/// Number of random bytes behind a verifier made by [`CodeVerifier::random`].
const RANDOM_VERIFIER_BYTES: usize = 32;

/// Errors produced by the PKCE helpers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkceError {
    /// The code verifier is shorter than 43 or longer than 128 characters.
    #[error(
        "invalid PKCE code verifier: must be {VERIFIER_MIN_LEN} to {VERIFIER_MAX_LEN} characters long, got {len}"
    )]
    InvalidVerifierLength {
        /// Length of the rejected verifier, in characters.
        len: usize,
    },

    /// The code verifier contains a character outside `[A-Za-z0-9-._~]`.
    #[error(
        "invalid PKCE code verifier: character {ch:?} at position {index} is not allowed (only A-Z, a-z, 0-9, '-', '.', '_' and '~' are)"
    )]
    InvalidVerifierChar {
        /// The offending character.
        ch: char,
        /// Zero-based character position of the offending character.
        index: usize,
    },

    /// The operating system's random number generator failed.
    #[error("failed to read random bytes from the operating system RNG")]
    Rng(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),

    /// The server URL has no network origin (scheme, host and port), so no
    /// authorization URL can be derived from it.
    #[error(
        "cannot build the authorization URL: server URL with scheme `{scheme}` has no host origin (expected e.g. https://openrouter.ai/api/v1)"
    )]
    InvalidServerUrl {
        /// Scheme of the rejected server URL.
        scheme: String,
    },

    /// The credit limit is NaN, infinite or negative.
    #[error("invalid credit limit {0}: must be a finite, non-negative number")]
    InvalidLimit(f64),
}

/// A PKCE code verifier (RFC 7636 §4.1).
///
/// Always holds 43 to 128 characters from `[A-Za-z0-9-._~]`. The value is a
/// secret until it has been exchanged, so its [`Debug`](fmt::Debug) output is
/// redacted and it has no `Display` implementation; use
/// [`as_str`](Self::as_str) when the value itself is needed.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeVerifier(String);

impl CodeVerifier {
    /// Generates a verifier from 32 bytes of the operating system's random
    /// number generator, base64url-encoded without padding (43 characters).
    ///
    /// # Errors
    ///
    /// Returns [`PkceError::Rng`] if the operating system RNG fails.
    pub fn random() -> Result<Self, PkceError> {
        let mut bytes = [0u8; RANDOM_VERIFIER_BYTES];
        SysRng
            .try_fill_bytes(&mut bytes)
            .map_err(|err| PkceError::Rng(Box::new(err)))?;
        Ok(Self(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Wraps an existing verifier after checking it against RFC 7636: 43 to
    /// 128 characters, each one of `A-Z`, `a-z`, `0-9`, `-`, `.`, `_`, `~`.
    ///
    /// # Errors
    ///
    /// Returns [`PkceError::InvalidVerifierLength`] or
    /// [`PkceError::InvalidVerifierChar`] if the value does not qualify.
    pub fn new(verifier: impl Into<String>) -> Result<Self, PkceError> {
        let verifier = verifier.into();
        let len = verifier.chars().count();
        if !(VERIFIER_MIN_LEN..=VERIFIER_MAX_LEN).contains(&len) {
            return Err(PkceError::InvalidVerifierLength { len });
        }
        if let Some((index, ch)) = verifier
            .chars()
            .enumerate()
            .find(|&(_, ch)| !is_unreserved(ch))
        {
            return Err(PkceError::InvalidVerifierChar { ch, index });
        }
        Ok(Self(verifier))
    }

    /// Returns the verifier, e.g. for the `code_verifier` field of the key
    /// exchange request.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the verifier and returns its value.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CodeVerifier").field(&"[REDACTED]").finish()
    }
}

impl FromStr for CodeVerifier {
    type Err = PkceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for CodeVerifier {
    type Error = PkceError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

/// Whether `ch` is an RFC 3986 "unreserved" character, the alphabet of a
/// code verifier.
fn is_unreserved(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || matches!(ch, '-' | '.' | '_' | '~')
}

/// Computes the `S256` code challenge of `verifier`:
/// `BASE64URL-NOPAD(SHA256(ASCII(verifier)))` (RFC 7636 §4.2).
#[must_use]
pub fn s256_challenge(verifier: &CodeVerifier) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_str().as_bytes()))
}

/// A code verifier together with its `S256` code challenge.
///
/// Send [`challenge`](Self::challenge) (with method [`S256`]) in the
/// authorization URL; keep [`verifier`](Self::verifier) until the key exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pkce {
    /// The secret verifier, sent only in the key exchange request.
    pub verifier: CodeVerifier,
    /// The `S256` challenge derived from [`verifier`](Self::verifier).
    pub challenge: String,
}

impl Pkce {
    /// Generates a pair from a fresh [`CodeVerifier::random`] verifier.
    ///
    /// # Errors
    ///
    /// Returns [`PkceError::Rng`] if the operating system RNG fails.
    pub fn new() -> Result<Self, PkceError> {
        CodeVerifier::random().map(Self::from_verifier)
    }

    /// Builds the pair for an existing verifier.
    #[must_use]
    pub fn from_verifier(verifier: CodeVerifier) -> Self {
        let challenge = s256_challenge(&verifier);
        Self {
            verifier,
            challenge,
        }
    }
}

/// Builds the OpenRouter authorization URL the user is sent to:
/// `<server origin>/auth?callback_url=…[&code_challenge=…&code_challenge_method=…][&limit=…]`.
///
/// The origin is the scheme, host and port of the server URL, so a server URL
/// of `https://openrouter.ai/api/v1` yields `https://openrouter.ai/auth?…`.
/// Query values are form-urlencoded.
#[derive(Debug, Clone)]
pub struct AuthorizationUrlBuilder {
    server_url: Url,
    callback_url: Url,
    code_challenge: Option<(String, String)>,
    limit: Option<f64>,
}

impl AuthorizationUrlBuilder {
    /// Starts a builder for the given API server URL and the callback URL
    /// OpenRouter redirects to with the authorization `code`.
    #[must_use]
    pub fn new(server_url: &Url, callback_url: &Url) -> Self {
        Self {
            server_url: server_url.clone(),
            callback_url: callback_url.clone(),
            code_challenge: None,
            limit: None,
        }
    }

    /// Sets the code challenge and its method (normally [`S256`], or
    /// [`PLAIN`]); both query parameters are sent together or not at all.
    #[must_use]
    pub fn code_challenge(mut self, challenge: &str, method: &str) -> Self {
        self.code_challenge = Some((challenge.to_owned(), method.to_owned()));
        self
    }

    /// Sets the challenge of `pkce` with method [`S256`].
    #[must_use]
    pub fn pkce(self, pkce: &Pkce) -> Self {
        self.code_challenge(&pkce.challenge, S256)
    }

    /// Sets the credit limit of the key to be created; omitted when unset.
    #[must_use]
    pub fn limit(mut self, limit: f64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Builds the URL.
    ///
    /// # Errors
    ///
    /// Returns [`PkceError::InvalidServerUrl`] if the server URL has no host
    /// origin (e.g. `data:` or `file:` URLs), and [`PkceError::InvalidLimit`]
    /// if the limit is NaN, infinite or negative.
    pub fn build(&self) -> Result<Url, PkceError> {
        let invalid_server = || PkceError::InvalidServerUrl {
            scheme: self.server_url.scheme().to_owned(),
        };
        let origin = self.server_url.origin();
        if !origin.is_tuple() {
            return Err(invalid_server());
        }
        let mut url = Url::parse(&format!("{}/auth", origin.ascii_serialization()))
            .map_err(|_| invalid_server())?;

        if let Some(limit) = self.limit
            && !(limit.is_finite() && limit >= 0.0)
        {
            return Err(PkceError::InvalidLimit(limit));
        }

        {
            let mut query = url.query_pairs_mut();
            query.append_pair("callback_url", self.callback_url.as_str());
            if let Some((challenge, method)) = &self.code_challenge {
                query.append_pair("code_challenge", challenge);
                query.append_pair("code_challenge_method", method);
            }
            if let Some(limit) = self.limit {
                query.append_pair("limit", &limit.to_string());
            }
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn pairs(url: &Url) -> Vec<(String, String)> {
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    fn owned(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|&(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    fn server() -> Url {
        Url::parse("https://openrouter.ai/api/v1").unwrap()
    }

    fn callback() -> Url {
        Url::parse("http://localhost:3000/callback?state=a b&x=1").unwrap()
    }

    #[test]
    fn rfc7636_appendix_b_vector() {
        let verifier = CodeVerifier::new(RFC_VERIFIER).unwrap();
        assert_eq!(s256_challenge(&verifier), RFC_CHALLENGE);
        let pkce = Pkce::from_verifier(verifier);
        assert_eq!(pkce.challenge, RFC_CHALLENGE);
        assert_eq!(pkce.verifier.as_str(), RFC_VERIFIER);
    }

    #[test]
    fn random_verifiers_are_valid_and_distinct() {
        let a = CodeVerifier::random().unwrap();
        let b = CodeVerifier::random().unwrap();
        assert_eq!(a.as_str().len(), 43);
        assert_eq!(b.as_str().len(), 43);
        assert!(CodeVerifier::new(a.as_str()).is_ok());
        assert!(CodeVerifier::new(b.as_str()).is_ok());
        assert_ne!(a, b);

        let pkce = Pkce::new().unwrap();
        assert_eq!(pkce.challenge, s256_challenge(&pkce.verifier));
        assert_eq!(pkce.challenge.len(), 43);
    }

    #[test]
    fn length_bounds() {
        assert!(CodeVerifier::new("a".repeat(43)).is_ok());
        assert!(CodeVerifier::new("a".repeat(128)).is_ok());
        assert!(matches!(
            CodeVerifier::new("a".repeat(42)),
            Err(PkceError::InvalidVerifierLength { len: 42 })
        ));
        assert!(matches!(
            CodeVerifier::new("a".repeat(129)),
            Err(PkceError::InvalidVerifierLength { len: 129 })
        ));
        assert!(matches!(
            CodeVerifier::new(""),
            Err(PkceError::InvalidVerifierLength { len: 0 })
        ));
    }

    #[test]
    fn bad_characters_rejected() {
        let with_space = format!("{} ", "a".repeat(43));
        assert!(matches!(
            CodeVerifier::new(with_space),
            Err(PkceError::InvalidVerifierChar { ch: ' ', index: 43 })
        ));
        let with_plus = format!("+{}", "a".repeat(43));
        assert!(matches!(
            CodeVerifier::new(with_plus),
            Err(PkceError::InvalidVerifierChar { ch: '+', index: 0 })
        ));
        for bad in ['/', '=', '%', 'é', '\n'] {
            let v = format!("{}{bad}", "a".repeat(43));
            assert!(
                matches!(
                    CodeVerifier::new(v),
                    Err(PkceError::InvalidVerifierChar { ch, .. }) if ch == bad
                ),
                "{bad:?} accepted"
            );
        }
        assert!(CodeVerifier::new(format!("{}-._~AZaz09", "a".repeat(40))).is_ok());
    }

    #[test]
    fn from_str_and_try_from() {
        let v: CodeVerifier = RFC_VERIFIER.parse().unwrap();
        assert_eq!(v.as_str(), RFC_VERIFIER);
        let v = CodeVerifier::try_from(RFC_VERIFIER.to_owned()).unwrap();
        assert_eq!(v.into_string(), RFC_VERIFIER);
        assert!("short".parse::<CodeVerifier>().is_err());
    }

    #[test]
    fn debug_redacts_verifier() {
        let v = CodeVerifier::new(RFC_VERIFIER).unwrap();
        assert_eq!(format!("{v:?}"), r#"CodeVerifier("[REDACTED]")"#);
        let pkce = Pkce::from_verifier(v);
        let dbg = format!("{pkce:?}");
        assert!(!dbg.contains(RFC_VERIFIER), "{dbg}");
        assert!(dbg.contains("[REDACTED]"), "{dbg}");
        assert!(dbg.contains(RFC_CHALLENGE), "{dbg}");
        let dbg_alt = format!("{pkce:#?}");
        assert!(!dbg_alt.contains(RFC_VERIFIER), "{dbg_alt}");
    }

    #[test]
    fn url_with_challenge_and_limit() {
        let url = AuthorizationUrlBuilder::new(&server(), &callback())
            .code_challenge(RFC_CHALLENGE, S256)
            .limit(100.0)
            .build()
            .unwrap();
        assert_eq!(url.origin().ascii_serialization(), "https://openrouter.ai");
        assert_eq!(url.path(), "/auth");
        assert_eq!(url.fragment(), None);
        assert_eq!(
            pairs(&url),
            owned(&[
                ("callback_url", callback().as_str()),
                ("code_challenge", RFC_CHALLENGE),
                ("code_challenge_method", "S256"),
                ("limit", "100"),
            ])
        );
        assert!(
            url.as_str().starts_with(
                "https://openrouter.ai/auth?callback_url=http%3A%2F%2Flocalhost%3A3000%2Fcallback%3F"
            ),
            "{url}"
        );
    }

    #[test]
    fn url_without_challenge_or_limit() {
        let url = AuthorizationUrlBuilder::new(&server(), &callback())
            .build()
            .unwrap();
        assert_eq!(url.path(), "/auth");
        assert_eq!(pairs(&url), owned(&[("callback_url", callback().as_str())]));
    }

    #[test]
    fn url_with_challenge_only() {
        let pkce = Pkce::from_verifier(CodeVerifier::new(RFC_VERIFIER).unwrap());
        let url = AuthorizationUrlBuilder::new(&server(), &callback())
            .pkce(&pkce)
            .build()
            .unwrap();
        assert_eq!(
            pairs(&url),
            owned(&[
                ("callback_url", callback().as_str()),
                ("code_challenge", RFC_CHALLENGE),
                ("code_challenge_method", "S256"),
            ])
        );
    }

    #[test]
    fn url_with_limit_only_and_plain_method() {
        let url = AuthorizationUrlBuilder::new(&server(), &callback())
            .limit(2.5)
            .build()
            .unwrap();
        assert_eq!(
            pairs(&url),
            owned(&[("callback_url", callback().as_str()), ("limit", "2.5")])
        );

        let url = AuthorizationUrlBuilder::new(&server(), &callback())
            .code_challenge(RFC_VERIFIER, PLAIN)
            .build()
            .unwrap();
        assert_eq!(
            pairs(&url),
            owned(&[
                ("callback_url", callback().as_str()),
                ("code_challenge", RFC_VERIFIER),
                ("code_challenge_method", "plain"),
            ])
        );
    }

    #[test]
    fn url_origin_keeps_port_drops_path_query_userinfo() {
        let server = Url::parse("http://user:pw@localhost:8080/api/v1?x=1#frag").unwrap();
        let url = AuthorizationUrlBuilder::new(&server, &callback())
            .build()
            .unwrap();
        assert_eq!(url.scheme(), "http");
        assert_eq!(url.host_str(), Some("localhost"));
        assert_eq!(url.port(), Some(8080));
        assert_eq!(url.username(), "");
        assert_eq!(url.password(), None);
        assert_eq!(url.path(), "/auth");
        assert_eq!(url.fragment(), None);
        assert_eq!(pairs(&url), owned(&[("callback_url", callback().as_str())]));

        let default_port = Url::parse("https://openrouter.ai:443/api/v1").unwrap();
        let url = AuthorizationUrlBuilder::new(&default_port, &callback())
            .build()
            .unwrap();
        assert!(
            url.as_str().starts_with("https://openrouter.ai/auth?"),
            "{url}"
        );
    }

    #[test]
    fn invalid_server_url_and_limit_rejected() {
        let opaque = Url::parse("data:text/plain,hello").unwrap();
        let err = AuthorizationUrlBuilder::new(&opaque, &callback())
            .build()
            .unwrap_err();
        assert!(matches!(err, PkceError::InvalidServerUrl { ref scheme } if scheme == "data"));

        for bad in [f64::NAN, f64::INFINITY, -1.0] {
            let err = AuthorizationUrlBuilder::new(&server(), &callback())
                .limit(bad)
                .build()
                .unwrap_err();
            assert!(matches!(err, PkceError::InvalidLimit(_)), "{bad}");
        }
    }

    #[test]
    fn error_display_and_source() {
        let err = CodeVerifier::new("a".repeat(42)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid PKCE code verifier: must be 43 to 128 characters long, got 42"
        );
        let err = CodeVerifier::new(format!("{}+", "a".repeat(43))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid PKCE code verifier: character '+' at position 43 is not allowed \
             (only A-Z, a-z, 0-9, '-', '.', '_' and '~' are)"
        );
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
        assert!(boxed.source().is_none());
    }
}
