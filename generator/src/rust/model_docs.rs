//! `docs/models/`: one page per type, as the reference SDK documents its models: what the type is,
//! an example that builds it (run as a doctest), and its fields or values.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::operations::inputs;
use crate::ir::{Operation, TypeDef, TypeKind, TypeOrigin, TypeRef};
use crate::output::GeneratedFile;

/// The folder of a type's page below `docs/models/`.
fn folder(origin: &TypeOrigin) -> &'static str {
    match origin {
        TypeOrigin::Component => "components",
        TypeOrigin::Operation { .. } => "operations",
    }
}

/// The path of a type's page, relative to the crate: `docs/models/operations/<name>.md`.
pub fn page(rust: &Rust<'_>, name: &str) -> String {
    let folder = rust
        .type_def(name)
        .map(|def| folder(&def.origin))
        .unwrap_or("operations");
    format!("docs/models/{folder}/{name}.md")
}

/// A type for a reader, linking named types to their pages; `up` leads from the page being
/// written to the crate's folder (e.g. `../../`).
pub fn type_markdown(rust: &Rust<'_>, ty: &TypeRef, up: &str) -> String {
    match ty {
        TypeRef::Named { name } => {
            let module = if rust.module_of(name) == super::Module::Models {
                "models"
            } else {
                "operations"
            };
            format!("[{module}::{name}]({up}{})", page(rust, name))
        }
        TypeRef::Array { items } if contains_named(items) => {
            format!("`Vec<`{}`>`", type_markdown(rust, items, up))
        }
        TypeRef::Map { values } if contains_named(values) => {
            format!("`BTreeMap<String, `{}`>`", type_markdown(rust, values, up))
        }
        other => format!("`{}`", plain_type(rust, other)),
    }
}

/// The type of an operation's `request_body` as markdown: the body's type, or the enum of its
/// alternatives with the type and media type of each.
pub fn body_markdown(rust: &Rust<'_>, body: &crate::ir::RequestBody, up: &str) -> String {
    let Some(name) = &body.type_name else {
        return type_markdown(rust, &body.ty, up);
    };
    let alternatives: Vec<String> = body
        .alternatives
        .iter()
        .map(|alternative| {
            format!(
                "`{}(`{}`)` (`{}`)",
                alternative.name.pascal,
                type_markdown(rust, &alternative.ty, up),
                alternative.content_type
            )
        })
        .collect();
    format!("`operations::{name}`: {}", alternatives.join(" or "))
}

fn contains_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named { .. } => true,
        TypeRef::Array { items } => contains_named(items),
        TypeRef::Map { values } => contains_named(values),
        _ => false,
    }
}

/// A type without links, as one code span's text: `Vec<String>`.
fn plain_type(rust: &Rust<'_>, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Array { items } => format!("Vec<{}>", plain_type(rust, items)),
        TypeRef::Map { values } => format!("BTreeMap<String, {}>", plain_type(rust, values)),
        other => rust
            .ty(other)
            .to_string()
            .replace(" :: ", "::")
            .replace(" < ", "<")
            .replace(" >", ">"),
    }
}

/// A type's page.
pub fn type_file(rust: &Rust<'_>, def: &TypeDef) -> GeneratedFile {
    GeneratedFile::new(&page(rust, &def.name), type_page(rust, def))
}

/// The page of an operation's request type.
pub fn request_file(rust: &Rust<'_>, operation: &Operation) -> GeneratedFile {
    GeneratedFile::new(
        &format!("docs/models/operations/{}.md", operation.request_type),
        request_page(rust, operation),
    )
}

