//! Exact money: decimal text in, decimal text out, never a float.
//!
//! The unified form is yuan with at least two decimals; zeros past the second decimal are
//! trimmed, digits that carry value never are (`"100.0000"` → `"100.00"`, `"0.3333"` stays).
//! Working on the digits as text keeps every value exact whatever its size, and is faster
//! than a decimal type for what is only ever a reformatting and a shift of the point.

use std::borrow::Cow;
use std::fmt;

/// Longest digit run accepted; far beyond `decimal(20,4)`, short enough that a hostile
/// `1e999999999` cannot make us allocate.
const MAX_DIGITS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// Not a plain decimal number (`"12,00"`, `"abc"`, `"1.2.3"`).
    NotANumber,
    /// More digits than any platform column can hold.
    TooLong,
    /// A fen amount with a fraction of a fen.
    FractionalFen,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::NotANumber => "not a decimal number",
            MoneyError::TooLong => "more than 40 digits",
            MoneyError::FractionalFen => "a fen amount with a fraction of a fen",
        })
    }
}

/// A decimal split into sign, integer digits and fraction digits, both without the
/// insignificant zeros (leading in `int`, trailing in `frac`).
struct Digits {
    negative: bool,
    int: String,
    frac: String,
}

impl Digits {
    /// Reads a JSON-number-like text: `-12.50`, `99`, `1.5e3`, `2E-2`. Surrounding ASCII
    /// white space is allowed (some servers pad string numbers).
    fn parse(text: &str) -> Result<Digits, MoneyError> {
        let t = text.trim_matches(|c: char| c.is_ascii_whitespace()).as_bytes();
        let (negative, t) = match t.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, t),
        };
        let mantissa_end = t.iter().position(|&b| b == b'e' || b == b'E').unwrap_or(t.len());
        let (mantissa, exponent) = t.split_at(mantissa_end);
        let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
            Some(dot) => (&mantissa[..dot], &mantissa[dot + 1..]),
            None => (mantissa, &mantissa[mantissa.len()..]),
        };
        let all_digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || (mantissa.contains(&b'.') && frac.is_empty()) {
            return Err(MoneyError::NotANumber);
        }
        // The limit is on significant digits (checked in `from_point`), so that every
        // rendered amount, with its padding `.00`, reads back as itself.
        // Every byte is an ASCII digit, so these are valid UTF-8.
        let mut all: Vec<u8> = int.iter().chain(frac).copied().collect();
        let mut point = int.len() as i64;
        if !exponent.is_empty() {
            let e = exponent[1..].strip_prefix(b"+").unwrap_or(&exponent[1..]);
            let (e_negative, e) = match e.split_first() {
                Some((b'-', rest)) => (true, rest),
                _ => (false, e),
            };
            if e.is_empty() || e.len() > 3 || !all_digits(e) {
                return Err(MoneyError::NotANumber);
            }
            let shift: i64 = e.iter().fold(0, |n, b| n * 10 + i64::from(b - b'0'));
            point += if e_negative { -shift } else { shift };
        }
        Digits::from_point(negative, &mut all, point)
    }

    /// Digits `all` with the decimal point after `point` of them (may be outside the run).
    fn from_point(negative: bool, all: &mut Vec<u8>, point: i64) -> Result<Digits, MoneyError> {
        if point < 0 {
            let pad = usize::try_from(-point).map_err(|_| MoneyError::TooLong)?;
            if pad + all.len() > MAX_DIGITS {
                return Err(MoneyError::TooLong);
            }
            all.splice(0..0, std::iter::repeat(b'0').take(pad));
        } else if point as usize > all.len() {
            let pad = point as usize - all.len();
            if pad + all.len() > MAX_DIGITS {
                return Err(MoneyError::TooLong);
            }
            all.extend(std::iter::repeat(b'0').take(pad));
        }
        let point = point.max(0) as usize;
        let int = std::str::from_utf8(&all[..point]).unwrap_or("");
        let frac = std::str::from_utf8(&all[point..]).unwrap_or("");
        let digits = Digits {
            negative,
            int: int.trim_start_matches('0').to_owned(),
            frac: frac.trim_end_matches('0').to_owned(),
        };
        // The rendered text (with its leading `0` when below one) must itself be readable
        // back: `5E-40` would render 41 digits, more than any input may have.
        if digits.int.len().max(1) + digits.frac.len() > MAX_DIGITS {
            return Err(MoneyError::TooLong);
        }
        Ok(digits)
    }

    /// The unified text: at least one integer digit and two decimals, no `-0.00`.
    fn render(&self) -> String {
        let int = if self.int.is_empty() { "0" } else { &self.int };
        let mut out = String::with_capacity(int.len() + self.frac.len().max(2) + 2);
        if self.negative && !(self.int.is_empty() && self.frac.is_empty()) {
            out.push('-');
        }
        out.push_str(int);
        out.push('.');
        out.push_str(&self.frac);
        for _ in self.frac.len()..2 {
            out.push('0');
        }
        out
    }
}

