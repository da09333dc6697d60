//! `includeRaw` only adds each record's own text: every fixture, every one-byte edit of a page
//! and odd bodies read the same with it and without it (`raw` aside), the same page or the
//! same error. Both ways, the wasm path's flat bytes (`parse_response_flat`, the records
//! written while the page is converted) must be `flat::encode` of the page. The pages and
//! bodies are each platform's, from its kit (`tests/common/<id>.rs`).

mod common;

use common::kit;
use refund_normalizer::bindings::{flat, parse_response_flat};
use refund_normalizer::{parse_response, ParseOptions, PlatformId};
use std::fs;
use std::path::Path;

fn options(include_raw: bool) -> ParseOptions {
    ParseOptions { include_raw, ..ParseOptions::default() }
}

/// `parse_response_flat` is `flat::encode` of `parse_response`'s page, or the same error,
/// both ways.
fn assert_flat_is_encoded(platform: &str, body: &[u8]) {
    for include_raw in [false, true] {
        let options = options(include_raw);
        match (parse_response(platform, body, &options), parse_response_flat(platform, body, &options)) {
            (Ok(page), Ok(bytes)) => assert!(bytes.as_bytes() == flat::encode(&page), "{platform}: {}", String::from_utf8_lossy(body)),
            (Err(page), Err(bytes)) => assert_eq!(page, bytes, "{platform}: {}", String::from_utf8_lossy(body)),
            (page, bytes) => panic!("{platform}: {} vs {}: {}", page.is_ok(), bytes.is_ok(), String::from_utf8_lossy(body)),
        }
    }
}

