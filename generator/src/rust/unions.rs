//! Unions (`oneOf`/`anyOf`) as Rust enums, and the crate's private `unions` module that decodes
//! them.
//!
//! **Discriminated unions** (a `discriminator`) are internally tagged: the tag property's value
//! picks the variant, which then decodes from the whole object. A variant's struct keeps the tag
//! property as a field: the struct is a type of its own (used outside the union too) and must
//! serialize with its tag. Where that field can only hold one value (a one-value `enum`/`const`,
//! as in every OpenAPI spec that follows the convention), the struct's `new` sets it, so users
//! never write the tag: they pick the enum variant and build its struct. A variant whose type
//! does not always carry its tag gets it added when serialized, so the wire form always agrees
//! with the Rust variant. An unknown tag fails to decode, naming the tag and the known ones,
//! unless the spec allows unknown values (`x-speakeasy-unknown-values: allow` on the union or its
//! tag property): then it decodes into a fallback variant that keeps the JSON as received and
//! serializes it back unchanged.
//!
//! serde's own `#[serde(tag = ..)]` does not fit: it removes the tag before decoding the variant
//! (whose struct requires it), writes it twice when serializing, and cannot keep an unknown value.
//!
//! **Untagged unions** try their variants most specific first (objects with more required
//! properties, closed before open ones, then other unions, maps, arrays, enums, typed strings,
//! strings, integers, numbers, booleans, any JSON value last), and never drop silently what another
//! variant would keep: a candidate that decodes is serialized back and scored by how many of the
//! input's object keys (at any depth) it kept. The first candidate that keeps every key wins; else
//! the one that keeps the most (the earliest on a tie). The enum's variants stay in the spec's
//! order; serializing writes the variant's value as it is.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Rust;
use super::syntax::{doc, ident};
use crate::ir::{Discriminator, TypeKind, TypeRef, UnionVariant};

/// One variant of a union's enum.
struct Variant<'a> {
    ir: &'a UnionVariant,
    ident: proc_macro2::Ident,
    /// The variant's value type, boxed when it contains the union.
    ty: TokenStream,
    boxed: bool,
}

