//! `application/x-www-form-urlencoded` bodies: an object's properties as form
//! fields, each written as the spec's `encoding` says (style and explode),
//! nested objects and arrays in brackets for the `deepObject` style.

use serde::Serialize;
use serde_json::{Map, Value};
use url::form_urlencoded;

use super::call::Call;
use super::error::RequestValidationError;

/// How a form field writes an array or an object (OpenAPI's `style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStyle {
    /// Arrays as repeated fields (`tag=a&tag=b`) and an object's properties
    /// as fields of their own when exploded; else both comma-separated
    /// (`tag=a,b`, `point=x,1,y,2`).
    Form,
    /// Items separated by spaces (`tag=a b`).
    SpaceDelimited,
    /// Items separated by pipes (`tag=a|b`).
    PipeDelimited,
    /// Nested in brackets, array items by index: `metadata[plan]=gold`,
    /// `items[0][price]=p_1`.
    DeepObject,
}

/// How one property of a form body is written: an entry of the spec's
/// `encoding` object. Properties without one are written in the `form`
/// style, exploded.
#[derive(Clone, Copy, Debug)]
pub struct FormField {
    /// The property's name on the wire.
    pub name: &'static str,
    /// How an array or object is written.
    pub style: FormStyle,
    /// Whether an array's items (an object's properties) are fields of their
    /// own (`form` style) rather than one delimited field.
    pub explode: bool,
    /// The field holds the value's JSON text (`contentType: application/json`).
    pub json: bool,
}

impl Call {
    /// Encodes `body`, an object, as an `application/x-www-form-urlencoded`
    /// body, each property as `fields` says (see [`FormField`]).
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] (field `body`) if `body` is not an object
    /// or cannot be serialized.
    pub fn form<T: Serialize + ?Sized>(
        self,
        body: &T,
        fields: &[FormField],
    ) -> Result<Self, RequestValidationError> {
        let text = encode_form(body, fields)?;
        Ok(self.bytes(text, "application/x-www-form-urlencoded"))
    }
}

/// The form-urlencoded text of `body`, an object whose properties are the
/// fields (in name order). An explicit `null` is sent as an empty value;
/// absent properties are left out.
///
/// # Errors
///
/// [`RequestValidationError`] (field `body`) when `body` is not an object or
/// cannot be serialized.
pub(crate) fn encode_form<T: Serialize + ?Sized>(
    body: &T,
    fields: &[FormField],
) -> Result<String, RequestValidationError> {
    let invalid = |message: String| RequestValidationError::new("body", message);
    let properties = match serde_json::to_value(body) {
        Ok(Value::Object(properties)) => properties,
        Ok(_) => return Err(invalid("a form body must be an object".into())),
        Err(err) => return Err(invalid(format!("cannot be serialized: {err}"))),
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (name, value) in &properties {
        let field = fields.iter().find(|field| field.name == name);
        let style = field.map_or(FormStyle::Form, |field| field.style);
        let explode = field.is_none_or(|field| field.explode);
        match value {
            _ if field.is_some_and(|field| field.json) => {
                pairs.push((name.clone(), value.to_string()));
            }
            Value::Array(_) | Value::Object(_) if style == FormStyle::DeepObject => {
                let nested = serde_qs::to_string(&Map::from_iter([(name.clone(), value.clone())]))
                    .map_err(|err| {
                        invalid(format!("`{name}` cannot be written in brackets: {err}"))
                    })?;
                pairs.extend(form_urlencoded::parse(nested.as_bytes()).into_owned());
            }
            Value::Array(items) if explode && style == FormStyle::Form => {
                pairs.extend(items.iter().map(|item| (name.clone(), text(item))));
            }
            Value::Object(entries) if explode && style == FormStyle::Form => {
                pairs.extend(entries.iter().map(|(key, item)| (key.clone(), text(item))));
            }
            Value::Array(items) => {
                let texts: Vec<String> = items.iter().map(text).collect();
                pairs.push((name.clone(), texts.join(delimiter(style))));
            }
            Value::Object(entries) => {
                let texts: Vec<String> = entries
                    .iter()
                    .flat_map(|(key, item)| [key.clone(), text(item)])
                    .collect();
                pairs.push((name.clone(), texts.join(delimiter(style))));
            }
            scalar => pairs.push((name.clone(), text(scalar))),
        }
    }
    Ok(form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish())
}

/// What separates the items of a field that is not exploded.
fn delimiter(style: FormStyle) -> &'static str {
    match style {
        FormStyle::SpaceDelimited => " ",
        FormStyle::PipeDelimited => "|",
        FormStyle::Form | FormStyle::DeepObject => ",",
    }
}

/// A value's text in a field: a string as it is, `null` as nothing, other
/// scalars as their JSON, and what the style cannot spell (an object inside
/// an array) as JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{FormField, FormStyle, encode_form};

    fn field(name: &'static str, style: FormStyle, explode: bool) -> FormField {
        FormField {
            name,
            style,
            explode,
            json: false,
        }
    }

    fn decoded(text: &str) -> Vec<(String, String)> {
        url::form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn deep_objects_nest_in_brackets_with_indexed_arrays() {
        let body = json!({
            "email": "a b@example.com",
            "items": [{"price": "p_1", "quantity": 2}, {"price": "p_2", "tiers": [1, 2]}],
            "metadata": {"plan": "gold", "seats": null},
        });
        let fields = [
            field("items", FormStyle::DeepObject, true),
            field("metadata", FormStyle::DeepObject, true),
        ];
        let text = encode_form(&body, &fields).unwrap();
        assert!(text.starts_with("email=a+b%40example.com&"), "{text}");
        assert_eq!(
            decoded(&text),
            pairs(&[
                ("email", "a b@example.com"),
                ("items[0][price]", "p_1"),
                ("items[0][quantity]", "2"),
                ("items[1][price]", "p_2"),
                ("items[1][tiers][0]", "1"),
                ("items[1][tiers][1]", "2"),
                ("metadata[plan]", "gold"),
                ("metadata[seats]", ""),
            ])
        );
    }

    #[test]
    fn form_styles_explode_or_join() {
        let body = json!({
            "address": {"city": "Oslo", "line1": "Main St"},
            "codes": ["a", "b"],
            "expand": ["x", "y"],
            "locales": ["en", "fr"],
            "point": {"x": 1, "y": 2},
            "prefs": {"beta": true},
            "spaced": ["1", "2"],
            "unset": null,
        });
        let fields = [
            field("codes", FormStyle::Form, false),
            field("locales", FormStyle::PipeDelimited, false),
            field("point", FormStyle::Form, false),
            field("spaced", FormStyle::SpaceDelimited, false),
            FormField {
                name: "prefs",
                style: FormStyle::Form,
                explode: true,
                json: true,
            },
        ];
        assert_eq!(
            decoded(&encode_form(&body, &fields).unwrap()),
            pairs(&[
                ("city", "Oslo"),
                ("line1", "Main St"),
                ("codes", "a,b"),
                ("expand", "x"),
                ("expand", "y"),
                ("locales", "en|fr"),
                ("point", "x,1,y,2"),
                ("prefs", "{\"beta\":true}"),
                ("spaced", "1 2"),
                ("unset", ""),
            ])
        );
    }

    #[test]
    fn only_objects_are_forms() {
        let error = encode_form(&json!(["a"]), &[]).unwrap_err();
        assert_eq!(error.field(), "body");
        assert_eq!(encode_form(&json!({}), &[]).unwrap(), "");
    }
}
