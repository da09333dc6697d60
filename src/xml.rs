//! XML replies as the JSON text of the same response, for the platforms that answer XML
//! (苏宁, 淘宝/天猫): an element with children is an object, a name given more than once a list
//! of its values in document order (XML has no lists: one child is the element itself), a
//! leaf its text (references resolved, CDATA as is, trimmed unless CDATA was part of it).
//! Attributes are skipped. Each record's own XML text is kept for `includeRaw`.
//!
//! The tokenizer is the crate's own ([`Tokens`]): it takes well-formed documents (XML 1.0
//! without entities declared in a DTD) and refuses anything else with what is wrong and the
//! byte where. `tests::reads_what_quick_xml_reads` compares it with quick-xml.

use std::borrow::Cow;

/// Deeper than any platform's reply; bounds what a hostile body makes the reader hold open
/// (and rewrite: an object regrouped when it closes is copied once per enclosing regroup).
const MAX_DEPTH: usize = 64;

/// A document the reader refuses: `(english, chinese)` messages (boxed: the tokens' results
/// stay small).
type Refusal = Box<(String, String)>;

/// Not well-formed at byte `at`: what is wrong, in English and Chinese.
#[cold]
fn broken(at: usize, what: &str, what_zh: &str) -> Refusal {
    Box::new((format!("the body is not well-formed XML at byte {at}: {what}"), format!("响应体不是合法的 XML(第 {at} 字节):{what_zh}")))
}

#[cold]
fn truncated(at: usize, what: &str, what_zh: &str) -> Refusal {
    broken(at, &format!("the document ends inside {what} (truncated?)"), &format!("文档在{what_zh}中结束(被截断?)"))
}

/// A name's text for a message: at most 40 characters.
fn shown(name: &str) -> String {
    name.chars().take(40).collect()
}

/// XML's white space.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Bytes a name may hold: ASCII letters, digits, `_ : - .` and every byte of a non-ASCII
/// character (XML's NameChar, with its non-ASCII ranges taken whole).
const NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'-' | b'.') || c >= 0x80;
        b += 1;
    }
    table
};

/// One step of a document, as the reader of elements needs it.
enum Token<'b> {
    /// `<name …>`, or `<name …/>` (`empty`), whose `<` is at byte `start`.
    Start { name: &'b str, start: usize, empty: bool },
    /// The end tag of the innermost open element (it matched).
    End,
    /// Character data inside the root: text with its references resolved, or the content
    /// of a CDATA section (`true`).
    Text(Cow<'b, str>, bool),
    /// The end of a document whose one root element has closed.
    Eof,
}

/// The tokens of an XML body. It checks what makes a document well-formed for this reader:
/// end tags that match, one root element with only white space, comments, processing
/// instructions and (before it) a DOCTYPE around it, references that name a character,
/// depth at most [`MAX_DEPTH`], nothing cut short.
struct Tokens<'b> {
    body: &'b str,
    at: usize,
    /// The names of the open elements, outermost first.
    open: Vec<&'b str>,
    root_seen: bool,
}

impl<'b> Tokens<'b> {
    fn new(body: &'b str) -> Tokens<'b> {
        // A byte order mark is not part of the document.
        let at = if body.starts_with('\u{feff}') { 3 } else { 0 };
        Tokens { body, at, open: Vec::with_capacity(8), root_seen: false }
    }

    fn bytes(&self) -> &'b [u8] {
        self.body.as_bytes()
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes().get(at).copied()
    }