#[test]
fn every_fixture_reads_the_same_both_ways() {
    let mut compared = 0;
    for platform in PlatformId::IDS {
        let dir = format!("{}/tests/fixtures/{platform}", env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let body = fs::read(&file).unwrap();
            assert_flat_is_encoded(platform, &body);
            let without_raw = parse_response(platform, &body, &options(false));
            let with_raw = parse_response(platform, &body, &options(true));
            match (without_raw, with_raw) {
                (Ok(without_raw), Ok(mut with_raw)) => {
                    for refund in &mut with_raw.refunds {
                        refund.raw = None;
                    }
                    assert_eq!(without_raw, with_raw, "{}", file.display());
                }
                (Err(without_raw), Err(with_raw)) => assert_eq!(without_raw, with_raw, "{}", file.display()),
                (without_raw, with_raw) => panic!("{}: {without_raw:?} vs {with_raw:?}", file.display()),
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} fixtures");
}

/// Every one-byte deletion, change and insertion of each kit's small pages (`edited_pages`:
/// broken JSON, repeated fields, odd numbers, escapes, nesting) reads the same with and
/// without `includeRaw`.
#[test]
fn every_one_byte_edit_reads_the_same_both_ways() {
    let edits: &[u8] = b"\"\\,:{}[] 0-1.eEnu\x01x";
    let mut compared = 0;
    for (platform, page) in PlatformId::IDS.into_iter().flat_map(|id| kit(id).edited_pages.iter().map(move |page| (id, page))) {
        let page = page.as_bytes();
        let mut bodies = Vec::new();
        for at in 0..=page.len() {
            for &b in edits {
                let mut inserted = page.to_vec();
                inserted.insert(at, b);
                bodies.push(inserted);
                if at < page.len() {
                    let mut changed = page.to_vec();
                    changed[at] = b;
                    bodies.push(changed);
                }
            }
            if at < page.len() {
                let mut deleted = page.to_vec();
                deleted.remove(at);
                bodies.push(deleted);
            }
        }
        for body in bodies {
            assert_flat_is_encoded(platform, &body);
            let without_raw = parse_response(platform, &body, &options(false));
            let with_raw = parse_response(platform, &body, &options(true)).map(|mut p| {
                for refund in &mut p.refunds {
                    refund.raw = None;
                }
                p
            });
            assert_eq!(without_raw, with_raw, "{platform}: {}", String::from_utf8_lossy(&body));
            compared += 1;
        }
    }
    assert!(compared > 10_000, "only {compared} bodies");
}

/// Each kit's odd bodies (`odd_bodies`: records that are not objects, nested lists that are
/// not arrays or are objects, repeated and escaped keys, null and non-object elements, text
/// around the value) read alike both ways: the same page, `raw` aside, or the same error.
#[test]
fn odd_bodies_read_alike_both_ways() {
    let mut compared = 0;
    for platform in PlatformId::IDS {
        for body in kit(platform).odd_bodies {
            assert_same_both_ways(platform, body.as_bytes());
            compared += 1;
        }
    }
    assert!(compared > 50, "only {compared} bodies");
}

/// Without `includeRaw`, the page with it (`raw` aside), or the same error.
fn assert_same_both_ways(platform: &str, body: &[u8]) {
    assert_flat_is_encoded(platform, body);
    let without_raw = parse_response(platform, body, &options(false));
    let with_raw = parse_response(platform, body, &options(true)).map(|mut p| {
        for refund in &mut p.refunds {
            refund.raw = None;
        }
        p
    });
    assert_eq!(without_raw, with_raw, "{platform}: {}", String::from_utf8_lossy(body));
}

/// Each kit's generated pages (`big_page`: rejected records, repeated ids, non-ASCII values)
/// of every size around the writer's batches (`flat::BATCH`), its chunks and
/// `flat::WHOLE_ABOVE`: `parse_response_flat` writes `flat::encode`'s bytes.
#[test]
fn big_pages_are_written_as_encoded() {
    let mut whole = false;
    for n in [0, 1, flat::BATCH - 1, flat::BATCH, flat::BATCH + 1, 2 * flat::BATCH + 5, 1000, 4000, 6000] {
        for (platform, big_page) in PlatformId::IDS.into_iter().filter_map(|id| kit(id).big_page.map(|page| (id, page))) {
            let body = big_page(n);
            let page = parse_response(platform, body.as_bytes(), &options(false)).unwrap();
            assert!(n < 100 || (!page.rejected.is_empty() && !page.warnings.is_empty()), "{platform} {n}");
            whole |= flat::split(&flat::encode(&page)).unwrap().0.len() > flat::WHOLE_ABOVE;
            assert_flat_is_encoded(platform, body.as_bytes());
        }
    }
    assert!(whole);
}

/// An XML page longer than the page writer's batch, with invalid records among the first
/// ones, of every platform answering in XML (`doc_response.xml` among its fixtures; its kit's
/// `xml_page`): every refund's `raw` is its own record's XML, in the flat bytes too (XML reads
/// through its JSON form, and sets `raw` while each record converts).
#[test]
fn xml_raw_past_the_writers_batch_is_each_records_own() {
    for platform in PlatformId::IDS {
        let answers_xml = Path::new(&format!("{}/tests/fixtures/{platform}/doc_response.xml", env!("CARGO_MANIFEST_DIR"))).exists();
        assert_eq!(kit(platform).xml_page.is_some(), answers_xml, "{platform}: an XML page in its kit exactly when it answers in XML");
        let Some((xml_page, id_tag)) = kit(platform).xml_page else { continue };
        let body = xml_page(300);
        let page = parse_response(platform, body.as_bytes(), &options(true)).unwrap();
        assert_eq!(page.refunds.len() + page.rejected.len(), 300, "{platform}");
        assert!(page.rejected.len() > 40, "{platform}");
        for refund in &page.refunds {
            let raw = refund.raw.as_deref().unwrap_or_else(|| panic!("{platform}: {} has no raw", refund.id));
            let own = refund.id.split(':').next().unwrap();
            assert!(raw.contains(&format!("<{id_tag}>{own}</{id_tag}>")), "{platform}: {} has {raw}", refund.id);
        }
        assert_flat_is_encoded(platform, body.as_bytes());
    }
}
