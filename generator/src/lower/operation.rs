//! Operations: parameters, request body and responses, each resolved and typed.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Operation as SpecOperation, ParameterSchemaOrContent, ReferenceOr, StatusCode,
};

use super::schema::{Context, TypeSpace};
use super::{Lowerer, extensions, operation_names, refs};
use crate::diagnostics::{Result, join_pointer};
use crate::ir::{
    ErrorDef, ErrorResponse, EventStream, Name, Operation, OperationExample, Parameter,
    ParameterLocation, ParameterStyle, StatusMatch, SuccessResponse, TypeOrigin, TypeRef,
    is_event_stream, is_json,
};
use crate::naming::pascal;

/// One operation as found in `paths`, with the path-level parameters.
pub struct Source<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub operation: &'a SpecOperation,
    pub path_parameters: &'a [ReferenceOr<openapiv3::Parameter>],
    pub pointer: String,
}

impl Lowerer<'_> {
    /// Lowers one operation; its hoisted types go into `types`, its error types into `self.errors`.
    pub(super) fn operation(
        &mut self,
        source: &Source<'_>,
        types: &mut TypeSpace<'_>,
    ) -> Result<Operation> {
        let spec = source.operation;
        let id =
            operation_names::operation_id(spec.operation_id.as_deref(), source.method, source.path);
        let id = self
            .operation_ids
            .unique(id, self.document, &source.pointer, &mut self.warnings);
        let name = Name::new(extensions::name_override(&spec.extensions).unwrap_or(&id));
        let type_prefix = pascal(&id);
        // The operation's own types are named before anything inline can take the names.
        let request_type = types.reserve(&format!("{type_prefix}Request"));
        let error_type = types.reserve(&format!("{type_prefix}Error"));
        let context = Context {
            base: type_prefix.clone(),
            origin: TypeOrigin::Operation {
                operation_id: id.clone(),
            },
        };
        let parameters = self.parameters(source, &context, types)?;
        self.check_path_template(source, &parameters);
        let request_body = self.request_body(source, &context, types)?;
        let (mut responses, errors) = self.responses(source, &context, types)?;
        let outcome_type =
            outcome(&mut responses).then(|| types.reserve(&format!("{type_prefix}Outcome")));
        let accept = accept(&responses, &errors);
        let retries = extensions::retries(self.document, &spec.extensions, &source.pointer)?;
        let authenticated = self.auth.is_some()
            && spec
                .security
                .as_ref()
                .or(self.document.api.security.as_ref())
                .is_some_and(|security| !security.is_empty());
        Ok(Operation {
            request_type,
            error_type,
            id,
            name,
            type_prefix,
            method: source.method.to_ascii_uppercase(),
            path: source.path.to_owned(),
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            deprecated: spec.deprecated,
            source: source.pointer.clone(),
            parameters,
            request_body,
            responses,
            outcome_type,
            errors,
            retries,
            authenticated,
            accept,
            // Resolved once every type is known (`pagination`).
            pagination: None,
            // Filled in once every type is known (`examples`).
            example: OperationExample::default(),
        })
    }

    fn parameters(
        &mut self,
        source: &Source<'_>,
        context: &Context,
        types: &mut TypeSpace<'_>,
    ) -> Result<Vec<Parameter>> {
        let path_pointer = source
            .pointer
            .rsplit_once('/')
            .map(|(path, _)| path)
            .unwrap_or_default();
        let inherited = source.path_parameters.iter().enumerate().map(|(i, p)| {
            (
                p,
                join_pointer(&join_pointer(path_pointer, "parameters"), &i.to_string()),
            )
        });
        let own = source
            .operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p,
                    join_pointer(&join_pointer(&source.pointer, "parameters"), &i.to_string()),
                )
            });
        let mut parameters: Vec<Parameter> = Vec::new();
        for (item, pointer) in inherited.chain(own) {
            let (parameter, _) = refs::resolve(self.document, item, &pointer)?;
            let data = parameter.parameter_data_ref();
            if extensions::is_ignored(&data.extensions) {
                continue;
            }
            let Placement {
                location,
                style,
                explode,
            } = placement(parameter);
            let (ty, schema_sensitive) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let hint = format!("{}{}", context.base, pascal(&data.name));
                    let lowered = types.lower(
                        schema,
                        &join_pointer(&pointer, "schema"),
                        &hint,
                        context,
                        &mut self.warnings,
                    )?;
                    (lowered.ty, lowered.sensitive)
                }
                ParameterSchemaOrContent::Content(_) => (TypeRef::String, false),
            };
            let name = Name::new(extensions::name_override(&data.extensions).unwrap_or(&data.name));
            let global = self
                .globals
                .iter()
                .find(|global| global.wire_name == data.name && global.location == location)
                .map(|global| global.name.clone());
            let parameter = Parameter {
                name,
                wire_name: data.name.clone(),
                location,
                style,
                explode,
                required: data.required,
                description: data.description.clone(),
                ty,
                example: parameter_example(data),
                global,
                sensitive: schema_sensitive || extensions::is_sensitive(&data.extensions),
            };
            // An operation's own parameter replaces a path-level one of the same name and place.
            parameters.retain(|p| {
                !(p.wire_name == parameter.wire_name && p.location == parameter.location)
            });
            parameters.push(parameter);
        }
        // The same name in two places (`id` in the path and the query) gets the place added.
        let mut taken = std::collections::HashSet::new();
        for parameter in &mut parameters {
            if !taken.insert(parameter.name.snake.clone()) {
                let location = format!("{:?}", parameter.location).to_lowercase();
                parameter.name = Name::new(&format!("{} {location}", parameter.name.original));
                taken.insert(parameter.name.snake.clone());
            }
        }
        Ok(parameters)
    }

    /// Warns about `{name}`s in the path that no path parameter declares: they stay as written.
    fn check_path_template(&mut self, source: &Source<'_>, parameters: &[Parameter]) {
        let declared = |name: &str| {
            parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire_name == name)
        };
        for segment in source.path.split('{').skip(1) {
            let Some((name, _)) = segment.split_once('}') else {
                continue;
            };
            if !declared(name) {
                self.warnings.push(self.document.diagnostic(
                    &source.pointer,
                    format!("the path has `{{{name}}}` but no path parameter `{name}`; it is sent as written"),
                ));
            }
        }
        for parameter in parameters {
            let placeholder = format!("{{{}}}", parameter.wire_name);
            if parameter.location == ParameterLocation::Path && !source.path.contains(&placeholder)
            {
                self.warnings.push(self.document.diagnostic(
                    &source.pointer,
                    format!(
                        "the path parameter `{}` is not in the path `{}`; it is never sent",
                        parameter.wire_name, source.path
                    ),
                ));
            }
        }
    }

    fn responses(
        &mut self,
        source: &Source<'_>,
        context: &Context,
        types: &mut TypeSpace<'_>,
    ) -> Result<(Vec<SuccessResponse>, Vec<ErrorResponse>)> {
        let spec = &source.operation.responses;
        let pointer = join_pointer(&source.pointer, "responses");
        let mut all: Vec<(StatusMatch, &ReferenceOr<openapiv3::Response>, String)> = spec
            .responses
            .iter()
            .map(|(status, response)| {
                let status_match = match status {
                    StatusCode::Code(code) => StatusMatch::Code { code: *code },
                    StatusCode::Range(class) => StatusMatch::Class {
                        class: *class as u8,
                    },
                };
                (
                    status_match,
                    response,
                    join_pointer(&pointer, &status.to_string()),
                )
            })
            .collect();
        if let Some(default) = &spec.default {
            all.push((
                StatusMatch::Default,
                default,
                join_pointer(&pointer, "default"),
            ));
        }
        all.sort_by_key(|(status, ..)| specificity(status));
        // With no success response listed, `default` describes the successes too.
        let default_is_success = !all.iter().any(|(status, ..)| is_success(status));
        let mut successes = Vec::new();
        let mut errors = Vec::new();
        for (status, item, response_pointer) in all {
            let (response, component) = refs::resolve(self.document, item, &response_pointer)?;
            let content = pick_content(&response.content);
            let content_type = content.map(|(content_type, _)| content_type.to_owned());
            let example = content.and_then(|(_, media)| media_example(media));
            if is_success(&status) || (status == StatusMatch::Default && default_is_success) {
                let hint = match successes.len() {
                    0 => format!("{}Response", context.base),
                    n => format!("{}Response{}", context.base, n + 1),
                };
                let ty = self.body_type(content, &response_pointer, &hint, context, types)?;
                let stream = self.event_stream(
                    source,
                    &response.content,
                    &response_pointer,
                    context,
                    types,
                )?;
                successes.push(SuccessResponse {
                    status,
                    content_type,
                    ty,
                    description: response.description.clone(),
                    example,
                    content_types: response.content.keys().cloned().collect(),
                    stream,
                    // Named once every success is known (`outcome`).
                    variant: None,
                });
            } else {
                let error = self.error_type(
                    &status,
                    content,
                    component.as_deref(),
                    &response_pointer,
                    &response.description,
                    context,
                    types,
                )?;
                errors.push(ErrorResponse {
                    status,
                    content_type,
                    error,
                    description: response.description.clone(),
                    example,
                });
            }
        }
        Ok((successes, errors))
    }

    /// The event stream a success response offers (`text/event-stream`), with the type of its
    /// events' data, its sentinel and the request field that asks for it.
    fn event_stream(
        &mut self,
        source: &Source<'_>,
        content: &IndexMap<String, MediaType>,
        pointer: &str,
        context: &Context,
        types: &mut TypeSpace<'_>,
    ) -> Result<Option<EventStream>> {
        let Some((content_type, media)) = content
            .iter()
            .find(|(content_type, _)| is_event_stream(content_type))
        else {
            return Ok(None);
        };
        let media_pointer = join_pointer(&join_pointer(pointer, "content"), content_type);
        let hint = format!("{}StreamEvent", context.base);
        let ty = match &media.schema {
            // Without a schema, each event's data is text.
            None => TypeRef::String,
            Some(schema) => {
                let schema_pointer = join_pointer(&media_pointer, "schema");
                // Speakeasy's convention: the schema describes a whole event (`data`, `event`,
                // `id`, `retry`); the events' type is that of its `data`.
                let (resolved, resolved_pointer) = match schema {
                    ReferenceOr::Reference { reference } => {
                        let (resolved, name) =
                            refs::schema(self.document, reference, &schema_pointer)?;
                        (resolved, refs::schema_pointer(&name))
                    }
                    ReferenceOr::Item(resolved) => (resolved, schema_pointer.clone()),
                };
                let data = match &resolved.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
                        object.properties.get("data")
                    }
                    _ => None,
                };
                match data {
                    Some(data) => {
                        let data_pointer =
                            join_pointer(&join_pointer(&resolved_pointer, "properties"), "data");
                        types
                            .lower(data, &data_pointer, &hint, context, &mut self.warnings)?
                            .ty
                    }
                    None => {
                        types
                            .lower(schema, &schema_pointer, &hint, context, &mut self.warnings)?
                            .ty
                    }
                }
            }
        };
        Ok(Some(EventStream {
            content_type: content_type.clone(),
            ty,
            sentinel: extensions::sse_sentinel(&media.extensions).map(str::to_owned),
            request_field: self.stream_request_field(source)?,
            example: media_example(media),
            // Resolved once every type is known (`streams`).
            error: None,
        }))
    }

    /// `x-speakeasy-stream-request-field`, when it names a property of the JSON request body
    /// (else it is dropped with a warning).
    fn stream_request_field(&mut self, source: &Source<'_>) -> Result<Option<String>> {
        let Some(field) = extensions::stream_request_field(&source.operation.extensions) else {
            return Ok(None);
        };
        let pointer = join_pointer(&source.pointer, "x-speakeasy-stream-request-field");
        let body = match &source.operation.request_body {
            Some(item) => Some(
                refs::resolve(
                    self.document,
                    item,
                    &join_pointer(&source.pointer, "requestBody"),
                )?
                .0,
            ),
            None => None,
        };
        let schema = body
            .and_then(|body| pick_content(&body.content))
            .filter(|(content_type, _)| is_json(content_type))
            .and_then(|(_, media)| media.schema.as_ref());
        let found = match schema {
            Some(schema) => self.has_property(schema, field, &pointer, 0)?,
            None => false,
        };
        if found {
            return Ok(Some(field.to_owned()));
        }
        self.warnings.push(self.document.diagnostic(
            &pointer,
            format!(
                "`{field}` is not a property of the JSON request body; the streaming call cannot set it"
            ),
        ));
        Ok(None)
    }

    /// Whether the object `schema` (or one of its `allOf` members) has the property `name`.
    fn has_property(
        &self,
        schema: &ReferenceOr<openapiv3::Schema>,
        name: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<bool> {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                refs::schema(self.document, reference, pointer)?.0
            }
            ReferenceOr::Item(schema) => schema,
        };
        Ok(match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
                object.properties.contains_key(name)
            }
            openapiv3::SchemaKind::AllOf { all_of } if depth < 8 => {
                let mut found = false;
                for member in all_of {
                    found = found || self.has_property(member, name, pointer, depth + 1)?;
                }
                found
            }
            _ => false,
        })
    }

    pub(super) fn body_type(
        &mut self,
        content: Option<(&str, &MediaType)>,
        pointer: &str,
        hint: &str,
        context: &Context,
        types: &mut TypeSpace<'_>,
    ) -> Result<Option<TypeRef>> {
        let Some((content_type, media)) = content else {
            return Ok(None);
        };
        if !is_json(content_type) {
            let text = crate::ir::is_text(content_type);
            return Ok(Some(if text {
                TypeRef::String
            } else {
                TypeRef::Binary
            }));
        }
        let Some(schema) = &media.schema else {
            return Ok(Some(TypeRef::Any));
        };
        let pointer = join_pointer(
            &join_pointer(&join_pointer(pointer, "content"), content_type),
            "schema",
        );
        Ok(Some(
            types
                .lower(schema, &pointer, hint, context, &mut self.warnings)?
                .ty,
        ))
    }

    /// The error type of an error response: named after its schema (`BadRequestResponse` gives
    /// `BadRequestResponseError`), else its response component, else the operation and status.
    #[allow(clippy::too_many_arguments)]
    fn error_type(
        &mut self,
        status: &StatusMatch,
        content: Option<(&str, &MediaType)>,
        component: Option<&str>,
        pointer: &str,
        description: &str,
        context: &Context,
        types: &mut TypeSpace<'_>,
    ) -> Result<String> {
        let schema_name = match content.and_then(|(_, media)| media.schema.as_ref()) {
            Some(ReferenceOr::Reference { reference }) => {
                Some(refs::schema(self.document, reference, pointer)?.1)
            }
            _ => None,
        };
        let status_text = match status {
            StatusMatch::Default => "Default".to_owned(),
            other => other.text(),
        };
        let base = schema_name
            .as_deref()
            .map(pascal)
            .or_else(|| component.map(pascal))
            .unwrap_or_else(|| format!("{}{status_text}Response", context.base));
        // Only JSON error bodies are decoded; any other body is kept raw.
        let json = content.filter(|(content_type, _)| is_json(content_type));
        let body = self.body_type(json, pointer, &base, context, types)?;
        let name = if base.ends_with("Error") {
            base.clone()
        } else {
            format!("{base}Error")
        };
        Ok(self.register_error(name, body, description, types))
    }

    /// Adds an error type, or finds the one wanted under the same name with the same body.
    fn register_error(
        &mut self,
        name: String,
        body: Option<TypeRef>,
        description: &str,
        types: &mut TypeSpace<'_>,
    ) -> String {
        let existing = self
            .error_names
            .iter()
            .find(|(wanted, known, _)| *wanted == name && *known == body);
        if let Some((_, _, actual)) = existing {
            return actual.clone();
        }
        let candidate = types.reserve(&name);
        self.error_names
            .push((name, body.clone(), candidate.clone()));
        let short = candidate
            .trim_end_matches("Error")
            .trim_end_matches("Response");
        self.errors.push(ErrorDef {
            short_name: if short.is_empty() {
                candidate.clone()
            } else {
                short.to_owned()
            },
            name: candidate.clone(),
            description: Some(description.to_owned()).filter(|d| !d.is_empty()),
            body,
        });
        candidate
    }
}

