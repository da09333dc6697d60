//! XML replies as the JSON text of the same response, for the platforms that answer XML
//! (苏宁, 淘宝/天猫): an element with children is an object, a name given more than once a list
//! of its values in document order (XML has no lists: one child is the element itself), a
//! leaf its text (entities resolved, CDATA as is, trimmed unless CDATA was part of it).
//! Attributes are ignored. Each record's own XML text is kept for `includeRaw`.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::borrow::Cow;

/// Deeper than any platform's reply; keeps the recursive JSON writer far from the stack's end.
const MAX_DEPTH: usize = 64;

/// An element's text as both readers keep it: its text and CDATA pieces joined, borrowed
/// from the body while it is one piece without entities, trimmed unless CDATA was part of it.
#[derive(Default)]
pub(crate) struct ElementText<'b> {
    text: Cow<'b, str>,
    cdata: bool,
}

impl<'b> ElementText<'b> {
    pub(crate) fn push(&mut self, piece: Cow<'b, str>, cdata: bool) {
        if self.text.is_empty() {
            self.text = piece;
        } else {
            self.text.to_mut().push_str(&piece);
        }
        self.cdata |= cdata;
    }

    pub(crate) fn finish(self) -> Cow<'b, str> {
        match self.text {
            _ if self.cdata => self.text,
            Cow::Borrowed(text) => Cow::Borrowed(trim(text)),
            Cow::Owned(text) if trim(&text).len() == text.len() => Cow::Owned(text),
            Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
        }
    }
}

/// `str::trim`, without its walk over characters when both ends are visible ASCII (most
/// values: codes, numbers, times).
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}


/// An element's value: its children by name (repeats allowed, in document order), or its
/// text. A light tree written straight to JSON text, instead of a `serde_json::Value`
/// whose maps, serialization and drop were 60 % of an XML page (docs/performance.md).
enum Node<'b> {
    Object(Vec<(Cow<'b, str>, Node<'b>)>),
    Text(Cow<'b, str>),
}

struct Element<'b> {
    /// Borrowed from the body (the tag's own bytes) whenever it can be.
    name: Cow<'b, str>,
    children: Vec<(Cow<'b, str>, Node<'b>)>,
    text: ElementText<'b>,
    start: usize,
}

fn node<'b>(children: Vec<(Cow<'b, str>, Node<'b>)>, text: ElementText<'b>) -> Node<'b> {
    if !children.is_empty() {
        Node::Object(children)
    } else {
        Node::Text(text.finish())
    }
}

/// The JSON text `serde_json` writes for the `Value` this tree stood for before: keys in
/// byte order (its `Map` is a `BTreeMap`), a name given more than once is an array of its
/// values in document order (XML has no lists: an array can only come from repetition),
/// strings escaped by serde_json itself. `tests::light_tree_writes_what_value_wrote`
/// compares the two on every fixture.
fn write_node(out: &mut Vec<u8>, node: &Node<'_>) -> Result<(), serde_json::Error> {
    match node {
        Node::Text(text) => serde_json::to_writer(&mut *out, &**text),
        Node::Object(children) => {
            // Stable: values of one name keep their document order.
            let order = crate::platforms::byte_order(&children.iter().map(|(name, _)| &**name).collect::<Vec<_>>());
            out.push(b'{');
            let mut i = 0;
            while i < order.len() {
                let name = &children[order[i]].0;
                let name_end = order[i..].iter().take_while(|&&k| children[k].0 == *name).count() + i;
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, &*children[order[i]].0)?;
                out.push(b':');
                if name_end - i == 1 {
                    write_node(out, &children[order[i]].1)?;
                } else {
                    out.push(b'[');
                    for (k, &child) in order[i..name_end].iter().enumerate() {
                        if k > 0 {
                            out.push(b',');
                        }
                        write_node(out, &children[child].1)?;
                    }
                    out.push(b']');
                }
                i = name_end;
            }
            out.push(b'}');
            Ok(())
        }
    }
}

