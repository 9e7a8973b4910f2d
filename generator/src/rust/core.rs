//! The `core` module: `<Sdk>Core` (configuration shared by every call: server, credentials,
//! globals, retries, timeouts, hooks) and the builder that makes it or the client.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Rust;
use super::syntax::{doc, doc_or, ident};
use crate::ir::{RetryPolicy, Server};

pub fn render(rust: &Rust<'_>) -> TokenStream {
    let core = rust.core_ident();
    let builder = rust.builder_ident();
    let client = rust.client_ident();
    let env_prefix = &rust.api.sdk.env_prefix;
    let generator_version = &rust.api.sdk.generator_version;
    let servers = servers(&rust.api.servers);
    let server_setter = (!rust.api.servers.is_empty()).then(|| {
        quote! {
            /// One of the servers the API documents.
            pub fn server(self, server: Server) -> Self {
                self.server_url(server.url())
            }
        }
    });
    let default_server = rust
        .api
        .servers
        .first()
        .map(|s| s.url.as_str())
        .unwrap_or("http://localhost");
    let retry = retry_config(rust.api.retries.as_ref());
    let retry_codes = rust
        .api
        .retries
        .as_ref()
        .map(|r| r.status_codes.clone())
        .unwrap_or_default();
    let global_fields = rust.api.globals.iter().map(|global| {
        let ident = ident(&global.name.snake);
        let docs = doc_or(
            global.description.as_deref(),
            &format!("The `{}` parameter.", global.wire_name),
        );
        quote!(#docs pub(crate) #ident: Option<String>,)
    });
    let global_setters = rust.api.globals.iter().map(|global| {
        let ident = ident(&global.name.snake);
        let env = format!("{env_prefix}_{}", global.name.screaming);
        let mut docs = doc_or(global.description.as_deref(), &format!("The `{}` parameter.", global.wire_name));
        docs.extend(doc(&format!(
            "\nSent as `{}` with every operation that takes it, unless the request sets its own;\nfalls back to the `{env}` environment variable.",
            global.wire_name
        )));
        quote! {
            #docs
            pub fn #ident(mut self, #ident: impl Into<String>) -> Self {
                self.globals.#ident = Some(#ident.into());
                self
            }
        }
    });
    let global_env = rust.api.globals.iter().map(|global| {
        let ident = ident(&global.name.snake);
        let suffix = &global.name.screaming;
        quote!(#ident: self.globals.#ident.or_else(|| runtime::env_var(ENV_PREFIX, #suffix)),)
    });
    let has_globals = !rust.api.globals.is_empty();
    // Only the operations read the configuration back.
    let config_getter = rust.api.operations().next().is_some().then(|| {
        quote! {
            pub(crate) fn config(&self) -> &Config {
                &self.config
            }
        }
    });
    let globals_field = has_globals.then(|| quote!(globals: Globals,));
    let globals_struct = has_globals.then(|| {
        quote! {
            /// Client-level values of the API's global parameters.
            #[derive(Clone, Debug, Default)]
            pub(crate) struct Globals {
                #(#global_fields)*
            }
        }
    });
    let globals_getter = has_globals.then(|| {
        quote! {
            pub(crate) fn globals(&self) -> &Globals {
                &self.globals
            }
        }
    });
    let globals_default = has_globals.then(|| quote!(globals: Globals::default(),));
    let globals_build = has_globals.then(|| quote!(let globals = Globals { #(#global_env)* };));
    let globals_init = has_globals.then(|| quote!(globals));
    let builder_link = doc(&format!(
        "Starts building a core; see [`{builder}`] for the settings."
    ));
    let builder_docs = doc(&format!(
        "Builds a [`{client}`](crate::{client}) or a [`{core}`].\n\nEvery setting is optional. Unset values fall back to the environment\n(`{env_prefix}_BASE_URL`, `{env_prefix}_API_KEY`, and one variable per global parameter), then to\nthe API's defaults."
    ));
    quote! {
        //! The SDK core: the configuration every operation runs with.
        use std::marker::PhantomData;
        use std::time::Duration;

        use url::Url;

        use crate::runtime::{self, BuildError, Config, ConfigBuilder, Hook, HookError, RetryConfig, StatusCodePattern};

        /// Prefix of the environment variables the SDK reads as fallbacks.
        pub const ENV_PREFIX: &str = #env_prefix;

        /// The version of sdkgen that generated this crate.
        pub const GENERATOR_VERSION: &str = #generator_version;

        /// The server used unless the builder, the environment or a call says otherwise.
        pub const DEFAULT_SERVER_URL: &str = #default_server;

        #servers

        /// The light core of the SDK: configuration only, used by the standalone functions in
        /// [`funcs`](crate::funcs). Cheap to clone: clones share the connection pool.
        #[derive(Clone, Debug)]
        pub struct #core {
            config: Config,
            #globals_field
        }

        #globals_struct

        impl #core {
            #builder_link
            pub fn builder() -> #builder<Self> {
                #builder::new()
            }

            /// The server URL requests go to, unless a call overrides it.
            pub fn server_url(&self) -> &Url {
                self.config.server_url()
            }

            #config_getter

            #globals_getter
        }

        #builder_docs
        #[derive(Debug)]
        pub struct #builder<T> {
            config: ConfigBuilder,
            #globals_field
            target: PhantomData<fn() -> T>,
        }

        impl<T: From<#core>> #builder<T> {
            pub(crate) fn new() -> Self {
                let user_agent = format!(
                    "{}/{} sdkgen/{}",
                    env!("CARGO_PKG_NAME"),
                    env!("CARGO_PKG_VERSION"),
                    GENERATOR_VERSION
                );
                Self {
                    config: ConfigBuilder::new(runtime::Defaults {
                        server_url: DEFAULT_SERVER_URL,
                        env_prefix: ENV_PREFIX,
                        retry: #retry,
                        retry_codes: &[#(#retry_codes),*],
                        user_agent,
                    }),
                    #globals_default
                    target: PhantomData,
                }
            }

            #server_setter

            /// The server URL (absolute `http`/`https`, may include a base path).
            pub fn server_url(mut self, server_url: impl Into<String>) -> Self {
                self.config = self.config.server_url(server_url);
                self
            }

            /// The API key, sent as `Authorization: Bearer <key>`. It never appears in `Debug`
            /// output, errors or logs.
            pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
                self.config = self.config.api_key(api_key);
                self
            }

            /// A function that produces the API key, awaited before every attempt: for keys
            /// that rotate.
            pub fn api_key_source<F, Fut>(mut self, source: F) -> Self
            where
                F: Fn() -> Fut + Send + Sync + 'static,
                Fut: Future<Output = Result<String, HookError>> + Send + 'static,
            {
                self.config = self.config.api_key_source(source);
                self
            }

            /// The `reqwest` client to send requests with (proxies, TLS roots, pools).
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.config = self.config.http_client(client);
                self
            }

            /// A time limit for each attempt of every call as a whole; none by default (the read
            /// idle timeout catches a server that stops answering, and the retry budget bounds the
            /// whole call).
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.config = self.config.timeout(timeout);
                self
            }

            /// The time limit for opening a connection: 10 s by default, `None` for none. Chosen
            /// between the AWS SDK's 3.1 s and Stripe's 30 s (Azure's Java SDK also uses 10 s):
            /// enough for a slow network, short enough to retry an unreachable address. Not
            /// applied to a client given to `http_client`. See
            /// [`ConfigBuilder::connect_timeout`](crate::runtime::ConfigBuilder::connect_timeout).
            pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
                self.config = self.config.connect_timeout(timeout);
                self
            }

            /// The longest silence tolerated while receiving a response (waiting for the headers,
            /// then between parts of the body): 120 s by default, `None` for none. A slow body that
            /// keeps arriving is never cut off. Chosen above the per-read timeouts of Stripe (80 s)
            /// and Azure (60-100 s), below OpenAI's 600 s for slow model answers; the AWS SDK has
            /// none. Per call: `RequestOptions::read_idle_timeout`. See
            /// [`ConfigBuilder::read_idle_timeout`](crate::runtime::ConfigBuilder::read_idle_timeout).
            pub fn read_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
                self.config = self.config.read_idle_timeout(timeout);
                self
            }

            /// How much of an error body is read and kept in `raw_body`: 1 MiB by default. A longer
            /// body is cut, and the error says so (`raw_body_truncated`, and in its message). See
            /// [`ConfigBuilder::max_error_body_bytes`](crate::runtime::ConfigBuilder::max_error_body_bytes).
            pub fn max_error_body_bytes(mut self, bytes: usize) -> Self {
                self.config = self.config.max_error_body_bytes(bytes);
                self
            }

            /// The retry policy of every call, instead of the API's default.
            pub fn retry_config(mut self, retry: RetryConfig) -> Self {
                self.config = self.config.retry_config(retry);
                self
            }

            /// The statuses that are retried, instead of the API's default.
            pub fn retry_codes(mut self, codes: impl IntoIterator<Item = StatusCodePattern>) -> Self {
                self.config = self.config.retry_codes(codes);
                self
            }

            /// Adds a hook; hooks run in the order they were added.
            pub fn hook(mut self, hook: impl Hook) -> Self {
                self.config = self.config.hook(hook);
                self
            }

            #(#global_setters)*

            /// Checks the settings, reads the environment fallbacks and builds.
            pub fn build(self) -> Result<T, BuildError> {
                let config = self.config.build()?;
                #globals_build
                Ok(T::from(#core { config, #globals_init }))
            }
        }
    }
}

