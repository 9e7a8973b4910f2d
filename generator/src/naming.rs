//! Names: from whatever the spec spells to identifiers in the usual cases.
//!
//! The spec's own camel or Pascal case is kept letter for letter in type names
//! (`exchangeAuthCodeForAPIKey` gives `ExchangeAuthCodeForAPIKeyRequest`, as the reference SDK
//! names it); anything with separators goes through heck.

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::ir::Name;

impl Name {
    /// The case conversions of `original`; every form starts with a letter or `_`.
    pub fn new(original: &str) -> Self {
        let plain = !original.is_empty() && original.chars().all(|c| c.is_ascii_alphanumeric());
        let (pascal, camel) = if plain {
            (upper_first(original), lower_first(original))
        } else {
            (
                original.to_upper_camel_case(),
                original.to_lower_camel_case(),
            )
        };
        Self {
            original: original.to_owned(),
            pascal: letter_first(identifier_chars(&pascal, ""), "V"),
            camel: letter_first(identifier_chars(&camel, ""), "v"),
            snake: letter_first(identifier_chars(&original.to_snake_case(), "_"), "_"),
            screaming: letter_first(identifier_chars(&original.to_shouty_snake_case(), "_"), "_"),
        }
    }
}

/// `name` in PascalCase, for type names built from parts of the spec.
pub fn pascal(name: &str) -> String {
    Name::new(name).pascal
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Replaces every character that cannot appear in an identifier (`²`, `-`, ...) by `replacement`.
fn identifier_chars(text: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if unicode_ident::is_xid_continue(c) {
            out.push(c);
        } else {
            out.push_str(replacement);
        }
    }
    out
}

/// Identifiers must start with a letter or `_` and cannot be empty: prefix the others.
fn letter_first(identifier: String, prefix: &str) -> String {
    match identifier.chars().next() {
        Some(first) if unicode_ident::is_xid_start(first) || first == '_' => identifier,
        _ => format!("{prefix}{identifier}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Name;

    #[test]
    fn keeps_spec_casing_in_pascal_and_converts_the_rest() {
        let name = Name::new("exchangeAuthCodeForAPIKey");
        assert_eq!(name.pascal, "ExchangeAuthCodeForAPIKey");
        assert_eq!(name.camel, "exchangeAuthCodeForAPIKey");
        assert_eq!(name.snake, "exchange_auth_code_for_api_key");
        let tag = Name::new("OAuth");
        assert_eq!(
            (tag.camel.as_str(), tag.snake.as_str()),
            ("oAuth", "o_auth")
        );
        let header = Name::new("HTTP-Referer");
        assert_eq!(
            (header.pascal.as_str(), header.camel.as_str()),
            ("HttpReferer", "httpReferer")
        );
        assert_eq!(header.snake, "http_referer");
    }

    #[test]
    fn characters_that_are_not_identifier_characters_are_replaced() {
        let name = Name::new("m²");
        assert_eq!((name.pascal.as_str(), name.snake.as_str()), ("M", "m_"));
        assert_eq!(Name::new("²").pascal, "V");
    }

    #[test]
    fn identifiers_start_with_a_letter() {
        assert_eq!(Name::new("2fa").pascal, "V2fa");
        assert_eq!(Name::new("").snake, "_");
        assert_eq!(Name::new("1.0").pascal, "V10");
    }
}
