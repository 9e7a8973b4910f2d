//! Example inputs of each operation, resolved against their types.
//!
//! Docs and generated tests of every language call an operation with the same values: the spec's
//! example of each input when it fits the input's type, else a placeholder of that type. Resolving
//! them here, once, gives every backend the typed value ([`Example`]) it needs to write the
//! example in its own syntax.

use std::collections::HashMap;

use serde_json::Value;

use crate::ir::{
    Api, Example, ExampleEntry, ExampleField, ExampleInput, Field, Name, Operation,
    OperationExample, TypeDef, TypeKind, TypeRef,
};

/// Fills in the example of every operation of `api`.
pub fn add_operation_examples(api: &mut Api) {
    let types: HashMap<String, TypeDef> = api
        .types
        .iter()
        .map(|ty| (ty.name.clone(), ty.clone()))
        .collect();
    let resolver = Resolver { types: &types };
    for group in &mut api.groups {
        for operation in &mut group.operations {
            operation.example = resolver.operation_example(operation);
        }
    }
}

struct Resolver<'a> {
    types: &'a HashMap<String, TypeDef>,
}

impl<'a> Resolver<'a> {
    fn operation_example(&self, operation: &Operation) -> OperationExample {
        let mut inputs = Vec::new();
        let mut complete = true;
        let parameters = operation
            .parameters
            .iter()
            .filter(|parameter| parameter.global.is_none())
            .map(|parameter| {
                let input = self.input(
                    &parameter.name,
                    Some(parameter.location),
                    parameter.required,
                    &parameter.ty,
                    parameter.example.as_ref(),
                );
                (input, parameter.required)
            });
        let body = operation.request_body.iter().map(|body| {
            let input = self.input(
                &Name::new("requestBody"),
                None,
                body.required,
                &body.ty,
                body.example.as_ref(),
            );
            (input, body.required)
        });
        for (input, required) in parameters.chain(body) {
            match input {
                Some(input) => inputs.push(input),
                None => complete &= !required,
            }
        }
        OperationExample { inputs, complete }
    }

    /// The spec's example when it fits `ty`, else a placeholder; `None` when there is neither.
    fn input(
        &self,
        name: &Name,
        location: Option<crate::ir::ParameterLocation>,
        required: bool,
        ty: &TypeRef,
        example: Option<&Value>,
    ) -> Option<ExampleInput> {
        let example = example.or_else(|| self.type_example(ty));
        let given = example.and_then(|json| Some((json.clone(), self.resolve(ty, json)?, false)));
        let (json, value, placeholder) = given.or_else(|| {
            let json = self.placeholder(ty)?;
            let value = self.resolve(ty, &json)?;
            Some((json, value, true))
        })?;
        Some(ExampleInput {
            name: name.clone(),
            location,
            required,
            placeholder,
            json,
            value,
        })
    }

