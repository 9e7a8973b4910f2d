//! Memory benchmark: peak resident memory while receiving a 60 MB response from a local server.
//!
//! ```sh
//! cargo run --release -p openrouter --example bench_large_response
//! ```
//!
//! Each case runs in a child process of its own, so that its peak (`VmHWM` in
//! `/proc/self/status`, Linux only) is not mixed with another's:
//!
//! - `raw`: `Config::execute`, the runtime alone (the body as bytes);
//! - `typed`: `createAuthCode` through the client, whose 60 MB `data.id` is decoded into a
//!   `String` (body and value both live at the end of decoding, so about twice the body);
//! - `error`: a 500 response with a 60 MB HTML page, which becomes an error whose `raw_body` is
//!   capped (1 MiB by default).
//!
//! It is an example, not a test: `cargo test` builds it and never runs it.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::Instant;

use openrouter::funcs::o_auth_create_auth_code;
use openrouter::operations::{CreateAuthKeysCodeRequest, CreateAuthKeysCodeRequestBody};
use openrouter::runtime::{Call, ConfigBuilder, Defaults, RetryConfig};
use openrouter::{OpenRouterCore, url::Url};

#[path = "../tests/support/mod.rs"]
mod support;
use support::read_request;

/// The size of the body served.
const BODY_BYTES: usize = 60 * 1000 * 1000;

const CASES: [&str; 3] = ["raw", "typed", "error"];

fn main() {
    match std::env::args().nth(1) {
        Some(case) => run_case(&case),
        None => {
            let exe = std::env::current_exe().expect("the benchmark's own path");
            println!(
                "peak RSS (VmHWM) receiving a {} MB body:",
                BODY_BYTES / 1_000_000
            );
            for case in CASES {
                let status = Command::new(&exe).arg(case).status().expect("run a case");
                assert!(status.success(), "case {case} failed");
            }
        }
    }
}

/// `VmHWM` and `VmRSS` of this process, in MiB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(f64::NAN, |kib| kib / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn run_case(case: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let url = serve(case);
    let (peak_before, rss_before) = memory();
    let started = Instant::now();
    let outcome = runtime.block_on(call(case, &url));
    let elapsed = started.elapsed();
    let (peak_after, rss_holding) = memory();
    drop(outcome);
    let (_, rss_dropped) = memory();
    println!(
        "  {case:>5}: peak {peak_before:.1} MiB before -> {peak_after:.1} MiB after \
         (+{:.1}); RSS holding the result {rss_holding:.1} MiB, after dropping it \
         {rss_dropped:.1} MiB (before {rss_before:.1}); {elapsed:.2?}",
        peak_after - peak_before
    );
}

/// Makes the call of `case` and returns what the caller would hold, described.
async fn call(case: &str, url: &str) -> Box<dyn std::any::Any> {
    match case {
        "raw" => {
            let config = ConfigBuilder::new(Defaults {
                server_url: "http://127.0.0.1:9",
                env_prefix: "BENCH_UNSET",
                retry: RetryConfig::None,
                retry_codes: &["5XX"],
                user_agent: "bench/1.0".to_owned(),
            })
            .server_url(url)
            .build()
            .expect("a config");
            let response = config
                .execute(Call::new("bench", reqwest::Method::GET, "/"), None)
                .await
                .expect("a response");
            assert_eq!(response.body().len(), BODY_BYTES);
            Box::new(response)
        }
        _ => {
            let core = OpenRouterCore::builder()
                .server_url(url)
                .retry_config(RetryConfig::None)
                .build()
                .expect("a core");
            let body = CreateAuthKeysCodeRequestBody::new(
                Url::parse("https://myapp.example/callback").expect("a URL"),
            );
            let result =
                o_auth_create_auth_code(&core, CreateAuthKeysCodeRequest::new(body), None).await;
            match (case, &result) {
                ("typed", Ok(response)) => assert!(response.data.id.len() >= BODY_BYTES - 100),
                ("error", Err(error)) => assert_eq!(error.status().map(|s| s.as_u16()), Some(500)),
                _ => panic!(
                    "unexpected outcome for {case}: {:?}",
                    result.as_ref().map(|_| ())
                ),
            }
            Box::new(result)
        }
    }
}

/// Serves the response of `case` to every connection, written in 64 KiB pieces from a small
/// buffer, so the server adds nothing to the peak.
fn serve(case: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let (status, content_type, prefix, suffix): (u16, &str, &[u8], &[u8]) = match case {
        "raw" => (200, "application/octet-stream", b"", b""),
        "typed" => (
            200,
            "application/json",
            br#"{"data":{"app_id":12345,"created_at":"2025-08-24T10:30:00Z","id":""#,
            br#""}}"#,
        ),
        _ => (500, "text/html", b"<html><body>", b"</body></html>"),
    };
    std::thread::spawn(move || {
        for socket in listener.incoming().flatten() {
            respond(socket, status, content_type, prefix, suffix);
        }
    });
    url
}

fn respond(mut socket: TcpStream, status: u16, content_type: &str, prefix: &[u8], suffix: &[u8]) {
    if read_request(&mut socket).is_err() {
        return;
    }
    let head = format!(
        "HTTP/1.1 {status} Status\r\ncontent-type: {content_type}\r\ncontent-length: \
         {BODY_BYTES}\r\nconnection: close\r\n\r\n"
    );
    let piece = vec![b'a'; 64 * 1024];
    let mut left = BODY_BYTES - prefix.len() - suffix.len();
    let mut write = || -> std::io::Result<()> {
        socket.write_all(head.as_bytes())?;
        socket.write_all(prefix)?;
        while left > 0 {
            let n = left.min(piece.len());
            socket.write_all(&piece[..n])?;
            left -= n;
        }
        socket.write_all(suffix)
    };
    // The client may stop reading an error body early.
    let _ = write();
}
