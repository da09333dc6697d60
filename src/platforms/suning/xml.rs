//! XML replies, read into the same wire shape as JSON: an element with children is an
//! object, repeated children a list, a leaf its text (entities resolved, CDATA as is).

use super::reply::{Head, SnError, WireRejected};
use super::BIZ_NODE;
use crate::json::{self, FieldError};
use crate::model::Text;
use crate::xml::ElementText;
use quick_xml::escape::unescape;
use std::borrow::Cow;

const ROOT: &str = "sn_responseContent";
const RECORD_PATH: [&str; 3] = [ROOT, "sn_body", BIZ_NODE];

// -----------------------------------------------------------------------------------
// The direct read: the usual shape, straight into the wire structs.

/// A field read from XML: the element's text as the JSON form has it, or `Nested` for an
/// element with children or a name given twice (an object or a list in the JSON form).
pub enum Leaf<'b> {
    Text(Cow<'b, str>),
    Nested,
}

/// A wire struct's field from XML; `None` when the element is absent.
pub type Field<'b> = Option<Leaf<'b>>;

impl<'b> json::Scalar<'b> for Field<'b> {
    fn text(self, field: &'static str) -> Result<Option<Text<'b>>, FieldError> {
        match self {
            None => Ok(None),
            Some(Leaf::Text(text)) => Ok(Some(text).filter(|t| !t.is_empty())),
            Some(Leaf::Nested) => Err(json::not_scalar(field)),
        }
    }
}

/// A wire struct's fields found by element name (`wire_struct!` writes it).
pub trait Slots<F> {
    fn slot(&mut self, name: &[u8]) -> Option<&mut F>;
}

/// What the route through JSON text reads from the same body, when it is the usual shape.
#[derive(Default)]
pub struct Reply<'b> {
    pub head: Option<Head<Field<'b>>>,
    pub error: Option<SnError<Field<'b>>>,
    pub records: Vec<WireRejected<Field<'b>>>,
}

/// The usual nesting is 4 (root, sn_body, record, field), far below `MAX_DEPTH`; a deeper
/// document is read through its JSON form.
const DIRECT_DEPTH: usize = 8;

enum Step<'b> {
    /// A start tag's name, and whether it was `<name/>`.
    Open(&'b [u8], bool),
    Close,
    /// Text with entities resolved, or CDATA (`true`).
    Text(Cow<'b, str>, bool),
    Eof,
}

/// The events of a body in the usual shape, for the direct read: `<name>`, `</name>`,
/// `<name/>`, text, CDATA, comments (skipped), and an XML declaration at the very start.
/// quick-xml spent ~300 instructions an event on generality this shape never uses
/// (docs/performance.md). Anything else (attributes, DOCTYPE, a processing instruction
/// after the start, white space inside a tag, a mismatched
/// end tag, a bad entity, deep nesting, a body ending inside markup) ends the read with
/// `None`, and the route through JSON text reads the body with quick-xml. For what it
/// accepts this gives the events quick-xml gives, with the same entity resolution
/// (`tests::direct_xml_reads_what_json_text_read` and the fuzz targets compare the two).
struct Events<'b> {
    body: &'b str,
    at: usize,
    /// The open elements' names; an end tag must match the last one, as quick-xml checks.
    open: Vec<&'b [u8]>,
}

/// A tag name as quick-xml reads one, minus what this reader leaves to it: bytes up to
/// white space, `/`, `>`, `<` or a quote.
fn name_at(bytes: &[u8]) -> &[u8] {
    let len = bytes.iter().position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'<' | b'"' | b'\'')).unwrap_or(bytes.len());
    &bytes[..len]
}

impl<'b> Events<'b> {
    fn new(body: &'b str) -> Events<'b> {
        Events { body, at: 0, open: Vec::with_capacity(DIRECT_DEPTH) }
    }

    fn depth(&self) -> usize {
        self.open.len()
    }

    /// The next `len` bytes of the body as text (they end at ASCII markup, so on a
    /// character boundary).
    fn take(&mut self, len: usize) -> Option<&'b str> {
        let text = self.body.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(text)
    }