    /// The example of a named type's schema, for an input that has none of its own.
    fn type_example(&self, ty: &TypeRef) -> Option<&'a Value> {
        match ty {
            TypeRef::Named { name } => self.types.get(name)?.example.as_ref(),
            _ => None,
        }
    }

    /// A stand-in value of `ty`, for an input the spec gives no example of.
    fn placeholder(&self, ty: &TypeRef) -> Option<Value> {
        Some(match ty {
            TypeRef::String => Value::from("<value>"),
            TypeRef::Binary => Value::from("<bytes>"),
            // A file's example is its name.
            TypeRef::File => Value::from("file.bin"),
            TypeRef::Integer { .. } => Value::from(1),
            TypeRef::Number { .. } => Value::from(1.0),
            TypeRef::Boolean => Value::Bool(true),
            TypeRef::Named { name } => match &self.types.get(name)?.kind {
                TypeKind::Enum { variants, .. } => Value::from(variants.first()?.value.clone()),
                _ => return None,
            },
            _ => return None,
        })
    }

    /// `value` as a value of `ty`, or `None` when it does not fit.
    fn resolve(&self, ty: &TypeRef, value: &Value) -> Option<Example> {
        Some(match (ty, value) {
            (
                TypeRef::String
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Uuid
                | TypeRef::Uri
                | TypeRef::Binary
                | TypeRef::File,
                Value::String(text),
            ) => Example::String {
                value: text.clone(),
                ty: ty.clone(),
            },
            (TypeRef::Integer { .. }, Value::Number(number)) if number.as_i64().is_some() => {
                Example::Number {
                    value: number.clone(),
                    ty: ty.clone(),
                }
            }
            (TypeRef::Number { .. }, Value::Number(number)) => Example::Number {
                value: number.clone(),
                ty: ty.clone(),
            },
            (TypeRef::Boolean, Value::Bool(flag)) => Example::Boolean { value: *flag },
            (TypeRef::Any, value) => Example::Any {
                value: value.clone(),
            },
            (TypeRef::Array { items }, Value::Array(values)) => Example::Array {
                items: values
                    .iter()
                    .map(|value| self.resolve(items, value))
                    .collect::<Option<_>>()?,
            },
            (TypeRef::Map { values }, Value::Object(entries)) => Example::Map {
                entries: entries
                    .iter()
                    .map(|(key, value)| {
                        Some(ExampleEntry {
                            key: key.clone(),
                            value: self.resolve(values, value)?,
                        })
                    })
                    .collect::<Option<_>>()?,
            },
            (TypeRef::Named { name }, value) => self.resolve_named(name, value)?,
            _ => return None,
        })
    }

    fn resolve_named(&self, name: &str, value: &Value) -> Option<Example> {
        let type_name = name.to_owned();
        Some(match (&self.types.get(name)?.kind, value) {
            (
                TypeKind::Object {
                    fields,
                    additional_properties: None,
                },
                Value::Object(entries),
            ) => {
                if entries
                    .keys()
                    .any(|key| !fields.iter().any(|field| &field.wire_name == key))
                {
                    return None;
                }
                let fields = fields
                    .iter()
                    .map(|field| self.field(field, entries.get(&field.wire_name)))
                    .collect::<Option<Vec<_>>>()?;
                Example::Object {
                    type_name,
                    fields: fields.into_iter().flatten().collect(),
                }
            }
            (TypeKind::Enum { variants, open }, Value::String(text)) => {
                let variant = variants.iter().find(|variant| &variant.value == text);
                if variant.is_none() && !open {
                    return None;
                }
                Example::Enum {
                    type_name,
                    variant: variant.map(|variant| variant.name.clone()),
                    value: text.clone(),
                }
            }
            (TypeKind::Alias { target }, value) => Example::Alias {
                type_name,
                value: Box::new(self.resolve(target, value)?),
            },
            // A discriminated union's value is the variant its tag selects.
            (
                TypeKind::Union {
                    variants,
                    discriminator: Some(discriminator),
                    ..
                },
                value,
            ) if !discriminator.mapping.is_empty() => {
                let tag = value.get(&discriminator.property)?.as_str()?;
                let selected = &discriminator
                    .mapping
                    .iter()
                    .find(|entry| entry.value == tag)?
                    .variant;
                let variant = variants
                    .iter()
                    .find(|variant| &variant.name.original == selected)?;
                Example::Union {
                    type_name,
                    variant: variant.name.clone(),
                    value: Box::new(self.resolve(&variant.ty, value)?),
                }
            }
            (TypeKind::Union { variants, .. }, value) => variants.iter().find_map(|variant| {
                Some(Example::Union {
                    type_name: type_name.clone(),
                    variant: variant.name.clone(),
                    value: Box::new(self.resolve(&variant.ty, value)?),
                })
            })?,
            _ => return None,
        })
    }

    /// A field of an object example: `Some(None)` when the example leaves it out, `None` when the
    /// example does not fit (a required field missing, a value of the wrong type).
    fn field(&self, field: &Field, value: Option<&Value>) -> Option<Option<ExampleField>> {
        let value = match value {
            None if field.required && !field.nullable => return None,
            None => return Some(None),
            Some(Value::Null) if field.nullable => Example::Null,
            Some(Value::Null) if !field.required => return Some(None),
            Some(value) => self.resolve(&field.ty, value)?,
        };
        Some(Some(ExampleField {
            name: field.name.clone(),
            wire_name: field.wire_name.clone(),
            value,
        }))
    }
}