    /// The text from `from` to `to`; both are at ASCII bytes (or the end), so on character
    /// boundaries.
    fn text(&self, from: usize, to: usize) -> &'b str {
        self.body.get(from..to).unwrap_or_default()
    }

    /// Where `pattern` next starts at or after `from`.
    fn find(&self, from: usize, pattern: &[u8]) -> Option<usize> {
        let rest = self.bytes().get(from..)?;
        rest.windows(pattern.len()).position(|w| w == pattern).map(|i| from + i)
    }

    /// The name at `at` (empty when there is none).
    fn name_at(&self, at: usize) -> &'b str {
        let rest = self.bytes().get(at..).unwrap_or_default();
        let len = rest.iter().position(|&b| !NAME_BYTE[usize::from(b)]).unwrap_or(rest.len());
        self.text(at, at + len)
    }

    /// A name that starts well: not with a digit, `-` or `.`.
    fn name_or_error(&self, at: usize, what: &str, what_zh: &str) -> Result<&'b str, Refusal> {
        let name = self.name_at(at);
        match name.as_bytes().first() {
            Some(b) if !b.is_ascii_digit() && !matches!(b, b'-' | b'.') => Ok(name),
            _ if at >= self.bytes().len() => Err(truncated(at, what, what_zh)),
            _ => Err(broken(at, &format!("{what} without a name"), &format!("{what_zh}没有名称"))),
        }
    }

    fn skip_space(&self, mut at: usize) -> usize {
        while self.byte(at).is_some_and(is_space) {
            at += 1;
        }
        at
    }

    fn next(&mut self) -> Result<Token<'b>, Refusal> {
        loop {
            let at = self.at;
            let Some(first) = self.byte(at) else {
                return match self.open.last() {
                    Some(open) => Err(truncated(at, &format!("<{}>", shown(open)), &format!(" <{}> ", shown(open)))),
                    None if self.root_seen => Ok(Token::Eof),
                    None => Err(broken(at, "the body holds no XML element", "响应体中没有 XML 元素")),
                };
            };
            if first != b'<' {
                return match self.character_data(at)? {
                    Some(text) => Ok(Token::Text(text, false)),
                    None => continue,
                };
            }
            match self.byte(at + 1) {
                Some(b'/') => return self.end_tag(at),
                Some(b'!') if self.bytes()[at..].starts_with(b"<!--") => {
                    let end = self.find(at + 4, b"-->").ok_or_else(|| truncated(at, "a comment", "注释"))?;
                    self.at = end + 3;
                }
                Some(b'!') if self.bytes()[at..].starts_with(b"<![CDATA[") => {
                    if self.open.is_empty() {
                        return Err(broken(at, "CDATA outside the root element", "根元素之外有 CDATA"));
                    }
                    let end = self.find(at + 9, b"]]>").ok_or_else(|| truncated(at, "a CDATA section", " CDATA 段"))?;
                    self.at = end + 3;
                    return Ok(Token::Text(Cow::Borrowed(self.text(at + 9, end)), true));
                }
                Some(b'!') if self.bytes()[at..].starts_with(b"<!DOCTYPE") => self.doctype(at)?,
                Some(b'!') => return Err(broken(at, "`<!` that starts no comment, CDATA or DOCTYPE", "`<!` 之后不是注释、CDATA 或 DOCTYPE")),
                Some(b'?') => self.processing_instruction(at)?,
                Some(_) => return self.start_tag(at),
                None => return Err(truncated(at, "a tag", "标签")),
            }
        }
    }

    /// Text from `at` to the next `<`: inside the root its value, outside only white space
    /// (`None`, skipped).
    fn character_data(&mut self, at: usize) -> Result<Option<Cow<'b, str>>, Refusal> {
        let rest = self.bytes().get(at..).unwrap_or_default();
        let mut len = 0;
        let mut references = false;
        for &b in rest {
            match b {
                b'<' => break,
                b'&' => references = true,
                _ => {}
            }
            len += 1;
        }
        self.at = at + len;
        let text = self.text(at, at + len);
        if self.open.is_empty() {
            return match text.bytes().position(|b| !is_space(b)) {
                None => Ok(None),
                Some(i) => Err(broken(at + i, "text outside the root element", "根元素之外有文本")),
            };
        }
        Ok(Some(if references { Cow::Owned(resolve(text, at)?) } else { Cow::Borrowed(text) }))
    }

    fn start_tag(&mut self, start: usize) -> Result<Token<'b>, Refusal> {
        let name = self.name_or_error(start + 1, "a tag", "标签")?;
        let mut at = start + 1 + name.len();
        let empty = loop {
            let after_space = self.skip_space(at);
            match self.byte(after_space) {
                Some(b'>') => {
                    at = after_space + 1;
                    break false;
                }
                Some(b'/') if self.byte(after_space + 1) == Some(b'>') => {
                    at = after_space + 2;
                    break true;
                }
                Some(_) if after_space > at && self.byte(after_space).is_some_and(|b| NAME_BYTE[usize::from(b)]) => {
                    at = self.attribute(after_space)?;
                }
                Some(_) => {
                    let what = format!("unexpected character in the tag <{}>", shown(name));
                    return Err(broken(after_space, &what, &format!("标签 <{}> 中有意外的字符", shown(name))));
                }
                None => return Err(truncated(start, &format!("the tag <{}>", shown(name)), &format!("标签 <{}> ", shown(name)))),
            }
        };
        if self.open.is_empty() && self.root_seen {
            return Err(broken(start, "the XML has more than one root element", "XML 有多个根元素"));
        }
        if self.open.len() >= MAX_DEPTH {
            let what = format!("the XML is nested deeper than {MAX_DEPTH} levels");
            return Err(broken(start, &what, &format!("XML 嵌套超过 {MAX_DEPTH} 层")));
        }
        self.root_seen = true;
        if !empty {
            self.open.push(name);
        }
        self.at = at;
        Ok(Token::Start { name, start, empty })
    }

    /// An attribute (`name = "value"` or `'value'`) at `at`, skipped: where it ends. Its value
    /// holds no `<` and only references that name a character.
    fn attribute(&self, at: usize) -> Result<usize, Refusal> {
        let name = self.name_or_error(at, "an attribute", "属性")?;
        let equals = self.skip_space(at + name.len());
        let quote_at = self.skip_space(equals + 1);
        let quote = match (self.byte(equals), self.byte(quote_at)) {
            (Some(b'='), Some(quote @ (b'"' | b'\''))) => quote,
            (None, _) | (Some(b'='), None) => return Err(truncated(at, "an attribute", "属性")),
            _ => {
                let what = format!("the attribute {} has no quoted value", shown(name));
                return Err(broken(at, &what, &format!("属性 {} 没有带引号的值", shown(name))));
            }
        };
        let end = self.find(quote_at + 1, &[quote]).ok_or_else(|| truncated(at, "an attribute", "属性"))?;
        let value = self.text(quote_at + 1, end);
        if let Some(i) = value.bytes().position(|b| b == b'<') {
            return Err(broken(quote_at + 1 + i, "`<` in an attribute value", "属性值中有 `<`"));
        }
        if value.contains('&') {
            resolve(value, quote_at + 1)?;
        }
        Ok(end + 1)
    }

    fn end_tag(&mut self, start: usize) -> Result<Token<'b>, Refusal> {
        // The usual end tag, `</name>` of the open element, without reading its name.
        if let Some(&open) = self.open.last() {
            let after = start + 2 + open.len();
            if self.bytes().get(start + 2..after) == Some(open.as_bytes()) && self.byte(after) == Some(b'>') {
                self.open.pop();
                self.at = after + 1;
                return Ok(Token::End);
            }
        }
        let name = self.name_or_error(start + 2, "an end tag", "结束标签")?;
        let close = self.skip_space(start + 2 + name.len());
        match self.byte(close) {
            Some(b'>') => {}
            Some(_) => return Err(broken(close, &format!("unexpected character in the end tag </{}>", shown(name)), &format!("结束标签 </{}> 中有意外的字符", shown(name)))),
            None => return Err(truncated(start, &format!("the end tag </{}>", shown(name)), &format!("结束标签 </{}> ", shown(name)))),
        }
        match self.open.last() {
            Some(&open) if open == name => {}
            Some(&open) => {
                let what = format!("</{}> does not close <{}>", shown(name), shown(open));
                return Err(broken(start, &what, &format!("</{}> 与 <{}> 不匹配", shown(name), shown(open))));
            }
            None => return Err(broken(start, &format!("</{}> closes no element", shown(name)), &format!("</{}> 没有对应的开始标签", shown(name)))),
        }
        self.open.pop();
        self.at = close + 1;
        Ok(Token::End)
    }

    /// `<?target …?>`, skipped; `<?xml …?>` (the declaration) only at the document's start.
    fn processing_instruction(&mut self, start: usize) -> Result<(), Refusal> {
        let target = self.name_or_error(start + 2, "a processing instruction", "处理指令")?;
        let after = start + 2 + target.len();
        let end = self.find(after, b"?>").ok_or_else(|| truncated(start, "a processing instruction", "处理指令"))?;
        if end > after && !self.byte(after).is_some_and(is_space) {
            return Err(broken(after, "unexpected character in a processing instruction", "处理指令中有意外的字符"));
        }
        let at_start = start == 0 || (start == 3 && self.body.starts_with('\u{feff}'));
        if target.eq_ignore_ascii_case("xml") && !at_start {
            return Err(broken(start, "an XML declaration not at the start of the document", "XML 声明不在文档开头"));
        }
        self.at = end + 2;
        Ok(())
    }

    /// `<!DOCTYPE …>` before the root, skipped with its internal subset (`[…]`, where quoted
    /// text and comments may hold `]` and `>`).
    fn doctype(&mut self, start: usize) -> Result<(), Refusal> {
        if self.root_seen {
            return Err(broken(start, "a DOCTYPE after the root element started", "DOCTYPE 出现在根元素之后"));
        }
        let mut at = start + 9;
        let mut in_subset = false;
        loop {
            match self.byte(at) {
                None => return Err(truncated(start, "the DOCTYPE", " DOCTYPE ")),
                Some(quote @ (b'"' | b'\'')) => {
                    at = self.find(at + 1, &[quote]).ok_or_else(|| truncated(start, "the DOCTYPE", " DOCTYPE "))? + 1;
                }
                Some(b'<') if in_subset && self.bytes()[at..].starts_with(b"<!--") => {
                    at = self.find(at + 4, b"-->").ok_or_else(|| truncated(start, "the DOCTYPE", " DOCTYPE "))? + 3;
                }
                Some(b'[') if !in_subset => {
                    in_subset = true;
                    at += 1;
                }
                Some(b']') if in_subset => {
                    in_subset = false;
                    at += 1;
                }
                Some(b'>') if !in_subset => {
                    self.at = at + 1;
                    return Ok(());
                }
                Some(_) => at += 1,
            }
        }
    }
}

