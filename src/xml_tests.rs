//! The crate's XML reader against quick-xml: on every XML fixture, the benchmark's page, odd
//! documents, every prefix and one-byte changes of a reply, what this reader accepts quick-xml
//! accepts, with the same values and record texts; what it refuses that quick-xml takes breaks
//! a rule of XML that quick-xml does not check (and a DOCTYPE quick-xml ends too early:
//! `doctype_subset_ends_at_its_own_bracket`). And `trim` against `str::trim`.

use super::{needs_escape, to_json, trim};
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

const ROOTS: [&str; 3] = ["sn_responseContent", "refund_get_response", "error_response"];
const RECORD_PATH: [&str; 3] = ["sn_responseContent", "sn_body", "batchQueryRejected"];

struct Element {
    name: String,
    children: Map<String, Value>,
    text: String,
    cdata: bool,
    start: usize,
}

/// The JSON form by quick-xml's events into a `serde_json::Value`: the reference.
fn reference(body: &str) -> Result<(Value, Vec<&str>), String> {
    let mut reader = Reader::from_str(body);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<(String, Value)> = None;
    let mut records = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                if root.is_some() {
                    return Err("two roots".into());
                }
                let name = String::from_utf8(start.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
                if stack.is_empty() && !ROOTS.contains(&name.as_str()) {
                    return Err("root".into());
                }
                if stack.len() >= 64 {
                    return Err("deep".into());
                }
                for attribute in start.attributes() {
                    attribute.map_err(|e| e.to_string())?.unescape_value().map_err(|e| e.to_string())?;
                }
                stack.push(Element { name, children: Map::new(), text: String::new(), cdata: false, start: before });
                if matches!(event, Event::Empty(_)) {
                    close(&mut stack, &mut root, &mut records, body, after);
                }
            }
            Event::End(_) => close(&mut stack, &mut root, &mut records, body, after),
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| e.to_string())?;
                match stack.last_mut() {
                    Some(open) => open.text.push_str(&text),
                    None if text.bytes().all(|b| b.is_ascii_whitespace()) => {}
                    None => return Err("text outside".into()),
                }
            }
            Event::CData(data) => match stack.last_mut() {
                Some(open) => {
                    open.text.push_str(&data.decode().map_err(|e| e.to_string())?);
                    open.cdata = true;
                }
                None => return Err("CDATA outside".into()),
            },
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err("truncated".into());
    }
    let (name, value) = root.ok_or("no element")?;
    Ok((Value::Object(Map::from_iter([(name, value)])), records))
}

fn close<'b>(stack: &mut Vec<Element>, root: &mut Option<(String, Value)>, records: &mut Vec<&'b str>, body: &'b str, end: usize) {
    let Some(element) = stack.pop() else { return };
    if stack.len() + 1 == RECORD_PATH.len() && element.name == RECORD_PATH[2] && stack.iter().zip(RECORD_PATH).all(|(open, name)| open.name == name) {
        records.push(&body[element.start..end]);
    }
    let value = if !element.children.is_empty() {
        Value::Object(element.children)
    } else if element.cdata {
        Value::String(element.text)
    } else {
        Value::String(element.text.trim().to_string())
    };
    match stack.last_mut() {
        Some(parent) => match parent.children.get_mut(&element.name) {
            // XML has no lists: an array here can only come from repetition.
            Some(Value::Array(list)) => list.push(value),
            Some(first) => *first = Value::Array(vec![first.take(), value]),
            None => {
                parent.children.insert(element.name, value);
            }
        },
        None => *root = Some((element.name, value)),
    }
}

/// Where this reader may refuse what quick-xml reads: XML's rules that quick-xml leaves
/// unchecked (names, attribute syntax, where declarations and DOCTYPEs stand, references to
/// the character 0), each named in the refusal.
const STRICTER: [&str; 9] = [
    "without a name",
    "unexpected character",
    "an XML declaration not at the start",
    "a DOCTYPE after the root element started",
    "`<` in an attribute value",
    "has no quoted value",
    "&#0; is not one of",
    "`<!` that starts no comment",
    "a processing instruction",
];

