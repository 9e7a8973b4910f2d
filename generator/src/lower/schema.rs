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
    Constraints, Discriminator, DiscriminatorMapping, EnumVariant, Field, Name, TypeDef, TypeKind,
    TypeOrigin, TypeRef, UnionVariant,
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
    /// The type hoisted from each inline schema, by pointer: a component's inline schemas are
    /// lowered again where an `allOf` merges the component, and must give the same types.
    hoisted: HashMap<String, String>,
    /// The pointers of multipart body schemas: their binary properties are files.
    file_roots: HashSet<String>,
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
            hoisted: HashMap::new(),
            file_roots: HashSet::new(),
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

    /// Makes the binary properties (`format: binary`) of the object schema at `pointer`, and their
    /// array items, files ([`TypeRef::File`]): the schema describes a multipart body. Elsewhere a
    /// binary string stays a string, as JSON has no bytes.
    pub fn files_under(&mut self, pointer: String) {
        self.file_roots.insert(pointer);
    }

    /// Whether the schema at `pointer` is a property of a multipart body's schema, or the items
    /// of one.
    fn is_file_position(&self, pointer: &str) -> bool {
        let property = pointer.strip_suffix("/items").unwrap_or(pointer);
        property
            .rsplit_once("/properties/")
            .is_some_and(|(root, name)| !name.contains('/') && self.file_roots.contains(root))
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
        if let Some(name) = self.hoisted.get(pointer) {
            return Ok(Lowered {
                ty: TypeRef::Named { name: name.clone() },
                nullable,
                sensitive,
            });
        }
        match self.named_kind(schema, pointer, context, warnings)? {
            Some(kind) => {
                let name = self.reserve(hint);
                self.hoisted.insert(pointer.to_owned(), name.clone());
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
            // `const: x` or `enum: [..]` of strings without a `type` (common in 3.1).
            SchemaKind::Any(any) if untyped_string_enum(any).is_some() => Some(enum_kind(
                &untyped_string_enum(any).unwrap_or_default(),
                schema,
            )),
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
                Some(self.union_kind(schema, variants, pointer, context, warnings)?)
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
            SchemaKind::Type(Type::String(string))
                if matches!(
                    string.format,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                ) && self.is_file_position(pointer) =>
            {
                TypeRef::File
            }
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
            SchemaKind::Any(any) => {
                if let Some(unknown) = any.typ.as_deref().filter(|typ| !KNOWN_TYPES.contains(typ)) {
                    warnings.push(self.document.diagnostic(
                        &join_pointer(pointer, "type"),
                        format!("unknown type `{unknown}` (expected one of {}); it is generated as any JSON value", KNOWN_TYPES.join(", ")),
                    ));
                }
                TypeRef::Any
            }
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

    /// `oneOf`/`anyOf`: the variants in the spec's order and, when the schema has a
    /// `discriminator`, the tag value of each variant.
    fn union_kind(
        &mut self,
        schema: &Schema,
        variants: &[ReferenceOr<Schema>],
        pointer: &str,
        context: &Context,
        warnings: &mut Warnings,
    ) -> Result<TypeKind> {
        let one_of = matches!(schema.schema_kind, SchemaKind::OneOf { .. });
        let variants_pointer = join_pointer(pointer, if one_of { "oneOf" } else { "anyOf" });
        let mut lowered = Vec::new();
        let mut used = HashSet::new();
        for (index, variant) in variants.iter().enumerate() {
            let variant_pointer = join_pointer(&variants_pointer, &index.to_string());
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
                tag: None,
            });
        }
        let discriminator = match &schema.schema_data.discriminator {
            Some(spec) => {
                self.discriminator(spec, schema, variants, &mut lowered, pointer, warnings)?
            }
            None => None,
        };
        Ok(TypeKind::Union {
            variants: lowered,
            one_of,
            discriminator,
        })
    }

    /// The discriminator of a union, with the tag values of its variants set. `None` (with a
    /// warning) when a variant cannot carry the tag property, as it is not an object: such a union
    /// is decoded by trying its variants.
    fn discriminator(
        &self,
        spec: &openapiv3::Discriminator,
        schema: &Schema,
        variants: &[ReferenceOr<Schema>],
        lowered: &mut [UnionVariant],
        pointer: &str,
        warnings: &mut Warnings,
    ) -> Result<Option<Discriminator>> {
        let property = &spec.property_name;
        let discriminator_pointer = join_pointer(pointer, "discriminator");
        let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
            "oneOf"
        } else {
            "anyOf"
        };
        let mut resolved = Vec::new();
        for (index, variant) in variants.iter().enumerate() {
            let (variant_schema, component) = match variant {
                ReferenceOr::Reference { reference } => {
                    let (variant_schema, _) = refs::schema(self.document, reference, pointer)?;
                    (variant_schema, component_of(reference).map(str::to_owned))
                }
                ReferenceOr::Item(variant_schema) => (variant_schema, None),
            };
            if !self.may_be_object(variant_schema, 0) {
                warnings.push(self.document.diagnostic(
                    &discriminator_pointer,
                    format!("variant {} of this union is not an object, so it cannot carry the `{property}` property; the discriminator is ignored and the union is decoded by trying its variants", index + 1),
                ));
                return Ok(None);
            }
            resolved.push((variant_schema, component));
        }
        let mut mapping: Vec<DiscriminatorMapping> = Vec::new();
        for (value, target) in &spec.mapping {
            if extensions::is_mapping_extension(value) {
                continue;
            }
            let target_name = component_of(target).unwrap_or(target);
            let index = resolved
                .iter()
                .position(|(_, component)| component.as_deref() == Some(target_name));
            match index {
                Some(index) => {
                    if !add_tag(&mut mapping, lowered, value.clone(), index) {
                        warnings.push(self.document.diagnostic(
                            &join_pointer(&join_pointer(&discriminator_pointer, "mapping"), value),
                            format!(
                                "the tag value `{value}` is mapped twice; the first mapping is used"
                            ),
                        ));
                    }
                }
                None => warnings.push(self.document.diagnostic(
                    &join_pointer(&join_pointer(&discriminator_pointer, "mapping"), value),
                    format!(
                        "`{target}` is not one of the union's variants; this mapping is ignored"
                    ),
                )),
            }
        }
        let mut open = extensions::allows_unknown_values(&schema.schema_data.extensions)
            || extensions::allows_unknown_values(&spec.extensions)
            || extensions::mapping_allows_unknown_values(&spec.mapping);
        for (index, (variant_schema, component)) in resolved.iter().enumerate() {
            let tag_schema = self.property_schema(variant_schema, property, 0);
            open |= tag_schema
                .is_some_and(|tag| extensions::allows_unknown_values(&tag.schema_data.extensions));
            if lowered[index].tag.is_some() {
                continue;
            }
            // The value the variant's schema allows, else (as OpenAPI says) its component's name.
            let derived = tag_schema
                .and_then(single_value)
                .or_else(|| component.clone());
            let added = derived
                .clone()
                .is_some_and(|value| add_tag(&mut mapping, lowered, value, index));
            if !added {
                let why = match derived {
                    Some(value) => format!("its tag value `{value}` selects an earlier variant"),
                    None => format!(
                        "it has no mapping entry, no component name and no single-value `{property}`"
                    ),
                };
                warnings.push(self.document.diagnostic(
                    &join_pointer(&join_pointer(pointer, key), &index.to_string()),
                    format!("this variant of a discriminated union is never decoded: {why}"),
                ));
            }
        }
        Ok(Some(Discriminator {
            property: property.clone(),
            mapping,
            open,
        }))
    }

    /// Whether a value of `schema` may be a JSON object (it is not a primitive or an array).
    fn may_be_object(&self, schema: &Schema, depth: usize) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Type(_) => false,
            SchemaKind::Any(any) => {
                any.typ.as_deref().is_none_or(|t| t == "object")
                    && any.items.is_none()
                    && any.enumeration.iter().all(serde_json::Value::is_object)
            }
            SchemaKind::AllOf { all_of: members } => members.iter().all(|member| {
                depth > 8
                    || match member {
                        ReferenceOr::Reference { reference } => {
                            refs::schema(self.document, reference, "")
                                .is_ok_and(|(member, _)| self.may_be_object(member, depth + 1))
                        }
                        ReferenceOr::Item(member) => self.may_be_object(member, depth + 1),
                    }
            }),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => true,
        }
    }

    /// The schema of the property `name` of an object schema, looking through `allOf` members
    /// and references.
    fn property_schema<'s>(
        &'s self,
        schema: &'s Schema,
        name: &str,
        depth: usize,
    ) -> Option<&'s Schema> {
        if depth > 8 {
            return None;
        }
        let (properties, members) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (Some(&object.properties), None),
            SchemaKind::Any(any) => (Some(&any.properties), Some(&any.all_of)),
            SchemaKind::AllOf { all_of } => (None, Some(all_of)),
            _ => (None, None),
        };
        let direct = properties
            .and_then(|properties| properties.get(name))
            .and_then(|property| self.resolve_schema(property.into()));
        direct.or_else(|| {
            members?.iter().rev().find_map(|member| {
                let member = self.resolve_schema(member.into())?;
                self.property_schema(member, name, depth + 1)
            })
        })
    }

    /// The schema an item is or refers to; `None` for a dangling reference (reported where the
    /// item is lowered).
    fn resolve_schema<'s>(&'s self, item: SchemaItem<'s>) -> Option<&'s Schema> {
        match item {
            SchemaItem::Inline(schema) => {
                // A reference with siblings (3.1) arrives as a one-member `allOf`.
                match single_all_of(schema) {
                    Some(single) => self.resolve_schema(single.into()),
                    None => Some(schema),
                }
            }
            SchemaItem::Reference(reference) => refs::schema(self.document, reference, "")
                .ok()
                .map(|(schema, _)| schema),
        }
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
            // A component's schema is lowered at its own pointer, so that its inline schemas give
            // the types they give where the component is lowered itself.
            let schema_pointer = component
                .as_deref()
                .map_or_else(|| member_pointer.clone(), refs::schema_pointer);
            self.merging.extend(component.clone());
            let kind = match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => {
                    self.all_of_kind(all_of, &schema_pointer, &member_context, warnings)
                }
                // `{type: object, additionalProperties: ..}` adds no field, only what the object
                // keeps beyond its fields.
                _ if property_less_object(schema).is_some() => self
                    .object_kind(
                        &indexmap::IndexMap::new(),
                        &[],
                        property_less_object(schema).flatten(),
                        &schema_pointer,
                        &member_context,
                        warnings,
                    )
                    .map(Some),
                _ => self.named_kind(schema, &schema_pointer, &member_context, warnings),
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

/// An object schema without properties (a map), with its `additionalProperties`: `Some(None)`
/// when it has none; `None` when the schema is not such an object.
fn property_less_object(schema: &Schema) -> Option<Option<&AdditionalProperties>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
            Some(object.additional_properties.as_ref())
        }
        SchemaKind::Any(any)
            if any.properties.is_empty()
                && (any.typ.as_deref() == Some("object")
                    || any.additional_properties.is_some())
                && any.typ.as_deref().is_none_or(|t| t == "object")
                && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.items.is_none() =>
        {
            Some(any.additional_properties.as_ref())
        }
        _ => None,
    }
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

