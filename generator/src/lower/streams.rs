//! The errors a server sends inside an event stream.
//!
//! Once a stream has begun, its status can no longer say that something failed: a server such as
//! OpenRouter's sends an event whose data carries an `error` member instead. When the events' type
//! declares that member, its type is the stream's error type, so that an SDK can decode such an
//! event as a typed error rather than as an event (or as data that matches nothing).

use std::collections::HashMap;

use crate::ir::{Api, TypeKind, TypeRef};

/// The wire name of the property that carries an error in an event's data.
const ERROR_PROPERTY: &str = "error";

/// Sets [`EventStream::error`](crate::ir::EventStream::error) of every stream whose events' type is
/// an object declaring an `error` property.
pub fn resolve_errors(api: &mut Api) {
    let declared: HashMap<String, TypeRef> = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Object { fields, .. } => fields
                .iter()
                .find(|field| field.wire_name == ERROR_PROPERTY)
                .map(|field| (def.name.clone(), field.ty.clone())),
            _ => None,
        })
        .collect();
    for group in &mut api.groups {
        for operation in &mut group.operations {
            for response in &mut operation.responses {
                let Some(stream) = &mut response.stream else {
                    continue;
                };
                if let TypeRef::Named { name } = &stream.ty {
                    stream.error = declared.get(name).cloned();
                }
            }
        }
    }
}
