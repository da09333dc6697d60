//! The bad-input catalogue (docs/bad-inputs.md), one test per row: every bad input tried on
//! every platform and exactly what the user gets. The outcome is written as one line:
//! `error <code>` or `page: <n> refunds; rejected [<code>@<path>, ...]; warnings [...]`
//! plus the record fields a row is about.
//!
//! `catalogue_and_tests_match_one_to_one` keeps the document and this file in step;
//! `cargo test --test bad_inputs print_catalogue -- --ignored --nocapture` prints the rows.
//! At the end, the reader's messages for the inputs the catalogue only classifies.

use refund_normalizer::{parse_response, ParseOptions, PlatformId, RefundPage};

const PLATFORMS: [&str; PlatformId::IDS.len()] = PlatformId::IDS;

// ---------------------------------------------------------------------------------------
// Well-formed bodies (each platform's kit, tests/common), then broken on purpose.

mod common;
use common::{kit, page};

/// One record in the platform's wire shape; `id`, `amount` (yuan) and the times are raw JSON
/// texts, so big numbers and odd types pass through untouched.
fn record(platform: &str, id: &str, amount: &str, beijing: &str, unix: &str) -> String {
    (kit(platform).record)(id, amount, beijing, unix)
}

fn good_record(platform: &str) -> String {
    record(platform, "\"R1001\"", "\"153.20\"", "\"2024-06-01 10:00:00\"", "1717207200")
}

/// The page with its list replaced by a raw JSON text.
fn page_with_list(platform: &str, list: &str) -> String {
    (kit(platform).page)(list, 1)
}

/// Each platform's own error envelope.
fn error_envelope(platform: &str) -> &'static str {
    kit(platform).error_envelope
}

fn bytes(text: impl Into<String>) -> Vec<u8> {
    text.into().into_bytes()
}

