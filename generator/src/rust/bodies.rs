//! Request bodies in Rust: the statements that put a body on the `Call` (JSON, form fields,
//! multipart parts, text, bytes, a file), and the enum of an operation that accepts several media
//! types.
//!
//! An operation with one media type keeps the plain shape: its request's `request_body` is the
//! body's type. With several, `request_body` is an enum with a variant per alternative
//! (`TranscribeRequestBody::Json(..)`, `::Multipart(..)`) and a `From` impl per alternative type,
//! so that `.request_body(json_body)` and `.request_body(multipart_body)` both read naturally and
//! the caller's choice of value is the choice of media type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::models::field_code;
use super::sensitive::is_secret_string;
use super::syntax::{doc, ident};
use crate::ir::{
    BodyAlternative, BodyKind, EncodingStyle, Field, Operation, RequestBody, TypeKind, TypeRef,
    is_json,
};

/// The Rust type of an operation's `request_body`: the body's own type, or the enum of its
/// alternatives.
pub fn body_ty(rust: &Rust<'_>, body: &RequestBody) -> TokenStream {
    match &body.type_name {
        Some(name) => {
            let name = format_ident!("{}", name);
            quote!(crate::operations::#name)
        }
        None => rust.ty(&body.ty),
    }
}

/// The statements that put the request's body on `call`, if the operation has a body.
pub fn body_statements(rust: &Rust<'_>, operation: &Operation) -> Option<TokenStream> {
    let body = operation.request_body.as_ref()?;
    let default = &body.alternatives[0];
    Some(match (&body.type_name, body.required) {
        // The plain JSON body, as it always was.
        (None, true) if default.kind == BodyKind::Json => {
            quote!(let call = call.json(&request.request_body)?;)
        }
        (None, true) => {
            let send = send(rust, default, &quote!(body));
            quote! {
                let body = &request.request_body;
                let call = #send;
            }
        }
        (None, false) => {
            let send = send(rust, default, &quote!(body));
            quote! {
                let call = match &request.request_body {
                    Some(body) => #send,
                    None => call,
                };
            }
        }
        (Some(name), required) => {
            let name = format_ident!("{}", name);
            let arms = body.alternatives.iter().map(|alternative| {
                let variant = ident(&alternative.name.pascal);
                let send = send(rust, alternative, &quote!(body));
                match required {
                    true => quote!(crate::operations::#name::#variant(body) => #send,),
                    false => quote!(Some(crate::operations::#name::#variant(body)) => #send,),
                }
            });
            let none = (!required).then(|| quote!(None => call,));
            quote! {
                let call = match &request.request_body {
                    #(#arms)*
                    #none
                };
            }
        }
    })
}

/// The `Call` with the body `value` (a reference to the alternative's type) set.
fn send(rust: &Rust<'_>, alternative: &BodyAlternative, value: &TokenStream) -> TokenStream {
    let content_type = alternative.content_type.as_str();
    match (alternative.kind, &alternative.ty) {
        (BodyKind::Json, _) => quote!(call.json(#value)?),
        (BodyKind::Form, _) => {
            let fields = alternative.encoding.iter().map(|entry| {
                let name = &entry.property;
                let style = format_ident!(
                    "{}",
                    match entry.style {
                        EncodingStyle::Form => "Form",
                        EncodingStyle::SpaceDelimited => "SpaceDelimited",
                        EncodingStyle::PipeDelimited => "PipeDelimited",
                        EncodingStyle::DeepObject => "DeepObject",
                    }
                );
                let explode = entry.explode;
                let json = entry.content_type.as_deref().is_some_and(is_json);
                quote! {
                    crate::runtime::FormField {
                        name: #name,
                        style: crate::runtime::FormStyle::#style,
                        explode: #explode,
                        json: #json,
                    }
                }
            });
            quote!(call.form(#value, &[#(#fields),*])?)
        }
        (BodyKind::Multipart, ty) => {
            let parts = multipart_parts(rust, alternative, ty, value);
            quote!(call.multipart(#parts).await?)
        }
        (BodyKind::Binary, TypeRef::File) => quote!(call.file(#value)),
        (BodyKind::Text | BodyKind::Binary, _) => {
            quote!(call.bytes(#value.clone(), #content_type))
        }
    }
}

/// The multipart parts of `value`: one statement per property of an object type, so that files
/// are file parts; any other type's properties become parts from its JSON form.
fn multipart_parts(
    rust: &Rust<'_>,
    alternative: &BodyAlternative,
    ty: &TypeRef,
    value: &TokenStream,
) -> TokenStream {
    let Some((owner, fields, additional)) = object_fields(rust, ty) else {
        return quote!(crate::runtime::Multipart::from_object(#value)?);
    };
    let statements = fields.iter().map(|field| {
        let content_type = alternative
            .encoding
            .iter()
            .find(|entry| entry.property == field.wire_name)
            .and_then(|entry| entry.content_type.as_deref());
        part_statement(rust, owner, field, content_type, value)
    });
    let additional = additional.then(|| {
        quote! {
            for (name, value) in &#value.additional_properties {
                parts.value(name, value, None)?;
            }
        }
    });
    quote! {{
        let mut parts = crate::runtime::Multipart::new();
        #(#statements)*
        #additional
        parts
    }}
}

/// The fields of an object type (through aliases), its name, and whether it keeps unlisted
/// properties; `None` for any other type.
fn object_fields<'r>(rust: &Rust<'r>, ty: &TypeRef) -> Option<(&'r str, &'r [Field], bool)> {
    let TypeRef::Named { name } = rust.resolve_alias(ty) else {
        return None;
    };
    let def = rust.type_def(name)?;
    match &def.kind {
        TypeKind::Object {
            fields,
            additional_properties,
        } => Some((def.name.as_str(), fields, additional_properties.is_some())),
        _ => None,
    }
}

/// The statement adding one property's parts: a file, files, or a value (left out when absent).
fn part_statement(
    rust: &Rust<'_>,
    owner: &str,
    field: &Field,
    content_type: Option<&str>,
    body: &TokenStream,
) -> TokenStream {
    let name = &field.wire_name;
    let member = field_code(rust, owner, field).ident;
    let content_type = match content_type {
        Some(content_type) => quote!(Some(#content_type)),
        None => quote!(None),
    };
    let secret = is_secret_string(field);
    let add = |value: TokenStream| match &field.ty {
        TypeRef::File => quote!(parts.file(#name, #value, #content_type);),
        TypeRef::Array { items } if **items == TypeRef::File => quote! {
            for file in #value {
                parts.file(#name, file, #content_type);
            }
        },
        _ if secret => quote! {
            parts.value(#name, secrecy::ExposeSecret::expose_secret(#value), #content_type)?;
        },
        _ => quote!(parts.value(#name, #value, #content_type)?;),
    };
    // Files and secrets are added without their `Nullable` wrapper (a null is no part).
    let unwrap = secret || matches!(field.ty, TypeRef::File | TypeRef::Array { .. });
    match (field.required, field.nullable) {
        (true, false) => add(quote!(&#body.#member)),
        (false, true) if unwrap => {
            let add = add(quote!(value));
            quote!(if let Some(crate::runtime::Nullable::Value(value)) = &#body.#member { #add })
        }
        _ => {
            let add = add(quote!(value));
            quote!(if let Some(value) = &#body.#member { #add })
        }
    }
}

/// The enum of an operation's alternative bodies, with a `From` impl per alternative type (the
/// first alternative of a type, when two share one) and `validate` when an alternative has
/// constraints.
pub fn body_enum(rust: &Rust<'_>, operation: &Operation) -> Option<TokenStream> {
    let body = operation.request_body.as_ref()?;
    let name = format_ident!("{}", body.type_name.as_ref()?);
    let docs = doc(&format!(
        "The request body of `{}`: one of the media types it accepts, chosen by the variant.",
        operation.id
    ));
    let variants = body.alternatives.iter().map(|alternative| {
        let variant = ident(&alternative.name.pascal);
        let ty = rust.ty(&alternative.ty);
        let docs = doc(&format!("Sent as `{}`.", alternative.content_type));
        quote!(#docs #variant(#ty),)
    });
    let mut converted: Vec<String> = Vec::new();
    let conversions = body.alternatives.iter().filter_map(|alternative| {
        let ty = rust.ty(&alternative.ty);
        if converted.contains(&ty.to_string()) {
            return None;
        }
        converted.push(ty.to_string());
        let variant = ident(&alternative.name.pascal);
        let docs = doc(&format!("Sends `body` as `{}`.", alternative.content_type));
        Some(quote! {
            impl From<#ty> for #name {
                #docs
                fn from(body: #ty) -> Self {
                    Self::#variant(body)
                }
            }
        })
    });
    let validate = validates(rust, body).then(|| {
        let arms = body.alternatives.iter().map(|alternative| {
            let variant = ident(&alternative.name.pascal);
            if is_validated(rust, &alternative.ty) {
                quote!(Self::#variant(body) => body.validate(),)
            } else {
                quote!(Self::#variant(_) => Ok(()),)
            }
        });
        quote! {
            impl #name {
                /// Checks the constraints the API documents for the chosen body.
                ///
                /// # Errors
                ///
                /// The first violated constraint, naming the property.
                pub fn validate(&self) -> Result<(), crate::runtime::RequestValidationError> {
                    match self { #(#arms)* }
                }
            }
        }
    });
    Some(quote! {
        #docs
        // A request body is built once per call: boxing the larger variants would only add noise.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* }
        #(#conversions)*
        #validate
    })
}

/// Whether the body's type (any alternative's) has constraints to check before sending.
pub fn validates(rust: &Rust<'_>, body: &RequestBody) -> bool {
    body.alternatives
        .iter()
        .any(|alternative| is_validated(rust, &alternative.ty))
}

fn is_validated(rust: &Rust<'_>, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named { name } if rust.validated.contains(name))
}

/// The wire names of the file properties (files or arrays of files) of an object type.
pub fn file_fields<'r>(rust: &Rust<'r>, ty: &TypeRef) -> Vec<&'r str> {
    let Some((_, fields, _)) = object_fields(rust, ty) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter(|field| holds_files(std::slice::from_ref(field)))
        .map(|field| field.wire_name.as_str())
        .collect()
}

/// Whether a struct holds files, which have no JSON form: it is sent as multipart parts and gets
/// no serde derives.
pub fn holds_files(fields: &[Field]) -> bool {
    fields.iter().any(|field| match &field.ty {
        TypeRef::File => true,
        TypeRef::Array { items } => **items == TypeRef::File,
        _ => false,
    })
}
