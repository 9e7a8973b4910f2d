//! Small pieces of Rust syntax: identifiers, doc comments and formatting.

use std::collections::HashSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::diagnostics::{Error, Result};

/// Parses tokens as a file and prints them formatted.
pub fn format(path: &str, tokens: TokenStream) -> Result<String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|err| Error::Render {
        file: path.to_owned(),
        message: err.to_string(),
    })?;
    sort_uses(&mut file.items);
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// Sorts each run of consecutive `use` items as rustfmt's conventions group them: the standard
/// library first, then other crates, then the crate's own modules, each alphabetically.
fn sort_uses(items: &mut [syn::Item]) {
    let key = |item: &syn::Item| -> Option<(u8, String)> {
        let syn::Item::Use(item) = item else {
            return None;
        };
        let text = quote::ToTokens::to_token_stream(&item.tree).to_string();
        let root = text.split(' ').next().unwrap_or_default();
        let group = match root {
            "std" | "core" | "alloc" => 0,
            "crate" | "super" | "self" => 2,
            _ => 1,
        };
        Some((group, text))
    };
    let mut start = 0;
    while start < items.len() {
        if key(&items[start]).is_none() {
            start += 1;
            continue;
        }
        let end = (start..items.len())
            .find(|&index| key(&items[index]).is_none())
            .unwrap_or(items.len());
        items[start..end].sort_by_cached_key(|item| key(item));
        start = end;
    }
}

/// How an item (not a statement or field) starts, after its indentation.
const ITEM_STARTS: &[&str] = &[
    "///",
    "#[",
    "pub ",
    "pub(crate) ",
    "fn ",
    "async fn ",
    "impl",
    "const ",
    "struct ",
    "enum ",
    "type ",
    "mod ",
    "use ",
];

/// Puts a blank line between consecutive items, as a person would (prettyplease does not): a
/// line that starts an item and follows the end of another item at the same indentation.
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    // The first line of the item that `previous` belongs to, at `previous`'s indentation.
    let mut item_start = "";
    for line in code.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let starts_item = ITEM_STARTS.iter().any(|start| trimmed.starts_with(start));
        if let Some(before) = previous {
            let before_trimmed = before.trim();
            let before_indent = before.len() - before.trim_start().len();
            let ends_item = !before_trimmed.starts_with("//")
                && (before_trimmed == "}"
                    || before_trimmed.ends_with(';')
                    || before_trimmed.ends_with("{}"));
            // Runs of `use` or of `mod` declarations stay together, `use`s in their groups
            // (standard library, other crates, this crate).
            let kind = |text: &str| {
                let text = text.strip_prefix("pub ").unwrap_or(text);
                if let Some(path) = text.strip_prefix("use ") {
                    let root = path.split("::").next().unwrap_or_default();
                    return Some(match root {
                        "std" | "core" | "alloc" => "use std",
                        "crate" | "super" | "self" => "use crate",
                        _ => "use",
                    });
                }
                text.starts_with("mod ").then_some("mod ")
            };
            let both_uses = kind(item_start).is_some() && kind(item_start) == kind(trimmed);
            if ends_item && starts_item && indent == before_indent && !both_uses {
                out.push('\n');
            }
            let inner_attribute_ends =
                before_trimmed.starts_with("#![") && !trimmed.starts_with("#![");
            if inner_attribute_ends
                || before_trimmed.starts_with("//!") && !trimmed.starts_with("//!")
            {
                out.push('\n');
            }
        }
        if starts_item && !trimmed.starts_with("///") && !trimmed.starts_with("#[") && indent == 0 {
            item_start = trimmed;
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// Words that cannot be identifiers even as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keywords of newer editions that the parser still takes for identifiers.
const LATE_KEYWORDS: &[&str] = &["gen"];

/// A Rust identifier for `name`, which must consist of identifier characters (as every
/// [`Name`](crate::ir::Name) form does): keywords become raw identifiers (`type` gives `r#type`).
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if !LATE_KEYWORDS.contains(&name) && syn::parse_str::<Ident>(name).is_ok() {
        Ident::new(name, Span::call_site())
    } else {
        Ident::new_raw(name, Span::call_site())
    }
}

