//! The intermediate representation: everything a backend needs, and nothing of OpenAPI's shape.
//!
//! Every `$ref` is resolved, every type has a name, operations are grouped. The IR is
//! `serde::Serialize` so that templates for other languages render over it
//! (`cargo xtask codegen --dump-ir` prints it as JSON). Names are given in the spec's own spelling
//! plus the common case conversions; a backend only escapes its keywords.

use serde::Serialize;
use serde_json::Value;

/// The version of the IR's JSON shape. It changes whenever a field is removed, renamed or changes
/// meaning, so that templates can refuse an IR they were not written for; added fields keep it.
pub const IR_VERSION: u32 = 1;

/// The whole API.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// [`IR_VERSION`].
    pub ir_version: u32,
    pub sdk: Sdk,
    pub info: Info,
    pub servers: Vec<Server>,
    /// How requests authenticate; `None` when the spec declares no usable scheme.
    pub auth: Option<Auth>,
    /// Parameters set once on the client and sent with every operation that declares them.
    pub globals: Vec<Global>,
    /// The API-wide retry policy (`x-speakeasy-retries`).
    pub retries: Option<RetryPolicy>,
    /// Every named type, in a stable order (components first, then per operation).
    pub types: Vec<TypeDef>,
    /// Every error response type, sorted by name.
    pub errors: Vec<ErrorDef>,
    /// The error for any 4XX/5XX response an operation does not document.
    pub default_error: String,
    /// Operations grouped by their first tag, in the order of the spec's `tags` then first use.
    pub groups: Vec<Group>,
}

/// Names that belong to the SDK: from the generator configuration, not the spec.
#[derive(Debug, Clone, Serialize)]
pub struct Sdk {
    /// PascalCase, e.g. `OpenRouter`.
    pub name: Name,
    pub env_prefix: String,
    pub generator_version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Info {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The OpenAPI version the document declared.
    pub openapi: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// The server's name: its `x-speakeasy-server-id`, else `server<N>` (1-based position).
    pub name: Name,
    pub url: String,
    pub description: Option<String>,
    /// `x-speakeasy-server-id`, when given.
    pub id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Auth {
    /// `Authorization: Bearer <key>`.
    Bearer { description: Option<String> },
}

/// An identifier in the spec's spelling and the usual case conversions of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    /// As written in the spec (or the override).
    pub original: String,
    /// `CreateAuthCode`; spec-given camel or Pascal case is kept letter for letter (`APIKey`).
    pub pascal: String,
    /// `createAuthCode`.
    pub camel: String,
    /// `create_auth_code`.
    pub snake: String,
    /// `CREATE_AUTH_CODE`.
    pub screaming: String,
}

/// A client-level parameter (`x-speakeasy-globals`).
#[derive(Debug, Clone, Serialize)]
pub struct Global {
    pub name: Name,
    /// The header, query or path parameter name on the wire.
    pub wire_name: String,
    pub location: ParameterLocation,
    pub description: Option<String>,
    pub ty: TypeRef,
    /// A value to show in examples: the parameter's or its schema's example, else the one the
    /// generator configuration gives (`[sdk.examples]`).
    pub example: Option<Value>,
}

/// The retry policy of `x-speakeasy-retries`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetryPolicy {
    pub initial_interval_ms: u64,
    pub max_interval_ms: u64,
    pub exponent: f64,
    pub max_elapsed_time_ms: u64,
    /// Status codes and classes (`503`, `5XX`) that are retried.
    pub status_codes: Vec<String>,
    pub retry_connection_errors: bool,
}

/// A reference to a type: a primitive, a container, or a named [`TypeDef`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: uri` / `url`.
    Uri,
    Integer {
        bits: u8,
    },
    Number {
        bits: u8,
    },
    Boolean,
    /// Any JSON value: also the documented fallback for shapes the generator cannot express.
    Any,
    /// Raw bytes: a body of a media type that is neither JSON nor text (files, audio, images).
    Binary,
    /// A file to upload: bytes with an optional file name and media type. Found only in request
    /// bodies: a binary property (`format: binary`) of a multipart body, or its array items, and
    /// a body of a wildcard media type (`*/*`, `image/*`), whose media type the caller gives.
    File,
    Array {
        items: Box<TypeRef>,
    },
    /// A JSON object with arbitrary keys.
    Map {
        values: Box<TypeRef>,
    },
    Named {
        name: String,
    },
}

