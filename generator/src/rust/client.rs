//! The `client` module: the builder-style client. `client.o_auth().create_auth_code()` returns an
//! operation builder with a setter per input; `.send()` calls the standalone function, so no
//! request code exists twice.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::funcs::operation_docs;
use super::operations::{Input, inputs};
use super::sensitive::DebugField;
use super::source::Source;
use super::syntax::{doc, doc_or, ident};
use crate::ir::{Group, Operation};

pub fn render<'r>(rust: &'r Rust<'_>) -> Source<'r> {
    let client = rust.client_ident();
    let core = rust.core_ident();
    let builder = rust.builder_ident();
    let accessors = rust.api.groups.iter().map(|group| {
        let method = ident(&group.name.snake);
        let ty = group_ident(group);
        let docs = doc_or(
            group.description.as_deref(),
            &format!("The `{}` operations.", group.name.original),
        );
        quote! {
            #docs
            pub fn #method(&self) -> #ty<'_> {
                #ty { core: &self.core }
            }
        }
    });
    let groups = rust
        .api
        .groups
        .iter()
        .map(|group| move || group_items(rust, group));
    let operation_imports = rust.api.operations().next().is_some().then(|| {
        quote! {
            use crate::errors::*;
            use crate::runtime::{ApiResponse, RequestOptions};
        }
    });
    let description = rust
        .api
        .info
        .description
        .clone()
        .unwrap_or_else(|| rust.api.info.title.clone());
    let docs = doc(&format!(
        "The {} client: {}\n\nBuild one with [`{client}::builder`]; operations are grouped as in the API\nreference, e.g. `client.{}()`.",
        rust.api.info.title,
        description.trim_end(),
        rust.api
            .groups
            .first()
            .map(|g| g.name.snake.as_str())
            .unwrap_or("operations")
    ));
    Source::new(quote! {
        //! The builder-style client.
        #operation_imports
        use crate::core::{#builder, #core};

        #docs
        #[derive(Clone, Debug)]
        pub struct #client {
            core: #core,
        }

        impl From<#core> for #client {
            fn from(core: #core) -> Self {
                Self { core }
            }
        }

        impl #client {
            /// Starts building a client.
            pub fn builder() -> #builder<Self> {
                #builder::new()
            }

            /// The core this client runs on, for the standalone functions in
            /// [`funcs`](crate::funcs).
            pub fn core(&self) -> &#core {
                &self.core
            }

            #(#accessors)*
        }
    })
    .parts(groups)
}

fn group_ident(group: &Group) -> proc_macro2::Ident {
    format_ident!("{}", group.type_name)
}

fn group_items(rust: &Rust<'_>, group: &Group) -> TokenStream {
    let ty = group_ident(group);
    let core = rust.core_ident();
    let docs = doc_or(
        group.description.as_deref(),
        &format!("The `{}` operations.", group.name.original),
    );
    let methods = group.operations.iter().map(|operation| {
        let method = ident(&operation.name.snake);
        let builder = builder_ident(operation);
        let docs = operation_docs(operation);
        let deprecated = super::deprecation(operation).mark;
        let inputs = inputs(rust, operation);
        let fields = inputs
            .iter()
            .map(|Input { ident, .. }| quote!(#ident: None,));
        quote! {
            #docs
            #deprecated
            pub fn #method(&self) -> #builder<'a> {
                #builder { core: self.core, #(#fields)* options: RequestOptions::default() }
            }
        }
    });
    let builders = group
        .operations
        .iter()
        .map(|operation| operation_builder(rust, group, operation));
    quote! {
        #docs
        #[derive(Clone, Copy, Debug)]
        pub struct #ty<'a> {
            core: &'a #core,
        }

        impl<'a> #ty<'a> {
            #(#methods)*
        }

        #(#builders)*
    }
}

fn builder_ident(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Builder", operation.type_prefix)
}

