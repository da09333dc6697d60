//! `buildRequest`'s arguments read straight from their JSON text `[credentials, query,
//! options]` (what `pkg/src/api.js` sends), without `serde_json::Value`s: parsing the text
//! into `Value`s and dropping them was a quarter of a signature (docs/performance.md).
//!
//! Only the plain case: `null` or flat objects, unique names, strings without escapes,
//! whole numbers of at most 18 digits, booleans and null, each where the `Value` route takes
//! it without an issue. Anything else (whitespace, escapes, nested values, other numbers,
//! duplicate names, unknown fields, `query.params`, options other than `now`) is `None`, and
//! the caller reads the text the `Value` way, which gives every error and edge case.

use crate::platforms::{Credentials, Field, RequestOptions};
use crate::query::{Query, TimeField};
use crate::time;

/// The bytes that end a plain string: `"`, `\\` and the control characters (one load per byte
/// instead of three tests; the scan was a tenth of reading the arguments).
static STRING_END: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    table
};

/// Where the first byte of `STRING_END` is. Eight bytes at a time while eight are left, which
/// saved a tenth of the string scans' instructions (docs/performance.md).
fn string_end(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The bytes of `x` that are below `n` (n <= 0x80), flagged in their top bit. A byte above
    // a flagged one may be flagged wrongly (a borrow), never one below it, so the lowest
    // flag is exact.
    let below = |x: u64, n: u64| x.wrapping_sub(n * ONES) & !x & (0x80 * ONES);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let x = word.try_into().map_or(0, u64::from_le_bytes);
        let flags = below(x, 0x20) | below(x ^ (u64::from(b'"') * ONES), 1) | below(x ^ (u64::from(b'\\') * ONES), 1);
        if flags != 0 {
            return Some(at + flags.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words.remainder().iter().position(|&b| STRING_END[usize::from(b)]).map(|k| at + k)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at += 1)
    }

    fn eat(&mut self, literal: &str) -> Option<()> {
        let rest = self.text.get(self.at..)?;
        rest.starts_with(literal).then(|| self.at += literal.len())
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// A string without escapes (or control characters, which JSON refuses raw).
    fn string(&mut self) -> Option<&'a str> {
        self.eat("\"")?;
        let rest = self.text.get(self.at..)?;
        let len = string_end(rest.as_bytes())?;
        (rest.as_bytes().get(len) == Some(&b'"')).then_some(())?;
        self.at += len + 1;
        rest.get(..len)
    }

    /// Digits only, no leading zero: exactly what serde_json reads as a `u64` (a sign,
    /// a fraction or an exponent is `None`: `-0`, `1.0` and `1e3` are other `Value`s).
    fn whole(&mut self) -> Option<u64> {
        // Read as counted (a `parse` read the digits a second time). Wrapping: a checked
        // u64 multiply is a 128-bit one in wasm (`__multi3`, a call a digit); the sum is
        // exact up to 18 digits, and more are refused below.
        let mut n: u64 = 0;
        let mut digits = 0;
        for b in self.text.get(self.at..)?.bytes().take_while(u8::is_ascii_digit) {
            n = n.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            digits += 1;
        }
        if digits == 0 || digits > 18 || (digits > 1 && self.peek() == Some(b'0')) {
            return None;
        }
        self.at += digits;
        Some(n)
    }

    fn value(&mut self) -> Option<Field<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Field::Str),
            b'n' => self.eat("null").map(|()| Field::Null),
            b't' => self.eat("true").map(|()| Field::Bool(true)),
            b'f' => self.eat("false").map(|()| Field::Bool(false)),
            _ => self.whole().map(Field::Whole),
        }
    }

    /// `null` or an object of scalars with unique names, appended to `all` (no fields for
    /// `null`, which every argument reads as it reads `{}`); the index of its first field.
    fn fields(&mut self, all: &mut Vec<(&'a str, Field<'a>)>) -> Option<usize> {
        let start = all.len();
        if self.eat("null").is_some() {
            return Some(start);
        }
        self.byte(b'{')?;
        if self.byte(b'}').is_some() {
            return Some(start);
        }
        loop {
            let name = self.string()?;
            self.byte(b':')?;
            // A repeated name is the last one's value for serde_json: left to it.
            if all.get(start..)?.iter().any(|(k, _)| *k == name) {
                return None;
            }
            all.push((name, self.value()?));
            if self.byte(b'}').is_some() {
                return Some(start);
            }
            self.byte(b',')?;
        }
    }
}

/// A time as `query::time_input` reads it without an issue.
fn time_of(value: Field<'_>) -> Option<i64> {
    match value {
        Field::Str(s) => time::parse_text(s).ok(),
        Field::Whole(ms) => time::caller_epoch_ms(i64::try_from(ms).ok()?).ok(),
        _ => None,
    }
}

