//! Lowering: from the loaded OpenAPI document to the language-neutral [`ir::Api`](crate::ir::Api).
//!
//! This is the only stage that reads `openapiv3` types. It resolves references, applies the vendor
//! extensions, names every type and groups the operations.

mod body;
mod example_fit;
mod examples;
mod extensions;
mod incoming;
mod operation;
mod operation_names;
mod pagination;
mod refs;
mod schema;
mod sensitive;
mod streams;

use openapiv3::{ReferenceOr, SecurityScheme};

use crate::config::SdkConfig;
use crate::diagnostics::{Diagnostic, Result, escape_token, join_pointer};
use crate::ir::{Api, Auth, ErrorDef, Global, Group, Info, Name, Server, TypeRef};
use crate::load::Document;
use crate::naming::pascal;
use operation::Source;
use schema::{Context, TypeSpace};

/// Warnings collected while lowering: what was left out or degraded, and where.
pub type Warnings = Vec<Diagnostic>;

/// The lowered API and the warnings about it.
pub struct Lowered {
    pub api: Api,
    pub warnings: Warnings,
}

/// Lowers a loaded document into the IR.
pub fn lower(document: &Document, sdk: &SdkConfig) -> Result<Lowered> {
    let mut lowerer = Lowerer {
        document,
        auth: auth(document),
        globals: Vec::new(),
        errors: Vec::new(),
        error_names: Vec::new(),
        operation_ids: operation_names::OperationIds::default(),
        warnings: document.warnings.clone(),
    };
    let mut types = TypeSpace::new(document);
    lowerer.globals = lowerer.globals(&mut types, &sdk.examples)?;
    body::mark_multipart_components(document, &mut types);
    types.lower_components(&mut lowerer.warnings)?;
    let groups = lowerer.groups(&mut types)?;
    lowerer.incoming(&mut types)?;
    let retries = extensions::retries(document, &document.api.extensions, "")?;
    let servers = lowerer.servers();
    let mut errors = lowerer.errors;
    errors.sort_by(|a, b| a.name.cmp(&b.name));
    let mut api = Api {
        ir_version: crate::ir::IR_VERSION,
        sdk: crate::ir::Sdk {
            name: Name::new(&sdk.name),
            env_prefix: sdk.env_prefix.clone(),
            generator_version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        info: Info {
            title: document.api.info.title.clone(),
            version: document.api.info.version.clone(),
            description: document.api.info.description.clone(),
            openapi: document.openapi_version.clone(),
        },
        servers,
        auth: lowerer.auth,
        globals: lowerer.globals,
        retries,
        types: types.into_types(),
        errors,
        default_error: format!("{}DefaultError", sdk.name),
        groups,
    };
    sensitive::mark_configured(&mut api, sdk)?;
    example_fit::drop_misfits(&mut api, document, &mut lowerer.warnings);
    examples::add_operation_examples(&mut api);
    streams::resolve_errors(&mut api);
    pagination::resolve(&mut api, document, &mut lowerer.warnings);
    Ok(Lowered {
        api,
        warnings: lowerer.warnings,
    })
}

/// State shared by the lowering of all operations.
pub(crate) struct Lowerer<'a> {
    document: &'a Document,
    auth: Option<Auth>,
    globals: Vec<Global>,
    errors: Vec<ErrorDef>,
    /// The name each error type was wanted under, with its body: equal pairs share a type.
    error_names: Vec<(String, Option<TypeRef>, String)>,
    operation_ids: operation_names::OperationIds,
    warnings: Warnings,
}

