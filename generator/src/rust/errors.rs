//! The `errors` module: one type per error response, the SDK's default error, and per operation an
//! enum of exactly the errors that operation can return.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::source::Source;
use super::syntax::{doc, ident};
use crate::ir::{ErrorDef, Operation, StatusMatch};

pub fn render<'r>(rust: &'r Rust<'_>) -> Source<'r> {
    let decodes = !rust.api.errors.is_empty() || rust.api.operations().next().is_some();
    let raw_response = decodes.then(|| {
        quote!(
            use crate::runtime::RawResponse;
        )
    });
    let error_types = rust
        .api
        .errors
        .iter()
        .map(|error| move || error_type(rust, error));
    let enums = rust
        .api
        .operations()
        .map(|(_, operation)| move || operation_error(rust, operation));
    Source::new(quote! {
        //! Errors: what each operation can fail with.
        //!
        //! Every operation returns its own error enum (e.g. the `...Error` of each operation below)
        //! that lists exactly the error responses the API documents for it, the SDK's default error
        //! for any other 4XX/5XX response, and the failures that happen before or after the HTTP
        //! exchange: an invalid request, a transport failure, a timeout, a response that does not
        //! match its schema, and a success with an undocumented content type. Each enum's
        //! `status()` gives the HTTP status whenever the error is a response.
        use reqwest::StatusCode;
        use reqwest::header::HeaderMap;

        pub use crate::runtime::{
            RequestValidationError, ResponseValidationError, SendError, TimeoutError, TimeoutKind,
            TransportError, UnexpectedContentTypeError,
        };
        #raw_response
        use crate::runtime::body_snippet;
    })
    .parts(error_types)
    .part(move || default_error(rust))
    .parts(enums)
}

