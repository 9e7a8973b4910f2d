//! Enums of string values: the API's `enum`s of strings, each variant a value.
//!
//! `string_enum!` gives such an enum, declared with its docs in the models, what every one of them
//! has the same way: `as_str`, `Display`, `Serialize` and `Deserialize`. A closed enum rejects
//! values it does not list; an open one (`x-speakeasy-unknown-values: allow`) keeps them in its
//! last variant and also converts from `&str` and `String`.

use std::fmt;

use serde::de::{Error, Visitor};

/// Implements the string behaviour of an enum whose variants stand for string values.
///
/// `string_enum!(Role { User("user"), Tool("tool") })` for a closed enum: each variant with the
/// value it stands for; `string_enum!(Role { User("user"), Tool("tool") }, Unknown)` for an open
/// one, whose variant `Unknown(String)` keeps any other value.
macro_rules! string_enum {
    // What both kinds implement: the variant of a listed value, `Display` and `Serialize` with
    // `as_str`, and `Deserialize`, which leaves any other value to `$other`.
    (@common $name:ident { $($variant:ident($value:literal)),* }, $other:expr) => {
        impl $name {
            /// The variant that stands for `value`, if the enum lists it.
            fn known(value: &str) -> Option<Self> {
                match value {
                    $($value => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_value(deserializer, Self::known, $other)
            }
        }
    };
    ($name:ident { $($variant:ident($value:literal)),+ $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $value,)+
                }
            }
        }

        $crate::runtime::string_enum!(
            @common $name { $($variant($value)),+ }, Err(&[$($value),+])
        );
    };
    ($name:ident { $($variant:ident($value:literal)),* $(,)? }, $other:ident) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$other(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::$other(value.to_owned()))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::$other(value))
            }
        }

        $crate::runtime::string_enum!(@common $name { $($variant($value)),* }, Ok(Self::$other));
    };
}

pub(crate) use string_enum;

/// What an enum makes of a value it does not list: an open enum keeps it (in its catch-all
/// variant); a closed one rejects it, naming the values it lists.
type Other<T> = Result<fn(String) -> T, &'static [&'static str]>;

/// Deserializes an enum's string value, which `known` turns into a listed variant, else `other`
/// handles; a value that needs no copy (a listed one, or any borrowed from the input) is not
/// copied.
///
/// # Errors
///
/// The deserializer's error, for another value than a string or a value a closed enum rejects.
pub(crate) fn deserialize_value<'de, D, T>(
    deserializer: D,
    known: fn(&str) -> Option<T>,
    other: Other<T>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    deserializer.deserialize_str(Value { known, other })
}

/// Reads the string value of an enum.
struct Value<T> {
    known: fn(&str) -> Option<T>,
    other: Other<T>,
}

impl<T> Visitor<'_> for Value<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.other {
            Ok(_) => f.write_str("a string"),
            Err(values) => write!(f, "one of {values:?}"),
        }
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        match ((self.known)(value), self.other) {
            (Some(known), _) => Ok(known),
            (None, Ok(keep)) => Ok(keep(value.to_owned())),
            (None, Err(values)) => Err(E::unknown_variant(value, values)),
        }
    }

    fn visit_string<E: Error>(self, value: String) -> Result<T, E> {
        match ((self.known)(&value), self.other) {
            (Some(known), _) => Ok(known),
            (None, Ok(keep)) => Ok(keep(value)),
            (None, Err(values)) => Err(E::unknown_variant(&value, values)),
        }
    }
}

#[cfg(test)]
mod tests {
    /// A closed enum.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Interval {
        Daily,
        Weekly,
    }

    crate::runtime::string_enum!(Interval {
        Daily("daily"),
        Weekly("weekly"),
    });

    /// An open enum.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Role {
        User,
        Unknown(String),
    }

    crate::runtime::string_enum!(Role { User("user") }, Unknown);

    #[test]
    fn closed_enums_read_and_write_their_values_and_reject_others() {
        assert_eq!(Interval::Weekly.as_str(), "weekly");
        assert_eq!(Interval::Daily.to_string(), "daily");
        assert_eq!(
            serde_json::to_string(&Interval::Daily).unwrap(),
            "\"daily\""
        );
        let read: Interval = serde_json::from_str("\"weekly\"").unwrap();
        assert_eq!(read, Interval::Weekly);
        let read: Interval = serde_json::from_value(serde_json::json!("daily")).unwrap();
        assert_eq!(read, Interval::Daily);
        let error = serde_json::from_str::<Interval>("\"hourly\"").unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown variant `hourly`, expected `daily` or `weekly` at line 1 column 8"
        );
        assert!(serde_json::from_str::<Interval>("1").is_err());
    }

    #[test]
    fn open_enums_keep_unknown_values() {
        assert_eq!(Role::from("user"), Role::User);
        assert_eq!(
            Role::from("critic".to_owned()),
            Role::Unknown("critic".into())
        );
        let read: Role = serde_json::from_str("\"critic\"").unwrap();
        assert_eq!(read.as_str(), "critic");
        assert_eq!(serde_json::to_string(&read).unwrap(), "\"critic\"");
        assert_eq!(Role::User.to_string(), "user");
    }
}
