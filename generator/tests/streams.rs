//! Lowering of streaming responses: a `text/event-stream` beside JSON is carried with its event
//! type, sentinel, stream request field and the error type its events declare; `Accept` lists the
//! declared response media types. (The streaming behaviour itself is tested against loopback
//! servers by the fixture's hand-written tests, `fixtures/streaming/tests/`, which
//! `corpus_compiles.rs` runs.)

mod common;

use std::path::PathBuf;

use sdkgen::ir::{Api, Operation, TypeRef};

fn lower(text: &str) -> (Api, Vec<String>) {
    let folder = tempfile_folder();
    let spec = folder.join("spec.yaml");
    std::fs::write(&spec, text).expect("write the spec");
    let config = common::config_for(&spec, &folder);
    let lowered = sdkgen::load_api(&config).expect("the spec lowers");
    let warnings = lowered.warnings.iter().map(ToString::to_string).collect();
    (lowered.api, warnings)
}

/// A fresh folder under the system's temporary folder.
fn tempfile_folder() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let folder = std::env::temp_dir().join(format!(
        "sdkgen-streams-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&folder).expect("create a temporary folder");
    folder
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations()
        .map(|(_, op)| op)
        .find(|op| op.id == id)
        .expect("operation")
}

fn fixture() -> (Api, Vec<String>) {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/streaming.yaml");
    let config = common::config_for(&spec, &std::env::temp_dir());
    let lowered = sdkgen::load_api(&config).expect("the fixture lowers");
    let warnings = lowered.warnings.iter().map(ToString::to_string).collect();
    (lowered.api, warnings)
}

#[test]
fn an_event_stream_beside_json_is_carried_with_its_event_type() {
    let (api, warnings) = fixture();
    assert!(warnings.is_empty(), "{warnings:?}");
    let chat = operation(&api, "createChatCompletion");
    let response = &chat.responses[0];
    assert_eq!(response.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        response.content_types,
        ["application/json", "text/event-stream"]
    );
    let stream = response.stream.as_ref().expect("the stream is kept");
    assert_eq!(stream.content_type, "text/event-stream");
    // The schema describes a whole event; the events' type is its `data`.
    assert_eq!(
        stream.ty,
        TypeRef::Named {
            name: "ChatStreamChunk".into()
        }
    );
    assert_eq!(stream.sentinel.as_deref(), Some("[DONE]"));
    assert_eq!(stream.request_field.as_deref(), Some("stream"));
    assert!(stream.example.is_some());
    // The chunks declare how the server reports a failure mid-stream.
    assert_eq!(
        stream.error,
        Some(TypeRef::Named {
            name: "ChatStreamChunkError".into()
        })
    );
    assert_eq!(chat.accept, ["application/json"]);
    let logs = operation(&api, "tailLogs").responses[0].stream.as_ref();
    assert_eq!(
        logs.map(|stream| &stream.error),
        Some(&None),
        "log lines declare no error"
    );

    let download = operation(&api, "downloadFileContent");
    assert_eq!(download.accept, ["application/octet-stream"]);
    assert!(download.responses[0].stream.is_none());
    assert_eq!(operation(&api, "createSpeech").accept, ["audio/*"]);
}

#[test]
fn stream_only_responses_inline_events_and_a_field_the_body_lacks() {
    let (api, warnings) = lower(
        r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /events:
    post:
      operationId: watch
      x-speakeasy-stream-request-field: follow
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {topic: {type: string}}}
      responses:
        '200':
          description: events only
          content:
            text/event-stream:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      n: {type: integer}
        '404':
          description: none
          content:
            application/problem+json:
              schema: {type: object, properties: {title: {type: string}}}
  /lines:
    get:
      operationId: lines
      responses:
        '200':
          description: raw lines
          content:
            text/event-stream: {}
  /gone:
    delete:
      operationId: gone
      responses:
        '204': {description: gone}
        '404':
          description: none
          content:
            application/problem+json:
              schema: {type: object, properties: {title: {type: string}}}
"#,
    );
    let watch = operation(&api, "watch");
    let response = &watch.responses[0];
    // Offered alone, the stream is also the body the plain call reads (whole, as text).
    assert_eq!(response.content_type.as_deref(), Some("text/event-stream"));
    assert_eq!(response.ty, Some(TypeRef::String));
    let stream = response.stream.as_ref().expect("a stream");
    assert_eq!(
        stream.ty,
        TypeRef::Named {
            name: "WatchStreamEvent".into()
        }
    );
    assert!(api.type_def("WatchStreamEvent").is_some());
    assert_eq!(stream.sentinel, None);
    assert_eq!(stream.request_field, None, "the body has no `follow`");
    assert!(
        warnings
            .iter()
            .any(|warning| warning.contains("`follow` is not a property of the JSON request body")),
        "{warnings:?}"
    );
    assert_eq!(watch.accept, ["text/event-stream"]);

    let lines = operation(&api, "lines");
    assert_eq!(
        lines.responses[0].stream.as_ref().map(|stream| &stream.ty),
        Some(&TypeRef::String),
        "without a schema, events are text"
    );
    // Without a success body, `Accept` lists the errors' media types.
    assert_eq!(operation(&api, "gone").accept, ["application/problem+json"]);
}
