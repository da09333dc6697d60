//! The raw way's reader: any text serde_json accepts, read on [`Scanner`]'s grammar into
//! what the wire structs, lists and envelopes need (one value's text, an object's named
//! members, an array's elements, every member with its key), and into a `serde_json::Value`
//! for the arguments ([`tree`]). Where a text is not JSON, [`super::fault`] says where and
//! why, and only when the message is wanted: a ShopEx or 诺云 body that its repair mends
//! never needs one. No serde_json reader is compiled in (docs/performance.md).

use super::fault::{fault, Check, Fault, MAX_DATA_DEPTH};
use super::Json;
use crate::scan::Scanner;
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// Why a text could not be read as asked.
#[derive(Debug)]
pub enum ReadError<'a> {
    /// This text is not JSON; [`not_json`] says where.
    NotJson(&'a str),
    /// JSON, but not the kind asked for: `found` is "a string", "an array", ...
    Not { expected: &'static str, found: &'static str },
    /// A member named twice: which one would be meant? (serde's derive refused it too.)
    Duplicate(&'static str),
    /// A member's name with a `\u` escape of half a UTF-16 pair, which is no text.
    BadKey,
}

impl fmt::Display for ReadError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ReadError::NotJson(text) => not_json(text).fmt(f),
            ReadError::Not { expected, found } => write!(f, "expected {expected}, found {found}"),
            ReadError::Duplicate(name) => write!(f, "duplicate field `{name}`"),
            ReadError::BadKey => f.write_str("a member's name holds a lone UTF-16 surrogate (\\ud800-\\udfff)"),
        }
    }
}

/// The one value `text` holds, without the white space around it.
pub fn value(text: &str) -> Result<Json<'_>, ReadError<'_>> {
    let mut s = Scanner::new(text);
    let value = s.value();
    value.filter(|_| s.end().is_some()).ok_or(ReadError::NotJson(text))
}

/// A string's text between its quotes (a member's name, a value) as text, borrowed unless
/// it holds an escape (`escaped`); `None` for half a UTF-16 pair.
fn unescaped(inner: &str, escaped: bool) -> Option<Cow<'_, str>> {
    match escaped {
        false => Some(Cow::Borrowed(inner)),
        true => unescape(inner).map(Cow::Owned),
    }
}

/// The text of a JSON string between its quotes, its escapes resolved, as serde_json reads
/// it into a `String`. `None` for half a UTF-16 pair (serde_json refuses it too) or an
/// escape the scanner would not have let through.
pub fn unescape(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = rest.find('\\') {
        out.push_str(rest.get(..at)?);
        let escape = rest.get(at + 1..)?;
        let (c, used) = match escape.as_bytes().first()? {
            b'"' => ('"', 1),
            b'\\' => ('\\', 1),
            b'/' => ('/', 1),
            b'b' => ('\u{8}', 1),
            b'f' => ('\u{c}', 1),
            b'n' => ('\n', 1),
            b'r' => ('\r', 1),
            b't' => ('\t', 1),
            b'u' => {
                let high = hex4(escape.get(1..5)?)?;
                match high {
                    0xD800..=0xDBFF => {
                        let low = hex4(escape.get(5..).and_then(|e| e.strip_prefix("\\u"))?.get(..4)?)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        (char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?, 11)
                    }
                    _ => (char::from_u32(high)?, 5),
                }
            }
            _ => return None,
        };
        out.push(c);
        rest = escape.get(used..)?;
    }
    out.push_str(rest);
    Some(out)
}

/// Four hex digits' value.
fn hex4(digits: &str) -> Option<u32> {
    match digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        true => u32::from_str_radix(digits, 16).ok(),
        false => None,
    }
}

/// Where and why `text`, which a reader here refused, is not JSON.
#[cold]
#[inline(never)]
pub fn not_json(text: &str) -> Fault {
    // The scanner refuses what the check finds; only a disagreement could bring `None`.
    fault(text, Check::Grammar).unwrap_or_else(|| Fault::at(text, 0, "not JSON"))
}

