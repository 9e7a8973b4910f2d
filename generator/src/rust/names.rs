//! The Rust backend's own names beside the spec's.
//!
//! The generated crate defines types that no spec names (the runtime's `ApiResponse`,
//! `RetryConfig`, ..., the SDK's client, core and builders), and its code uses Rust's prelude by
//! name (`Result`, `Option`, `String`, ...). A spec type that would clash with one of these is
//! renamed in the backend's copy of the IR ([`clashes`](crate::clashes)). Names the generated
//! modules import from other crates (`Duration`, `serde_json::Value`, ...) need no renaming: the
//! spec's types of those names keep their paths there (see `source.rs`).

use std::borrow::Cow;
use std::collections::HashSet;

use crate::clashes::Defines;
use crate::ir::Api;

/// Types of the runtime that the generated modules import by name.
const RUNTIME_TYPES: &[&str] = &[
    "ApiResponse",
    "Nullable",
    "RequestOptions",
    "RetryConfig",
    "StatusCodePattern",
    "Hook",
    "Server",
    "RequestValidationError",
    "ResponseValidationError",
    "SendError",
    "TimeoutError",
    "TimeoutKind",
    "TransportError",
    "UnexpectedContentTypeError",
];

/// Names of Rust itself that generated code writes unqualified: `Self`, and the types, traits and
/// variants of the standard prelude. A model named `String` would change what every `String` of
/// the models module means.
const RUST_NAMES: &[&str] = &[
    "Self",
    "Result",
    "Option",
    "Box",
    "String",
    "Vec",
    "Some",
    "None",
    "Ok",
    "Err",
    "ToString",
    "ToOwned",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "FromIterator",
];

/// `api` with every type name that clashes with a name of the Rust SDK renamed; borrowed as is
/// when nothing clashes.
pub fn without_clashes(api: &Api) -> Cow<'_, Api> {
    let sdk = sdk_names(api);
    crate::clashes::without_clashes(api, &|name, defines| {
        sdk.contains(name)
            || RUNTIME_TYPES.contains(&name)
            // A group's type lives in the client module, which implements no trait by name: the
            // common group of untagged operations keeps its name `Default` there.
            || (RUST_NAMES.contains(&name) && !(defines == Defines::Group && name == "Default"))
    })
}

/// Names the Rust SDK defines for this API: its client, core and builders.
fn sdk_names(api: &Api) -> HashSet<String> {
    let sdk = &api.sdk.name.pascal;
    let sdk_names = ["", "Core", "Builder"].map(|suffix| format!("{sdk}{suffix}"));
    let builders = api
        .operations()
        .map(|(_, operation)| format!("{}Builder", operation.type_prefix));
    sdk_names.into_iter().chain(builders).collect()
}
