//! `$ref` resolution: only local references into `#/components/...` are supported.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::diagnostics::{Error, Result, escape_token};
use crate::load::Document;

/// The name of the component a local reference points at, checked against its section.
fn component_name<'r>(
    document: &Document,
    reference: &'r str,
    section: &str,
    pointer: &str,
) -> Result<&'r str> {
    let prefix = format!("#/components/{section}/");
    reference.strip_prefix(&prefix).ok_or_else(|| {
        document.error(
            pointer,
            format!("unsupported $ref `{reference}`: only local references of the form `{prefix}<name>` are supported here"),
        )
    })
}

fn dangling(document: &Document, reference: &str, pointer: &str) -> Error {
    document.error(
        pointer,
        format!("$ref `{reference}` points at nothing: no such component"),
    )
}

/// Follows references within one section of `components` until an item is reached.
fn follow<'a, T>(
    document: &Document,
    mut item: &'a ReferenceOr<T>,
    section: &str,
    lookup: impl Fn(&'a OpenAPI, &str) -> Option<&'a ReferenceOr<T>>,
    api: &'a OpenAPI,
    pointer: &str,
) -> Result<(&'a T, Option<String>)> {
    let mut name = None;
    for _ in 0..32 {
        match item {
            ReferenceOr::Item(value) => return Ok((value, name)),
            ReferenceOr::Reference { reference } => {
                let target = component_name(document, reference, section, pointer)?;
                item = lookup(api, target).ok_or_else(|| dangling(document, reference, pointer))?;
                name = Some(target.to_owned());
            }
        }
    }
    Err(document.error(pointer, "$ref chain is too long or circular"))
}

/// A parameter, with the component name when it came through a reference.
pub fn parameter<'a>(
    document: &'a Document,
    item: &'a ReferenceOr<Parameter>,
    pointer: &str,
) -> Result<(&'a Parameter, Option<String>)> {
    let api = &document.api;
    follow(
        document,
        item,
        "parameters",
        |api, name| api.components.as_ref()?.parameters.get(name),
        api,
        pointer,
    )
}

/// A request body, with the component name when it came through a reference.
pub fn request_body<'a>(
    document: &'a Document,
    item: &'a ReferenceOr<RequestBody>,
    pointer: &str,
) -> Result<(&'a RequestBody, Option<String>)> {
    let api = &document.api;
    follow(
        document,
        item,
        "requestBodies",
        |api, name| api.components.as_ref()?.request_bodies.get(name),
        api,
        pointer,
    )
}

/// A response, with the component name when it came through a reference.
pub fn response<'a>(
    document: &'a Document,
    item: &'a ReferenceOr<Response>,
    pointer: &str,
) -> Result<(&'a Response, Option<String>)> {
    let api = &document.api;
    follow(
        document,
        item,
        "responses",
        |api, name| api.components.as_ref()?.responses.get(name),
        api,
        pointer,
    )
}

/// The component schema a reference names, and the name.
pub fn schema<'a>(
    document: &'a Document,
    reference: &str,
    pointer: &str,
) -> Result<(&'a Schema, String)> {
    let name = component_name(document, reference, "schemas", pointer)?;
    let api = &document.api;
    let item = api
        .components
        .as_ref()
        .and_then(|c| c.schemas.get(name))
        .ok_or_else(|| dangling(document, reference, pointer))?;
    let (schema, target) = follow(
        document,
        item,
        "schemas",
        |api, name| api.components.as_ref()?.schemas.get(name),
        api,
        pointer,
    )?;
    Ok((schema, target.unwrap_or_else(|| name.to_owned())))
}

/// The JSON pointer of a component schema.
pub fn schema_pointer(name: &str) -> String {
    format!("/components/schemas/{}", escape_token(name))
}
