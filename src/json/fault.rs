//! Where and why a text is not JSON, for messages only: the readers ([`super::read`]) say
//! no, and this pass, run only then, says where (line and column, as serde_json counted them:
//! bytes from the line's start, 1-based) and why, in serde_json's words. It is iterative, so
//! no nesting can overflow the stack.

use std::fmt;

/// The first fault of a text that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub line: usize,
    pub column: usize,
    what: &'static str,
    /// The text ended before its value did: a body cut off in transit, perhaps.
    eof: bool,
}

impl Fault {
    pub fn is_eof(&self) -> bool {
        self.eof
    }

    /// The fault `what` at byte `at` of `text` (at or past the end: on its last byte, as
    /// serde_json places it).
    pub fn at(text: &str, at: usize, what: &'static str) -> Fault {
        let b = text.as_bytes();
        let eof = at >= b.len();
        let at = at.min(b.len().saturating_sub(1));
        let before = b.get(..at).unwrap_or_default();
        let line_start = before.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
        let column = if b.is_empty() { 0 } else { at - line_start + 1 };
        Fault { line, column, what, eof: eof || what.starts_with("EOF") }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.what, self.line, self.column)
    }
}

/// What the reader that failed accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// JSON's grammar at any depth (raw member texts: `\u` escapes are not decoded).
    Grammar,
    /// The grammar, and data a `serde_json::Value` can hold: at most 128 levels of nesting,
    /// no half of a UTF-16 pair in a string.
    Data,
}

/// Open containers a [`Check::Data`] text may nest: serde_json's `Value` reader refuses its
/// 128th.
pub const MAX_DATA_DEPTH: usize = 127;

/// The first fault of `text`, or `None` when it is one JSON value with only white space
/// around it (and, for [`Check::Data`], data a `Value` can hold).
pub fn fault(text: &str, check: Check) -> Option<Fault> {
    let mut checker = Checker { b: text.as_bytes(), at: 0, check };
    checker.walk().err().map(|(at, what)| Fault::at(text, at, what))
}

struct Checker<'t> {
    b: &'t [u8],
    at: usize,
    check: Check,
}

