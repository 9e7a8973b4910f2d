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
