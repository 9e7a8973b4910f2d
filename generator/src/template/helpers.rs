//! The filters and functions every template sees, besides minijinja's built-ins.
//!
//! | name | use |
//! | --- | --- |
//! | `camel`, `pascal`, `snake`, `screaming`, `kebab` | `{{ "exchangeAuthCodeForAPIKey" \| pascal }}`; also take a `Name` object |
//! | `doc_comment(text, prefix=" * ", width=100)` | markdown wrapped into comment lines |
//! | `json(value, indent=none)` | JSON text |
//! | `type_ref(ty)` | an IR `TypeRef` spelled through `types.toml` |
//! | `type_def(name)`, `error_def(name)` | the element of `api.types` / `api.errors` with that name |
//! | `md_table(text)` | a markdown table with padded columns |
//! | `operation_types(operation_id)` | the elements of `api.types` hoisted from that operation, in order |
//! | `named_refs(value)` | the names of the types that any IR value (or list of them) refers to, sorted, each once: what a file must import |
//! | tests `json_media`, `text_media` | `{% if body.content_type is json_media %}`: JSON (`+json` too) or `text/*` media types |

use std::collections::HashMap;
use std::sync::Arc;

use heck::ToKebabCase;
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind};

use super::text;
use super::types::TypeMap;
use crate::ir::Name;

/// Registers every helper on `env`. `api` is the IR as a template value; `types` the language's
/// type mapping, when its manifest names one.
pub fn register(env: &mut Environment<'_>, api: &Value, types: Option<Arc<TypeMap>>) {
    register_both(env, "camel", |value: &Value| {
        case(value, "camel", |n| n.camel)
    });
    register_both(env, "pascal", |value: &Value| {
        case(value, "pascal", |n| n.pascal)
    });
    register_both(env, "snake", |value: &Value| {
        case(value, "snake", |n| n.snake)
    });
    register_both(env, "screaming", |value: &Value| {
        case(value, "screaming", |n| n.screaming)
    });
    register_both(env, "kebab", |value: &Value| {
        original(value, "kebab").map(|text| text.to_kebab_case())
    });
    register_both(env, "doc_comment", doc_comment);
    register_both(env, "json", json);
    register_both(env, "md_table", |text: &str| {
        text::md_table(text).map_err(|message| Error::new(ErrorKind::InvalidOperation, message))
    });
    register_both(env, "type_ref", move |ty: &Value| match &types {
        Some(types) => types
            .render(ty)
            .map_err(|message| Error::new(ErrorKind::InvalidOperation, message)),
        None => Err(Error::new(
            ErrorKind::InvalidOperation,
            "type_ref needs a type mapping: set `types = \"types.toml\"` in the language's manifest.toml",
        )),
    });
    register_both(env, "named_refs", named_refs);
    env.add_test("json_media", |value: &Value| {
        value.as_str().is_some_and(crate::ir::is_json)
    });
    env.add_test("text_media", |value: &Value| {
        value.as_str().is_some_and(crate::ir::is_text)
    });
    let types = Arc::new(index(api, "types"));
    register_both(env, "type_def", move |name: &str| {
        lookup(&types, "types", name)
    });
    let by_operation = Arc::new(types_by_operation(api));
    register_both(env, "operation_types", move |operation_id: &str| {
        by_operation.get(operation_id).cloned().unwrap_or_default()
    });
    let errors = Arc::new(index(api, "errors"));
    register_both(env, "error_def", move |name: &str| {
        lookup(&errors, "errors", name)
    });
}

/// Registers `f` as a filter and as a function of the same name.
fn register_both<F, Rv, Args>(env: &mut Environment<'_>, name: &'static str, f: F)
where
    F: minijinja::functions::Function<Rv, Args> + Clone,
    Rv: minijinja::value::FunctionResult,
    Args: for<'a> minijinja::value::FunctionArgs<'a>,
{
    env.add_filter(name, f.clone());
    env.add_function(name, f);
}

/// The spelling a case conversion starts from: a string, or the `original` of an IR `Name`.
fn original(value: &Value, filter: &str) -> Result<String, Error> {
    if let Some(text) = value.as_str() {
        return Ok(text.to_owned());
    }
    if value.kind() == ValueKind::Map
        && let Ok(original) = value.get_attr("original")
        && let Some(text) = original.as_str()
    {
        return Ok(text.to_owned());
    }
    Err(Error::new(
        ErrorKind::InvalidOperation,
        format!("{filter} expects a string or an IR Name, got `{value}`"),
    ))
}

