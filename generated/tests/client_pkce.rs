//! The PKCE helpers (`openrouter::pkce`) through the public API, and a complete PKCE flow
//! against a local server: create an authorization code with the challenge, exchange it with
//! the verifier.

use std::error::Error;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openrouter::funcs::{o_auth_create_auth_code, o_auth_exchange_auth_code_for_api_key};
use openrouter::operations::{
    CreateAuthKeysCodeCodeChallengeMethod, CreateAuthKeysCodeRequest,
    CreateAuthKeysCodeRequestBody, ExchangeAuthCodeForAPIKeyCodeChallengeMethod,
    ExchangeAuthCodeForAPIKeyRequest, ExchangeAuthCodeForAPIKeyRequestBody,
};
use openrouter::pkce::{AuthorizationUrlBuilder, CodeVerifier, Pkce, S256, s256_challenge};
use openrouter::secrecy::ExposeSecret;
use openrouter::url::Url;
use openrouter::{OpenRouter, OpenRouterCore, RetryConfig, Server};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn Error>>;

/// RFC 7636, appendix B.
const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

const CALLBACK: &str = "http://localhost:3000/callback";

/// `BASE64URL-NOPAD(SHA256(verifier))`, computed without the SDK.
fn independent_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn pairs(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

#[test]
fn rfc7636_appendix_b_vector() -> TestResult {
    assert_eq!(independent_s256(RFC_VERIFIER), RFC_CHALLENGE);

    let verifier = CodeVerifier::new(RFC_VERIFIER)?;
    assert_eq!(s256_challenge(&verifier), RFC_CHALLENGE);
    let pkce = Pkce::from_verifier(RFC_VERIFIER.parse()?);
    assert_eq!(pkce.challenge, RFC_CHALLENGE);
    assert_eq!(pkce.verifier.as_str(), RFC_VERIFIER);
    Ok(())
}

#[test]
fn random_verifiers_are_43_characters_and_differ() -> TestResult {
    let first = CodeVerifier::random()?;
    let second = CodeVerifier::random()?;
    for verifier in [&first, &second] {
        let text = verifier.as_str();
        assert_eq!(text.len(), 43, "{text}");
        assert!(
            text.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_')),
            "{text}"
        );
        assert!(CodeVerifier::new(text).is_ok());
    }
    assert_ne!(first.as_str(), second.as_str());

    let pkce = Pkce::new()?;
    assert_eq!(pkce.verifier.as_str().len(), 43);
    assert_eq!(pkce.challenge, independent_s256(pkce.verifier.as_str()));
    assert_ne!(Pkce::new()?.verifier.as_str(), pkce.verifier.as_str());
    Ok(())
}

#[test]
fn authorization_url_from_the_core_server_url() -> TestResult {
    let core = OpenRouterCore::builder()
        .server(Server::Production)
        .build()?;
    assert_eq!(core.server_url().as_str(), "https://openrouter.ai/api/v1");
    let pkce = Pkce::from_verifier(CodeVerifier::new(RFC_VERIFIER)?);
    let callback = Url::parse(CALLBACK)?;

    let url = AuthorizationUrlBuilder::new(core.server_url(), &callback)
        .pkce(&pkce)
        .limit(100.0)
        .build()?;

    assert_eq!(
        url.as_str(),
        "https://openrouter.ai/auth?callback_url=http%3A%2F%2Flocalhost%3A3000%2Fcallback\
         &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
         &code_challenge_method=S256&limit=100"
    );
    assert_eq!(url.origin().ascii_serialization(), "https://openrouter.ai");
    assert_eq!(url.path(), "/auth");
    let expected: Vec<(String, String)> = [
        ("callback_url", CALLBACK),
        ("code_challenge", RFC_CHALLENGE),
        ("code_challenge_method", S256),
        ("limit", "100"),
    ]
    .iter()
    .map(|&(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    assert_eq!(pairs(&url), expected);

    // The same through a full client's core.
    let client = OpenRouter::builder().server(Server::Production).build()?;
    let again = AuthorizationUrlBuilder::new(client.core().server_url(), &callback)
        .pkce(&pkce)
        .limit(100.0)
        .build()?;
    assert_eq!(again, url);
    Ok(())
}

fn created(id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "data": {"id": id, "app_id": 42, "created_at": "2025-08-24T10:30:00Z"}
    }))
}