fn type_page(rust: &Rust<'_>, def: &TypeDef) -> String {
    let mut text = format!("# {}\n\n", def.name);
    if let Some(description) = &def.description {
        text.push_str(&format!("{}\n\n", description.trim_end()));
    }
    let named = TypeRef::Named {
        name: def.name.clone(),
    };
    // An alias's example is a value of its target (a map, a list, a string): annotated with the
    // alias, it is owned and an empty map or list knows its type.
    let alias = matches!(def.kind, TypeKind::Alias { .. });
    let example = def.example.as_ref().and_then(|example| {
        if alias {
            rust.owned_example(&named, example)
        } else {
            rust.example(&named, example)
        }
    });
    if let Some(example) = example {
        text.push_str("## Example Usage\n\n");
        let annotation = alias.then(|| rust.ty(&named));
        text.push_str(&example_program(rust, annotation, example));
    }
    match &def.kind {
        TypeKind::Object {
            fields,
            additional_properties,
        } => {
            text.push_str("## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n");
            for field in fields {
                let required = if field.required {
                    ":heavy_check_mark:"
                } else {
                    ":heavy_minus_sign:"
                };
                let nullable = if field.nullable { " (nullable)" } else { "" };
                let ty = if super::sensitive::is_secret_string(field) {
                    "`secrecy::SecretString`".to_owned()
                } else {
                    type_markdown(rust, &field.ty, "../../../")
                };
                let mut description = with_sensitive_note(
                    field.description.as_deref().unwrap_or_default(),
                    field.sensitive,
                );
                if let Some((_, variant)) = rust.constant(field) {
                    description =
                        format!("{description} Always `{}`: `new` sets it.", variant.value)
                            .trim_start()
                            .to_owned();
                }
                text.push_str(&format!(
                    "| `{}` | {ty}{nullable} | {required} | {} |\n",
                    field.name.snake,
                    one_line(&description)
                ));
            }
            if let Some(values) = additional_properties {
                text.push_str(&format!(
                    "| `additional_properties` | `BTreeMap<String, `{}`>` | :heavy_minus_sign: | Properties beyond the ones listed. |\n",
                    type_markdown(rust, values, "../../../")
                ));
            }
        }
        TypeKind::Enum { variants, open } => {
            text.push_str("## Values\n\n| Name | Value |\n| --- | --- |\n");
            for variant in variants {
                text.push_str(&format!(
                    "| `{}` | `{}` |\n",
                    variant.name.pascal, variant.value
                ));
            }
            if *open {
                text.push_str("\nThis enum is open: other values decode into `Unknown(String)`.\n");
            }
        }
        TypeKind::Union {
            variants,
            discriminator: Some(discriminator),
            ..
        } if !discriminator.mapping.is_empty() => {
            let property = &discriminator.property;
            text.push_str(&format!(
                "## Supported Types\n\nThe variant is selected by the value's `{property}` property:\n\n| `{property}` | Variant | Type |\n| --- | --- | --- |\n"
            ));
            for entry in &discriminator.mapping {
                let Some(variant) = variants
                    .iter()
                    .find(|variant| variant.name.original == entry.variant)
                else {
                    continue;
                };
                text.push_str(&format!(
                    "| `{}` | `{}` | {} |\n",
                    one_line(&entry.value),
                    variant.name.pascal,
                    type_markdown(rust, &variant.ty, "../../../")
                ));
            }
            text.push_str(&if discriminator.open {
                format!("\nAny other `{property}` decodes into `Unknown(serde_json::Value)`, kept as received.\n")
            } else {
                format!("\nAny other `{property}` fails to decode.\n")
            });
        }
        TypeKind::Union { variants, .. } => {
            text.push_str(
                "## Supported Types\n\nThe most specific variant that keeps every property of the value (else the one that keeps the most):\n\n",
            );
            for variant in variants {
                text.push_str(&format!(
                    "* `{}`: {}\n",
                    variant.name.pascal,
                    type_markdown(rust, &variant.ty, "../../../")
                ));
            }
        }
        TypeKind::Alias { target } => {
            text.push_str(&format!(
                "Another name for {}.\n",
                type_markdown(rust, target, "../../../")
            ));
        }
    }
    text
}

fn request_page(rust: &Rust<'_>, operation: &Operation) -> String {
    let mut text = format!(
        "# {}\n\nEvery input of `{}` (`{} {}`).\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n",
        operation.request_type, operation.id, operation.method, operation.path
    );
    for input in inputs(rust, operation) {
        let (ty, description) = match (input.parameter, &operation.request_body) {
            (Some(parameter), _) => (
                type_markdown(rust, &parameter.ty, "../../../"),
                with_sensitive_note(
                    parameter.description.as_deref().unwrap_or_default(),
                    parameter.sensitive,
                ),
            ),
            (None, Some(body)) => (
                body_markdown(rust, body, "../../../"),
                body.description
                    .clone()
                    .unwrap_or_else(|| "The request body.".into()),
            ),
            (None, None) => continue,
        };
        let required = if input.required {
            ":heavy_check_mark:"
        } else {
            ":heavy_minus_sign:"
        };
        text.push_str(&format!(
            "| `{}` | {ty} | {required} | {} |\n",
            input.ident,
            one_line(&description)
        ));
    }
    text
}

/// A program that builds the example value; run as a doctest.
fn example_program(rust: &Rust<'_>, annotation: Option<TokenStream>, value: TokenStream) -> String {
    let var = format_ident!("value");
    let annotation = annotation.map(|ty| quote!(: #ty));
    let program = quote! {
        fn main() -> Result<(), Box<dyn std::error::Error>> {
            let #var #annotation = #value;
            println!("{value:?}");
            Ok(())
        }
    };
    format!(
        "```rust\n{}```\n\n",
        super::docs::program_text(rust, program)
    )
}

/// A description that says when the value is sensitive.
fn with_sensitive_note(description: &str, sensitive: bool) -> String {
    let note = "**Sensitive**: `Debug` never prints it.";
    match (description.trim(), sensitive) {
        (description, false) => description.to_owned(),
        ("", true) => note.to_owned(),
        (description, true) => format!("{description} {note}"),
    }
}

/// Text on one table line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
