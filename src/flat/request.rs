//! A signed request as flat text (`decodeRequest` in `pkg/src/decode.js`).

use super::VERSION;
use crate::model::SignedRequest;
use std::borrow::Cow;

/// Before a letter of [`REQUEST_TEXTS`]: a fixed text.
#[cfg_attr(not(test), allow(dead_code))] // written through FIXED_LETTERS (a test checks them)
const FIXED_TEXT: char = '\u{1c}';

/// After every value.
const SEP: char = '\u{1f}';
/// Before a value written as its JSON string (it holds U+001C..=U+001F).
const ESCAPED: char = '\u{1d}';
/// In place of the header count, before it: the names are the first ones of
/// [`SUNING_HEADERS`], so only the values follow.
const SUNING_NAMES: char = '\u{1e}';

/// 苏宁's header names in send order (`access_token` only when given). `decodeRequest` has
/// the same list (a test compares them) and makes the headers as one object literal; a
/// request with these names crosses without them: their look-ups and reads were about 5-9 %
/// of a 苏宁 signature (docs/performance.md, round 11).
pub const SUNING_HEADERS: [&str; 8] = ["Content-Type", "AppMethod", "AppRequestTime", "Format", "AppKey", "VersionNo", "signInfo", "access_token"];

/// The writer of a request's text.
struct Writer {
    out: String,
}

/// Does `s` need the JSON form: has it one of U+001C..=U+001F, this text's markers? (They
/// are ASCII bytes, never inside a multi-byte character.) Eight bytes at a time: a body is
/// most of a request's text (docs/performance.md, round 9).
fn needs_escape(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut words = s.as_bytes().chunks_exact(8);
    for word in &mut words {
        let x = word.try_into().map_or(0, u64::from_le_bytes);
        // A marker is 0b0001_11xx: masked to its top six bits and XORed with 0x1C, zero.
        let y = (x & (0xFC * ONES)) ^ (0x1C * ONES);
        // Has `y` a zero byte? (Exact as to whether there is one.)
        if y.wrapping_sub(ONES) & !y & (0x80 * ONES) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|b| (0x1c..=0x1f).contains(b))
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
}

/// [`FIXED_TEXT`], the letter and [`SEP`] of each index of [`REQUEST_TEXTS`] (`a` = 0),
/// three bytes each: one copy instead of three `push`es of a `char` (docs/performance.md,
/// round 9).
const FIXED_LETTERS: &str = "\u{1c}a\u{1f}\u{1c}b\u{1f}\u{1c}c\u{1f}\u{1c}d\u{1f}\u{1c}e\u{1f}\u{1c}f\u{1f}\u{1c}g\u{1f}\u{1c}h\u{1f}\u{1c}i\u{1f}\u{1c}j\u{1f}\u{1c}k\u{1f}\u{1c}l\u{1f}\u{1c}m\u{1f}\
\u{1c}n\u{1f}\u{1c}o\u{1f}\u{1c}p\u{1f}\u{1c}q\u{1f}\u{1c}r\u{1f}\u{1c}s\u{1f}\u{1c}t\u{1f}\u{1c}u\u{1f}\u{1c}v\u{1f}\u{1c}w\u{1f}\u{1c}x\u{1f}\u{1c}y\u{1f}\u{1c}z\u{1f}";

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

/// The indices of [`REQUEST_TEXTS`] by length (up to four a length, `NONE` after them), so
/// that a lookup compares only texts of its length: comparing each with the whole list was
/// most of the flat text's cost (docs/performance.md, round 9). Built at compile time; a
/// text of 64 bytes or more, or a fifth of one length, fails the build.
const NONE: u8 = u8::MAX;
static BY_LENGTH: [[u8; 4]; 64] = {
    let mut table = [[NONE; 4]; 64];
    let mut i = 0;
    while i < REQUEST_TEXTS.len() {
        let len = REQUEST_TEXTS[i].len();
        assert!(len < 64, "REQUEST_TEXTS: a text of 64 bytes or more; make BY_LENGTH longer");
        let mut k = 0;
        while table[len][k] != NONE {
            k += 1;
            assert!(k < 4, "REQUEST_TEXTS: five texts of one length; make BY_LENGTH wider");
        }
        table[len][k] = i as u8;
        i += 1;
    }
    table
};

