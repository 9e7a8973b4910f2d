//! `$ref` resolution: only local references into `#/components/...` are supported.

use openapiv3::{Components, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::diagnostics::{Error, Result, escape_token};
use crate::load::Document;

/// A section of `components` that references can point into.
pub trait Section: Sized {
    /// The section's key, e.g. `parameters`.
    const NAME: &'static str;
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>>;
}

impl Section for Parameter {
    const NAME: &'static str = "parameters";
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        components.parameters.get(name)
    }
}

impl Section for RequestBody {
    const NAME: &'static str = "requestBodies";
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        components.request_bodies.get(name)
    }
}

impl Section for Response {
    const NAME: &'static str = "responses";
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        components.responses.get(name)
    }
}

impl Section for Schema {
    const NAME: &'static str = "schemas";
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        components.schemas.get(name)
    }
}

/// Follows references until an item is reached; returns it with the name of the last component
/// followed, if any. `pointer` locates the reference for errors.
pub fn resolve<'a, T: Section>(
    document: &'a Document,
    mut item: &'a ReferenceOr<T>,
    pointer: &str,
) -> Result<(&'a T, Option<String>)> {
    let mut name = None;
    for _ in 0..32 {
        match item {
            ReferenceOr::Item(value) => return Ok((value, name)),
            ReferenceOr::Reference { reference } => {
                let target = component_name::<T>(document, reference, pointer)?;
                item = document
                    .api
                    .components
                    .as_ref()
                    .and_then(|components| T::lookup(components, target))
                    .ok_or_else(|| dangling(document, reference, pointer))?;
                name = Some(target.to_owned());
            }
        }
    }
    Err(document.error(pointer, "$ref chain is too long or circular"))
}

/// The component schema a reference names, and the name of the schema finally reached.
pub fn schema<'a>(
    document: &'a Document,
    reference: &str,
    pointer: &str,
) -> Result<(&'a Schema, String)> {
    let name = component_name::<Schema>(document, reference, pointer)?.to_owned();
    let first = document
        .api
        .components
        .as_ref()
        .and_then(|components| components.schemas.get(&name))
        .ok_or_else(|| dangling(document, reference, pointer))?;
    let (schema, last) = resolve(document, first, pointer)?;
    Ok((schema, last.unwrap_or(name)))
}

/// The name of the component a local reference points at, checked against its section.
fn component_name<'r, T: Section>(
    document: &Document,
    reference: &'r str,
    pointer: &str,
) -> Result<&'r str> {
    let prefix = format!("#/components/{}/", T::NAME);
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

/// The JSON pointer of a component schema.
pub fn schema_pointer(name: &str) -> String {
    format!("/components/schemas/{}", escape_token(name))
}
