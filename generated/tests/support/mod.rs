//! Helpers shared by the hand-written integration tests: local servers that refuse, stall or
//! follow a script of raw HTTP bytes, and what a mock server received. Each test binary uses a subset of them.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

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

/// One step of what a [`scripted_server`] does on a connection, after reading the request.
#[derive(Clone, Debug)]
pub enum Step {
    /// Writes these bytes.
    Send(Vec<u8>),
    /// Waits this long.
    Pause(Duration),
    /// Keeps the connection open without sending anything, until the client gives up.
    Stall,
}

/// The start of an HTTP/1.1 response: the status line, `headers` and `Connection: close`, so
/// that every attempt opens a new connection.
pub fn head(status: u16, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status} Status\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("connection: close\r\n\r\n");
    text.into_bytes()
}

/// A complete response with a body and a `Content-Length`, and a `Content-Type` if given.
pub fn full_response(status: u16, content_type: Option<&str>, body: &[u8]) -> Vec<u8> {
    let length = body.len().to_string();
    let mut headers = vec![("content-length", length.as_str())];
    if let Some(content_type) = content_type {
        headers.push(("content-type", content_type));
    }
    let mut bytes = head(status, &headers);
    bytes.extend_from_slice(body);
    bytes
}

/// A loopback server speaking raw HTTP/1.1: connection `n` (from 0) reads one request, runs
/// `scripts[n]` (the last script again for later connections) and closes. Returns its URL and
/// the number of connections accepted so far.
pub fn scripted_server(scripts: Vec<Vec<Step>>) -> (String, Arc<AtomicU32>) {
    assert!(!scripts.is_empty(), "at least one script");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let accepted = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for socket in listener.incoming().flatten() {
            let index = counter.fetch_add(1, Ordering::SeqCst) as usize;
            let script = scripts[index.min(scripts.len() - 1)].clone();
            std::thread::spawn(move || run_script(socket, &script));
        }
    });
    (url, accepted)
}

fn run_script(mut socket: TcpStream, script: &[Step]) {
    if read_request(&mut socket).is_err() {
        return;
    }
    for step in script {
        match step {
            Step::Send(bytes) => {
                if socket
                    .write_all(bytes)
                    .and_then(|()| socket.flush())
                    .is_err()
                {
                    return;
                }
            }
            Step::Pause(duration) => std::thread::sleep(*duration),
            Step::Stall => {
                // Wait until the client closes the connection.
                let mut buffer = [0_u8; 64];
                while matches!(socket.read(&mut buffer), Ok(n) if n > 0) {}
                return;
            }
        }
    }
    // Closing with unread request bytes would reset the connection; all were read.
    let _ = socket.shutdown(std::net::Shutdown::Both);
}

/// Reads the request head and its `Content-Length` body, so that closing the connection afterwards
/// does not reset it.
pub fn read_request(socket: &mut TcpStream) -> std::io::Result<()> {
    socket.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut received = Vec::new();
    let mut buffer = [0_u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut buffer)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        received.extend_from_slice(&buffer[..n]);
        if let Some(at) = received.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    let mut body = received.len() - head_end;
    while body < length {
        let n = socket.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        body += n;
    }
    socket.set_read_timeout(None)
}
