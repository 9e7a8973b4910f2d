//! The `operations` module: per operation, its request type and the types hoisted from its inline
//! schemas (request body, response, nested objects and enums).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::models::type_def;
use super::sensitive::DebugField;
use super::source::Source;
use super::syntax::{doc, doc_or, ident};
use std::collections::HashMap;

use crate::ir::{Operation, Parameter, TypeDef, TypeOrigin};

pub fn render<'r>(rust: &'r Rust<'_>) -> Source<'r> {
    let mut by_operation: HashMap<&str, Vec<&TypeDef>> = HashMap::new();
    for ty in &rust.api.types {
        if let TypeOrigin::Operation { operation_id } = &ty.origin {
            by_operation.entry(operation_id).or_default().push(ty);
        }
    }
    let items = rust.api.operations().map(|(_, operation)| {
        let types = by_operation
            .get(operation.id.as_str())
            .cloned()
            .unwrap_or_default();
        move || {
            let types = types.iter().map(|ty| type_def(rust, ty));
            let request = request_type(rust, operation);
            let outcome = outcome_type(rust, operation);
            let body = super::bodies::body_enum(rust, operation);
            quote! { #request #outcome #body #(#types)* }
        }
    });
    let check = super::validation::import(rust, super::Module::Operations);
    Source::new(quote! {
        //! Operations: the request and response types of each operation.
        #check
    })
    .parts(items.collect::<Vec<_>>())
}

/// One input of an operation's request type: a parameter or the body.
pub struct Input<'a> {
    pub ident: proc_macro2::Ident,
    /// The field's type (an `Option` unless the input is required).
    pub ty: TokenStream,
    /// The value's type, what a setter takes.
    pub value_ty: TokenStream,
    pub required: bool,
    pub docs: TokenStream,
    pub parameter: Option<&'a Parameter>,
}

/// Names the request type and the operation builder use for their own methods and fields.
const RESERVED_INPUTS: &[&str] = &[
    "new",
    "validate",
    "core",
    "options",
    "timeout",
    "retries",
    "retry_codes",
    "server_url",
    "header",
    "send",
    "send_with_metadata",
    "send_stream",
    "send_bytes_stream",
];

/// The identifier of a parameter: its name, unless the request or builder needs it.
pub(super) fn input_ident(snake: &str) -> proc_macro2::Ident {
    if RESERVED_INPUTS.contains(&snake) {
        format_ident!("{}_param", snake)
    } else {
        ident(snake)
    }
}

impl Input<'_> {
    /// The input is a sensitive parameter, which `Debug` hides.
    pub fn sensitive(&self) -> bool {
        self.parameter.is_some_and(|parameter| parameter.sensitive)
    }
}

