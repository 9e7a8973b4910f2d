//! [`Nullable`]: a value that may be an explicit `null`, for properties that are both optional
//! and nullable, so that "leave it out", "send `null`" and "send a value" stay three things.
//!
//! Such a property is an `Option<Nullable<T>>`: `None` omits it, `Some(Nullable::Null)` sends
//! `null`, `Some(Nullable::Value(v))` sends `v`. Setters take `impl Into<Nullable<T>>`, so the
//! common case is just `.expires_at(value)`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value or an explicit `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// JSON `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, or `None` for `null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Self::Null => None,
            Self::Value(value) => Some(value),
        }
    }

    /// A reference to the value, or `None` for `null`.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Self::Null => None,
            Self::Value(value) => Some(value),
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

/// So that `.nickname("Ada")` works for an optional, nullable string as it does for others.
impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Self::Value(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_none(),
            Self::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(|value| value.map_or(Self::Null, Self::Value))
    }
}

/// Deserializes a property that is present, even as `null`, into `Some`: serde alone would read
/// a `null` `Option<Nullable<T>>` as `None`. Missing properties stay `None` through
/// `#[serde(default)]`.
pub fn deserialize_present<'de, D, T>(deserializer: D) -> Result<Option<Nullable<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Nullable::deserialize(deserializer).map(Some)
}
