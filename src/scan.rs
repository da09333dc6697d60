//! A hand-written JSON reader for the fast path of the compact platforms (苏宁, 诺云;
//! docs/performance.md, round 4): the usual shape of a page read in one pass, each field of
//! interest kept as its exact text ([`Json`]), everything else only checked.
//!
//! It accepts what serde_json accepts and gives the same texts, but for two things the fast
//! path leaves to the raw way: keys with escapes in the objects it picks members from, and a
//! member of interest twice. Those are `None`, and the caller reads the body the raw way
//! ([`crate::json::read`], built on this scanner), which alone produces messages; so the
//! fast path can make a page slower, never different.

use crate::json::{Json, Raw};

/// Open containers tracked in one word of [`Scanner::skip`].
const WORD: u32 = 64;

/// Most elements the fast path reads into one list. A longer list (no real page holds more
/// than a hundred records; the benchmark's largest, 10 000) is left to the raw way, which
/// keeps each record only as its text and converts it on its own: read here, every record's
/// fields would be held at once, a few hundred bytes each, and wasm memory never shrinks.
pub const MAX_LIST: usize = 16_384;

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
    fn next(&mut self) -> Option<u8> {
        self.ws();
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    /// Only white space may follow the value (as `serde_json::from_str` requires).
    pub fn end(mut self) -> Option<()> {
        self.ws();
        (self.at == self.text.len()).then_some(())
    }

    /// Consumes the opening byte of a container; `true` when the container is empty and its
    /// closing byte is consumed too.
    fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        self.expect(open)?;
        self.ws();
        let empty = self.peek()? == close;
        if empty {
            self.at += 1;
        }
        Some(empty)
    }

    /// An object's members. `member(i, self)` reads the value of `names[i]`; other members
    /// are skipped. A name of `names` twice (serde's derive refuses it) or a key with an
    /// escape gives up.
    pub fn object(&mut self, names: &[&str], mut member: impl FnMut(usize, &mut Self) -> Option<()>) -> Option<()> {
        if self.open(b'{', b'}')? {
            return Some(());
        }
        let mut seen = 0u64;
        // Members usually come in the order of `names`: look there first.
        let mut guess = 0;
        loop {
            self.expect(b'"')?;
            let found = match self.expected_key(names.get(guess).copied()) {
                true => Some(guess),
                false => {
                    let (key, escaped) = self.string()?;
                    if escaped {
                        return None;
                    }
                    find(names, key, guess)
                }
            };
            self.expect(b':')?;
            match found {
                Some(i) => {
                    let bit = 1u64.checked_shl(u32::try_from(i).ok()?)?;
                    if seen & bit != 0 {
                        return None;
                    }
                    seen |= bit;
                    guess = i + 1;
                    member(i, self)?;
                }
                None => self.skip()?,
            }
            match self.next()? {
                b',' => {}
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    /// Is the key that starts here `name`? Then the scanner stops after its closing quote.
    /// `name` has no quote or escape, so the key's text cannot end anywhere else: no need to
    /// scan for its end.
    fn expected_key(&mut self, name: Option<&str>) -> bool {
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
                _ => return None,
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
    fn skip(&mut self) -> Option<()> {
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
                _ => return None,
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
                    _ => return None,
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
        let end = self.at + rest.len();
        (self.text.as_bytes().get(self.at..end)? == rest).then(|| self.at = end)
    }

    /// A number as JSON writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        let b = self.text.as_bytes();
        let digits = |at: usize| digits_from(b, at) - at;
        let mut i = self.at + usize::from(b.get(self.at) == Some(&b'-'));
        match b.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => i += digits(i),
            _ => return None,
        }
        if b.get(i) == Some(&b'.') {
            let n = digits(i + 1);
            if n == 0 {
                return None;
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
                return None;
            }
            i += n;
        }
        // serde_json refuses `01`: a digit may not follow a lone leading zero.
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        self.at = i;
        Some(())
    }

    /// A string's contents after its opening quote, and whether it has escapes; the scanner
    /// stops after the closing quote. Control characters give up, as serde_json refuses them.
    #[inline]
    fn string(&mut self) -> Option<(&'a str, bool)> {
        let b = self.text.as_bytes();
        let start = self.at;
        let mut i = start;
        let mut escaped = false;
        loop {
            i = special_from(b, i);
            match b.get(i)? {
                b'"' => {
                    self.at = i + 1;
                    return self.text.get(start..i).map(|s| (s, escaped));
                }
                b'\\' => {
                    escaped = true;
                    i += match b.get(i + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                        b'u' if b.get(i + 2..i + 6)?.iter().all(u8::is_ascii_hexdigit) => 6,
                        _ => return None,
                    };
                }
                _ => return None,
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

    #[test]
    fn objects_pick_their_members_once() {
        fn read(text: &str) -> Option<[Option<&str>; 2]> {
            let mut s = Scanner::new(text);
            let mut got = [None, None];
            s.object(&["a", "b"], |i, s| {
                got[i] = s.raw()?.map(Json::get);
                Some(())
            })?;
            s.end()?;
            Some(got)
        }
        assert_eq!(read("{\"b\":[1],\"x\":{\"a\":2},\"a\":\"t\"}"), Some([Some("\"t\""), Some("[1]")]));
        assert_eq!(read("{}"), Some([None, None]));
        assert_eq!(read("{\"a\":null,\"a\":1}"), None);
        assert_eq!(read("{\"\\u0061\":1}"), None);
        assert_eq!(read("[]"), None);
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

/// What 旺店通 and ShopEx need besides the above (docs/performance.md, round 4), kept in a
/// block of its own: lists of records, `null` or a value, id-keyed objects.
impl<'a> Scanner<'a> {
    /// Where the scanner stands: the byte after what it has read.
    pub fn position(&self) -> usize {
        self.at
    }

    /// The first byte of the next value, not consumed.
    pub fn ahead(&mut self) -> Option<u8> {
        self.ws();
        self.peek()
    }

    /// `null` as `None` (as serde reads an absent or null `Option`), else what `read` reads.
    pub fn null_or<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.ahead()? == b'n' {
            return self.literal(b"null").map(|()| None);
        }
        read(self).map(Some)
    }

    /// An array whose every element `read` reads; `None` past [`MAX_LIST`] elements.
    pub fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::new();
        self.array(|s| {
            if out.len() == MAX_LIST {
                return None;
            }
            out.push(read(s)?);
            Some(())
        })?;
        Some(out)
    }

    /// An object of one value kept as text (`names[0]`: a count, a flag) and one list whose
    /// elements `read` reads (`names[1]`, `None` when absent): 诺云's `data`, 蘑菇街's
    /// `result.data`.
    pub fn text_and_list<T>(&mut self, names: &[&str; 2], mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<(Raw<'a>, Option<Vec<T>>)> {
        let (mut text, mut list) = (None, None);
        self.object(names, |i, s| {
            match i {
                0 => text = s.raw()?,
                _ => list = Some(s.list(&mut read)?),
            }
            Some(())
        })?;
        Some((text, list))
    }

    /// An object whose members of interest are all kept as their text: `names[i]`'s in `[i]`.
    pub fn fields<const N: usize>(&mut self, names: &[&str; N]) -> Option<[Raw<'a>; N]> {
        let mut values = [None; N];
        self.object(names, |i, s| {
            *values.get_mut(i)? = s.raw()?;
            Some(())
        })?;
        Some(values)
    }

    /// Every member of an object with its key, in body order (ShopEx's id-keyed `lists`). A
    /// key with an escape gives up: its text would not be the key.
    pub fn entries(&mut self, mut entry: impl FnMut(&'a str, &mut Self) -> Option<()>) -> Option<()> {
        self.members(|key, escaped, s| if escaped { None } else { entry(key, s) })
    }

    /// Every member of an object, its key's text given as it stands with whether it holds an
    /// escape (the raw way's reader unescapes it).
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
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;

    fn read<'a, T>(text: &'a str, f: impl FnOnce(&mut Scanner<'a>) -> Option<T>) -> Option<T> {
        let mut s = Scanner::new(text);
        let value = f(&mut s)?;
        s.end()?;
        Some(value)
    }

    fn texts<'a>(s: &mut Scanner<'a>) -> Option<Vec<Option<&'a str>>> {
        s.list(|s| s.raw().map(|r| r.map(Json::get)))
    }

    fn two_fields<'a>(s: &mut Scanner<'a>) -> Option<[Option<&'a str>; 2]> {
        s.fields(&["a", "b"]).map(|f| f.map(|r| r.map(Json::get)))
    }

    fn entries<'a>(s: &mut Scanner<'a>) -> Option<Vec<(&'a str, Option<&'a str>)>> {
        let mut out = Vec::new();
        s.entries(|key, s| {
            out.push((key, s.raw()?.map(Json::get)));
            Some(())
        })?;
        Some(out)
    }

    #[test]
    fn lists_nulls_and_fields() {
        assert_eq!(read(" [1, \"a\" ,null] ", texts), Some(vec![Some("1"), Some("\"a\""), None]));
        assert_eq!(read("[]", texts), Some(vec![]));
        assert_eq!(read("[1,]", texts), None);
        assert_eq!(read("{}", texts), None);
        assert_eq!(read(" null", |s| s.null_or(texts)), Some(None));
        assert_eq!(read("nul", |s| s.null_or(texts)), None);
        assert_eq!(read("nulll", |s| s.null_or(texts)), None);
        assert_eq!(read("[2]", |s| s.null_or(texts)), Some(Some(vec![Some("2")])));
        assert_eq!(read("{\"b\":{\"a\":1},\"c\":2}", two_fields), Some([None, Some("{\"a\":1}")]));
        assert_eq!(read("{\"a\":1,\"a\":1}", two_fields), None);
    }

    #[test]
    fn entries_keep_every_key_in_order() {
        assert_eq!(
            read(" { \"12\" : {\"x\":[]} , \"12\":null,\"中\":1}", entries),
            Some(vec![("12", Some("{\"x\":[]}")), ("12", None), ("中", Some("1"))])
        );
        assert_eq!(read("{}", entries), Some(vec![]));
        for text in ["{\"a\\n\":1}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1", "[]", "{1:2}"] {
            assert_eq!(read(text, entries), None, "{text}");
        }
    }
}
