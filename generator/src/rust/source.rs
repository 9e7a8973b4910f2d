//! Generated source files: tokens (`quote`) parsed by `syn` and printed by `prettyplease`, with
//! the generated types imported by name, `use`s sorted and items spaced as a person would.
//!
//! A big module (the models of 1,729 types, the functions of 10,000 operations) is rendered in
//! parts: its renderer gives a head (inner docs, `use`s, items about the whole API) and one
//! closure per part (a type, an operation). Each part is built, parsed, printed and dropped on its
//! own, on whichever thread is free, so no module is ever held as one token stream or one syntax
//! tree. The joined parts are the module printed whole, byte for byte: prettyplease ends every
//! item with a hard break, after which nothing depends on what came before.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::quote;
use rayon::prelude::*;
use syn::visit_mut::VisitMut;

use crate::diagnostics::{Error, Result};

/// A part of a module: its items, built when the part is printed (on any thread, and again in
/// the rare case that a name it imports turns out to be taken).
type Part<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// Words that the parts' code contains, of those a head built after the parts asks about.
pub type Words = BTreeSet<&'static str>;

/// What comes before the parts.
enum Head<'a> {
    Tokens(TokenStream),
    /// Built from the words the parts contain (`scan` finds them in a part's token text), for a
    /// head that imports or defines only what the parts use.
    AfterParts {
        scan: fn(&str, &mut Words),
        build: Box<dyn FnOnce(&Words) -> TokenStream + 'a>,
    },
}

/// A Rust source file to print.
pub struct Source<'a> {
    head: Head<'a>,
    parts: Vec<Part<'a>>,
    /// The generated module being written, whose types are in scope without a `use`.
    own: Option<&'static str>,
    /// The crate's name, for code outside the crate (tests, examples), where `crate` paths name
    /// it.
    outside_crate: Option<String>,
}

impl<'a> Source<'a> {
    /// A file of these items (the head), with inner docs first.
    pub fn new(head: TokenStream) -> Self {
        Self::with_head(Head::Tokens(head))
    }

    /// A file whose head is built after its parts, from the words `scan` finds in them.
    pub fn after_parts(
        scan: fn(&str, &mut Words),
        build: impl FnOnce(&Words) -> TokenStream + 'a,
    ) -> Self {
        Self::with_head(Head::AfterParts {
            scan,
            build: Box::new(build),
        })
    }

    fn with_head(head: Head<'a>) -> Self {
        Self {
            head,
            parts: Vec::new(),
            own: None,
            outside_crate: None,
        }
    }

