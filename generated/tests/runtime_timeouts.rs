//! Timeouts of `openrouter::runtime` against servers that never answer, stall halfway or answer
//! slowly: the per-attempt limit, the read idle timeout, the connect timeout and the retry budget
//! that bounds a whole call.

mod support;

use support::{Step, head, runtime_defaults, scripted_server, stalled_server};

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use openrouter::runtime::{
    BackoffStrategy, Call, Config, ConfigBuilder, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_IDLE_TIMEOUT, RawResponse, RequestOptions, RetryConfig, SendError, TimeoutError,
    TimeoutKind,
};
use reqwest::Method;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An env prefix no test sets, so the environment cannot leak in.
const PREFIX: &str = "RTTEST_TIMEOUTS_UNSET";

/// Guards against a hang; far above any expected duration.
const HANG_GUARD: Duration = Duration::from_secs(30);

async fn execute(config: &Config, options: Option<&RequestOptions>) -> Result<(), SendError> {
    execute_for_response(config, options).await.map(drop)
}

async fn execute_for_response(
    config: &Config,
    options: Option<&RequestOptions>,
) -> Result<RawResponse, SendError> {
    tokio::time::timeout(
        HANG_GUARD,
        config.execute(Call::new("op", Method::GET, "/slow"), options),
    )
    .await
    .expect("the runtime's timeout did not fire")
}

/// A retry policy that retries connection errors quickly, within `budget`.
fn quick_retries(budget: Duration) -> RetryConfig {
    RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: Duration::from_millis(10),
            max_interval: Duration::from_millis(20),
            exponent: 1.0,
            max_elapsed_time: budget,
        },
        retry_connection_errors: true,
    }
}

fn expect_timeout(result: Result<(), SendError>) -> TimeoutError {
    match result {
        Err(SendError::Timeout(err)) => err,
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn stalled_server_times_out() {
    let (url, accepted) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let started = Instant::now();
    let err = expect_timeout(execute(&config, None).await);

    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.timeout(), Some(Duration::from_millis(200)));
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    assert!(err.to_string().starts_with("request timed out"), "{err}");
}

#[tokio::test]
async fn per_call_timeout_overrides_the_configured_one() {
    let (url, _) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    let options = RequestOptions::default().timeout(Duration::from_millis(150));

    let err = expect_timeout(execute(&config, Some(&options)).await);

    assert_eq!(err.timeout(), Some(Duration::from_millis(150)));
}

#[tokio::test]
async fn slow_http_response_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(server.uri())
        .build()
        .unwrap();
    let options = RequestOptions::default().timeout(Duration::from_millis(100));

    let err = expect_timeout(execute(&config, Some(&options)).await);

    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn timeouts_are_retried_as_connection_errors_when_enabled() {
    let (url, accepted) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .timeout(Duration::from_millis(50))
        .retry_config(RetryConfig::Backoff {
            backoff: BackoffStrategy {
                initial_interval: Duration::from_millis(1),
                max_interval: Duration::from_millis(2),
                exponent: 1.0,
                max_elapsed_time: Duration::from_millis(200),
            },
            retry_connection_errors: true,
        })
        .build()
        .unwrap();

    let err = expect_timeout(execute(&config, None).await);

    assert!(err.attempts() > 1, "{}", err.attempts());
    // The last attempt may be abandoned by the budget before it connects.
    let connections = accepted.load(Ordering::SeqCst);
    assert!(
        connections == err.attempts() || connections + 1 == err.attempts(),
        "{connections} connections for {} attempts",
        err.attempts()
    );
}

#[tokio::test]
async fn timeouts_are_not_retried_without_connection_error_retries() {
    let (url, accepted) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .timeout(Duration::from_millis(50))
        .retry_config(RetryConfig::Backoff {
            backoff: BackoffStrategy::default(),
            retry_connection_errors: false,
        })
        .build()
        .unwrap();

    let err = expect_timeout(execute(&config, None).await);

    assert_eq!(err.attempts(), 1);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

/// The retry budget bounds the whole call, the attempt in progress included: a silent server
/// (accepts, never answers) cannot hold a call with a 2 s budget for longer than that.
#[tokio::test]
async fn retry_budget_bounds_a_call_to_a_silent_server() {
    let (url, accepted) = stalled_server();
    let budget = Duration::from_secs(2);
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .retry_config(quick_retries(budget))
        .build()
        .unwrap();

    let started = Instant::now();
    let err = expect_timeout(execute(&config, None).await);
    let elapsed = started.elapsed();

    assert!(elapsed >= budget, "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2_500), "{elapsed:?}");
    assert_eq!(err.kind(), TimeoutKind::RetryBudget);
    assert_eq!(err.timeout(), Some(budget));
    assert_eq!(err.attempts(), 1);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    let message = err.to_string();
    assert!(
        message.starts_with("request timed out after 1 attempt: "),
        "{message}"
    );
    assert!(message.contains("retry budget"), "{message}");
}

/// A server that stays silent after accepting the request trips the read idle timeout (here
/// without any retry policy or per-attempt limit).
#[tokio::test]
async fn read_idle_timeout_fires_while_waiting_for_the_headers() {
    let (url, _) = stalled_server();
    let idle = Duration::from_millis(300);
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .read_idle_timeout(idle)
        .build()
        .unwrap();

    let started = Instant::now();
    let err = expect_timeout(execute(&config, None).await);

    assert!(started.elapsed() >= idle);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), TimeoutKind::ReadIdle);
    assert_eq!(err.timeout(), Some(idle));
    assert_eq!(err.attempts(), 1);
    assert!(err.to_string().contains("read idle timeout"), "{err}");
}

/// Headers and the start of the body arrive, then nothing: the read idle timeout fires.
#[tokio::test]
async fn read_idle_timeout_fires_when_the_body_stalls_after_the_headers() {
    let mut start = head(200, &[("content-length", "100")]);
    start.extend_from_slice(&[b'a'; 10]);
    let (url, accepted) = scripted_server(vec![vec![Step::Send(start), Step::Stall]]);
    let idle = Duration::from_millis(300);
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .read_idle_timeout(idle)
        .build()
        .unwrap();

    let started = Instant::now();
    let err = expect_timeout(execute(&config, None).await);

    assert!(started.elapsed() >= idle);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), TimeoutKind::ReadIdle);
    assert_eq!(err.attempts(), 1);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