/// `Server`: one variant per documented server, named by its `x-speakeasy-server-id`.
fn servers(servers: &[Server]) -> TokenStream {
    if servers.is_empty() {
        return quote!();
    }
    let names: Vec<proc_macro2::Ident> = servers
        .iter()
        .map(|server| ident(&server.name.pascal))
        .collect();
    let variants = servers.iter().zip(&names).map(|(server, name)| {
        let description = server
            .description
            .as_deref()
            .unwrap_or("A server of the API");
        let docs = doc(&format!("{description}: `{}`.", server.url));
        quote!(#docs #name,)
    });
    let urls = servers.iter().zip(&names).map(|(server, name)| {
        let url = &server.url;
        quote!(Self::#name => #url)
    });
    let default = &names[0];
    let docs = doc(&format!(
        "The servers the API documents; [`Server::{default}`] is the default."
    ));
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Server { #(#variants)* }

        impl Server {
            /// The server's base URL.
            pub fn url(self) -> &'static str {
                match self { #(#urls,)* }
            }
        }
    }
}

/// The API's default retry policy as a `RetryConfig` expression.
pub(super) fn retry_config(policy: Option<&RetryPolicy>) -> TokenStream {
    let Some(policy) = policy else {
        return quote!(crate::runtime::RetryConfig::None);
    };
    let RetryPolicy {
        retry_connection_errors,
        ..
    } = policy;
    let initial_interval_ms = Literal::u64_unsuffixed(policy.initial_interval_ms);
    let max_interval_ms = Literal::u64_unsuffixed(policy.max_interval_ms);
    let max_elapsed_time_ms = Literal::u64_unsuffixed(policy.max_elapsed_time_ms);
    let exponent = Literal::f64_unsuffixed(policy.exponent);
    quote! {
        crate::runtime::RetryConfig::Backoff {
            backoff: crate::runtime::BackoffStrategy {
                initial_interval: std::time::Duration::from_millis(#initial_interval_ms),
                max_interval: std::time::Duration::from_millis(#max_interval_ms),
                exponent: #exponent,
                max_elapsed_time: std::time::Duration::from_millis(#max_elapsed_time_ms),
            },
            retry_connection_errors: #retry_connection_errors,
        }
    }
}
