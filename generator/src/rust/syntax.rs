//! Small pieces of Rust syntax: identifiers and doc comments.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Words that cannot be identifiers even as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keywords of newer editions that the parser still takes for identifiers.
const LATE_KEYWORDS: &[&str] = &["gen"];

/// A Rust identifier for `name`, which must consist of identifier characters (as every
/// [`Name`](crate::ir::Name) form does): keywords become raw identifiers (`type` gives `r#type`).
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if !LATE_KEYWORDS.contains(&name) && syn::parse_str::<Ident>(name).is_ok() {
        Ident::new(name, Span::call_site())
    } else {
        Ident::new_raw(name, Span::call_site())
    }
}

/// `#[doc = ...]` attributes for a text, one per line. Text from the spec is rustdoc already
/// (the backend rewrites it first: see `rustdoc.rs`).
pub fn doc(text: &str) -> TokenStream {
    let lines = text
        .trim_end()
        .lines()
        .map(|line| format!(" {}", line.trim_end()));
    quote!(#(#[doc = #lines])*)
}

/// Docs from an optional description, or `fallback` when there is none.
pub fn doc_or(description: Option<&str>, fallback: &str) -> TokenStream {
    match description.filter(|d| !d.trim().is_empty()) {
        Some(description) => doc(description),
        None => doc(fallback),
    }
}

/// The first sentence or line of a description, for one-line docs.
pub fn summary(text: &str) -> String {
    text.trim()
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}