    /// Adds parts after the head (and the parts added before), in order. A part should not start
    /// with a `use`: runs of `use`s are sorted within a part.
    #[must_use]
    pub fn parts<F>(mut self, parts: impl IntoIterator<Item = F>) -> Self
    where
        F: Fn() -> TokenStream + Send + Sync + 'a,
    {
        self.parts
            .extend(parts.into_iter().map(|part| Box::new(part) as Part<'a>));
        self
    }

    /// Adds one part.
    #[must_use]
    pub fn part(self, part: impl Fn() -> TokenStream + Send + Sync + 'a) -> Self {
        self.parts([part])
    }

    /// The file is the module `module` of the generated crate, whose types need no `use`.
    #[must_use]
    pub fn in_module(mut self, module: &'static str) -> Self {
        self.own = Some(module);
        self
    }

    /// The code is outside the crate `name` (its tests, an example): `crate` paths name the crate.
    #[must_use]
    pub fn outside_crate(mut self, name: &str) -> Self {
        self.outside_crate = Some(name.replace('-', "_"));
        self
    }

    /// Prints the file after `header` (`path` names it in errors).
    pub fn print(self, path: &str, header: &str) -> Result<String> {
        let Source {
            head,
            parts,
            own,
            outside_crate,
        } = self;
        let style = Style {
            path,
            outside_crate: outside_crate.as_deref(),
        };
        let scan = match &head {
            Head::AfterParts { scan, .. } => Some(*scan),
            Head::Tokens(_) => None,
        };
        let mut printed = in_order(
            parts
                .par_iter()
                .map(|part| style.part(part, scan, &HashSet::new())),
        )?;
        let head = match head {
            Head::Tokens(tokens) => tokens,
            Head::AfterParts { build, .. } => {
                let words = printed.iter().flat_map(|part| &part.words).copied();
                build(&words.collect())
            }
        };
        let mut head = style.head(head, &HashSet::new())?;
        let taken: HashSet<String> = printed
            .iter()
            .flat_map(|part| &part.names.uses)
            .chain(&head.names.uses)
            .cloned()
            .collect();
        // A name that another part (or the head) imports from elsewhere keeps its path: such a
        // part is printed again, knowing every name in use. Generated code seldom has one.
        for (part, printed) in parts.iter().zip(&mut printed) {
            if printed.names.clash_with(&taken) {
                *printed = style.part(part, None, &taken)?;
            }
        }
        if head.names.clash_with(&taken) {
            head = style.head(head.tokens, &taken)?;
        }
        let imports: Imports = printed
            .iter()
            .flat_map(|part| &part.names.imports)
            .chain(&head.names.imports)
            .cloned()
            .collect();
        let mut file = head.file;
        insert_imports(&mut file.items, &imports, own, style.outside_crate);
        sort_uses(&mut file.items);
        let mut spacer = Spacer::default();
        let size = printed.iter().map(|part| part.text.len()).sum::<usize>();
        let mut text = String::with_capacity(header.len() + size + size / 16);
        text.push_str(header);
        let head = prettyplease::unparse(&file);
        drop(file);
        spacer.push(&without_redundant_links(&head, &imports), &mut text);
        for part in printed {
            spacer.push(&without_redundant_links(&part.text, &imports), &mut text);
        }
        Ok(text)
    }
}

/// The values of `results`, or the error that comes first in their order (rayon's own
/// `collect` into a `Result` returns whichever error it meets first).
pub fn in_order<T: Send>(
    results: impl IndexedParallelIterator<Item = Result<T>>,
) -> Result<Vec<T>> {
    results.collect::<Vec<_>>().into_iter().collect()
}

/// How the parts of one file are printed.
struct Style<'s> {
    path: &'s str,
    outside_crate: Option<&'s str>,
}

/// A part printed.
struct Printed {
    text: String,
    names: Names,
    /// What the head asked `scan` about that the part's code contains.
    words: Words,
}

/// The head parsed and its paths shortened, to be printed once the imports are known.
struct PrintedHead {
    tokens: TokenStream,
    file: syn::File,
    names: Names,
}

/// `(module, type)` of each shortened `crate::<module>::<type>` path.
type Imports = BTreeSet<(&'static str, String)>;

/// The generated types a piece of code refers to by name, and the names its `use`s import.
#[derive(Default)]
struct Names {
    imports: Imports,
    /// Every name in its `use` items, at any depth (`use serde_json::Value;` in a function gives
    /// `serde_json` and `Value`).
    uses: HashSet<String>,
}

impl Names {
    /// Whether a type this code imports is a name that some `use` takes.
    fn clash_with(&self, taken: &HashSet<String>) -> bool {
        self.imports.iter().any(|(_, name)| taken.contains(name))
    }
}

impl Style<'_> {
    /// Parses `tokens` and shortens their paths, except to types named as one of `taken`.
    fn shortened(
        &self,
        tokens: TokenStream,
        taken: &HashSet<String>,
    ) -> Result<(syn::File, Names)> {
        let mut file: syn::File = syn::parse2(tokens).map_err(|err| Error::Render {
            file: self.path.to_owned(),
            message: err.to_string(),
        })?;
        let mut shortener = Shortener {
            taken,
            outside_crate: self
                .outside_crate
                .map(|name| Ident::new(name, Span::call_site())),
            names: Names::default(),
        };
        shortener.visit_file_mut(&mut file);
        Ok((file, shortener.names))
    }

    /// [`shortened`](Self::shortened), where code that `use`s a name it would also import keeps
    /// that type's path: `tokens` gives the code again for a second try.
    fn shortened_apart(
        &self,
        mut tokens: impl FnMut() -> TokenStream,
        taken: &HashSet<String>,
    ) -> Result<(syn::File, Names)> {
        let (file, names) = self.shortened(tokens(), taken)?;
        if !names.clash_with(&names.uses) {
            return Ok((file, names));
        }
        let mut taken = taken.clone();
        taken.extend(names.uses);
        self.shortened(tokens(), &taken)
    }

    fn part(
        &self,
        part: &Part<'_>,
        scan: Option<fn(&str, &mut Words)>,
        taken: &HashSet<String>,
    ) -> Result<Printed> {
        let mut words = Words::new();
        let (mut file, names) = self.shortened_apart(
            || {
                let tokens = part();
                if let Some(scan) = scan {
                    scan(&tokens.to_string(), &mut words);
                }
                tokens
            },
            taken,
        )?;
        sort_uses(&mut file.items);
        Ok(Printed {
            text: prettyplease::unparse(&file),
            names,
            words,
        })
    }

    fn head(&self, tokens: TokenStream, taken: &HashSet<String>) -> Result<PrintedHead> {
        let (file, names) = self.shortened_apart(|| tokens.clone(), taken)?;
        Ok(PrintedHead {
            tokens,
            file,
            names,
        })
    }
}

/// The modules whose types are imported by name rather than written as paths.
const TYPE_MODULES: &[&str] = &["models", "operations"];

/// Replaces every `crate::models::X` and `crate::operations::X` path with `X`, recording `X`,
/// except where the code imports another `X` (`std::time::Duration`, `serde_json::Value`): a spec
/// type of that name keeps its path, so that the two never meet in one scope. Outside the crate,
/// `crate` then becomes the crate's name.
struct Shortener<'t> {
    taken: &'t HashSet<String>,
    outside_crate: Option<Ident>,
    names: Names,
}