/// Where and how a parameter is sent.
pub(super) struct Placement {
    pub location: ParameterLocation,
    pub style: ParameterStyle,
    pub explode: bool,
}

/// The location, `style` and `explode` of a parameter, with OpenAPI's defaults: `form` for query
/// and cookie parameters, `simple` for path and header ones; `explode` is `true` for `form` only.
pub(super) fn placement(parameter: &openapiv3::Parameter) -> Placement {
    use openapiv3::{CookieStyle, HeaderStyle, PathStyle, QueryStyle};
    let (location, style) = match parameter {
        openapiv3::Parameter::Path { style, .. } => (
            ParameterLocation::Path,
            match style {
                PathStyle::Simple => ParameterStyle::Simple,
                PathStyle::Label => ParameterStyle::Label,
                PathStyle::Matrix => ParameterStyle::Matrix,
            },
        ),
        openapiv3::Parameter::Query { style, .. } => (
            ParameterLocation::Query,
            match style {
                QueryStyle::Form => ParameterStyle::Form,
                QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
                QueryStyle::DeepObject => ParameterStyle::DeepObject,
            },
        ),
        openapiv3::Parameter::Header {
            style: HeaderStyle::Simple,
            ..
        } => (ParameterLocation::Header, ParameterStyle::Simple),
        openapiv3::Parameter::Cookie {
            style: CookieStyle::Form,
            ..
        } => (ParameterLocation::Cookie, ParameterStyle::Form),
    };
    Placement {
        location,
        style,
        explode: parameter
            .parameter_data_ref()
            .explode
            .unwrap_or(style == ParameterStyle::Form),
    }
}

