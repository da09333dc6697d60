//! Reading platform JSON the way the servers really write it: numbers as strings or as
//! numbers, empty strings for "none", lists that may be objects, and (诺云's doc) trailing
//! commas.
//!
//! Wire structs keep every field as its raw JSON text ([`Raw`]), so a record never fails to
//! be read because one field had an odd type; the readers here turn a raw value into text,
//! money or a time and say which field was wrong, which becomes `rejected[].path`. The
//! texts come from the scanner (`crate::scan`) through the one reader of wire records
//! ([`record`]); [`read`] says where and why a body is not what the reader expects.
//! [`push_string`] writes a JSON string for the request bodies (苏宁, 诺云).

use crate::error::RefundError;
use crate::model::Text;
use crate::{money, time};
use std::borrow::Cow;

pub mod prefix;
pub mod read;
pub mod record;
pub(crate) use record::wire;

pub type Raw<'a> = Option<Json<'a>>;

/// A JSON value's exact text as it stands in the body (what serde_json's `RawValue` would
/// hold), borrowed: a span the scanner (`crate::scan::Scanner`) checked, so the readers below
/// see the same text whichever reader found the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Json<'a>(&'a str);

impl<'a> Json<'a> {
    /// Only for text already checked to be one whole JSON value without surrounding white
    /// space (the scanner's spans).
    pub(crate) fn checked(text: &'a str) -> Json<'a> {
        Json(text)
    }

    pub fn get(self) -> &'a str {
        self.0
    }
}


/// A field that could not be read; the platform adds the list path and the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path inside the record (`refund_amount`, `goods_list[1].num`).
    pub field: String,
    /// `invalid_type`, `invalid_money`, `invalid_time`, `missing_id`.
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    #[cold]
    #[inline(never)]
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), code, message: message.into() }
    }

    /// The same error one level down: `goods_list[1]` + `num` → `goods_list[1].num`.
    #[cold]
    #[inline(never)]
    pub fn inside(mut self, parent: &str) -> FieldError {
        self.field = if self.field.is_empty() { parent.to_string() } else { format!("{parent}.{}", self.field) };
        self
    }
}

/// Has `s` a backslash? Eight bytes at a time: a record's strings are short, and
/// `contains` is a `memchr` call with its own setup (~70 instructions a string natively).
fn has_backslash(s: &str) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES << 7;
    let mut chunks = s.as_bytes().chunks_exact(8);
    let mut hits = 0u64;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default()) ^ (ONES * u64::from(b'\\'));
        // the high bit of a zero byte (exact for "is there one")
        hits |= w.wrapping_sub(ONES) & !w & HIGHS;
    }
    // not `contains`: for bytes that is the `memchr` call this avoids
    #[allow(clippy::manual_contains)]
    let tail = chunks.remainder().iter().any(|&c| c == b'\\');
    hits != 0 || tail
}

/// `s` as a JSON string, as serde_json writes it: only `"`, `\\` and control characters
/// are escaped, so a text without them is copied between quotes (two allocations a param
/// less, docs/performance.md).
pub fn push_string(out: &mut String, s: &str) {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// A record (or a line of one) that is not an object of fields.
#[cold]
pub fn not_an_object(e: read::ReadError) -> FieldError {
    FieldError::new("", "not_an_object", format!("the record is not an object of fields: {e}"))
}

/// The error of a field that holds an object or a list.
fn not_scalar(field: &'static str) -> FieldError {
    FieldError::new(field, "invalid_type", format!("{field} must be a string or a number"))
}

/// The scalar inside a field: `"text"` unescaped, or a number's exact text.
/// `null`, absent and `""` are `None` ("absent data is null, never an empty string").
pub fn text<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<Text<'a>>, FieldError> {
    let Some(raw) = raw else { return Ok(None) };
    let s = raw.get();
    match s.as_bytes().first() {
        Some(b'"') => {
            let inner = &s[1..s.len() - 1];
            let value: Text<'a> = if has_backslash(inner) {
                Cow::Owned(read::unescape(inner).ok_or_else(|| {
                    FieldError::new(field, "invalid_type", format!("{field} holds a lone UTF-16 surrogate (\\ud800-\\udfff) or bytes that are not UTF-8"))
                })?)
            } else {
                Cow::Borrowed(inner)
            };
            Ok(if value.is_empty() { None } else { Some(value) })
        }
        Some(b'-' | b'0'..=b'9') => Ok(Some(Cow::Borrowed(s))),
        Some(b'n') => Ok(None),
        _ => Err(not_scalar(field)),
    }
}

/// Like [`text`], but an id: a number keeps its exact digits (no f64), and the ids
/// `"0"`/`0` that some platforms use for "none" stay as they are: only the caller knows.
pub fn id<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<Text<'a>>, FieldError> {
    text(field, raw)
}

/// An id where the platform writes `0` for "none" (DESIGN: absent data is null, never `0`).
pub fn nonzero_id<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<Text<'a>>, FieldError> {
    Ok(id(field, raw)?.filter(|t| t.as_ref() != "0"))
}

