//! Caller-supplied credentials: read field by field, as each platform's `PlatformInfo`
//! declares them, from the caller's map, which is borrowed (a signature copies only what it
//! sends).

use super::CredentialField;
use crate::error::{Issue, RefundError};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// Caller-supplied credentials, read field by field from the caller's map (borrowed: a
/// signature copies only what it sends). `Debug` never prints a value.
#[derive(Clone, Default)]
pub struct Credentials<'a>(Cow<'a, Map<String, Value>>);

/// A credential field as the accessors see it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Field<'v> {
    Null,
    Bool(bool),
    Str(&'v str),
    Object(&'v Map<String, Value>),
    Other,
}

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.keys().map(|k| (k.as_str(), "<redacted>"))).finish()
    }
}

impl<'a> Credentials<'a> {
    pub fn from_json(value: &'a Value) -> Result<Credentials<'a>, RefundError> {
        match value {
            Value::Object(map) => Ok(Credentials(Cow::Borrowed(map))),
            Value::Null => Ok(Credentials::default()),
            _ => Err(RefundError::invalid_credentials("", "must be an object", "必须是对象").at("credentials")),
        }
    }

    /// [`Credentials::from_json`] of a value the caller gives away.
    pub fn from_value(value: Value) -> Result<Credentials<'static>, RefundError> {
        match value {
            Value::Object(map) => Ok(Credentials(Cow::Owned(map))),
            other => Credentials::from_json(&other).map(|_| Credentials::default()),
        }
    }

    /// The first field name (`null` ones too) not among `known`.
    pub fn unknown_name(&self, known: &[&str]) -> Option<&str> {
        self.0.keys().map(String::as_str).find(|k| !known.contains(k))
    }

    fn get(&self, name: &str) -> Field<'_> {
        match self.0.get(name) {
            None | Some(Value::Null) => Field::Null,
            Some(Value::Bool(b)) => Field::Bool(*b),
            Some(Value::String(s)) => Field::Str(s),
            Some(Value::Object(map)) => Field::Object(map),
            Some(_) => Field::Other,
        }
    }

    /// A required non-empty string field.
    pub fn required(&self, name: &str) -> Result<&str, RefundError> {
        match self.get(name) {
            Field::Str(s) if !blank(s) => Ok(s),
            Field::Null => Err(RefundError::invalid_credentials(name, "is required", "为必填项")),
            Field::Str(_) => Err(RefundError::invalid_credentials(name, "is empty", "为空")),
            _ => Err(RefundError::invalid_credentials(name, "must be a string", "必须是字符串")),
        }
    }

    /// An optional string field (苏宁 `accessToken`); empty counts as absent.
    pub fn optional(&self, name: &str) -> Result<Option<&str>, RefundError> {
        match self.get(name) {
            Field::Null => Ok(None),
            Field::Str(s) if blank(s) => Ok(None),
            Field::Str(s) => Ok(Some(s)),
            _ => Err(RefundError::invalid_credentials(name, "must be a string", "必须是字符串")),
        }
    }

    /// An optional boolean field (`sandbox`), `false` when absent.
    pub fn flag(&self, name: &str) -> Result<bool, RefundError> {
        match self.get(name) {
            Field::Null => Ok(false),
            Field::Bool(b) => Ok(b),
            _ => Err(RefundError::invalid_credentials(name, "must be true or false", "必须是 true 或 false")),
        }
    }

    /// Every declared field read as its platform reads it, and every problem reported at once
    /// (like a query's issues): one problem is that error, several are one
    /// `invalid_credentials` whose `issues` name each field.
    pub fn check(&self, fields: &[CredentialField]) -> Result<(), RefundError> {
        let mut problems: Vec<RefundError> = fields
            .iter()
            .filter_map(|f| match (f.kind, f.required) {
                ("boolean", _) => self.flag(f.name).err(),
                ("object", _) => self.string_map(f.name).err(),
                (_, true) => self.required(f.name).err(),
                (_, false) => self.optional(f.name).err(),
            })
            .collect();
        if problems.len() <= 1 {
            return problems.pop().map_or(Ok(()), Err);
        }
        let issues: Vec<Issue> = problems
            .into_iter()
            .map(|e| Issue::new(e.path.unwrap_or_default(), "invalid_credentials", e.message, e.message_zh))
            .collect();
        let join = |f: fn(&Issue) -> &str| issues.iter().map(f).collect::<Vec<_>>().join("; ");
        let mut e = RefundError::new(
            crate::error::ErrorCode::InvalidCredentials,
            format!("the credentials have {} problems: {}", issues.len(), join(|i| &i.message)),
            format!("凭据有 {} 个问题:{}", issues.len(), join(|i| &i.message_zh)),
        );
        e.path = issues.first().map(|i| i.field.clone());
        e.issues = issues;
        Err(e)
    }

    /// An optional object of strings (诺云's `headers`, `bodyFields`).
    pub fn string_map(&self, name: &str) -> Result<Vec<(String, String)>, RefundError> {
        match self.get(name) {
            Field::Null => Ok(Vec::new()),
            Field::Object(map) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    _ => Err(RefundError::invalid_credentials(&format!("{name}.{k}"), "must be a string", "必须是字符串")),
                })
                .collect(),
            _ => Err(RefundError::invalid_credentials(name, "must be an object of strings", "必须是字符串对象")),
        }
    }
}

/// `s.trim().is_empty()`, answered at once when the first byte is a visible ASCII character
/// (a key or a secret): `trim` walks both ends through Unicode's white space (three a 苏宁
/// signature: docs/performance.md).
fn blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => s.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::blank;

    /// `blank` is `trim().is_empty()` for every first character up to U+3000 alone, and
    /// before other text.
    #[test]
    fn blank_is_trim_is_empty() {
        assert!(blank(""));
        for c in (0..=0x3000u32).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("{c}x"), format!("{c} "), format!("{c}\u{3000}")] {
                assert_eq!(blank(&s), s.trim().is_empty(), "{s:?}");
            }
        }
    }
}
