//! The `funcs` module: one standalone async function per operation. This is the only place that
//! builds requests and reads responses; the builder-style client calls these functions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::errors::documented_variants;
use super::operations::inputs;
use super::syntax::{doc, ident};
use crate::ir::{Group, Operation, ParameterLocation, StatusMatch};

pub fn render(rust: &Rust<'_>) -> TokenStream {
    let core = rust.core_ident();
    let functions = rust
        .api
        .operations()
        .map(|(group, operation)| function(rust, group, operation));
    let parameters = || {
        rust.api
            .operations()
            .flat_map(|(_, operation)| &operation.parameters)
    };
    let mut helpers = Vec::new();
    if parameters().any(|p| p.location == ParameterLocation::Path) {
        helpers.push(format_ident!("encode_path_segment"));
    }
    if parameters().next().is_some() {
        helpers.push(format_ident!("parameter_text"));
    }
    quote! {
        //! Standalone functions: one per operation, taking the core, the request and per-call
        //! options.
        use reqwest::Method;

        use crate::core::#core;
        use crate::errors::*;
        use crate::runtime::{ApiResponse, Call, RequestOptions, #(#helpers),*};

        #(#functions)*
    }
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

fn function(rust: &Rust<'_>, group: &Group, operation: &Operation) -> TokenStream {
    let name = rust.func_ident(group, operation);
    let core = rust.core_ident();
    let request_type = format_ident!("{}", operation.request_type);
    let request_type = quote!(crate::operations::#request_type);
    let error = rust.operation_error_ident(operation);
    let response = rust.response_ty(operation);
    let id = &operation.id;
    let method = format_ident!("{}", operation.method);
    let path = path_expression(operation);
    let parameters = parameter_statements(rust, operation);
    let body = operation.request_body.as_ref().map(|body| {
        if body.required {
            quote!(let call = call.json(&request.request_body)?;)
        } else {
            quote! {
                let call = match &request.request_body {
                    Some(body) => call.json(body)?,
                    None => call,
                };
            }
        }
    });
    let arms = response_arms(rust, operation);
    let default = format_ident!("{}", rust.api.default_error);
    let fallback = quote!(Err(#error::Default(#default::from_response(&response))));
    let outcome = if arms.is_empty() {
        fallback
    } else if operation
        .errors
        .iter()
        .any(|e| e.status == StatusMatch::Default && e.content_type.is_none())
    {
        // The spec's `default` response already matches everything.
        quote!(match response.status().as_u16() { #(#arms)* })
    } else {
        quote!(match response.status().as_u16() { #(#arms)* _ => #fallback, })
    };
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
    docs.extend(doc(&format!(
        "\n# Errors\n\nSee [`{error}`]: the error responses this operation documents, any other error\nstatus, and failures to send the request or to read the response."
    )));
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));
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
        ) -> Result<ApiResponse<#response>, #error> {
            #validate
            #unused_request
            #globals
            let #call_mut call = Call::new(#id, Method::#method, #path);
            #(#parameters)*
            #body
            #operation_retries
            let response = core.config().execute(call, options.as_ref()).await?;
            #outcome
        }
    }
}

/// The request path: a literal, or a `format!` with each path parameter encoded as a segment.
fn path_expression(operation: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut arguments = Vec::new();
    let mut rest = operation.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        let wire = &rest[open + 1..close];
        template.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        let field = operation
            .parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.wire_name == wire)
            .map(|p| super::operations::input_ident(&p.name.snake));
        match field {
            Some(field) => {
                template.push_str("{}");
                arguments
                    .push(quote!(encode_path_segment(&parameter_text(#wire, &request.#field)?)));
            }
            // Undeclared (the lowering warned): sent as written.
            None => template.push_str(&format!("{{{{{wire}}}}}")),
        }
        rest = &rest[close + 1..];
    }
    if arguments.is_empty() {
        let path = &operation.path;
        return quote!(#path);
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    quote!(format!(#template, #(#arguments),*))
}

/// Statements that add the query and header parameters to `call`.
fn parameter_statements(rust: &Rust<'_>, operation: &Operation) -> Vec<TokenStream> {
    let inputs = inputs(rust, operation);
    inputs
        .iter()
        .filter_map(|input| {
            let parameter = input.parameter?;
            let field = &input.ident;
            let wire = &parameter.wire_name;
            let add = match parameter.location {
                ParameterLocation::Path => return None,
                ParameterLocation::Query => {
                    quote!(call = call.query(#wire, parameter_text(#wire, value)?);)
                }
                ParameterLocation::Header => {
                    quote!(call = call.header(#wire, parameter_text(#wire, value)?);)
                }
            };
            let add = if matches!(parameter.ty, crate::ir::TypeRef::Array { .. })
                && parameter.location == ParameterLocation::Query
            {
                quote!(for value in value { #add })
            } else {
                add
            };
            Some(if let Some(global) = &parameter.global {
                let global = ident(&crate::ir::Name::new(global).snake);
                let add = match parameter.location {
                    ParameterLocation::Query => quote!(call = call.query(#wire, value);),
                    _ => quote!(call = call.header(#wire, value);),
                };
                quote! {
                    let value = match &request.#field {
                        Some(value) => Some(parameter_text(#wire, value)?),
                        None => globals.#global.clone(),
                    };
                    if let Some(value) = value { #add }
                }
            } else if input.required {
                quote!({ let value = &request.#field; #add })
            } else {
                quote!(if let Some(value) = &request.#field { #add })
            })
        })
        .collect()
}

/// One `match` arm per documented response: successes decode into the value, errors into their
/// error type. Guards check the content type, so an unexpected one falls through to the default.
fn response_arms(rust: &Rust<'_>, operation: &Operation) -> Vec<TokenStream> {
    let mut arms = Vec::new();
    for response in &operation.responses {
        // A `default` success (the spec lists no other) answers for every 2XX.
        let pattern = match response.status {
            StatusMatch::Default => quote!(200..=299),
            ref status => status_pattern(status),
        };
        let arm = match (&response.content_type, &response.ty) {
            (Some(content_type), Some(ty))
                if crate::ir::is_json(content_type)
                    || !matches!(ty, crate::ir::TypeRef::String) =>
            {
                quote!(#pattern if response.has_content_type(#content_type) => Ok(response.into_api_response()?),)
            }
            (Some(content_type), _) => quote! {
                #pattern if response.has_content_type(#content_type) => {
                    let text = response.text_lossy();
                    Ok(ApiResponse::new(response.status(), response.headers().clone(), text))
                }
            },
            // `()`, or `null` when other successes have a body.
            (None, _) => quote! {
                #pattern => Ok(ApiResponse::new(response.status(), response.headers().clone(), Default::default())),
            },
        };
        arms.push(arm);
    }
    if operation.responses.is_empty() {
        // Nothing documented: any 2XX is a success without a value.
        arms.push(quote!(200..=299 => Ok(ApiResponse::new(response.status(), response.headers().clone(), ())),));
    }
    let variants = documented_variants(rust, operation);
    for response in &operation.errors {
        let pattern = status_pattern(&response.status);
        let Some((variant, error)) = variants
            .iter()
            .find(|(_, error)| error.name == response.error)
        else {
            continue;
        };
        let error_type = format_ident!("{}", error.name);
        let operation_error = rust.operation_error_ident(operation);
        let value = quote!(Err(#operation_error::#variant(#error_type::from_response(&response)?)));
        arms.push(match &response.content_type {
            Some(content_type) => {
                quote!(#pattern if response.has_content_type(#content_type) => #value,)
            }
            None => quote!(#pattern => #value,),
        });
    }
    arms
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
