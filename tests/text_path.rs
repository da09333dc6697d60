//! `parse_response_str` (a body that is already text: the wasm string route skips checking
//! UTF-8 a second time, docs/performance.md) must answer exactly what `parse_response` answers
//! for the same bytes: every fixture, with and without a BOM, and the odd bodies.

use refund_normalizer::bindings::{flat, parse_response_str_flat};
use refund_normalizer::{parse_response, parse_response_str, ParseOptions, PlatformId};
use std::fs;

/// The same page or error; as flat bytes (`parse_response_str_flat`), `flat::encode` of it.
fn same(platform: &str, text: &str, options: &ParseOptions, what: &str) {
    let page = parse_response_str(platform, text, options);
    assert_eq!(page, parse_response(platform, text.as_bytes(), options), "{platform} {what}");
    match (page, parse_response_str_flat(platform, text, options)) {
        (Ok(page), Ok(bytes)) => assert!(bytes.as_bytes() == flat::encode(&page), "{platform} {what}"),
        (Err(page), Err(bytes)) => assert_eq!(page, bytes, "{platform} {what}"),
        (page, bytes) => panic!("{platform} {what}: {} vs {}", page.is_ok(), bytes.is_ok()),
    }
}

#[test]
fn every_fixture_reads_the_same_as_text() {
    let mut compared = 0;
    for platform in PlatformId::IDS {
        let dir = format!("{}/tests/fixtures/{platform}", env!("CARGO_MANIFEST_DIR"));
        for file in fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let Ok(text) = fs::read_to_string(&file) else { continue };
            let shown = file.display().to_string();
            for options in [ParseOptions::default(), ParseOptions { include_raw: true, http_status: Some(503), ..ParseOptions::default() }] {
                same(platform, &text, &options, &shown);
                same(platform, &format!("\u{feff}{text}"), &options, &shown);
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} fixtures");
}

#[test]
fn odd_bodies_read_the_same_as_text() {
    let options = ParseOptions { http_status: Some(502), ..ParseOptions::default() };
    for body in ["", " ", "\u{feff}", "\u{feff} \n", "{", "[1,", "<a", "null", "\u{feff}\u{feff}{}", "{\"code\":0}"] {
        for platform in PlatformId::IDS.into_iter().chain(["nope"]) {
            same(platform, body, &options, body);
            same(platform, body, &ParseOptions::default(), body);
        }
    }
}
