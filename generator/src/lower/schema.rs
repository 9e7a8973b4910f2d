//! The type space: schemas become [`TypeRef`]s, and every schema that needs a name becomes a
//! [`TypeDef`] with a stable one.
//!
//! Component schemas keep their names (reserved before anything is hoisted, so an inline schema
//! can never take a component's name). An inline object, enum or union is hoisted under
//! `<root><Property>`, where the root is the component's name or the operation's type prefix: the
//! `data` object of `createAuthKeysCode`'s response becomes `CreateAuthKeysCodeData`. A taken name
//! gets the first free numeric suffix; the walk order is the document's, so names are stable.

use std::collections::{HashMap, HashSet};

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::{Warnings, extensions};
use crate::diagnostics::{Result, join_pointer};
use crate::ir::{
    Constraints, EnumVariant, Field, Name, TypeDef, TypeKind, TypeOrigin, TypeRef, UnionVariant,
};
use crate::load::Document;
use crate::lower::refs;
use crate::naming::pascal;

/// Where an inline schema sits: it decides the hoisted type's name and module.
#[derive(Debug, Clone)]
pub struct Context {
    /// The name prefix for types hoisted below this point.
    pub base: String,
    pub origin: TypeOrigin,
}

/// A lowered schema reference, whether `null` is allowed in its place and whether its value is
/// a secret.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    /// `format: password` or `x-speakeasy-sensitive: true`, on the schema or, for a reference, on
    /// the schema it points at.
    pub sensitive: bool,
}

/// All named types, being built.
pub struct TypeSpace<'a> {
    document: &'a Document,
    types: Vec<TypeDef>,
    taken: HashSet<String>,
    /// Component schema name to type name.
    components: HashMap<String, String>,
    /// The components whose `allOf` members are being merged, to stop at a cycle.
    merging: Vec<String>,
}

impl<'a> TypeSpace<'a> {
    /// Reserves a name for every component schema, before anything inline can take one.
    pub fn new(document: &'a Document) -> Self {
        let mut space = Self {
            document,
            types: Vec::new(),
            taken: HashSet::new(),
            components: HashMap::new(),
            merging: Vec::new(),
        };
        let names: Vec<String> = document
            .api
            .components
            .iter()
            .flat_map(|components| components.schemas.keys().cloned())
            .collect();
        for name in names {
            let type_name = space.reserve(&pascal(&name));
            space.components.insert(name, type_name);
        }
        space
    }

    /// Lowers every component schema into a named type.
    pub fn lower_components(&mut self, warnings: &mut Warnings) -> Result<()> {
        let Some(components) = &self.document.api.components else {
            return Ok(());
        };
        for (name, item) in &components.schemas {
            let pointer = refs::schema_pointer(name);
            let type_name = self.components[name].clone();
            let context = Context {
                base: type_name.clone(),
                origin: TypeOrigin::Component,
            };
            match item {
                // A component that is another under a new name (and, say, a new description).
                ReferenceOr::Item(schema)
                    if matches!(single_all_of(schema), Some(ReferenceOr::Reference { .. })) =>
                {
                    let target = if self.aliases_itself(name) {
                        warnings.push(self.document.diagnostic(
                            &pointer,
                            "this schema is only a reference back to itself; it is generated as any JSON value",
                        ));
                        TypeRef::Any
                    } else {
                        self.lower(
                            SchemaItem::Inline(schema),
                            &pointer,
                            &type_name,
                            &context,
                            warnings,
                        )?
                        .ty
                    };
                    self.push(
                        type_name,
                        schema,
                        &pointer,
                        &context,
                        TypeKind::Alias { target },
                    );
                }
                ReferenceOr::Item(schema) => {
                    self.merging = vec![name.clone()];
                    let kind = self.named_kind(schema, &pointer, &context, warnings);
                    self.merging.clear();
                    let kind = match kind? {
                        Some(kind) => kind,
                        None => TypeKind::Alias {
                            target: self.lower_unnamed(schema, &pointer, &context, warnings)?.ty,
                        },
                    };
                    self.push(type_name, schema, &pointer, &context, kind);
                }
                ReferenceOr::Reference { reference } => {
                    let target = self.reference(reference, &pointer)?.ty;
                    self.types.push(TypeDef {
                        name: type_name,
                        description: None,
                        example: None,
                        source: pointer,
                        origin: TypeOrigin::Component,
                        kind: TypeKind::Alias { target },
                    });
                }
            }
        }
        Ok(())
    }