/// The body of a catalogue row for a platform.
fn body(row: &str, platform: &str) -> Vec<u8> {
    let good = page(platform, &[good_record(platform)]);
    match row {
        "truncated" => bytes(&good[..good.len() / 2]),
        "truncated_inside_a_character" => {
            let cut = good.replacen("\"R1001\"", "\"退款R1001\"", 1);
            cut.as_bytes()[..cut.find("退").unwrap_or(0) + 2].to_vec()
        }
        "open_braces" => bytes("{{"),
        "open_brackets" => bytes("[[[["),
        "object_then_garbage" => bytes(format!("{good} x")),
        "html_error_page" => bytes("<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"),
        "empty_body" => Vec::new(),
        "whitespace_body" => bytes(" \r\n\t "),
        "json_null" => bytes("null"),
        "top_level_array" => bytes("[]"),
        "top_level_string" => bytes("\"success\""),
        "top_level_number" => bytes("42"),
        "list_is_a_string" => bytes(page_with_list(platform, "\"none\"")),
        "list_is_null" => bytes(page_with_list(platform, "null")),
        "record_not_an_object" => bytes(page_with_list(platform, &format!("[7,{}]", good_record(platform)))),
        "amount_is_an_object" => bytes(page(platform, &[record(platform, "\"R1001\"", "{\"v\":1}", "\"2024-06-01 10:00:00\"", "1717207200")])),
        "id_is_an_array" => bytes(page(platform, &[record(platform, "[1]", "\"153.20\"", "\"2024-06-01 10:00:00\"", "1717207200")])),
        "amount_1e400" => bytes(page(platform, &[record(platform, "\"R1001\"", "1e400", "\"2024-06-01 10:00:00\"", "1717207200")])),
        "id_20_digits" => bytes(page(platform, &[record(platform, "12345678901234567890", "\"153.20\"", "\"2024-06-01 10:00:00\"", "1717207200")])),
        "amount_40_digits" => bytes(page(platform, &[record(platform, "\"R1001\"", &format!("\"{}\"", "9".repeat(40)), "\"2024-06-01 10:00:00\"", "1717207200")])),
        "amount_41_digits" => bytes(page(platform, &[record(platform, "\"R1001\"", &format!("\"{}\"", "9".repeat(41)), "\"2024-06-01 10:00:00\"", "1717207200")])),
        "invalid_utf8" => {
            let mut b = good.into_bytes();
            let at = b.len() - 10;
            b.insert(at, 0xff);
            b
        }
        "deep_nesting_arrays" => bytes("[".repeat(10_000)),
        "deep_nesting_in_list" => bytes(page_with_list(platform, &format!("[{}{}]", "[".repeat(10_000), "]".repeat(10_000)))),
        "duplicated_records" => bytes(page(platform, &[good_record(platform), good_record(platform)])),
        "zero_dates" => bytes(page(platform, &[record(platform, "\"R1001\"", "\"153.20\"", "\"0000-00-00 00:00:00\"", "0")])),
        "impossible_date" => bytes(page(platform, &[record(platform, "\"R1001\"", "\"153.20\"", "\"2024-02-30 10:00:00\"", "\"yesterday\"")])),
        "negative_amount" => bytes(page(platform, &[record(platform, "\"R1001\"", "\"-153.20\"", "\"2024-06-01 10:00:00\"", "1717207200")])),
        "bom" => bytes(format!("\u{feff}{good}")),
        "nul_byte_after_body" => bytes(format!("{good}\0")),
        "nul_escape_in_text" => bytes(good.replacen("R1001", "R10\\u000001", 1)),
        "raw_nul_in_string" => bytes(good.replacen("R1001", "R10\u{0}01", 1)),
        "xml_body" => bytes(include_str!("fixtures/suning/doc_response.xml")),
        "json_behind_xml_declaration" => bytes(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{good}")),
        "deep_nesting_xml" => bytes(format!("<sn_responseContent>{}", "<a>".repeat(10_000))),
        other if other.starts_with("error_envelope_of_") => bytes(error_envelope(&other["error_envelope_of_".len()..])),
        other => panic!("no row {other}"),
    }
}

/// What the user gets, as one line.
fn outcome(result: &Result<RefundPage<'_>, refund_normalizer::RefundError>) -> String {
    match result {
        Err(e) => {
            let mut s = format!("error {}", e.code.as_str());
            if let Some(code) = &e.platform_code {
                s.push_str(&format!(" (platformCode {code}"));
                s.push_str(if e.retryable { ", retryable)" } else { ")" });
            } else if e.retryable {
                s.push_str(" (retryable)");
            }
            s
        }
        Ok(page) => {
            let rejected: Vec<String> = page.rejected.iter().map(|r| format!("{}@{}", r.code, r.path)).collect();
            let mut s = format!("page: {} refunds; rejected [{}]", page.refunds.len(), rejected.join(", "));
            if !page.warnings.is_empty() {
                s.push_str(&format!("; warnings [{}]", page.warnings.iter().map(|w| w.message.as_str()).collect::<Vec<_>>().join(" | ")));
            }
            for r in &page.refunds {
                s.push_str(&format!(
                    "; {{id {}, amount {}, createdAt {}, updatedAt {}{}}}",
                    r.id,
                    r.refunded_amount.as_deref().or(r.requested_amount.as_deref()).unwrap_or("null"),
                    r.created_at.as_deref().unwrap_or("null"),
                    r.updated_at.as_deref().unwrap_or("null"),
                    if r.warnings.is_empty() { String::new() } else { format!(", warnings [{}]", r.warnings.iter().map(|w| w.message.as_str()).collect::<Vec<_>>().join(" | ")) },
                ));
            }
            s
        }
    }
}

fn run(row: &str, platform: &str) -> String {
    let body = body(row, platform);
    outcome(&parse_response(platform, &body, &ParseOptions::default()))
}

/// Every row, in catalogue order. The error-envelope rows are added per other platform.
const ROWS: &[(&str, &str)] = &[
    ("truncated", "a valid one-record page cut in half"),
    ("truncated_inside_a_character", "a valid page cut inside a Chinese character"),
    ("open_braces", "`{{`"),
    ("open_brackets", "`[[[[`"),
    ("object_then_garbage", "a valid page followed by ` x`"),
    ("html_error_page", "an nginx `502 Bad Gateway` HTML page"),
    ("empty_body", "zero bytes"),
    ("whitespace_body", "only white space"),
    ("json_null", "`null`"),
    ("top_level_array", "`[]`"),
    ("top_level_string", "`\"success\"`"),
    ("top_level_number", "`42`"),
    ("list_is_a_string", "the record list is `\"none\"`"),
    ("list_is_null", "the record list is `null`"),
    ("record_not_an_object", "the list is `[7, <good record>]`"),
    ("amount_is_an_object", "the amount field is `{\"v\":1}`"),
    ("id_is_an_array", "the refund number is `[1]`"),
    ("amount_1e400", "the amount is the JSON number `1e400`"),
    ("id_20_digits", "the refund number is the JSON number `12345678901234567890` (> u64, > 2^53)"),
    ("amount_40_digits", "the amount is `\"9999…9\"` (40 digits)"),
    ("amount_41_digits", "the amount has 41 digits"),
    ("invalid_utf8", "a 0xFF byte inside a valid page"),
    ("deep_nesting_arrays", "10 000 × `[`"),
    ("deep_nesting_in_list", "a record nested 10 000 arrays deep inside a valid page"),
    ("deep_nesting_xml", "`<sn_responseContent>` + 10 000 × `<a>`"),
    ("duplicated_records", "the same record twice"),
    ("zero_dates", "`0000-00-00 00:00:00` and `0` in every date"),
    ("impossible_date", "`2024-02-30 10:00:00` / `\"yesterday\"` as dates"),
    ("negative_amount", "the amount is `\"-153.20\"`"),
    ("bom", "a UTF-8 BOM before a valid page"),
    ("nul_byte_after_body", "a NUL byte after a valid page"),
    ("nul_escape_in_text", "`\\u0000` inside the refund number"),
    ("raw_nul_in_string", "a raw NUL byte inside a JSON string"),
    ("xml_body", "苏宁's XML doc response"),
    ("json_behind_xml_declaration", "`<?xml …?>` followed by a JSON page"),
];

fn all_rows(platform: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = ROWS.iter().map(|(r, d)| (r.to_string(), d.to_string())).collect();
    for other in PLATFORMS {
        let what = if other == platform { "its own error envelope".to_string() } else { format!("{other}'s error envelope") };
        rows.push((format!("error_envelope_of_{other}"), format!("{what}: `{}`", error_envelope(other))));
    }
    rows
}

#[test]
#[ignore]
fn print_catalogue() {
    for platform in PLATFORMS {
        println!("\n## {platform}\n\n| input | what the user gets | test |\n|---|---|---|");
        for (row, description) in all_rows(platform) {
            let got = run(&row, platform).replace('|', "\\|");
            println!("| {} | {got} | `{platform}_{row}` |", description.replace('|', "\\|"));
        }
    }
}

/// One test per catalogue row: `platform row => expected outcome`.
macro_rules! rows {
    ($($name:ident: $platform:literal $row:literal => $expected:expr;)*) => {
        $(
            #[test]
            fn $name() {
                assert_eq!(run($row, $platform), $expected);
            }
        )*
        const TESTS: &[(&str, &str, &str)] = &[$((stringify!($name), $platform, $row)),*];
    };
}

include!("bad_inputs/rows.rs");

#[test]
fn catalogue_and_tests_match_one_to_one() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/bad-inputs.md")).unwrap();
    let mut in_doc: Vec<String> = doc
        .lines()
        .filter(|l| l.starts_with('|'))
        .filter_map(|l| l.trim_end_matches('|').rsplit('|').next())
        .filter_map(|cell| cell.trim().strip_prefix('`').and_then(|c| c.strip_suffix('`')).map(str::to_string))
        .collect();
    let mut in_tests: Vec<String> = TESTS.iter().map(|(name, ..)| name.to_string()).collect();
    for separate in ["fifty_megabyte_body_on_every_platform", "http_4xx_with_a_body_that_is_not_the_platforms_is_http_error_with_the_status", "only_a_valid_prefix_is_called_truncated", "a_byte_that_is_not_utf8_inside_one_record_rejects_only_that_record"] {
        in_tests.push(separate.to_string());
    }
    in_doc.sort();
    in_tests.sort();
    assert_eq!(in_doc, in_tests, "docs/bad-inputs.md and tests/bad_inputs.rs differ");
    for (name, platform, row) in TESTS.iter() {
        assert_eq!(*name, format!("{platform}_{row}"), "test names say platform and row");
        assert!(all_rows(platform).iter().any(|(r, _)| r == row), "{name}: no such row");
    }
    for platform in PLATFORMS {
        for (row, _) in all_rows(platform) {
            assert!(TESTS.iter().any(|(_, p, r)| *p == platform && *r == row), "row {platform}_{row} has no test");
        }
    }
}

