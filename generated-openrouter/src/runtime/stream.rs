//! Response bodies read as they arrive: server-sent events ([`EventStream`])
//! and raw bytes ([`ByteStream`]), opened by [`Config::execute_events`] and
//! [`Config::execute_bytes`].
//!
//! Nothing is buffered beyond what the parser needs: each chunk is handed on
//! (bytes) or parsed into events (server-sent events) as soon as it arrives,
//! and every chunk must arrive within the read idle timeout, so a stalled
//! stream ends with a [`TimeoutError`] of kind [`TimeoutKind::ReadIdle`]
//! instead of hanging. A connection cut mid-stream ends it with a
//! [`TransportError`]; neither panics.
//!
//! [`Config::execute_events`]: super::Config::execute_events
//! [`Config::execute_bytes`]: super::Config::execute_bytes

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;
use futures_util::stream::StreamExt;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use sse_stream::{Sse, SseByteStream};

use super::call::{Call, Failure, IdleTimer, Limits, Receive, Received, Whole};
use super::config::Config;
use super::error::{SendError, TimeoutError, TimeoutKind, TransportError};
use super::options::RequestOptions;
use super::response::{RawResponse, accepts_content_type};

/// Why the next chunk of an open body could not be read.
#[derive(Debug)]
enum BodyFailure {
    /// The connection broke off (or `reqwest` enforced a limit of its own).
    Read(reqwest::Error),
    /// Nothing arrived for the read idle timeout.
    Idle(Duration),
}

impl fmt::Display for BodyFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(error) => fmt::Display::fmt(error, f),
            Self::Idle(limit) => write!(f, "nothing was received for {limit:?}"),
        }
    }
}

impl std::error::Error for BodyFailure {}

impl BodyFailure {
    /// The error a stream yields for this failure, `attempts` into the call.
    fn into_stream_error<E>(self, attempts: u32) -> StreamError<E> {
        match self {
            Self::Read(error) if error.is_timeout() => StreamError::Timeout(
                TimeoutError::from_reqwest(attempts, TimeoutKind::Attempt, None, error),
            ),
            Self::Read(error) => {
                StreamError::Transport(TransportError::incomplete_body(attempts, error))
            }
            Self::Idle(limit) => {
                StreamError::Timeout(TimeoutError::new(attempts, TimeoutKind::ReadIdle, limit))
            }
        }
    }
}

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, BodyFailure>> + Send>>;
type RawEvents = Pin<Box<dyn Stream<Item = Result<Sse, sse_stream::Error>> + Send>>;

/// The body of `response` as chunks, each within `idle` (if set) of the
/// previous one. Ends after the first failure.
fn chunks(response: reqwest::Response, idle: Option<Duration>) -> Chunks {
    Box::pin(futures_util::stream::unfold(
        Some(response),
        move |response| async move {
            let mut response = response?;
            let next = match idle {
                Some(limit) => tokio::time::timeout(limit, response.chunk())
                    .await
                    .map_err(|_| BodyFailure::Idle(limit)),
                None => Ok(response.chunk().await),
            };
            match next {
                Ok(Ok(Some(chunk))) => Some((Ok(chunk), Some(response))),
                Ok(Ok(None)) => None,
                Ok(Err(error)) => {
                    Some((Err(BodyFailure::Read(super::call::redact_url(error))), None))
                }
                Err(idle) => Some((Err(idle), None)),
            }
        },
    ))
}

/// The status, headers and attempt count of a streamed response.
#[derive(Clone, Debug)]
struct Head {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
}

/// What a call opened: a stream whose first item has been read (so that a
/// failure before it could still be retried).
enum Opened {
    Events {
        stream: RawEvents,
        /// The first event with data, an error, or `None` for the end.
        first: Option<Result<Sse, sse_stream::Error>>,
    },
    Bytes {
        stream: Chunks,
        /// The first chunk, or `None` for the end.
        first: Option<Bytes>,
    },
}

/// How a streaming call reads a success.
#[derive(Clone, Copy, Debug)]
enum OpenAs {
    Events,
    Bytes,
}