/// `text` (at byte `at` of the body) with its references resolved: the five entities,
/// `&#N;` and `&#xN;` naming a character XML allows (not 0, not a surrogate).
fn resolve(text: &str, at: usize) -> Result<String, Refusal> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let here = at + (text.len() - rest.len()) + amp;
        let Some(semi) = after.find(';') else {
            return Err(broken(here, "`&` that starts no reference (`&amp;` is `&`)", "`&` 之后不是实体引用(`&` 应写作 `&amp;`)"));
        };
        let name = &after[..semi];
        let c = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name.strip_prefix('#').and_then(character),
        };
        let Some(c) = c else {
            let shown: String = name.chars().take(20).collect();
            return Err(broken(here, &format!("&{shown}; is not one of XML's five entities nor a character"), &format!("&{shown}; 不是 XML 的五个实体之一,也不是字符引用")));
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The character of a reference's `N` or `xN`: decimal or hexadecimal digits, not 0, not
/// a surrogate, at most U+10FFFF.
fn character(digits: &str) -> Option<char> {
    let (digits, radix) = match digits.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (digits, 10),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: u32 = 0;
    for b in digits.bytes() {
        let digit = char::from(b).to_digit(radix)?;
        value = value.checked_mul(radix)?.checked_add(digit)?;
    }
    char::from_u32(value).filter(|&c| c != '\0')
}

/// An element's text as the reader keeps it: its text and CDATA pieces joined, borrowed
/// from the body while it is one piece without references, trimmed unless CDATA was part
/// of it.
#[derive(Default)]
struct ElementText<'b> {
    text: Cow<'b, str>,
    cdata: bool,
}

