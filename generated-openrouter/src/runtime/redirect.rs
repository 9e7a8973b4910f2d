//! Which redirects are followed: every one, except the statuses the operation being sent
//! documents (a `302` it describes is an answer the caller asked for, not a detour).
//!
//! `reqwest` decides on redirects in its client, not per request, so the statuses of the call in
//! flight reach the client's policy through a task-local value.

use std::future::Future;

use reqwest::redirect::{Attempt, Policy};

use super::retry::StatusCodePattern;

/// As many redirects as `reqwest` follows by default.
const MAX_REDIRECTS: usize = 10;

tokio::task_local! {
    /// The redirect statuses the call being sent documents.
    static KEPT: &'static [StatusCodePattern];
}

/// The redirect policy of the SDK's HTTP client: follows up to 10 redirects, except those whose
/// status the operation documents, which are answered as they are. Give it to a client of your
/// own (`reqwest::Client::builder().redirect(redirect_policy())`) to keep that behaviour.
pub fn redirect_policy() -> Policy {
    Policy::custom(decide)
}

fn decide(attempt: Attempt<'_>) -> reqwest::redirect::Action {
    let status = attempt.status();
    let kept = KEPT
        .try_with(|kept| kept.iter().any(|pattern| pattern.matches(status)))
        .unwrap_or(false);
    if kept {
        attempt.stop()
    } else if attempt.previous().len() > MAX_REDIRECTS {
        attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
    } else {
        attempt.follow()
    }
}

/// Runs `send` (an HTTP exchange) with `statuses` as the redirects not to follow.
pub(crate) async fn keeping<T>(
    statuses: &'static [StatusCodePattern],
    send: impl Future<Output = T>,
) -> T {
    KEPT.scope(statuses, send).await
}