impl Opened {
    /// Reads the body of a success until its first item: an event with data
    /// for an event stream, a chunk for bytes. A failure before it is
    /// returned as the attempt's failure, which the retry policy may retry.
    async fn open(
        response: reqwest::Response,
        idle: Option<Duration>,
        how: OpenAs,
    ) -> Result<Self, BodyFailure> {
        let mut chunks = chunks(response, idle);
        match how {
            OpenAs::Bytes => match chunks.next().await {
                Some(Ok(first)) => Ok(Self::Bytes {
                    stream: chunks,
                    first: Some(first),
                }),
                Some(Err(failure)) => Err(failure),
                None => Ok(Self::Bytes {
                    stream: chunks,
                    first: None,
                }),
            },
            OpenAs::Events => {
                let mut stream: RawEvents = Box::pin(SseByteStream::new(chunks));
                let first = loop {
                    match stream.next().await {
                        Some(Ok(event)) if !has_data(&event) => {}
                        Some(Err(sse_stream::Error::Body(error))) => {
                            match error.downcast::<BodyFailure>() {
                                Ok(failure) => return Err(*failure),
                                Err(other) => break Some(Err(sse_stream::Error::Body(other))),
                            }
                        }
                        other => break other,
                    }
                };
                Ok(Self::Events { stream, first })
            }
        }
    }
}

/// Whether a block is an event to dispatch: one with (non-empty) data.
/// Blocks of only `id:`/`retry:`/`event:` fields are skipped, as browsers do.
fn has_data(event: &Sse) -> bool {
    event.data.as_deref().is_some_and(|data| !data.is_empty())
}

/// Receives a success of `content_type` (or without one) as a stream of
/// `how`'s items, read up to the first, so that a failure before it is the
/// attempt's and may be retried; any other response whole.
#[derive(Clone, Copy, Debug)]
struct AsStream {
    content_type: &'static str,
    how: OpenAs,
}

/// A response a streaming attempt received.
enum StreamReceived {
    /// Any response but the expected success, read whole.
    Whole(RawResponse),
    /// The expected success, opened.
    Open { head: Head, opened: Opened },
}

impl Receive for AsStream {
    type Received = StreamReceived;

    const ENDS_ATTEMPT_EARLY: bool = true;

    async fn receive(
        self,
        mut response: reqwest::Response,
        limits: &Limits,
        idle: &mut IdleTimer<'_>,
        attempts: u32,
    ) -> Result<StreamReceived, Failure> {
        if !response.status().is_success()
            || !accepts_content_type(response.headers(), self.content_type)
        {
            return Whole
                .receive(response, limits, idle, attempts)
                .await
                .map(StreamReceived::Whole);
        }
        let head = Head {
            status: response.status(),
            headers: std::mem::take(response.headers_mut()),
            attempts,
        };
        match Opened::open(response, limits.read_idle, self.how).await {
            Ok(opened) => Ok(StreamReceived::Open { head, opened }),
            Err(BodyFailure::Read(error)) => Err(Failure::Body(error)),
            Err(BodyFailure::Idle(limit)) => Err(Failure::Idle(limit)),
        }
    }
}

impl Received for StreamReceived {
    fn status(&self) -> StatusCode {
        match self {
            Self::Whole(response) => response.status(),
            Self::Open { head, .. } => head.status,
        }
    }

    fn headers(&self) -> &HeaderMap {
        match self {
            Self::Whole(response) => response.headers(),
            Self::Open { head, .. } => &head.headers,
        }
    }

    fn seen_by_hooks(&self, limits: &Limits) -> Cow<'_, RawResponse> {
        match self {
            Self::Whole(response) => Cow::Borrowed(response),
            Self::Open { head, .. } => Cow::Owned(RawResponse::received(
                head.status,
                head.headers.clone(),
                Bytes::new(),
                head.attempts,
                false,
                limits.max_error_body_bytes,
            )),
        }
    }
}