/// A named type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    pub description: Option<String>,
    pub example: Option<Value>,
    /// JSON pointer of the schema this type comes from.
    pub source: String,
    /// Whether the type belongs to the models (component schemas) or to one operation.
    pub origin: TypeOrigin,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeOrigin {
    Component,
    Operation { operation_id: String },
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Object {
        fields: Vec<Field>,
        /// The type of properties not listed, when the schema describes them.
        additional_properties: Option<TypeRef>,
    },
    /// A string enumeration.
    Enum {
        variants: Vec<EnumVariant>,
        /// `x-speakeasy-unknown-values: allow`: unknown values decode into a catch-all variant.
        open: bool,
    },
    /// `oneOf`/`anyOf`: the value is one of these types.
    Union {
        /// In the spec's order.
        variants: Vec<UnionVariant>,
        /// `oneOf` (exactly one variant matches) rather than `anyOf` (one or more may).
        one_of: bool,
        /// The property whose value selects the variant, when the spec names one
        /// (`discriminator`); `None` for a union decoded by trying its variants.
        discriminator: Option<Discriminator>,
    },
    /// Another name for a type (a component that is just a primitive, an array or a map).
    Alias { target: TypeRef },
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: Name,
    /// The property name on the wire.
    pub wire_name: String,
    pub ty: TypeRef,
    /// The property must be present.
    pub required: bool,
    /// The property may be `null`.
    pub nullable: bool,
    pub description: Option<String>,
    pub example: Option<Value>,
    pub deprecated: bool,
    pub constraints: Constraints,
    /// The value is a secret (a password, a key) that must not be printed: the schema has
    /// `format: password` or `x-speakeasy-sensitive: true`, or the configuration lists the
    /// property (`sdk.sensitive`).
    pub sensitive: bool,
}

/// What the spec constrains about a value, beyond its type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub name: Name,
    /// The value on the wire.
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: Name,
    pub ty: TypeRef,
    /// In a discriminated union, the tag value that selects this variant (the first of the
    /// discriminator's mapping that names it); `None` otherwise.
    pub tag: Option<String>,
}

/// How a discriminated union tells its variants apart: an object property whose value names the
/// variant (OpenAPI's `discriminator`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discriminator {
    /// The property on the wire (`propertyName`), e.g. `type`.
    pub property: String,
    /// Every tag value and the variant it selects: the spec's `mapping`, then the values derived
    /// for variants it leaves out (a single-value `enum`/`const` of the variant's tag property,
    /// else the variant's component name). Several values may select one variant.
    pub mapping: Vec<DiscriminatorMapping>,
    /// `x-speakeasy-unknown-values: allow` on the union or on a variant's tag property: a value
    /// with a tag the mapping does not list is kept as it is, instead of failing to decode.
    pub open: bool,
}

/// One tag value of a [`Discriminator`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscriminatorMapping {
    /// The property's value, e.g. `message`.
    pub value: String,
    /// The [`UnionVariant`] it selects, by its `name.original`.
    pub variant: String,
}

/// An error response type: the parsed body plus the HTTP details.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorDef {
    /// E.g. `BadRequestResponseError`.
    pub name: String,
    /// A short name for the error, e.g. `BadRequest` (used for enum variants).
    pub short_name: String,
    pub description: Option<String>,
    /// The body's type; `None` when the response has no body.
    pub body: Option<TypeRef>,
}