impl VisitMut for Shortener<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some((module, name)) =
            generated_type(path).filter(|(_, name)| !self.taken.contains(&name.to_string()))
        {
            self.names.imports.insert((module, name.to_string()));
            let segments = std::mem::take(&mut path.segments);
            path.segments = segments.into_iter().skip(2).collect();
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        use_names(&item.tree, &mut self.names.uses);
        syn::visit_mut::visit_item_use_mut(self, item);
    }

    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some(name) = &self.outside_crate
            && ident == "crate"
        {
            *ident = name.clone();
        }
    }

    /// Macro arguments and attributes are tokens to syn: their paths are found token by token.
    fn visit_token_stream_mut(&mut self, tokens: &mut TokenStream) {
        *tokens = self.tokens(std::mem::take(tokens));
    }
}

impl Shortener<'_> {
    fn tokens(&mut self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(trees.len());
        let mut index = 0;
        while index < trees.len() {
            if let Some((module, name)) = generated_type_tokens(&trees[index..])
                .filter(|(_, name)| !self.taken.contains(&name.to_string()))
            {
                self.names.imports.insert((module, name.to_string()));
                out.push(TokenTree::Ident(name));
                index += 7;
                continue;
            }
            out.push(match &trees[index] {
                TokenTree::Group(group) => {
                    let mut shortened =
                        proc_macro2::Group::new(group.delimiter(), self.tokens(group.stream()));
                    shortened.set_span(group.span());
                    TokenTree::Group(shortened)
                }
                TokenTree::Ident(ident) => {
                    let mut ident = ident.clone();
                    self.visit_ident_mut(&mut ident);
                    TokenTree::Ident(ident)
                }
                other => other.clone(),
            });
            index += 1;
        }
        out.into_iter().collect()
    }
}

/// The module and the type of a path `crate::<module>::<Type>...`.
fn generated_type(path: &syn::Path) -> Option<(&'static str, Ident)> {
    if path.leading_colon.is_some() || path.segments.len() < 3 {
        return None;
    }
    let mut segments = path.segments.iter();
    let (root, module, name) = (segments.next()?, segments.next()?, segments.next()?);
    let plain = [root, module]
        .iter()
        .all(|segment| segment.arguments.is_none());
    let module = TYPE_MODULES
        .iter()
        .find(|candidate| module.ident == **candidate)?;
    (plain && root.ident == "crate").then(|| (*module, name.ident.clone()))
}

/// `crate :: <module> :: Name` at the start of `trees` (seven tokens).
fn generated_type_tokens(trees: &[TokenTree]) -> Option<(&'static str, Ident)> {
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
    let module = TYPE_MODULES
        .iter()
        .find(|candidate| *module == **candidate)?;
    (root == "crate" && colons).then(|| (*module, name.clone()))
}

/// Every name of a `use` tree.
fn use_names(tree: &syn::UseTree, names: &mut HashSet<String>) {
    match tree {
        syn::UseTree::Path(path) => {
            names.insert(path.ident.to_string());
            use_names(&path.tree, names);
        }
        syn::UseTree::Name(name) => {
            names.insert(name.ident.to_string());
        }
        syn::UseTree::Rename(rename) => {
            names.insert(rename.ident.to_string());
            names.insert(rename.rename.to_string());
        }
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| use_names(tree, names)),
        _ => {}
    }
}

/// Adds a `use` of the imported types of each module (but the file's own) after the leading
/// `use`s of `items`.
fn insert_imports(
    items: &mut Vec<syn::Item>,
    imports: &Imports,
    own: Option<&str>,
    outside_crate: Option<&str>,
) {
    let root = Ident::new(outside_crate.unwrap_or("crate"), Span::call_site());
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
            let tokens = match names.as_slice() {
                [] => return None,
                [single] => quote!(use #root::#module::#single;),
                _ => quote!(use #root::#module::{#(#names),*};),
            };
            syn::parse2::<syn::Item>(tokens).ok()
        });
    let leading = items
        .iter()
        .take_while(|item| {
            matches!(item, syn::Item::Use(item) if item.attrs.is_empty() && matches!(item.vis, syn::Visibility::Inherited))
        })
        .count();
    items.splice(leading..leading, uses.collect::<Vec<_>>());
}