/// A documented error response: HTTP details plus the decoded body.
fn error_type(rust: &Rust<'_>, error: &ErrorDef) -> TokenStream {
    let name = format_ident!("{}", error.name);
    let description = error
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` error response.", error.name));
    let docs = doc(&super::rustdoc::markdown(&description));
    // The message shows the description's first line as the spec writes it, not as markdown.
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
            /// The response body as text (invalid UTF-8 replaced), at most the client's error body
            /// cap (1 MiB unless set otherwise).
            pub raw_body: String,
            /// Whether `raw_body` is only the start of a longer body.
            pub raw_body_truncated: bool,
            #body_field
        }

        impl #name {
            /// Decodes the error from a response; a body that does not match its schema is a
            /// [`ResponseValidationError`] that keeps the status, headers and raw body.
            pub(crate) fn from_response(response: &RawResponse) -> Result<Self, ResponseValidationError> {
                let (raw_body, raw_body_truncated) = response.error_text();
                Ok(Self {
                    status: response.status(),
                    headers: response.headers().clone(),
                    raw_body,
                    raw_body_truncated,
                    #body_init
                })
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, #format, self.status, body_snippet(&self.raw_body, self.raw_body_truncated))
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
                    let (raw_body, raw_body_truncated) = response.error_text();
                    Self {
                        status: response.status(),
                        content_type: response.content_type().map(str::to_owned),
                        headers: response.headers().clone(),
                        raw_body,
                        raw_body_truncated,
                    }
                }
            }
        }
    });
    quote! {
        /// A response the API does not document for the operation: a status it does not list
        /// (usually a 4XX or 5XX), or a documented error status with an undocumented content type
        /// (e.g. an HTML error page from a proxy).
        #[derive(Debug, Clone)]
        pub struct #name {
            /// The HTTP status of the response.
            pub status: StatusCode,
            /// The response's `Content-Type`, if it had one.
            pub content_type: Option<String>,
            /// The response headers.
            pub headers: HeaderMap,
            /// The response body as text (invalid UTF-8 replaced), at most the client's error body
            /// cap (1 MiB unless set otherwise).
            pub raw_body: String,
            /// Whether `raw_body` is only the start of a longer body.
            pub raw_body_truncated: bool,
        }

        #from_response

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(
                    f,
                    "API error (status {}, content type {}): {}",
                    self.status,
                    self.content_type.as_deref().unwrap_or("none"),
                    body_snippet(&self.raw_body, self.raw_body_truncated)
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
        "UnexpectedContentType",
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

/// A status as the docs show it: `400`, `4XX`, or any status the operation lists no other way.
fn status_text(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code { code } => format!("status `{code}`"),
        StatusMatch::Class { class } => format!("a `{class}XX` status"),
        StatusMatch::Default => "any status not listed otherwise".to_owned(),
    }
}

/// When a documented error variant appears: its statuses and content types.
fn documented_when(operation: &Operation, error: &ErrorDef) -> String {
    let cases: Vec<String> = operation
        .errors
        .iter()
        .filter(|response| response.error == error.name)
        .map(|response| {
            let status = status_text(&response.status);
            match (&response.content_type, &error.body) {
                (Some(content_type), Some(_)) => {
                    format!("{status} with a body of type `{content_type}` that matches its schema")
                }
                (Some(content_type), None) => {
                    format!("{status} with a body of type `{content_type}`")
                }
                (None, _) => status,
            }
        })
        .collect();
    cases.join("; ")
}

/// The rustdoc of an operation's error enum: what it is, and which variant appears when.
fn operation_error_docs(
    operation: &Operation,
    documented: &[(proc_macro2::Ident, &ErrorDef)],
) -> TokenStream {
    let mut text = format!(
        "Everything `{}` (`{} {}`) can fail with.\n\nWhich variant appears when:\n\n| variant | when |\n| --- | --- |\n",
        operation.id, operation.method, operation.path
    );
    for (variant, error) in documented {
        text.push_str(&format!(
            "| `{variant}` | {} |\n",
            documented_when(operation, error)
        ));
    }
    text.push_str(
        "| `InvalidResponse` | a documented status (success or error) whose body does not match its \
         schema, e.g. an error status with unexpected JSON, or a documented error body cut at the \
         error body cap |\n\
         | `Default` | a status this operation does not document (usually a 4XX or 5XX), or a \
         documented error status with another content type, e.g. an HTML error page |\n\
         | `UnexpectedContentType` | a documented success status with another content type than \
         documented |\n\
         | `InvalidRequest` | the request was rejected before anything was sent |\n\
         | `Transport` | no complete response on the last attempt: connection refused or reset, or \
         the body broke off |\n\
         | `Timeout` | a time limit ran out: connect, read idle, per attempt, or the retry budget of \
         the whole call ([`TimeoutError::kind`]) |\n\
         | `Aborted` | a hook or the API key source failed, so the request was not sent |\n\n\
         A response without a `Content-Type` is read as the documented content type. \
         [`status`](Self::status), [`headers`](Self::headers) and [`raw_body`](Self::raw_body) \
         answer for every variant that stands for a response (the documented ones, `Default`, \
         `InvalidResponse` and `UnexpectedContentType`), so a caller can always match on the \
         status. Raw bodies are kept up to the client's error body cap (1 MiB unless set \
         otherwise); [`raw_body_truncated`](Self::raw_body_truncated) says when one was cut.",
    );
    doc(&text)
}

fn operation_error(rust: &Rust<'_>, operation: &Operation) -> TokenStream {
    let name = rust.operation_error_ident(operation);
    let default_error = format_ident!("{}", rust.api.default_error);
    let documented = documented_variants(rust, operation);
    let variants = documented.iter().map(|(variant, error)| {
        let ty = format_ident!("{}", error.name);
        let docs = match &error.description {
            Some(description) => doc(&super::rustdoc::markdown(description)),
            None => doc(&format!("The `{}` error response.", error.name)),
        };
        quote!(#docs #[error(transparent)] #variant(#[from] #ty),)
    });
    let documented_names = documented.iter().map(|(variant, _)| variant);
    let docs = operation_error_docs(operation, &documented);
    quote! {
        #docs
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A response this operation does not document: another status, or a documented
            /// error status with another content type.
            #[error(transparent)]
            Default(#[from] #default_error),
            /// A success status with another content type than documented; the response is kept.
            #[error(transparent)]
            UnexpectedContentType(#[from] UnexpectedContentTypeError),
            /// The request was rejected before anything was sent.
            #[error(transparent)]
            InvalidRequest(#[from] RequestValidationError),
            /// A documented status whose body did not match its schema; status, headers and raw
            /// body are kept.
            #[error(transparent)]
            InvalidResponse(#[from] ResponseValidationError),
            /// The server could not be reached, or the exchange broke off.
            #[error(transparent)]
            Transport(#[from] TransportError),
            /// A time limit ran out: connect, read idle, per attempt or the retry budget.
            #[error(transparent)]
            Timeout(#[from] TimeoutError),
            /// A hook or the API key source failed, so the request was not sent.
            #[error(transparent)]
            Aborted(SendError),
        }

        crate::runtime::operation_error!(#name { #(#documented_names),* });
    }
}
