//! Streams a chat completion and prints its text as it arrives (the example of the workspace's
//! README).
//!
//! `OPENROUTER_API_KEY=... cargo run -p openrouter_full --example stream_chat`

use std::io::Write;

use openrouter_full::OpenRouter;
use openrouter_full::models::{ChatMessages, ChatRequest, ChatUserMessage, ChatUserMessageContent};
use openrouter_full::runtime::StreamError;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The key comes from OPENROUTER_API_KEY when the builder is not given one.
    let client = OpenRouter::builder().app_title("sdkgen example").build()?;
    let question = ChatUserMessage::new(ChatUserMessageContent::String(
        "Name three rivers in France.".to_owned(),
    ));
    let request =
        ChatRequest::new(vec![ChatMessages::ChatUserMessage(question)]).model("openai/gpt-4o-mini");
    let mut stream = client
        .chat()
        .send()
        .request_body(request)
        .send_stream()
        .await?;
    while let Some(item) = stream.next().await {
        match item {
            Ok(chunk) => {
                let text = chunk
                    .choices
                    .first()
                    .and_then(|choice| choice.delta.content.as_ref());
                if let Some(text) = text.and_then(|content| content.as_option()) {
                    print!("{text}");
                    std::io::stdout().flush()?;
                }
            }
            // The provider failed after the first tokens: OpenRouter says so in the stream.
            Err(StreamError::Server(error)) => {
                eprintln!("\n{error}");
                break;
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}
