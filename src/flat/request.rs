//! A signed request as flat text (`decodeRequest` in `pkg/src/decode.js`).

use super::{Writer, VERSION};
use crate::model::SignedRequest;

/// A signed request as flat text: url, method, header count, name/value pairs, body
/// (`decodeRequest` in `pkg/src/decode.js`). One string crosses instead of one
/// serde-wasm-bindgen call per field (docs/performance.md).
pub fn encode_request(request: &SignedRequest) -> String {
    let size = request.url.len() + request.body.len() + request.headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>();
    let mut w = Writer { out: String::with_capacity(size + 32), wide: None };
    w.raw(VERSION);
    w.text(&request.url);
    w.text(request.method);
    w.count(request.headers.len());
    for (name, value) in &request.headers {
        w.text(name);
        w.text(value);
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
            headers: vec![("A".into(), "1".into()), ("B".into(), "".into())],
            body: "a=1&b=2".into(),
        };
        assert_eq!(encode_request(&request), "rn3\u{1f}\u{1d}\"https://x/\\u001f\"\u{1f}POST\u{1f}2\u{1f}A\u{1f}1\u{1f}B\u{1f}\u{1f}a=1&b=2\u{1f}");
    }
}
