//! The JSON grammar, read in one pass: what serde_json accepts, values kept as their exact
//! text ([`Json`]), containers walked without building anything. The one reader of wire
//! records ([`crate::json::record`]) and the argument tree ([`crate::json::read::tree`]) are
//! built on it. A method gives `None` where the text stops being JSON.

use crate::json::{Json, Raw};

/// Open containers tracked in one word of [`Scanner::skip`].
const WORD: u32 = 64;

pub struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner { text, at: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.at += 1;
        }
    }

    /// The next byte after white space, consumed.
    pub(crate) fn next(&mut self) -> Option<u8> {
        self.ws();
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    /// The next byte after white space, consumed when it is `b` (a refusal points at it).
    pub(crate) fn expect(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.peek()? == b).then(|| self.at += 1)
    }

    /// Refuses the byte [`Scanner::next`] just consumed: the scanner stops on it, so that
    /// where the text stops being JSON is that byte.
    #[cold]
    pub(crate) fn refuse<T>(&mut self) -> Option<T> {
        self.at = self.at.saturating_sub(1);
        None
    }

    /// Refuses the text from byte `at` on: the scanner stops there.
    #[cold]
    fn stop_at<T>(&mut self, at: usize) -> Option<T> {
        self.at = at.min(self.text.len());
        None
    }

    /// Only white space may follow the value (as `serde_json::from_str` requires).
    pub fn end(&mut self) -> Option<()> {
        self.ws();
        (self.at == self.text.len()).then_some(())
    }

    /// Consumes the opening byte of a container; `true` when the container is empty and its
    /// closing byte is consumed too.
    pub(crate) fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        self.expect(open)?;
        self.ws();
        let empty = self.peek()? == close;
        if empty {
            self.at += 1;
        }
        Some(empty)
    }

    /// Is the key that starts here `name`? Then the scanner stops after its closing quote.
    /// `name` has no quote or escape, so the key's text cannot end anywhere else: no need to
    /// scan for its end.
    pub(crate) fn expected_key(&mut self, name: Option<&str>) -> bool {
        let Some(name) = name else { return false };
        let end = self.at + name.len();
        let matches = self.text.as_bytes().get(self.at..=end).is_some_and(|t| t.ends_with(b"\"") && same_start(t, name.as_bytes()));
        if matches {
            self.at = end + 1;
        }
        matches
    }

    /// An array's elements, each read by `element(self)`.
    pub fn array(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if self.open(b'[', b']')? {
            return Some(());
        }
        loop {
            element(self)?;
            match self.next()? {
                b',' => {}
                b']' => return Some(()),
                _ => return self.refuse(),
            }
        }
    }

    /// A value's text; `null` is `None`, as serde reads an absent or null `Option`.
    pub fn raw(&mut self) -> Option<Raw<'a>> {
        self.ws();
        if self.peek()? == b'n' {
            return self.literal(b"null").map(|()| None);
        }
        self.value().map(Some)
    }

    /// A value's text, `null` too.
    pub fn value(&mut self) -> Option<Json<'a>> {
        self.ws();
        let start = self.at;
        // Strings and numbers, the usual values, are read without the nesting machinery of
        // `skip` (诺云 sends 12 numbers per record).
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.string()?;
            }
            b'-' | b'0'..=b'9' => self.number()?,
            _ => self.skip()?,
        }
        self.text.get(start..self.at).map(Json::checked)
    }

    /// One whole value, checked as serde_json checks what it ignores, at any depth. Nesting
    /// is tracked as one bit per open container (1 = object), innermost lowest, 64 to a
    /// word; the words of outer containers wait in `outer` past 64 levels.
    pub(crate) fn skip(&mut self) -> Option<()> {
        let mut open = 0u64;
        let mut depth = 0u32;
        let mut outer: Vec<u64> = Vec::new();
        loop {
            // A value starts here.
            match self.next()? {
                c @ (b'{' | b'[') => {
                    let object = c == b'{';
                    self.ws();
                    if self.peek()? == if object { b'}' } else { b']' } {
                        self.at += 1;
                    } else {
                        if depth != 0 && depth % WORD == 0 {
                            outer.push(open);
                            open = 0;
                        }
                        open = open << 1 | u64::from(object);
                        depth += 1;
                        if object {
                            self.member_key()?;
                        }
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b't' => self.rest_of(b"rue")?,
                b'f' => self.rest_of(b"alse")?,
                b'n' => self.rest_of(b"ull")?,
                b'-' | b'0'..=b'9' => {
                    self.at -= 1;
                    self.number()?;
                }
                _ => return self.refuse(),
            }
            // A value ended: close containers until the next element or the end.
            loop {
                if depth == 0 {
                    return Some(());
                }
                let object = open & 1 == 1;
                match self.next()? {
                    b',' => {
                        if object {
                            self.member_key()?;
                        }
                        break;
                    }
                    b'}' if object => {}
                    b']' if !object => {}
                    _ => return self.refuse(),
                }
                open >>= 1;
                depth -= 1;
                if depth != 0 && depth % WORD == 0 {
                    open = outer.pop()?;
                }
            }
        }
    }

    /// `"key":` of a member being skipped (any valid key).
    fn member_key(&mut self) -> Option<()> {
        self.expect(b'"')?;
        self.string()?;
        self.expect(b':')
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.at += 1;
        self.rest_of(word.get(1..)?)
    }

    /// The rest of `true`, `false` or `null` after its first letter.
    fn rest_of(&mut self, rest: &[u8]) -> Option<()> {
        let b = self.text.as_bytes();
        let same = rest.iter().zip(b.get(self.at..).unwrap_or_default()).take_while(|(x, y)| x == y).count();
        if same < rest.len() {
            return self.stop_at(self.at + same);
        }
        self.at += same;
        Some(())
    }

    /// A number as JSON writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        let b = self.text.as_bytes();
        let digits = |at: usize| digits_from(b, at) - at;
        let mut i = self.at + usize::from(b.get(self.at) == Some(&b'-'));
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i += digits(i),
            _ => return self.stop_at(i),
        }
        if b.get(i) == Some(&b'.') {
            let n = digits(i + 1);
            if n == 0 {
                return self.stop_at(i + 1);
            }
            i += 1 + n;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let n = digits(i);
            if n == 0 {
                return self.stop_at(i);
            }
            i += n;
        }
        // serde_json refuses `01`: a digit may not follow a lone leading zero.
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            return self.stop_at(i);
        }
        self.at = i;
        Some(())
    }

    /// A string's contents after its opening quote, and whether it has escapes; the scanner
    /// stops after the closing quote. Control characters give up, as serde_json refuses them.
    #[inline]
    pub(crate) fn string(&mut self) -> Option<(&'a str, bool)> {
        let b = self.text.as_bytes();
        let start = self.at;
        let mut i = start;
        let mut escaped = false;
        loop {
            i = special_from(b, i);
            match b.get(i) {
                Some(b'"') => {
                    self.at = i + 1;
                    return self.text.get(start..i).map(|s| (s, escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    i += match b.get(i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => 2,
                        Some(b'u') if b.get(i + 2..i + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => 6,
                        // The escape, or the end of the text inside it.
                        _ => return self.stop_at(i + 1),
                    };
                }
                // A control character, or the end of the text.
                _ => return self.stop_at(i),
            }
        }
    }
}

/// Does `text` start with `name`? Eight bytes at a time and inline: keys are short, and in
/// wasm `starts_with` is a call to a byte-wise `memcmp` (2–5 % of a page).
fn same_start(text: &[u8], name: &[u8]) -> bool {
    let Some(text) = text.get(..name.len()) else { return false };
    let (mut a, mut b) = (text.chunks_exact(8), name.chunks_exact(8));
    for (x, y) in (&mut a).zip(&mut b) {
        if <[u8; 8]>::try_from(x).ok().map(u64::from_ne_bytes) != <[u8; 8]>::try_from(y).ok().map(u64::from_ne_bytes) {
            return false;
        }
    }
    a.remainder().iter().zip(b.remainder()).all(|(x, y)| x == y)
}

/// The index of `key` in `names`, searched from `guess` on, then from the start.
pub(crate) fn find(names: &[&str], key: &str, guess: usize) -> Option<usize> {
    let (before, after) = names.split_at(guess.min(names.len()));
    after.iter().position(|n| *n == key).map(|i| i + guess).or_else(|| before.iter().position(|n| *n == key))
}

/// The first `"`, `\` or control byte at or after `i` (or the end), eight bytes at a time:
/// most of a page is string contents (docs/performance.md).
#[inline(always)]
fn special_from(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES << 7;
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else { break };
        let w = u64::from_le_bytes(bytes);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // A byte's high bit is set for zero bytes of `quote`/`backslash` and for bytes below
        // 0x20; the lowest such byte is exact (borrows only run upwards).
        let hits = (quote.wrapping_sub(ONES) & !quote | backslash.wrapping_sub(ONES) & !backslash | w.wrapping_sub(ONES * 0x20) & !w) & HIGHS;
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// The end of the run of ASCII digits at `i`, eight bytes at a time: 诺云 sends ten numbers a
/// record, most of them 19-digit ids, and a byte at a time was ~100 instructions a number.
#[inline(always)]
fn digits_from(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES << 7;
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else { break };
        // A digit is 0x30 + 0..=9: after the xor, no high nibble and a low nibble below 10
        // (low nibble + 6 reaches 0x10 from 10 up; at most 21, so no carry between bytes).
        let x = u64::from_le_bytes(bytes) ^ (ONES * 0x30);
        let other = x & (ONES * 0xf0) | ((x & (ONES * 0x0f)) + ONES * 0x06) & (ONES * 0x10);
        // The high bit of each non-zero byte of `other`, without carries between bytes.
        let hits = (((other & (ONES * 0x7f)) + ONES * 0x7f) | other) & HIGHS;
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// Where the scanner stands, for the readers built on it.
impl<'a> Scanner<'a> {
    /// Where the scanner stands: the byte after what it has read.
    pub fn position(&self) -> usize {
        self.at
    }

    /// Back to `at`, a position this scanner was at before (a record to skip whole).
    pub(crate) fn rewind(&mut self, at: usize) {
        self.at = at.min(self.text.len());
    }

    /// The text from `start` (a position this scanner was at) to where it is now.
    pub(crate) fn since(&self, start: usize) -> &'a str {
        self.text.get(start..self.at).unwrap_or_default()
    }

    /// The first byte of the next value, not consumed.
    pub fn ahead(&mut self) -> Option<u8> {
        self.ws();
        self.peek()
    }

    /// Every member of an object, its key's text given as it stands with whether it holds an
    /// escape (`json::read` unescapes it).
    pub fn members(&mut self, mut member: impl FnMut(&'a str, bool, &mut Self) -> Option<()>) -> Option<()> {
        if self.open(b'{', b'}')? {
            return Some(());
        }
        loop {
            self.expect(b'"')?;
            let (key, escaped) = self.string()?;
            self.expect(b':')?;
            member(key, escaped, self)?;
            match self.next()? {
                b',' => {}
                b'}' => return Some(()),
                _ => return self.refuse(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value's text as the scanner reads it, or `None` where it gives up.
    fn raw_of(text: &str) -> Option<Option<&str>> {
        let mut s = Scanner::new(text);
        let raw = s.raw()?;
        s.end()?;
        Some(raw.map(Json::get))
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        for text in [
            "1", "-0", "0.5", "-12.50e+3", "1E9", "\"\"", "\"a\\\"b\\u4e2D\\/\"", "\"中文\"", "true", "false", "null", "[]",
            " [ 1 , {\"a\" : [ ] , \"b\":{}} ] ", "{\"k\\n\":\"v\"}", "\"0123456789abcdef\\\\0123456789\"",
        ] {
            let serde: Option<&serde_json::value::RawValue> = serde_json::from_str(text).unwrap();
            assert_eq!(raw_of(text), Some(serde.map(|r| r.get())), "{text}");
        }
    }

    #[test]
    fn gives_up_where_serde_json_refuses() {
        for text in [
            "", "01", "-", "1.", ".5", "1e", "+1", "0x1", "tru", "nul", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "{1:2}",
            "\"a", "\"\\x\"", "\"\\u12G4\"", "\"tab\there\"", "\"0123456789\u{1}\"", "[", "]", "{\"a\":}", "1 2", "[}", "{]",
        ] {
            assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_err(), "{text}");
            assert_eq!(raw_of(text), None, "{text}");
        }
    }

    #[test]
    fn nesting_has_no_limit_as_in_serde_json_raw_values() {
        let arrays = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        // Objects and arrays mixed, so each level's kind is remembered past a word's 64 bits.
        let mixed = |n: usize| format!("{}1{}", "{\"a\":[".repeat(n), "]}".repeat(n));
        for text in [arrays(63), arrays(64), arrays(65), arrays(66), arrays(129), arrays(300), mixed(31), mixed(32), mixed(33), mixed(100)] {
            let serde: &serde_json::value::RawValue = serde_json::Deserializer::from_str(&text).into_iter().next().unwrap().unwrap();
            assert_eq!(raw_of(&text).flatten(), Some(serde.get()), "{text}");
        }
        // A closing byte of the wrong kind is found at every depth.
        for n in [10, 64, 65, 100] {
            let wrong = format!("{}1{}]", "{\"a\":[".repeat(n), "]}".repeat(n - 1));
            assert_eq!(raw_of(&wrong), None, "{n}");
            let wrong = format!("{}1{}", "{\"a\":[".repeat(n), "}]".repeat(n));
            assert_eq!(raw_of(&wrong), None, "{n}");
        }
    }

    /// The quick digit run agrees with the plain one for every length, position and byte.
    #[test]
    fn digits_from_sees_every_byte() {
        for len in 0..20 {
            for at in 0..len {
                for c in (0..=255u8).step_by(1) {
                    let mut b: Vec<u8> = (0..len).map(|i| b'0' + (i % 10) as u8).collect();
                    b[at] = c;
                    for start in 0..=len.min(3) {
                        let expected = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
                        assert_eq!(digits_from(&b, start), expected, "{b:?} from {start}");
                    }
                }
            }
        }
        assert_eq!(digits_from(b"12", 5), 5);
    }

    #[test]
    fn same_start_is_starts_with() {
        let text = "abcdefghijklmnopqrstuvwxyz\"";
        for len in 0..=text.len() + 2 {
            for at in 0..len {
                let mut name: Vec<u8> = text.bytes().chain("!!!".bytes()).take(len).collect();
                for change in [None, Some(at)] {
                    if let Some(i) = change {
                        name[i] ^= 1;
                    }
                    assert_eq!(same_start(text.as_bytes(), &name), text.as_bytes().starts_with(&name), "{name:?}");
                }
            }
        }
    }

    #[test]
    fn special_bytes_found_in_every_position() {
        for len in 0..20 {
            for at in 0..len {
                for special in [b'"', b'\\', 0x1f, 0] {
                    let mut b = vec![b'a'; len];
                    b[at] = special;
                    if at + 1 < len {
                        b[at + 1] = b'"';
                    }
                    assert_eq!(special_from(&b, 0), at, "{b:?}");
                }
            }
            assert_eq!(special_from("中文字符串".repeat(len).as_bytes(), 0), 15 * len);
        }
    }
}
