//! What every request builder of the client has besides its inputs: the per-call options.

/// Implements the per-call option setters of a request builder: a struct with a lifetime and a
/// field `options: RequestOptions`, e.g. `call_options!(CreateKeysBuilder)`.
macro_rules! call_options {
    ($builder:ident) => {
        impl $builder<'_> {
            /// Replaces all per-call options at once.
            pub fn options(mut self, options: $crate::runtime::RequestOptions) -> Self {
                self.options = options;
                self
            }

            /// A time limit for each attempt of this call, instead of the client's.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options = self.options.timeout(timeout);
                self
            }

            /// The retry policy of this call, instead of the client's.
            pub fn retries(mut self, retries: $crate::runtime::RetryConfig) -> Self {
                self.options = self.options.retries(retries);
                self
            }

            /// The statuses retried for this call, instead of the client's.
            pub fn retry_codes(
                mut self,
                codes: impl IntoIterator<Item = $crate::runtime::StatusCodePattern>,
            ) -> Self {
                self.options = self.options.retry_codes(codes);
                self
            }

            /// The server URL of this call, instead of the client's.
            pub fn server_url(mut self, server_url: impl Into<String>) -> Self {
                self.options = self.options.server_url(server_url);
                self
            }

            /// An extra header for this call; it replaces a header of the same name.
            pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
                self.options = self.options.header(name, value);
                self
            }
        }
    };
}

pub(crate) use call_options;
