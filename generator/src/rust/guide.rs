//! The docs that answer a user's questions beyond the call itself: which error variant appears
//! when (with a complete `match` per operation), what is checked before sending, how to send
//! `null`, how retries wait, how headers and bodies are treated.

use quote::quote;

use super::Rust;
use super::docs::{bound_inputs, fenced, has_complete_examples, program_text};
use super::syntax::ident;
use crate::ir::{Constraints, Group, Operation, TypeKind, TypeRef};

/// The variants every operation's error enum has besides its documented errors, and when each
/// appears.
const FIXED_VARIANTS: &[(&str, &str)] = &[
    (
        "Default",
        "any other 4XX/5XX status, or a documented error status whose body is not of the documented content type",
    ),
    (
        "UnexpectedContentType",
        "a documented success status with another content type than documented (a missing one is read as the documented one)",
    ),
    (
        "InvalidRequest",
        "the request failed the checks made before sending (see below); nothing was sent",
    ),
    (
        "InvalidResponse",
        "a documented status whose body does not match its schema; `status()` and `raw_body()` still tell what arrived",
    ),
    (
        "Transport",
        "the server could not be reached or the connection broke off, after every retry the policy allows",
    ),
    (
        "Timeout",
        "connecting, a silent server (`read_idle_timeout`), an attempt (`timeout`) or the whole retry budget ran out of time",
    ),
    (
        "Aborted",
        "a hook or the API key source failed, so the request was not sent",
    ),
];

/// The "Error variants" section of an operation: a table of the enum's variants and a program that
/// matches every one of them.
pub fn operation_errors(rust: &Rust<'_>, group: &Group, operation: &Operation) -> String {
    let error = &operation.error_type;
    let mut text = format!(
        "\nThe call fails with `errors::{error}`; `status()` gives the HTTP status of every variant\n\
         that has one:\n\n| Variant | When |\n| --- | --- |\n"
    );
    for (variant, def) in super::errors::documented_variants(rust, operation) {
        let statuses: Vec<String> = operation
            .errors
            .iter()
            .filter(|response| response.error == def.name)
            .map(|response| response.status.text())
            .collect();
        text.push_str(&format!(
            "| `{variant}({})` | status {} with its documented body |\n",
            def.name,
            statuses.join(", ")
        ));
    }
    for (variant, when) in FIXED_VARIANTS {
        text.push_str(&format!("| `{variant}` | {when} |\n"));
    }
    if has_complete_examples(rust, operation) {
        text.push('\n');
        text.push_str(&fenced(&complete_match(rust, group, operation)));
    }
    text.push_str(&checked_before_sending(rust, operation));
    text
}

