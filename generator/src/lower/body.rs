//! Request bodies: every media type an operation accepts, each with its kind (JSON, form,
//! multipart, text, bytes), its type and, for forms and multipart, its `encoding`.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{MediaType, QueryStyle, ReferenceOr};

use super::operation::{Source, media_example, pick_content};
use super::schema::{Context, TypeSpace};
use super::{Lowerer, refs};
use crate::diagnostics::{Result, join_pointer};
use crate::ir::{
    BodyAlternative, BodyKind, EncodingStyle, Name, PropertyEncoding, RequestBody, TypeRef,
    body_kind, is_wildcard,
};
use crate::load::Document;

impl Lowerer<'_> {
    /// The operation's request body with every media type it offers, the default (JSON when
    /// offered) first.
    pub(super) fn request_body(
        &mut self,
        source: &Source<'_>,
        context: &Context,
        types: &mut TypeSpace<'_>,
    ) -> Result<Option<RequestBody>> {
        let Some(item) = &source.operation.request_body else {
            return Ok(None);
        };
        let pointer = join_pointer(&source.pointer, "requestBody");
        let (body, _) = refs::resolve(self.document, item, &pointer)?;
        let media_types = ordered(&body.content);
        if media_types.is_empty() {
            return Err(self.document.error(&pointer, "request body has no content"));
        }
        let several = media_types.len() > 1;
        // Reserved before the alternatives are lowered, so that none of their types takes it.
        let type_name = several.then(|| types.reserve(&format!("{}RequestBody", context.base)));
        let mut alternatives: Vec<BodyAlternative> = Vec::new();
        for (content_type, media) in media_types {
            let kind = body_kind(content_type);
            let name = alternative_name(kind, content_type, &alternatives);
            let hint = match several {
                true => format!("{}{}RequestBody", context.base, name.pascal),
                false => format!("{}RequestBody", context.base),
            };
            let media_pointer = join_pointer(&join_pointer(&pointer, "content"), content_type);
            let ty = self.request_body_type(
                kind,
                content_type,
                media,
                &media_pointer,
                &hint,
                context,
                types,
            )?;
            alternatives.push(BodyAlternative {
                name,
                content_type: content_type.to_owned(),
                kind,
                ty,
                example: media_example(media),
                encoding: encoding(kind, &media.encoding),
            });
        }
        let default = alternatives[0].clone();
        Ok(Some(RequestBody {
            content_type: default.content_type,
            ty: default.ty,
            required: body.required,
            description: body.description.clone(),
            example: default.example,
            kind: default.kind,
            encoding: default.encoding,
            alternatives,
            type_name,
        }))
    }

    /// The type of a body of this kind: the schema's for JSON, forms and multipart (any JSON
    /// value without one), a string for text, bytes otherwise (a file, which carries its media
    /// type, for a wildcard media type).
    #[allow(clippy::too_many_arguments)]
    fn request_body_type(
        &mut self,
        kind: BodyKind,
        content_type: &str,
        media: &MediaType,
        media_pointer: &str,
        hint: &str,
        context: &Context,
        types: &mut TypeSpace<'_>,
    ) -> Result<TypeRef> {
        Ok(match kind {
            BodyKind::Text => TypeRef::String,
            BodyKind::Binary if is_wildcard(content_type) => TypeRef::File,
            BodyKind::Binary => TypeRef::Binary,
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => {
                let Some(schema) = &media.schema else {
                    return Ok(TypeRef::Any);
                };
                let schema_pointer = join_pointer(media_pointer, "schema");
                if kind == BodyKind::Multipart {
                    types.files_under(schema_pointer.clone());
                }
                types
                    .lower(schema, &schema_pointer, hint, context, &mut self.warnings)?
                    .ty
            }
        })
    }
}

/// Marks the component schemas that multipart bodies refer to as holding files, before the
/// components are lowered (see [`TypeSpace::files_under`]). References that do not resolve are
/// skipped here and reported where the operation is lowered.
pub(super) fn mark_multipart_components(document: &Document, types: &mut TypeSpace<'_>) {
    let operations = document
        .api
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter().map(|(_, operation)| operation));
    for operation in operations {
        let Some(body) = operation
            .request_body
            .as_ref()
            .and_then(|item| refs::resolve(document, item, "").ok())
        else {
            continue;
        };
        for (content_type, media) in &body.0.content {
            if body_kind(content_type) != BodyKind::Multipart {
                continue;
            }
            if let Some(ReferenceOr::Reference { reference }) = &media.schema
                && let Ok((_, name)) = refs::schema(document, reference, "")
            {
                types.files_under(refs::schema_pointer(&name));
            }
        }
    }
}

/// The media types in the order the body is offered: the default ([`pick_content`]) first, then
/// the others in the spec's order.
fn ordered(content: &IndexMap<String, MediaType>) -> Vec<(&str, &MediaType)> {
    let Some(default) = pick_content(content) else {
        return Vec::new();
    };
    let mut media_types = vec![default];
    media_types.extend(
        content
            .iter()
            .map(|(content_type, media)| (content_type.as_str(), media))
            .filter(|(content_type, _)| *content_type != default.0),
    );
    media_types
}

/// `json`, `form`, `multipart`, `text` or `binary`; the media type itself when an earlier
/// alternative has the kind's name (two JSON media types, say).
fn alternative_name(kind: BodyKind, content_type: &str, earlier: &[BodyAlternative]) -> Name {
    let taken: HashSet<&str> = earlier
        .iter()
        .map(|alternative| alternative.name.snake.as_str())
        .collect();
    let by_kind = Name::new(match kind {
        BodyKind::Json => "json",
        BodyKind::Form => "form",
        BodyKind::Multipart => "multipart",
        BodyKind::Text => "text",
        BodyKind::Binary => "binary",
    });
    if taken.contains(by_kind.snake.as_str()) {
        let spelled: String = content_type
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        Name::new(spelled.trim())
    } else {
        by_kind
    }
}

/// The `encoding` entries of a form or multipart body, with the spec's defaults filled in; none
/// for other kinds, where `encoding` does not apply.
fn encoding(
    kind: BodyKind,
    entries: &IndexMap<String, openapiv3::Encoding>,
) -> Vec<PropertyEncoding> {
    if !matches!(kind, BodyKind::Form | BodyKind::Multipart) {
        return Vec::new();
    }
    entries
        .iter()
        .map(|(property, entry)| PropertyEncoding {
            property: property.clone(),
            content_type: entry.content_type.clone(),
            style: match entry.style {
                None | Some(QueryStyle::Form) => EncodingStyle::Form,
                Some(QueryStyle::SpaceDelimited) => EncodingStyle::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => EncodingStyle::PipeDelimited,
                Some(QueryStyle::DeepObject) => EncodingStyle::DeepObject,
            },
            // The loader writes out the default (`openapiv3` reads a missing one as `false`).
            explode: entry.explode,
        })
        .collect()
}