/// The index of `s` in [`REQUEST_TEXTS`].
fn fixed_text(s: &str) -> Option<usize> {
    let candidates = BY_LENGTH.get(s.len())?;
    candidates.iter().take_while(|&&i| i != NONE).map(|&i| usize::from(i)).find(|&i| REQUEST_TEXTS.get(i).is_some_and(|t| same_text(t, s)))
}

/// `a == b` for texts of one length, eight bytes at a time: `memcmp` is a byte loop in wasm,
/// and the fixed texts are long (URLs, content types). The same place (a platform's constant
/// merged with the list's) is equal at once.
fn same_text(a: &str, b: &str) -> bool {
    if std::ptr::eq(a, b) {
        return true;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let word = |w: &[u8]| w.try_into().map_or(0, u64::from_le_bytes);
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    a.len() == b.len() && x.by_ref().zip(y.by_ref()).all(|(p, q)| word(p) == word(q)) && x.remainder() == y.remainder()
}

impl Writer {
    /// A text of `REQUEST_TEXTS` as its letter, any other as `text` writes it.
    fn request_text(&mut self, s: &str) {
        match fixed_text(s).and_then(|i| FIXED_LETTERS.get(3 * i..3 * i + 3)) {
            Some(letter) => self.out.push_str(letter),
            None => self.text(s),
        }
    }

    /// A URL, header name or value: only a fixed text can be in `REQUEST_TEXTS` worth a
    /// lookup; the request's own (a time, a key, a signature) is written as it is, which
    /// decodes to the same string even if it happened to equal one.
    fn part(&mut self, part: HeaderValue<'_>) {
        match part {
            HeaderValue::Fixed(fixed) => self.request_text(fixed),
            HeaderValue::Own(own) => self.text(own),
        }
    }
}

/// A URL, header name or value of a request: a platform's fixed text, or one of the request's
/// own (what `Cow::Borrowed` and `Cow::Owned` are in a `SignedRequest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderValue<'a> {
    Fixed(&'static str),
    Own(&'a str),
}

impl<'a> HeaderValue<'a> {
    pub fn text(self) -> &'a str {
        match self {
            HeaderValue::Fixed(text) => text,
            HeaderValue::Own(text) => text,
        }
    }

    /// As a `SignedRequest` holds it.
    pub fn to_cow(self) -> Cow<'static, str> {
        match self {
            HeaderValue::Fixed(text) => Cow::Borrowed(text),
            HeaderValue::Own(text) => Cow::Owned(text.to_string()),
        }
    }

    /// What a `SignedRequest` holds, as a part.
    #[allow(clippy::ptr_arg)] // the variant is the point: `&str` would lose it
    fn of(text: &'a Cow<'static, str>) -> HeaderValue<'a> {
        match text {
            Cow::Borrowed(fixed) => HeaderValue::Fixed(fixed),
            Cow::Owned(own) => HeaderValue::Own(own),
        }
    }
}

/// A request's flat text, written value by value in send order: url, method, header count,
/// name/value pairs, body (`decodeRequest` in `pkg/src/decode.js`). [`write`] writes a whole
/// request with it; 苏宁 writes its own (`suning::Unsigned::write_flat`), so that its time,
/// signature and body go straight into the text without a `String` each.
pub struct RequestWriter(Writer);

impl RequestWriter {
    /// The version, URL, method and header count. With `suning_names` the names are the first
    /// `header_count` of [`SUNING_HEADERS`] and cross as one marker: write only the values.
    pub fn new(url: HeaderValue<'_>, method: &'static str, header_count: usize, suning_names: bool, capacity: usize) -> Self {
        let mut w = Writer { out: String::with_capacity(capacity) };
        w.raw(VERSION);
        w.part(url);
        w.request_text(method);
        if suning_names {
            w.out.push(SUNING_NAMES);
        }
        w.count(header_count);
        RequestWriter(w)
    }

    /// A URL, header name or value, or a body: a fixed text as its letter, the request's own
    /// as it is (in the JSON form if it holds a marker).
    pub fn part(&mut self, part: HeaderValue<'_>) {
        self.0.part(part);
    }

    /// A value that `fill` writes straight into the text, and where it is. The caller vouches
    /// that it writes no U+001C..=U+001F (digits, a time, hex, a body of them: checked in
    /// debug builds), so it is not scanned for them.
    pub fn plain(&mut self, fill: impl FnOnce(&mut String)) -> std::ops::Range<usize> {
        let start = self.0.out.len();
        fill(&mut self.0.out);
        let written = start..self.0.out.len();
        debug_assert!(!needs_escape(self.0.out.get(written.clone()).unwrap_or_default()), "a plain value with a marker");
        self.0.out.push(SEP);
        written
    }