/// `#[doc = ...]` attributes for a text, one per line. Text from the spec is rustdoc already
/// (the backend rewrites it first: see `rustdoc.rs`).
pub fn doc(text: &str) -> TokenStream {
    let lines = text
        .trim_end()
        .lines()
        .map(|line| format!(" {}", line.trim_end()));
    quote!(#(#[doc = #lines])*)
}

/// Docs from an optional description, or `fallback` when there is none.
pub fn doc_or(description: Option<&str>, fallback: &str) -> TokenStream {
    match description.filter(|d| !d.trim().is_empty()) {
        Some(description) => doc(description),
        None => doc(fallback),
    }
}

/// The first sentence or line of a description, for one-line docs.
pub fn summary(text: &str) -> String {
    text.trim()
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The modules whose types are imported by name rather than written as paths.
const TYPE_MODULES: &[&str] = &["models", "operations"];

/// Replaces every `crate::models::X` and `crate::operations::X` path with `X`, and adds a `use`
/// for each at the top (except for types of the module `own`, which are in scope): for code that
/// reads as a person would write it.
pub fn import_generated_types_in(tokens: TokenStream, own: Option<&str>) -> TokenStream {
    let mut imports = std::collections::BTreeSet::new();
    let (inner_attributes, body) = split_inner_attributes(tokens);
    let body = shorten(body, &mut imports);
    let body = shorten_doc_links(body, &imports);
    let (leading_uses, body) = split_leading_uses(body);
    let uses = TYPE_MODULES
        .iter()
        .filter(|module| Some(**module) != own)
        .filter_map(|module| {
            let names: Vec<Ident> = imports
                .iter()
                .filter(|(m, _)| m == module)
                .map(|(_, name)| Ident::new(name, Span::call_site()))
                .collect();
            let module = Ident::new(module, Span::call_site());
            match names.as_slice() {
                [] => None,
                [single] => Some(quote!(use crate::#module::#single;)),
                _ => Some(quote!(use crate::#module::{#(#names),*};)),
            }
        });
    quote!(#inner_attributes #leading_uses #(#uses)* #body)
}

/// The `use` items at the start of `tokens`, and the rest.
fn split_leading_uses(tokens: TokenStream) -> (TokenStream, TokenStream) {
    use proc_macro2::TokenTree;
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut end = 0;
    while matches!(&trees.get(end), Some(TokenTree::Ident(word)) if word == "use") {
        match trees[end..]
            .iter()
            .position(|tree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ';'))
        {
            Some(semicolon) => end += semicolon + 1,
            None => break,
        }
    }
    let rest: TokenStream = trees.split_off(end).into_iter().collect();
    (trees.into_iter().collect(), rest)
}

/// The leading inner attributes (`#![...]`, which `//!` docs become) and the rest.
fn split_inner_attributes(tokens: TokenStream) -> (TokenStream, TokenStream) {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut end = 0;
    while let [
        TokenTree::Punct(hash),
        TokenTree::Punct(bang),
        TokenTree::Group(_),
        ..,
    ] = &trees[end..]
    {
        if hash.as_char() != '#' || bang.as_char() != '!' {
            break;
        }
        end += 3;
    }
    let mut trees = trees;
    let rest: TokenStream = trees.split_off(end).into_iter().collect();
    (trees.into_iter().collect(), rest)
}

/// [`import_generated_types_in`] for code outside the type modules.
pub fn import_generated_types(tokens: TokenStream) -> TokenStream {
    import_generated_types_in(tokens, None)
}

/// Every identifier of every `use` item in `tokens`, at any depth (`use serde_json::Value;` in a
/// function gives `serde_json` and `Value`).
fn imported_names(tokens: TokenStream, names: &mut HashSet<String>) {
    use proc_macro2::TokenTree;
    let mut in_use = false;
    for tree in tokens {
        match tree {
            TokenTree::Ident(word) if word == "use" => in_use = true,
            TokenTree::Ident(word) if in_use => {
                names.insert(word.to_string());
            }
            TokenTree::Punct(punct) if punct.as_char() == ';' => in_use = false,
            TokenTree::Group(group) => imported_names(group.stream(), names),
            _ => {}
        }
    }
}

/// Replaces `crate::<module>::Name` paths by `Name` (recorded in `imports`), except where the
/// code imports another `Name` (`std::time::Duration`, `serde_json::Value`): a spec type of that
/// name keeps its path, so the two never meet in one scope.
fn shorten(
    tokens: TokenStream,
    imports: &mut std::collections::BTreeSet<(String, String)>,
) -> TokenStream {
    let mut taken = HashSet::new();
    imported_names(tokens.clone(), &mut taken);
    shorten_except(tokens, imports, &taken)
}

fn shorten_except(
    tokens: TokenStream,
    imports: &mut std::collections::BTreeSet<(String, String)>,
    taken: &HashSet<String>,
) -> TokenStream {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut index = 0;
    while index < trees.len() {
        if let Some((module, name)) =
            generated_path(&trees[index..]).filter(|(_, name)| !taken.contains(&name.to_string()))
        {
            imports.insert((module, name.to_string()));
            out.push(TokenTree::Ident(name));
            index += 7;
            continue;
        }
        out.push(match &trees[index] {
            TokenTree::Group(group) => {
                let mut shortened = proc_macro2::Group::new(
                    group.delimiter(),
                    shorten_except(group.stream(), imports, taken),
                );
                shortened.set_span(group.span());
                TokenTree::Group(shortened)
            }
            other => other.clone(),
        });
        index += 1;
    }
    out.into_iter().collect()
}

/// Turns doc links to types now in scope, ``[`Name`](crate::models::Name)`` (or to their items,
/// ``[`Name::Variant`](crate::models::Name::Variant)``), into ``[`Name`]``: rustdoc rejects an
/// explicit target its label already resolves to.
fn shorten_doc_links(
    tokens: TokenStream,
    imports: &std::collections::BTreeSet<(String, String)>,
) -> TokenStream {
    use proc_macro2::{Literal, TokenTree};
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let mut shortened = proc_macro2::Group::new(
                    group.delimiter(),
                    shorten_doc_links(group.stream(), imports),
                );
                shortened.set_span(group.span());
                TokenTree::Group(shortened)
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if !text.contains("](crate::") {
                    return TokenTree::Literal(literal);
                }
                // The pieces replaced hold no character a string literal escapes.
                match without_redundant_targets(&text, imports).parse::<Literal>() {
                    Ok(shortened) => TokenTree::Literal(shortened),
                    Err(_) => TokenTree::Literal(literal),
                }
            }
            other => other,
        })
        .collect()
}

/// `text` with every ``[`label`](crate::<module>::label)`` whose first segment is imported from
/// `<module>` written as ``[`label`]``.
fn without_redundant_targets(
    text: &str,
    imports: &std::collections::BTreeSet<(String, String)>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let link = rest[2..].split_once("`](").and_then(|(label, after)| {
            let (target, _) = after.split_once(')')?;
            let (module, path) = target.strip_prefix("crate::")?.split_once("::")?;
            let first = label.split("::").next().unwrap_or_default();
            (path == label && imports.contains(&(module.to_owned(), first.to_owned())))
                .then(|| (label, 2 + label.len() + 3 + target.len() + 1))
        });
        match link {
            Some((label, length)) => {
                out.push_str(&format!("[`{label}`]"));
                rest = &rest[length..];
            }
            None => {
                out.push_str("[`");
                rest = &rest[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `crate :: <module> :: Name` at the start of `trees` (seven tokens).
fn generated_path(trees: &[proc_macro2::TokenTree]) -> Option<(String, Ident)> {
    use proc_macro2::TokenTree;
    let [
        TokenTree::Ident(root),
        TokenTree::Punct(c1),
        TokenTree::Punct(c2),
        TokenTree::Ident(module),
        TokenTree::Punct(c3),
        TokenTree::Punct(c4),
        TokenTree::Ident(name),
        ..,
    ] = trees
    else {
        return None;
    };
    let colons = [c1, c2, c3, c4].iter().all(|p| p.as_char() == ':');
    (root == "crate" && colons && TYPE_MODULES.contains(&module.to_string().as_str()))
        .then(|| (module.to_string(), name.clone()))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::without_redundant_targets;

    #[test]
    fn links_to_imported_types_lose_their_target_and_others_keep_it() {
        let imports = BTreeSet::from([("models".to_owned(), "Chunk".to_owned())]);
        let text = "See [`Chunk`](crate::models::Chunk), [`Chunk::Text`](crate::models::Chunk::Text), \
                    [`Other`](crate::models::Other), [`Chunk`](crate::operations::Chunk) and [`x`].";
        assert_eq!(
            without_redundant_targets(text, &imports),
            "See [`Chunk`], [`Chunk::Text`], [`Other`](crate::models::Other), \
             [`Chunk`](crate::operations::Chunk) and [`x`]."
        );
    }
}