/// A 50 MB body, built once, through every platform: completes in bounded time and gives
/// the same page as the small one (the huge text stays in a field nobody reads).
#[test]
fn fifty_megabyte_body_on_every_platform() {
    let padding = format!(",\"zz_padding\":\"{}\"", "退".repeat(50 * 1024 * 1024 / 3));
    let started = std::time::Instant::now();
    for platform in PLATFORMS {
        let good = page(platform, &[good_record(platform)]);
        let body = good.replacen("\"R1001\"", &format!("\"R1001\"{padding}"), 1);
        assert!(body.len() > 50_000_000);
        let one = std::time::Instant::now();
        let page = parse_response(platform, body.as_bytes(), &ParseOptions::default()).unwrap_or_else(|e| panic!("{platform}: {e}"));
        eprintln!("{platform}: 50 MB in {:?}", one.elapsed());
        assert_eq!(page.refunds.len(), 1, "{platform}");
        assert!(page.refunds[0].id.starts_with("R1001"), "{platform}");
    }
    // Generous for an unoptimised test build on a shared machine; release is ~20x faster.
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "took {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------
// What the reader says.

fn raw_options(include_raw: bool) -> ParseOptions {
    ParseOptions { include_raw, ..ParseOptions::default() }
}

/// A record that is not an object says what it is, on every platform, with `includeRaw` and
/// without.
#[test]
fn records_that_are_not_objects_say_what_they_are() {
    for platform in PLATFORMS {
        for (item, found) in [("[\"R1\",\"153.20\"]", "an array"), ("\"R1\"", "a string"), ("7.5", "a number"), ("true", "a boolean")] {
            let body = page_with_list(platform, &format!("[{item},{}]", good_record(platform)));
            for include_raw in [false, true] {
                let page = parse_response(platform, body.as_bytes(), &raw_options(include_raw)).unwrap();
                assert_eq!((page.refunds.len(), page.rejected.len()), (1, 1), "{platform} {item}");
                let rejected = &page.rejected[0];
                assert_eq!(rejected.code, "not_an_object", "{platform} {item}");
                let expected = format!("the record is not an object of fields: expected an object, found {found}");
                assert_eq!(rejected.message, expected, "{platform} {item}");
            }
        }
    }
}

/// An object of the envelope given as an array is refused where it stands, not read by
/// position: `"status": ["0000000", "ok"]` is not a success.
#[test]
fn nested_objects_given_as_arrays_are_refused() {
    for (platform, body, path) in [
        ("mogujie", r#"{"result":{"data":{"hasNext":false,"refundFullDTOList":[]}},"status":["0000000","ok"]}"#, "status"),
        ("mogujie", r#"{"result":[{"hasNext":false,"refundFullDTOList":[]}],"status":{"code":"0000000"}}"#, "result"),
        ("mogujie", r#"{"result":{"data":[false,[]]},"status":{"code":"0000000"}}"#, "result.data"),
        ("shopex", r#"{"error_response":["e000002","sign error"]}"#, "error_response"),
        ("shopex", r#"{"response":[{"lists":[],"count":"0"}]}"#, "response"),
    ] {
        for include_raw in [false, true] {
            let e = parse_response(platform, body.as_bytes(), &raw_options(include_raw)).unwrap_err();
            assert_eq!(e.code, refund_normalizer::ErrorCode::InvalidBody, "{body}");
            assert_eq!(e.path.as_deref(), Some(path), "{body}");
            assert!(e.message.ends_with(&format!("{path} is not an object")), "{body}: {}", e.message);
        }
    }
}

/// An envelope with a name twice is JSON, but which value would be meant? Refused as such,
/// not as "not valid JSON".
#[test]
fn an_envelope_with_a_name_twice_says_so() {
    for (platform, body, name) in [
        ("shopex", r#"{"response":{"lists":[],"count":"0"},"response":null}"#, "response"),
        ("wangdiantong", r#"{"code":0,"code":1,"total_count":"0","trade_list":[]}"#, "code"),
        ("mogujie", r#"{"status":{"code":"0000000"},"status":{"code":"1"}}"#, "status"),
        ("suning", r#"{"sn_responseContent":{},"sn_responseContent":{}}"#, "sn_responseContent"),
        ("nuoyun", r#"{"code":200,"code":500,"data":{"total":0,"list":[]}}"#, "code"),
    ] {
        let e = parse_response(platform, body.as_bytes(), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, refund_normalizer::ErrorCode::InvalidBody, "{platform}");
        let said = [format!("`{name}` twice"), format!("duplicate field `{name}`")];
        assert!(said.iter().any(|s| e.message.contains(s.as_str())), "{platform}: {}", e.message);
        assert!(!e.message.contains("not valid JSON"), "{platform}: {}", e.message);
    }
}

/// A body that is not JSON says where and what stands there, in both languages.
#[test]
fn bodies_that_are_not_json_say_where() {
    for platform in PLATFORMS {
        for (body, en, zh) in [
            ("{\"code\" 0}", "unexpected '0' at line 1 column 9", "意外的字符 '0'(第 1 行第 9 列)"),
            ("{\n  \"code\": 0,\n  \"data\": {\"list\": [1 2]}\n}", "unexpected '2' at line 3 column 23", "意外的字符 '2'(第 3 行第 23 列)"),
        ] {
            let e = parse_response(platform, body.as_bytes(), &ParseOptions::default()).unwrap_err();
            assert_eq!(e.code, refund_normalizer::ErrorCode::InvalidBody, "{platform}");
            assert_eq!(e.message, format!("the body is not valid JSON: {en}"), "{platform}");
            assert!(e.message_zh.ends_with(zh), "{platform}: {}", e.message_zh);
            assert!(!e.retryable, "{platform}");
        }
        // Cut short: said so, and worth a retry.
        let good = page(platform, &[good_record(platform)]);
        let e = parse_response(platform, &good.as_bytes()[..good.len() - 3], &ParseOptions::default()).unwrap_err();
        assert!(e.message.contains("ends early") && e.message_zh.contains("内容意外结束") && e.retryable, "{platform}: {}", e.message);
    }
}

/// A text field with half a UTF-16 pair holds no text: the record is rejected, by name.
#[test]
fn half_a_utf16_pair_in_a_field_is_said() {
    let record = r#"{"refund_no":"R1","tid":"T1\ud800","type":"1","status":"5","refund_amount":"1.00","modified":"2024-06-01 10:00:00"}"#;
    let body = page_with_list("wangdiantong", &format!("[{record}]"));
    for include_raw in [false, true] {
        let page = parse_response("wangdiantong", body.as_bytes(), &raw_options(include_raw)).unwrap();
        let rejected = &page.rejected[0];
        assert_eq!((rejected.code, rejected.path.as_str()), ("invalid_type", "trade_list[0].tid"));
        assert!(rejected.message.starts_with("tid holds a lone UTF-16 surrogate"), "{}", rejected.message);
    }
}

/// A body that is JSON but not an object says so, in both languages, on every platform, with
/// `includeRaw` and without.
#[test]
fn bodies_that_are_not_objects_say_so() {
    for platform in PLATFORMS {
        for body in ["[]", " [1, {\"code\": 0}] ", "\"success\"", "42", "null", "true"] {
            for include_raw in [false, true] {
                let e = parse_response(platform, body.as_bytes(), &raw_options(include_raw)).unwrap_err();
                assert_eq!(e.code, refund_normalizer::ErrorCode::InvalidBody, "{platform} {body}");
                assert!(e.message.ends_with("the body is not a JSON object"), "{platform} {body}: {}", e.message);
                assert!(e.message_zh.contains("JSON 对象") || e.message_zh.ends_with("the body is not a JSON object"), "{platform} {body}: {}", e.message_zh);
                assert!(!e.retryable, "{platform} {body}");
            }
        }
    }
}

/// A failed status with a body that is not the platform's: the status is the news. 401, 403
/// and the other 4xx are not worth a retry; 429 and 5xx are. An HTML page says so.
#[test]
fn http_4xx_with_a_body_that_is_not_the_platforms_is_http_error_with_the_status() {
    let login = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action=/login></form></body></html>";
    for platform in PLATFORMS {
        for (status, body, retryable) in [
            (401, login, false),
            (403, "Forbidden", false),
            (403, r#"{"message":"Forbidden"}"#, false),
            (404, "", false),
            (407, "<html><body>Proxy Authentication Required</body></html>", false),
            (429, "Too Many Requests", true),
            (502, login, true),
        ] {
            let options = ParseOptions { http_status: Some(status), ..ParseOptions::default() };
            let e = parse_response(platform, body.as_bytes(), &options).unwrap_err();
            assert_eq!((e.code, e.http_status, e.retryable), (refund_normalizer::ErrorCode::HttpError, Some(status), retryable), "{platform} {status} {body}: {e}");
            assert!(e.message.starts_with(&format!("HTTP {status}")) && e.message_zh.starts_with(&format!("HTTP {status}")), "{}", e.message);
            if body.contains("<html") {
                assert!(e.message.contains("an HTML page: a login page or a proxy?"), "{}", e.message);
                assert!(e.message_zh.contains("HTML 页面:登录页或代理?"), "{}", e.message_zh);
            }
        }
        // The platform's own envelope keeps the platform's verdict, whatever the status.
        let options = ParseOptions { http_status: Some(403), ..ParseOptions::default() };
        let e = parse_response(platform, error_envelope(platform).as_bytes(), &options).unwrap_err();
        assert_eq!(e.code, refund_normalizer::ErrorCode::PlatformError, "{platform}");
        assert_eq!(e.http_status, None);
        // Without a status, an HTML page still says what it looks like.
        let e = parse_response(platform, login.as_bytes(), &ParseOptions::default()).unwrap_err();
        assert_eq!((e.code, e.retryable), (refund_normalizer::ErrorCode::InvalidBody, false), "{platform}");
        assert!(e.message.ends_with("(an HTML page: a login page or a proxy?)"), "{platform}: {}", e.message);
        assert!(e.message_zh.ends_with("(一个 HTML 页面:登录页或代理?)"), "{platform}: {}", e.message_zh);
    }
}

/// Only a valid beginning of a platform's answer is "cut short" (and retryable).
#[test]
fn only_a_valid_prefix_is_called_truncated() {
    for platform in PLATFORMS {
        for body in ["{{", "[[[[", "{\"code\" 0", "[{\"code\":0", "{\"a\":1} x", "}", "<<<<", "<?xml version=\"1.0\"?>{\"a\":"] {
            let e = parse_response(platform, body.as_bytes(), &ParseOptions::default()).unwrap_err();
            assert!(!e.retryable && !e.message.contains("ends early"), "{platform} {body}: {}", e.message);
        }
        // The last one: ShopEx's raw quotes inside a string, cut short.
        for body in ["{", "{\"code\":0,\"li", "{\"a\":[1,{\"b\":\"x", "<sn_responseContent><sn_head><page", "{\"response\":{\"lists\":[{\"memo\":\"他说\"好\"。\", \"money\":\"1"] {
            let e = parse_response(platform, body.as_bytes(), &ParseOptions::default()).unwrap_err();
            assert!(e.retryable && e.message.contains("the body ends early"), "{platform} {body}: {}", e.message);
        }
    }
}

/// One byte that is not UTF-8 inside one record's string rejects that record, by the field's
/// path, and keeps the others, on every platform and both ways; outside any string (or in a
/// body that is not a JSON object) the whole body is still "not UTF-8".
#[test]
fn a_byte_that_is_not_utf8_inside_one_record_rejects_only_that_record() {
    for platform in PLATFORMS {
        let records: Vec<String> = ["\"R1\"", "\"R2\"", "\"R3\""].iter().map(|id| record(platform, id, "\"153.20\"", "\"2024-06-01 10:00:00\"", "1717207200")).collect();
        let good = page(platform, &records);
        // 0xFF inside the second record's id
        let at = good.find("R2").unwrap() + 1;
        let mut body = good.clone().into_bytes();
        body.insert(at, 0xff);
        for include_raw in [false, true] {
            let page = parse_response(platform, &body, &raw_options(include_raw)).unwrap_or_else(|e| panic!("{platform}: {e}"));
            let ids: Vec<&str> = page.refunds.iter().map(|r| r.id.as_ref()).collect();
            assert!(ids.iter().all(|id| id.contains("R1") || id.contains("R3")) && ids.len() == 2, "{platform}: {ids:?}");
            assert_eq!(page.rejected.len(), 1, "{platform}");
            let rejected = &page.rejected[0];
            assert_eq!(rejected.index, 1, "{platform}");
            assert!(rejected.path.contains("[1]"), "{platform}: {}", rejected.path);
            // ShopEx reads its id from `bn` or `refund_bn`, whichever holds text: neither does.
            let said = if platform == "shopex" { "is missing or empty" } else { "not UTF-8" };
            assert!(rejected.message.contains(said), "{platform}: {}", rejected.message);
        }
        // Outside strings: the body is not UTF-8, said with where.
        let mut outside = good.clone().into_bytes();
        outside.insert(good.find('[').unwrap(), 0xff);
        let e = parse_response(platform, &outside, &ParseOptions::default()).unwrap_err();
        assert!(e.message.contains("not UTF-8") && e.code == refund_normalizer::ErrorCode::InvalidBody, "{platform}: {}", e.message);
    }
}
