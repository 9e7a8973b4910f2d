//! The `pagination` module: for each operation with `x-speakeasy-pagination`, a stream of its
//! pages and a stream of its items, built on the operation's standalone function.
//!
//! `<func>_pages` sends the request, yields the page, and computes the next request from it:
//! offset/limit adds the number of items received to the offset and stops after an empty page or
//! one with fewer items than the request's limit; cursor sets the cursor parameter to the page's
//! next cursor and stops when it is absent, `null`, empty or the cursor just sent. An error is
//! yielded and ends the stream. `<func>_items` flattens the pages into their items.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::operations::inputs;
use super::syntax::ident;
use crate::ir::{Field, Group, Operation, Pagination, PaginationKind, TypeKind, TypeRef};

/// The operations whose pagination the crate implements.
fn paginated<'a>(
    rust: &'a Rust<'_>,
) -> impl Iterator<Item = (&'a Group, &'a Operation, &'a Pagination)> {
    rust.api.operations().filter_map(|(group, operation)| {
        let pagination = operation.pagination.as_ref()?;
        Some((group, operation, pagination))
    })
}

/// Whether the crate has a `pagination` module.
pub fn any(rust: &Rust<'_>) -> bool {
    paginated(rust).next().is_some()
}

/// The module's source, when an operation is paginated.
pub fn render(rust: &Rust<'_>) -> Option<TokenStream> {
    if !any(rust) {
        return None;
    }
    let core = rust.core_ident();
    let functions = paginated(rust)
        .map(|(group, operation, pagination)| functions(rust, group, operation, pagination));
    Some(quote! {
        //! Streams over the pages of list operations (`x-speakeasy-pagination`): one of the pages
        //! (`<function>_pages`) and one of their items (`<function>_items`) per paginated
        //! operation.
        //!
        //! Each page is fetched with the operation's standalone function, lazily, when the stream
        //! is polled past the items already received. Offset/limit pagination adds the number of
        //! items received to the offset, and stops after an empty page or one with fewer items
        //! than the request's limit (without a limit, after the first empty page). Cursor
        //! pagination sends the cursor the page names, and stops when a page names none (absent,
        //! `null` or empty) or the one just sent. A failed page is yielded as the stream's last
        //! item: retries and timeouts apply to each page as to any call.
        //!
        //! The streams are not `Unpin`: pin them (`std::pin::pin!` or `Box::pin`) to call
        //! [`StreamExt::next`] or [`TryStreamExt::try_next`], or collect them with
        //! [`TryStreamExt::try_collect`].

        use futures::stream::{self, Stream};

        use crate::core::#core;
        use crate::runtime::{ApiResponse, RequestOptions};

        /// The stream traits, re-exported so that callers need no `futures` dependency.
        pub use futures::stream::{StreamExt, TryStreamExt};

        #(#functions)*
    })
}