/// Operations that share a tag.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The tag, e.g. `OAuth` (snake `o_auth`, camel `oAuth`).
    pub name: Name,
    /// The name of the group's type (`OAuth`), unique among all the SDK's type names.
    pub type_name: String,
    pub description: Option<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The operationId, e.g. `createAuthKeysCode`, else one made of the method and the path
    /// (`getPetsById`); unique among the operations.
    pub id: String,
    /// The method name: `x-speakeasy-name-override`, else the operationId without the group's
    /// name in front (`repos_get` in `repos` is `get`), e.g. `createAuthCode`; unique in the group.
    pub name: Name,
    /// Prefix of the operation's type names: the operationId in PascalCase (`CreateAuthKeysCode`).
    pub type_prefix: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// JSON pointer of the operation.
    pub source: String,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    /// Name of the request type (parameters plus body), e.g. `CreateAuthKeysCodeRequest`.
    pub request_type: String,
    /// Name of the error type listing everything the operation can fail with, e.g.
    /// `CreateAuthKeysCodeError`.
    pub error_type: String,
    /// The documented success responses, most specific status first.
    pub responses: Vec<SuccessResponse>,
    /// The name of the type that tells the success responses apart (`<type_prefix>Outcome`), when
    /// the caller must know which one arrived: a documented `3XX`, or successes with different
    /// bodies. `None` when every success gives the same type; each response's
    /// [`SuccessResponse::variant`] is then `None` too.
    pub outcome_type: Option<String>,
    /// The documented error responses, most specific status first.
    pub errors: Vec<ErrorResponse>,
    /// Overrides the API-wide policy, when the operation has its own `x-speakeasy-retries`.
    pub retries: Option<RetryPolicy>,
    /// The operation sends the API's credentials.
    pub authenticated: bool,
    /// The media types the operation's plain (not streaming) call accepts, for its `Accept`
    /// header: the `content_type` of every success response, in order, without duplicates; when
    /// no success response has a body, those of the error responses. Empty when no response
    /// declares a body.
    pub accept: Vec<String>,
    /// `x-speakeasy-pagination`: how to walk through the operation's pages; `None` when the
    /// operation is not paginated or its pagination could not be used (with a warning).
    pub pagination: Option<Pagination>,
    /// What docs and generated tests call the operation with.
    pub example: OperationExample,
}

/// How a list operation pages (`x-speakeasy-pagination`), resolved against its parameters and its
/// response type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    pub kind: PaginationKind,
    /// `offset_limit`: the wire name of the integer query parameter that skips items; the next
    /// page's offset is this page's offset plus the number of items it returned.
    pub offset: Option<String>,
    /// `offset_limit`: the wire name of the integer parameter that bounds a page's size; a page
    /// with fewer items than the limit the request sets is the last one.
    pub limit: Option<String>,
    /// `cursor`: the wire name of the parameter that carries the cursor of the page to fetch.
    pub cursor: Option<String>,
    /// `outputs.results` as a property path (wire names) into the response body: `$.data` is
    /// `["data"]`. The value there is the page's array of items; an empty page is the last one.
    pub results: Vec<String>,
    /// `cursor`: `outputs.nextCursor` as a property path (`$.cursor` is `["cursor"]`): the
    /// cursor of the next page; absent, `null` or an empty string means this page is the last.
    pub next_cursor: Option<Vec<String>>,
    /// The type of one item: the element type of the array at `results`.
    pub item: TypeRef,
}

/// The paging scheme of `x-speakeasy-pagination`'s `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaginationKind {
    /// `offsetLimit`: offset and limit query parameters.
    OffsetLimit,
    /// `cursor`: each page names the next one.
    Cursor,
}

/// The example inputs of an operation: the spec's examples, with placeholders where it has none.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OperationExample {
    /// One entry per input that has a value (parameters supplied by a [`Global`] are left out),
    /// parameters first, then the body, in the operation's order.
    pub inputs: Vec<ExampleInput>,
    /// Every required input has a value, so the example is a complete request.
    pub complete: bool,
}

/// An example value of one input of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleInput {
    /// The parameter's name, or `requestBody` for the body.
    pub name: Name,
    /// Where the input goes; `None` for the body.
    pub location: Option<ParameterLocation>,
    pub required: bool,
    /// No example in the spec: a stand-in of the right type (`"<value>"`, `1`, the first value of
    /// an enum) that a reader replaces.
    pub placeholder: bool,
    /// The value as JSON.
    pub json: Value,
    /// The same value resolved against the input's type.
    pub value: Example,
}