/// A stalled body is retried like a connection failure, and the error counts every attempt.
#[tokio::test]
async fn read_idle_timeouts_are_retried_as_connection_errors() {
    let mut start = head(200, &[("content-length", "100")]);
    start.extend_from_slice(&[b'a'; 10]);
    let (url, accepted) = scripted_server(vec![vec![Step::Send(start), Step::Stall]]);
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .read_idle_timeout(Duration::from_millis(100))
        .retry_config(quick_retries(Duration::from_millis(700)))
        .build()
        .unwrap();

    let err = expect_timeout(execute(&config, None).await);

    assert!(err.attempts() > 1, "{}", err.attempts());
    // The last attempt may be abandoned by the budget before it connects.
    let connections = accepted.load(Ordering::SeqCst);
    assert!(
        connections == err.attempts() || connections + 1 == err.attempts(),
        "{connections} connections for {} attempts",
        err.attempts()
    );
    assert!(
        err.to_string().starts_with(&format!(
            "request timed out after {} attempts",
            err.attempts()
        )),
        "{err}"
    );
}

/// A body that trickles in slowly but steadily takes far longer than the idle timeout in total,
/// and still succeeds: only silence is limited, not duration.
#[tokio::test]
async fn a_slow_but_steady_body_is_not_cut_off() {
    let pieces = 12;
    let piece = b"0123456789";
    let length = (pieces * piece.len()).to_string();
    let mut script = vec![Step::Send(head(200, &[("content-length", &length)]))];
    for _ in 0..pieces {
        script.push(Step::Pause(Duration::from_millis(100)));
        script.push(Step::Send(piece.to_vec()));
    }
    let (url, _) = scripted_server(vec![script]);
    let idle = Duration::from_millis(400);
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .read_idle_timeout(idle)
        .build()
        .unwrap();

    let started = Instant::now();
    let response = execute_for_response(&config, None).await.unwrap();

    assert!(started.elapsed() > idle * 2, "{:?}", started.elapsed());
    assert_eq!(response.body().len(), pieces * piece.len());
    assert_eq!(&response.body()[..10], piece);
}

#[tokio::test]
async fn per_call_read_idle_timeout_overrides_the_configured_one() {
    let (url, _) = stalled_server();
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(url)
        .read_idle_timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    let per_call = Duration::from_millis(150);
    let options = RequestOptions::default().read_idle_timeout(per_call);

    let err = expect_timeout(execute(&config, Some(&options)).await);

    assert_eq!(err.kind(), TimeoutKind::ReadIdle);
    assert_eq!(err.timeout(), Some(per_call));

    // `None` lifts the limit for one call: the per-attempt timeout fires instead.
    let options = RequestOptions::default()
        .read_idle_timeout(None)
        .timeout(Duration::from_millis(200));
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(stalled_server().0)
        .read_idle_timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let err = expect_timeout(execute(&config, Some(&options)).await);
    assert_eq!(err.kind(), TimeoutKind::Attempt);
    assert_eq!(err.timeout(), Some(Duration::from_millis(200)));
}

#[tokio::test]
async fn connect_and_read_idle_timeouts_have_defaults() {
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    assert_eq!(DEFAULT_READ_IDLE_TIMEOUT, Duration::from_secs(120));
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .build()
        .unwrap();
    let shown = format!("{config:?}");
    assert!(shown.contains("connect_timeout: Some(10s)"), "{shown}");
    assert!(shown.contains("read_idle_timeout: Some(120s)"), "{shown}");
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .connect_timeout(None)
        .read_idle_timeout(None)
        .build()
        .unwrap();
    let shown = format!("{config:?}");
    assert!(shown.contains("connect_timeout: None"), "{shown}");
    assert!(shown.contains("read_idle_timeout: None"), "{shown}");
}

/// A listener whose accept queue is full drops new connection attempts (Linux), so connecting
/// hangs: the connect timeout ends the attempt.
#[tokio::test]
async fn connect_timeout_fires_when_the_server_does_not_accept_connections() {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let address = socket.local_addr().unwrap();
    // Never accepted: with a backlog of 0, one connection fills the queue.
    let _listener = socket.listen(0).unwrap();
    let mut fillers = Vec::new();
    for _ in 0..2 {
        if let Ok(Ok(stream)) = tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            fillers.push(stream);
        }
    }
    let limit = Duration::from_millis(300);
    let config = ConfigBuilder::new(runtime_defaults(PREFIX))
        .server_url(format!("http://{address}"))
        .connect_timeout(limit)
        .build()
        .unwrap();

    let started = Instant::now();
    let err = expect_timeout(execute(&config, None).await);

    assert!(started.elapsed() >= limit);
    assert_eq!(err.kind(), TimeoutKind::Connect, "{err}");
    assert_eq!(err.timeout(), Some(limit));
    assert!(err.to_string().contains("connect timeout"), "{err}");
}