/// A yuan amount (string or JSON number text) in the unified form.
pub fn yuan(text: &str) -> Result<String, MoneyError> {
    if let Some(fast) = yuan_fast_path(text) {
        return Ok(fast);
    }
    Digits::parse(text).map(|d| d.render())
}

/// [`yuan`], borrowed from `text` when the unified form is a prefix of it (`1923.84`, or
/// `1012.730` → `1012.73`): most amounts then need no string of their own.
pub fn yuan_borrowed(text: &str) -> Result<Cow<'_, str>, MoneyError> {
    match plain(text) {
        Some(p) if p.keep <= p.frac_len => text.get(..p.int_len + 1 + p.keep).map(Cow::Borrowed).ok_or(MoneyError::NotANumber),
        _ => yuan(text).map(Cow::Owned),
    }
}

/// A plain decimal (`123.4500`, `0.00`, `12`): the lengths of its integer and fraction
/// digits, and how many fraction digits the unified form keeps (trailing zeros dropped,
/// at least two).
struct Plain {
    int_len: usize,
    frac_len: usize,
    keep: usize,
}

fn plain(text: &str) -> Option<Plain> {
    let b = text.as_bytes();
    let dot = b.iter().position(|&c| c == b'.');
    let (int, frac) = match dot {
        Some(d) => (&b[..d], &b[d + 1..]),
        None => (b, &b[b.len()..]),
    };
    let plain = !int.is_empty()
        && int.len() + frac.len() <= MAX_DIGITS
        && (int == b"0" || int[0] != b'0')
        && int.iter().all(u8::is_ascii_digit)
        && (dot.is_none() || !frac.is_empty())
        && frac.iter().all(u8::is_ascii_digit);
    if !plain {
        return None;
    }
    let keep = frac.len() - frac.iter().rev().take_while(|&&c| c == b'0').count();
    Some(Plain { int_len: int.len(), frac_len: frac.len(), keep: keep.max(2) })
}

/// The common shapes `123.4500` / `0.00` / `12` without allocation beyond the result.
fn yuan_fast_path(text: &str) -> Option<String> {
    let Plain { int_len, frac_len, keep } = plain(text)?;
    let mut out = String::with_capacity(int_len + 1 + keep);
    out.push_str(&text[..int_len]);
    out.push('.');
    let have = keep.min(frac_len);
    if have > 0 {
        out.push_str(&text[int_len + 1..int_len + 1 + have]);
    }
    for _ in have..keep {
        out.push('0');
    }
    Some(out)
}

/// A fen (分) amount to yuan: `15320` → `"153.20"`. A fraction of a fen is refused, except
/// all-zero fractions (`"15320.0"`).
pub fn fen_to_yuan(text: &str) -> Result<String, MoneyError> {
    if let Some(fast) = fen_fast_path(text) {
        return Ok(fast);
    }
    let d = Digits::parse(text)?;
    if !d.frac.is_empty() {
        return Err(MoneyError::FractionalFen);
    }
    let mut all = d.int.clone().into_bytes();
    let point = all.len() as i64 - 2;
    Digits::from_point(d.negative, &mut all, point).map(|d| d.render())
}

/// The common shape of a fen amount, plain digits (`15320`, `5`, `0`), straight to the
/// unified text: what [`Digits`] computes for them (leading zeros dropped, the point moved
/// two places, always exactly two decimals), without its three intermediate `String`s
/// (docs/performance.md). Anything else, including more than [`MAX_DIGITS`] significant
/// digits, goes the general way.
fn fen_fast_path(text: &str) -> Option<String> {
    let b = text.as_bytes();
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let significant = &b[b.iter().take_while(|&&c| c == b'0').count()..];
    if significant.len() > MAX_DIGITS {
        return None;
    }
    let mut out = String::with_capacity(significant.len().max(3) + 1);
    let (int, frac): (&[u8], &[u8]) = match significant.len() {
        0 => (b"0", b"00"),
        1 => (b"0", significant),
        2 => (b"0", significant),
        n => (&significant[..n - 2], &significant[n - 2..]),
    };
    // Every byte is an ASCII digit.
    out.push_str(std::str::from_utf8(int).ok()?);
    out.push('.');
    if frac.len() == 1 {
        out.push('0');
    }
    out.push_str(std::str::from_utf8(frac).ok()?);
    Some(out)
}

