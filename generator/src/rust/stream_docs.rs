//! The "Streaming" section of a streaming operation's page in `docs/sdks/<group>/README.md`:
//! what `send_stream()` and the `<func>_stream` function yield, with an example of each that the
//! crate's doctests compile.

use quote::quote;

use super::Rust;
use super::docs::{builder_program, fenced, has_complete_examples, standalone_program};
use super::model_docs::type_markdown;
use crate::ir::{Group, Operation, TypeRef};

/// The section (empty when the operation does not stream events).
pub fn operation_docs(rust: &Rust<'_>, group: &Group, operation: &Operation) -> String {
    let Some(events) = super::funcs::streaming_calls(operation).events else {
        return String::new();
    };
    let func = super::funcs::events_func_ident(rust, group, operation);
    let set = events
        .request_field
        .as_ref()
        .map(|field| format!(" (it sets the request's `{field}` to `true`)"))
        .unwrap_or_default();
    let end = match &events.sentinel {
        Some(sentinel) => format!("at the event whose data is `{sentinel}`"),
        None => "with the body".to_owned(),
    };
    let errors = match (&events.ty, &events.error) {
        (TypeRef::String, _) => "Each event's data is text, yielded as it is.".to_owned(),
        (_, Some(error)) => format!(
            "An event whose `error` is set is a failure the server reports after the stream has begun: it is yielded as `StreamError::Server`, whose `details()` is the {} it carries, and ends the stream.",
            type_markdown(rust, error, "../../../")
        ),
        (_, None) => "An event that does not match the stream's type but carries an `error` member is a failure the server reports after the stream has begun: it is yielded as `StreamError::Server`, which keeps the data, and ends the stream.".to_owned(),
    };
    let mut text = format!(
        "\n### Streaming\n\n`send_stream()`{set} and `funcs::{func}` return the response's server-sent events as they arrive, each decoded as it comes; the stream ends {end}. {errors} Retries apply only until the first event.\n\n"
    );
    if has_complete_examples(rust, operation) {
        text.push_str(&fenced(&builder_example(rust, group, operation)));
        text.push_str("\nThe standalone function:\n\n");
        text.push_str(&fenced(&standalone_example(rust, group, operation)));
    }
    text
}

/// `send_stream()`, reading every event and telling a server's error from other failures.
fn builder_example(rust: &Rust<'_>, group: &Group, operation: &Operation) -> String {
    builder_program(
        rust,
        group,
        operation,
        quote!(
            use crate::runtime::StreamError;
        ),
        |call| {
            quote! {
                let mut stream = #call.send_stream().await?;
                while let Some(item) = stream.next().await {
                    match item {
                        Ok(event) => println!("{:?}", event.data()),
                        Err(StreamError::Server(error)) => eprintln!("{error}: {:?}", error.details()),
                        Err(error) => return Err(error.into()),
                    }
                }
            }
        },
    )
}

/// The `<func>_stream` function, stopping at the first error of any kind.
fn standalone_example(rust: &Rust<'_>, group: &Group, operation: &Operation) -> String {
    let func = super::funcs::events_func_ident(rust, group, operation);
    standalone_program(
        rust,
        operation,
        &func,
        quote! {
            let mut stream = #func(&core, request, None).await?;
            while let Some(event) = stream.next().await {
                println!("{:?}", event?.data());
            }
        },
    )
}
