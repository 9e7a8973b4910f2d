//! The generated test suite (`tests/generated_operations.rs`): every operation, in both calling
//! styles, against a local HTTP server (wiremock on 127.0.0.1) that checks what the client sent
//! and answers each documented response example.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::Rust;
use super::docs::{BoundInputs, bound_inputs, has_complete_examples};
use super::errors::documented_variants;
use super::source::{Source, Words};
use super::syntax::{doc, ident};
use crate::ir::{
    BodyKind, Operation, ParameterLocation, StatusMatch, SuccessResponse, TypeKind, TypeRef,
};

/// The API key the tests configure and expect in `Authorization`.
const API_KEY: &str = "test-api-key";

pub fn render<'r>(rust: &'r Rust<'_>) -> Source<'r> {
    let operations = rust
        .api
        .operations()
        .map(move |(group, operation)| move || operation_tests(rust, group, operation));
    Source::after_parts(used_words, move |used| helpers(rust, used))
        .parts(operations)
        .outside_crate(&rust.config.rust.crate_name)
}

/// The matchers of wiremock the tests may call.
const MATCHERS: [&str; 6] = [
    "body_string",
    "body_string_contains",
    "header",
    "header_regex",
    "method",
    "path",
];

/// Records which helpers and imports the tests of an operation use (`code` is their tokens as
/// text), so that the file has just those and compiles without warnings for any API.
fn used_words(code: &str, used: &mut Words) {
    let words = [
        "JsonBody",
        "FormFields",
        "same_json",
        "Style",
        "API_KEY",
        "Mock",
        "MockBuilder",
        "MockServer",
        "ResponseTemplate",
    ];
    used.extend(words.into_iter().filter(|word| code.contains(word)));
    // A call of the matcher itself, not of a method ending in its name (`set_body_string`).
    used.extend(MATCHERS.into_iter().filter(|matcher| {
        code.match_indices(&format!("{matcher} ("))
            .any(|(at, _)| !code[..at].ends_with(|c: char| c == '_' || c.is_alphanumeric()))
    }));
}