/// An example value resolved against its type, so that a backend can write it in its language's
/// syntax: objects name their fields, enums their variants, unions the variant that holds it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Example {
    Null,
    Boolean {
        value: bool,
    },
    /// An integer or a number, as written in the spec.
    Number {
        value: serde_json::Number,
        ty: TypeRef,
    },
    /// A string, also of a typed format (`ty` is `date_time`, `uuid`, ...); for `binary` the
    /// bytes' text, for `file` the file's name.
    String {
        value: String,
        ty: TypeRef,
    },
    /// A value of a string enumeration; `variant` is `None` for a value an open enum does not list.
    Enum {
        type_name: String,
        variant: Option<Name>,
        value: String,
    },
    Array {
        items: Vec<Example>,
    },
    /// A map with arbitrary keys.
    Map {
        entries: Vec<ExampleEntry>,
    },
    /// An object type: its fields that the example sets, in the type's order.
    Object {
        type_name: String,
        fields: Vec<ExampleField>,
    },
    /// A union: the first variant whose type fits the value.
    Union {
        type_name: String,
        variant: Name,
        value: Box<Example>,
    },
    /// A value of an alias, resolved against the aliased type.
    Alias {
        type_name: String,
        value: Box<Example>,
    },
    /// Any JSON value (a free-form type).
    Any {
        value: Value,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct ExampleEntry {
    pub key: String,
    pub value: Example,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExampleField {
    pub name: Name,
    pub wire_name: String,
    pub value: Example,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    /// Sent in the `Cookie` header, with the operation's other cookie parameters.
    Cookie,
}

/// How a parameter's value is written (OpenAPI's `style`); `explode` says how arrays and objects
/// are spread. Serialized as the spec spells it (`spaceDelimited`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParameterStyle {
    /// Query and cookie: `name=a&name=b` exploded, `name=a,b` not.
    Form,
    /// Query: `name=a%20b`.
    SpaceDelimited,
    /// Query: `name=a|b`.
    PipeDelimited,
    /// Query: `name[key]=value` for each property of an object.
    DeepObject,
    /// Path and header: `a,b`.
    Simple,
    /// Path: `.a.b` exploded, `.a,b` not.
    Label,
    /// Path: `;name=a;name=b` exploded, `;name=a,b` not.
    Matrix,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub name: Name,
    pub wire_name: String,
    pub location: ParameterLocation,
    /// The spec's `style`, else OpenAPI's default for the location (`form` for query and
    /// cookie, `simple` for path and header).
    pub style: ParameterStyle,
    /// The spec's `explode`, else OpenAPI's default: `true` for `form`, `false` otherwise.
    pub explode: bool,
    pub required: bool,
    pub description: Option<String>,
    pub ty: TypeRef,
    pub example: Option<Value>,
    /// The name of the [`Global`] that supplies this parameter when the request does not.
    pub global: Option<Name>,
    /// The value is a secret: as [`Field::sensitive`], from the parameter's schema, the parameter's
    /// own `x-speakeasy-sensitive: true`, or the configuration.
    pub sensitive: bool,
}

/// An operation's request body. The media type, type, kind, encoding and example at the top are
/// those of the default alternative (the first of `alternatives`); a backend that offers one way
/// of sending the body uses them.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    pub content_type: String,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    pub example: Option<Value>,
    pub kind: BodyKind,
    pub encoding: Vec<PropertyEncoding>,
    /// Every media type the body can be sent as, the default first, then the others in the
    /// spec's order.
    pub alternatives: Vec<BodyAlternative>,
    /// With two or more alternatives: the name reserved for the type that holds any one of them
    /// (e.g. `CreateAudioTranscriptionsRequestBody`); `None` otherwise.
    pub type_name: Option<String>,
}

/// One media type a request body can be sent as.
#[derive(Debug, Clone, Serialize)]
pub struct BodyAlternative {
    /// The alternative's name: its kind (`json`, `multipart`, ...), or its media type when
    /// another alternative has the same kind.
    pub name: Name,
    pub content_type: String,
    pub kind: BodyKind,
    pub ty: TypeRef,
    /// The media type's `example`, else the first of its `examples`.
    pub example: Option<Value>,
    /// `form` and `multipart`: how the properties the spec's `encoding` names are encoded.
    pub encoding: Vec<PropertyEncoding>,
}

/// How a request body is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// `application/json` and `+json` types: the value as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: an object's properties as form fields.
    Form,
    /// `multipart/form-data`: one part per property.
    Multipart,
    /// `text/*` and XML: a string sent as it is.
    Text,
    /// Any other media type: bytes sent as they are.
    Binary,
}

/// A property's entry of a media type's `encoding` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropertyEncoding {
    /// The property's wire name.
    pub property: String,
    /// `contentType` as written: the media type of a multipart part, or (as `application/json`)
    /// a form field holding JSON text.
    pub content_type: Option<String>,
    /// `style`, `form` when not given.
    pub style: EncodingStyle,
    /// `explode`; when not given, `true` for the `form` style and `false` for the others.
    pub explode: bool,
}

/// How a form field writes an array or object (`style` of an `encoding` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// Which statuses a response answers for. In JSON: `{"kind": "code", "code": 404, "text": "404"}`,
/// `{"kind": "class", "class": 4, "text": "4XX"}` or `{"kind": "default", "text": "default"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusMatch {
    Code {
        code: u16,
    },
    /// `4XX`: the hundreds digit.
    Class {
        class: u8,
    },
    /// The spec's `default` response.
    Default,
}