/// The builder of one call: inputs and per-call options, then `send`.
fn operation_builder(rust: &Rust<'_>, group: &Group, operation: &Operation) -> TokenStream {
    let builder = builder_ident(operation);
    let core = rust.core_ident();
    let request_type = format_ident!("{}", operation.request_type);
    let request_type = quote!(crate::operations::#request_type);
    let error = rust.operation_error_ident(operation);
    let response = rust.response_ty(operation);
    let func = rust.func_ident(group, operation);
    let inputs = inputs(rust, operation);
    let fields = inputs.iter().map(
        |Input {
             ident, value_ty, ..
         }| quote!(#ident: Option<#value_ty>,),
    );
    let setters = inputs.iter().map(
        |Input {
             ident,
             value_ty,
             docs,
             ..
         }| {
            quote! {
                #docs
                pub fn #ident(mut self, #ident: impl Into<#value_ty>) -> Self {
                    self.#ident = Some(#ident.into());
                    self
                }
            }
        },
    );
    let assignments: Vec<TokenStream> = inputs.iter().map(|Input { ident, required, .. }| {
        if *required {
            let name = ident.to_string();
            quote!(#ident: self.#ident.ok_or_else(|| RequestValidationError::new(#name, "is required but was not set"))?,)
        } else {
            quote!(#ident: self.#ident,)
        }
    }).collect();
    let errors_doc = doc(&format!("\n# Errors\n\nSee [`{error}`]."));
    // The builder's sends call the operation's function; the user was warned at `#method`.
    let allow = super::deprecation(operation).allow;
    let streaming = super::funcs::streaming_calls(operation);
    let send_stream = streaming.events.map(|events| {
        let func = super::funcs::events_func_ident(rust, group, operation);
        let stream = super::funcs::event_stream_ty(rust, events);
        let set = events
            .request_field
            .as_ref()
            .map(|field| format!(" with the body's `{field}` set to `true`"))
            .unwrap_or_default();
        let docs = doc(&super::funcs::wrapped(&format!(
            "Sends the request{set} and returns its server-sent events as they arrive: a stream of [`ServerSentEvent`](crate::runtime::ServerSentEvent)s, or [`StreamError`](crate::runtime::StreamError)s. See [`{func}`](crate::funcs::{func})."
        )));
        quote! {
            #docs
            #errors_doc
            #allow
            pub async fn send_stream(self) -> Result<#stream, #error> {
                let request = #request_type { #(#assignments)* };
                crate::funcs::#func(self.core, request, Some(self.options)).await
            }
        }
    });
    let send_bytes_stream = streaming.bytes.map(|_| {
        let func = super::funcs::bytes_func_ident(rust, group, operation);
        let docs = doc(&super::funcs::wrapped(&format!(
            "Sends the request and returns the binary body as a stream of chunks, as they arrive, instead of reading it whole. See [`{func}`](crate::funcs::{func})."
        )));
        quote! {
            #docs
            #errors_doc
            #allow
            pub async fn send_bytes_stream(self) -> Result<crate::runtime::ByteStream, #error> {
                let request = #request_type { #(#assignments)* };
                crate::funcs::#func(self.core, request, Some(self.options)).await
            }
        }
    });
    // A sensitive parameter is hidden by a `Debug` written out.
    let redacts = inputs.iter().any(Input::sensitive);
    let debug = (!redacts).then(|| quote!(#[derive(Debug)]));
    let debug_impl = redacts.then(|| {
        let core_field = format_ident!("core");
        let options_field = format_ident!("options");
        let mut entries = vec![DebugField::new(&core_field, false, false)];
        entries.extend(
            inputs
                .iter()
                .map(|input| DebugField::new(&input.ident, input.sensitive(), true)),
        );
        entries.push(DebugField::new(&options_field, false, false));
        super::sensitive::debug_impl(quote!(#builder<'_>), &builder.to_string(), &entries)
    });
    let docs = doc(&format!(
        "A call of `{}`: set its inputs, optionally its options, then [`send`]({builder}::send).",
        operation.id
    ));
    quote! {
        #docs
        #debug
        #[must_use = "a request builder does nothing until it is sent"]
        pub struct #builder<'a> {
            core: &'a #core,
            #(#fields)*
            options: RequestOptions,
        }
        #debug_impl

        crate::runtime::call_options!(#builder);

        impl #builder<'_> {
            #(#setters)*

            /// Sends the request and returns the decoded response.
            #errors_doc
            pub async fn send(self) -> Result<#response, #error> {
                self.send_with_metadata().await.map(ApiResponse::into_inner)
            }

            /// Sends the request and returns the decoded response with its status and headers.
            #errors_doc
            #allow
            pub async fn send_with_metadata(self) -> Result<ApiResponse<#response>, #error> {
                let request = #request_type { #(#assignments)* };
                crate::funcs::#func(self.core, request, Some(self.options)).await
            }

            #send_stream
            #send_bytes_stream
        }
    }
}
