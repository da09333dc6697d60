//! What the Rust tests know of each platform: one kit a platform (`tests/common/<id>.rs`), found
//! by [`kit`], the one list of them. A platform of the registry without a kit fails every test
//! that asks for one, naming it.
#![allow(dead_code)] // each test crate uses part of the kit

use refund_normalizer::SignedRequest;
use serde_json::Value;

mod mogujie;
mod nuoyun;
mod shopex;
mod suning;
mod taobao;
mod wangdiantong;

/// Secrets the tests recognise wherever they show up.
pub const APP_SECRET: &str = "SECRET-appSecret-7f3a";
pub const TOKEN: &str = "SECRET-token-shopex-91c2";
pub const ACCESS_TOKEN: &str = "SECRET-accessToken-5d0e";
pub const NUOYUN_HEADER: &str = "SECRET-nuoyun-header-33ab";
pub const NUOYUN_FIELD: &str = "SECRET-nuoyun-bodyfield-c4d1";
pub const SECRETS: [&str; 5] = [APP_SECRET, TOKEN, ACCESS_TOKEN, NUOYUN_HEADER, NUOYUN_FIELD];

/// A record the property tests generate, in the terms every platform's wire shape takes.
pub struct Generated {
    pub index: usize,
    /// A 19-digit number, the record's id and order id where the platform has them.
    pub id: u64,
    pub with_id: bool,
    /// Raw JSON texts: a yuan amount, the same in fen, a Beijing time, a Unix time.
    pub yuan: String,
    pub fen: String,
    pub at: String,
    pub unix: String,
    /// Which status and kind of the platform's table (0–7).
    pub code: usize,
    /// Numbers as JSON numbers rather than strings.
    pub as_number: bool,
}

/// A value as a JSON string or, when `number`, bare.
pub fn num(value: impl ToString, number: bool) -> String {
    if number {
        value.to_string()
    } else {
        format!("\"{}\"", value.to_string())
    }
}

/// A row of docs/fields.md's source table, checked on doc_response.json: unified field (a JSON
/// pointer into the refund), wire field (a `/` path inside the first record), the doc
/// example's value, the value once the wire field is removed (`"rejected"`: the record is).
pub type FieldRow = (&'static str, &'static str, Value, Value);

pub struct Kit {
    /// A success page around a list (its JSON text) of `n` records.
    pub page: fn(list: &str, n: usize) -> String,
    /// One record in the wire shape from raw JSON texts: the refund number, an amount in yuan
    /// (蘑菇街's kit writes it in fen), a Beijing time and a Unix time.
    pub record: fn(id: &str, amount: &str, beijing: &str, unix: &str) -> String,
    /// The platform's own error envelope (from its fixtures or doc).
    pub error_envelope: &'static str,
    /// A generated record for the property tests.
    pub generated: fn(&Generated) -> String,
    /// Valid credentials holding the secrets above.
    pub credentials: fn() -> Value,
    /// Asserts that a request built from `credentials()` carries the secrets the platform
    /// sends, exactly where it sends them (the caller checks that the rest never appear).
    pub check_sent: fn(&SignedRequest),
    /// The JSON pointer of the first record in `tests/fixtures/<id>/doc_response.json`.
    pub first_record: &'static str,
    /// docs/fields.md's rows for the platform.
    pub field_rows: fn() -> Vec<FieldRow>,
    /// Bodies of odd shapes (records that are not objects, nested lists that are not arrays,
    /// lists that are objects, repeated and escaped keys, text around the value) that read
    /// alike with and without `includeRaw`.
    pub odd_bodies: &'static [&'static str],
    /// Small pages (broken JSON, repeated fields, odd numbers, escapes, nesting) every one-byte
    /// deletion, change and insertion of which reads alike with and without `includeRaw`.
    pub edited_pages: &'static [&'static str],
    /// A page of `n` records with rejected records, repeated ids (page warnings) and non-ASCII
    /// values, for the page writer's batches and chunks.
    pub big_page: Option<fn(n: usize) -> String>,
    /// For a platform that answers in XML (`doc_response.xml` among its fixtures): an XML page
    /// of `n` records with rejected ones among the first, and the tag holding a record's id.
    pub xml_page: Option<XmlPage>,
}

/// An XML page of `n` records, and the tag holding a record's id.
pub type XmlPage = (fn(n: usize) -> String, &'static str);

/// The kit of a platform.
pub fn kit(platform: &str) -> &'static Kit {
    match platform {
        "shopex" => &shopex::KIT,
        "wangdiantong" => &wangdiantong::KIT,
        "mogujie" => &mogujie::KIT,
        "suning" => &suning::KIT,
        "nuoyun" => &nuoyun::KIT,
        "taobao" => &taobao::KIT,
        other => panic!("tests/common has no kit for {other}: add tests/common/{other}.rs"),
    }
}

/// A success page holding these records.
pub fn page(platform: &str, records: &[String]) -> String {
    (kit(platform).page)(&format!("[{}]", records.join(",")), records.len())
}

/// A page of `n` records that are all `{}` in the platform's envelope.
pub fn empty_records(platform: &str, n: usize) -> String {
    (kit(platform).page)(&format!("[{}]", vec!["{}"; n].join(",")), n)
}

/// A form-encoded body's pairs, decoded (`+` as a space, `%XX` escapes), in order.
pub fn form_pairs(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    body.split('&').map(|kv| kv.split_once('=').unwrap()).map(|(k, v)| (decode(k), decode(v))).collect()
}