    /// Whether following the component's sole `allOf` references leads back to it.
    fn aliases_itself(&self, name: &str) -> bool {
        let schemas = self.document.api.components.as_ref().map(|c| &c.schemas);
        let Some(ReferenceOr::Item(first)) = schemas.and_then(|s| s.get(name)) else {
            return false;
        };
        let mut schema: &Schema = first;
        for _ in 0..=schemas.map_or(0, |s| s.len()) {
            let Some(ReferenceOr::Reference { reference }) = single_all_of(schema) else {
                return false;
            };
            // A dangling reference is reported where it is lowered.
            let Ok((next, next_name)) = refs::schema(self.document, reference, "") else {
                return false;
            };
            if next_name == name {
                return true;
            }
            schema = next;
        }
        false
    }

    /// The named types, in the order they were defined.
    pub fn into_types(self) -> Vec<TypeDef> {
        self.types
    }

    /// Lowers a schema in a position where a new type, if one is needed, is called `hint`.
    pub fn lower<'s>(
        &mut self,
        schema: impl Into<SchemaItem<'s>>,
        pointer: &str,
        hint: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<Lowered> {
        match schema.into() {
            SchemaItem::Reference(reference) => self.reference(reference, pointer),
            SchemaItem::Inline(schema) => self.lower_item(schema, pointer, hint, context, warnings),
        }
    }

    fn reference(&self, reference: &str, pointer: &str) -> Result<Lowered> {
        let (schema, name) = refs::schema(self.document, reference, pointer)?;
        let type_name = self
            .components
            .get(&name)
            .cloned()
            .unwrap_or_else(|| pascal(&name));
        Ok(Lowered {
            ty: TypeRef::Named { name: type_name },
            nullable: schema.schema_data.nullable,
            sensitive: is_sensitive(schema),
        })
    }

    fn lower_item(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<Lowered> {
        let nullable = schema.schema_data.nullable;
        let sensitive = is_sensitive(schema);
        if let Some(single) = single_all_of(schema) {
            let inner = self.lower(
                single,
                &format!("{pointer}/allOf/0"),
                hint,
                context,
                warnings,
            )?;
            return Ok(Lowered {
                ty: inner.ty,
                nullable: nullable || inner.nullable,
                sensitive: sensitive || inner.sensitive,
            });
        }
        match self.named_kind(schema, pointer, context, warnings)? {
            Some(kind) => {
                let name = self.reserve(hint);
                self.push(name.clone(), schema, pointer, context, kind);
                Ok(Lowered {
                    ty: TypeRef::Named { name },
                    nullable,
                    sensitive,
                })
            }
            None => self.lower_unnamed(schema, pointer, context, warnings),
        }
    }

    /// The kind of a schema that needs a named type (object with properties, enum, union), or
    /// `None` for one that is expressed inline (primitive, array, map).
    fn named_kind(
        &mut self,
        schema: &Schema,
        pointer: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<Option<TypeKind>> {
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                Some(enum_kind(&string.enumeration, schema))
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                Some(self.object_kind(
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    pointer,
                    context,
                    warnings,
                )?)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => Some(self.object_kind(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                pointer,
                context,
                warnings,
            )?),
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                Some(self.union_kind(variants, &join_pointer(pointer, key), context, warnings)?)
            }
            SchemaKind::AllOf { all_of } => self.all_of_kind(all_of, pointer, context, warnings)?,
            _ => None,
        };
        Ok(kind)
    }