impl Config {
    /// Sends `call` as [`execute`](Self::execute) does, and opens a success
    /// whose content type is `format`'s (or that has none) as a stream of
    /// server-sent events, read as they arrive; any other response is read
    /// whole ([`Streamed::Complete`]).
    ///
    /// Retries apply until the first event: the attempt reads the body up to
    /// its first event (comments and keep-alives do not count), so a
    /// connection cut or a stall before it is retried like any connection
    /// failure. The per-attempt time limit and the retry budget also end
    /// there; after it, the read idle timeout
    /// ([`ConfigBuilder::read_idle_timeout`](super::ConfigBuilder::read_idle_timeout))
    /// bounds the wait for each chunk, and the stream's errors are items of
    /// the stream ([`StreamError`]).
    ///
    /// # Errors
    ///
    /// As [`execute`](Self::execute).
    pub async fn execute_events<T, E>(
        &self,
        call: Call,
        options: Option<&RequestOptions>,
        format: EventFormat<T, E>,
    ) -> Result<Streamed<EventStream<T, E>>, SendError> {
        let receive = AsStream {
            content_type: format.content_type,
            how: OpenAs::Events,
        };
        Ok(match self.send(call, options, receive).await? {
            StreamReceived::Whole(response) => Streamed::Complete(response),
            StreamReceived::Open { head, opened } => {
                Streamed::Open(EventStream::new(head, opened, format))
            }
        })
    }

    /// Sends `call` as [`execute`](Self::execute) does, and opens a success
    /// whose content type matches `content_type` (a pattern such as
    /// `audio/*` is allowed; a response without one is accepted) as a
    /// stream of byte chunks; any other response is read whole
    /// ([`Streamed::Complete`]). Retries and time limits apply until the
    /// first chunk, as for [`execute_events`](Self::execute_events).
    ///
    /// # Errors
    ///
    /// As [`execute`](Self::execute).
    pub async fn execute_bytes(
        &self,
        call: Call,
        options: Option<&RequestOptions>,
        content_type: &'static str,
    ) -> Result<Streamed<ByteStream>, SendError> {
        let receive = AsStream {
            content_type,
            how: OpenAs::Bytes,
        };
        Ok(match self.send(call, options, receive).await? {
            StreamReceived::Whole(response) => Streamed::Complete(response),
            StreamReceived::Open { head, opened } => Streamed::Open(ByteStream::new(head, opened)),
        })
    }
}

/// What a streaming call got: the stream it asked for, or a response read
/// whole (an error status, or a success with another content type) for the
/// generated code to turn into the operation's error.
#[derive(Debug)]
pub enum Streamed<S> {
    /// A success with the expected content type (or none): its body as a
    /// stream.
    Open(S),
    /// Any other response, read as [`Config::execute`](super::Config::execute) reads it.
    Complete(RawResponse),
}

/// How the events of a stream are read: the content type expected, the
/// data that ends the stream, how each event's data becomes a `T`, and how
/// an error the server reports mid-stream becomes an `E` (see
/// [`ServerErrorEvent`]).
#[derive(Clone, Copy)]
pub struct EventFormat<T, E = serde_json::Value> {
    content_type: &'static str,
    sentinel: Option<&'static str>,
    decode: fn(&str) -> Result<T, serde_json::Error>,
    errors: ErrorEvents<E>,
}

/// How a stream recognises the errors a server sends as events.
#[derive(Clone, Copy)]
struct ErrorEvents<E> {
    /// The API declares an `error` member on its events: an event that has
    /// one is an error even when it also decodes as the event type.
    declared: bool,
    /// The `error` member as `E`, or `None` when it does not match.
    decode: fn(&serde_json::Value) -> Option<E>,
}

impl ErrorEvents<serde_json::Value> {
    /// Undeclared errors: only an event that does not decode as the event
    /// type is checked for an `error` member, kept as JSON.
    const UNDECLARED: Self = Self {
        declared: false,
        decode: |error| Some(error.clone()),
    };
}

impl<T, E> fmt::Debug for EventFormat<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventFormat")
            .field("content_type", &self.content_type)
            .field("sentinel", &self.sentinel)
            .field("declared_errors", &self.errors.declared)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> EventFormat<T> {
    /// Events whose data is JSON of type `T`, in a response of
    /// `content_type` (e.g. `text/event-stream`), ending at the event whose
    /// data is `sentinel` (e.g. `[DONE]`) if there is one, else at the end
    /// of the body. An event that is not a `T` but has an `error` member is a
    /// [`StreamError::Server`] whose details are that member as JSON.
    pub fn json(content_type: &'static str, sentinel: Option<&'static str>) -> Self {
        Self {
            content_type,
            sentinel,
            decode: |data| serde_json::from_str(data),
            errors: ErrorEvents::UNDECLARED,
        }
    }
}

