//! The `funcs` module: one standalone async function per operation. This is the only place that
//! builds requests and reads responses; the builder-style client calls these functions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::operations::inputs;
use super::source::Source;
use super::syntax::{doc, ident};
use crate::ir::{
    EventStream, Group, Operation, Parameter, ParameterLocation, ParameterStyle, StatusMatch,
    TypeKind, TypeRef,
};

pub fn render<'r>(rust: &'r Rust<'_>) -> Source<'r> {
    let core = rust.core_ident();
    let functions = rust
        .api
        .operations()
        .map(|(group, operation)| move || function(rust, group, operation));
    let parameters = || {
        rust.api
            .operations()
            .flat_map(|(_, operation)| &operation.parameters)
    };
    let mut helpers = Vec::new();
    if parameters().any(|p| p.location == ParameterLocation::Path) {
        helpers.extend([format_ident!("PathStyle"), format_ident!("path_param")]);
    }
    if parameters().any(|p| p.location == ParameterLocation::Query) {
        helpers.push(format_ident!("QueryStyle"));
    }
    if rust
        .api
        .operations()
        .any(|(_, operation)| !kept_redirects(operation).is_empty())
    {
        helpers.push(format_ident!("StatusCodePattern"));
    }
    let mut runtime: Vec<_> = ["ApiResponse", "Call", "RequestOptions"]
        .into_iter()
        .map(|name| format_ident!("{name}"))
        .chain(helpers)
        .collect();
    // As rustfmt orders them: types, then functions.
    runtime.sort_by_key(|name| {
        let name = name.to_string();
        (name.starts_with(char::is_lowercase), name)
    });
    let imports = rust.api.operations().next().is_some().then(|| {
        quote! {
            use reqwest::Method;

            use crate::core::#core;
            use crate::errors::*;
            use crate::runtime::{#(#runtime),*};
        }
    });
    Source::new(quote! {
        //! Standalone functions: one per operation, taking the core, the request and per-call
        //! options.
        #imports
    })
    .parts(functions)
}

/// The doc comment of an operation: summary, description and the HTTP route.
pub fn operation_docs(operation: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &operation.summary {
        text.push_str(summary);
        text.push_str("\n\n");
    }
    if let Some(description) = operation
        .description
        .as_ref()
        .filter(|d| Some(*d) != operation.summary.as_ref())
    {
        text.push_str(description.trim_end());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}` (operation `{}`)",
        operation.method, operation.path, operation.id
    ));
    doc(&text)
}

/// The streaming calls of an operation, if it has any.
pub struct StreamingCalls<'a> {
    /// The server-sent events one success response offers.
    pub events: Option<&'a EventStream>,
    /// The content type of a binary success response, which can also be read as a stream.
    pub bytes: Option<&'a str>,
}

/// What an operation can stream: the first success response's event stream, and the first binary
/// success body.
pub fn streaming_calls(operation: &Operation) -> StreamingCalls<'_> {
    StreamingCalls {
        events: operation
            .responses
            .iter()
            .find_map(|response| response.stream.as_ref()),
        bytes: operation.responses.iter().find_map(|response| {
            match (&response.content_type, &response.ty) {
                (Some(content_type), Some(TypeRef::Binary)) => Some(content_type.as_str()),
                _ => None,
            }
        }),
    }
}

/// `o_auth_create_auth_code_stream`: the function streaming an operation's server-sent events.
pub fn events_func_ident(
    rust: &Rust<'_>,
    group: &Group,
    operation: &Operation,
) -> proc_macro2::Ident {
    format_ident!("{}_stream", rust.func_ident(group, operation))
}

/// `files_download_bytes_stream`: the function streaming an operation's binary body.
pub fn bytes_func_ident(
    rust: &Rust<'_>,
    group: &Group,
    operation: &Operation,
) -> proc_macro2::Ident {
    format_ident!("{}_bytes_stream", rust.func_ident(group, operation))
}

/// The Rust type of an operation's stream of events: `EventStream<Event>`, or
/// `EventStream<Event, Error>` when the events declare the errors the server reports in them.
pub fn event_stream_ty(rust: &Rust<'_>, events: &EventStream) -> TokenStream {
    let event = rust.ty(&events.ty);
    match &events.error {
        Some(error) => {
            let error = rust.ty(error);
            quote!(crate::runtime::EventStream<#event, #error>)
        }
        None => quote!(crate::runtime::EventStream<#event>),
    }
}

/// A type in a doc comment: a link for a named type (`[`Name`](crate::models::Name)`), else its
/// code.
fn type_doc(rust: &Rust<'_>, ty: &TypeRef) -> String {
    let path = rust.ty(ty).to_string().replace(' ', "");
    match ty {
        TypeRef::Named { name } => format!("[`{name}`]({path})"),
        _ => format!("`{path}`"),
    }
}

/// A paragraph for a doc comment, wrapped at 96 columns (100 with `/// `).
pub(super) fn wrapped(text: &str) -> String {
    let leading = &text[..text.len() - text.trim_start_matches('\n').len()];
    format!(
        "{leading}{}",
        crate::template::text::doc_comment(text.trim_start_matches('\n'), "", 96)
    )
}

/// Which call of an operation a function is.
#[derive(Clone, Copy)]
enum Variant<'a> {
    /// The plain call: the body read whole and decoded.
    Plain,
    /// The server-sent events, as they arrive.
    Events(&'a EventStream),
    /// The binary body of this content type, as it arrives.
    Bytes(&'a str),
}

fn function(rust: &Rust<'_>, group: &Group, operation: &Operation) -> TokenStream {
    let streaming = streaming_calls(operation);
    let mut functions = vec![variant_function(rust, group, operation, Variant::Plain)];
    if let Some(events) = streaming.events {
        functions.push(variant_function(
            rust,
            group,
            operation,
            Variant::Events(events),
        ));
    }
    if let Some(content_type) = streaming.bytes {
        functions.push(variant_function(
            rust,
            group,
            operation,
            Variant::Bytes(content_type),
        ));
    }
    quote!(#(#functions)*)
}

/// The request body field that asks for the event stream, as `(ident, pattern of true)`: the
/// pattern and value of `true` in the field's shape (`true`, `Some(true)`,
/// `Some(Nullable::Value(true))`).
fn stream_field(
    rust: &Rust<'_>,
    operation: &Operation,
    events: &EventStream,
) -> Option<(proc_macro2::Ident, TokenStream)> {
    let wire_name = events.request_field.as_deref()?;
    let body = operation.request_body.as_ref()?;
    // A body of several media types has no one field to set.
    if body.type_name.is_some() {
        return None;
    }
    let mut ty = &body.ty;
    // Through aliases to the object.
    for _ in 0..16 {
        let TypeRef::Named { name } = ty else {
            return None;
        };
        let def = rust.type_def(name)?;
        match &def.kind {
            TypeKind::Alias { target } => ty = target,
            TypeKind::Object { fields, .. } => {
                let field = fields
                    .iter()
                    .find(|field| field.wire_name == wire_name && field.ty == TypeRef::Boolean)?;
                let code = super::models::field_code(rust, &def.name, field);
                let value = match (field.required, field.nullable) {
                    (true, false) => quote!(true),
                    (false, true) => quote!(Some(crate::runtime::Nullable::Value(true))),
                    _ => quote!(Some(true)),
                };
                return Some((code.ident, value));
            }
            _ => return None,
        }
    }
    None
}

fn variant_function(
    rust: &Rust<'_>,
    group: &Group,
    operation: &Operation,
    variant: Variant<'_>,
) -> TokenStream {
    let core = rust.core_ident();
    let request_type = format_ident!("{}", operation.request_type);
    let request_type = quote!(crate::operations::#request_type);
    let error = rust.operation_error_ident(operation);
    let id = &operation.id;
    let method = format_ident!("{}", operation.method);
    let (segments, path) = path_expression(rust, operation);
    let parameters = parameter_statements(rust, operation);
    // The plain call answers a documented redirect; a streaming call wants the stream, so it
    // follows every redirect to it.
    let redirects = kept_redirects(operation);
    let keep_redirects = (matches!(variant, Variant::Plain) && !redirects.is_empty())
        .then(|| quote!(let call = call.keep_redirects(&[#(#redirects),*]);));
    let body = super::bodies::body_statements(rust, operation);
    // The operation's own `x-speakeasy-retries` applies unless the call sets its own.
    let operation_retries = operation.retries.as_ref().map(|policy| {
        let config = super::core::retry_config(Some(policy));
        let codes = &policy.status_codes;
        quote! {
            let mut options = options.unwrap_or_default();
            if options.get_retries().is_none() {
                options = options.retries(#config);
            }
            if options.get_retry_codes().is_none() {
                options = options.retry_codes([#(#codes),*].into_iter().filter_map(|code| code.parse().ok()));
            }
            let options = Some(options);
        }
    });
    let unused_request =
        (inputs(rust, operation).is_empty()).then(|| quote!(let #request_type {} = request;));
    let mut docs = operation_docs(operation);
    let events = streaming_calls(operation).events;
    let stream_field = events.and_then(|events| stream_field(rust, operation, events));
    let body_required = operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.required);
    // Sets the stream field to `true` (the streaming call), or refuses a request that sets it (the
    // plain call, which cannot read a stream).
    let stream_statement = stream_field.as_ref().map(|(field, value)| {
        let wire = events
            .and_then(|events| events.request_field.as_deref())
            .unwrap_or_default();
        match variant {
            Variant::Events(_) if body_required => quote! {
                let mut request = request;
                request.request_body.#field = #value;
            },
            Variant::Events(_) => quote! {
                let mut request = request;
                if let Some(body) = request.request_body.as_mut() {
                    body.#field = #value;
                }
            },
            Variant::Plain => {
                let field_name = format!("request_body.{wire}");
                let message = format!(
                    "is true, which asks for an event stream: use `{}` (or the builder's `send_stream`) to receive it",
                    events_func_ident(rust, group, operation)
                );
                // A required `bool` is the condition itself.
                let is_true = |access: TokenStream| match value.to_string().as_str() {
                    "true" => access,
                    _ => quote!(#access == #value),
                };
                let set = if body_required {
                    is_true(quote!(request.request_body.#field))
                } else {
                    let check = is_true(quote!(body.#field));
                    quote!(request.request_body.as_ref().is_some_and(|body| #check))
                };
                quote! {
                    if #set {
                        return Err(RequestValidationError::new(#field_name, #message).into());
                    }
                }
            }
            Variant::Bytes(_) => quote!(),
        }
    });
    let accept: Vec<&str> = match variant {
        Variant::Plain => operation.accept.iter().map(String::as_str).collect(),
        Variant::Events(events) => vec![events.content_type.as_str()],
        Variant::Bytes(content_type) => vec![content_type],
    };
    let accept = (!accept.is_empty()).then(|| {
        let accept = accept.join(", ");
        quote!(let call = call.header("accept", #accept);)
    });
    let (name, returns, execute, outcome) = match variant {
        Variant::Plain => {
            let response = rust.response_ty(operation);
            let outcome = outcome(rust, operation);
            (
                rust.func_ident(group, operation),
                quote!(ApiResponse<#response>),
                quote!(let response = core.config().execute(call, options.as_ref()).await?;),
                outcome,
            )
        }
        Variant::Events(events) => {
            let content_type = events.content_type.as_str();
            let sentinel = match &events.sentinel {
                Some(sentinel) => quote!(Some(#sentinel)),
                None => quote!(None),
            };
            let (format, errors_text) = match (&events.ty, &events.error) {
                (TypeRef::String, _) => (
                    quote!(crate::runtime::EventFormat::text(#content_type, #sentinel)),
                    String::new(),
                ),
                (_, None) => (
                    quote!(crate::runtime::EventFormat::json(#content_type, #sentinel)),
                    " An event that is not an event of this stream but has an `error` member is the server reporting a failure: it ends the stream with a [`StreamError::Server`](crate::runtime::StreamError::Server) item that keeps the data.".to_owned(),
                ),
                (_, Some(error)) => (
                    quote!(crate::runtime::EventFormat::json_with_errors(#content_type, #sentinel)),
                    format!(
                        " An event whose `error` is set is the server reporting a failure: it ends the stream with a [`StreamError::Server`](crate::runtime::StreamError::Server) item, its details {}.",
                        type_doc(rust, error)
                    ),
                ),
            };
            let set = match (&stream_field, &events.request_field) {
                (Some(_), Some(wire)) => format!(" It sets the request body's `{wire}` to `true`."),
                _ => String::new(),
            };
            let sentinel_text = match &events.sentinel {
                Some(sentinel) => format!(
                    " The stream ends at the event whose data is `{sentinel}` (which is not yielded); a body that ends before it yields [`StreamError::Incomplete`](crate::runtime::StreamError::Incomplete)."
                ),
                None => " The stream ends with the body.".to_owned(),
            };
            docs.extend(doc(&wrapped(&format!(
                "\nStreams the response as server-sent events (`Accept: {content_type}`), each yielded as it arrives.{set}{sentinel_text}{errors_text} Retries apply until the first event; after it, a stall longer than the read idle timeout or a cut connection ends the stream with a [`StreamError`](crate::runtime::StreamError) item."
            ))));
            (
                events_func_ident(rust, group, operation),
                event_stream_ty(rust, events),
                quote! {
                    let response = match core.config().execute_events(call, options.as_ref(), #format).await? {
                        crate::runtime::Streamed::Open(events) => return Ok(events),
                        crate::runtime::Streamed::Complete(response) => response,
                    };
                },
                stream_outcome(rust, operation, content_type),
            )
        }
        Variant::Bytes(content_type) => {
            docs.extend(doc(&wrapped(&format!(
                "\nStreams the binary response body (`Accept: {content_type}`) chunk by chunk as it arrives, instead of reading it whole, following any redirect to it. Retries apply until the first chunk; after it, a stall longer than the read idle timeout or a cut connection ends the stream with a [`StreamError`](crate::runtime::StreamError) item."
            ))));
            (
                bytes_func_ident(rust, group, operation),
                quote!(crate::runtime::ByteStream),
                quote! {
                    let response = match core.config().execute_bytes(call, options.as_ref(), #content_type).await? {
                        crate::runtime::Streamed::Open(bytes) => return Ok(bytes),
                        crate::runtime::Streamed::Complete(response) => response,
                    };
                },
                stream_outcome(rust, operation, content_type),
            )
        }
    };
    docs.extend(doc(&format!(
        "\n# Errors\n\nSee [`{error}`]: the error responses this operation documents, any other error\nstatus, and failures to send the request or to read the response."
    )));
    let deprecated = super::deprecation(operation).mark;
    let validate = rust
        .validates_request(operation)
        .then(|| quote!(request.validate()?;));
    let globals = operation
        .parameters
        .iter()
        .any(|p| p.global.is_some())
        .then(|| quote!(let globals = core.globals();));
    let call_mut = (!parameters.is_empty()).then(|| quote!(mut));
    quote! {
        #docs
        #deprecated
        pub async fn #name(
            core: &#core,
            request: #request_type,
            options: Option<RequestOptions>,
        ) -> Result<#returns, #error> {
            #stream_statement
            #validate
            #unused_request
            #globals
            #(#segments)*
            let #call_mut call = Call::new(#id, Method::#method, #path);
            #(#parameters)*
            #keep_redirects
            #body
            #accept
            #operation_retries
            #execute
            #outcome
        }
    }
}

/// The request path: a literal, or a `format!` of the segments bound by `let` statements, each
/// path parameter written in its style.
fn path_expression(rust: &Rust<'_>, operation: &Operation) -> (Vec<TokenStream>, TokenStream) {
    let mut template = String::new();
    let mut segments = Vec::new();
    let mut rest = operation.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        let wire = &rest[open + 1..close];
        template.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        let parameter = operation
            .parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.wire_name == wire);
        match parameter {
            Some(parameter) => {
                let segment = segment_ident(parameter);
                template.push_str(&format!("{{{segment}}}"));
                let style = match parameter.style {
                    ParameterStyle::Label => quote!(PathStyle::Label),
                    ParameterStyle::Matrix => quote!(PathStyle::Matrix),
                    _ => quote!(PathStyle::Simple),
                };
                let explode = parameter.explode;
                let value = with_value(
                    rust,
                    parameter,
                    |value| quote!(path_param(#wire, #value, #style, #explode)?),
                );
                segments.push(quote!(let #segment = #value;));
            }
            // Undeclared (the lowering warned): sent as written.
            None => template.push_str(&format!("{{{{{wire}}}}}")),
        }
        rest = &rest[close + 1..];
    }
    if segments.is_empty() {
        let path = &operation.path;
        return (segments, quote!(#path));
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    (segments, quote!(format!(#template)))
}

/// The local variable holding a path parameter's written segment: its name, unless that is a
/// keyword or a name the function uses itself.
fn segment_ident(parameter: &Parameter) -> proc_macro2::Ident {
    const TAKEN: &[&str] = &["call", "core", "globals", "options", "request", "response"];
    let name = ident(&parameter.name.snake);
    if TAKEN.contains(&parameter.name.snake.as_str()) || name.to_string().starts_with("r#") {
        format_ident!("{}_segment", parameter.name.snake.trim_end_matches('_'))
    } else {
        name
    }
}

/// `write` applied to a reference to the parameter's value: the request's, or (for a parameter a
/// global supplies) the request's when set, else the client's.
fn with_value(
    rust: &Rust<'_>,
    parameter: &Parameter,
    write: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let field = super::operations::input_ident(&parameter.name.snake);
    let Some(global) = &parameter.global else {
        return write(quote!(&request.#field));
    };
    let global_ty = rust
        .api
        .globals
        .iter()
        .find(|candidate| candidate.name == *global)
        .map(|candidate| &candidate.ty);
    let global = ident(&global.snake);
    // Both are options of the same type: the first that is set.
    if global_ty == Some(&parameter.ty) {
        return write(quote!(&request.#field.as_ref().or(globals.#global.as_ref())));
    }
    let own = write(quote!(value));
    let client = write(quote!(&globals.#global));
    quote! {
        match &request.#field {
            Some(value) => #own,
            None => #client,
        }
    }
}

/// Statements that add the query, header and cookie parameters to `call`, each in its style
/// (absent optional ones add nothing).
fn parameter_statements(rust: &Rust<'_>, operation: &Operation) -> Vec<TokenStream> {
    operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location != ParameterLocation::Path)
        .map(|parameter| {
            let wire = &parameter.wire_name;
            let explode = parameter.explode;
            let add = with_value(rust, parameter, |value| match parameter.location {
                ParameterLocation::Query => {
                    let style = match parameter.style {
                        ParameterStyle::SpaceDelimited => quote!(QueryStyle::SpaceDelimited),
                        ParameterStyle::PipeDelimited => quote!(QueryStyle::PipeDelimited),
                        ParameterStyle::DeepObject => quote!(QueryStyle::DeepObject),
                        _ => quote!(QueryStyle::Form),
                    };
                    quote!(call.query_param(#wire, #value, #style, #explode))
                }
                ParameterLocation::Cookie => quote!(call.cookie_param(#wire, #value, #explode)),
                _ => quote!(call.header_param(#wire, #value, #explode)),
            });
            quote!(call = #add;)
        })
        .collect()
}

/// The redirect statuses the operation documents, as `StatusCodePattern`s: answered as they are,
/// never followed (`304` and `300` are never followed anyway).
fn kept_redirects(operation: &Operation) -> Vec<TokenStream> {
    operation
        .responses
        .iter()
        .filter_map(|response| match response.status {
            StatusMatch::Code {
                code: code @ (301 | 302 | 303 | 307 | 308),
            } => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                Some(quote!(StatusCodePattern::Exact(#code)))
            }
            StatusMatch::Class { class: 3 } => Some(quote!(StatusCodePattern::Class(3))),
            _ => None,
        })
        .collect()
}

/// The statuses an arm of the response `match` answers for.
#[derive(Clone)]
enum Statuses {
    /// As documented: a code, a class, or `default` (every status).
    Documented(StatusMatch),
    /// Every 2XX.
    Successes,
}

/// One arm of the response `match`.
struct Arm {
    statuses: Statuses,
    /// The content type the arm requires, if any.
    content_type: Option<String>,
    body: TokenStream,
}

impl Arm {
    fn new(statuses: Statuses, content_type: Option<&str>, body: TokenStream) -> Self {
        Self {
            statuses,
            content_type: content_type.map(str::to_owned),
            body,
        }
    }

    /// An arm that matches every response.
    fn is_catch_all(&self) -> bool {
        self.content_type.is_none()
            && matches!(self.statuses, Statuses::Documented(StatusMatch::Default))
    }

    /// The arm; `json` says whether a local `json` holds whether the response is JSON.
    fn tokens(&self, json: bool) -> TokenStream {
        let body = &self.body;
        let pattern = match &self.statuses {
            Statuses::Documented(status) => status_pattern(status),
            Statuses::Successes => quote!(200..=299),
        };
        match self.content_type.as_deref() {
            Some(JSON) if json => quote!(#pattern if json => #body,),
            // A response without a content type is read as the documented one.
            Some(content_type) => {
                quote!(#pattern if response.accepts_content_type(#content_type) => #body,)
            }
            None => quote!(#pattern => #body,),
        }
    }
}

const JSON: &str = "application/json";

/// The `match` on the status; when several arms want JSON, whether the response is JSON is asked
/// once, before it.
fn status_match(arms: &[Arm]) -> TokenStream {
    let json = arms
        .iter()
        .filter(|arm| arm.content_type.as_deref() == Some(JSON))
        .count()
        > 1;
    let arms = arms.iter().map(|arm| arm.tokens(json));
    let is_json = json.then(|| quote!(let json = response.accepts_content_type(#JSON);));
    quote! {
        #is_json
        match response.status().as_u16() { #(#arms)* }
    }
}

/// The response handling: a `match` on the status with one arm per documented response, and the
/// default error for the rest (unless the spec's `default` already catches everything).
fn outcome(rust: &Rust<'_>, operation: &Operation) -> TokenStream {
    let default = format_ident!("{}", rust.api.default_error);
    let mut arms = response_arms(rust, operation);
    if !arms.last().is_some_and(Arm::is_catch_all) {
        arms.push(Arm::new(
            Statuses::Documented(StatusMatch::Default),
            None,
            quote!(Err(#default::from_response(&response).into())),
        ));
    }
    if let [only] = arms.as_slice() {
        return only.body.clone();
    }
    status_match(&arms)
}

/// Successes decode into the value, errors into their error type. Content types are checked (a
/// missing one counts as the documented one): a success with another content type is an
/// `UnexpectedContentType` error, an error status with another one falls through to the default
/// error.
fn response_arms(rust: &Rust<'_>, operation: &Operation) -> Vec<Arm> {
    let mut arms = Vec::new();
    // `()`, or `null` when other successes have a body (the value is then any JSON).
    let empty = if operation.responses.iter().any(|r| r.ty.is_some()) {
        quote!(Default::default())
    } else {
        quote!(())
    };
    let outcome = operation
        .outcome_type
        .as_ref()
        .map(|name| format_ident!("{}", name));
    for response in &operation.responses {
        // A `default` success (the spec lists no other) answers for every 2XX.
        let statuses = match response.status {
            StatusMatch::Default => Statuses::Successes,
            ref status => Statuses::Documented(status.clone()),
        };
        let content_type = response.content_type.as_deref();
        // The response's variant of the outcome, when the operation has one.
        let variant = outcome
            .as_ref()
            .zip(response.variant.as_ref())
            .map(|(outcome, variant)| {
                let variant = ident(&variant.pascal);
                quote!(crate::operations::#outcome::#variant)
            });
        // The body is moved into the value, never copied.
        let value = match (content_type, &response.ty) {
            (Some(_), Some(TypeRef::Binary)) => quote!(response.into_binary_response()),
            // An outcome's variant does not say the body's type to the compiler.
            (Some(content_type), Some(ty))
                if crate::ir::is_json(content_type) || *ty != TypeRef::String =>
            {
                match variant {
                    Some(_) => {
                        let ty = rust.ty(ty);
                        quote!(response.into_api_response::<#ty>()?)
                    }
                    None => quote!(response.into_api_response()?),
                }
            }
            (Some(_), _) => quote!(response.into_text_response()),
            (None, _) => {
                let empty = variant.clone().unwrap_or_else(|| empty.clone());
                quote!(response.into_response_with(#empty))
            }
        };
        let body = match (&variant, content_type) {
            (Some(variant), Some(_)) => quote!(Ok(#value.map(#variant))),
            _ => quote!(Ok(#value)),
        };
        arms.push(Arm::new(statuses.clone(), content_type, body));
        // The same status with another content type is still a success, not an API error.
        if let Some(content_type) = content_type {
            arms.push(Arm::new(
                statuses,
                None,
                quote!(Err(
                    UnexpectedContentTypeError::from_response(response, #content_type).into()
                )),
            ));
        }
    }
    if operation.responses.is_empty() {
        // Nothing documented: any 2XX is a success without a value.
        arms.push(Arm::new(
            Statuses::Successes,
            None,
            quote!(Ok(response.into_response_with(()))),
        ));
    }
    arms.extend(error_arms(rust, operation));
    arms
}

/// A streaming call's response that was not opened as a stream: a success is one with another
/// content type than the stream's, errors decode as in the plain call.
fn stream_outcome(rust: &Rust<'_>, operation: &Operation, content_type: &str) -> TokenStream {
    let default = format_ident!("{}", rust.api.default_error);
    let mut arms = vec![Arm::new(
        Statuses::Successes,
        None,
        quote!(Err(
            UnexpectedContentTypeError::from_response(response, #content_type).into()
        )),
    )];
    arms.extend(error_arms(rust, operation));
    if !arms.last().is_some_and(Arm::is_catch_all) {
        arms.push(Arm::new(
            Statuses::Documented(StatusMatch::Default),
            None,
            quote!(Err(#default::from_response(&response).into())),
        ));
    }
    status_match(&arms)
}

/// The documented errors: each decodes into its error type, which converts into the operation's
/// error (its variant of that type).
fn error_arms(rust: &Rust<'_>, operation: &Operation) -> Vec<Arm> {
    operation
        .errors
        .iter()
        .filter_map(|response| {
            let error = rust.api.error_def(&response.error)?;
            let error_type = format_ident!("{}", error.name);
            Some(Arm::new(
                Statuses::Documented(response.status.clone()),
                response.content_type.as_deref(),
                quote!(Err(#error_type::from_response(&response)?.into())),
            ))
        })
        .collect()
}

fn status_pattern(status: &StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code { code } => {
            let code = proc_macro2::Literal::u16_unsuffixed(*code);
            quote!(#code)
        }
        StatusMatch::Class { class } => {
            let low = proc_macro2::Literal::u16_unsuffixed(u16::from(*class) * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(u16::from(*class) * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}
