//! Links in descriptions that point into the API provider's website.
//!
//! A spec's descriptions are written for the provider's docs site, so a link such as
//! `[Management key](/docs/guides/overview/auth/management-api-keys)` is relative to that site's
//! root. An SDK's docs are read elsewhere (a repository, docs.rs), where such a link leads nowhere:
//! it is made absolute against the document's `externalDocs.url`, else `info.contact.url`, else
//! its first server. Without any of them the links are left as they are.

use serde_json::Value;
use url::Url;

/// Where a root-relative link's path joins: the first absolute `http(s)` URL the document gives.
const BASES: &[&str] = &["/externalDocs/url", "/info/contact/url", "/servers/0/url"];

/// Keys whose values are payloads, not documentation: their strings are never rewritten.
const OPAQUE_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// Makes the root-relative links of every description in `document` absolute.
pub fn absolutise_description_links(document: &mut Value) {
    let Some(base) = BASES.iter().find_map(|pointer| {
        let url = Url::parse(document.pointer(pointer)?.as_str()?).ok()?;
        matches!(url.scheme(), "http" | "https").then_some(url)
    }) else {
        return;
    };
    walk(document, &base);
}

fn walk(value: &mut Value, base: &Url) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match (key.as_str(), child) {
                    ("description", Value::String(text)) => *text = absolutise(text, base),
                    (key, _) if OPAQUE_KEYS.contains(&key) || key.starts_with("x-") => {}
                    (_, child) => walk(child, base),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk(item, base)),
        _ => {}
    }
}

/// `text` with every markdown link target `](/path)` joined to `base`; protocol-relative targets
/// (`](//host/..)`) and targets that do not join are kept.
fn absolutise(text: &str, base: &Url) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](/") {
        let (before, link) = rest.split_at(at + 2);
        out.push_str(before);
        let end = link
            .find(|c: char| c == ')' || c.is_whitespace())
            .unwrap_or(link.len());
        let target = &link[..end];
        match base.join(target) {
            Ok(url) if !target.starts_with("//") => out.push_str(url.as_str()),
            _ => out.push_str(target),
        }
        rest = &link[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_links_join_the_sites_origin() {
        let base = Url::parse("https://openrouter.ai/docs").unwrap();
        assert_eq!(
            absolutise(
                "[Management key](/docs/keys) required, see [x](//cdn/y).",
                &base
            ),
            "[Management key](https://openrouter.ai/docs/keys) required, see [x](//cdn/y)."
        );
        assert_eq!(
            absolutise("[a](b) and [c](https://x/d)", &base),
            "[a](b) and [c](https://x/d)"
        );
    }

    #[test]
    fn descriptions_change_and_examples_stay() {
        let mut document = serde_json::json!({
            "externalDocs": {"url": "https://example.com/docs"},
            "paths": {"/a": {"get": {
                "description": "[key](/keys)",
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "example": {"description": "[key](/keys)"}
                }}}}
            }}}
        });
        absolutise_description_links(&mut document);
        assert_eq!(
            document["paths"]["/a"]["get"]["description"],
            "[key](https://example.com/keys)"
        );
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
                ["description"],
            "[key](/keys)"
        );
    }
}