impl<T: DeserializeOwned, E: DeserializeOwned> EventFormat<T, E> {
    /// As [`json`](EventFormat::json), for events whose schema declares an
    /// `error` member of type `E`: every event that has one (`null` aside) is
    /// a [`StreamError::Server`] with the member decoded as `E`.
    pub fn json_with_errors(content_type: &'static str, sentinel: Option<&'static str>) -> Self {
        Self {
            content_type,
            sentinel,
            decode: |data| serde_json::from_str(data),
            errors: ErrorEvents {
                declared: true,
                decode: |error| E::deserialize(error).ok(),
            },
        }
    }
}

impl EventFormat<String> {
    /// Events whose data is text, taken as it is.
    pub fn text(content_type: &'static str, sentinel: Option<&'static str>) -> Self {
        Self {
            content_type,
            sentinel,
            decode: |data| Ok(data.to_owned()),
            errors: ErrorEvents::UNDECLARED,
        }
    }
}

/// One server-sent event: its decoded `data` and the event's other fields.
/// Dereferences to the data.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerSentEvent<T> {
    data: T,
    event: Option<String>,
    id: Option<String>,
    retry: Option<Duration>,
}

impl<T> ServerSentEvent<T> {
    /// The event's data, decoded.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The decoded data, dropping the other fields.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The `event:` field (the event's type), if the server sent one.
    pub fn event(&self) -> Option<&str> {
        self.event.as_deref()
    }

    /// The `id:` field, if the server sent one.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The `retry:` field: the reconnection delay the server asks for.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }
}

impl<T> Deref for ServerSentEvent<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.data
    }
}

/// An event's data did not match its schema. The stream goes on with the
/// next event.
#[derive(Debug, thiserror::Error)]
#[error("an event of the stream did not match its schema: {source}; data: {}", super::error::truncate_body(.data, 500))]
pub struct InvalidEventError {
    data: String,
    event: Option<String>,
    id: Option<String>,
    source: serde_json::Error,
}

impl InvalidEventError {
    /// The event's data as received.
    pub fn data(&self) -> &str {
        &self.data
    }

    /// The event's `event:` field, if any.
    pub fn event(&self) -> Option<&str> {
        self.event.as_deref()
    }

    /// The event's `id:` field, if any.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

/// An error the server reported in the middle of the stream, after the
/// response had begun (so it could not change the status): an event whose
/// data is a JSON object with an `error` member, such as
/// `{"error": {"code": 502, "message": "Provider disconnected"}}`. It ends the
/// stream.
///
/// [`details`](Self::details) is the member as the type the API declares for
/// it (`serde_json::Value` when it declares none); [`message`](Self::message)
/// and [`code`](Self::code) read it whatever its shape.
#[derive(Debug)]
pub struct ServerErrorEvent<E = serde_json::Value> {
    error: serde_json::Value,
    details: Option<E>,
    data: String,
}

impl<E> ServerErrorEvent<E> {
    /// The error's `message` (or the `error` member itself when it is text).
    pub fn message(&self) -> Option<&str> {
        match &self.error {
            serde_json::Value::String(message) => Some(message),
            error => error.get("message")?.as_str(),
        }
    }

    /// The error's `code`, as sent (a number or a string, depending on the
    /// server).
    pub fn code(&self) -> Option<&serde_json::Value> {
        self.error.get("code")
    }

    /// The `error` member decoded as the type the API declares for it, or
    /// `None` when it does not match that type.
    pub fn details(&self) -> Option<&E> {
        self.details.as_ref()
    }

    /// The `error` member as sent.
    pub fn error(&self) -> &serde_json::Value {
        &self.error
    }

    /// The event's data as received.
    pub fn data(&self) -> &str {
        &self.data
    }
}

impl<E> fmt::Display for ServerErrorEvent<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the server reported an error mid-stream: ")?;
        match self.message() {
            Some(message) => f.write_str(message)?,
            None => f.write_str(&super::error::truncate_body(&self.error.to_string(), 500))?,
        }
        match self.code() {
            Some(code) => write!(f, " (code {code})"),
            None => Ok(()),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for ServerErrorEvent<E> {}

/// The `error` member of an event's data, when the data is a JSON object
/// with one that is not `null`.
fn error_member(data: &str) -> Option<serde_json::Value> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(default)]
        error: Option<serde_json::Value>,
    }
    serde_json::from_str::<Envelope>(data).ok()?.error
}