/// The content to read a body as: JSON when offered, else the first that is not an event stream
/// (a stream is carried apart, in [`EventStream`]), else the first.
pub(super) fn pick_content(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(content_type, _)| is_json(content_type))
        .or_else(|| {
            content
                .iter()
                .find(|(content_type, _)| !is_event_stream(content_type))
        })
        .or_else(|| content.first())
        .map(|(content_type, media)| (content_type.as_str(), media))
}

/// Whether the caller must be told which success arrived, and if so names each response's
/// variant. A documented `3XX` is never merged into the other successes (a redirect or a "not
/// modified" is not the resource), and neither are successes whose bodies differ.
fn outcome(successes: &mut [SuccessResponse]) -> bool {
    if successes.len() < 2 {
        return false;
    }
    let redirect = successes.iter().any(|response| match response.status {
        StatusMatch::Code { code } => (300..400).contains(&code),
        StatusMatch::Class { class } => class == 3,
        StatusMatch::Default => false,
    });
    if !redirect && !bodies_differ(successes) {
        return false;
    }
    for response in successes {
        response.variant = Some(Name::new(&variant_name(&response.status)));
    }
    true
}

/// Whether the success bodies are of different types. A response without a body fits beside
/// bodies that can be empty (`""`, no bytes, `null`).
fn bodies_differ(successes: &[SuccessResponse]) -> bool {
    let mut bodies = successes.iter().filter_map(|response| response.ty.as_ref());
    let Some(first) = bodies.next() else {
        return false;
    };
    let empty_fits = matches!(first, TypeRef::Any | TypeRef::Binary | TypeRef::String);
    bodies.any(|ty| ty != first)
        || (!empty_fits && successes.iter().any(|response| response.ty.is_none()))
}

