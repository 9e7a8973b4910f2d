//! `x-speakeasy-pagination`: which parameters page a list operation and where its response holds
//! the items and the next cursor, checked against the operation once every type is known.
//!
//! A pagination the generator cannot follow (a parameter the operation lacks, an output path
//! that is not a plain `$.a.b`, a response that is not an object with an array there) is reported
//! as a warning at the extension's location, and the operation is generated without it.

use std::collections::HashMap;

use super::Warnings;
use super::extensions::{self, RawPagination};
use crate::diagnostics::{Diagnostic, join_pointer};
use crate::ir::{Api, Operation, Pagination, PaginationKind, TypeDef, TypeKind, TypeRef, is_json};
use crate::load::Document;

/// Resolves the pagination of every operation of `api` that declares one.
pub fn resolve(api: &mut Api, document: &Document, warnings: &mut Warnings) {
    let types: HashMap<String, TypeDef> = api
        .types
        .iter()
        .map(|ty| (ty.name.clone(), ty.clone()))
        .collect();
    for group in &mut api.groups {
        for operation in &mut group.operations {
            let Some(raw) = spec_operation(document, operation)
                .and_then(|spec| extensions::pagination(&spec.extensions))
            else {
                continue;
            };
            let pointer = join_pointer(&operation.source, "x-speakeasy-pagination");
            let checker = Checker {
                document,
                types: &types,
                operation,
                pointer: &pointer,
            };
            let resolved = match raw {
                Ok(raw) => checker.pagination(&raw),
                Err(err) => Err(checker.warning("", &format!("invalid pagination: {err}"))),
            };
            match resolved {
                Ok(pagination) => operation.pagination = Some(pagination),
                Err(warning) => warnings.push(warning),
            }
        }
    }
}

/// The spec's operation an IR operation was lowered from.
fn spec_operation<'a>(
    document: &'a Document,
    operation: &Operation,
) -> Option<&'a openapiv3::Operation> {
    let openapiv3::ReferenceOr::Item(item) = document.api.paths.paths.get(&operation.path)? else {
        return None;
    };
    item.iter()
        .find(|(method, _)| method.eq_ignore_ascii_case(&operation.method))
        .map(|(_, spec)| spec)
}

struct Checker<'a> {
    document: &'a Document,
    types: &'a HashMap<String, TypeDef>,
    operation: &'a Operation,
    pointer: &'a str,
}