/// A program that calls the operation and handles each variant of its error enum.
pub(super) fn complete_match(rust: &Rust<'_>, group: &Group, operation: &Operation) -> String {
    let client = rust.client_ident();
    let group_method = ident(&group.name.snake);
    let method = ident(&operation.name.snake);
    let error = rust.operation_error_ident(operation);
    let inputs = bound_inputs(rust, operation, false);
    let (lets, setters) = (&inputs.lets, &inputs.setters);
    let documented = super::errors::documented_variants(rust, operation)
        .into_iter()
        .map(|(variant, _)| {
            quote!(Err(#error::#variant(error)) => eprintln!("documented error {}: {}", error.status, error.raw_body),)
        });
    let program = quote! {
        use crate::#client;
        use crate::errors::#error;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = #client::builder().build()?;
            #(#lets)*
            match client.#group_method().#method() #(#setters)* .send().await {
                Ok(_) => println!("done"),
                #(#documented)*
                Err(#error::Default(error)) => eprintln!("undocumented status {}: {}", error.status, error.raw_body),
                Err(#error::UnexpectedContentType(error)) => eprintln!("unexpected content type {:?} with status {}", error.content_type(), error.status()),
                Err(#error::InvalidRequest(error)) => eprintln!("not sent: {error}"),
                Err(#error::InvalidResponse(error)) => eprintln!("unexpected body with status {}: {error}", error.status()),
                Err(#error::Transport(error)) => eprintln!("unreachable after {} attempts: {error}", error.attempts()),
                Err(#error::Timeout(error)) => eprintln!("timed out after {} attempts", error.attempts()),
                Err(#error::Aborted(error)) => eprintln!("not sent: {error}"),
                // The enum is `#[non_exhaustive]`: later versions may add variants.
                Err(error) => eprintln!("failed: {error}"),
            }
            Ok(())
        }
    };
    program_text(rust, program)
}

/// What `validate()` checks before anything is sent: the constraints of the request body's fields.
fn checked_before_sending(rust: &Rust<'_>, operation: &Operation) -> String {
    let Some(TypeRef::Named { name }) = operation.request_body.as_ref().map(|body| &body.ty) else {
        return String::new();
    };
    let Some(TypeKind::Object { fields, .. }) = rust.type_def(name).map(|def| &def.kind) else {
        return String::new();
    };
    let checks: Vec<String> = fields
        .iter()
        .filter_map(|field| {
            let rules = constraint_text(&field.constraints);
            (!rules.is_empty()).then(|| {
                format!(
                    "- `request_body.{}`: {}\n",
                    field.name.snake,
                    rules.join(", ")
                )
            })
        })
        .collect();
    if checks.is_empty() {
        return String::new();
    }
    format!(
        "\nChecked before sending (a violation is `InvalidRequest`, and no request is made; \
         `pattern`s are not checked):\n\n{}",
        checks.concat()
    )
}

/// The constraints `validate()` enforces, in words.
fn constraint_text(constraints: &Constraints) -> Vec<String> {
    let mut rules = Vec::new();
    if let Some(min) = constraints.min_length {
        rules.push(format!("at least {min} characters"));
    }
    if let Some(max) = constraints.max_length {
        rules.push(format!("at most {max} characters"));
    }
    if let Some(min) = constraints.minimum {
        let bound = if constraints.exclusive_minimum {
            "more than"
        } else {
            "at least"
        };
        rules.push(format!("{bound} {min}"));
    }
    if let Some(max) = constraints.maximum {
        let bound = if constraints.exclusive_maximum {
            "less than"
        } else {
            "at most"
        };
        rules.push(format!("{bound} {max}"));
    }
    if let Some(min) = constraints.min_items {
        rules.push(format!("at least {min} items"));
    }
    if let Some(max) = constraints.max_items {
        rules.push(format!("at most {max} items"));
    }
    rules
}

/// The crate docs' answers to what a user asks after the first call.
pub fn behaviour(rust: &Rust<'_>) -> String {
    let mut text = String::from("\n## Good to know\n\n");
    text.push_str(&sending_null(rust));
    text.push_str(
        "- **Checked before sending.** Every request type has `validate()`, called by `send` and by the\n  \
         standalone functions: lengths, ranges, item counts and finite numbers, as the spec documents\n  \
         them (the operation pages list them). A violation is the `InvalidRequest` variant; nothing is\n  \
         sent. Typed fields (URLs, UUIDs, timestamps) cannot hold a malformed value at all.\n\
         - **Retry waits.** Each wait is the backoff's nominal delay plus a random jitter of up to the\n  \
         same amount (so between 1x and 2x the nominal delay), capped at the maximum interval; a\n  \
         `Retry-After` or `retry-after-ms` header of a retried response replaces it.\n\
         - **Header values** are sent as given: non-ASCII text goes out as raw UTF-8 bytes (most servers\n  \
         expect ASCII; encode such values yourself). A value with a line break is refused as\n  \
         `InvalidRequest`.\n\
         - **Raw bodies.** The `raw_body` of an error is the body as text, decoded as UTF-8 with invalid\n  \
         bytes replaced (lossy); binary success bodies arrive unchanged as `bytes::Bytes`.\n",
    );
    text
}

/// How to send an explicit `null`, shown on the first optional field that may be null.
fn sending_null(rust: &Rust<'_>) -> String {
    let example = rust.api.operations().find_map(|(_, operation)| {
        let TypeRef::Named { name } = &operation.request_body.as_ref()?.ty else {
            return None;
        };
        let TypeKind::Object { fields, .. } = &rust.type_def(name)?.kind else {
            return None;
        };
        let body = operation
            .example
            .inputs
            .iter()
            .find(|input| input.location.is_none())?;
        // A field the example leaves unset, so that the program sets it once.
        let field = fields.iter().find(|field| {
            field.nullable && !field.required && body.json.get(&field.wire_name).is_none()
        })?;
        has_complete_examples(rust, operation).then_some((operation, name, field))
    });
    let mut text = String::from(
        "- **Optional and nullable.** An optional property that may be `null` is an\n  \
         `Option<Nullable<T>>`: `None` leaves it out, `Some(Nullable::Null)` sends `null`, and\n  \
         `Some(Nullable::Value(v))` sends the value. Setters take the value or `Nullable::Null`.\n",
    );
    if let Some((operation, type_name, field)) = example {
        let setter = super::models::setter_ident(&field.name.snake);
        let ty = rust.ty(&TypeRef::Named {
            name: type_name.clone(),
        });
        let body = operation
            .example
            .inputs
            .iter()
            .find(|input| input.location.is_none())
            .and_then(|input| rust.example(&operation.request_body.as_ref()?.ty, &input.json));
        if let Some(body) = body {
            let program = quote! {
                use crate::Nullable;

                fn main() -> Result<(), Box<dyn std::error::Error>> {
                    let body: #ty = #body.#setter(Nullable::Null);
                    let json = crate::serde_json::to_string(&body)?;
                    println!("{json}");
                    Ok(())
                }
            };
            text.push_str(&indent(&fenced(&program_text(rust, program))));
        }
    }
    text
}

/// Indents a code block so that it belongs to the list item above it.
fn indent(block: &str) -> String {
    let mut text = String::from("\n");
    for line in block.lines() {
        if line.is_empty() {
            text.push('\n');
        } else {
            text.push_str("  ");
            text.push_str(line);
            text.push('\n');
        }
    }
    text.push('\n');
    text
}
