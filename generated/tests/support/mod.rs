//! Helpers shared by the hand-written integration tests: local servers that refuse or stall, and
//! what a mock server received. Each test binary uses a subset of them.
#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use openrouter::runtime::{Defaults, RetryConfig};
use wiremock::MockServer;

/// The URL of a port on 127.0.0.1 where nothing listens: connections are refused.
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}")
}

/// A server that accepts connections and never answers. Returns its URL and the number of
/// connections accepted so far.
pub fn stalled_server() -> (String, Arc<AtomicU32>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let accepted = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for socket in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (url, accepted)
}

/// Every request the mock server received, in order.
pub async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("recording is enabled")
}

/// Runtime defaults for tests of `openrouter::runtime` alone: no retries, a fixed user agent, and
/// an environment prefix of the test's own.
pub fn runtime_defaults(env_prefix: &'static str) -> Defaults {
    Defaults {
        server_url: "http://127.0.0.1:9",
        env_prefix,
        retry: RetryConfig::None,
        retry_codes: &["5XX"],
        user_agent: "rt-test/1.0".to_owned(),
    }
}
