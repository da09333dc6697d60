//! docs/fields.md's source table, cell by cell: each platform's doc example (its first record)
//! gives the doc's value from the named wire field, and the same body without that field gives
//! what the table says a missing field gives. The table's cells are read from the document, so
//! the two cannot drift.

use refund_normalizer::{parse_response, ParseOptions, PlatformId};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;

mod common;
use common::kit;

/// platform, unified field (a JSON pointer into the refund), wire field (a `/` path inside
/// the first record), the doc example's value, the value once the wire field is removed
/// (`"rejected"`: the record is rejected): each platform's kit's rows (tests/common).
type Row = (&'static str, &'static str, &'static str, Value, Value);

fn rows() -> Vec<Row> {
    PlatformId::IDS
        .into_iter()
        .flat_map(|platform| (kit(platform).field_rows)().into_iter().map(move |(unified, wire, doc, missing)| (platform, unified, wire, doc, missing)))
        .collect()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The doc example as a JSON value (诺云's trailing commas dropped) and the pointer to its
/// first record.
fn doc_example(platform: &str) -> (Value, &'static str) {
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(platform).join("doc_response.json")).unwrap();
    let strict: String = {
        let mut out = String::new();
        for (i, c) in text.char_indices() {
            if c == ',' && text[i + 1..].trim_start().starts_with(['}', ']']) {
                continue;
            }
            out.push(c);
        }
        out
    };
    let first = kit(platform).first_record;
    (serde_json::from_str(&strict).unwrap(), first)
}

/// The first refund of a body as JSON, or `"rejected"` when its first record was.
fn first_refund(platform: &str, body: &Value) -> Value {
    let text = body.to_string();
    let page = parse_response(platform, text.as_bytes(), &ParseOptions::default()).unwrap();
    if page.rejected.first().is_some_and(|r| r.index == 0) {
        return json!("rejected");
    }
    serde_json::to_value(&page.refunds[0]).unwrap()
}

#[test]
fn every_cell_reads_its_wire_field() {
    for (platform, unified, wire, doc_value, when_missing) in rows() {
        let (body, first) = doc_example(platform);
        let refund = first_refund(platform, &body);
        assert_eq!(refund.pointer(unified), Some(&doc_value), "{platform} {unified} from the doc's {wire}");

        let mut without = body.clone();
        let (parent, key) = match wire.rsplit_once('/') {
            Some((inner, key)) => (format!("{first}/{inner}"), key),
            None => (first.to_string(), wire),
        };
        let removed = without.pointer_mut(&parent).and_then(Value::as_object_mut).and_then(|record| record.remove(key));
        assert!(removed.is_some(), "{platform}: the doc example has no {wire}");
        let refund = first_refund(platform, &without);
        let got = if refund == json!("rejected") { refund } else { refund.pointer(unified).cloned().unwrap_or(Value::Null) };
        assert_eq!(got, when_missing, "{platform} {unified} without {wire}");
    }
}

/// docs/fields.md's source table names, in the cell of each row above, its wire field; a
/// cell that says "none" is a field that stays null.
#[test]
fn the_table_names_each_wire_field() {
    let doc = std::fs::read_to_string(root().join("docs/fields.md")).unwrap();
    let mut lines = doc.lines().skip_while(|l| !l.starts_with("| unified field |"));
    let header: Vec<&str> = lines.next().unwrap().split('|').map(str::trim).collect();
    let mut cells: HashMap<(String, String), String> = HashMap::new();
    for line in lines.skip(1).take_while(|l| l.starts_with('|')) {
        let row: Vec<&str> = line.split('|').map(str::trim).collect();
        for (platform, cell) in header.iter().zip(&row).skip(2) {
            cells.insert((row[1].trim_matches('`').to_string(), platform.to_string()), cell.to_string());
        }
    }
    for (platform, unified, wire, doc_value, _) in rows() {
        let field = unified.trim_start_matches('/').split('/').find(|s| !s.is_empty()).unwrap();
        let field = if field == "platformStatus" { unified.trim_start_matches('/').replace('/', ".") } else { field.to_string() };
        let cell = cells.get(&(field.clone(), platform.to_string())).unwrap_or_else(|| panic!("no cell for {field} on {platform}"));
        if cell.starts_with("none") {
            // A field the platform does not state: null even where the doc example has values.
            assert_eq!(doc_value, Value::Null, "docs/fields.md, {field} on {platform}: {cell:?}");
            continue;
        }
        let name = wire.rsplit('/').next().unwrap();
        assert!(cell.contains(name), "docs/fields.md, {field} on {platform}: {cell:?} does not name {name}");
    }
    // Every platform of the registry has its column.
    for info in refund_normalizer::platforms() {
        assert!(header.contains(&info.id.as_str()), "docs/fields.md has no {} column", info.id.as_str());
    }
}