impl<'b> ElementText<'b> {
    fn push(&mut self, piece: Cow<'b, str>, cdata: bool) {
        if self.text.is_empty() {
            self.text = piece;
        } else {
            self.text.to_mut().push_str(&piece);
        }
        self.cdata |= cdata;
    }

    fn finish(self) -> Cow<'b, str> {
        match self.text {
            _ if self.cdata => self.text,
            Cow::Borrowed(text) => Cow::Borrowed(trim(text)),
            Cow::Owned(text) if trim(&text).len() == text.len() => Cow::Owned(text),
            Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
        }
    }
}

/// `str::trim`, without its walk over characters when both ends are visible ASCII (most
/// values: codes, numbers, times; 苏宁's codes use it too).
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// A child of an open element, written already: its name and where its value stands in the
/// JSON text.
struct Member<'b> {
    name: &'b str,
    /// The name's length and end bytes: names that differ here differ (most do).
    key: u32,
    value: (usize, usize),
}

/// An element whose end tag has not come yet.
struct Open<'b> {
    name: &'b str,
    /// Where its value starts in the JSON text.
    value_start: usize,
    /// Its children are `members[first_member..]`.
    first_member: usize,
    /// Two children share a name, or there were too many to look: its members are grouped
    /// by name when it closes.
    regroup: bool,
    text: ElementText<'b>,
    /// The byte of its `<` in the body.
    start: usize,
    /// Its names from the root match the record path's first names.
    on_record_path: bool,
}