/// The query as `Query::from_json` reads it, when it would report no issue.
fn query(fields: &[(&str, Field<'_>)]) -> Option<Query> {
    let mut query = Query::default();
    for &(name, value) in fields {
        match (name, value) {
            (_, Field::Null) => {} // "not given", as in `Query::from_json`
            ("since", v) => query.since = Some(time_of(v)?),
            ("until", v) => query.until = Some(time_of(v)?),
            ("timeField", Field::Str("updated")) => query.time_field = Some(TimeField::Updated),
            ("timeField", Field::Str("created")) => query.time_field = Some(TimeField::Created),
            ("page", Field::Whole(n)) => query.page = Some(n),
            ("pageSize", Field::Whole(n)) => query.page_size = Some(n),
            (_, Field::Str(s)) => {
                let slot = match name {
                    "status" => &mut query.status,
                    "shopId" => &mut query.shop_id,
                    "orderId" => &mut query.order_id,
                    "refundId" => &mut query.refund_id,
                    _ => return None,
                };
                *slot = Some(s.to_string());
            }
            _ => return None,
        }
    }
    Some(query)
}

/// Options with at most `now`, as `RequestOptions::from_json` reads them without an error.
fn options(fields: &[(&str, Field<'_>)], default_now: &dyn Fn() -> i64) -> Option<RequestOptions> {
    let mut now = None;
    for &(name, value) in fields {
        match (name, value) {
            ("now", Field::Null) => {}
            ("now", v) => now = Some(time_of(v)?),
            _ => return None,
        }
    }
    // The host clock only when it is needed (a call out of the wasm).
    Some(RequestOptions::at(now.unwrap_or_else(default_now)))
}

/// The three arguments, when the text is exactly `[c,q,o]` of the plain case.
pub(crate) fn read<'a>(text: &'a str, default_now: &dyn Fn() -> i64) -> Option<(Credentials<'a>, Query, RequestOptions)> {
    let mut r = Reader { text, at: 0 };
    // The three arguments' fields in one vector (one allocation, not three); the
    // credentials keep theirs, the first ones.
    let mut all = Vec::with_capacity(16);
    r.byte(b'[')?;
    r.fields(&mut all)?;
    r.byte(b',')?;
    let q = r.fields(&mut all)?;
    r.byte(b',')?;
    let o = r.fields(&mut all)?;
    r.byte(b']')?;
    (r.at == text.len()).then_some(())?;
    let query = query(all.get(q..o)?)?;
    let options = options(all.get(o..)?, default_now)?;
    all.truncate(q);
    Some((Credentials::plain(all), query, options))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{build_request_flat, flat, request_from_values};

    /// The word-wise scan finds what the byte-wise one finds: each ending byte at every place
    /// of texts up to 24 bytes, after every other byte value, and nothing where there is none.
    #[test]
    fn string_end_is_the_bytewise_scan() {
        let bytewise = |bytes: &[u8]| bytes.iter().position(|&b| STRING_END[usize::from(b)]);
        for len in 0..24 {
            for filler in 0..=255u8 {
                let mut text = vec![filler; len];
                assert_eq!(string_end(&text), bytewise(&text), "{len} {filler}");
                for at in 0..len {
                    for end in (0..0x20).chain([b'"', b'\\']) {
                        text[at] = end;
                        assert_eq!(string_end(&text), bytewise(&text), "{len} {filler} {at} {end}");
                        text[at] = filler;
                    }
                }
            }
        }
    }

    /// The worked example of NOTES.md (旺店通) takes this route and signs as documented.
    #[test]
    fn plain_arguments_take_this_route() {
        let text = r#"[{"sid":"test2","appKey":"test2-xx","appSecret":"test_secret"},{"since":"2016-08-01 12:00:00","until":"2016-08-01 13:00:00"},{"now":1470042310000}]"#;
        let (credentials, query, options) = read(text, &|| 0).unwrap();
        assert_eq!(credentials.required("appKey").unwrap(), "test2-xx");
        assert_eq!((query.since, query.until, options.now), (Some(1_470_024_000), Some(1_470_027_600), 1_470_042_310));
        let flat = build_request_flat("wangdiantong", text, &|| 0).unwrap().unwrap();
        assert!(flat.ends_with("&sign=b6b3b7882f9a48858fa18e701d5485b9\u{1f}"), "{flat}");
        assert_eq!(read("[null,null,null]", &|| 5).map(|(_, q, o)| (q, o.now)), Some((Query::default(), 5)));
    }

    /// Whatever this route takes or leaves, `build_request_flat` answers exactly as the
    /// `Value` route: the same request, the same error, or `None` for text serde_json refuses.
    #[test]
    fn odd_arguments_answer_as_the_value_route() {
        let credentials = [
            r#"{"sid":"test2","appKey":"test2-xx","appSecret":"test_secret"}"#,
            r#"{"sid":"s","appKey":"k","appSecret":"x","sandbox":true}"#,
            r#"{"sid":"s","appKey":"k","appSecret":"x","sandbox":null,"extra":"y"}"#,
            r#"{"sid":"s","appKey":"k","appSecret":"x","sandbox":"yes"}"#,
            r#"{"sid":"s","appKey":"k","appSecret":"first","appSecret":"second"}"#,
            r#"{"sid":"s\"q","appKey":"k\u0041","appSecret":"\\"}"#,
            r#"{"sid":"旺店通","appKey":"😀","appSecret":" "}"#,
            r#"{"sid":12,"appKey":"k","appSecret":"x"}"#,
            r#"{"sid":"s","appKey":"k","appSecret":"x","nested":{"a":"b"}}"#,
            r#"{"appKey":"100123","appSecret":"mgj_secret_0123456789","accessToken":"A1B2C3D4E5F6"}"#,
            r#"{"baseUrl":"https://erp.example.com/index.php/openapi/api/post","flag":"oms","token":"shopex_token_abc"}"#,
            r#"{"appKey":"sn_app_key","appSecret":"sn_app_secret","accessToken":"sn_token"}"#,
            r#"{"appKey":"sn_app_key","appSecret":"sn_app_secret","accessToken":"","sandbox":false}"#,
            r#"{"headers":{"X-Token":"t"},"bodyFields":{"shop":"1"}}"#,
            r#"{"headers":null}"#,
            "null",
            "{}",
            "[]",
            r#""text""#,
        ];
        let queries = [
            r#"{"since":"2024-06-01 00:00:00","until":"2024-06-01 23:59:59","page":2,"pageSize":20}"#,
            r#"{"since":1717171200000,"until":"2024-06-01T23:59:59+08:00","timeField":"updated"}"#,
            r#"{"since":"2024-06-01 00:00:00","until":"2024-06-01 23:59:59","timeField":"created","status":"1","shopId":"店铺","orderId":"o1","refundId":"r1"}"#,
            r#"{"page":1,"page":2}"#,
            r#"{"page":1.0}"#,
            r#"{"page":1e3}"#,
            r#"{"page":-0}"#,
            r#"{"page":-1}"#,
            r#"{"page":0}"#,
            r#"{"page":01}"#,
            r#"{"page":"3","pageSize":"40"}"#,
            r#"{"pageSize":123456789012345678901234567890}"#,
            r#"{"pageSize":999999999999999999}"#,
            r#"{"orderId":9007199254740993}"#,
            r#"{"orderId":12345}"#,
            r#"{"since":"2024-02-30 00:00:00","until":"2024-03-01 00:00:00"}"#,
            r#"{"since":"2024-06-01 00:00:00"}"#,
            r#"{"since":null,"until":null,"page":null,"unknown":null}"#,
            r#"{"unknown":1}"#,
            r#"{"params":{"platform_id":"1"},"orderId":"o"}"#,
            r#"{"shopId":"a\u001fb"}"#,
            r#"{"shopId":"a b\n"}"#,
            r#"{"timeField":"paid"}"#,
            r#"{"since":true}"#,
            "null",
            "{}",
            "[1]",
            "7",
        ];
        let options = [
            r#"{"now":1717200000000}"#,
            r#"{"now":"2024-06-01 08:00:00"}"#,
            r#"{"now":null}"#,
            r#"{"now":-1}"#,
            r#"{"now":1.5}"#,
            r#"{"now":99999999999999999}"#,
            r#"{"operation":"refundAmount","now":1717200000000}"#,
            r#"{"endpoint":"http://localhost:8080/x"}"#,
            r#"{"timestampStyle":"unix"}"#,
            r#"{"paramsWrapper":"Params"}"#,
            r#"{"typo":1}"#,
            "null",
            "{}",
            "3",
        ];
        let mut taken = 0;
        let mut cases = 0;
        for platform in ["wangdiantong", "mogujie", "shopex", "suning", "nuoyun", "nope"] {
            for c in credentials {
                for q in queries {
                    for o in options {
                        for text in [format!("[{c},{q},{o}]"), format!("[ {c}, {q}, {o} ]"), format!("[{c},{q},{o}]x"), format!("[{c},{q}]")] {
                            cases += 1;
                            let expected = request_from_values(platform, &text, &|| 1_717_200_000).map(|r| r.map(|r| flat::encode_request(&r)));
                            assert_eq!(build_request_flat(platform, &text, &|| 1_717_200_000), expected, "{platform} {text}");
                            if read(&text, &|| 0).is_some() && matches!(expected, Some(Ok(_))) {
                                taken += 1;
                            }
                        }
                    }
                }
            }
        }
        // The common shapes really are served here, not all by the `Value` route.
        assert!(taken > 100, "{taken} of {cases}");
    }
}