fn functions(
    rust: &Rust<'_>,
    group: &Group,
    operation: &Operation,
    pagination: &Pagination,
) -> TokenStream {
    let func = rust.func_ident(group, operation);
    let pages = format_ident!("{}_pages", func.to_string().trim_start_matches("r#"));
    let items = format_ident!("{}_items", func.to_string().trim_start_matches("r#"));
    let core = rust.core_ident();
    let request_type = format_ident!("{}", operation.request_type);
    let request_type = quote!(crate::operations::#request_type);
    let error = rust.operation_error_ident(operation);
    let error = quote!(crate::errors::#error);
    let response = rust.response_ty(operation);
    let item = rust.ty(&pagination.item);
    let body = operation
        .responses
        .iter()
        .find_map(|response| response.ty.as_ref())
        .cloned()
        .unwrap_or(TypeRef::Any);
    let results = path_ref(rust, &body, &pagination.results, quote!(page));
    let count = if results.optional {
        let expression = results.expression;
        quote!(#expression.map_or(0, Vec::len))
    } else {
        let expression = results.expression;
        quote!(#expression.len())
    };
    let owned_results = path_owned(rust, &body, &pagination.results, quote!(page.into_inner()));
    let next = match pagination.kind {
        PaginationKind::OffsetLimit => offset_next(rust, operation, pagination, &count),
        PaginationKind::Cursor => cursor_next(rust, operation, pagination, &body),
    };
    let rule = match pagination.kind {
        PaginationKind::OffsetLimit => {
            let offset = pagination.offset.as_deref().unwrap_or_default();
            match &pagination.limit {
                Some(limit) => format!(
                    "Each next page is requested with `{offset}` advanced by the number of items received; the stream ends after an empty page or one with fewer items than `{limit}` (when the request sets it)."
                ),
                None => format!(
                    "Each next page is requested with `{offset}` advanced by the number of items received; the stream ends after an empty page."
                ),
            }
        }
        PaginationKind::Cursor => {
            let cursor = pagination.cursor.as_deref().unwrap_or_default();
            let next = pagination
                .next_cursor
                .as_ref()
                .map(|path| format!("$.{}", path.join(".")))
                .unwrap_or_default();
            format!(
                "Each next page is requested with `{cursor}` set to the page's `{next}`; the stream ends when that is absent, `null`, empty or unchanged."
            )
        }
    };
    let results = format!("$.{}", pagination.results.join("."));
    let pages_docs = raw_doc(&format!(
        "The pages of [`{func}`](crate::funcs::{func}) (`{} {}`), from the one `request` asks for to the last.\n\n{rule}\n\n# Errors\n\nA failed page is yielded as the stream's last item (see [`{}`](crate::errors::{})).",
        operation.method, operation.path, operation.error_type, operation.error_type
    ));
    let items_docs = raw_doc(&format!(
        "The items (`{results}`) of every page of [`{func}`](crate::funcs::{func}), in order: [`{pages}`] flattened.\n\n{}\n# Errors\n\nA failed page is yielded as the stream's last item (see [`{}`](crate::errors::{})).",
        example(rust, operation, &items),
        operation.error_type,
        operation.error_type
    ));
    let super::Deprecation {
        mark: deprecated,
        allow,
    } = super::deprecation(operation);
    quote! {
        #pages_docs
        #deprecated
        #allow
        pub fn #pages(
            core: &#core,
            request: #request_type,
            options: Option<RequestOptions>,
        ) -> impl Stream<Item = Result<ApiResponse<#response>, #error>> + '_ {
            stream::try_unfold(Some(request), move |state| {
                let options = options.clone();
                async move {
                    let Some(mut request) = state else {
                        return Ok(None);
                    };
                    let page = crate::funcs::#func(core, request.clone(), options).await?;
                    #next
                    Ok(Some((page, next)))
                }
            })
        }

        #items_docs
        #deprecated
        #allow
        pub fn #items(
            core: &#core,
            request: #request_type,
            options: Option<RequestOptions>,
        ) -> impl Stream<Item = Result<#item, #error>> + '_ {
            #pages(core, request, options)
                .map_ok(|page| {
                    let items: Vec<#item> = #owned_results;
                    stream::iter(items.into_iter().map(Ok))
                })
                .try_flatten()
        }
    }
}