/// Why a stream yielded an error instead of the next item.
///
/// Every variant but [`InvalidEvent`](Self::InvalidEvent) ends the stream:
/// the next poll returns `None`. `E` is the type of the errors the server
/// reports as events ([`Server`](Self::Server)).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError<E = serde_json::Value> {
    /// The connection broke off mid-stream
    /// ([`TransportError::is_incomplete_body`] is true).
    #[error(transparent)]
    Transport(TransportError),
    /// Nothing arrived for the read idle timeout (kind
    /// [`TimeoutKind::ReadIdle`]), or a custom client's own time limit ran out.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// The body ended without the stream's end marker (the sentinel, e.g.
    /// `[DONE]`): the server closed the connection early.
    #[error("the event stream ended before its end marker {sentinel:?}")]
    Incomplete {
        /// The end marker the API documents.
        sentinel: &'static str,
    },
    /// An event's data did not match its schema; the stream goes on.
    #[error(transparent)]
    InvalidEvent(InvalidEventError),
    /// The server reported an error as an event: the response had begun, so
    /// it could not say so with its status.
    #[error(transparent)]
    Server(Box<ServerErrorEvent<E>>),
    /// The body is not a valid event stream (e.g. invalid UTF-8 in a field).
    #[error("the event stream is malformed: {reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
}

/// A typed stream of server-sent events, read as the bytes arrive.
///
/// Yields each event (`data`, `event`, `id`, `retry`) until the stream's
/// sentinel or the end of the body; comments (keep-alives) and events
/// without data are skipped, multi-line data is joined with `\n`. An error
/// the server sends as an event is a [`StreamError::Server`] whose details
/// are an `E`. Ends after a [`StreamError`] other than
/// [`InvalidEvent`](StreamError::InvalidEvent). Use it as a
/// [`futures_util::Stream`], or with [`next`](Self::next).
#[must_use = "streams do nothing unless polled"]
pub struct EventStream<T, E = serde_json::Value> {
    head: Head,
    stream: RawEvents,
    first: Option<Option<Result<Sse, sse_stream::Error>>>,
    sentinel: Option<&'static str>,
    decode: fn(&str) -> Result<T, serde_json::Error>,
    errors: ErrorEvents<E>,
    finished: bool,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.head.status)
            .field("headers", &self.head.headers)
            .field("sentinel", &self.sentinel)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T, E> EventStream<T, E> {
    fn new(head: Head, opened: Opened, format: EventFormat<T, E>) -> Self {
        let (stream, first) = match opened {
            Opened::Events { stream, first } => (stream, first),
            // Not reached: a call opens what it was asked to.
            Opened::Bytes { stream, first } => (
                Box::pin(SseByteStream::new(stream)) as RawEvents,
                first.map(|_| {
                    Err(sse_stream::Error::Body(
                        "the body was opened as bytes, not events".into(),
                    ))
                }),
            ),
        };
        Self {
            head,
            stream,
            first: Some(first),
            sentinel: format.sentinel,
            decode: format.decode,
            errors: format.errors,
            finished: false,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.head.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// How many attempts the call took before the stream opened.
    pub fn attempts(&self) -> u32 {
        self.head.attempts
    }

    /// The next event, an error, or `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<ServerSentEvent<T>, StreamError<E>>> {
        StreamExt::next(self).await
    }

    /// The item an event with `data` is: the decoded event, an error the
    /// server reported, or data that matches neither.
    fn item(&self, event: Sse, data: String) -> Result<ServerSentEvent<T>, StreamError<E>> {
        // A declared error is looked for first: such an event may decode as a
        // `T` too. An undeclared one only in data that is no `T`.
        if self.errors.declared
            && let Some(error) = self.reported(&data)
        {
            return Err(StreamError::Server(error));
        }
        match (self.decode)(&data) {
            Ok(value) => Ok(ServerSentEvent {
                data: value,
                event: event.event,
                id: event.id,
                retry: event.retry.map(Duration::from_millis),
            }),
            Err(source) => {
                // A declared error was looked for above.
                let reported = (!self.errors.declared)
                    .then(|| self.reported(&data))
                    .flatten();
                Err(match reported {
                    Some(error) => StreamError::Server(error),
                    None => StreamError::InvalidEvent(InvalidEventError {
                        data,
                        event: event.event,
                        id: event.id,
                        source,
                    }),
                })
            }
        }
    }

    /// The error the server reports in `data`, if it has an `error` member.
    fn reported(&self, data: &str) -> Option<Box<ServerErrorEvent<E>>> {
        // Most events carry none: a look for the key (servers do not escape
        // it) spares parsing each of them twice.
        if !data.contains("\"error\"") {
            return None;
        }
        let error = error_member(data)?;
        Some(Box::new(ServerErrorEvent {
            details: (self.errors.decode)(&error),
            error,
            data: data.to_owned(),
        }))
    }

    fn error(&self, error: sse_stream::Error) -> StreamError<E> {
        match error {
            sse_stream::Error::Body(error) => match error.downcast::<BodyFailure>() {
                Ok(failure) => failure.into_stream_error(self.head.attempts),
                Err(other) => StreamError::Malformed {
                    reason: other.to_string(),
                },
            },
            other => StreamError::Malformed {
                reason: other.to_string(),
            },
        }
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<ServerSentEvent<T>, StreamError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            let next = match this.first.take() {
                Some(first) => first,
                None => match this.stream.as_mut().poll_next(cx) {
                    Poll::Ready(next) => next,
                    Poll::Pending => return Poll::Pending,
                },
            };
            let mut event = match next {
                None => {
                    this.finished = true;
                    return Poll::Ready(
                        this.sentinel
                            .map(|sentinel| Err(StreamError::Incomplete { sentinel })),
                    );
                }
                Some(Err(error)) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(this.error(error))));
                }
                Some(Ok(event)) => event,
            };
            let Some(data) = event.data.take().filter(|data| !data.is_empty()) else {
                continue;
            };
            if this
                .sentinel
                .is_some_and(|sentinel| data.trim() == sentinel)
            {
                this.finished = true;
                return Poll::Ready(None);
            }
            let item = this.item(event, data);
            // The server has given up: nothing meaningful follows its error.
            this.finished = matches!(item, Err(StreamError::Server(_)));
            return Poll::Ready(Some(item));
        }
    }
}