fn variants<'a>(rust: &Rust<'_>, name: &str, variants: &'a [UnionVariant]) -> Vec<Variant<'a>> {
    variants
        .iter()
        .map(|variant| {
            let inner = rust.ty(&variant.ty);
            let boxed = rust.contains_directly(&variant.ty, name, &mut Vec::new());
            Variant {
                ir: variant,
                ident: ident(&variant.name.pascal),
                ty: if boxed { quote!(Box<#inner>) } else { inner },
                boxed,
            }
        })
        .collect()
}

/// The expression wrapping a decoded value into its variant: `Self::A` or a closure that boxes.
fn constructor(variant: &Variant<'_>) -> TokenStream {
    let ident = &variant.ident;
    if variant.boxed {
        quote!(|value| Self::#ident(Box::new(value)))
    } else {
        quote!(Self::#ident)
    }
}

/// The items of a union type.
pub fn render(
    rust: &Rust<'_>,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    ir_variants: &[UnionVariant],
    discriminator: Option<&Discriminator>,
) -> TokenStream {
    let variants = variants(rust, &name.to_string(), ir_variants);
    // Without a single tag value, a discriminator selects nothing: try the variants instead.
    match discriminator.filter(|discriminator| !discriminator.mapping.is_empty()) {
        Some(discriminator) => discriminated(rust, name, docs, &variants, discriminator),
        None => untagged(rust, name, docs, &variants),
    }
}

fn untagged(
    rust: &Rust<'_>,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[Variant<'_>],
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let Variant { ident, ty, .. } = variant;
        let docs = doc(&format!("A `{}` value.", variant.ir.name.original));
        quote!(#docs #ident(#ty),)
    });
    let union_name = name.to_string();
    let attempts = decode_order(rust, variants).into_iter().map(|variant| {
        let label = &variant.ir.name.original;
        let constructor = constructor(variant);
        quote!(decoder.attempt(#label, |value| serde::Deserialize::deserialize(value).map(#constructor));)
    });
    let decoding_docs = doc(
        "\nDecoded as the most specific variant that keeps every property of the value; when none \
         keeps them all, as the one that keeps the most.",
    );
    quote! {
        #docs
        #decoding_docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        // Variants hold the API's types as they are; boxing the large ones would change how
        // every value is built and matched for a one-time size saving.
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#declarations)* }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let mut decoder = crate::unions::Untagged::new(&value);
                #(#attempts)*
                decoder.finish(#union_name).map_err(serde::de::Error::custom)
            }
        }
    }
}

/// The variants in the order an untagged union tries them: most specific first, the spec's order
/// among equals.
fn decode_order<'v, 'a>(rust: &Rust<'_>, variants: &'v [Variant<'a>]) -> Vec<&'v Variant<'a>> {
    let mut ordered: Vec<&Variant<'a>> = variants.iter().collect();
    ordered.sort_by_key(|variant| specificity(rust, &variant.ir.ty));
    ordered
}

/// How early an untagged union tries a variant of type `ty`: lower first.
fn specificity(rust: &Rust<'_>, ty: &TypeRef) -> (u8, i64) {
    let ty = rust.resolve_alias(ty);
    let rank = match ty {
        TypeRef::Named { name } => match rust.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Object {
                fields,
                additional_properties,
            }) => {
                let required = fields.iter().filter(|field| field.required).count();
                let rank = if additional_properties.is_some() {
                    1
                } else {
                    0
                };
                return (rank, -(required as i64));
            }
            Some(TypeKind::Union { .. }) => 2,
            Some(TypeKind::Enum { open: false, .. }) => 5,
            Some(TypeKind::Enum { open: true, .. }) => 7,
            Some(TypeKind::Alias { .. }) | None => 13,
        },
        TypeRef::Map { .. } => 3,
        TypeRef::Array { .. } => 4,
        TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::Uri => 6,
        TypeRef::String => 8,
        TypeRef::Integer { .. } => 9,
        TypeRef::Number { .. } => 10,
        TypeRef::Boolean => 11,
        TypeRef::Binary | TypeRef::File => 12,
        TypeRef::Any => 13,
    };
    (rank, 0)
}

/// The tag of a variant that several tag values select, read from its `value`: the union's own
/// `tag()` for a union told apart by the same property, the struct's tag field when it is a
/// string; `None` where the variant's first tag value is the answer.
fn tag_expression(
    rust: &Rust<'_>,
    variant: &Variant<'_>,
    property: &str,
    tags: &[&str],
) -> Option<TokenStream> {
    let [first, _, ..] = tags else {
        return None;
    };
    let TypeRef::Named { name } = rust.resolve_alias(&variant.ir.ty) else {
        return None;
    };
    match &rust.type_def(name)?.kind {
        TypeKind::Union {
            discriminator: Some(inner),
            ..
        } if inner.property == property && !inner.mapping.is_empty() => Some(quote!(value.tag())),
        TypeKind::Object { fields, .. } => {
            let field = fields.iter().find(|field| {
                field.wire_name == property
                    && field.required
                    && !field.nullable
                    && !field.sensitive
                    && field.ty == TypeRef::String
            })?;
            let member = ident(&field.name.snake);
            Some(quote! {
                match value.#member.as_str() {
                    #(#tags)|* => value.#member.as_str(),
                    _ => #first,
                }
            })
        }
        _ => None,
    }
}

/// The name of the fallback variant of an open discriminated union: `Unknown`, unless a variant
/// has that name.
fn unknown_ident(variants: &[Variant<'_>]) -> proc_macro2::Ident {
    ["Unknown", "UnknownValue", "UnknownTag"]
        .into_iter()
        .find(|candidate| variants.iter().all(|variant| variant.ident != candidate))
        .map(|candidate| format_ident!("{}", candidate))
        .unwrap_or_else(|| format_ident!("UnknownVariant"))
}

fn discriminated(
    rust: &Rust<'_>,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[Variant<'_>],
    discriminator: &Discriminator,
) -> TokenStream {
    let property = &discriminator.property;
    let union_name = name.to_string();
    let tags_of = |variant: &Variant<'_>| -> Vec<&str> {
        discriminator
            .mapping
            .iter()
            .filter(|entry| entry.variant == variant.ir.name.original)
            .map(|entry| entry.value.as_str())
            .collect()
    };
    let unknown = discriminator.open.then(|| unknown_ident(variants));
    let declarations = variants.iter().map(|variant| {
        let Variant { ident, ty, .. } = variant;
        let tags = tags_of(variant);
        let text = match tags.as_slice() {
            [] => format!(
                "A `{}` value; no `{property}` selects it, so it is never decoded.",
                variant.ir.name.original
            ),
            tags => format!(
                "The value when `{property}` is {}.",
                tags.iter()
                    .map(|tag| format!("`{tag}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        let docs = doc(&text);
        quote!(#docs #ident(#ty),)
    });
    let fallback = unknown.as_ref().map(|unknown| {
        let docs = doc(&format!(
            "A value whose `{property}` this version of the SDK does not know, kept as received."
        ));
        quote!(#docs #unknown(serde_json::Value),)
    });
    let known: Vec<&str> = discriminator
        .mapping
        .iter()
        .map(|entry| entry.value.as_str())
        .collect();
    let arms: Vec<TokenStream> = variants
        .iter()
        .filter_map(|variant| {
            let tags = tags_of(variant);
            if tags.is_empty() {
                return None;
            }
            let constructor = constructor(variant);
            let pattern = match (&unknown, tags.as_slice()) {
                (None, tags) => quote!(#(#tags)|*),
                (Some(_), [tag]) => quote!(Some(tag @ #tag)),
                (Some(_), tags) => quote!(Some(tag @ (#(#tags)|*))),
            };
            Some(quote! {
                #pattern => crate::unions::variant(&value, #union_name, #property, tag).map(#constructor),
            })
        })
        .collect();
    let decode = match &unknown {
        Some(unknown) => quote! {
            crate::unions::object(&value, #union_name).map_err(serde::de::Error::custom)?;
            let decoded = match value.get(#property).and_then(serde_json::Value::as_str) {
                #(#arms)*
                _ => Ok(Self::#unknown(value)),
            };
        },
        None => quote! {
            let tag = crate::unions::tag(&value, #union_name, #property).map_err(serde::de::Error::custom)?;
            let decoded = match tag {
                #(#arms)*
                _ => Err(crate::unions::unknown_tag(#union_name, #property, tag, &[#(#known),*])),
            };
        },
    };
    let serialize_arms = variants.iter().map(|variant| {
        let ident = &variant.ident;
        let tags = tags_of(variant);
        if rust.holds_tag(&variant.ir.ty, property, &tags) || tags.is_empty() {
            quote!(Self::#ident(value) => serde::Serialize::serialize(value, serializer),)
        } else {
            quote!(Self::#ident(value) => crate::unions::serialize_tagged(value, #property, &[#(#tags),*], serializer),)
        }
    });
    let unknown_serialize = unknown.as_ref().map(
        |unknown| quote!(Self::#unknown(value) => serde::Serialize::serialize(value, serializer),),
    );
    let tag_arms = variants.iter().map(|variant| {
        let ident = &variant.ident;
        match tag_expression(rust, variant, property, &tags_of(variant)) {
            Some(expression) => quote!(Self::#ident(value) => #expression,),
            None => {
                let tag = tags_of(variant).first().copied().unwrap_or_default();
                quote!(Self::#ident(_) => #tag,)
            }
        }
    });
    let unknown_tag = unknown.as_ref().map(|unknown| {
        quote!(Self::#unknown(value) => value.get(#property).and_then(serde_json::Value::as_str).unwrap_or_default(),)
    });
    let tag_docs = doc(&format!(
        "The `{property}` of this value: the tag that selects its variant."
    ));
    let decoding_docs = doc(&format!(
        "\nDecoded by its `{property}` property; {}",
        if unknown.is_some() {
            "a value with a `{property}` the SDK does not know is kept as it is."
        } else {
            "a value with a `{property}` the SDK does not know fails to decode."
        }
        .replace("{property}", property)
    ));
    quote! {
        #docs
        #decoding_docs
        #[derive(Debug, Clone, PartialEq)]
        // Variants hold the API's types as they are; boxing the large ones would change how
        // every value is built and matched for a one-time size saving.
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#declarations)* #fallback }

        impl #name {
            #tag_docs
            pub fn tag(&self) -> &str {
                match self { #(#tag_arms)* #unknown_tag }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self { #(#serialize_arms)* #unknown_serialize }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #decode
                decoded.map_err(serde::de::Error::custom)
            }
        }
    }
}

/// What the crate's `unions` module must offer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Some union has no discriminator.
    pub untagged: bool,
    /// Some discriminated union fails on an unknown tag.
    pub closed: bool,
    /// Some discriminated union keeps values with an unknown tag.
    pub open: bool,
    /// Some variant of a discriminated union does not always hold its tag.
    pub adds_tags: bool,
}

impl Needs {
    pub fn any(self) -> bool {
        self.untagged || self.closed || self.open
    }
}

/// What the API's unions need of the `unions` module.
pub fn needs(rust: &Rust<'_>) -> Needs {
    let mut needs = Needs::default();
    for def in &rust.api.types {
        let TypeKind::Union {
            variants,
            discriminator,
            ..
        } = &def.kind
        else {
            continue;
        };
        match discriminator.as_ref().filter(|d| !d.mapping.is_empty()) {
            None => needs.untagged = true,
            Some(discriminator) => {
                needs.open |= discriminator.open;
                needs.closed |= !discriminator.open;
                needs.adds_tags |= variants.iter().any(|variant| {
                    let tags: Vec<&str> = discriminator
                        .mapping
                        .iter()
                        .filter(|entry| entry.variant == variant.name.original)
                        .map(|entry| entry.value.as_str())
                        .collect();
                    !tags.is_empty() && !rust.holds_tag(&variant.ty, &discriminator.property, &tags)
                });
            }
        }
    }
    needs
}

/// The crate's private `unions` module, with the items `needs` asks for.
pub fn module(needs: Needs) -> TokenStream {
    let discriminated = needs.closed || needs.open;
    let kind = (needs.untagged || discriminated).then(|| {
        quote! {
            /// What kind of JSON value `value` is, for messages.
            fn kind(value: &Value) -> &'static str {
                match value {
                    Value::Null => "null",
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::String(_) => "a string",
                    Value::Array(_) => "an array",
                    Value::Object(_) => "an object",
                }
            }
        }
    });
    let variant = discriminated.then(|| {
        quote! {
            /// Decodes the variant that the tag `tag` selects, from the whole object.
            pub(crate) fn variant<T: DeserializeOwned>(
                value: &Value,
                union: &str,
                property: &str,
                tag: &str,
            ) -> Result<T, String> {
                T::deserialize(value)
                    .map_err(|error| format!("invalid `{union}` with {property} `{tag}`: {error}"))
            }
        }
    });
    let closed = needs.closed.then(|| {
        quote! {
            /// The tag of a discriminated union's value: its property `property`, a string.
            pub(crate) fn tag<'v>(value: &'v Value, union: &str, property: &str) -> Result<&'v str, String> {
                let Value::Object(object) = value else {
                    return Err(format!(
                        "invalid `{union}`: expected an object with a `{property}` property, found {}",
                        kind(value)
                    ));
                };
                match object.get(property) {
                    Some(Value::String(tag)) => Ok(tag),
                    Some(other) => Err(format!(
                        "invalid `{union}`: `{property}` must be a string, found {}",
                        kind(other)
                    )),
                    None => Err(format!(
                        "invalid `{union}`: missing `{property}`, the property that tells its variants apart"
                    )),
                }
            }

            /// The error for a tag that selects no variant.
            pub(crate) fn unknown_tag(union: &str, property: &str, tag: &str, known: &[&str]) -> String {
                let known: Vec<String> = known.iter().map(|known| format!("`{known}`")).collect();
                format!(
                    "invalid `{union}`: unknown {property} `{tag}`, expected one of {}",
                    known.join(", ")
                )
            }
        }
    });
    let open = needs.open.then(|| {
        quote! {
            /// Checks that the value of an open discriminated union is an object.
            pub(crate) fn object(value: &Value, union: &str) -> Result<(), String> {
                if value.is_object() {
                    Ok(())
                } else {
                    Err(format!("invalid `{union}`: expected an object, found {}", kind(value)))
                }
            }
        }
    });
    let adds_tags = needs.adds_tags.then(|| {
        quote! {
            /// Serializes a variant whose type does not always hold its tag: its JSON, with
            /// `property` set to the first of `tags` unless it already holds one of them.
            pub(crate) fn serialize_tagged<T: serde::Serialize, S: serde::Serializer>(
                value: &T,
                property: &str,
                tags: &[&str],
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
                if let (Value::Object(object), Some(first)) = (&mut json, tags.first()) {
                    let holds = object
                        .get(property)
                        .and_then(Value::as_str)
                        .is_some_and(|tag| tags.contains(&tag));
                    if !holds {
                        object.insert(property.to_owned(), Value::from(*first));
                    }
                }
                serde::Serialize::serialize(&json, serializer)
            }
        }
    });
    let untagged = needs.untagged.then(|| {
        quote! {
            /// Decodes an untagged union: each candidate variant that decodes is serialized back
            /// and scored by how many of the value's object keys it kept. The first that keeps
            /// them all wins (candidates are offered most specific first), else the one that keeps
            /// the most, so that no variant silently drops what another would have kept.
            pub(crate) struct Untagged<'v, T> {
                value: &'v Value,
                /// The number of object keys in `value`, at any depth.
                keys: usize,
                best: Option<(usize, T)>,
                failures: Vec<String>,
            }

            impl<'v, T: serde::Serialize> Untagged<'v, T> {
                pub(crate) fn new(value: &'v Value) -> Self {
                    Self {
                        value,
                        keys: kept_keys(value, None).0,
                        best: None,
                        failures: Vec::new(),
                    }
                }

                /// Offers the variant `name`; nothing happens once a variant kept every key.
                pub(crate) fn attempt(
                    &mut self,
                    name: &str,
                    decode: impl FnOnce(&'v Value) -> Result<T, serde_json::Error>,
                ) {
                    if matches!(&self.best, Some((kept, _)) if *kept == self.keys) {
                        return;
                    }
                    match decode(self.value) {
                        Ok(candidate) => {
                            let kept = match serde_json::to_value(&candidate) {
                                // serde reads a struct from an array too: a candidate must be
                                // the same kind of value as the input.
                                Ok(output) if kind(&output) != kind(self.value) => {
                                    self.failures.push(format!(
                                        "{name}: read {} as {}",
                                        kind(self.value),
                                        kind(&output)
                                    ));
                                    return;
                                }
                                Ok(output) => kept_keys(self.value, Some(&output)).1,
                                Err(_) => 0,
                            };
                            let better = match &self.best {
                                Some((best, _)) => kept > *best,
                                None => true,
                            };
                            if better {
                                self.best = Some((kept, candidate));
                            }
                        }
                        Err(error) => self.failures.push(format!("{name}: {error}")),
                    }
                }

                /// The chosen variant, or an error naming why each failed.
                pub(crate) fn finish(self, union: &str) -> Result<T, String> {
                    match self.best {
                        Some((_, value)) => Ok(value),
                        None => Err(format!(
                            "invalid `{union}`: {} that matches none of its variants ({})",
                            kind(self.value),
                            self.failures.join("; ")
                        )),
                    }
                }
            }

            /// The number of object keys with a non-null value in `input` (at any depth), and how
            /// many of them `output` has (non-null) at the same place.
            fn kept_keys(input: &Value, output: Option<&Value>) -> (usize, usize) {
                let (mut keys, mut kept) = (0, 0);
                match input {
                    Value::Object(object) => {
                        for (key, item) in object {
                            if item.is_null() {
                                continue;
                            }
                            let found = output
                                .and_then(|output| output.get(key))
                                .filter(|found| !found.is_null());
                            let (inner_keys, inner_kept) = kept_keys(item, found);
                            keys += 1 + inner_keys;
                            kept += usize::from(found.is_some()) + inner_kept;
                        }
                    }
                    Value::Array(items) => {
                        for (index, item) in items.iter().enumerate() {
                            let found = output.and_then(|output| output.get(index));
                            let (inner_keys, inner_kept) = kept_keys(item, found);
                            keys += inner_keys;
                            kept += inner_kept;
                        }
                    }
                    _ => {}
                }
                (keys, kept)
            }
        }
    });
    let deserialize_owned = discriminated.then(|| {
        quote!(
            use serde::de::DeserializeOwned;
        )
    });
    quote! {
        //! Decoding of the API's unions: by their tag property, or, for untagged ones, as the
        //! variant that keeps the most of the value.

        #deserialize_owned
        use serde_json::Value;

        #kind
        #variant
        #closed
        #open
        #adds_tags
        #untagged
    }
}