    /// What `plain` wrote at `range`.
    pub fn written(&self, range: std::ops::Range<usize>) -> &str {
        self.0.out.get(range).unwrap_or_default()
    }

    /// `digits` over a `plain` value of the same length written as a placeholder: 苏宁's
    /// signature, known only once its body (after it) is written.
    pub fn overwrite(&mut self, range: std::ops::Range<usize>, digits: &[u8]) {
        let (Some(place), Ok(digits)) = (self.0.out.get(range.clone()), std::str::from_utf8(digits)) else {
            return;
        };
        if place.len() == digits.len() && !needs_escape(digits) {
            self.0.out.replace_range(range, digits);
        }
    }

    pub fn finish(self) -> String {
        self.0.out
    }
}

/// The flat text of a whole request.
fn write<'a>(url: HeaderValue<'_>, method: &'static str, headers: impl ExactSizeIterator<Item = (HeaderValue<'a>, HeaderValue<'a>)> + Clone, body: &str) -> String {
    let size = url.text().len() + body.len() + headers.clone().map(|(k, v)| k.text().len() + v.text().len() + 2).sum::<usize>();
    let suning = (7..=8).contains(&headers.len()) && headers.clone().zip(SUNING_HEADERS).all(|((name, _), known)| same_text(name.text(), known));
    let mut w = RequestWriter::new(url, method, headers.len(), suning, size + 32);
    for (name, value) in headers {
        if !suning {
            w.part(name);
        }
        w.part(value);
    }
    w.part(HeaderValue::Own(body));
    w.finish()
}