/// A required id; missing or empty rejects the record.
pub fn required_id<'a>(field: &'static str, raw: Raw<'a>) -> Result<Text<'a>, FieldError> {
    id(field, raw)?.ok_or_else(|| FieldError::new(field, "missing_id", format!("{field} is missing or empty")))
}

/// A yuan amount, from a string or a JSON number, exact; borrowed from the body when the
/// unified form is a prefix of what was sent (`money::yuan_borrowed`).
pub fn yuan<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<Text<'a>>, FieldError> {
    let amount = match text(field, raw)? {
        None => return Ok(None),
        Some(Cow::Borrowed(t)) => money::yuan_borrowed(t),
        Some(Cow::Owned(t)) => money::yuan(&t).map(Cow::Owned),
    };
    amount.map(Some).map_err(|e| money_error(field, e))
}

/// A fen (分) amount converted to yuan, exact.
pub fn fen<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<Text<'static>>, FieldError> {
    match text(field, raw)? {
        None => Ok(None),
        Some(t) => money::fen_to_yuan(&t).map(|y| Some(Cow::Owned(y))).map_err(|e| money_error(field, e)),
    }
}

/// A quantity (`"2.0000"` → `"2.00"`): the same rule as yuan.
pub fn quantity<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<Text<'a>>, FieldError> {
    yuan(field, raw)
}

fn money_error(field: &'static str, e: money::MoneyError) -> FieldError {
    FieldError::new(field, "invalid_money", format!("{field}: {e}"))
}

/// A Beijing `yyyy-MM-dd HH:mm:ss` time as RFC 3339; zero dates are `None`.
pub fn beijing_time<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<String>, FieldError> {
    match text(field, raw)? {
        None => Ok(None),
        Some(t) => time::beijing_to_rfc3339(&t).map_err(|e| FieldError::new(field, "invalid_time", format!("{field}: {e}"))),
    }
}

/// Unix seconds (number or digit string) as RFC 3339; `0` is `None`.
pub fn unix_time<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<String>, FieldError> {
    match text(field, raw)? {
        None => Ok(None),
        Some(t) => time::unix_text_to_rfc3339(&t).map_err(|e| FieldError::new(field, "invalid_time", format!("{field}: {e}"))),
    }
}

/// A boolean given as `true`/`false`, `1`/`0` or their string forms.
pub fn boolean(field: &'static str, raw: Raw<'_>) -> Result<Option<bool>, FieldError> {
    let Some(raw) = raw else { return Ok(None) };
    match raw.get() {
        "true" | "1" | "\"true\"" | "\"1\"" => Ok(Some(true)),
        "false" | "0" | "\"false\"" | "\"0\"" => Ok(Some(false)),
        "null" => Ok(None),
        _ => Err(FieldError::new(field, "invalid_type", format!("{field} must be a boolean"))),
    }
}

/// A non-negative count (`total_count`, `pageNo`), from a number or a digit string.
pub fn count<'a>(field: &'static str, raw: Raw<'a>) -> Result<Option<u64>, FieldError> {
    match text(field, raw)? {
        None => Ok(None),
        Some(t) => t
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| FieldError::new(field, "invalid_type", format!("{field} must be a whole number"))),
    }
}

/// Does this raw value hold an empty object `{}` (诺云's and 蘑菇街's error `data`)?
pub fn is_empty_object(raw: Json<'_>) -> bool {
    let s = raw.get();
    s.starts_with('{') && s[1..].trim_start().starts_with('}')
}

/// Removes commas that stand right before `}` or `]` outside strings, and nothing else.
/// Returns `None` when there were none (the body was already strict JSON or broken some
/// other way, which the strict parser then reports).
pub fn without_trailing_commas(body: &str) -> Option<String> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut removed = false;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b',' {
            let next = bytes[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
            if matches!(next, Some(b'}') | Some(b']')) {
                removed = true;
                continue;
            }
        }
        out.push(b);
    }
    // Only ASCII commas were removed, so the bytes are still the valid UTF-8 we were given.
    if removed {
        String::from_utf8(out).ok()
    } else {
        None
    }
}

/// Where the body stopped being JSON, for an `invalid_body` message.
fn describe_syntax_error(e: &read::NotJson) -> (String, String) {
    (
        format!("the body is not valid JSON: {e}"),
        format!("响应体不是合法的 JSON:{}(第 {} 行第 {} 列)", e.what_zh(), e.line, e.column),
    )
}

/// The `invalid_body` error of a body that could not be read as an envelope object.
#[cold]
pub fn body_error(e: read::ReadError) -> RefundError {
    match e {
        read::ReadError::NotJson { text, at } => {
            let (en, zh) = describe_syntax_error(&read::NotJson::at(text, at));
            RefundError::invalid_body(en, zh)
        }
        read::ReadError::Not { .. } => RefundError::invalid_body("the body is not a JSON object", "响应体不是 JSON 对象"),
        read::ReadError::Duplicate(name) => {
            RefundError::invalid_body(format!("the body names `{name}` twice"), format!("响应体中 `{name}` 出现了两次"))
        }
        read::ReadError::BadKey => RefundError::invalid_body(
            format!("the body is not valid JSON: {e}"),
            "响应体不是合法的 JSON:成员名含有孤立的 UTF-16 代理项(\\ud800-\\udfff)",
        ),
    }
}

