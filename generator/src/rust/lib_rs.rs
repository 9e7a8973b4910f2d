//! The generated crate's `lib.rs`: crate docs with an example, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::Rust;
use super::docs;
use super::syntax::ident;

pub fn render(rust: &Rust<'_>) -> TokenStream {
    let client = rust.client_ident();
    let core = rust.core_ident();
    let builder = rust.builder_ident();
    let crate_docs = docs::crate_docs(rust);
    let server = (!rust.api.servers.is_empty()).then(|| quote!(, Server));
    let hand_written = rust.config.rust.hand_written_modules.iter().map(|module| {
        let module = ident(module);
        quote!(pub mod #module;)
    });
    let group_pages = rust
        .api
        .groups
        .iter()
        .map(|group| format!("docs/sdks/{}/README.md", group.name.snake));
    let model_pages = rust
        .api
        .types
        .iter()
        .filter(|def| def.example.is_some())
        .map(|def| super::model_docs::page(rust, &def.name));
    let doc_tests = group_pages.chain(model_pages).map(|page| {
        let path = format!("../{page}");
        let name = quote::format_ident!("{}", crate::ir::Name::new(&page).pascal);
        quote! {
            #[doc = include_str!(#path)]
            pub struct #name;
        }
    });
    let sensitive = super::sensitive::needs(rust).any().then(|| {
        quote!(
            mod sensitive;
        )
    });
    let pagination = super::pagination::any(rust).then(|| {
        quote!(
            pub mod pagination;
        )
    });
    let unions = super::unions::needs(rust).any().then(|| {
        quote!(
            mod unions;
        )
    });
    let crate_attrs: Vec<String> = crate_docs.lines().map(|line| format!(" {line}")).collect();
    quote! {
        #(#![doc = #crate_attrs])*
        #![deny(missing_docs)]

        pub mod client;
        pub mod core;
        pub mod errors;
        pub mod funcs;
        pub mod models;
        pub mod operations;
        #pagination
        pub mod runtime;
        #sensitive
        #unions
        #(#hand_written)*

        pub use crate::client::#client;
        pub use crate::core::{#builder, #core #server};
        pub use crate::runtime::{ApiResponse, Hook, Nullable, RequestOptions, RetryConfig};

        /// Re-exported so that typed values, custom clients and hooks need no extra dependencies.
        pub use bytes;
        pub use chrono;
        pub use reqwest;
        pub use secrecy;
        pub use serde_json;
        pub use url;
        pub use uuid;

        /// The pages of `docs/`, compiled and run as doctests.
        #[cfg(doctest)]
        mod docs_pages {
            #(#doc_tests)*
        }
    }
}
