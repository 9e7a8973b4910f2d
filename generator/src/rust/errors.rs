//! The `errors` module: one type per error response, the SDK's default error, and per operation an
//! enum of exactly the errors that operation can return.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::syntax::{doc, doc_or, ident};
use crate::ir::{ErrorDef, Operation};

pub fn render(rust: &Rust<'_>) -> TokenStream {
    let error_types = rust.api.errors.iter().map(|error| error_type(rust, error));
    let default_error = default_error(rust);
    let decodes = !rust.api.errors.is_empty() || rust.api.operations().next().is_some();
    let raw_response = decodes.then(|| {
        quote!(
            use crate::runtime::RawResponse;
        )
    });
    let enums = rust
        .api
        .operations()
        .map(|(_, operation)| operation_error(rust, operation));
    quote! {
        //! Errors: what each operation can fail with.
        //!
        //! Every operation returns its own error enum (e.g. the `...Error` of each operation below)
        //! that lists exactly the error responses the API documents for it, the SDK's default error
        //! for any other 4XX/5XX response, and the failures that happen before or after the HTTP
        //! exchange: an invalid request, a transport failure, a timeout, and a response that does
        //! not match its schema.
        use reqwest::StatusCode;
        use reqwest::header::HeaderMap;

        pub use crate::runtime::{
            RequestValidationError, ResponseValidationError, SendError, TimeoutError, TransportError,
        };
        #raw_response
        use crate::runtime::truncate_body;

        /// How many characters of a response body an error message quotes.
        const BODY_SNIPPET_CHARS: usize = 500;

        #(#error_types)*
        #default_error
        #(#enums)*
    }
}