/// A response body as a stream of byte chunks, each handed on as it
/// arrives (never collected whole).
///
/// Ends after the last chunk, or after a [`StreamError`] (the connection
/// broke off, or nothing arrived for the read idle timeout). Use it as a
/// [`futures_util::Stream`], or with [`next`](Self::next).
#[must_use = "streams do nothing unless polled"]
pub struct ByteStream {
    head: Head,
    stream: Chunks,
    first: Option<Option<Bytes>>,
    finished: bool,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.head.status)
            .field("headers", &self.head.headers)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    fn new(head: Head, opened: Opened) -> Self {
        let (stream, first) = match opened {
            Opened::Bytes { stream, first } => (stream, first),
            // Not reached: a call opens what it was asked to.
            Opened::Events { .. } => (Box::pin(futures_util::stream::empty()) as Chunks, None),
        };
        Self {
            head,
            stream,
            first: Some(first),
            finished: false,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.head.status
    }

    /// The response headers (`Content-Type`, `Content-Length`, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// How many attempts the call took before the body opened.
    pub fn attempts(&self) -> u32 {
        self.head.attempts
    }

    /// The next chunk, an error, or `None` once the body has ended.
    pub async fn next(&mut self) -> Option<Result<Bytes, StreamError>> {
        StreamExt::next(self).await
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.finished {
            return Poll::Ready(None);
        }
        let next = match this.first.take() {
            Some(first) => first.map(Ok),
            None => match this.stream.as_mut().poll_next(cx) {
                Poll::Ready(next) => next,
                Poll::Pending => return Poll::Pending,
            },
        };
        Poll::Ready(match next {
            Some(Ok(chunk)) => Some(Ok(chunk)),
            Some(Err(failure)) => {
                this.finished = true;
                Some(Err(failure.into_stream_error(this.head.attempts)))
            }
            None => {
                this.finished = true;
                None
            }
        })
    }
}