/// Objects with more children than this are grouped when they close, without looking for a
/// repeated name at each child (whose time grows with the square of the count).
const LOOK_AHEAD: usize = 32;

fn key_of(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let end = |b: Option<&u8>| u32::from(b.copied().unwrap_or(0));
    (name.len() as u32) << 16 ^ end(bytes.first()) << 8 ^ end(bytes.last())
}

/// The XML body as the JSON text of the same response, and each record's XML text (the
/// elements at `record_path`, in document order). The root must be one of `roots`.
/// Errors are `(english, chinese)` messages.
///
/// The JSON is written as the elements come: a child's `"name":value` as soon as it closes,
/// in document order. An object with a repeated name is rewritten when it closes, each name
/// once with the list of its values in document order. Member order is not part of the JSON
/// form (the readers find members by name).
pub fn to_json<'b>(body: &'b str, roots: &[&str], record_path: &[&str]) -> Result<(String, Vec<&'b str>), (String, String)> {
    let mut tokens = Tokens::new(body);
    let mut json = String::with_capacity(body.len());
    let mut stack: Vec<Open<'b>> = Vec::with_capacity(8);
    let mut members: Vec<Member<'b>> = Vec::with_capacity(64);
    let mut records = Vec::new();
    loop {
        match tokens.next().map_err(|refusal| *refusal)? {
            Token::Start { name, start, empty } => {
                let depth = stack.len();
                let on_record_path = match stack.last_mut() {
                    Some(parent) => {
                        let siblings = members.get(parent.first_member..).unwrap_or_default();
                        if siblings.is_empty() {
                            json.push('{');
                        } else {
                            json.push(',');
                        }
                        if !parent.regroup {
                            let key = key_of(name);
                            parent.regroup = siblings.len() >= LOOK_AHEAD || siblings.iter().any(|m| m.key == key && m.name == name);
                        }
                        parent.on_record_path && record_path.get(depth) == Some(&name)
                    }
                    None => {
                        if !roots.contains(&name) {
                            let expected = roots.iter().map(|r| format!("<{r}>")).collect::<Vec<_>>();
                            return Err((
                                format!("the root element is <{}>, not {}", shown(name), expected.join(" or ")),
                                format!("根元素是 <{}>,不是 {}", shown(name), expected.join(" 或 ")),
                            ));
                        }
                        json.push('{');
                        record_path.first() == Some(&name)
                    }
                };
                push_name(&mut json, name);
                json.push(':');
                let open = Open {
                    name,
                    value_start: json.len(),
                    first_member: members.len(),
                    regroup: false,
                    text: ElementText::default(),
                    start,
                    on_record_path,
                };
                if empty {
                    close(open, &mut json, &mut members, &mut records, body, tokens.at, depth, record_path);
                } else {
                    stack.push(open);
                }
            }
            Token::End => {
                if let Some(open) = stack.pop() {
                    close(open, &mut json, &mut members, &mut records, body, tokens.at, stack.len(), record_path);
                }
            }
            Token::Text(piece, cdata) => {
                // An object's own text is not part of it.
                if let Some(open) = stack.last_mut().filter(|open| members.len() == open.first_member) {
                    open.text.push(piece, cdata);
                }
            }
            Token::Eof => break,
        }
    }
    json.push('}');
    Ok((json, records))
}