/// The statements that set `next` (an `Option` of the next request) for offset/limit paging.
fn offset_next(
    rust: &Rust<'_>,
    operation: &Operation,
    pagination: &Pagination,
    count: &TokenStream,
) -> TokenStream {
    let inputs = inputs(rust, operation);
    let field = |wire: &str| {
        inputs
            .iter()
            .find(|input| input.parameter.is_some_and(|p| p.wire_name == wire))
    };
    let offset = pagination.offset.as_deref().and_then(field);
    let Some(offset) = offset else {
        return quote!(let next: Option<_> = None;);
    };
    let offset_ident = &offset.ident;
    let offset_ty = &offset.value_ty;
    let current = if offset.required {
        quote!(request.#offset_ident)
    } else {
        quote!(request.#offset_ident.unwrap_or_default())
    };
    let advanced =
        quote!(#current.saturating_add(#offset_ty::try_from(count).unwrap_or(#offset_ty::MAX)));
    let assign = if offset.required {
        quote!(request.#offset_ident = #advanced;)
    } else {
        quote!(request.#offset_ident = Some(#advanced);)
    };
    let short = pagination.limit.as_deref().and_then(field).map(|limit| {
        let limit_ident = &limit.ident;
        let limit_ty = &limit.value_ty;
        let received = quote!(#limit_ty::try_from(count).unwrap_or(#limit_ty::MAX));
        if limit.required {
            quote!(|| #received < request.#limit_ident)
        } else {
            quote!(|| request.#limit_ident.is_some_and(|limit| #received < limit))
        }
    });
    quote! {
        let count = #count;
        let next = if count == 0 #short {
            None
        } else {
            #assign
            Some(request)
        };
    }
}

/// The statements that set `next` (an `Option` of the next request) for cursor paging.
fn cursor_next(
    rust: &Rust<'_>,
    operation: &Operation,
    pagination: &Pagination,
    body: &TypeRef,
) -> TokenStream {
    let inputs = inputs(rust, operation);
    let cursor = pagination.cursor.as_deref().and_then(|wire| {
        inputs
            .iter()
            .find(|input| input.parameter.is_some_and(|p| p.wire_name == wire))
    });
    let (Some(cursor), Some(path)) = (cursor, pagination.next_cursor.as_ref()) else {
        return quote!(let next = None;);
    };
    let ident = &cursor.ident;
    let found = path_ref(rust, body, path, quote!(page));
    let found = if found.optional {
        let expression = found.expression;
        quote!(#expression.cloned())
    } else {
        let expression = found.expression;
        quote!(Some(#expression.clone()))
    };
    let empty = cursor
        .parameter
        .is_some_and(|p| p.ty == TypeRef::String)
        .then(|| quote!(.filter(|cursor| !cursor.is_empty())));
    let (changed, assign) = if cursor.required {
        (
            quote!(request.#ident != cursor),
            quote!(request.#ident = cursor;),
        )
    } else {
        (
            quote!(request.#ident.as_ref() != Some(&cursor)),
            quote!(request.#ident = Some(cursor);),
        )
    };
    quote! {
        let next = match #found #empty {
            Some(cursor) if #changed => {
                #assign
                Some(request)
            }
            _ => None,
        };
    }
}

/// The fields along `path` (wire names) from `ty`, through aliases.
fn fields<'a>(rust: &Rust<'a>, ty: &TypeRef, path: &[String]) -> Vec<(String, &'a Field)> {
    let mut current = ty.clone();
    let mut found = Vec::new();
    for wire in path {
        let mut owner = String::new();
        let field = loop {
            let TypeRef::Named { name } = &current else {
                return found;
            };
            match rust.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Alias { target }) => current = target.clone(),
                Some(TypeKind::Object { fields, .. }) => {
                    owner.clone_from(name);
                    match fields.iter().find(|field| &field.wire_name == wire) {
                        Some(field) => break field,
                        None => return found,
                    }
                }
                _ => return found,
            }
        };
        current = field.ty.clone();
        found.push((owner, field));
    }
    found
}

/// An expression of the value at `path` in `value`: `(expression, optional)`, where an optional
/// expression is an `Option` (the path crosses an optional or nullable property).
struct Access {
    expression: TokenStream,
    optional: bool,
}

/// The value at `path` in `value` (an `ApiResponse` of `body`): a place expression, or an
/// `Option` of a reference when optional.
fn path_ref(rust: &Rust<'_>, body: &TypeRef, path: &[String], value: TokenStream) -> Access {
    let mut expression = if path.is_empty() {
        quote!((*#value))
    } else {
        value
    };
    let mut optional = false;
    for (owner, field) in fields(rust, body, path) {
        let name = ident(&field.name.snake);
        let boxed = rust.contains_directly(&field.ty, &owner, &mut Vec::new());
        let required = field.required && !field.nullable;
        expression = match (optional, required) {
            // A place: still a path of fields.
            (false, true) => quote!(#expression.#name),
            (false, false) => {
                optional = true;
                quote!(#expression.#name.as_ref())
            }
            (true, true) => quote!(#expression.map(|value| &value.#name)),
            (true, false) => quote!(#expression.and_then(|value| value.#name.as_ref())),
        };
        if !required && field.nullable && !field.required {
            expression = quote!(#expression.and_then(|value| value.as_option()));
        }
        if boxed {
            expression = if optional {
                quote!(#expression.map(|value| &**value))
            } else {
                quote!((*#expression))
            };
        }
    }
    Access {
        expression,
        optional,
    }
}

/// The value at `path` in `value` (of type `body`), moved out; the default when absent or `null`.
fn path_owned(rust: &Rust<'_>, body: &TypeRef, path: &[String], value: TokenStream) -> TokenStream {
    let mut expression = value;
    let mut optional = false;
    for (owner, field) in fields(rust, body, path) {
        let name = ident(&field.name.snake);
        let boxed = rust.contains_directly(&field.ty, &owner, &mut Vec::new());
        let required = field.required && !field.nullable;
        expression = match (optional, required) {
            (false, true) => quote!(#expression.#name),
            (false, false) => {
                optional = true;
                quote!(#expression.#name)
            }
            (true, true) => quote!(#expression.map(|value| value.#name)),
            (true, false) => quote!(#expression.and_then(|value| value.#name)),
        };
        if field.nullable && !field.required {
            expression = quote!(#expression.and_then(crate::runtime::Nullable::into_option));
        }
        if boxed {
            expression = if optional {
                quote!(#expression.map(|value| *value))
            } else {
                quote!((*#expression))
            };
        }
    }
    if optional {
        quote!(#expression.unwrap_or_default())
    } else {
        expression
    }
}

/// `#[doc]` lines of generated text (not the spec's: its code blocks are compiled).
fn raw_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// A doc example: every item of the operation's pages, with the docs' example inputs.
fn example(rust: &Rust<'_>, operation: &Operation, items: &proc_macro2::Ident) -> String {
    if !super::docs::has_complete_examples(rust, operation) {
        return String::new();
    }
    let core = rust.core_ident();
    let request = super::docs::example_request(rust, operation, |setter| {
        !is_paging_input(operation, setter)
    });
    let program = quote! {
        use crate::#core;
        use crate::pagination::{#items, TryStreamExt};

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let core = #core::builder().build()?;
            let request = #request;
            let items = #items(&core, request, None);
            let mut items = std::pin::pin!(items);
            while let Some(item) = items.try_next().await? {
                println!("{item:?}");
            }
            Ok(())
        }
    };
    format!(
        "# Example\n\n{}",
        super::docs::fenced(&super::docs::program_text(rust, program))
    )
}

/// Whether the request field `setter` is one the pagination sets.
fn is_paging_input(operation: &Operation, setter: &str) -> bool {
    let Some(pagination) = &operation.pagination else {
        return false;
    };
    let wires = [&pagination.offset, &pagination.cursor];
    operation.parameters.iter().any(|parameter| {
        super::operations::input_ident(&parameter.name.snake) == setter
            && wires
                .iter()
                .any(|wire| wire.as_ref() == Some(&parameter.wire_name))
    })
}

/// The section of an operation's page in `docs/sdks/<group>/README.md` (empty when the
/// operation is not paginated): what its streams do, with an example.
pub fn operation_docs(rust: &Rust<'_>, group: &Group, operation: &Operation) -> String {
    let Some(pagination) = &operation.pagination else {
        return String::new();
    };
    let func = rust.func_ident(group, operation).to_string();
    let func = func.trim_start_matches("r#");
    let items = format_ident!("{func}_items");
    let how = match pagination.kind {
        PaginationKind::OffsetLimit => "offset and limit",
        PaginationKind::Cursor => "cursor",
    };
    let mut text = format!(
        "\n### Pagination\n\nThis operation is paginated ({how}). `pagination::{func}_pages` yields each page (an `ApiResponse`) and `pagination::{func}_items` each item of `$.{}`, fetching the next page as the stream is read; it ends after the last page, and a failed page is yielded as its last item.\n\n",
        pagination.results.join(".")
    );
    let example = example(rust, operation, &items);
    text.push_str(example.strip_prefix("# Example\n\n").unwrap_or(&example));
    text
}
