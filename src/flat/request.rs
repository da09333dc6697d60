//! A signed request as flat text (`decodeRequest` in `pkg/src/decode.js`).

use super::VERSION;
use crate::model::SignedRequest;

/// Before a letter of [`REQUEST_TEXTS`]: a fixed text.
const FIXED_TEXT: char = '\u{1c}';

/// After every value.
const SEP: char = '\u{1f}';
/// Before a value written as its JSON string (it holds U+001C..=U+001F).
const ESCAPED: char = '\u{1d}';

/// The writer of a request's text.
struct Writer {
    out: String,
}

/// Does `s` need the JSON form: has it one of U+001C..=U+001F, this text's markers? (They
/// are ASCII bytes, never inside a multi-byte character.)
fn needs_escape(s: &str) -> bool {
    s.bytes().any(|b| (0x1c..=0x1f).contains(&b))
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push(SEP);
    }

    fn text(&mut self, s: &str) {
        if needs_escape(s) {
            self.out.push(ESCAPED);
            // A JSON string escapes every control character, so the separators cannot appear.
            self.out.push_str(&serde_json::to_string(s).unwrap_or_default());
            self.out.push(SEP);
        } else {
            self.raw(s);
        }
    }

    fn count(&mut self, n: usize) {
        self.decimal(n as u64);
    }

    /// Digits written in place, without a `to_string`.
    fn decimal(&mut self, n: u64) {
        crate::time::push_zero_padded(&mut self.out, n, 1);
        self.out.push(SEP);
    }

    /// An index into [`REQUEST_TEXTS`], as one letter (the list is short).
    fn letter(&mut self, index: usize) {
        self.out.push(char::from(b'a'.saturating_add(u8::try_from(index).unwrap_or(u8::MAX))));
        self.out.push(SEP);
    }
}

/// Texts a request crosses as U+001C + one letter (`a` = the first): the platforms' fixed
/// URLs, method, header names and header values. `decodeRequest` has the same list (a test
/// compares them) and so slices no string for them and stores headers under constant names:
/// 苏宁's eight headers took 0.5 µs to decode, 0.2 µs this way (docs/performance.md, round 7).
/// At most 26 (one lowercase letter each); a request value is never U+001C raw (`text`
/// writes a value with U+001C..=U+001F as JSON).
pub const REQUEST_TEXTS: [&str; 23] = [
    "POST",
    "Content-Type",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/json; charset=utf-8",
    "text/xml; charset=utf-8",
    "application/json",
    "AppMethod",
    "AppRequestTime",
    "Format",
    "AppKey",
    "VersionNo",
    "signInfo",
    "access_token",
    "suning.custom.batchrejected.query",
    "json",
    "xml",
    "v1.2",
    "https://api.wangdian.cn/openapi2/vip_api_refund_query.php",
    "https://sandbox.wangdian.cn/openapi2/vip_api_refund_query.php",
    "https://openapi.mogujie.com/invoke",
    "https://open.suning.com/api/http/sopRequest",
    "http://openpre.cnsuning.com/api/http/sopRequest",
    "https://gateway.nuoyunapi.com/Api/Order/getRefundList/2.0.0",
];

impl Writer {
    /// A text of `REQUEST_TEXTS` as its letter, any other as `text` writes it.
    fn request_text(&mut self, s: &str) {
        match REQUEST_TEXTS.iter().position(|t| *t == s) {
            Some(i) => {
                self.out.push(FIXED_TEXT);
                self.letter(i);
            }
            None => self.text(s),
        }
    }
}

/// A signed request as flat text: url, method, header count, name/value pairs, body
/// (`decodeRequest` in `pkg/src/decode.js`). One string crosses instead of one
/// serde-wasm-bindgen call per field (docs/performance.md).
pub fn encode_request(request: &SignedRequest) -> String {
    let size = request.url.len() + request.body.len() + request.headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>();
    let mut w = Writer { out: String::with_capacity(size + 32) };
    w.raw(VERSION);
    w.request_text(&request.url);
    w.request_text(request.method);
    w.count(request.headers.len());
    for (name, value) in &request.headers {
        w.request_text(name);
        w.request_text(value);
    }
    w.text(&request.body);
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_flat_too() {
        let request = SignedRequest {
            url: "https://x/\u{1f}".into(),
            method: "POST",
            headers: vec![("A".into(), "1".into()), ("B".into(), "".into()), ("Content-Type".into(), "application/json".into()), ("C".into(), "\u{1c}a".into())],
            body: "a=1&b=2".into(),
        };
        assert_eq!(
            encode_request(&request),
            "rn5\u{1f}\u{1d}\"https://x/\\u001f\"\u{1f}\u{1c}a\u{1f}4\u{1f}A\u{1f}1\u{1f}B\u{1f}\u{1f}\u{1c}b\u{1f}\u{1c}f\u{1f}C\u{1f}\u{1d}\"\\u001ca\"\u{1f}a=1&b=2\u{1f}"
        );
    }

    /// `decodeRequest` reads the letters with the same list, and a letter is one byte.
    #[test]
    fn decode_js_has_the_same_texts() {
        let js = include_str!("../../pkg/src/decode.js");
        let list = js.split("const REQUEST_TEXTS = ").nth(1).and_then(|rest| rest.split("];").next()).unwrap();
        let texts: Vec<String> = serde_json::from_str(&format!("{list}]")).unwrap();
        assert_eq!(texts, REQUEST_TEXTS);
        assert!(REQUEST_TEXTS.len() <= 26);
    }

    /// Every fixed text of every platform's request (a borrowed `Cow`) crosses as a letter.
    #[test]
    fn fixed_texts_are_listed() {
        let arguments = [
            ("wangdiantong", r#"{"sid":"s","appKey":"k","appSecret":"x"}"#, "{}"),
            ("wangdiantong", r#"{"sid":"s","appKey":"k","appSecret":"x","sandbox":true}"#, "{}"),
            ("mogujie", r#"{"appKey":"k","appSecret":"x","accessToken":"t"}"#, "{}"),
            ("shopex", r#"{"baseUrl":"https://erp.example.com/api","flag":"oms","token":"t"}"#, "{}"),
            ("suning", r#"{"appKey":"k","appSecret":"x","accessToken":"t"}"#, "{}"),
            ("suning", r#"{"appKey":"k","appSecret":"x","sandbox":true}"#, r#"{"format":"xml"}"#),
            ("nuoyun", r#"{"headers":{"X-Token":"t"}}"#, "{}"),
        ];
        for (platform, credentials, options) in arguments {
            let text = format!(r#"[{credentials},{{"since":"2024-06-01 00:00:00","until":"2024-06-01 23:59:59"}},{options}]"#);
            let request = crate::request_from_values(platform, &text, &|| 1_717_200_000).unwrap().unwrap();
            let mut fixed = vec![request.method];
            for text in [&request.url].into_iter().chain(request.headers.iter().flat_map(|(k, v)| [k, v])) {
                if let std::borrow::Cow::Borrowed(text) = text {
                    fixed.push(text);
                }
            }
            assert!(fixed.len() >= 3, "{platform}");
            for text in fixed {
                assert!(REQUEST_TEXTS.contains(&text), "{platform} {text}");
            }
        }
    }
}