/// The items before the tests: imports, the API key, the clients and body matchers they `used`.
fn helpers(rust: &Rust<'_>, used: &Words) -> TokenStream {
    let client = rust.client_ident();
    let core = rust.core_ident();
    let global_setters: Vec<TokenStream> = rust
        .api
        .globals
        .iter()
        .map(|global| {
            let setter = ident(&global.name.snake);
            let value = global_value(&global.name.snake);
            quote!(.#setter(#value))
        })
        .collect();
    let auth = rust.api.auth.as_ref().map(|_| quote!(.api_key(API_KEY)));
    let uses = |word: &str| used.contains(word);

    let json_body = uses("JsonBody").then(|| {
        quote! {
            /// Matches a JSON request body equal to the expected JSON text, where numbers compare
            /// by value (JSON does not tell `100` from `100.0`).
            struct JsonBody(&'static str);

            impl Match for JsonBody {
                fn matches(&self, request: &Request) -> bool {
                    let expected = serde_json::from_str(self.0);
                    let body = serde_json::from_slice(&request.body);
                    matches!((body, expected), (Ok(body), Ok(expected)) if same_json(&body, &expected))
                }
            }
        }
    });
    let form_fields = uses("FormFields").then(|| {
        quote! {
            /// Matches a form body that has each of these fields (among others).
            struct FormFields(&'static [(&'static str, &'static str)]);

            impl Match for FormFields {
                fn matches(&self, request: &Request) -> bool {
                    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&request.body).into_owned().collect();
                    self.0.iter().all(|(name, value)| fields.iter().any(|(n, v)| n == name && v == value))
                }
            }
        }
    });
    // `JsonBody` compares with it too.
    let same_json = (uses("same_json") || json_body.is_some()).then(|| {
        quote! {
            fn same_json(left: &serde_json::Value, right: &serde_json::Value) -> bool {
                use serde_json::Value;
                match (left, right) {
                    (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
                    (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b)),
                    (Value::Object(a), Value::Object(b)) => {
                        a.len() == b.len() && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| same_json(a, b)))
                    }
                    (a, b) => a == b,
                }
            }
        }
    });
    let matchers: Vec<proc_macro2::Ident> = MATCHERS
        .into_iter()
        .filter(|matcher| uses(matcher))
        .map(|matcher| format_ident!("{}", matcher))
        .collect();
    let wiremock: Vec<proc_macro2::Ident> = [
        "Match",
        "Mock",
        "MockBuilder",
        "MockServer",
        "Request",
        "ResponseTemplate",
    ]
    .into_iter()
    // `Match` and `Request` serve the body matchers alone ("Request" is in every request type's
    // name).
    .filter(|item| {
        if matches!(*item, "Match" | "Request") {
            json_body.is_some() || form_fields.is_some()
        } else {
            uses(item)
        }
    })
    .map(|item| format_ident!("{}", item))
    .collect();
    let style = uses("Style").then(|| {
        quote! {
            /// The two ways of calling an operation.
            #[derive(Clone, Copy, Debug)]
            enum Style {
                Builder,
                Standalone,
            }

            const STYLES: [Style; 2] = [Style::Builder, Style::Standalone];

            /// A client for `server_url` with test credentials and globals, and no retries.
            fn client(server_url: &str) -> Result<#client, Box<dyn Error>> {
                Ok(#client::builder().server_url(server_url) #auth #(#global_setters)* .retry_config(RetryConfig::None).build()?)
            }

            /// A core configured like [`client`].
            fn core(server_url: &str) -> Result<#core, Box<dyn Error>> {
                Ok(#core::builder().server_url(server_url) #auth #(#global_setters)* .retry_config(RetryConfig::None).build()?)
            }

            /// The URL of a port on 127.0.0.1 where nothing listens.
            fn unreachable_url() -> Result<String, Box<dyn Error>> {
                let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
                let port = listener.local_addr()?.port();
                drop(listener);
                Ok(format!("http://127.0.0.1:{port}"))
            }
        }
    });
    let api_key = (uses("API_KEY") || style.is_some() && rust.api.auth.is_some())
        .then(|| quote!(const API_KEY: &str = #API_KEY;));
    let imports = style.as_ref().map(|_| {
        quote! {
            use std::error::Error;

            use crate::errors::*;
            use crate::runtime::{ApiResponse, RetryConfig};
            use crate::{#client, #core};
            use wiremock::matchers::{#(#matchers),*};
            use wiremock::{#(#wiremock),*};

            type TestResult = Result<(), Box<dyn Error>>;
        }
    });
    quote! {
        //! Generated from the API's examples: each operation, called in both styles, against a
        //! local server that checks the request and answers each documented response.

        #imports
        #api_key
        #style
        #json_body
        #form_fields
        #same_json
    }
}

/// The value the tests give a global parameter: `test-<name>`.
fn global_value(snake: &str) -> String {
    format!("test-{}", snake.replace('_', "-"))
}

/// What the tests of one operation share.
struct Subject<'a, 'r> {
    rust: &'a Rust<'r>,
    operation: &'a Operation,
    /// The prefix of every name: the standalone function's, unique across groups.
    prefix: String,
    /// `call_<prefix>`: calls the operation with its example request in a given style.
    caller: proc_macro2::Ident,
    /// `expected_<prefix>_request`: the mock matching that request.
    expect: proc_macro2::Ident,
    /// The operation's error enum.
    error: proc_macro2::Ident,
}

impl Subject<'_, '_> {
    /// A test's name: the prefix, then what it shows.
    fn test_name(&self, what: &str) -> proc_macro2::Ident {
        format_ident!("{}_{}", self.prefix, what)
    }
}

/// A JSON value as the text literal the tests send and compare against.
fn json(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn operation_tests(
    rust: &Rust<'_>,
    group: &crate::ir::Group,
    operation: &Operation,
) -> TokenStream {
    if !has_complete_examples(rust, operation) {
        let note = doc(&format!(
            "`{}` has no example request, so no tests are generated for it.",
            operation.id
        ));
        return quote!(#note const _: () = (););
    }
    let prefix = rust.func_ident(group, operation).to_string();
    let subject = Subject {
        rust,
        operation,
        caller: format_ident!("call_{}", prefix),
        expect: format_ident!("expected_{}_request", prefix),
        error: rust.operation_error_ident(operation),
        prefix,
    };
    let Subject {
        caller,
        expect,
        error,
        ..
    } = &subject;
    let response = rust.response_ty(operation);
    let request = format_ident!("{}", operation.request_type);
    let group_method = ident(&group.name.snake);
    let method_ident = ident(&operation.name.snake);
    let func = rust.func_ident(group, operation);
    let BoundInputs {
        lets,
        setters,
        required,
        optional,
    } = bound_inputs(rust, operation, false);
    let matchers = request_matchers(rust, operation);
    let mut tests = vec![success_test(&subject), unreachable_test(&subject)];
    tests.extend(error_tests(&subject));
    tests.extend(undocumented_status_test(&subject));
    tests.extend(invalid_body_test(&subject));
    let tests: TokenStream = tests.into_iter().collect();
    let expect_docs = doc(&format!(
        "Matches the example request of `{}`: route, credentials, globals and body.",
        operation.id
    ));
    // Only tests against the mock server use the expected request.
    let expectation = tests.to_string().contains(&expect.to_string()).then(|| {
        quote! {
            #expect_docs
            fn #expect() -> MockBuilder {
                #matchers
            }
        }
    });
    let caller_docs = doc(&format!(
        "Calls `{}` with its example request in the given style.",
        operation.id
    ));
    // The caller calls a deprecated operation, or sets a deprecated property in its example.
    let sets_deprecated = operation
        .example
        .inputs
        .iter()
        .any(|input| rust.sets_deprecated(&input.value));
    let allow = (operation.deprecated || sets_deprecated).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #caller_docs
        #allow
        async fn #caller(server_url: &str, style: Style) -> Result<Result<ApiResponse<#response>, #error>, Box<dyn Error>> {
            #(#lets)*
            Ok(match style {
                Style::Builder => client(server_url)?.#group_method().#method_ident() #(#setters)* .send_with_metadata().await,
                Style::Standalone => {
                    let request = crate::operations::#request::new(#(#required),*) #(#optional)*;
                    crate::funcs::#func(&core(server_url)?, request, None).await
                }
            })
        }

        #expectation
        #tests
    }
}

/// `Mock::given(...)` with everything the example request must carry.
fn request_matchers(rust: &Rust<'_>, operation: &Operation) -> TokenStream {
    let method = &operation.method;
    let mut matchers = vec![quote!(Mock::given(method(#method)))];
    if !operation
        .parameters
        .iter()
        .any(|p| p.location == ParameterLocation::Path)
    {
        let route = &operation.path;
        matchers.push(quote!(.and(path(#route))));
    }
    if operation.authenticated {
        let bearer = format!("Bearer {API_KEY}");
        matchers.push(quote!(.and(header("authorization", #bearer))));
    }
    for parameter in operation.parameters.iter().filter(|p| p.global.is_some()) {
        let Some(global) = rust
            .api
            .globals
            .iter()
            .find(|g| Some(&g.name) == parameter.global.as_ref())
        else {
            continue;
        };
        if global.location == ParameterLocation::Header {
            let name = global.wire_name.to_ascii_lowercase();
            let value = global_value(&global.name.snake);
            matchers.push(quote!(.and(header(#name, #value))));
        }
    }
    matchers.extend(body_matchers(rust, operation));
    quote!(#(#matchers)*)
}

/// What the example request's body must look like on the wire, by its kind: the JSON, the form
/// fields and multipart parts of the example's scalar properties and files, the text or bytes.
fn body_matchers(rust: &Rust<'_>, operation: &Operation) -> Vec<TokenStream> {
    let Some(body) = &operation.request_body else {
        return Vec::new();
    };
    let content_type = body.content_type.as_str();
    if body.kind == BodyKind::Json {
        // A body is sent only when the example has one.
        let Some(example) = &body.example else {
            return Vec::new();
        };
        let example = json(example);
        return vec![
            quote!(.and(header("content-type", #content_type))),
            quote!(.and(JsonBody(#example))),
        ];
    }
    let Some(example) = operation
        .example
        .inputs
        .iter()
        .find(|input| input.location.is_none())
        .map(|input| &input.json)
    else {
        return Vec::new();
    };
    let properties = || example.as_object().into_iter().flatten();
    match (body.kind, &body.ty, example) {
        (BodyKind::Form, ..) => {
            let fields = properties().filter_map(|(name, value)| {
                let text = scalar_text(value)?;
                Some(quote!((#name, #text)))
            });
            vec![
                quote!(.and(header("content-type", #content_type))),
                quote!(.and(FormFields(&[#(#fields),*]))),
            ]
        }
        (BodyKind::Multipart, ty, _) => {
            let files = super::bodies::file_fields(rust, ty);
            let mut matchers =
                vec![quote!(.and(header_regex("content-type", "^multipart/form-data; boundary=")))];
            for (name, value) in properties() {
                let expected = match (value, files.contains(&name.as_str())) {
                    (Value::String(file), true) => vec![
                        format!("name=\"{name}\"; filename=\"{file}\"\r\n"),
                        format!("\r\n\r\n<contents of {file}>\r\n"),
                    ],
                    (value, _) => scalar_text(value)
                        .map(|text| format!("name=\"{name}\"\r\n\r\n{text}\r\n"))
                        .into_iter()
                        .collect(),
                };
                matchers.extend(
                    expected
                        .iter()
                        .map(|text| quote!(.and(body_string_contains(#text)))),
                );
            }
            matchers
        }
        (_, TypeRef::File, Value::String(file)) => {
            let contents = format!("<contents of {file}>");
            vec![
                quote!(.and(header("content-type", "application/octet-stream"))),
                quote!(.and(body_string(#contents))),
            ]
        }
        (_, _, Value::String(text)) => vec![
            quote!(.and(header("content-type", #content_type))),
            quote!(.and(body_string(#text))),
        ],
        _ => Vec::new(),
    }
}

/// The text of a string, number or boolean in a form field or multipart part.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

fn success_test(subject: &Subject<'_, '_>) -> TokenStream {
    let Subject {
        operation,
        caller,
        expect,
        ..
    } = subject;
    let Some(response) = operation.responses.first() else {
        return quote!();
    };
    let status = match response.status {
        StatusMatch::Code { code } => code,
        StatusMatch::Class { class } => u16::from(class) * 100,
        StatusMatch::Default => 200,
    };
    // A mock server can only answer 2XX with a plain response (1XX upgrades, 3XX redirects).
    if !(200..300).contains(&status) {
        return quote!();
    }
    let name = subject.test_name(&format!("decodes_the_documented_{status}_response"));
    let status_literal = Literal::u16_unsuffixed(status);
    let content_type = response
        .content_type
        .as_deref()
        .unwrap_or("application/json");
    let (bind, value) = success_value(operation, response);
    let (template, check) = match (&response.example, &response.ty) {
        // Bytes that are not UTF-8 must arrive unchanged.
        (_, Some(TypeRef::Binary)) => (
            quote!(ResponseTemplate::new(#status_literal).set_body_raw(vec![0xffu8, 0x00, 0x89], #content_type)),
            quote!(assert_eq!(#value.as_ref(), [0xffu8, 0x00, 0x89], "{style:?}");),
        ),
        (Some(Value::String(text)), Some(TypeRef::String)) if !crate::ir::is_json(content_type) => {
            (
                quote!(ResponseTemplate::new(#status_literal).set_body_raw(#text, #content_type)),
                quote!(assert_eq!(#value, #text, "{style:?}");),
            )
        }
        (Some(example), Some(_)) => {
            let example = json(example);
            (
                quote!(ResponseTemplate::new(#status_literal).set_body_raw(#example, #content_type)),
                quote! {
                    let decoded = serde_json::to_value(#value)?;
                    let expected: serde_json::Value = serde_json::from_str(#example)?;
                    assert!(same_json(&decoded, &expected), "{style:?}: decoded {decoded}");
                },
            )
        }
        (None, Some(_)) => return quote!(),
        (_, None) => (quote!(ResponseTemplate::new(#status_literal)), quote!()),
    };
    quote! {
        #[tokio::test]
        async fn #name() -> TestResult {
            for style in STYLES {
                let server = MockServer::start().await;
                #expect().respond_with(#template).expect(1).mount(&server).await;
                let response = #caller(&server.uri(), style).await?.map_err(|error| format!("{style:?}: {error}"))?;
                assert_eq!(response.status().as_u16(), #status_literal, "{style:?}");
                #bind
                #check
            }
            Ok(())
        }
    }
}

/// How a success test reaches the response's value: a statement to run first, and the value's
/// expression. For an operation with an outcome, the statement requires the response's variant
/// and binds its body to `value`.
fn success_value(operation: &Operation, response: &SuccessResponse) -> (TokenStream, TokenStream) {
    let (Some(outcome), Some(variant)) = (&operation.outcome_type, &response.variant) else {
        return (quote!(), quote!(response.into_inner()));
    };
    let outcome = format_ident!("{}", outcome);
    let variant = ident(&variant.pascal);
    let expected = format!("{outcome}::{variant}");
    let bind = if response.ty.is_none() {
        quote! {
            let value = response.into_inner();
            assert!(matches!(value, crate::operations::#outcome::#variant), "{style:?}: expected {}, got {value:?}", #expected);
        }
    } else {
        quote! {
            let value = match response.into_inner() {
                crate::operations::#outcome::#variant(value) => value,
                other => panic!("{style:?}: expected {}, got {other:?}", #expected),
            };
        }
    };
    (bind, quote!(value))
}

fn error_tests(subject: &Subject<'_, '_>) -> Vec<TokenStream> {
    let Subject {
        rust,
        operation,
        caller,
        expect,
        error,
        ..
    } = subject;
    let variants = documented_variants(rust, operation);
    operation
        .errors
        .iter()
        .filter_map(|response| {
            let status = match response.status {
                StatusMatch::Code { code } => code,
                _ => return None,
            };
            let example = response.example.as_ref()?;
            let (variant, definition) = variants.iter().find(|(_, def)| def.name == response.error)?;
            let name = subject.test_name(&format!("decodes_the_documented_{status}_error"));
            let status_literal = Literal::u16_unsuffixed(status);
            let example = json(example);
            let body_check = definition.body.as_ref().map(|_| quote! {
                let decoded = serde_json::to_value(&error.body)?;
                assert!(same_json(&decoded, &expected), "{style:?}: decoded {decoded}");
            });
            let expected = format!("{style}::{variant}", style = error, variant = variant);
            Some(quote! {
                #[tokio::test]
                async fn #name() -> TestResult {
                    for style in STYLES {
                        let server = MockServer::start().await;
                        #expect().respond_with(ResponseTemplate::new(#status_literal).set_body_raw(#example, "application/json")).expect(1).mount(&server).await;
                        match #caller(&server.uri(), style).await? {
                            Err(#error::#variant(error)) => {
                                assert_eq!(error.status.as_u16(), #status_literal, "{style:?}");
                                let expected: serde_json::Value = serde_json::from_str(#example)?;
                                let received: serde_json::Value = serde_json::from_str(&error.raw_body)?;
                                assert!(same_json(&received, &expected), "{style:?}: received {received}");
                                #body_check
                            }
                            other => panic!("{style:?}: expected {}, got {other:?}", #expected),
                        }
                    }
                    Ok(())
                }
            })
        })
        .collect()
}

/// A status no documented response covers answers with the default error, body kept.
fn undocumented_status_test(subject: &Subject<'_, '_>) -> Option<TokenStream> {
    let Subject {
        operation,
        caller,
        expect,
        error,
        ..
    } = subject;
    let covered = |status: u16| {
        operation
            .errors
            .iter()
            .any(|response| match response.status {
                StatusMatch::Code { code } => code == status,
                StatusMatch::Class { class } => u16::from(class) == status / 100,
                StatusMatch::Default => true,
            })
    };
    let status = [418u16, 422, 451, 503, 599]
        .into_iter()
        .find(|status| !covered(*status))?;
    let name = subject.test_name(&format!(
        "answers_an_undocumented_{status}_with_the_default_error"
    ));
    let status_literal = Literal::u16_unsuffixed(status);
    Some(quote! {
        #[tokio::test]
        async fn #name() -> TestResult {
            for style in STYLES {
                let server = MockServer::start().await;
                #expect().respond_with(ResponseTemplate::new(#status_literal).set_body_string("not documented")).expect(1).mount(&server).await;
                match #caller(&server.uri(), style).await? {
                    Err(#error::Default(error)) => {
                        assert_eq!(error.status.as_u16(), #status_literal, "{style:?}");
                        assert_eq!(error.raw_body, "not documented", "{style:?}");
                    }
                    other => panic!("{style:?}: expected the default error, got {other:?}"),
                }
            }
            Ok(())
        }
    })
}

/// A success status whose body does not match the schema is an invalid response, body kept.
fn invalid_body_test(subject: &Subject<'_, '_>) -> Option<TokenStream> {
    let Subject {
        rust,
        operation,
        caller,
        expect,
        error,
        ..
    } = subject;
    let response = operation.responses.first()?;
    let StatusMatch::Code {
        code: code @ 200..=299,
    } = response.status
    else {
        return None;
    };
    // Only a JSON body can fail to match its schema.
    if !crate::ir::is_json(response.content_type.as_deref()?) {
        return None;
    }
    let wrong = mismatching_body(rust, response.ty.as_ref()?)?;
    let name = subject.test_name(&format!(
        "reports_a_{code}_body_that_does_not_match_its_schema"
    ));
    let status_literal = Literal::u16_unsuffixed(code);
    Some(quote! {
        #[tokio::test]
        async fn #name() -> TestResult {
            for style in STYLES {
                let server = MockServer::start().await;
                #expect().respond_with(ResponseTemplate::new(#status_literal).set_body_raw(#wrong, "application/json")).expect(1).mount(&server).await;
                match #caller(&server.uri(), style).await? {
                    Err(#error::InvalidResponse(error)) => {
                        assert_eq!(error.status().as_u16(), #status_literal, "{style:?}");
                        assert_eq!(error.raw_body(), #wrong, "{style:?}");
                    }
                    other => panic!("{style:?}: expected an invalid response error, got {other:?}"),
                }
            }
            Ok(())
        }
    })
}

/// A JSON text that cannot decode as `ty`, if there is one.
/// (serde reads a struct from an array too, so objects get a string.)
fn mismatching_body(rust: &Rust<'_>, ty: &TypeRef) -> Option<&'static str> {
    match ty {
        TypeRef::Any | TypeRef::Binary => None,
        TypeRef::Array { .. } => Some("{\"unexpected\": true}"),
        TypeRef::Named { name } => match &rust.type_def(name)?.kind {
            // A discriminated union wants an object with its tag.
            TypeKind::Union {
                discriminator: Some(discriminator),
                ..
            } if !discriminator.mapping.is_empty() => Some("\"unexpected\""),
            TypeKind::Union { .. } => None,
            TypeKind::Alias { target } => mismatching_body(rust, target),
            TypeKind::Enum { .. } => Some("42"),
            TypeKind::Object { .. } => Some("\"unexpected\""),
        },
        TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::Uri => {
            Some("42")
        }
        _ => Some("\"unexpected\""),
    }
}

fn unreachable_test(subject: &Subject<'_, '_>) -> TokenStream {
    let Subject { caller, error, .. } = subject;
    let name = subject.test_name("reports_an_unreachable_server_as_a_transport_error");
    quote! {
        #[tokio::test]
        async fn #name() -> TestResult {
            for style in STYLES {
                match #caller(&unreachable_url()?, style).await? {
                    Err(#error::Transport(error)) => assert!(error.is_connect(), "{style:?}: {error}"),
                    other => panic!("{style:?}: expected a transport error, got {other:?}"),
                }
            }
            Ok(())
        }
    }
}