impl Checker<'_> {
    fn warning(&self, at: &str, message: &str) -> Diagnostic {
        let pointer = if at.is_empty() {
            self.pointer.to_owned()
        } else {
            format!("{}/{at}", self.pointer)
        };
        self.document.diagnostic(
            &pointer,
            format!(
                "{message}; `{}` is generated without pagination",
                self.operation.id
            ),
        )
    }

    fn pagination(&self, raw: &RawPagination) -> Result<Pagination, Diagnostic> {
        let kind = match raw.kind.as_str() {
            "offsetLimit" => PaginationKind::OffsetLimit,
            "cursor" => PaginationKind::Cursor,
            other => {
                return Err(self.warning(
                    "type",
                    &format!(
                        "pagination type `{other}` is not supported (only `offsetLimit` and `cursor`)"
                    ),
                ));
            }
        };
        let (mut offset, mut limit, mut cursor) = (None, None, None);
        for (index, input) in raw.inputs.iter().enumerate() {
            let at = format!("inputs/{index}");
            if input.location != "parameters" {
                return Err(self.warning(
                    &format!("{at}/in"),
                    &format!(
                        "pagination inputs in `{}` are not supported (only `parameters`)",
                        input.location
                    ),
                ));
            }
            let slot = match (kind, input.kind.as_str()) {
                (PaginationKind::OffsetLimit, "offset") => &mut offset,
                (PaginationKind::OffsetLimit, "limit") => &mut limit,
                (PaginationKind::Cursor, "cursor") => &mut cursor,
                (_, other) => {
                    return Err(self.warning(
                        &format!("{at}/type"),
                        &format!("input type `{other}` is not supported with `{}`", raw.kind),
                    ));
                }
            };
            let Some(parameter) = self
                .operation
                .parameters
                .iter()
                .find(|p| p.wire_name == input.name && p.global.is_none())
            else {
                return Err(self.warning(
                    &format!("{at}/name"),
                    &format!("the operation has no parameter `{}`", input.name),
                ));
            };
            let integer = matches!(parameter.ty, TypeRef::Integer { .. });
            if input.kind != "cursor" && !integer {
                return Err(self.warning(
                    &format!("{at}/name"),
                    &format!(
                        "the {} parameter `{}` is not an integer",
                        input.kind, input.name
                    ),
                ));
            }
            if input.kind == "cursor" && !(integer || parameter.ty == TypeRef::String) {
                return Err(self.warning(
                    &format!("{at}/name"),
                    &format!(
                        "the cursor parameter `{}` is neither a string nor an integer",
                        input.name
                    ),
                ));
            }
            *slot = Some(input.name.clone());
        }
        let missing = match kind {
            PaginationKind::OffsetLimit if offset.is_none() => Some("an `offset`"),
            PaginationKind::Cursor if cursor.is_none() => Some("a `cursor`"),
            _ => None,
        };
        if let Some(missing) = missing {
            return Err(self.warning("inputs", &format!("{missing} input is required")));
        }
        let body = self.body_type()?;
        let Some(results) = raw.outputs.results.as_deref() else {
            return Err(self.warning("outputs", "`outputs.results` is required"));
        };
        let results_path = self.path("outputs/results", results)?;
        let item = match self.resolve(body, &results_path, "outputs/results")? {
            TypeRef::Array { items } => (*items).clone(),
            _ => {
                return Err(self.warning(
                    "outputs/results",
                    &format!("`{results}` is not an array in the response"),
                ));
            }
        };
        let next_cursor = match (kind, raw.outputs.next_cursor.as_deref()) {
            (PaginationKind::Cursor, None) => {
                return Err(self.warning("outputs", "`outputs.nextCursor` is required"));
            }
            (PaginationKind::Cursor, Some(next)) => {
                let path = self.path("outputs/nextCursor", next)?;
                let ty = self.resolve(body, &path, "outputs/nextCursor")?;
                let parameter = self
                    .operation
                    .parameters
                    .iter()
                    .find(|p| Some(&p.wire_name) == cursor.as_ref())
                    .map(|p| &p.ty);
                if parameter != Some(&ty) {
                    return Err(self.warning(
                        "outputs/nextCursor",
                        &format!("`{next}` does not have the type of the cursor parameter"),
                    ));
                }
                Some(path)
            }
            (PaginationKind::OffsetLimit, _) => None,
        };
        Ok(Pagination {
            kind,
            offset,
            limit,
            cursor,
            results: results_path,
            next_cursor,
            item,
        })
    }

    /// The JSON body of the first success response that has one; a page must be of one type, so
    /// an operation whose successes differ (an outcome) cannot page.
    fn body_type(&self) -> Result<&TypeRef, Diagnostic> {
        if self.operation.outcome_type.is_some() {
            return Err(self.warning(
                "",
                "the operation's success responses differ (or include a redirect), so a page has no single type",
            ));
        }
        self.operation
            .responses
            .iter()
            .find(|response| response.ty.is_some())
            .filter(|response| response.content_type.as_deref().is_some_and(is_json))
            .and_then(|response| response.ty.as_ref())
            .ok_or_else(|| self.warning("", "the operation has no JSON success response"))
    }

    fn path(&self, at: &str, path: &str) -> Result<Vec<String>, Diagnostic> {
        extensions::property_path(path).ok_or_else(|| {
            self.warning(
                at,
                &format!("`{path}` is not a simple path (`$` or `$.name.name`)"),
            )
        })
    }

    /// The type at `path` inside `ty`, through objects (and aliases of them).
    fn resolve(&self, ty: &TypeRef, path: &[String], at: &str) -> Result<TypeRef, Diagnostic> {
        let mut current = self.unalias(ty);
        for (depth, name) in path.iter().enumerate() {
            let shown = format!("$.{}", path[..=depth].join("."));
            let fields = match &current {
                TypeRef::Named { name } => match self.types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Object { fields, .. }) => fields,
                    Some(TypeKind::Union { .. }) => {
                        return Err(self.warning(
                            at,
                            &format!(
                                "`{}` is the union `{name}`: paging through unions is not supported",
                                if depth == 0 { "$".to_owned() } else { format!("$.{}", path[..depth].join(".")) }
                            ),
                        ));
                    }
                    _ => {
                        return Err(self.warning(
                            at,
                            &format!("the response has no property `{shown}` (not an object)"),
                        ));
                    }
                },
                _ => {
                    return Err(self.warning(
                        at,
                        &format!("the response has no property `{shown}` (not an object)"),
                    ));
                }
            };
            let Some(field) = fields.iter().find(|field| &field.wire_name == name) else {
                return Err(self.warning(at, &format!("the response has no property `{shown}`")));
            };
            current = self.unalias(&field.ty);
        }
        Ok(current)
    }

    fn unalias(&self, ty: &TypeRef) -> TypeRef {
        let mut current = ty.clone();
        for _ in 0..32 {
            match &current {
                TypeRef::Named { name } => match self.types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Alias { target }) => current = target.clone(),
                    _ => break,
                },
                _ => break,
            }
        }
        current
    }
}
