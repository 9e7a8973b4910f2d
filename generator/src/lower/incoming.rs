//! Requests the API sends rather than receives: webhooks (OpenAPI 3.1 `webhooks`) and callbacks
//! (an operation's `callbacks`).
//!
//! An SDK makes no call for them, so they are no operations. What a program receiving them needs
//! is the payload's type: each JSON request body is lowered as a model (a `$ref` to a component
//! is that component; an inline schema is named `<Webhook>Payload`, or
//! `<Operation><Callback>Payload`), and a warning names each one's pointer and says what the SDK
//! has for it.

use openapiv3::PathItem;

use super::Lowerer;
use super::operation::pick_content;
use super::refs;
use super::schema::{Context, TypeSpace};
use crate::diagnostics::{Result, join_pointer};
use crate::ir::{TypeOrigin, TypeRef};
use crate::naming::pascal;

/// Whether a request comes as a webhook or as a callback of an operation.
#[derive(Clone, Copy)]
enum Kind {
    Webhook,
    Callback,
}

impl Lowerer<'_> {
    /// Lowers the payload types of every webhook and callback, warning about each.
    pub(super) fn incoming(&mut self, types: &mut TypeSpace<'_>) -> Result<()> {
        let document = self.document;
        for (name, item) in &document.webhooks {
            let pointer = join_pointer("/webhooks", name);
            let Some(item) = item.as_item() else {
                self.warnings.push(document.diagnostic(
                    &pointer,
                    format!("webhook `{name}` refers to a path item outside `#/components/pathItems`, which is not supported; left out"),
                ));
                continue;
            };
            self.path_item(Kind::Webhook, name, &pascal(name), item, &pointer, types)?;
        }
        for (path, item) in &document.api.paths.paths {
            let Some(item) = item.as_item() else {
                continue;
            };
            let item_pointer = join_pointer("/paths", path);
            for (method, operation) in item.iter() {
                let owner = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method} {path}"));
                let callbacks_pointer =
                    join_pointer(&join_pointer(&item_pointer, method), "callbacks");
                for (name, callback) in &operation.callbacks {
                    let callback_pointer = join_pointer(&callbacks_pointer, name);
                    let hint = pascal(&format!("{owner} {name}"));
                    for (expression, item) in callback {
                        let pointer = join_pointer(&callback_pointer, expression);
                        self.path_item(Kind::Callback, name, &hint, item, &pointer, types)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The payload types of one webhook's or callback's path item, and a warning per request.
    fn path_item(
        &mut self,
        kind: Kind,
        name: &str,
        hint: &str,
        item: &PathItem,
        pointer: &str,
        types: &mut TypeSpace<'_>,
    ) -> Result<()> {
        let what = match kind {
            Kind::Webhook => format!("webhook `{name}`"),
            Kind::Callback => format!("callback `{name}`"),
        };
        let context = Context {
            base: hint.to_owned(),
            origin: TypeOrigin::Component,
        };
        for (method, operation) in item.iter() {
            let pointer = join_pointer(pointer, method);
            let payload = match &operation.request_body {
                Some(body) => {
                    let body_pointer = join_pointer(&pointer, "requestBody");
                    let (body, _) = refs::resolve(self.document, body, &body_pointer)?;
                    let content = pick_content(&body.content);
                    let hint = format!("{hint}Payload");
                    self.body_type(content, &body_pointer, &hint, &context, types)?
                }
                None => None,
            };
            let has = match &payload {
                Some(TypeRef::Named { name }) => {
                    format!("its payload type `{name}` is generated for a receiver to decode")
                }
                Some(_) => "its payload is not a named type, so no type is generated for it".into(),
                None => "it has no request body, so there is no payload type".into(),
            };
            let method = method.to_ascii_uppercase();
            self.warnings.push(self.document.diagnostic(
                &pointer,
                format!("{what} ({method}) is a request the API sends, not one the SDK makes: {has}; the SDK has no handler for it"),
            ));
        }
        Ok(())
    }
}