    fn lower_unnamed(
        &mut self,
        schema: &Schema,
        pointer: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<Lowered> {
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string_type(&string.format),
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Integer {
                bits: if matches!(
                    integer.format,
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32)
                ) {
                    32
                } else {
                    64
                },
            },
            SchemaKind::Type(Type::Number(number)) => TypeRef::Number {
                bits: if matches!(
                    number.format,
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float)
                ) {
                    32
                } else {
                    64
                },
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(array)) => {
                self.array(array.items.as_ref(), pointer, context, warnings)?
            }
            SchemaKind::Type(Type::Object(object)) => self.map(
                object.additional_properties.as_ref(),
                pointer,
                context,
                warnings,
            )?,
            SchemaKind::Any(any) if any.items.is_some() || any.typ.as_deref() == Some("array") => {
                self.array(any.items.as_ref(), pointer, context, warnings)?
            }
            SchemaKind::Any(any)
                if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() =>
            {
                self.map(
                    any.additional_properties.as_ref(),
                    pointer,
                    context,
                    warnings,
                )?
            }
            SchemaKind::Any(_) => TypeRef::Any,
            SchemaKind::Not { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. } => {
                warnings.push(self.document.diagnostic(
                    pointer,
                    "this schema cannot be expressed as a type; it is generated as any JSON value",
                ));
                TypeRef::Any
            }
        };
        Ok(Lowered {
            ty,
            nullable: schema.schema_data.nullable,
            sensitive: is_sensitive(schema),
        })
    }

    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        pointer: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<TypeRef> {
        let items = match items {
            Some(items) => {
                let hint = format!("{}Item", self.hint_base(pointer, context));
                self.lower(
                    items,
                    &join_pointer(pointer, "items"),
                    &hint,
                    context,
                    warnings,
                )?
                .ty
            }
            None => TypeRef::Any,
        };
        Ok(TypeRef::Array {
            items: Box::new(items),
        })
    }

    fn map(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<TypeRef> {
        let values = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{}Value", self.hint_base(pointer, context));
                let pointer = join_pointer(pointer, "additionalProperties");
                self.lower(schema.as_ref(), &pointer, &hint, context, warnings)?
                    .ty
            }
            _ => TypeRef::Any,
        };
        Ok(TypeRef::Map {
            values: Box::new(values),
        })
    }

    /// The name a type hoisted at `pointer` would get, before its own suffix.
    fn hint_base(&self, pointer: &str, context: &Context) -> String {
        let last = pointer.rsplit('/').next().unwrap_or_default();
        if last.is_empty()
            || last.chars().all(|c| c.is_ascii_digit())
            || pointer.ends_with("/schema")
        {
            context.base.clone()
        } else {
            format!("{}{}", context.base, pascal(last))
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn object_kind(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<TypeKind> {
        let mut fields = Vec::new();
        for (wire_name, property) in properties {
            let property_pointer = join_pointer(&join_pointer(pointer, "properties"), wire_name);
            if let ReferenceOr::Item(schema) = property
                && extensions::is_ignored(&schema.schema_data.extensions)
            {
                continue;
            }
            let hint = format!("{}{}", context.base, pascal(wire_name));
            let lowered = self.lower(property, &property_pointer, &hint, context, warnings)?;
            let inline = match property {
                ReferenceOr::Item(schema) => Some(schema.as_ref()),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                name: Name::new(wire_name),
                wire_name: wire_name.clone(),
                ty: lowered.ty,
                required: required.contains(wire_name),
                nullable: lowered.nullable,
                description: inline.and_then(|s| s.schema_data.description.clone()),
                example: inline.and_then(|s| s.schema_data.example.clone()),
                deprecated: inline.is_some_and(|s| s.schema_data.deprecated),
                constraints: inline.map(constraints).unwrap_or_default(),
                sensitive: lowered.sensitive,
            });
        }
        let additional_properties = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{}Value", context.base);
                let pointer = join_pointer(pointer, "additionalProperties");
                Some(
                    self.lower(schema.as_ref(), &pointer, &hint, context, warnings)?
                        .ty,
                )
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            _ => None,
        };
        unique_field_names(&mut fields, additional_properties.as_ref());
        Ok(TypeKind::Object {
            fields,
            additional_properties,
        })
    }

    fn union_kind(
        &mut self,
        variants: &[ReferenceOr<Schema>],
        pointer: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<TypeKind> {
        let mut lowered = Vec::new();
        let mut used = HashSet::new();
        for (index, variant) in variants.iter().enumerate() {
            let variant_pointer = join_pointer(pointer, &index.to_string());
            let hint = format!("{}{}", context.base, index + 1);
            let ty = self
                .lower(variant, &variant_pointer, &hint, context, warnings)?
                .ty;
            let mut name = variant_name(&ty);
            if !used.insert(name.clone()) {
                name = format!("{name}{}", index + 1);
                used.insert(name.clone());
            }
            lowered.push(UnionVariant {
                name: Name::new(&name),
                ty,
            });
        }
        Ok(TypeKind::Union { variants: lowered })
    }

    /// `allOf` of objects: one object with every member's fields. Other shapes fall back to `None`
    /// (and so to any JSON value) with a warning.
    fn all_of_kind(
        &mut self,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<Option<TypeKind>> {
        let mut fields: Vec<Field> = Vec::new();
        let mut additional_properties = None;
        for (index, member) in members.iter().enumerate() {
            let member_pointer = join_pointer(&join_pointer(pointer, "allOf"), &index.to_string());
            let (schema, member_context, component) = match member {
                ReferenceOr::Reference { reference } => {
                    let (schema, name) = refs::schema(self.document, reference, &member_pointer)?;
                    if self.merging.contains(&name) {
                        warnings.push(self.document.diagnostic(
                            &member_pointer,
                            format!("allOf refers back to `{name}`, which it is part of; the combined schema is generated as any JSON value"),
                        ));
                        return Ok(None);
                    }
                    let base = self
                        .components
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| pascal(&name));
                    (
                        schema,
                        Context {
                            base,
                            origin: TypeOrigin::Component,
                        },
                        Some(name),
                    )
                }
                ReferenceOr::Item(schema) => (schema, context.clone(), None),
            };
            if is_empty_object(schema) {
                continue;
            }
            self.merging.extend(component.clone());
            let kind = match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => {
                    self.all_of_kind(all_of, &member_pointer, &member_context, warnings)
                }
                _ => self.named_kind(schema, &member_pointer, &member_context, warnings),
            };
            if component.is_some() {
                self.merging.pop();
            }
            let kind = kind?;
            let Some(TypeKind::Object {
                fields: member_fields,
                additional_properties: extra,
            }) = kind
            else {
                warnings.push(self.document.diagnostic(
                    &member_pointer,
                    "allOf member is not an object; the combined schema is generated as any JSON value",
                ));
                return Ok(None);
            };
            for field in member_fields {
                match fields
                    .iter_mut()
                    .find(|existing| existing.wire_name == field.wire_name)
                {
                    Some(existing) => existing.required |= field.required,
                    None => fields.push(field),
                }
            }
            additional_properties = additional_properties.or(extra);
        }
        unique_field_names(&mut fields, additional_properties.as_ref());
        Ok(Some(TypeKind::Object {
            fields,
            additional_properties,
        }))
    }

    fn push(
        &mut self,
        name: String,
        schema: &Schema,
        pointer: &str,
        context: &Context,
        kind: TypeKind,
    ) {
        self.types.push(TypeDef {
            name,
            description: schema
                .schema_data
                .description
                .clone()
                .or_else(|| schema.schema_data.title.clone()),
            example: schema.schema_data.example.clone(),
            source: pointer.to_owned(),
            origin: context.origin.clone(),
            kind,
        });
    }

    /// `desired`, or the first `desired<N>` (N from 2) that no type has taken. Every name the
    /// SDK defines (types, errors, request types, groups) is taken here, so none collide.
    pub fn reserve(&mut self, desired: &str) -> String {
        let mut name = desired.to_owned();
        let mut suffix = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{desired}{suffix}");
            suffix += 1;
        }
        name
    }
}

