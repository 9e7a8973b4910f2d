//! What every operation's error enum has besides its variants: the response accessors and the
//! conversion from a [`SendError`](super::SendError).

/// Implements the accessors and `From<SendError>` of an operation's error enum, declared with its
/// docs in the errors module: its documented variants (each holding an error type with the
/// fields `status`, `headers`, `raw_body` and `raw_body_truncated`) and the fixed ones, `Default`,
/// `UnexpectedContentType`, `InvalidRequest`, `InvalidResponse`, `Transport`, `Timeout` and
/// `Aborted`, e.g. `operation_error!(CreateKeysError { BadRequest, Unauthorized })`.
macro_rules! operation_error {
    ($name:ident { $($variant:ident),* $(,)? }) => {
        impl $name {
            /// The HTTP status, for every variant that stands for a response.
            pub fn status(&self) -> Option<::reqwest::StatusCode> {
                match self {
                    $(Self::$variant(error) => Some(error.status),)*
                    Self::Default(error) => Some(error.status),
                    Self::UnexpectedContentType(error) => Some(error.status()),
                    Self::InvalidResponse(error) => Some(error.status()),
                    _ => None,
                }
            }

            /// The response headers, for every variant that stands for a response.
            pub fn headers(&self) -> Option<&::reqwest::header::HeaderMap> {
                match self {
                    $(Self::$variant(error) => Some(&error.headers),)*
                    Self::Default(error) => Some(&error.headers),
                    Self::UnexpectedContentType(error) => Some(error.headers()),
                    Self::InvalidResponse(error) => Some(error.headers()),
                    _ => None,
                }
            }

            /// The response body as text (up to the error body cap), for every variant that
            /// stands for a response.
            pub fn raw_body(&self) -> Option<&str> {
                match self {
                    $(Self::$variant(error) => Some(&error.raw_body),)*
                    Self::Default(error) => Some(&error.raw_body),
                    Self::UnexpectedContentType(error) => Some(error.raw_body()),
                    Self::InvalidResponse(error) => Some(error.raw_body()),
                    _ => None,
                }
            }

            /// Whether [`raw_body`](Self::raw_body) is only the start of a body longer than the
            /// error body cap.
            pub fn raw_body_truncated(&self) -> bool {
                match self {
                    $(Self::$variant(error) => error.raw_body_truncated,)*
                    Self::Default(error) => error.raw_body_truncated,
                    Self::UnexpectedContentType(error) => error.raw_body_truncated(),
                    Self::InvalidResponse(error) => error.raw_body_truncated(),
                    _ => false,
                }
            }
        }

        impl From<$crate::runtime::SendError> for $name {
            fn from(error: $crate::runtime::SendError) -> Self {
                match error {
                    $crate::runtime::SendError::Transport(error) => Self::Transport(error),
                    $crate::runtime::SendError::Timeout(error) => Self::Timeout(error),
                    $crate::runtime::SendError::InvalidRequest(error) => Self::InvalidRequest(error),
                    other => Self::Aborted(other),
                }
            }
        }
    };
}

pub(crate) use operation_error;

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    use crate::runtime::{
        RequestValidationError, ResponseValidationError, SendError, TimeoutError, TransportError,
        UnexpectedContentTypeError,
    };

    /// A documented error response, or the default error: the fields the accessors read.
    #[derive(Debug, thiserror::Error)]
    #[error("status {status}")]
    struct Response {
        status: StatusCode,
        headers: HeaderMap,
        raw_body: String,
        raw_body_truncated: bool,
    }

    /// An operation's error enum, as the errors module declares one (`UnexpectedContentType`
    /// needs a whole response to build, which this test has none of).
    #[allow(dead_code)]
    #[derive(Debug, thiserror::Error)]
    enum FetchError {
        #[error(transparent)]
        NotFound(Response),
        #[error(transparent)]
        Default(Response),
        #[error(transparent)]
        UnexpectedContentType(UnexpectedContentTypeError),
        #[error(transparent)]
        InvalidRequest(RequestValidationError),
        #[error(transparent)]
        InvalidResponse(ResponseValidationError),
        #[error(transparent)]
        Transport(TransportError),
        #[error(transparent)]
        Timeout(TimeoutError),
        #[error(transparent)]
        Aborted(SendError),
    }

    crate::runtime::operation_error!(FetchError { NotFound });

    fn response(status: StatusCode, truncated: bool) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "7".parse().unwrap());
        Response {
            status,
            headers,
            raw_body: "{\"error\":\"gone\"}".into(),
            raw_body_truncated: truncated,
        }
    }

    #[test]
    fn responses_answer_the_accessors_and_other_failures_do_not() {
        let documented = FetchError::NotFound(response(StatusCode::NOT_FOUND, true));
        assert_eq!(documented.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(documented.headers().unwrap()["x-request-id"], "7");
        assert_eq!(documented.raw_body(), Some("{\"error\":\"gone\"}"));
        assert!(documented.raw_body_truncated());

        let default = FetchError::Default(response(StatusCode::BAD_GATEWAY, false));
        assert_eq!(default.status(), Some(StatusCode::BAD_GATEWAY));
        assert!(!default.raw_body_truncated());

        let source = serde_json::from_str::<u32>("\"x\"").unwrap_err();
        let invalid = FetchError::InvalidResponse(ResponseValidationError::new(
            StatusCode::OK,
            None,
            "\"x\"".into(),
            source,
        ));
        assert_eq!(invalid.status(), Some(StatusCode::OK));
        assert_eq!(invalid.raw_body(), Some("\"x\""));

        let rejected = FetchError::from(SendError::InvalidRequest(RequestValidationError::new(
            "limit",
            "must be at most 10",
        )));
        assert!(matches!(rejected, FetchError::InvalidRequest(_)));
        assert_eq!(rejected.status(), None);
        assert_eq!(rejected.headers(), None);
        assert_eq!(rejected.raw_body(), None);
        assert!(!rejected.raw_body_truncated());
    }
}