/// Ends the element `open` (at `depth`, its end tag ending before byte `end`): writes its
/// value, leaves it among its parent's members, and its text in `records` when it is a record.
#[allow(clippy::too_many_arguments)]
fn close<'b>(
    open: Open<'b>,
    json: &mut String,
    members: &mut Vec<Member<'b>>,
    records: &mut Vec<&'b str>,
    body: &'b str,
    end: usize,
    depth: usize,
    record_path: &[&str],
) {
    if open.on_record_path && depth + 1 == record_path.len() {
        records.extend(body.get(open.start..end));
    }
    if members.len() == open.first_member {
        push_string(json, &open.text.finish());
    } else {
        if open.regroup {
            regroup(json, open.value_start, members.get(open.first_member..).unwrap_or_default());
        }
        json.push('}');
        members.truncate(open.first_member);
    }
    members.push(Member { name: open.name, key: key_of(open.name), value: (open.value_start, json.len()) });
}

/// Rewrites the members written from `value_start` (`{` and `"name":value` pairs) with each
/// name once: the list of its values in document order where it was given more than once.
fn regroup(json: &mut String, value_start: usize, members: &[Member<'_>]) {
    // Stable: the values of one name keep their document order.
    let order = crate::platforms::byte_order(&members.iter().map(|m| m.name).collect::<Vec<_>>());
    let mut grouped = String::with_capacity(json.len().saturating_sub(value_start) + 2 * members.len());
    grouped.push('{');
    let mut i = 0;
    while let Some(&first) = order.get(i) {
        let name = members[first].name;
        let same = order[i..].iter().take_while(|&&k| members[k].name == name).count();
        if i > 0 {
            grouped.push(',');
        }
        push_name(&mut grouped, name);
        grouped.push(':');
        if same > 1 {
            grouped.push('[');
        }
        for (n, &k) in order[i..i + same].iter().enumerate() {
            if n > 0 {
                grouped.push(',');
            }
            let (from, to) = members[k].value;
            grouped.push_str(json.get(from..to).unwrap_or_default());
        }
        if same > 1 {
            grouped.push(']');
        }
        i += same;
    }
    json.truncate(value_start);
    json.push_str(&grouped);
}

/// A name as a JSON string: a name holds nothing JSON escapes ([`NAME_BYTE`]).
fn push_name(out: &mut String, name: &str) {
    out.push('"');
    out.push_str(name);
    out.push('"');
}

/// Whether `bytes` hold `"`, `\` or a control character, eight bytes at a time.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // A byte of `x` is below `n` (n ≤ 0x80) when this has its high bit (the classic test, exact
    // for bytes below 0x80 and never set by one of 0x80 or above, which `!x` masks out).
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let zero = |x: u64| below(x, 1);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_ne_bytes(chunk.try_into().unwrap_or([0; 8]));
        if below(x, 0x20) | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\'))) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// `text` as a JSON string: `"` and `\` escaped, control characters as `\u00XX`.
fn push_string(out: &mut String, text: &str) {
    out.push('"');
    if !needs_escape(text.as_bytes()) {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            out.push_str(&text[from..i]);
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 15)]));
                }
            }
            from = i + 1;
        }
    }
    out.push_str(&text[from..]);
    out.push('"');
}

#[cfg(test)]
#[path = "xml_tests.rs"]
mod tests;