/// A schema or a reference to one, however `openapiv3` boxes it.
pub enum SchemaItem<'a> {
    Reference(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaItem<'a> {
    fn from(item: &'a ReferenceOr<Schema>) -> Self {
        match item {
            ReferenceOr::Reference { reference } => Self::Reference(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaItem<'a> {
    fn from(item: &'a ReferenceOr<Box<Schema>>) -> Self {
        match item {
            ReferenceOr::Reference { reference } => Self::Reference(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

/// Properties whose names convert to the same identifier (`fooBar`, `foo_bar`) get numbered
/// names; the wire names stay.
/// `additional_properties` is taken when the object keeps the properties it does not list.
fn unique_field_names(fields: &mut [Field], additional: Option<&TypeRef>) {
    let mut taken: HashSet<String> = additional
        .map(|_| "additional_properties".to_owned())
        .into_iter()
        .collect();
    for field in fields.iter_mut() {
        let mut suffix = 2;
        while !taken.insert(field.name.snake.clone()) {
            field.name = Name::new(&format!("{}_{suffix}", field.wire_name));
            suffix += 1;
        }
    }
}

/// The only member of an `allOf` that carries nothing else but metadata (how 3.1's `$ref` with
/// siblings and nullable references arrive after normalisation).
///
/// Members that only carry metadata (`{description: ...}`) or are empty objects do not count:
/// `allOf: [$ref Base, {type: object, properties: {}}]` is `Base`.
fn single_all_of(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
        return None;
    };
    let mut substantive = all_of.iter().filter(|member| match member {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(schema) => {
            !is_empty_object(schema) && schema.schema_kind != SchemaKind::Any(Default::default())
        }
    });
    let only = substantive.next()?;
    substantive.next().is_none().then_some(only)
}

/// `{type: object}` with no properties: adds nothing to an `allOf`.
fn is_empty_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            object.properties.is_empty() && object.additional_properties.is_none()
        }
        SchemaKind::Any(any) => {
            any.properties.is_empty()
                && any.typ.as_deref().is_none_or(|t| t == "object")
                && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.items.is_none()
        }
        _ => false,
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "uuid" => TypeRef::Uuid,
            "uri" | "url" => TypeRef::Uri,
            _ => TypeRef::String,
        },
        _ => TypeRef::String,
    }
}

/// A secret by the schema's own say: `format: password` or `x-speakeasy-sensitive: true`.
/// (`writeOnly` is not enough: it says the server never returns the value, not that it is secret.)
fn is_sensitive(schema: &Schema) -> bool {
    let password = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => true,
            VariantOrUnknownOrEmpty::Unknown(format) => format == "password",
            _ => false,
        },
        SchemaKind::Any(any) => any.format.as_deref() == Some("password"),
        _ => false,
    };
    password || extensions::is_sensitive(&schema.schema_data.extensions)
}

