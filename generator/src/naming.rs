//! Names: from whatever the spec spells to identifiers in the usual cases.
//!
//! The spec's own camel or Pascal case is kept letter for letter in type names
//! (`exchangeAuthCodeForAPIKey` gives `ExchangeAuthCodeForAPIKeyRequest`, as the reference SDK
//! names it); anything with separators goes through heck. Symbols that would otherwise vanish are
//! spelled out first (`+1` is `plus_one`, `@type` is `at_type`, `$ref` is `dollar_ref`), so that
//! names made of them stay readable and distinct.

use std::borrow::Cow;

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::ir::Name;

impl Name {
    /// The case conversions of `original`; every form starts with a letter or `_`.
    pub fn new(original: &str) -> Self {
        let plain = !original.is_empty() && original.chars().all(|c| c.is_ascii_alphanumeric());
        let words = spelled(original);
        let (pascal, camel) = if plain {
            (upper_first(original), lower_first(original))
        } else {
            (words.to_upper_camel_case(), words.to_lower_camel_case())
        };
        Self {
            original: original.to_owned(),
            pascal: letter_first(identifier_chars(&pascal, ""), "V"),
            camel: letter_first(identifier_chars(&camel, ""), "v"),
            snake: snake_first(identifier_chars(&words.to_snake_case(), "_")),
            screaming: letter_first(identifier_chars(&words.to_shouty_snake_case(), "_"), "V"),
        }
    }
}

/// Symbols spelled as words wherever they appear: heck would drop them, and `+1` and `-1`, or
/// `@type` and `type`, would then be the same name.
const SYMBOLS: &[(char, &str)] = &[
    ('+', "plus"),
    ('@', "at"),
    ('$', "dollar"),
    ('*', "star"),
    ('#', "hash"),
    ('%', "percent"),
    ('&', "and"),
    ('=', "equals"),
    ('!', "not"),
    ('<', "less than"),
    ('>', "greater than"),
    ('~', "tilde"),
    ('^', "caret"),
    ('|', "pipe"),
    ('?', "question"),
];

/// Separators, spelled only in a name made of nothing else (`-`, `.`, `_`).
const SEPARATORS: &[(char, &str)] = &[
    ('-', "minus"),
    ('_', "underscore"),
    ('.', "dot"),
    ('/', "slash"),
    (':', "colon"),
    (',', "comma"),
    (';', "semicolon"),
    (' ', "space"),
];

const DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// `original` with its symbols spelled out as words, ready for heck's case conversions. A
/// leading `-` is `minus` (`-created` is not `created`), and a sign's single digit is spelled too
/// (`+1` is `plus one`). A name with no letter or digit left is spelled character by character:
/// separators by name, anything else by code point (`😀` is `u1f600`); the empty name is `empty`.
fn spelled(original: &str) -> Cow<'_, str> {
    if original.is_empty() {
        return Cow::Borrowed("empty");
    }
    let symbol = |c: char| SYMBOLS.iter().find(|(symbol, _)| *symbol == c);
    if !original.starts_with('-') && !original.chars().any(|c| symbol(c).is_some()) {
        if original.chars().any(char::is_alphanumeric) {
            return Cow::Borrowed(original);
        }
        return Cow::Owned(character_names(original));
    }
    let mut out = String::with_capacity(original.len() + 8);
    let mut chars = original.chars().peekable();
    let mut leading = true;
    while let Some(c) = chars.next() {
        let word = match symbol(c) {
            Some((_, word)) => Some(*word),
            None if c == '-' && leading => Some("minus"),
            None => None,
        };
        let Some(word) = word else {
            leading &= !c.is_alphanumeric();
            out.push(c);
            continue;
        };
        out.push(' ');
        out.push_str(word);
        out.push(' ');
        // A sign's lone digit: `+1` is `plus one`, `+10` stays `plus 10`.
        let mut rest = chars.clone();
        if let (Some(digit), None) = (
            rest.next().and_then(|d| d.to_digit(10)),
            rest.next().filter(char::is_ascii_digit),
        ) && matches!(word, "plus" | "minus")
        {
            out.push_str(DIGITS[digit as usize]);
            out.push(' ');
            chars.next();
        }
    }
    if out.chars().any(char::is_alphanumeric) {
        Cow::Owned(out)
    } else {
        Cow::Owned(character_names(original))
    }
}

/// Each character by name: a separator's, else its code point (`u1f600`).
fn character_names(text: &str) -> String {
    text.chars()
        .map(
            |c| match SEPARATORS.iter().find(|(separator, _)| *separator == c) {
                Some((_, name)) => (*name).to_owned(),
                None => format!("u{:x}", u32::from(c)),
            },
        )
        .collect::<Vec<_>>()
        .join(" ")
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

/// A snake-case identifier starts with a letter or `_`: `2fa` gives `_2fa`, but a name of
/// digits alone gets a letter (`1.5` gives `v1_5`, not `_1_5`, which clippy finds a poor name).
fn snake_first(identifier: String) -> String {
    if identifier.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        format!("v{}", identifier.trim_start_matches('_'))
    } else {
        letter_first(identifier, "_")
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
        assert_eq!(Name::new("2fa").snake, "_2fa");
        assert_eq!(Name::new("1.0").pascal, "V10");
        // Not `_1_5`, which clippy finds a poor name.
        assert_eq!(Name::new("1.5").snake, "v1_5");
    }

    fn forms(original: &str) -> (String, String, String) {
        let name = Name::new(original);
        (name.pascal, name.camel, name.snake)
    }

    #[test]
    fn symbols_are_spelled_out() {
        let owned = |(a, b, c): (&str, &str, &str)| (a.to_owned(), b.to_owned(), c.to_owned());
        assert_eq!(forms("+1"), owned(("PlusOne", "plusOne", "plus_one")));
        assert_eq!(forms("-1"), owned(("MinusOne", "minusOne", "minus_one")));
        assert_eq!(forms("+10"), owned(("Plus10", "plus10", "plus_10")));
        assert_eq!(forms("@type"), owned(("AtType", "atType", "at_type")));
        assert_eq!(
            forms("$ref"),
            owned(("DollarRef", "dollarRef", "dollar_ref"))
        );
        assert_eq!(forms("*"), owned(("Star", "star", "star")));
        assert_eq!(forms("!="), owned(("NotEquals", "notEquals", "not_equals")));
        assert_eq!(forms("-created").2, "minus_created");
        // Separators inside a name stay separators.
        assert_eq!(forms("a-b").2, "a_b");
        assert_eq!(forms("created-at").2, "created_at");
    }

    #[test]
    fn names_without_letters_are_spelled_character_by_character() {
        assert_eq!(Name::new("").snake, "empty");
        assert_eq!(Name::new("").pascal, "Empty");
        assert_eq!(Name::new("😀").snake, "u1f600");
        assert_eq!(Name::new("😀").pascal, "U1f600");
        assert_eq!(Name::new("-").snake, "minus");
        assert_eq!(Name::new("_").snake, "underscore");
        assert_eq!(Name::new("...").pascal, "DotDotDot");
    }
}