/// The XML body as the JSON text of the same response, and each record's XML text.
/// Errors are `(english, chinese)` messages.
pub fn to_json<'b>(body: &'b str, roots: &[&str], record_path: &[&str]) -> Result<(String, Vec<&'b str>), (String, String)> {
    let mut reader = Reader::from_str(body);
    let mut stack: Vec<Element<'_>> = Vec::new();
    let mut root: Option<(Cow<'_, str>, Node<'_>)> = None;
    let mut records = Vec::new();
    let broken = |e: &dyn std::fmt::Display, at: u64| {
        (format!("the body is not well-formed XML at byte {at}: {e}"), format!("响应体不是合法的 XML(第 {at} 字节)"))
    };
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| broken(&e, reader.error_position()))?;
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(("the XML has more than one root element".into(), "XML 有多个根元素".into()));
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                let empty = matches!(event, Event::Empty(_));
                let name = tag_name(body, before, start.name().as_ref());
                if stack.is_empty() && !roots.contains(&&*name) {
                    let shown: String = name.chars().take(40).collect();
                    let expected = roots.iter().map(|r| format!("<{r}>")).collect::<Vec<_>>();
                    return Err((
                        format!("the root element is <{shown}>, not {}", expected.join(" or ")),
                        format!("根元素是 <{shown}>,不是 {}", expected.join(" 或 ")),
                    ));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err((format!("the XML is nested deeper than {MAX_DEPTH} levels"), format!("XML 嵌套超过 {MAX_DEPTH} 层")));
                }
                let element = Element { name, children: Vec::new(), text: ElementText::default(), start: before };
                stack.push(element);
                if empty {
                    close(&mut stack, &mut root, &mut records, body, after, record_path);
                }
            }
            Event::End(_) => {
                // quick-xml checks that the end tag matches the open element.
                close(&mut stack, &mut root, &mut records, body, after, record_path);
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| broken(&e, reader.buffer_position()))?;
                match stack.last_mut() {
                    Some(open) => open.text.push(text, false),
                    None if text.trim().is_empty() => {}
                    None => return Err(("text outside the root element".into(), "根元素之外有文本".into())),
                }
            }
            Event::CData(data) => {
                let data = data.decode().map_err(|e| broken(&e, reader.buffer_position()))?;
                if let Some(open) = stack.last_mut() {
                    open.text.push(data, true);
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(("the XML ends before its elements are closed (truncated?)".into(), "XML 在元素闭合前结束(被截断?)".into()));
    }
    let (root_name, root) = root.ok_or_else(|| ("the body holds no XML element".to_string(), "响应体中没有 XML 元素".to_string()))?;
    let mut out = Vec::with_capacity(body.len());
    out.extend_from_slice(b"{\"");
    out.extend_from_slice(root_name.as_bytes());
    out.extend_from_slice(b"\":");
    write_node(&mut out, &root)
        .map_err(|e| (format!("the XML could not be read: {e}"), "无法读取 XML".to_string()))?;
    out.push(b'}');
    // Only serde_json's escaped strings and ASCII punctuation were written.
    let json = String::from_utf8(out).map_err(|e| (format!("the XML could not be read: {e}"), "无法读取 XML".to_string()))?;
    Ok((json, records))
}

/// The element's name as the body's own text after `<` when it is there (it always is for
/// a tag quick-xml read from this body), else as quick-xml gave it.
fn tag_name<'b>(body: &'b str, tag_start: usize, name: &[u8]) -> Cow<'b, str> {
    let at = tag_start.saturating_add(1);
    match body.get(at..at.saturating_add(name.len())) {
        Some(text) if text.as_bytes() == name && body.as_bytes().get(tag_start) == Some(&b'<') => Cow::Borrowed(text),
        _ => Cow::Owned(String::from_utf8_lossy(name).into_owned()),
    }
}

/// Closes the innermost open element; a record (an element at `record_path`) also leaves its
/// text in `records`.
fn close<'b>(
    stack: &mut Vec<Element<'b>>,
    root: &mut Option<(Cow<'b, str>, Node<'b>)>,
    records: &mut Vec<&'b str>,
    body: &'b str,
    end: usize,
    record_path: &[&str],
) {
    let Some(Element { name, children, text, start }) = stack.pop() else { return };
    let is_record = stack.len() + 1 == record_path.len()
        && record_path.last() == Some(&&*name)
        && stack.iter().zip(record_path).all(|(open, path)| open.name == *path);
    if is_record {
        if let Some(text) = body.get(start..end) {
            records.push(text);
        }
    }
    let node = node(children, text);
    match stack.last_mut() {
        Some(parent) => parent.children.push((name, node)),
        None => *root = Some((name, node)),
    }
}