/// A signed request as flat text: one string crosses, which `decodeRequest` (pkg/src/decode.js)
/// makes the object of, instead of an object built in JS a field at a time (docs/performance.md).
pub fn encode_request(request: &SignedRequest) -> String {
    let headers = request.headers.iter().map(|(k, v)| (HeaderValue::of(k), HeaderValue::of(v)));
    write(HeaderValue::of(&request.url), request.method, headers, &request.body)
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
            "rn9\u{1f}\u{1d}\"https://x/\\u001f\"\u{1f}\u{1c}a\u{1f}4\u{1f}A\u{1f}1\u{1f}B\u{1f}\u{1f}\u{1c}b\u{1f}\u{1c}f\u{1f}C\u{1f}\u{1d}\"\\u001ca\"\u{1f}a=1&b=2\u{1f}"
        );
    }

    /// The word-wise check finds a marker at every place of texts up to 40 bytes, and nothing
    /// in texts of every other byte (non-ASCII included).
    #[test]
    fn escape_check_is_the_bytewise_one() {
        for len in 0..40 {
            for at in 0..len {
                for marker in 0x1c..=0x1f_u8 {
                    let mut text = vec![b'a'; len];
                    text[at] = marker;
                    assert!(needs_escape(std::str::from_utf8(&text).unwrap()), "{len} {at} {marker}");
                }
            }
        }
        let others: String = (0..=0x7ff_u32).filter_map(char::from_u32).filter(|c| !('\u{1c}'..='\u{1f}').contains(c)).collect();
        for start in 0..others.len() {
            if let Some(text) = others.get(start..) {
                assert!(!needs_escape(text), "{start}");
            }
        }
    }

    /// The lookup by length finds every listed text, and no other; an owned text equal to
    /// one crosses as it is.
    #[test]
    fn fixed_texts_by_length() {
        for (i, text) in REQUEST_TEXTS.iter().enumerate() {
            assert_eq!(fixed_text(text), Some(i), "{text}");
            assert_eq!(fixed_text(&text[1..]), REQUEST_TEXTS.iter().position(|t| *t == &text[1..]), "{text}");
        }
        for text in ["", "post", "POST ", "jsom", "Content-Typf", &"x".repeat(64), &"x".repeat(300)] {
            assert_eq!(fixed_text(text), None, "{text}");
        }
        // Word-wise equality: a copy (another place) of each, and each spoilt at every byte.
        for text in REQUEST_TEXTS {
            let copy = String::from(text);
            assert_eq!(fixed_text(&copy), REQUEST_TEXTS.iter().position(|t| *t == text));
            for at in 0..text.len() {
                let mut spoilt = copy.clone().into_bytes();
                spoilt[at] ^= 0x20;
                let spoilt = String::from_utf8(spoilt).unwrap();
                assert!(!same_text(text, &spoilt), "{spoilt}");
                assert_eq!(fixed_text(&spoilt), REQUEST_TEXTS.iter().position(|t| *t == spoilt), "{spoilt}");
            }
        }
        let request = SignedRequest { url: String::from("POST").into(), method: "POST", headers: vec![], body: String::new() };
        assert_eq!(encode_request(&request), "rn9\u{1f}POST\u{1f}\u{1c}a\u{1f}0\u{1f}\u{1f}");
    }

    /// A plain value is written as it is, and only a placeholder of the same length is
    /// overwritten, with text that needs no escape.
    #[test]
    fn plain_values_and_their_overwrite() {
        let mut w = RequestWriter::new(HeaderValue::Fixed("POST"), "POST", 1, false, 0);
        let digits = w.plain(|out| out.push_str("0000"));
        let body = w.plain(|out| out.push_str("{\"a\":1}"));
        assert_eq!(w.written(body.clone()), "{\"a\":1}");
        for refused in [&b"12345"[..], b"123", b"12\x1f4", b"\xff\xff\xff\xff"] {
            w.overwrite(digits.clone(), refused);
        }
        assert_eq!(w.written(digits.clone()), "0000");
        w.overwrite(digits, b"beef");
        assert_eq!(w.finish(), "rn9\u{1f}\u{1c}a\u{1f}\u{1c}a\u{1f}1\u{1f}beef\u{1f}{\"a\":1}\u{1f}");
    }

    /// `decodeRequest` reads the letters with the same list, and a letter is one byte.
    #[test]
    fn decode_js_has_the_same_texts() {
        let js = include_str!("../../pkg/src/decode.js");
        let list = js.split("const REQUEST_TEXTS = ").nth(1).and_then(|rest| rest.split("];").next()).unwrap();
        let texts: Vec<String> = serde_json::from_str(&format!("{list}]")).unwrap();
        assert_eq!(texts, REQUEST_TEXTS);
        assert!(REQUEST_TEXTS.len() <= 26);
        let letters: String = ('a'..='z').flat_map(|c| [FIXED_TEXT, c, SEP]).collect();
        assert_eq!(FIXED_LETTERS, letters);
        // suningHeaders' eight-header literal: `{ "Content-Type": x[0], AppMethod: x[1], … }`.
        let literal = js.lines().find(|line| line.contains("access_token: x[7]")).and_then(|line| line.split('{').nth(1)).unwrap();
        let names: Vec<&str> = literal.split(',').map(|pair| pair.split(':').next().unwrap().trim().trim_matches('"')).collect();
        assert_eq!(names, SUNING_HEADERS);
        for (k, pair) in literal.split(',').enumerate() {
            assert!(pair.contains(&format!("x[{k}]")), "{pair}");
        }
    }

    /// 苏宁's names (seven or all eight, in order) cross as one marker; any other list, a
    /// shorter or reordered one included, crosses name by name.
    #[test]
    fn suning_names_cross_as_a_marker() {
        let request = |names: &[&'static str]| SignedRequest {
            url: "u".into(),
            method: "POST",
            headers: names.iter().enumerate().map(|(i, name)| (Cow::Borrowed(*name), Cow::Owned(i.to_string()))).collect(),
            body: "b".into(),
        };
        let names = SUNING_HEADERS.map(String::from);
        let copies: Vec<&'static str> = names.iter().map(|n| &*n.clone().leak()).collect();
        assert_eq!(encode_request(&request(&SUNING_HEADERS[..7])), "rn9\u{1f}u\u{1f}\u{1c}a\u{1f}\u{1e}7\u{1f}0\u{1f}1\u{1f}2\u{1f}3\u{1f}4\u{1f}5\u{1f}6\u{1f}b\u{1f}");
        // The same names at other places are the same names.
        assert_eq!(encode_request(&request(&copies)), "rn9\u{1f}u\u{1f}\u{1c}a\u{1f}\u{1e}8\u{1f}0\u{1f}1\u{1f}2\u{1f}3\u{1f}4\u{1f}5\u{1f}6\u{1f}7\u{1f}b\u{1f}");
        let mut swapped = SUNING_HEADERS;
        swapped.swap(2, 3);
        for names in [&SUNING_HEADERS[..6], &SUNING_HEADERS[1..], &swapped[..]] {
            let text = encode_request(&request(names));
            assert!(!text.contains('\u{1e}'), "{text}");
            assert!(text.contains(&format!("\u{1f}{}\u{1f}", names.len())), "{text}");
        }
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
