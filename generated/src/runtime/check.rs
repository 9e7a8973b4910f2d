//! The checks behind the generated `validate()` methods: a property's value against the
//! constraints the API documents for it (lengths, sizes, ranges), one line per property.
//!
//! ```text
//! check("name", self.name.as_ref()).max_chars(64)?.min_chars(1)?;
//! ```
//!
//! An absent or `null` value passes every check: whether a property must be present is the
//! type's business (required properties are constructor arguments).

use std::fmt::Display;

use super::error::RequestValidationError;

/// A property's value under validation; `None` when it is absent or `null`.
pub struct Checked<'a, T: ?Sized> {
    name: &'a str,
    value: Option<&'a T>,
    /// A secret: messages say what is wrong without quoting the value or its size.
    secret: bool,
}

/// Starts checking the property `name`, whose value is `value`.
pub fn check<'a, T: ?Sized>(name: &'a str, value: Option<&'a T>) -> Checked<'a, T> {
    Checked {
        name,
        value,
        secret: false,
    }
}

/// Starts checking the secret property `name`: its messages never quote it.
pub fn check_secret<'a, T: ?Sized>(name: &'a str, value: Option<&'a T>) -> Checked<'a, T> {
    Checked {
        name,
        value,
        secret: true,
    }
}

impl<'a, T: ?Sized> Checked<'a, T> {
    /// Fails with `rule`, followed by the value's `measure` unless the value is a secret.
    fn fail(&self, rule: String, measure: impl Display) -> RequestValidationError {
        let message = if self.secret {
            rule
        } else {
            format!("{rule}, got {measure}")
        };
        RequestValidationError::new(self.name, message)
    }

    /// Checks the value with its own `validate`, naming this property in the error.
    ///
    /// # Errors
    ///
    /// The error of `validate`, within this property.
    pub fn nested(
        self,
        validate: impl Fn(&T) -> Result<(), RequestValidationError>,
    ) -> Result<Self, RequestValidationError> {
        if let Some(value) = self.value {
            validate(value).map_err(|error| error.within(self.name))?;
        }
        Ok(self)
    }
}

impl<'a, T: AsRef<str> + ?Sized> Checked<'a, T> {
    fn chars(&self) -> Option<usize> {
        self.value.map(|value| value.as_ref().chars().count())
    }

    /// At most `max` characters.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] naming the property when the text is longer.
    pub fn max_chars(self, max: usize) -> Result<Self, RequestValidationError> {
        match self.chars() {
            Some(count) if count > max => {
                Err(self.fail(format!("must be at most {max} characters"), count))
            }
            _ => Ok(self),
        }
    }

    /// At least `min` characters.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] naming the property when the text is shorter.
    pub fn min_chars(self, min: usize) -> Result<Self, RequestValidationError> {
        match self.chars() {
            Some(count) if count < min => {
                Err(self.fail(format!("must be at least {min} characters"), count))
            }
            _ => Ok(self),
        }
    }
}

impl<'a, T> Checked<'a, Vec<T>> {
    /// At most `max` items.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] naming the property when there are more.
    pub fn max_items(self, max: usize) -> Result<Self, RequestValidationError> {
        match self.value.map(Vec::len) {
            Some(count) if count > max => {
                Err(self.fail(format!("must have at most {max} items"), count))
            }
            _ => Ok(self),
        }
    }

    /// At least `min` items.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] naming the property when there are fewer.
    pub fn min_items(self, min: usize) -> Result<Self, RequestValidationError> {
        match self.value.map(Vec::len) {
            Some(count) if count < min => {
                Err(self.fail(format!("must have at least {min} items"), count))
            }
            _ => Ok(self),
        }
    }

    /// Checks every item with its own `validate`, naming the item (`name[index]`) in the error.
    ///
    /// # Errors
    ///
    /// The error of the first invalid item, within it.
    pub fn each(
        self,
        validate: impl Fn(&T) -> Result<(), RequestValidationError>,
    ) -> Result<Self, RequestValidationError> {
        for (index, item) in self.value.into_iter().flatten().enumerate() {
            validate(item).map_err(|error| error.within(&format!("{}[{index}]", self.name)))?;
        }
        Ok(self)
    }
}

/// A number that constraints compare as an `f64`.
pub trait Number: Copy + Display {
    /// The value as an `f64` (integers beyond 2^53 rounded, which bounds tolerate).
    fn as_f64(self) -> f64;
}

impl Number for i32 {
    fn as_f64(self) -> f64 {
        f64::from(self)
    }
}

impl Number for i64 {
    fn as_f64(self) -> f64 {
        self as f64
    }
}

impl Number for f32 {
    fn as_f64(self) -> f64 {
        f64::from(self)
    }
}

impl Number for f64 {
    fn as_f64(self) -> f64 {
        self
    }
}

impl<'a, T: Number> Checked<'a, T> {
    /// Fails when `broken` holds for the value.
    fn rule(
        self,
        broken: impl Fn(f64) -> bool,
        rule: impl FnOnce() -> String,
    ) -> Result<Self, RequestValidationError> {
        match self.value {
            Some(value) if broken(value.as_f64()) => Err(self.fail(rule(), value)),
            _ => Ok(self),
        }
    }

    /// A finite number: JSON has no NaN or infinity (`serde_json` would send `null`).
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] naming the property when the number is not finite.
    pub fn finite(self) -> Result<Self, RequestValidationError> {
        self.rule(
            |value| !value.is_finite(),
            || "must be a finite number".to_owned(),
        )
    }

    /// At least `bound`, or greater than it when `exclusive`.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] naming the property when the number is smaller.
    pub fn minimum(self, bound: f64, exclusive: bool) -> Result<Self, RequestValidationError> {
        if exclusive {
            self.rule(
                |value| value <= bound,
                || format!("must be greater than {bound}"),
            )
        } else {
            self.rule(
                |value| value < bound,
                || format!("must be at least {bound}"),
            )
        }
    }

    /// At most `bound`, or less than it when `exclusive`.
    ///
    /// # Errors
    ///
    /// [`RequestValidationError`] naming the property when the number is larger.
    pub fn maximum(self, bound: f64, exclusive: bool) -> Result<Self, RequestValidationError> {
        if exclusive {
            self.rule(
                |value| value >= bound,
                || format!("must be less than {bound}"),
            )
        } else {
            self.rule(|value| value > bound, || format!("must be at most {bound}"))
        }
    }
}