/// The `serde_json::Value` `text` holds, as serde_json's own reader makes it (the arguments
/// from JavaScript, a sync state): on the scanner, so that reader is not in the wasm. Where
/// and why it is not one when it is not (nesting past serde_json's limit, half a UTF-16 pair
/// in a string and a number past `f64` included).
pub fn tree(text: &str) -> Result<Value, Fault> {
    let mut s = Scanner::new(text);
    let mut out_of_range = None;
    let value = node(&mut s, 0, &mut out_of_range);
    match value.filter(|_| s.end().is_some()) {
        Some(value) => Ok(value),
        None => Err(match out_of_range {
            Some(at) => Fault::at(text, at, "number out of range"),
            None => fault(text, Check::Data).unwrap_or_else(|| Fault::at(text, 0, "not JSON")),
        }),
    }
}

/// One value of [`tree`], `depth` containers down; `out_of_range`: where a number too large
/// for `f64` ends (the one refusal the grammar does not see).
fn node(s: &mut Scanner<'_>, depth: usize, out_of_range: &mut Option<usize>) -> Option<Value> {
    let first = s.ahead()?;
    if matches!(first, b'{' | b'[') && depth == MAX_DATA_DEPTH {
        return None;
    }
    match first {
        b'{' => {
            let mut map = Map::new();
            s.members(|key, escaped, s| {
                let key = unescaped(key, escaped)?.into_owned();
                let value = node(s, depth + 1, out_of_range)?;
                // A name twice: the last one's value, as serde_json's `Map` keeps it.
                map.insert(key, value);
                Some(())
            })?;
            Some(Value::Object(map))
        }
        b'[' => {
            let mut items = Vec::new();
            s.array(|s| {
                items.push(node(s, depth + 1, out_of_range)?);
                Some(())
            })?;
            Some(Value::Array(items))
        }
        _ => {
            let text = s.value()?.get();
            match text.as_bytes().first()? {
                b'"' => {
                    let inner = text.get(1..text.len() - 1)?;
                    Some(Value::String(unescaped(inner, inner.contains('\\'))?.into_owned()))
                }
                b't' => Some(Value::Bool(true)),
                b'f' => Some(Value::Bool(false)),
                b'n' => Some(Value::Null),
                _ => match text.parse::<Number>() {
                    Ok(number) => Some(Value::Number(number)),
                    Err(_) => {
                        *out_of_range = Some(s.position() - 1);
                        None
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    /// Texts serde_json reads and refuses, for every reader here.
    const TEXTS: &[&str] = &[
        "",
        " ",
        "1",
        "-0.5e+3",
        "01",
        "\"a\\\"b\\u4e2D\\/\"",
        "\"tab\there\"",
        "null",
        "true",
        "nul",
        "[]",
        " [ 1 , {\"a\" : [ ] , \"b\":{}} , null ] ",
        "[1,]",
        "[1 2]",
        "[",
        "{}",
        " { } ",
        "{\"a\":1}",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{1:2}",
        "{\"a\":1} x",
        "{\"a\":1}{}",
        "{\"k\\n\":\"v\",\"\\u0061\":[1]}",
        "{\"a\":\"\\ud83d\\ude00\"}",
        "{\"a\":\"\\ud800\"}",
        "{\"\\ud800\":1}",
        "{\"a\":{\"b\":[1,{\"c\":\"]}\"}]},\"b\":\"中\"}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":[}",
    ];

    /// serde_json's typed reader's message for a text that is not JSON (the words the wire
    /// structs' serde readers used).
    fn typed_message(text: &str) -> String {
        serde_json::from_str::<serde_json::Value>(text).unwrap_err().to_string()
    }

    #[test]
    fn one_value_as_serde_json_reads_it() {
        for &text in TEXTS {
            match serde_json::from_str::<&RawValue>(text) {
                Ok(raw) => assert_eq!(value(text).unwrap().get(), raw.get(), "{text}"),
                Err(_) => assert_eq!(value(text).unwrap_err().to_string(), typed_message(text), "{text}"),
            }
        }
    }

    /// A declared wire record against serde's derive: the same texts; where the derive
    /// refused, a refusal, and for a text that is not JSON its message.
    #[test]
    fn members_as_the_derive_read_them() {
        #[derive(serde::Deserialize)]
        struct Derived<'a> {
            #[serde(borrow)]
            a: Option<&'a RawValue>,
            #[serde(borrow, rename = "type")]
            kind: Option<&'a RawValue>,
        }
        let texts = [
            r#"{"a":1,"type":"x"}"#,
            r#" { "type" : null , "a" : [1,{"b":2}], "z": {"a":3}, "c": "中" } "#,
            r#"{"z":1,"type":2,"a":3}"#,
            r#"{"\u0061":5,"t\u0079pe":true}"#,
            r#"{"a":{"a":1,"a":2}}"#,
            r#"{"a":1,"type":2,"a":3}"#,
            r#"{"type":1,"type":2,}"#,
        ];
        crate::json::wire! {
            struct Declared<'a> {
                a,
                kind = "type",
            }
        }
        use crate::json::record::Wire;
        for text in TEXTS.iter().chain(&texts) {
            let read = Declared::read(text).map(|d| [d.a, d.kind].map(|v| v.map(Json::get)));
            match (serde_json::from_str::<Derived>(text), read) {
                (Ok(d), read) => assert_eq!(read.unwrap(), [d.a.map(RawValue::get), d.kind.map(RawValue::get)], "{text}"),
                (Err(_), Ok(read)) => panic!("{text}: read as {read:?}"),
                // Text that is not JSON is said to be so, even where the derive stopped earlier
                // at a name given twice.
                (Err(_), Err(read)) if value(text).is_err() => assert_eq!(read.to_string(), typed_message(text), "{text}"),
                (Err(e), Err(ReadError::Duplicate(name))) => assert!(e.to_string().starts_with(&format!("duplicate field `{name}`")), "{text}"),
                (Err(e), Err(ReadError::BadKey)) => assert!(e.is_syntax(), "{text}: {e}"),
                (Err(e), Err(ReadError::Not { expected, .. })) => {
                    assert!(expected == "an object" && value(text).is_ok(), "{text}: {e}")
                }
                (Err(e), Err(read)) => {
                    assert!(e.is_syntax() || e.is_eof(), "{text}");
                    assert_eq!(read.to_string(), typed_message(text), "{text}");
                }
            }
        }
    }

    /// Where the typed reader stops for what raw members never minded (128 levels, half a
    /// UTF-16 pair in a string), the fault named is the one the plain check finds.
    #[test]
    fn faults_past_what_the_typed_reader_minds() {
        let deep = format!("{{\"a\":{}1{}, \"b\": x}}", "[".repeat(200), "]".repeat(200));
        for text in [deep.as_str(), r#"["\ud800", "\x"]"#, r#"{"a":"\udc00","b":tru}"#] {
            let check = serde_json::from_str::<serde::de::IgnoredAny>(text).unwrap_err();
            assert_ne!(typed_message(text), check.to_string(), "{text}");
            assert_eq!(value(text).unwrap_err().to_string(), check.to_string(), "{text}");
        }
    }

    /// The tree is the `Value` serde_json's reader makes, and where that reader refuses a
    /// text, the same words at the same place.
    #[test]
    fn trees_as_serde_json_reads_them() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let mut texts: Vec<String> = TEXTS.iter().map(|t| t.to_string()).collect();
        texts.extend(
            [
                r#"{"b":1,"a":[true,false,null,"x"],"a":{"z":"\u4e2d\n"}}"#,
                "[0, -0, 1, -1, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809]",
                "[1.5, -0.0, 1e3, 1E-3, 2.5e+10, 1152921504606847000.0, 0.1, 123456789.123456789]",
                "[1e400]",
                "{\"a\": -1e999}",
                r#"{"\ud83d\ude00":"\ud83d\ude00"}"#,
                r#"["\ud800"]"#,
                r#"{"\udc00":1}"#,
                " \n\t\r{ \"a\" : [ ] } \n",
            ]
            .map(String::from),
        );
        texts.extend([deep(126), deep(127), deep(128), deep(300)]);
        for text in &texts {
            let serde = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
            assert_eq!(tree(text).map_err(|f| f.to_string()), serde, "{text}");
        }
    }

    /// Every escape as serde_json resolves it into a `String`, and refused where it refuses.
    #[test]
    fn escapes_as_serde_json_resolves_them() {
        for inner in [
            "",
            "plain 中文",
            "\\\"\\\\\\/\\b\\f\\n\\r\\t",
            "\\u0041\\u00e9\\u4E2D\\uffff",
            "\\ud83d\\ude00 x",
            "a\\u0000b",
            "\\ud800",
            "\\ud800x",
            "\\ud800\\u0041",
            "\\ud800\\ud800",
            "\\udc00",
            "\\ud83d\\n",
        ] {
            let quoted = format!("\"{inner}\"");
            let serde = serde_json::from_str::<String>(&quoted).ok();
            assert_eq!(unescape(inner), serde, "{inner}");
        }
    }
}