/// The outcome variant of a success status: its reason phrase (`Ok`, `NotModified`), the class'
/// name (`Success` for `2XX`), else `Status<code>`.
fn variant_name(status: &StatusMatch) -> String {
    let reason = match status {
        StatusMatch::Code { code } => match code {
            100 => "Continue",
            101 => "Switching Protocols",
            102 => "Processing",
            103 => "Early Hints",
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "Non Authoritative Information",
            204 => "No Content",
            205 => "Reset Content",
            206 => "Partial Content",
            207 => "Multi Status",
            208 => "Already Reported",
            226 => "IM Used",
            300 => "Multiple Choices",
            301 => "Moved Permanently",
            302 => "Found",
            303 => "See Other",
            304 => "Not Modified",
            305 => "Use Proxy",
            307 => "Temporary Redirect",
            308 => "Permanent Redirect",
            _ => return format!("Status {code}"),
        },
        StatusMatch::Class { class: 1 } => "Informational",
        StatusMatch::Class { class: 2 } => "Success",
        StatusMatch::Class { class: 3 } => "Redirection",
        other => return format!("Status {}", other.text()),
    };
    reason.to_owned()
}

/// What the plain call's `Accept` header lists: the success responses' media types, else the
/// error responses'.
fn accept(successes: &[SuccessResponse], errors: &[ErrorResponse]) -> Vec<String> {
    let mut accept: Vec<String> = Vec::new();
    let mut add = |content_type: &Option<String>| {
        if let Some(content_type) = content_type
            && !accept.contains(content_type)
        {
            accept.push(content_type.clone());
        }
    };
    successes
        .iter()
        .for_each(|response| add(&response.content_type));
    if successes
        .iter()
        .all(|response| response.content_type.is_none())
    {
        errors
            .iter()
            .for_each(|response| add(&response.content_type));
    }
    accept
}

