//! The reader of values and members: any text serde_json accepts, read on the `Scanner`'s grammar into
//! what the wire structs, lists and envelopes need (one value's text, an object's named
//! members, an array's elements, every member with its key), and into a `serde_json::Value`
//! for the arguments ([`tree`]). Where a text is not JSON, [`NotJson`] says where the scanner
//! stopped and what stands there. No serde_json reader is compiled in (docs/performance.md).

use super::Json;
use crate::scan::Scanner;
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// Containers a [`tree`] may nest: serde_json's `Value` reader refuses its 128th, and so
/// does this one (a deeper argument is no data a caller means to send).
pub const MAX_DEPTH: usize = 127;

/// Where a text stops being JSON: the line and column (1-based; the column counts bytes from
/// the line's start) of the byte the reader stopped at, and what stands there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotJson {
    pub line: usize,
    pub column: usize,
    found: Found,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// The text ended before its value did.
    End,
    Char(char),
    /// A refusal the grammar does not see (a number past `f64`, nesting past [`MAX_DEPTH`]).
    Reason(&'static str, &'static str),
}

impl NotJson {
    /// The text stops being JSON at byte `at`: what stands there.
    pub fn at(text: &str, at: usize) -> NotJson {
        let found = match text.get(at..).and_then(|rest| rest.chars().next()) {
            Some(c) if !text[at..].trim().is_empty() => Found::Char(c),
            _ => Found::End,
        };
        NotJson::placed(text, at, found)
    }

    /// At byte `at`, for a reason the grammar does not see (English, Chinese).
    fn because(text: &str, at: usize, why: &'static str, why_zh: &'static str) -> NotJson {
        NotJson::placed(text, at, Found::Reason(why, why_zh))
    }

    fn placed(text: &str, at: usize, found: Found) -> NotJson {
        let at = at.min(text.len());
        let before = text.as_bytes().get(..at).unwrap_or_default();
        let line_start = before.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
        NotJson { line, column: at - line_start + 1, found }
    }

    /// The text ended before its value did: a body cut off in transit, perhaps.
    pub fn is_end(&self) -> bool {
        self.found == Found::End
    }

    /// What stands where the text stops being JSON, in Chinese.
    pub fn what_zh(&self) -> String {
        match self.found {
            Found::End => "内容意外结束".to_string(),
            Found::Char(c) => format!("意外的字符 {}", Shown(c)),
            Found::Reason(_, zh) => zh.to_string(),
        }
    }
}

/// A character as a message shows it: `'x'` when it is visible ASCII, else its code point
/// (`U+0009`), without the Unicode tables `{:?}` brings into the wasm.
struct Shown(char);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            c if c.is_ascii_graphic() => write!(f, "'{c}'"),
            c => write!(f, "U+{:04X}", u32::from(c)),
        }
    }
}

impl fmt::Display for NotJson {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.found {
            Found::End => f.write_str("unexpected end of the text")?,
            Found::Char(c) => write!(f, "unexpected {}", Shown(c))?,
            Found::Reason(why, _) => f.write_str(why)?,
        }
        write!(f, " at line {} column {}", self.line, self.column)
    }
}