fn enum_kind(values: &[Option<String>], schema: &Schema) -> TypeKind {
    let mut taken = HashSet::new();
    let variants = values
        .iter()
        .flatten()
        .enumerate()
        .map(|(index, value)| {
            let mut name = Name::new(value);
            if name.pascal.chars().all(|c| !c.is_alphanumeric())
                || !taken.insert(name.pascal.clone())
            {
                name = Name::new(&format!("{}{}", name.pascal.trim_matches('_'), index + 1));
                taken.insert(name.pascal.clone());
            }
            EnumVariant {
                name,
                value: value.clone(),
            }
        })
        .collect();
    let open = super::extensions::allows_unknown_values(&schema.schema_data.extensions);
    TypeKind::Enum { variants, open }
}

fn constraints(schema: &Schema) -> Constraints {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => Constraints {
            min_length: string.min_length,
            max_length: string.max_length,
            pattern: string.pattern.clone(),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(number)) => Constraints {
            minimum: number.minimum,
            maximum: number.maximum,
            exclusive_minimum: number.exclusive_minimum,
            exclusive_maximum: number.exclusive_maximum,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(integer)) => Constraints {
            minimum: integer.minimum.map(|v| v as f64),
            maximum: integer.maximum.map(|v| v as f64),
            exclusive_minimum: integer.exclusive_minimum,
            exclusive_maximum: integer.exclusive_maximum,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(array)) => Constraints {
            min_items: array.min_items,
            max_items: array.max_items,
            ..Constraints::default()
        },
        _ => Constraints::default(),
    }
}

/// A union variant's name: the type's name, or what kind of value it is.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named { name } => name.clone(),
        TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::Uri => {
            "String".into()
        }
        TypeRef::Integer { .. } => "Integer".into(),
        TypeRef::Number { .. } => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Any => "Value".into(),
        TypeRef::Binary => "Bytes".into(),
        TypeRef::Array { items } => format!("{}List", variant_name(items)),
        TypeRef::Map { values } => format!("{}Map", variant_name(values)),
    }
}