    fn next(&mut self) -> Option<Step<'b>> {
        loop {
            let rest = self.body.as_bytes().get(self.at..)?;
            let Some(&first) = rest.first() else { return Some(Step::Eof) };
            if first != b'<' {
                let len = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
                return Some(Step::Text(unescape(self.take(len)?).ok()?, false));
            }
            return match *rest.get(1)? {
                b'/' => self.end_tag(rest),
                b'!' if rest.starts_with(b"<![CDATA[") => self.cdata(rest),
                b'!' if rest.starts_with(b"<!--") => {
                    // quick-xml's rule: the first `>` after `--`, at least `<!---->`.
                    self.at += (6..rest.len()).find(|&i| rest[i] == b'>' && rest[i - 2..i] == *b"--")? + 1;
                    continue;
                }
                b'?' if self.at == 0 => {
                    // The declaration ends at the first `?>`; `<?>` is an error to quick-xml.
                    self.at += (3..rest.len()).find(|&i| rest[i] == b'>' && rest[i - 1] == b'?' && rest[2] != b'>')? + 1;
                    continue;
                }
                b'!' | b'?' => None,
                _ => self.start_tag(rest),
            };
        }
    }

    fn start_tag(&mut self, rest: &'b [u8]) -> Option<Step<'b>> {
        let name = name_at(&rest[1..]);
        if name.is_empty() || self.depth() >= DIRECT_DEPTH {
            return None;
        }
        let empty = match rest[1 + name.len()..] {
            [b'>', ..] => false,
            [b'/', b'>', ..] => true,
            _ => return None,
        };
        self.at += name.len() + if empty { 3 } else { 2 };
        if !empty {
            self.open.push(name);
        }
        Some(Step::Open(name, empty))
    }

    fn end_tag(&mut self, rest: &'b [u8]) -> Option<Step<'b>> {
        let name = name_at(&rest[2..]);
        if rest.get(2 + name.len()) != Some(&b'>') || self.open.pop()? != name {
            return None;
        }
        self.at += name.len() + 3;
        Some(Step::Close)
    }

    /// CDATA ends at the first `]]>` (quick-xml's rule).
    fn cdata(&mut self, rest: &'b [u8]) -> Option<Step<'b>> {
        let len = rest[9..].windows(3).position(|w| w == b"]]>")?;
        self.at += 9;
        let text = self.take(len)?;
        self.at += 3;
        Some(Step::Text(Cow::Borrowed(text), true))
    }

    /// Reads past the element just opened (`empty`: it was `<a/>`).
    fn skip(&mut self, empty: bool) -> Option<()> {
        let depth = self.depth();
        while !empty && self.depth() >= depth {
            if let Step::Eof = self.next()? {
                return None;
            }
        }
        Some(())
    }
}

/// An element's value in the JSON form: an object when it has child elements, else its text.
enum Content<'b> {
    Children,
    Text(Cow<'b, str>),
}

/// Reads the element just opened, handing each child element to `child` (which reads it).
fn read_content<'b>(
    events: &mut Events<'b>,
    empty: bool,
    mut child: impl FnMut(&mut Events<'b>, &[u8], bool) -> Option<()>,
) -> Option<Content<'b>> {
    let mut text = ElementText::default();
    let mut children = false;
    if empty {
        // `<a/>`: no content and no end event.
        return Some(Content::Text(Cow::Borrowed("")));
    }
    loop {
        match events.next()? {
            Step::Open(name, empty) => {
                children = true;
                child(events, name, empty)?;
            }
            // An object's own text is not part of it.
            Step::Text(piece, cdata) if !children => text.push(piece, cdata),
            Step::Text(..) => {}
            Step::Close => break,
            Step::Eof => return None,
        }
    }
    Some(if children { Content::Children } else { Content::Text(text.finish()) })
}

fn read_leaf<'b>(events: &mut Events<'b>, empty: bool) -> Option<Leaf<'b>> {
    Some(match read_content(events, empty, |events, _, empty| events.skip(empty))? {
        Content::Children => Leaf::Nested,
        Content::Text(text) => Leaf::Text(text),
    })
}