/// The RFC vector, builder style: the server accepts the create call only with the
/// challenge, and the exchange only with the verifier.
#[tokio::test]
async fn end_to_end_flow_with_the_rfc_vector() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/keys/code"))
        .and(body_json(json!({
            "callback_url": CALLBACK,
            "code_challenge": RFC_CHALLENGE,
            "code_challenge_method": "S256",
        })))
        .respond_with(created("auth_code_rfc"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/keys"))
        .and(body_json(json!({
            "code": "auth_code_rfc",
            "code_challenge_method": "S256",
            "code_verifier": RFC_VERIFIER,
        })))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"key": "sk-or-v1-user-key", "user_id": "user_1"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = OpenRouter::builder()
        .server_url(server.uri())
        .retry_config(RetryConfig::None)
        .build()?;
    let pkce = Pkce::from_verifier(CodeVerifier::new(RFC_VERIFIER)?);

    let created = client
        .o_auth()
        .create_auth_code()
        .request_body(
            CreateAuthKeysCodeRequestBody::new(Url::parse(CALLBACK)?)
                .code_challenge(pkce.challenge.clone())
                .code_challenge_method(CreateAuthKeysCodeCodeChallengeMethod::from(S256)),
        )
        .send()
        .await?;
    assert_eq!(created.data.id, "auth_code_rfc");

    let exchanged = client
        .o_auth()
        .exchange_auth_code_for_api_key()
        .request_body(
            ExchangeAuthCodeForAPIKeyRequestBody::new(created.data.id.clone())
                .code_challenge_method(ExchangeAuthCodeForAPIKeyCodeChallengeMethod::S256)
                .code_verifier(pkce.verifier.as_str()),
        )
        .send()
        .await?;
    assert_eq!(exchanged.key.expose_secret(), "sk-or-v1-user-key");
    assert_eq!(exchanged.user_id.as_deref(), Some("user_1"));

    server.verify().await;
    Ok(())
}

/// A fresh random pair, standalone style: the server checks that the verifier of the
/// exchange hashes to the challenge of the create call.
#[tokio::test]
async fn end_to_end_flow_with_a_random_verifier() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/keys/code"))
        .respond_with(created("auth_code_random"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/keys"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"key": "sk-or-v1-r", "user_id": null})),
        )
        .mount(&server)
        .await;
    let core = OpenRouterCore::builder()
        .server_url(server.uri())
        .retry_config(RetryConfig::None)
        .build()?;
    let pkce = Pkce::new()?;

    let created = o_auth_create_auth_code(
        &core,
        CreateAuthKeysCodeRequest::new(
            CreateAuthKeysCodeRequestBody::new(Url::parse(CALLBACK)?)
                .code_challenge(pkce.challenge.clone())
                .code_challenge_method(CreateAuthKeysCodeCodeChallengeMethod::S256),
        ),
        None,
    )
    .await?;
    let exchanged = o_auth_exchange_auth_code_for_api_key(
        &core,
        ExchangeAuthCodeForAPIKeyRequest::new(
            ExchangeAuthCodeForAPIKeyRequestBody::new(created.data.id.clone())
                .code_challenge_method(ExchangeAuthCodeForAPIKeyCodeChallengeMethod::S256)
                .code_verifier(pkce.verifier.as_str()),
        ),
        None,
    )
    .await?;
    assert_eq!(exchanged.key.expose_secret(), "sk-or-v1-r");
    assert_eq!(exchanged.user_id, None);

    let received = server
        .received_requests()
        .await
        .expect("recording is enabled");
    assert_eq!(received.len(), 2);
    let create: Value = serde_json::from_slice(&received[0].body)?;
    let exchange: Value = serde_json::from_slice(&received[1].body)?;
    assert_eq!(received[0].url.path(), "/auth/keys/code");
    assert_eq!(received[1].url.path(), "/auth/keys");
    assert_eq!(create["code_challenge_method"], "S256");
    assert_eq!(exchange["code"], "auth_code_random");
    let verifier = exchange["code_verifier"]
        .as_str()
        .ok_or("no code_verifier sent")?;
    assert_eq!(verifier, pkce.verifier.as_str());
    assert_eq!(
        create["code_challenge"].as_str(),
        Some(independent_s256(verifier).as_str())
    );
    Ok(())
}