/// The `type`s of JSON Schema.
const KNOWN_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

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

/// A string enumeration. Values whose names convert to the same identifier (`a-b`, `A_B`) get
/// numbered names, in the spec's order: `AB`, `AB2`.
fn enum_kind(values: &[Option<String>], schema: &Schema) -> TypeKind {
    let mut taken = HashSet::new();
    let variants = values
        .iter()
        .flatten()
        .map(|value| {
            let first = Name::new(value);
            let mut name = first.clone();
            let mut suffix = 2;
            while !taken.insert(name.pascal.clone()) {
                name = Name::new(&format!("{}{suffix}", first.pascal));
                suffix += 1;
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

/// Adds a tag value selecting `lowered[index]`, which takes the first value that selects it.
/// `false` when the value already selects a variant.
fn add_tag(
    mapping: &mut Vec<DiscriminatorMapping>,
    lowered: &mut [UnionVariant],
    value: String,
    index: usize,
) -> bool {
    if mapping.iter().any(|entry| entry.value == value) {
        return false;
    }
    lowered[index].tag.get_or_insert_with(|| value.clone());
    mapping.push(DiscriminatorMapping {
        value,
        variant: lowered[index].name.original.clone(),
    });
    true
}

/// The values of an `enum` (or `const`) of strings on a schema without a `type` or properties.
fn untyped_string_enum(any: &openapiv3::AnySchema) -> Option<Vec<Option<String>>> {
    if any.enumeration.is_empty()
        || any.typ.as_deref().is_some_and(|t| t != "string")
        || !any.properties.is_empty()
    {
        return None;
    }
    any.enumeration
        .iter()
        .map(|value| value.as_str().map(|text| Some(text.to_owned())))
        .collect()
}

/// The component a schema reference (or a discriminator's mapping target) names:
/// `#/components/schemas/Cat` gives `Cat`; a bare `Cat` is not a reference.
fn component_of(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

/// The only value a schema allows: a one-value string `enum` (or a `const`, which arrives as one).
fn single_value(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        SchemaKind::Any(any) => match any.enumeration.as_slice() {
            [serde_json::Value::String(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
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
        TypeRef::File => "File".into(),
        TypeRef::Array { items } => format!("{}List", variant_name(items)),
        TypeRef::Map { values } => format!("{}Map", variant_name(values)),
    }
}