/// Why a text could not be read as asked.
#[derive(Debug)]
pub enum ReadError<'a> {
    /// This text is not JSON from byte `at` on, where the reader stopped.
    NotJson { text: &'a str, at: usize },
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
            ReadError::NotJson { text, at } => NotJson::at(text, *at).fmt(f),
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
    match value {
        Some(value) if s.end().is_some() => Ok(value),
        _ => Err(ReadError::NotJson { text, at: s.position() }),
    }
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

/// The `serde_json::Value` `text` holds, as serde_json's own reader makes it (the arguments
/// from JavaScript, a sync state): on the scanner, so that reader is not in the wasm. Where
/// it is not one when it is not (nesting past [`MAX_DEPTH`], half a UTF-16 pair in a string
/// and a number past `f64` included).
pub fn tree(text: &str) -> Result<Value, NotJson> {
    let mut s = Scanner::new(text);
    let mut refused = None;
    let value = node(&mut s, 0, &mut refused);
    match value.filter(|_| s.end().is_some()) {
        Some(value) => Ok(value),
        None => Err(match refused {
            Some((at, why, why_zh)) => NotJson::because(text, at, why, why_zh),
            None => NotJson::at(text, s.position()),
        }),
    }
}

/// Where [`tree`] refused what the grammar allows, and why (English, Chinese).
type Refusal = Option<(usize, &'static str, &'static str)>;

/// One value of [`tree`], `depth` containers down; `refused`: a refusal the grammar does not
/// see (a number too large for `f64`, nesting past [`MAX_DEPTH`]).
fn node(s: &mut Scanner<'_>, depth: usize, refused: &mut Refusal) -> Option<Value> {
    let first = s.ahead()?;
    if matches!(first, b'{' | b'[') && depth == MAX_DEPTH {
        *refused = Some((s.position(), "nested more than 127 levels deep", "嵌套超过 127 层"));
        return None;
    }
    match first {
        b'{' => {
            let mut map = Map::new();
            s.members(|key, escaped, s| {
                let key = unescaped(key, escaped)?.into_owned();
                let value = node(s, depth + 1, refused)?;
                // A name twice: the last one's value, as serde_json's `Map` keeps it.
                map.insert(key, value);
                Some(())
            })?;
            Some(Value::Object(map))
        }
        b'[' => {
            let mut items = Vec::new();
            s.array(|s| {
                items.push(node(s, depth + 1, refused)?);
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
                        *refused = Some((s.position().saturating_sub(text.len()), "a number out of range", "数字超出范围"));
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

    #[test]
    fn one_value_as_serde_json_reads_it() {
        for &text in TEXTS {
            match serde_json::from_str::<&RawValue>(text) {
                Ok(raw) => assert_eq!(value(text).unwrap().get(), raw.get(), "{text}"),
                Err(_) => assert!(value(text).unwrap_err().to_string().contains(" at line 1 column "), "{text}"),
            }
        }
    }

    /// Where a text stops being JSON: the byte the reader stopped at, and what stands there.
    #[test]
    fn not_json_says_where_and_what() {
        for (text, said) in [
            ("{\"code\" 0}", "unexpected '0' at line 1 column 9"),
            ("{\n  \"code\": 0,\n  \"data\": {\"list\": [1 2]}\n}", "unexpected '2' at line 3 column 23"),
            ("[1,]", "unexpected ']' at line 1 column 4"),
            ("{\"a\":1} x", "unexpected 'x' at line 1 column 9"),
            ("01", "unexpected '1' at line 1 column 2"),
            ("\"tab\there\"", "unexpected U+0009 at line 1 column 5"),
            ("nul", "unexpected end of the text at line 1 column 4"),
            ("tru e", "unexpected U+0020 at line 1 column 4"),
            ("\"a\\x\"", "unexpected 'x' at line 1 column 4"),
            ("[", "unexpected end of the text at line 1 column 2"),
            ("{\"a\":[}", "unexpected '}' at line 1 column 7"),
            ("", "unexpected end of the text at line 1 column 1"),
        ] {
            assert_eq!(value(text).unwrap_err().to_string(), said, "{text}");
        }
        assert!(NotJson::at("[1,", 3).is_end());
        assert_eq!(NotJson::at("[1 2]", 3).what_zh(), "意外的字符 '2'");
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
                // Text that is not JSON is said to be so, where the reader stopped, even where
                // the derive stopped earlier at a name given twice.
                (Err(_), Err(read)) if value(text).is_err() => assert_eq!(read.to_string(), value(text).unwrap_err().to_string(), "{text}"),
                (Err(e), Err(ReadError::Duplicate(name))) => assert!(e.to_string().starts_with(&format!("duplicate field `{name}`")), "{text}"),
                (Err(e), Err(ReadError::BadKey)) => assert!(e.is_syntax(), "{text}: {e}"),
                (Err(e), Err(ReadError::Not { expected, .. })) => {
                    assert!(expected == "an object" && value(text).is_ok(), "{text}: {e}")
                }
                (Err(e), Err(read)) => {
                    assert!(e.is_syntax() || e.is_eof(), "{text}");
                    assert!(read.to_string().contains(" at line "), "{text}");
                }
            }
        }
    }

    /// The tree is the `Value` serde_json's reader makes, and refused where that reader
    /// refuses, with where.
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
            match (serde_json::from_str::<Value>(text), tree(text)) {
                (Ok(serde), ours) => assert_eq!(ours, Ok(serde), "{text}"),
                (Err(_), ours) => assert!(ours.unwrap_err().to_string().contains(" at line "), "{text}"),
            }
        }
        assert_eq!(tree("[1e400]").unwrap_err().to_string(), "a number out of range at line 1 column 2");
        assert_eq!(tree(&deep(128)).unwrap_err().to_string(), "nested more than 127 levels deep at line 1 column 128");
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