/// Turns doc links to types now in scope, ``[`Name`](crate::models::Name)`` (or to their items,
/// ``[`Name::Variant`](crate::models::Name::Variant)``), into ``[`Name`]``: rustdoc rejects an
/// explicit target its label already resolves to. The module's own docs (`//!`) keep theirs. The
/// printed code is rewritten, which keeps its layout: prettyplease prints each doc line as it is.
fn without_redundant_links<'t>(code: &'t str, imports: &Imports) -> Cow<'t, str> {
    if !code.contains("](crate::") {
        return Cow::Borrowed(code);
    }
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !line.contains("](crate::") || trimmed.starts_with("//!") || trimmed.starts_with("#![") {
            out.push_str(line);
        } else {
            out.push_str(&without_redundant_targets(line, imports));
        }
    }
    Cow::Owned(out)
}

/// `text` with every ``[`label`](crate::<module>::label)`` whose first segment is imported from
/// `<module>` written as ``[`label`]``.
fn without_redundant_targets(text: &str, imports: &Imports) -> String {
    let imported = |module: &str, name: &str| {
        TYPE_MODULES
            .iter()
            .find(|candidate| **candidate == module)
            .is_some_and(|module| imports.contains(&(*module, name.to_owned())))
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let link = rest[2..].split_once("`](").and_then(|(label, after)| {
            let (target, _) = after.split_once(')')?;
            let (module, path) = target.strip_prefix("crate::")?.split_once("::")?;
            let first = label.split("::").next().unwrap_or_default();
            (path == label && imported(module, first))
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
/// line that starts an item and follows the end of another item at the same indentation. Text
/// comes in pieces of whole lines; the spacer remembers what it needs of the last piece.
#[derive(Default)]
struct Spacer {
    /// The last line so far.
    previous: Option<String>,
    /// The first line of the item that `previous` belongs to, at `previous`'s indentation.
    item_start: String,
}

impl Spacer {
    fn push(&mut self, code: &str, out: &mut String) {
        let mut previous = self.previous.as_deref();
        let mut item_start = None;
        for line in code.lines() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let starts_item = ITEM_STARTS.iter().any(|start| trimmed.starts_with(start));
            if let Some(before) = previous {
                let start = item_start.unwrap_or(self.item_start.as_str());
                if blank_between(before, start, line, starts_item, indent) {
                    out.push('\n');
                }
            }
            if starts_item
                && !trimmed.starts_with("///")
                && !trimmed.starts_with("#[")
                && indent == 0
            {
                item_start = Some(trimmed);
            }
            out.push_str(line);
            out.push('\n');
            previous = Some(line);
        }
        if let Some(start) = item_start {
            self.item_start = start.to_owned();
        }
        self.previous = previous.map(str::to_owned);
    }
}

/// Whether a blank line goes between the line `before` and `line`, where `item_start` began the
/// item `before` is in.
fn blank_between(
    before: &str,
    item_start: &str,
    line: &str,
    starts_item: bool,
    indent: usize,
) -> bool {
    let trimmed = line.trim_start();
    let before_trimmed = before.trim();
    let before_indent = before.len() - before.trim_start().len();
    let ends_item = !before_trimmed.starts_with("//")
        && (before_trimmed == "}"
            || before_trimmed.ends_with(';')
            || before_trimmed.ends_with("{}"));
    // Runs of `use` or of `mod` declarations stay together, `use`s in their groups (standard
    // library, other crates, this crate).
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
    let between_items = ends_item && starts_item && indent == before_indent && !both_uses;
    let inner_attribute_ends = before_trimmed.starts_with("#![") && !trimmed.starts_with("#![");
    let inner_docs_end = before_trimmed.starts_with("//!") && !trimmed.starts_with("//!");
    between_items || inner_attribute_ends || inner_docs_end
}

#[cfg(test)]
mod tests {
    use super::{Imports, without_redundant_targets};

    #[test]
    fn links_to_imported_types_lose_their_target_and_others_keep_it() {
        let imports = Imports::from([("models", "Chunk".to_owned())]);
        let text = "See [`Chunk`](crate::models::Chunk), [`Chunk::Text`](crate::models::Chunk::Text), \
                    [`Other`](crate::models::Other), [`Chunk`](crate::operations::Chunk) and [`x`].";
        assert_eq!(
            without_redundant_targets(text, &imports),
            "See [`Chunk`], [`Chunk::Text`], [`Other`](crate::models::Other), \
             [`Chunk`](crate::operations::Chunk) and [`x`]."
        );
    }
}