/// The same conversion as the IR's `Name` fields.
fn case(value: &Value, filter: &str, pick: fn(Name) -> String) -> Result<String, Error> {
    original(value, filter).map(|text| pick(Name::new(&text)))
}

fn doc_comment(
    text: &Value,
    prefix: Option<String>,
    width: Option<usize>,
    kwargs: Kwargs,
) -> Result<String, Error> {
    let prefix = match prefix {
        Some(prefix) => prefix,
        None => kwargs
            .get::<Option<String>>("prefix")?
            .unwrap_or_else(|| " * ".to_owned()),
    };
    let width = match width {
        Some(width) => width,
        None => kwargs.get::<Option<usize>>("width")?.unwrap_or(100),
    };
    kwargs.assert_all_used()?;
    if text.is_none() {
        return Ok(String::new());
    }
    let Some(text) = text.as_str() else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("doc_comment expects a string, got `{text}`"),
        ));
    };
    Ok(text::doc_comment(text, &prefix, width))
}

fn json(value: &Value, indent: Option<usize>, kwargs: Kwargs) -> Result<String, Error> {
    let indent = match indent {
        Some(indent) => Some(indent),
        None => kwargs.get::<Option<usize>>("indent")?,
    };
    kwargs.assert_all_used()?;
    let failed = |err: serde_json::Error| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("json: cannot serialize `{value}`: {err}"),
        )
    };
    let Some(indent) = indent else {
        return serde_json::to_string(value).map_err(failed);
    };
    let spaces = " ".repeat(indent);
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(spaces.as_bytes());
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(value, &mut serializer).map_err(failed)?;
    String::from_utf8(out).map_err(|err| Error::new(ErrorKind::InvalidOperation, err.to_string()))
}

/// The elements of `api.<list>` by their `name`.
fn index(api: &Value, list: &str) -> HashMap<String, Value> {
    let mut index = HashMap::new();
    let Ok(items) = api.get_attr(list).and_then(|items| items.try_iter()) else {
        return index;
    };
    for item in items {
        if let Some(name) = item
            .get_attr("name")
            .ok()
            .and_then(|n| n.as_str().map(str::to_owned))
        {
            index.entry(name).or_insert(item);
        }
    }
    index
}

/// The elements of `api.types` that belong to an operation, by operation id, in order: templates
/// would otherwise scan every type for every operation.
fn types_by_operation(api: &Value) -> HashMap<String, Vec<Value>> {
    let mut by_operation: HashMap<String, Vec<Value>> = HashMap::new();
    let Ok(types) = api.get_attr("types").and_then(|types| types.try_iter()) else {
        return by_operation;
    };
    for ty in types {
        let Some(operation_id) = ty
            .get_attr("origin")
            .and_then(|origin| origin.get_attr("operation_id"))
            .ok()
            .and_then(|id| id.as_str().map(str::to_owned))
        else {
            continue;
        };
        by_operation.entry(operation_id).or_default().push(ty);
    }
    by_operation
}

fn lookup(index: &HashMap<String, Value>, list: &str, name: &str) -> Result<Value, Error> {
    index.get(name).cloned().ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("there is no element named `{name}` in api.{list}"),
        )
    })
}

/// The sorted, distinct names of every `{"kind": "named", "name": ...}` type reference in `value`.
fn named_refs(value: &Value) -> Result<Vec<String>, Error> {
    let json = serde_json::to_value(value)
        .map_err(|err| Error::new(ErrorKind::InvalidOperation, err.to_string()))?;
    let mut names = std::collections::BTreeSet::new();
    collect_named(&json, &mut names);
    Ok(names.into_iter().collect())
}

fn collect_named(value: &serde_json::Value, names: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("kind").and_then(serde_json::Value::as_str) == Some("named")
                && let Some(name) = map.get("name").and_then(serde_json::Value::as_str)
            {
                names.insert(name.to_owned());
            }
            for item in map.values() {
                collect_named(item, names);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_named(item, names);
            }
        }
        _ => {}
    }
}