/// The inputs of an operation, in order: parameters, then the body as `request_body`.
pub fn inputs<'a>(rust: &Rust<'_>, operation: &'a Operation) -> Vec<Input<'a>> {
    let mut inputs: Vec<Input<'a>> = operation
        .parameters
        .iter()
        .map(|parameter| {
            // A parameter the client supplies is optional here: it overrides the client's value.
            let required = parameter.required && parameter.global.is_none();
            let value_ty = rust.ty(&parameter.ty);
            Input {
                ident: input_ident(&parameter.name.snake),
                ty: if required {
                    value_ty.clone()
                } else {
                    quote!(Option<#value_ty>)
                },
                value_ty,
                required,
                docs: {
                    let mut docs = doc_or(
                        parameter.description.as_deref(),
                        &format!("The `{}` parameter.", parameter.wire_name),
                    );
                    if parameter.sensitive {
                        docs.extend(doc(
                            "\n**Sensitive**: `Debug` prints `[REDACTED]` in its place.",
                        ));
                    }
                    docs
                },
                parameter: Some(parameter),
            }
        })
        .collect();
    if let Some(body) = &operation.request_body {
        let value_ty = super::bodies::body_ty(rust, body);
        inputs.push(Input {
            ident: format_ident!("request_body"),
            ty: if body.required {
                value_ty.clone()
            } else {
                quote!(Option<#value_ty>)
            },
            value_ty,
            required: body.required,
            docs: doc_or(body.description.as_deref(), "The request body."),
            parameter: None,
        });
    }
    inputs
}

/// The enum of an operation's success responses, when the caller must know which one arrived: a
/// variant per documented status, holding its body.
fn outcome_type(rust: &Rust<'_>, operation: &Operation) -> Option<TokenStream> {
    let name = format_ident!("{}", operation.outcome_type.as_ref()?);
    let variants = operation.responses.iter().filter_map(|response| {
        let variant = ident(&response.variant.as_ref()?.pascal);
        let description = response.description.trim();
        let docs = doc(&format!(
            "`{}`{}",
            response.status.text(),
            if description.is_empty() {
                String::new()
            } else {
                format!(": {description}")
            }
        ));
        Some(match &response.ty {
            Some(ty) => {
                let ty = rust.ty(ty);
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        })
    });
    let docs = doc(&format!(
        "The success responses of `{}` ({} `{}`): which one the server sent, with its body.\n\n\
         A documented redirect (`3XX`) is answered as it is, not followed: its `Location` is in the\n\
         response's headers.",
        operation.id, operation.method, operation.path
    ));
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        // Variants hold the API's types as they are; boxing the large ones would change how every
        // response is matched for a one-time size saving.
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#variants)* }
    })
}

fn request_type(rust: &Rust<'_>, operation: &Operation) -> TokenStream {
    let name = format_ident!("{}", operation.request_type);
    let inputs = inputs(rust, operation);
    let fields = inputs.iter().map(
        |Input {
             ident, ty, docs, ..
         }| quote!(#docs pub #ident: #ty,),
    );
    let required: Vec<&Input<'_>> = inputs.iter().filter(|input| input.required).collect();
    let parameters = required
        .iter()
        .map(|Input { ident, ty, .. }| quote!(#ident: impl Into<#ty>));
    let initialisers = inputs.iter().map(
        |Input {
             ident, required, ..
         }| {
            if *required {
                quote!(#ident: #ident.into())
            } else {
                quote!(#ident: None)
            }
        },
    );
    let setters = inputs.iter().filter(|input| !input.required).map(
        |Input {
             ident, value_ty, ..
         }| {
            let docs = doc(&format!("Sets `{ident}`."));
            quote! {
                #docs
                pub fn #ident(mut self, #ident: impl Into<#value_ty>) -> Self {
                    self.#ident = Some(#ident.into());
                    self
                }
            }
        },
    );
    let docs = doc(&format!(
        "The request of `{}` ({} `{}`): every input of the operation.",
        operation.id, operation.method, operation.path
    ));
    let default = required.is_empty().then(|| quote!(Default,));
    // A sensitive parameter keeps its type (the request functions send it as it is) and is hidden
    // by a `Debug` written out.
    let redacts = inputs.iter().any(Input::sensitive);
    let debug = (!redacts).then(|| quote!(Debug,));
    let debug_impl = redacts.then(|| {
        let entries: Vec<DebugField> = inputs
            .iter()
            .map(|input| DebugField::new(&input.ident, input.sensitive(), !input.required))
            .collect();
        super::sensitive::debug_impl(quote!(#name), &name.to_string(), &entries)
    });
    let too_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_docs = doc(&format!("Creates a `{name}` from its required inputs."));
    let validate = rust.validates_request(operation).then(|| {
        let check = match operation
            .request_body
            .as_ref()
            .is_some_and(|body| body.required)
        {
            true => {
                quote!(self.request_body.validate().map_err(|error| error.within("request_body"))?;)
            }
            false => quote! {
                if let Some(body) = &self.request_body {
                    body.validate().map_err(|error| error.within("request_body"))?;
                }
            },
        };
        quote! {
            /// Checks the constraints the API documents for the request, before anything is sent.
            ///
            /// # Errors
            ///
            /// The first violated constraint, naming the input and property.
            pub fn validate(&self) -> Result<(), crate::runtime::RequestValidationError> {
                #check
                Ok(())
            }
        }
    });
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, #default)]
        pub struct #name { #(#fields)* }
        #debug_impl

        impl #name {
            #new_docs
            #too_many
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#initialisers,)* }
            }
            #(#setters)*
            #validate
        }
    }
}
