//! The unit tests of the Rust SDK runtime (`templates/rust/runtime/`). Every generated crate
//! copies the runtime without its `#[cfg(test)]` modules, and only the parts its spec needs: the
//! tests run here, once, against every part.

#[path = "../../templates/rust/runtime/mod.rs"]
pub mod runtime;

use reqwest::Method;
use runtime::{Call, ConfigBuilder, Defaults, EventFormat, RetryConfig};

/// Whatever way a call is sent, its future can be spawned on a multi-threaded runtime.
#[test]
fn every_way_of_sending_a_call_is_send() {
    fn spawnable<T: Send>(_: T) {}
    let config = ConfigBuilder::new(Defaults {
        server_url: "http://127.0.0.1:9",
        env_prefix: "SDKGEN_RUNTIME_TEST",
        retry: RetryConfig::None,
        retry_codes: &[],
        user_agent: "sdkgen-runtime-test".to_owned(),
    })
    .build()
    .expect("the configuration is valid");
    let call = || Call::new("op", Method::GET, "/x");
    spawnable(config.execute(call(), None));
    spawnable(config.execute_events(
        call(),
        None,
        EventFormat::<String>::text("text/event-stream", None),
    ));
    spawnable(config.execute_bytes(call(), None, "application/octet-stream"));
}