/// A documented error response: HTTP details plus the decoded body.
fn error_type(rust: &Rust<'_>, error: &ErrorDef) -> TokenStream {
    let name = format_ident!("{}", error.name);
    let description = error
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` error response.", error.name));
    let docs = doc(&description);
    let format = format!(
        "{} (status {{}}): {{}}",
        super::syntax::summary(&description)
            .replace('{', "{{")
            .replace('}', "}}")
    );
    let (body_field, body_init) = match &error.body {
        Some(ty) => {
            let ty = rust.ty(ty);
            (
                quote! {
                    /// The response body, decoded.
                    pub body: #ty,
                },
                quote!(body: response.json()?,),
            )
        }
        None => (quote!(), quote!()),
    };
    quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #name {
            /// The HTTP status of the response.
            pub status: StatusCode,
            /// The response headers.
            pub headers: HeaderMap,
            /// The response body as received.
            pub raw_body: String,
            #body_field
        }

        impl #name {
            /// Decodes the error from a response; a body that does not match its schema is a
            /// [`ResponseValidationError`] that keeps the raw body.
            pub(crate) fn from_response(response: &RawResponse) -> Result<Self, ResponseValidationError> {
                Ok(Self {
                    status: response.status(),
                    headers: response.headers().clone(),
                    raw_body: response.text_lossy(),
                    #body_init
                })
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, #format, self.status, truncate_body(&self.raw_body, BODY_SNIPPET_CHARS))
            }
        }

        impl std::error::Error for #name {}
    }
}

/// The error for any 4XX/5XX response an operation does not document.
fn default_error(rust: &Rust<'_>) -> TokenStream {
    let name = format_ident!("{}", rust.api.default_error);
    let from_response = rust.api.operations().next().is_some().then(|| {
        quote! {
            impl #name {
                pub(crate) fn from_response(response: &RawResponse) -> Self {
                    Self {
                        status: response.status(),
                        content_type: response.content_type().map(str::to_owned),
                        headers: response.headers().clone(),
                        raw_body: response.text_lossy(),
                    }
                }
            }
        }
    });
    quote! {
        /// An error response the API does not document for the operation (any other 4XX or 5XX
        /// status, or a documented status with an undocumented content type).
        #[derive(Debug, Clone)]
        pub struct #name {
            /// The HTTP status of the response.
            pub status: StatusCode,
            /// The response's `Content-Type`, if it had one.
            pub content_type: Option<String>,
            /// The response headers.
            pub headers: HeaderMap,
            /// The response body as received.
            pub raw_body: String,
        }

        #from_response

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(
                    f,
                    "API error (status {}, content type {}): {}",
                    self.status,
                    self.content_type.as_deref().unwrap_or("none"),
                    truncate_body(&self.raw_body, BODY_SNIPPET_CHARS)
                )
            }
        }

        impl std::error::Error for #name {}
    }
}

/// The variants of an operation's error enum that stand for documented errors: one per error
/// type, named by its short name unless that clashes with a fixed variant.
pub fn documented_variants<'a>(
    rust: &'a Rust<'_>,
    operation: &'a Operation,
) -> Vec<(proc_macro2::Ident, &'a ErrorDef)> {
    const FIXED: &[&str] = &[
        "Default",
        "InvalidRequest",
        "InvalidResponse",
        "Transport",
        "Timeout",
        "Aborted",
    ];
    let mut variants: Vec<(proc_macro2::Ident, &ErrorDef)> = Vec::new();
    for response in &operation.errors {
        let Some(error) = rust.api.error_def(&response.error) else {
            continue;
        };
        if variants.iter().any(|(_, known)| known.name == error.name) {
            continue;
        }
        let short = if FIXED.contains(&error.short_name.as_str())
            || variants.iter().any(|(v, _)| v == &error.short_name)
        {
            error.name.as_str()
        } else {
            error.short_name.as_str()
        };
        variants.push((ident(short), error));
    }
    variants
}

fn operation_error(rust: &Rust<'_>, operation: &Operation) -> TokenStream {
    let name = rust.operation_error_ident(operation);
    let default_error = format_ident!("{}", rust.api.default_error);
    let documented = documented_variants(rust, operation);
    let variants = documented.iter().map(|(variant, error)| {
        let ty = format_ident!("{}", error.name);
        let docs = doc_or(
            error.description.as_deref(),
            &format!("The `{}` error response.", error.name),
        );
        quote!(#docs #[error(transparent)] #variant(#[from] #ty),)
    });
    let status_arms = documented
        .iter()
        .map(|(variant, _)| quote!(Self::#variant(error) => Some(error.status)));
    let body_arms = documented
        .iter()
        .map(|(variant, _)| quote!(Self::#variant(error) => Some(&error.raw_body)));
    let docs = doc(&format!(
        "Everything `{}` ({} `{}`) can fail with.",
        operation.id, operation.method, operation.path
    ));
    quote! {
        #docs
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A 4XX/5XX response the API does not document for this operation.
            #[error(transparent)]
            Default(#[from] #default_error),
            /// The request was rejected before anything was sent.
            #[error(transparent)]
            InvalidRequest(#[from] RequestValidationError),
            /// The response did not match its documented schema; the raw body is kept.
            #[error(transparent)]
            InvalidResponse(#[from] ResponseValidationError),
            /// The server could not be reached, or the exchange broke off.
            #[error(transparent)]
            Transport(#[from] TransportError),
            /// The request did not complete within its time limit.
            #[error(transparent)]
            Timeout(#[from] TimeoutError),
            /// A hook or the API key source failed, so the request was not sent.
            #[error(transparent)]
            Aborted(SendError),
        }

        impl #name {
            /// The HTTP status of the response, when the error is one.
            pub fn status(&self) -> Option<StatusCode> {
                match self {
                    #(#status_arms,)*
                    Self::Default(error) => Some(error.status),
                    Self::InvalidResponse(error) => Some(error.status()),
                    _ => None,
                }
            }

            /// The response body as received, when the error is a response.
            pub fn raw_body(&self) -> Option<&str> {
                match self {
                    #(#body_arms,)*
                    Self::Default(error) => Some(&error.raw_body),
                    Self::InvalidResponse(error) => Some(error.raw_body()),
                    _ => None,
                }
            }
        }

        impl From<SendError> for #name {
            fn from(error: SendError) -> Self {
                match error {
                    SendError::Transport(error) => Self::Transport(error),
                    SendError::Timeout(error) => Self::Timeout(error),
                    SendError::InvalidRequest(error) => Self::InvalidRequest(error),
                    other => Self::Aborted(other),
                }
            }
        }
    }
}