/// An element read into a wire struct; `Some(None)` for an empty element (`""` in the
/// JSON form, which reads as absent). Text is not the usual shape: `None`.
fn read_fields<'b, T: Slots<Field<'b>> + Default>(events: &mut Events<'b>, empty: bool) -> Option<Option<T>> {
    let mut fields = T::default();
    let content = read_content(events, empty, |events, name, empty| match fields.slot(name) {
        Some(slot) => {
            let leaf = read_leaf(events, empty)?;
            // A name given twice is a list in the JSON form.
            *slot = Some(if slot.is_some() { Leaf::Nested } else { leaf });
            Some(())
        }
        None => events.skip(empty),
    })?;
    match content {
        Content::Children => Some(Some(fields)),
        Content::Text(text) if text.is_empty() => Some(None),
        Content::Text(_) => None,
    }
}

/// `sn_body`'s records; each must be an element with children (an object).
fn read_body<'b>(events: &mut Events<'b>, empty: bool, records: &mut Vec<WireRejected<Field<'b>>>) -> Option<()> {
    let content = read_content(events, empty, |events, name, empty| {
        if name != BIZ_NODE.as_bytes() {
            return events.skip(empty);
        }
        records.push(read_fields(events, empty)??);
        Some(())
    })?;
    match content {
        Content::Text(text) if !text.is_empty() => None,
        _ => Some(()),
    }
}

/// Sets a part of the reply read once; a second `sn_head` (a list in the JSON form) is
/// not the usual shape.
fn once<T>(seen: &mut bool, read: impl FnOnce() -> Option<T>) -> Option<T> {
    if std::mem::replace(seen, true) {
        return None;
    }
    read()
}

fn read_root<'b>(events: &mut Events<'b>, empty: bool) -> Option<Reply<'b>> {
    let mut reply = Reply::default();
    let mut seen = [false; 3];
    let content = read_content(events, empty, |events, name, empty| {
        match name {
            b"sn_head" => reply.head = once(&mut seen[0], || read_fields(events, empty))?,
            b"sn_error" => reply.error = once(&mut seen[1], || read_fields(events, empty))?,
            b"sn_body" => once(&mut seen[2], || read_body(events, empty, &mut reply.records))?,
            _ => events.skip(empty)?,
        }
        Some(())
    })?;
    matches!(content, Content::Children).then_some(reply)
}

/// The reply read straight from the XML events, or `None` when it is not the usual shape
/// or not well-formed (the route through JSON text then reads it).
pub fn read(body: &str) -> Option<Reply<'_>> {
    let mut events = Events::new(body);
    let mut reply = None;
    loop {
        match events.next()? {
            Step::Open(name, empty) if reply.is_none() && name == ROOT.as_bytes() => {
                reply = Some(read_root(&mut events, empty)?);
            }
            Step::Text(text, false) if !text.trim().is_empty() => return None,
            Step::Text(..) => {}
            Step::Open(..) | Step::Close => return None,
            Step::Eof => return reply,
        }
    }
}

// -----------------------------------------------------------------------------------
// The route through JSON text (crate::xml): every document, and each record's XML text for `raw`.

/// The XML body as the JSON text of the same response, and each record's XML text.
/// Errors are `(english, chinese)` messages.
pub fn to_json(body: &str) -> Result<(String, Vec<&str>), (String, String)> {
    crate::xml::to_json(body, &[ROOT], &RECORD_PATH)
}

/// The converter this module had before: the same events into a `serde_json::Value`,
/// serialized. Kept for `tests::light_tree_writes_what_value_wrote` only.
#[cfg(test)]
pub mod via_value {
    use quick_xml::events::Event;
    use quick_xml::Reader;
    use serde_json::{Map, Value};

    /// Deeper than any Suning reply; keeps the recursive JSON writer far from the stack's end.
    const MAX_DEPTH: usize = 64;
    const ROOT: &str = "sn_responseContent";
    const RECORD_PATH: [&str; 3] = [ROOT, "sn_body", super::super::BIZ_NODE];