/// Where the walk stopped: the fault's byte and words.
type Stop = (usize, &'static str);

const EOF_VALUE: &str = "EOF while parsing a value";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_LIST: &str = "EOF while parsing a list";

impl Checker<'_> {
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.b.get(self.at) {
            self.at += 1;
        }
        self.b.get(self.at).copied()
    }

    fn walk(&mut self) -> Result<(), Stop> {
        // The open containers, innermost last.
        let mut open: Vec<u8> = Vec::new();
        loop {
            // A value starts here.
            match self.peek() {
                None => return Err((self.at, EOF_VALUE)),
                Some(c @ (b'{' | b'[')) => {
                    if self.check == Check::Data && open.len() == MAX_DATA_DEPTH {
                        return Err((self.at, "recursion limit exceeded"));
                    }
                    self.at += 1;
                    let close = if c == b'{' { b'}' } else { b']' };
                    let next = self.peek();
                    if next.is_none() {
                        return Err((self.at, if c == b'{' { EOF_OBJECT } else { EOF_LIST }));
                    }
                    if next == Some(close) {
                        self.at += 1;
                    } else {
                        open.push(c);
                        if c == b'{' {
                            self.key(EOF_OBJECT)?;
                        }
                        continue;
                    }
                }
                Some(b'"') => {
                    self.at += 1;
                    self.string()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(_) => return Err((self.at, "expected value")),
            }
            // A value ended: close containers until the next element or the end.
            loop {
                let Some(&inner) = open.last() else {
                    return match self.peek() {
                        None => Ok(()),
                        Some(_) => Err((self.at, "trailing characters")),
                    };
                };
                let object = inner == b'{';
                match self.peek() {
                    None => return Err((self.at, if object { EOF_OBJECT } else { EOF_LIST })),
                    Some(b',') => {
                        self.at += 1;
                        if matches!(self.peek(), Some(b'}' | b']')) {
                            return Err((self.at, "trailing comma"));
                        }
                        if object {
                            self.key(EOF_OBJECT)?;
                        }
                        break;
                    }
                    Some(b'}') if object => {}
                    Some(b']') if !object => {}
                    Some(_) => return Err((self.at, if object { "expected `,` or `}`" } else { "expected `,` or `]`" })),
                }
                self.at += 1;
                open.pop();
            }
        }
    }

    /// `"name":` of a member.
    fn key(&mut self, eof: &'static str) -> Result<(), Stop> {
        match self.peek() {
            None => return Err((self.at, eof)),
            Some(b'"') => self.at += 1,
            Some(_) => return Err((self.at, "key must be a string")),
        }
        self.string()?;
        match self.peek() {
            None => Err((self.at, eof)),
            Some(b':') => {
                self.at += 1;
                Ok(())
            }
            Some(_) => Err((self.at, "expected `:`")),
        }
    }

    /// `true`, `false` or `null`, spelled out.
    fn literal(&mut self, word: &[u8]) -> Result<(), Stop> {
        for &expected in word {
            match self.b.get(self.at) {
                None => return Err((self.at, EOF_VALUE)),
                Some(&c) if c == expected => self.at += 1,
                Some(_) => return Err((self.at, "expected ident")),
            }
        }
        Ok(())
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Result<(), Stop> {
        if self.b.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        match self.b.get(self.at) {
            None => return Err((self.at, EOF_VALUE)),
            Some(b'0') => {
                self.at += 1;
                if self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
                    return Err((self.at, "invalid number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err((self.at, "invalid number")),
        }
        if self.b.get(self.at) == Some(&b'.') {
            self.at += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.b.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.b.get(self.at) {
                self.at += 1;
            }
            self.some_digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
    }

    /// At least one digit.
    fn some_digits(&mut self) -> Result<(), Stop> {
        match self.b.get(self.at) {
            None => Err((self.at, EOF_VALUE)),
            Some(c) if c.is_ascii_digit() => {
                self.digits();
                Ok(())
            }
            Some(_) => Err((self.at, "invalid number")),
        }
    }

    /// A string's contents after its opening quote, through the closing quote.
    fn string(&mut self) -> Result<(), Stop> {
        loop {
            match self.b.get(self.at) {
                None => return Err((self.at, EOF_STRING)),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape()?;
                }
                Some(0x00..=0x1f) => return Err((self.at, "control character (\\u0000-\\u001F) found while parsing a string")),
                Some(_) => self.at += 1,
            }
        }
    }

    /// An escape after its backslash.
    fn escape(&mut self) -> Result<(), Stop> {
        match self.b.get(self.at) {
            None => Err((self.at, EOF_STRING)),
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.at += 1;
                Ok(())
            }
            Some(b'u') => {
                self.at += 1;
                let unit = self.hex4()?;
                if self.check == Check::Grammar || !(0xD800..=0xDFFF).contains(&unit) {
                    return Ok(());
                }
                // Half of a UTF-16 pair must be the high half, then `\u` and the low half.
                let lone = (self.at - 1, "lone leading surrogate in hex escape");
                if unit >= 0xDC00 {
                    return Err(lone);
                }
                for expected in [b'\\', b'u'] {
                    match self.b.get(self.at) {
                        None => return Err((self.at, EOF_STRING)),
                        Some(&c) if c == expected => self.at += 1,
                        Some(_) => return Err((self.at, "unexpected end of hex escape")),
                    }
                }
                match self.hex4()? {
                    0xDC00..=0xDFFF => Ok(()),
                    _ => Err((self.at - 1, "lone leading surrogate in hex escape")),
                }
            }
            Some(_) => Err((self.at, "invalid escape")),
        }
    }

    /// Four hex digits' value.
    fn hex4(&mut self) -> Result<u32, Stop> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = match self.b.get(self.at) {
                None => return Err((self.at, EOF_STRING)),
                // serde_json places it after the digit it refused.
                Some(&c) => (c as char).to_digit(16).ok_or((self.at + 1, "invalid escape"))?,
            };
            value = value * 16 + digit;
            self.at += 1;
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's own message for a text its `Value` reader refuses.
    fn serde_message(text: &str) -> String {
        serde_json::from_str::<serde_json::Value>(text).unwrap_err().to_string()
    }

    /// Known answers: serde_json's words and places, for faults of every kind.
    #[test]
    fn faults_as_serde_json_names_them() {
        let mut wrong = Vec::new();
        for text in [
            "",
            "  ",
            "x",
            "{",
            "[",
            "[1",
            "[1,",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\" 1}",
            "{1:2}",
            "{\"a\":1,}",
            "[1,]",
            "[1 2]",
            "{\"a\":1 \"b\":2}",
            "[}",
            "{]",
            "\"abc",
            "\"a\\",
            "\"\\x\"",
            "\"\\u12G4\"",
            "\"\\u12",
            "\"tab\there\"",
            "tru",
            "trux",
            "nul",
            "fals",
            "-",
            "-x",
            "01",
            "1.",
            "1.x",
            "1e",
            "1e+",
            "1ex",
            "1 2",
            "{} x",
            "{\"a\":1}\n\n  ]",
            "{\n  \"a\": [1,\n   2,,3]\n}",
            "[\"\\ud800\"]",
            "[\"\\udc00\"]",
            "[\"\\ud800\\u0041\"]",
            "[\"\\ud800\\n\"]",
            "[\"\\ud800\\",
            "\"\\ud800\\ud800\"",
        ] {
            let ours = fault(text, Check::Data).map(|f| f.to_string());
            if ours.as_deref() != Some(serde_message(text).as_str()) {
                wrong.push(format!("{text:?}: {ours:?}, serde_json: {}", serde_message(text)));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn json_has_no_fault() {
        for text in ["1", " -0.5e+3 ", "\"a\\\"b\\u4e2D\\/\"", "[]", "{}", "{\"a\":[1,{\"b\":null}],\"c\":true}", "\"\\ud83d\\ude00\""] {
            assert_eq!(fault(text, Check::Data), None, "{text}");
            assert_eq!(fault(text, Check::Grammar), None, "{text}");
        }
    }

    /// Raw member texts are not decoded and may nest at any depth; a `Value` may not.
    #[test]
    fn data_asks_more_than_the_grammar() {
        let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert_eq!(fault(&deep, Check::Grammar), None);
        assert_eq!(fault(&deep, Check::Data).unwrap().to_string(), serde_message(&deep));
        let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert_eq!(fault(&ok, Check::Data), None);
        assert_eq!(fault("[\"\\ud800\"]", Check::Grammar), None);
    }

    #[test]
    fn eof_is_said() {
        for text in ["{\"a\":[1,2", "\"abc", "tru", "[1,", "", "1."] {
            assert!(fault(text, Check::Grammar).unwrap().is_eof(), "{text}");
        }
        for text in ["{\"a\":1,}", "x", "[1 2]", "01"] {
            assert!(!fault(text, Check::Grammar).unwrap().is_eof(), "{text}");
        }
    }
}
