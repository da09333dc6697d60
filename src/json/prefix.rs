//! Is a body the beginning of a JSON object that was cut short? Only such a body is worth
//! fetching again; `{{`, `[[[[` or an object followed by garbage is broken, not truncated.
//!
//! Strings are read the way ShopEx writes them (raw quotes, backslashes and control
//! characters inside): a `"` ends a string only where JSON could go on after it (`:`, `,`,
//! `}`, `]` or the end of the text). So a ShopEx page cut in transit still counts as cut,
//! while the grammar outside strings is JSON's. Iterative: no nesting overflows the stack.

/// What the walk expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (after `:`, `,` in a list, or `[`).
    Value,
    /// A value or `]` (right after `[`).
    ValueOrClose,
    /// A key (after `,` in an object).
    Key,
    /// A key or `}` (right after `{`).
    KeyOrClose,
    /// `:` after a key.
    Colon,
    /// `,` or the closing bracket after a value.
    Next,
}

/// Does `text` start a JSON object and end before that object does, with nothing wrong
/// before the end?
pub fn is_cut_object(text: &str) -> bool {
    let b = text.as_bytes();
    let mut at = skip_space(b, 0);
    if b.get(at) != Some(&b'{') {
        return false;
    }
    // Open containers: `true` for an object.
    let mut open: Vec<bool> = Vec::new();
    let mut expect = Expect::Value;
    loop {
        at = skip_space(b, at);
        let Some(&c) = b.get(at) else {
            // The text ended: cut short exactly when something is still open.
            return !open.is_empty();
        };
        if open.is_empty() && expect == Expect::Next {
            return false; // a whole object, then more: garbage, not a cut
        }
        match (expect, c) {
            (Expect::Value | Expect::ValueOrClose, b'{') => {
                open.push(true);
                expect = Expect::KeyOrClose;
                at += 1;
            }
            (Expect::Value | Expect::ValueOrClose, b'[') => {
                open.push(false);
                expect = Expect::ValueOrClose;
                at += 1;
            }
            (Expect::Value | Expect::ValueOrClose | Expect::Key | Expect::KeyOrClose, b'"') => {
                let is_key = matches!(expect, Expect::Key | Expect::KeyOrClose);
                match string_end(b, at + 1, is_key, open.last() == Some(&true)) {
                    Some(end) => at = end,
                    None => return !open.is_empty(),
                }
                expect = if is_key { Expect::Colon } else { Expect::Next };
            }
            (Expect::Value | Expect::ValueOrClose, b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                let start = at;
                while b.get(at).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.')) {
                    at += 1;
                }
                if !scalar_or_its_start(&b[start..at], at == b.len()) {
                    return false;
                }
                expect = Expect::Next;
            }
            (Expect::ValueOrClose, b']') | (Expect::KeyOrClose, b'}') | (Expect::Next, b']' | b'}') => {
                if open.pop() != Some(c == b'}') {
                    return false;
                }
                expect = Expect::Next;
                at += 1;
            }
            (Expect::Next, b',') => {
                expect = if open.last() == Some(&true) { Expect::Key } else { Expect::Value };
                at += 1;
            }
            (Expect::Colon, b':') => {
                expect = Expect::Value;
                at += 1;
            }
            _ => return false,
        }
    }
}

fn skip_space(b: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\t' | b'\r') = b.get(at) {
        at += 1;
    }
    at
}

/// Where the string whose text starts at `at` ends (past its closing quote), or `None` when
/// the text ends inside it. A key ends at its first quote (keys are the platform's own
/// names); a value's quote closes it only where JSON could go on: `}`, `]`, the end of the
/// text, or `,` before what may come next (`"买家说"东西坏了",要求退款"` is one string).
fn string_end(b: &[u8], mut at: usize, is_key: bool, in_object: bool) -> Option<usize> {
    loop {
        match b.get(at)? {
            b'\\' => at += 2,
            b'"' => {
                let next = skip_space(b, at + 1);
                let closes = is_key
                    || match b.get(next) {
                        None | Some(b'}' | b']') => true,
                        // `,` then what may follow it: a key in an object, a value in a list.
                        Some(b',') => match b.get(skip_space(b, next + 1)) {
                            None => true,
                            Some(b'"') => true,
                            Some(c) => !in_object && matches!(c, b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'),
                        },
                        Some(_) => false,
                    };
                if closes {
                    return Some(at + 1);
                }
                at += 1;
            }
            _ => at += 1,
        }
    }
}

/// A number or literal, or (at the end of the text) the beginning of one.
fn scalar_or_its_start(word: &[u8], at_end: bool) -> bool {
    for literal in [&b"true"[..], b"false", b"null"] {
        if word == literal || (at_end && literal.starts_with(word)) {
            return true;
        }
    }
    let digits = word.strip_prefix(b"-").unwrap_or(word);
    (at_end && digits.is_empty()) || (digits.first().is_some_and(u8::is_ascii_digit) && digits.iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')))
}

#[cfg(test)]
mod tests {
    use super::is_cut_object;

    #[test]
    fn a_cut_object_is_one_whatever_it_was_cut_in() {
        for text in [
            "{",
            " {\"code\"",
            "{\"code\":",
            "{\"code\":0,\"li",
            "{\"a\":[1,{\"b\":\"x",
            "{\"a\":tr",
            "{\"a\":-",
            "{\"a\":[1, 2.5e",
            "{\"a\":{}, \"b\":[[]],",
            // ShopEx's raw quotes and newlines inside a string
            "{\"response\":{\"lists\":[{\"memo\":\"他说\"好\"\n再见\", \"money\":\"1",
            "{\"lists\":{\"1\":{\"memo\":\"买家说\"东西坏了\",要求全额退款\",\"trade_no\":\"14",
        ] {
            assert!(is_cut_object(text), "{text}");
        }
    }

    #[test]
    fn broken_or_whole_texts_are_not_cut() {
        for text in ["", "{{", "[[[[", "[{\"a\":1", "{\"a\" 1", "{\"a\":1} x", "{\"a\":1}", "}", "{\"a\":[}", "{\"a\":xyz", "{\"a\":1]", "{,", "{\"a\":1,,"] {
            assert!(!is_cut_object(text), "{text}");
        }
    }
}