/// The parameter's `example`, else the first of its `examples`, else its inline schema's
/// `example` (a referenced schema's is the type's: see `examples`).
fn parameter_example(data: &openapiv3::ParameterData) -> Option<serde_json::Value> {
    let schema_example = || match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
            schema.schema_data.example.clone()
        }
        _ => None,
    };
    data.example
        .clone()
        .or_else(|| {
            data.examples.values().find_map(|example| match example {
                ReferenceOr::Item(example) => example.value.clone(),
                ReferenceOr::Reference { .. } => None,
            })
        })
        .or_else(schema_example)
}

pub(super) fn media_example(media: &MediaType) -> Option<serde_json::Value> {
    media.example.clone().or_else(|| {
        media.examples.values().find_map(|example| match example {
            ReferenceOr::Item(example) => example.value.clone(),
            ReferenceOr::Reference { .. } => None,
        })
    })
}

fn is_success(status: &StatusMatch) -> bool {
    match status {
        StatusMatch::Code { code } => *code < 400,
        StatusMatch::Class { class } => *class < 4,
        StatusMatch::Default => false,
    }
}

fn specificity(status: &StatusMatch) -> u8 {
    match status {
        StatusMatch::Code { .. } => 0,
        StatusMatch::Class { .. } => 1,
        StatusMatch::Default => 2,
    }
}