impl Serialize for StatusMatch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        match self {
            Self::Code { code } => {
                map.serialize_entry("kind", "code")?;
                map.serialize_entry("code", code)?;
            }
            Self::Class { class } => {
                map.serialize_entry("kind", "class")?;
                map.serialize_entry("class", class)?;
            }
            Self::Default => map.serialize_entry("kind", "default")?,
        }
        map.serialize_entry("text", &self.text())?;
        map.end()
    }
}

impl StatusMatch {
    /// As the spec writes it: `404`, `4XX`, `default`.
    pub fn text(&self) -> String {
        match self {
            Self::Code { code } => code.to_string(),
            Self::Class { class } => format!("{class}XX"),
            Self::Default => "default".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SuccessResponse {
    pub status: StatusMatch,
    /// The media type the body is read as: JSON when offered, else the first that is not an event
    /// stream, else the event stream (read whole, as text). `None` when the response has no body.
    pub content_type: Option<String>,
    pub ty: Option<TypeRef>,
    pub description: String,
    pub example: Option<Value>,
    /// Every media type the response declares, in the spec's order.
    pub content_types: Vec<String>,
    /// The server-sent event stream the response offers (`text/event-stream`), besides or instead
    /// of `content_type`.
    pub stream: Option<EventStream>,
    /// The response's variant of [`Operation::outcome_type`], named after the status' reason
    /// phrase (`Ok`, `Created`, `NotModified`); `None` when the operation has no outcome type.
    pub variant: Option<Name>,
}

/// A response body of server-sent events (`text/event-stream`), read event by event.
#[derive(Debug, Clone, Serialize)]
pub struct EventStream {
    /// The media type, e.g. `text/event-stream`.
    pub content_type: String,
    /// The type of each event's `data`: the `data` property of the media type's schema when it is
    /// an object with one (Speakeasy's convention: the schema describes a whole event), else the
    /// schema itself. A `string` is the data as it is; any other type is decoded from JSON.
    pub ty: TypeRef,
    /// `x-speakeasy-sse-sentinel`: the `data` that ends the stream (e.g. `[DONE]`); not an event.
    pub sentinel: Option<String>,
    /// `x-speakeasy-stream-request-field`: the wire name of the request body's boolean property
    /// that asks for the stream (e.g. `stream`); the streaming call sets it to `true`.
    pub request_field: Option<String>,
    /// The media type's `example`, else the first of its `examples`.
    pub example: Option<Value>,
    /// The type of the `error` property the events' type declares, when it is an object with one
    /// (OpenRouter's chat chunks): how the server reports a failure after the stream has begun. An
    /// event with a non-null `error` is an error, not an event. `None` when the type declares
    /// none; an event that is not of the events' type but has an `error` member is an error then
    /// too, kept as JSON.
    pub error: Option<TypeRef>,
}

/// `text/event-stream`, with or without parameters.
pub fn is_event_stream(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .eq_ignore_ascii_case("text/event-stream")
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorResponse {
    pub status: StatusMatch,
    pub content_type: Option<String>,
    /// The [`ErrorDef`] this response decodes into.
    pub error: String,
    pub description: String,
    pub example: Option<Value>,
}

impl Api {
    /// The named type `name`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|ty| ty.name == name)
    }

    /// The error type `name`.
    pub fn error_def(&self, name: &str) -> Option<&ErrorDef> {
        self.errors.iter().find(|error| error.name == name)
    }

    /// Every operation, group by group.
    pub fn operations(&self) -> impl Iterator<Item = (&Group, &Operation)> {
        self.groups
            .iter()
            .flat_map(|group| group.operations.iter().map(move |op| (group, op)))
    }
}

/// `text/plain`, `text/csv; charset=utf-8`: bodies read as strings.
pub fn is_text(content_type: &str) -> bool {
    content_type
        .trim()
        .to_ascii_lowercase()
        .starts_with("text/")
}

/// The kind of a request body of this media type.
pub fn body_kind(content_type: &str) -> BodyKind {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if is_json(&essence) {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else if is_text(&essence) || essence == "application/xml" || essence.ends_with("+xml") {
        BodyKind::Text
    } else {
        BodyKind::Binary
    }
}

/// `*/*`, `image/*`: a media type the caller picks.
pub fn is_wildcard(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .ends_with("/*")
}

/// `application/json`, `application/problem+json`, with or without parameters.
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}
