//! ShopEx's invalid JSON: the server urldecodes after `json_encode`, so raw quotes,
//! backslashes, control characters and whole JSON texts (`e000002`'s `sub_msg`) stand unescaped
//! inside strings. [`repair_json`] escapes them where the structure around says a string goes
//! on, and gives up on anything else.

use crate::scan::Scanner;

enum Frame {
    Object { expect_key: bool },
    Array,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// Is the `"` just before `after` the end of the string it is in? A key ends before `:`;
/// a value ends before the closer of its container (then `,`, another closer or the end),
/// or before `,` and the next key (`"name":`) or next array element.
fn closes(b: &[u8], after: usize, is_key: bool, stack: &[Frame]) -> bool {
    let i = skip_ws(b, after);
    let next = b.get(i).copied();
    if is_key {
        return next == Some(b':');
    }
    match (next, stack.last()) {
        (None, None) => true,
        (Some(b'}'), Some(Frame::Object { .. })) | (Some(b']'), Some(Frame::Array)) => {
            let mut j = i;
            while b.get(j).is_some_and(|c| matches!(c, b'}' | b']') || c.is_ascii_whitespace()) {
                j += 1;
            }
            matches!(b.get(j), None | Some(b','))
        }
        (Some(b','), Some(Frame::Object { .. })) => {
            let k = skip_ws(b, i + 1);
            if b.get(k) != Some(&b'"') {
                return false;
            }
            let mut m = k + 1;
            while let Some(&c) = b.get(m) {
                if c == b'"' {
                    return b.get(skip_ws(b, m + 1)) == Some(&b':');
                }
                if c < 0x20 || c == b'\\' {
                    return false;
                }
                m += 1;
            }
            false
        }
        (Some(b','), Some(Frame::Array)) => {
            let k = skip_ws(b, i + 1);
            matches!(b.get(k), Some(b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'))
        }
        _ => false,
    }
}

/// Appends `text` as JSON string content (without the quotes).
fn push_escaped(out: &mut Vec<u8>, text: &[u8]) {
    for &c in text {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x00..=0x1f => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.push(c),
        }
    }
}

/// Re-escapes one string that starts after the `"` at `start - 1`; returns the index after
/// its closing quote, or `None` when it never ends.
fn repair_string(body: &str, start: usize, is_key: bool, stack: &[Frame], out: &mut Vec<u8>) -> Option<usize> {
    let b = body.as_bytes();
    out.push(b'"');
    // A value that is itself JSON (e000002's sub_msg is `json_encode`d error data, written
    // raw): take the whole embedded value, whatever quotes it holds.
    if !is_key && matches!(b.get(start), Some(b'{' | b'[')) {
        let mut value = Scanner::new(body.get(start..)?);
        if value.value().is_some() {
            let end = start + value.position();
            if b.get(end) == Some(&b'"') && closes(b, end + 1, false, stack) {
                push_escaped(out, b.get(start..end)?);
                out.push(b'"');
                return Some(end + 1);
            }
        }
    }
    let mut i = start;
    loop {
        let c = *b.get(i)?;
        match c {
            // The writer never escapes, so a backslash is always a literal one.
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'"' if closes(b, i + 1, is_key, stack) => {
                out.push(b'"');
                return Some(i + 1);
            }
            _ => push_escaped(out, &[c]),
        }
        i += 1;
    }
}

/// The body with `"`, `\` and control characters inside strings escaped, as the server's
/// writer should have (it urlencodes every string, `json_encode`s, then urldecodes the whole
/// output). A quote ends a string only where JSON structure follows (see [`closes`]).
/// `None` when a string never ends or nothing needed repair.
pub(super) fn repair_json(body: &str) -> Option<String> {
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len() + 64);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                let is_key = matches!(stack.last(), Some(Frame::Object { expect_key: true }));
                i = repair_string(body, i + 1, is_key, &stack, &mut out)?;
                continue;
            }
            b'{' => stack.push(Frame::Object { expect_key: true }),
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { expect_key }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            b',' => {
                if let Some(Frame::Object { expect_key }) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    if out == b {
        return None;
    }
    // Only ASCII escapes were added around whole UTF-8 sequences.
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repair_escapes_raw_quotes_backslashes_and_newlines() {
        let body = "{\"response\":{\"lists\":{\"1\":{\"memo\":\"他说\"好\",然后 C:\\dir\\\n第二行 \"quoted\"\",\"x\":\"y\"}},\"count\":\"1\"}}";
        assert!(serde_json::from_str::<serde_json::Value>(body).is_err());
        let fixed = repair_json(body).unwrap();
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["response"]["lists"]["1"]["memo"], "他说\"好\",然后 C:\\dir\\\n第二行 \"quoted\"");
        assert_eq!(v["response"]["lists"]["1"]["x"], "y");
        assert_eq!(v["response"]["count"], "1");
    }

    #[test]
    fn repair_escapes_control_characters() {
        let body = "{\"count\":1,\"lists\":[{\"bn\":\"R1\",\"memo\":\"a\tb\u{1}c\r\"}]}";
        let v: serde_json::Value = serde_json::from_str(&repair_json(body).unwrap()).unwrap();
        assert_eq!(v["lists"][0]["memo"], "a\tb\u{1}c\r");
    }

    #[test]
    fn repair_keeps_embedded_json_whole() {
        let body = r#"{"error_response":{"code":"e000002","msg":"sign error","sub_msg":"{"request_sign":"ABC","assemble_str":"charsetutf-8flagtest\/x"}"}}"#;
        let fixed = repair_json(body).unwrap();
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["error_response"]["sub_msg"], r#"{"request_sign":"ABC","assemble_str":"charsetutf-8flagtest\/x"}"#);
        assert_eq!(v["error_response"]["code"], "e000002");
    }

    #[test]
    fn repair_gives_up_on_unterminated_or_valid_bodies() {
        assert_eq!(repair_json(r#"{"a":"b"}"#), None);
        assert_eq!(repair_json(r#"{"a":"b"#), None);
        assert_eq!(repair_json(""), None);
    }
}