    struct Element {
        name: String,
        children: Map<String, Value>,
        text: String,
        cdata: bool,
        start: usize,
    }

    impl Element {
        fn into_value(self) -> Value {
            if !self.children.is_empty() {
                Value::Object(self.children)
            } else if self.cdata {
                Value::String(self.text)
            } else {
                Value::String(self.text.trim().to_string())
            }
        }
    }

    fn add_child(children: &mut Map<String, Value>, name: String, value: Value) {
        match children.get_mut(&name) {
            // XML has no lists: an array here can only come from repetition.
            Some(Value::Array(list)) => list.push(value),
            Some(first) => {
                let first = first.take();
                children.insert(name, Value::Array(vec![first, value]));
            }
            None => {
                children.insert(name, value);
            }
        }
    }

    /// The XML body as the JSON text of the same response, and each record's XML text.
    /// Errors are `(english, chinese)` messages.
    pub fn to_json(body: &str) -> Result<(String, Vec<&str>), (String, String)> {
        let mut reader = Reader::from_str(body);
        let mut stack: Vec<Element> = Vec::new();
        let mut root: Option<Value> = None;
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
                    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    if stack.is_empty() && name != ROOT {
                        let shown: String = name.chars().take(40).collect();
                        return Err((
                            format!("the root element is <{shown}>, not <{ROOT}>"),
                            format!("根元素是 <{shown}>,不是 <{ROOT}>"),
                        ));
                    }
                    if stack.len() >= MAX_DEPTH {
                        return Err((format!("the XML is nested deeper than {MAX_DEPTH} levels"), format!("XML 嵌套超过 {MAX_DEPTH} 层")));
                    }
                    let element = Element { name, children: Map::new(), text: String::new(), cdata: false, start: before };
                    stack.push(element);
                    if empty {
                        close(&mut stack, &mut root, &mut records, body, after);
                    }
                }
                Event::End(_) => {
                    // quick-xml checks that the end tag matches the open element.
                    close(&mut stack, &mut root, &mut records, body, after);
                }
                Event::Text(text) => {
                    let text = text.unescape().map_err(|e| broken(&e, reader.buffer_position()))?;
                    match stack.last_mut() {
                        Some(open) => open.text.push_str(&text),
                        None if text.trim().is_empty() => {}
                        None => return Err(("text outside the root element".into(), "根元素之外有文本".into())),
                    }
                }
                Event::CData(data) => {
                    let data = data.decode().map_err(|e| broken(&e, reader.buffer_position()))?;
                    if let Some(open) = stack.last_mut() {
                        open.text.push_str(&data);
                        open.cdata = true;
                    }
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
                Event::Eof => break,
            }
        }
        if !stack.is_empty() {
            return Err(("the XML ends before its elements are closed (truncated?)".into(), "XML 在元素闭合前结束(被截断?)".into()));
        }
        let root = root.ok_or_else(|| ("the body holds no XML element".to_string(), "响应体中没有 XML 元素".to_string()))?;
        let mut top = Map::new();
        top.insert(ROOT.to_string(), root);
        let json = serde_json::to_string(&Value::Object(top))
            .map_err(|e| (format!("the XML could not be read: {e}"), "无法读取 XML".to_string()))?;
        Ok((json, records))
    }

    fn close<'b>(stack: &mut Vec<Element>, root: &mut Option<Value>, records: &mut Vec<&'b str>, body: &'b str, end: usize) {
        let Some(element) = stack.pop() else { return };
        let is_record = stack.len() == RECORD_PATH.len() - 1
            && RECORD_PATH.last() == Some(&element.name.as_str())
            && stack.iter().zip(RECORD_PATH).all(|(open, name)| open.name == name);
        if is_record {
            if let Some(text) = body.get(element.start..end) {
                records.push(text);
            }
        }
        let name = element.name.clone();
        let value = element.into_value();
        match stack.last_mut() {
            Some(parent) => add_child(&mut parent.children, name, value),
            None => *root = Some(value),
        }
    }
}
