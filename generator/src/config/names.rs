//! The names a configuration holds (the SDK's name, its environment prefix, the crate's name and
//! version, hand-written modules): the rules each must follow, and the defaults derived from the
//! spec's `info` when the configuration leaves them out.
//!
//! Every name ends up in generated code (`format_ident!`, `Cargo.toml`, `lib.rs`), where an invalid
//! one would panic or produce a crate that does not build; so each is checked here, once, with a
//! message that says what is allowed. A derived name always passes its own check.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// The SDK's name: a PascalCase ASCII identifier (`OpenRouter`), since the client, the core and the
/// default error are named after it.
pub fn check_sdk_name(name: &str) -> Result<(), String> {
    let valid = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !is_keyword(name);
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a PascalCase identifier: use ASCII letters and digits, starting with a capital letter, e.g. `OpenRouter`"
        ))
    }
}

/// The prefix of the SDK's environment variables: SCREAMING_CASE (`OPENROUTER` gives
/// `OPENROUTER_API_KEY`).
pub fn check_env_prefix(prefix: &str) -> Result<(), String> {
    let valid = prefix.starts_with(|c: char| c.is_ascii_uppercase())
        && !prefix.ends_with('_')
        && prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{prefix}` is not a SCREAMING_CASE prefix: use capital ASCII letters, digits and `_`, starting with a letter and not ending with `_`, e.g. `OPENROUTER`"
        ))
    }
}

/// Names Cargo refuses for a package, or that clash with its build folders or the standard
/// library's crates.
const RESERVED_CRATE_NAMES: &[&str] = &[
    "alloc",
    "build",
    "core",
    "deps",
    "examples",
    "incremental",
    "proc_macro",
    "std",
    "test",
];

/// Names Windows reserves for devices, even with an extension.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The longest crate name crates.io accepts.
const MAX_CRATE_NAME: usize = 64;

/// The generated crate's package name, as Cargo (and crates.io) accept it: ASCII letters, digits,
/// `-` and `_`, starting with a letter, at most 64 characters, and neither a Rust keyword nor a
/// reserved name (the code refers to the crate by this name, with `-` as `_`).
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let rules = "use ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters, e.g. `my_sdk`";
    let valid_chars = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.len() <= MAX_CRATE_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_chars {
        return Err(format!("`{name}` is not a valid crate name: {rules}"));
    }
    let as_ident = name.replace('-', "_");
    if is_keyword(&as_ident) {
        return Err(format!(
            "`{name}` is not a valid crate name: it is a Rust keyword"
        ));
    }
    if RESERVED_CRATE_NAMES.contains(&as_ident.as_str())
        || WINDOWS_RESERVED.contains(&name.to_ascii_lowercase().as_str())
    {
        return Err(format!(
            "`{name}` is not a valid crate name: Cargo reserves it"
        ));
    }
    Ok(())
}

/// The crate's version: semantic versioning, as Cargo requires (`0.1.0`).
pub fn check_crate_version(version: &str) -> Result<(), String> {
    semver::Version::parse(version)
        .map(drop)
        .map_err(|err| format!("`{version}` is not a semantic version such as `0.1.0`: {err}"))
}

/// Modules of `lib.rs` that the generator writes itself; a hand-written module cannot take their
/// names.
const GENERATED_MODULES: &[&str] = &[
    "client",
    "core",
    "errors",
    "funcs",
    "models",
    "operations",
    "pagination",
    "runtime",
    "sensitive",
    "unions",
];

/// A hand-written module of the generated crate: a snake_case Rust identifier (its file is
/// `src/<name>.rs`), not a keyword and not one of the generated modules.
pub fn check_module_name(name: &str) -> Result<(), String> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword(name);
    if !valid {
        return Err(format!(
            "`{name}` is not a module name: use a snake_case Rust identifier (lowercase ASCII letters, digits and `_`, starting with a letter, not a keyword), e.g. `pkce`"
        ));
    }
    if GENERATED_MODULES.contains(&name) {
        return Err(format!(
            "`{name}` is a module the generator writes; name the hand-written module otherwise"
        ));
    }
    Ok(())
}

/// A Rust keyword of any edition, including the reserved ones (`gen` of 2024, `try`, `abstract`).
fn is_keyword(name: &str) -> bool {
    // syn refuses keywords as identifiers; `gen` is reserved by the 2024 edition only.
    name == "gen" || syn::parse_str::<syn::Ident>(name).is_err()
}

/// The version of a generated crate when the spec's `info.version` is not semantic versioning.
pub const DEFAULT_CRATE_VERSION: &str = "0.1.0";

/// The SDK's name derived from the spec's title: PascalCase of its words, transliterated to ASCII
/// (`Swagger Petstore - OpenAPI 3.0` gives `SwaggerPetstoreOpenApi30`), prefixed with `Api` when
/// it would not start with a letter (`1Password Connect` gives `Api1passwordConnect`).
pub fn derive_sdk_name(title: &str) -> String {
    let name = ascii_words(title).to_upper_camel_case();
    let name = if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("Api{name}")
    };
    if check_sdk_name(&name).is_ok() {
        name
    } else {
        format!("{name}Api")
    }
}

/// The crate name derived from a title or an SDK name: snake_case of its ASCII words, cut to 64
/// characters, prefixed with `api_` when it would not start with a letter or would be a keyword
/// or reserved name (`Self` gives `api_self`).
pub fn derive_crate_name(source: &str) -> String {
    let snake = ascii_words(source).to_snake_case();
    let mut name = if snake.starts_with(|c: char| c.is_ascii_alphabetic()) {
        snake
    } else {
        format!("api_{snake}")
    };
    if check_crate_name(&name).is_err() {
        name = format!("api_{name}");
    }
    name.truncate(MAX_CRATE_NAME);
    name.trim_end_matches('_').to_owned()
}

/// The environment prefix derived from the SDK's name (`OpenRouter` gives `OPEN_ROUTER`).
pub fn derive_env_prefix(sdk_name: &str) -> String {
    sdk_name.to_shouty_snake_case()
}

/// The crate version derived from the spec's `info.version`: itself when it is a semantic version
/// (`1.2.3`, `1.0.0-beta.1`), else `0.1.0`.
pub fn derive_crate_version(info_version: &str) -> String {
    let version = info_version.trim();
    if check_crate_version(version).is_ok() {
        version.to_owned()
    } else {
        DEFAULT_CRATE_VERSION.to_owned()
    }
}

/// `text` as ASCII words: letters of any script transliterated (`Café` gives `Cafe`, `天気` gives
/// `Tian Qi`), everything but ASCII letters and digits a word break; `api` when no word remains.
fn ascii_words(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        "api".to_owned()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_derived_from_titles_are_valid() {
        for (title, sdk, krate, env) in [
            (
                "Swagger Petstore - OpenAPI 3.0",
                "SwaggerPetstoreOpenApi30",
                "swagger_petstore_open_api_3_0",
                "SWAGGER_PETSTORE_OPEN_API30",
            ),
            (
                "1Password Connect",
                "Api1passwordConnect",
                "api_1password_connect",
                "API1PASSWORD_CONNECT",
            ),
            ("Café API", "CafeApi", "cafe_api", "CAFE_API"),
            ("天気 API", "TianQiApi", "tian_qi_api", "TIAN_QI_API"),
            ("", "Api", "api", "API"),
            ("---", "Api", "api", "API"),
            ("Self", "SelfApi", "api_self", "SELF_API"),
            ("test", "Test", "api_test", "TEST"),
            ("OpenRouter", "OpenRouter", "open_router", "OPEN_ROUTER"),
        ] {
            let name = derive_sdk_name(title);
            assert_eq!(name, sdk, "{title:?}");
            assert_eq!(derive_crate_name(title), krate, "{title:?}");
            assert_eq!(derive_env_prefix(&name), env, "{title:?}");
        }
    }

    #[test]
    fn derived_names_always_pass_their_checks() {
        let long = "word ".repeat(40);
        for title in [
            "Swagger Petstore - OpenAPI 3.0",
            "1Password Connect",
            "🚀 Rocket",
            "Ünïcödé Ŝervice",
            "مرحبا",
            "a.b.c",
            "9",
            "_",
            "Type",
            "gen",
            "con",
            "std",
            long.as_str(),
            "X-Ray (v2) — beta",
        ] {
            let name = derive_sdk_name(title);
            check_sdk_name(&name).unwrap_or_else(|err| panic!("{title:?}: {err}"));
            check_env_prefix(&derive_env_prefix(&name))
                .unwrap_or_else(|err| panic!("{title:?}: {err}"));
            check_crate_name(&derive_crate_name(title))
                .unwrap_or_else(|err| panic!("{title:?}: {err}"));
            check_crate_name(&derive_crate_name(&name))
                .unwrap_or_else(|err| panic!("{title:?}: {err}"));
        }
    }

    #[test]
    fn invalid_names_are_refused_with_the_rule() {
        for bad in ["my.sdk", "1sdk", "my sdk", "self", "test", "con", "", "ü"] {
            let message = check_crate_name(bad).expect_err(bad);
            assert!(message.contains(&format!("`{bad}`")), "{message}");
        }
        assert!(check_crate_name("my-sdk").is_ok());
        for bad in ["my-mod", "Mod", "type", "models", "1x", ""] {
            assert!(check_module_name(bad).is_err(), "{bad}");
        }
        assert!(check_module_name("pkce").is_ok());
        for bad in ["openRouter", "Open Router", "Self", "Über", ""] {
            assert!(check_sdk_name(bad).is_err(), "{bad}");
        }
        for bad in ["openrouter", "OPEN-ROUTER", "OPEN_", "_OPEN", ""] {
            assert!(check_env_prefix(bad).is_err(), "{bad}");
        }
        assert!(check_crate_version("1.0").is_err());
        assert_eq!(derive_crate_version("1.0"), "0.1.0");
        assert_eq!(derive_crate_version("2.3.4-beta.1"), "2.3.4-beta.1");
    }
}