/// Reads `body` both ways and holds them to the module's rule; whether this reader read it.
fn compare(body: &str) -> bool {
    let ours = to_json(body, &ROOTS, &RECORD_PATH);
    let theirs = reference(body);
    match (ours, theirs) {
        (Ok((json, records)), Ok((value, their_records))) => {
            let ours: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
            assert_eq!(ours, value, "{body:?}");
            assert_eq!(records, their_records, "{body:?}");
            true
        }
        (Ok((json, _)), Err(e)) => panic!("quick-xml refuses ({e}) what this reader reads as {json}: {body:?}"),
        (Err((en, zh)), Ok(_)) => {
            assert!(STRICTER.iter().any(|rule| en.contains(rule)), "quick-xml reads what this reader refuses ({en}): {body:?}");
            assert!(!zh.is_empty());
            false
        }
        (Err((en, zh)), Err(_)) => {
            assert!(!en.is_empty() && !zh.is_empty());
            false
        }
    }
}

fn fixtures() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut bodies = Vec::new();
    for dir in ["suning", "taobao"] {
        for entry in std::fs::read_dir(format!("{root}/tests/fixtures/{dir}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "xml" || x == "html") {
                bodies.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    // The benchmark's page, when `node bench/native/bodies.mjs` wrote it.
    bodies.extend(std::fs::read_to_string(format!("{root}/bench/bodies/suning-xml-1000.xml")).ok());
    bodies
}

const REPLY: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sn_responseContent>\n  <sn_head><pageNo>1</pageNo></sn_head>\n  <sn_body>\n    <batchQueryRejected><orderCode> 1 </orderCode><x a=\"1\" b='2'/><statusDesc>&lt;8&#x4e2d;&#20013;<![CDATA[ c ]]></statusDesc></batchQueryRejected>\n    <batchQueryRejected><orderCode>2</orderCode><!-- note --><orderCode>3</orderCode><?pi x?></batchQueryRejected>\n  </sn_body>\n</sn_responseContent>\n";

fn odd_documents() -> Vec<String> {
    let mut out: Vec<String> = [
        "<sn_responseContent><b>2</b><a>1</a><b><c>x</c></b><a> 3 </a><z/><b>4</b></sn_responseContent>",
        "<sn_responseContent><a><![CDATA[ <x> ]]></a><a>&lt;&amp;\"\u{1f}\u{7}\\ \u{7f}</a><a b=\"1\">back\\slash</a><é>中</é><É/><a1/><a/></sn_responseContent>",
        "<sn_responseContent>text<a>1</a>more</sn_responseContent>",
        "<sn_responseContent><a> x <![CDATA[y]]> z </a><b> p <!-- c --> q </b><c><![CDATA[]]></c><d>  </d></sn_responseContent>",
        "<sn_responseContent/>",
        "<sn_responseContent></sn_responseContent>",
        "<other/>",
        "<sn_responseContent><a></sn_responseContent>",
        "<sn_responseContent></sn_responseContent><x/>",
        "<sn_responseContent></sn_responseContent></x>",
        "",
        "   ",
        "<!-- c -->",
        "\u{feff}<sn_responseContent/>",
        "<!DOCTYPE sn_responseContent [<!ENTITY a \"b\"><!-- c -->]>\n<sn_responseContent>1</sn_responseContent>",
        "<sn_responseContent><a x = \"/>\" y='>'>1</a><b\n/><c\t></c ></sn_responseContent>",
        "<sn_responseContent><a>&#0;</a></sn_responseContent>",
        "<sn_responseContent><a>&#xD800;</a></sn_responseContent>",
        "<sn_responseContent><a>&#x110000;</a></sn_responseContent>",
        "<sn_responseContent><a>&#99999999999999999999;</a></sn_responseContent>",
        "<sn_responseContent><a>&#x;&#;</a></sn_responseContent>",
        "<sn_responseContent><a>&nope;</a></sn_responseContent>",
        "<sn_responseContent><a>a & b</a></sn_responseContent>",
        "<sn_responseContent><a>&amp</a></sn_responseContent>",
        "<sn_responseContent><a>a > b ]]> c</a></sn_responseContent>",
        "<sn_responseContent><a>\r\n x \r\n</a></sn_responseContent>",
        "<sn_responseContent><a b=\"&amp;&#0;\"/></sn_responseContent>",
        "<sn_responseContent><a b=\"&nope;\"/></sn_responseContent>",
        "<sn_responseContent><a b=\"<\"/></sn_responseContent>",
        "<sn_responseContent><a b=1/></sn_responseContent>",
        "<sn_responseContent><a b/></sn_responseContent>",
        "<sn_responseContent><a b=\"1\"c=\"2\"/></sn_responseContent>",
        "<sn_responseContent><><a/></sn_responseContent>",
        "<sn_responseContent></ ></sn_responseContent>",
        "<sn_responseContent><1a/></sn_responseContent>",
        "<sn_responseContent><a\"b/></sn_responseContent>",
        "<sn_responseContent><!DOCTYPE x></sn_responseContent>",
        "<sn_responseContent><?xml version=\"1.0\"?></sn_responseContent>",
        "<sn_responseContent><!x></sn_responseContent>",
        "<sn_responseContent><!----><!---><a/>--></sn_responseContent>",
        "<sn_responseContent><![cdata[x]]></sn_responseContent>",
        "<![CDATA[x]]><sn_responseContent/>",
        "x<sn_responseContent/>",
        "<sn_responseContent/>x",
        "<sn_responseContent/><!-- c --><?pi?>\n",
        "<?xml?><sn_responseContent/>",
        "<??><sn_responseContent/>",
        "<?><sn_responseContent/>",
        "<?xml>?><sn_responseContent/>",
        " <?xml version=\"1.0\"?><sn_responseContent/>",
        "<refund_get_response><refunds><refund><a>1</a></refund></refunds></refund_get_response>",
        "<error_response><code>7</code><msg>m</msg></error_response>",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.push(format!("<sn_responseContent>{}{}</sn_responseContent>", "<a>".repeat(63), "</a>".repeat(63)));
    out.push(format!("<sn_responseContent>{}{}</sn_responseContent>", "<a>".repeat(64), "</a>".repeat(64)));
    out.push(format!("<sn_responseContent>{}</sn_responseContent>", (0..40).map(|i| format!("<n{}>{i}</n{}>", i % 7, i % 7)).collect::<String>()));
    out
}

#[test]
fn reads_what_quick_xml_reads() {
    let mut accepted = 0;
    for body in fixtures().iter().chain(&odd_documents()) {
        accepted += usize::from(compare(body));
    }
    assert!(accepted >= 20, "only {accepted} documents read");
}

/// Every prefix of a reply (cut anywhere), and every one-byte deletion and insertion of
/// markup's own characters.
#[test]
fn reads_what_quick_xml_reads_when_cut_or_changed() {
    let mut accepted = 0;
    for (i, _) in REPLY.char_indices() {
        accepted += usize::from(compare(&REPLY[..i]));
        let mut deleted = REPLY.to_string();
        deleted.remove(i);
        accepted += usize::from(compare(&deleted));
        for c in ['<', '>', '/', '&', ';', '"', '\'', '=', '!', '?', '[', ']', '-', ' ', 'x', '#'] {
            let mut inserted = REPLY.to_string();
            inserted.insert(i, c);
            accepted += usize::from(compare(&inserted));
        }
    }
    assert!(compare(REPLY));
    assert!(accepted >= 300, "only {accepted} documents read");
}

/// A DOCTYPE's internal subset ends at its own `]`, not at one in quoted text or a comment
/// (where quick-xml ends it), and a quoted `>` does not end the DOCTYPE.
#[test]
fn doctype_subset_ends_at_its_own_bracket() {
    for body in [
        "<!DOCTYPE sn_responseContent [<!ENTITY a \"]>\"><!-- ]> -->]><sn_responseContent>1</sn_responseContent>",
        "<!DOCTYPE sn_responseContent [<!ENTITY a ']>'>]\n><sn_responseContent>1</sn_responseContent>",
        "<!DOCTYPE sn_responseContent SYSTEM \"x>y\"><sn_responseContent>1</sn_responseContent>",
    ] {
        assert_eq!(to_json(body, &ROOTS, &RECORD_PATH), Ok((r#"{"sn_responseContent":"1"}"#.to_string(), vec![])), "{body}");
    }
    assert!(to_json("<!DOCTYPE x [<!ENTITY a \"]>", &ROOTS, &RECORD_PATH).is_err_and(|(en, _)| en.contains("inside the DOCTYPE (truncated?)")));
}

#[test]
fn escape_check_finds_every_byte_to_escape() {
    for len in 0..20 {
        for at in 0..len {
            for b in 0..=255u8 {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b;
                assert_eq!(needs_escape(&bytes), b < 0x20 || b == b'"' || b == b'\\', "{bytes:?}");
            }
        }
    }
}

/// `trim` is `str::trim`, its shortcut for visible ASCII ends included.
#[test]
fn trim_is_str_trim() {
    for t in ["", " ", "1", " 1", "1 ", "\u{3000}2\u{3000}", "退款", " 退款 ", "\t3\n", "a b", "\u{85}x", "x\u{a0}", "\u{7f}"] {
        assert_eq!(trim(t), t.trim(), "{t:?}");
    }
}