/// The error of a body that could not be read as the platform's envelope: where it is
/// not JSON, else the platform's `shape_error` with what it is instead (another kind of
/// value, a name twice).
#[cold]
pub fn envelope_error(e: read::ReadError, shape_error: impl Fn(&str) -> RefundError) -> RefundError {
    match e {
        read::ReadError::NotJson { .. } => body_error(e),
        read::ReadError::Not { .. } => shape_error("the body is not a JSON object"),
        e => shape_error(&e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick quoting writes what serde_json writes, escapes or not.
    #[test]
    fn strings_as_serde_json() {
        for s in ["", "a", "2024-06-01 00:00:00", "苏宁", "a\"b", "\\", "\u{1}", "\u{1f}", "\u{7f}", "\u{2028}", "😀", "\n", "/"] {
            let mut out = String::new();
            push_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn has_backslash_sees_every_byte() {
        for len in 0..20 {
            assert!(!has_backslash(&"a".repeat(len)));
            for at in 0..len {
                for c in ["\\", "\\\\", "\u{5b}", "\u{5d}", "\u{dc}", "中"] {
                    let s: String = (0..len).map(|i| if i == at { c } else { "a" }).collect();
                    assert_eq!(has_backslash(&s), s.contains('\\'), "{s:?}");
                }
            }
        }
    }

    fn raw(s: &str) -> Json<'_> {
        Json(s)
    }

    #[test]
    fn strings_and_numbers_read_alike() {
        let (a, b) = (raw("\"127\""), raw("127"));
        assert_eq!(text("f", Some(a)).unwrap().as_deref(), Some("127"));
        assert_eq!(text("f", Some(b)).unwrap().as_deref(), Some("127"));
        let big = raw("2322512222222222123");
        assert_eq!(id("f", Some(big)).unwrap().as_deref(), Some("2322512222222222123"));
        assert_eq!(text("f", Some(raw("\"\""))).unwrap(), None);
        assert_eq!(text("f", Some(raw("null"))).unwrap(), None);
        assert_eq!(text("f", Some(raw("\"a\\\"b\\u4e2d\""))).unwrap().as_deref(), Some("a\"b中"));
        assert_eq!(text("f", Some(raw("[1]"))).unwrap_err().code, "invalid_type");
        assert_eq!(yuan("f", Some(raw("99.00"))).unwrap().as_deref(), Some("99.00"));
        assert_eq!(fen("f", Some(raw("15320"))).unwrap().as_deref(), Some("153.20"));
        assert_eq!(yuan("f", Some(raw("\"x\""))).unwrap_err().code, "invalid_money");
        assert_eq!(count("f", Some(raw("\"3\""))).unwrap(), Some(3));
    }

    /// A `wire!` struct against the same struct derived, field for field, for objects; what
    /// is not an object is refused (the derive read an array by position).
    #[test]
    fn wire_structs_read_as_derived_ones() {

        #[derive(serde::Deserialize)]
        struct Derived<'a> {
            #[serde(borrow)]
            a: Option<&'a serde_json::value::RawValue>,
            #[serde(borrow, rename = "type")]
            kind: Option<&'a serde_json::value::RawValue>,
            #[serde(borrow)]
            c: Option<&'a serde_json::value::RawValue>,
        }
        use crate::json::record::Wire;
        wire! {
            struct Shared<'a> {
                a,
                kind = "type",
                c,
            }
        }
        for body in [
            r#"{"a":1,"type":"x"}"#,
            r#" { "type" : null , "a" : [1,{"b":2}], "z": {"a":3}, "c": "中" } "#,
            r#"{"c":1,"type":2,"a":3}"#,
            r#"{"\u0061":5,"t\u0079pe":true}"#,
            "{}",
        ] {
            let d = serde_json::from_str::<Derived>(body).unwrap();
            let s = Shared::read(body).unwrap();
            let texts = [s.a, s.kind, s.c].map(|f| f.map(Json::get));
            assert_eq!(texts, [d.a, d.kind, d.c].map(|f| f.map(|r| r.get())), "{body}");
        }
        for body in [r#"["1","2",3]"#, r#"{"a":1,"a":2}"#, r#"{"a":1,}"#, "null", ""] {
            assert!(Shared::read(body).is_err(), "{body}");
        }
    }

    #[test]
    fn trailing_commas_only() {
        let fixed = without_trailing_commas("{\"a\": [1, 2,], \"b\": \"x,}\",\n}").unwrap();
        assert_eq!(fixed, "{\"a\": [1, 2], \"b\": \"x,}\"\n}");
        assert_eq!(without_trailing_commas("{\"a\":1}"), None);
        // Still invalid after the pass: other looseness is not tolerated.
        let loose = without_trailing_commas("{'a':1,}").unwrap();
        assert!(serde_json::from_str::<serde_json::Value>(&loose).is_err());
    }
}