/// A quantity (`"1.0000"` → `"1.00"`): same rule as money.
pub fn quantity(text: &str) -> Result<String, MoneyError> {
    yuan(text)
}

/// Is the text a negative amount? (Kept as data, but worth a warning.)
pub fn is_negative(unified: &str) -> bool {
    unified.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_examples() {
        assert_eq!(yuan("100.0000").unwrap(), "100.00");
        assert_eq!(yuan("5.500").unwrap(), "5.50");
        assert_eq!(yuan("0.3330").unwrap(), "0.333");
        assert_eq!(yuan("0.3333").unwrap(), "0.3333");
        assert_eq!(yuan("99.00").unwrap(), "99.00");
        assert_eq!(yuan("1000").unwrap(), "1000.00");
        assert_eq!(fen_to_yuan("15320").unwrap(), "153.20");
        assert_eq!(quantity("1.0000").unwrap(), "1.00");
    }

    #[test]
    fn odd_but_exact_inputs() {
        assert_eq!(yuan("007.5").unwrap(), "7.50");
        assert_eq!(yuan("-0.00").unwrap(), "0.00");
        assert_eq!(yuan("-12.340").unwrap(), "-12.34");
        assert_eq!(yuan(" 10.000 ").unwrap(), "10.00");
        assert_eq!(yuan("1.5e3").unwrap(), "1500.00");
        assert_eq!(yuan("25E-4").unwrap(), "0.0025");
        assert_eq!(yuan("9999999999999999999.9999").unwrap(), "9999999999999999999.9999");
        assert_eq!(fen_to_yuan("5").unwrap(), "0.05");
        assert_eq!(fen_to_yuan("0").unwrap(), "0.00");
        assert_eq!(fen_to_yuan("-1").unwrap(), "-0.01");
        assert_eq!(fen_to_yuan("15320.0").unwrap(), "153.20");
        // Past 2^53 a float would have rounded this.
        assert_eq!(fen_to_yuan("9007199254740993").unwrap(), "90071992547409.93");
    }

    #[test]
    fn fen_fast_path_agrees_with_the_general_way() {
        let general = |t: &str| {
            let d = Digits::parse(t)?;
            let mut all = d.int.clone().into_bytes();
            let point = all.len() as i64 - 2;
            Digits::from_point(d.negative, &mut all, point).map(|d| d.render())
        };
        let forty = "9".repeat(40);
        let padded = format!("000{forty}");
        for t in ["0", "00", "5", "05", "50", "100", "15320", "0001", "9007199254740993", forty.as_str(), padded.as_str()] {
            assert_eq!(fen_fast_path(t).map(Ok), Some(general(t)), "{t}");
        }
        let too_long = "9".repeat(41);
        assert_eq!(fen_fast_path(&too_long), None);
        assert_eq!(fen_to_yuan(&too_long), Err(MoneyError::TooLong));
        for other in ["", "-1", "1.0", " 1", "1e2"] {
            assert_eq!(fen_fast_path(other), None, "{other}");
        }
    }

    #[test]
    fn borrowed_yuan_is_yuan() {
        for t in ["1923.84", "1012.730", "0.3333", "0.00", "12", "12.5", "007.5", "-1.00", "1.5e3", " 1.00", "100.0000", "5.", ""] {
            assert_eq!(yuan_borrowed(t).map(Cow::into_owned), yuan(t), "{t}");
        }
        assert!(matches!(yuan_borrowed("1012.730"), Ok(Cow::Borrowed("1012.73"))));
        assert!(matches!(yuan_borrowed("12.5"), Ok(Cow::Owned(_))));
    }

    #[test]
    fn garbage_is_refused() {
        for bad in ["", "-", "abc", "1,000.00", "1.2.3", ".5", "5.", "+5", "1e", "1e9999", "NaN", "0x10"] {
            assert!(yuan(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(yuan(&"9".repeat(41)), Err(MoneyError::TooLong));
        assert_eq!(fen_to_yuan("163.2"), Err(MoneyError::FractionalFen));
    }
}