impl Lowerer<'_> {
    /// Servers with their variables replaced by the variables' defaults. A relative URL cannot
    /// be a default: it is kept, with a warning that the SDK then needs a server URL set.
    fn servers(&mut self) -> Vec<Server> {
        let mut servers = Vec::new();
        for (index, server) in self.document.api.servers.iter().enumerate() {
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                self.warnings.push(self.document.diagnostic(
                    &format!("/servers/{index}/url"),
                    format!("server URL `{url}` is not absolute; SDK users must set a server URL (builder or environment)"),
                ));
            }
            let id = extensions::server_id(&server.extensions).map(str::to_owned);
            servers.push(Server {
                name: Name::new(id.as_deref().unwrap_or(&format!("server{}", index + 1))),
                url,
                description: server.description.clone(),
                id,
            });
        }
        servers
    }

    /// `x-speakeasy-globals`: parameters set once on the client. `examples` are the configured
    /// example values, by wire name, for globals the spec gives none for.
    fn globals(
        &mut self,
        types: &mut TypeSpace<'_>,
        examples: &std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Result<Vec<Global>> {
        let Some((items, pointer)) = extensions::globals(self.document)? else {
            return Ok(Vec::new());
        };
        let context = Context {
            base: String::new(),
            origin: crate::ir::TypeOrigin::Component,
        };
        let mut globals = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let pointer = join_pointer(&pointer, &index.to_string());
            let (parameter, _) = refs::resolve(self.document, item, &pointer)?;
            let data = parameter.parameter_data_ref();
            let location = operation::placement(parameter).location;
            let name = Name::new(extensions::name_override(&data.extensions).unwrap_or(&data.name));
            let ty = match &data.format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                    let hint = pascal(&name.original);
                    types
                        .lower(
                            schema,
                            &join_pointer(&pointer, "schema"),
                            &hint,
                            &context,
                            &mut self.warnings,
                        )?
                        .ty
                }
                openapiv3::ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            globals.push(Global {
                name,
                wire_name: data.name.clone(),
                location,
                description: data.description.clone(),
                ty,
                example: data
                    .example
                    .clone()
                    .or_else(|| examples.get(&data.name).cloned()),
            });
        }
        Ok(globals)
    }

    /// Every operation, grouped by its first tag in the order the spec lists its tags.
    fn groups(&mut self, types: &mut TypeSpace<'_>) -> Result<Vec<Group>> {
        let api = &self.document.api;
        let mut groups: Vec<Group> = api
            .tags
            .iter()
            .map(|tag| Group {
                name: Name::new(&tag.name),
                type_name: types.reserve(&pascal(&tag.name)),
                description: tag.description.clone(),
                operations: Vec::new(),
            })
            .collect();
        for (path, item) in &api.paths.paths {
            let path_pointer = join_pointer("/paths", path);
            let ReferenceOr::Item(item) = item else {
                return Err(self
                    .document
                    .error(&path_pointer, "path item references are not supported"));
            };
            for (method, spec) in item.iter() {
                if extensions::is_ignored(&spec.extensions) {
                    continue;
                }
                let source = Source {
                    path,
                    method,
                    operation: spec,
                    path_parameters: &item.parameters,
                    pointer: format!("/paths/{}/{method}", escape_token(path)),
                };
                let operation = self.operation(&source, types)?;
                let tag = spec.tags.first().map(String::as_str).unwrap_or("Default");
                let index = match groups.iter().position(|group| group.name.original == tag) {
                    Some(index) => index,
                    None => {
                        groups.push(Group {
                            type_name: types.reserve(&pascal(tag)),
                            name: Name::new(tag),
                            description: None,
                            operations: Vec::new(),
                        });
                        groups.len() - 1
                    }
                };
                groups[index].operations.push(operation);
            }
        }
        groups.retain(|group| !group.operations.is_empty());
        for group in &mut groups {
            operation_names::tidy_method_names(group, self.document, &mut self.warnings);
        }
        Ok(groups)
    }
}

/// The bearer scheme the API's security requirements name, if any.
fn auth(document: &Document) -> Option<Auth> {
    let components = document.api.components.as_ref()?;
    let required: Vec<&String> = document
        .api
        .security
        .iter()
        .flatten()
        .flat_map(|requirement| requirement.keys())
        .collect();
    components
        .security_schemes
        .iter()
        .filter(|(name, _)| required.is_empty() || required.contains(name))
        .find_map(|(_, scheme)| match scheme {
            ReferenceOr::Item(SecurityScheme::HTTP {
                scheme,
                description,
                ..
            }) if scheme.eq_ignore_ascii_case("bearer") => Some(Auth::Bearer {
                description: description.clone(),
            }),
            _ => None,
        })
}
