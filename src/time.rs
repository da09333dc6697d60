//! Beijing time (UTC+8, no daylight saving): every platform speaks it without an offset.
//!
//! Instants are Unix seconds (`i64`). Inputs are `yyyy-MM-dd HH:mm:ss` (Beijing wall
//! clock), RFC 3339 with an offset, or epoch milliseconds; output is always RFC 3339 with
//! `+08:00`. Calendar arithmetic is done here (days-from-civil) rather than pulling in a
//! date crate: the wasm stays small and nothing depends on the host's time zone.

use std::fmt;

/// Seconds east of UTC for Beijing time.
pub const BEIJING_OFFSET: i64 = 8 * 3600;
pub const DAY: i64 = 86_400;

/// Earliest and latest instants accepted anywhere: years 1970..=9999 keep every platform's
/// 10-digit second timestamps and our arithmetic far from overflow.
const MIN_SECONDS: i64 = -BEIJING_OFFSET; // 1970-01-01 00:00:00 Beijing
const MAX_SECONDS: i64 = 253_402_271_999 - BEIJING_OFFSET; // 9999-12-31 23:59:59 Beijing

/// The times a platform's record or a query's epoch number can plausibly name:
/// 2000-01-01 00:00:00 up to (not including) 2100-01-01 00:00:00, Beijing time. A Unix
/// time outside it is in another unit or corrupt (12 digits of seconds are year 7170; epoch
/// seconds read as milliseconds are January 1970), so it is refused, never converted.
const PLAUSIBLE_FROM: i64 = 946_656_000;
const PLAUSIBLE_UNTIL: i64 = 4_102_444_800 - BEIJING_OFFSET;

/// Why a time text was not accepted; turned into an `Issue` or a rejected record upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    /// Not one of the accepted shapes.
    Format,
    /// The right shape, but no such calendar moment (`2024-02-30 25:00:00`).
    NoSuchDate,
    /// Before 1970 or after 9999.
    OutOfRange,
    /// A Unix time outside 2000..2100 (`PLAUSIBLE_FROM`): another unit, or corrupt.
    Implausible,
    /// Epoch milliseconds before 2000: epoch seconds given where milliseconds are asked.
    LooksLikeSeconds,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeError::Format => "expected yyyy-MM-dd HH:mm:ss (Beijing time), RFC 3339 or epoch milliseconds",
            TimeError::NoSuchDate => "no such date or time of day",
            TimeError::OutOfRange => "outside 1970-01-01..9999-12-31",
            TimeError::Implausible => "a Unix time outside 2000-01-01..2100-01-01: 10-digit seconds expected",
            TimeError::LooksLikeSeconds => "before 2000 as epoch milliseconds: epoch seconds given where milliseconds are expected?",
        })
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

/// A wall-clock date and time, validated against the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WallClock {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl WallClock {
    /// Reads `yyyy-MM-dd?HH:mm:ss` where `?` is `sep` (a space or `T`).
    fn parse(b: &[u8], seps: &[u8]) -> Result<WallClock, TimeError> {
        if b.len() < 19
            || b[4] != b'-'
            || b[7] != b'-'
            || !seps.contains(&b[10])
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(TimeError::Format);
        }
        let field = |r: std::ops::Range<usize>| digits(&b[r]).ok_or(TimeError::Format);
        let clock = WallClock {
            year: i64::from(field(0..4)?),
            month: field(5..7)?,
            day: field(8..10)?,
            hour: field(11..13)?,
            minute: field(14..16)?,
            second: field(17..19)?,
        };
        let date_ok = (1..=12).contains(&clock.month)
            && clock.day >= 1
            && clock.day <= days_in_month(clock.year, clock.month);
        if !date_ok || clock.hour > 23 || clock.minute > 59 || clock.second > 59 {
            return Err(TimeError::NoSuchDate);
        }
        Ok(clock)
    }

    fn seconds_at_offset(&self, offset: i64) -> i64 {
        days_from_civil(self.year, self.month, self.day) * DAY
            + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
            - offset
    }
}

fn in_range(seconds: i64) -> Result<i64, TimeError> {
    if (MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(TimeError::OutOfRange)
    }
}

/// Is this one of the platforms' "no date" sentinels (`0000-00-00 00:00:00`, `0`, empty)?
pub fn is_zero_date(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t == "0" || t.starts_with("0000-00-00")
}

/// `yyyy-MM-dd HH:mm:ss` in Beijing time to Unix seconds.
pub fn parse_beijing(text: &str) -> Result<i64, TimeError> {
    let b = text.as_bytes();
    let Ok(b) = <&[u8; 19]>::try_from(b) else {
        return Err(TimeError::Format);
    };
    // The usual time in one pass and 32-bit arithmetic (64-bit division is slow in wasm; two
    // times a signature: docs/performance.md); the rest, and every error, the
    // general way.
    if let Some((year, month, day, clock)) = usual_fields(b) {
        return Ok(i64::from(days_from_civil_u32(year, month, day)) * DAY + i64::from(clock) - BEIJING_OFFSET);
    }
    in_range(WallClock::parse(b, b" ")?.seconds_at_offset(BEIJING_OFFSET))
}

/// RFC 3339 (`2024-01-02T03:04:05+08:00`, `Z`, optional fraction, which is dropped).
pub fn parse_rfc3339(text: &str) -> Result<i64, TimeError> {
    let b = text.as_bytes();
    let clock = WallClock::parse(b, b"Tt ")?;
    let mut rest = &b[19..];
    if let Some(stripped) = rest.strip_prefix(b".") {
        let n = stripped.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return Err(TimeError::Format);
        }
        rest = &stripped[n..];
    }
    let offset = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2]).ok_or(TimeError::Format)?;
            let minutes = digits(&[*m1, *m2]).ok_or(TimeError::Format)?;
            if hours > 23 || minutes > 59 {
                return Err(TimeError::NoSuchDate);
            }
            let magnitude = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' {
                -magnitude
            } else {
                magnitude
            }
        }
        _ => return Err(TimeError::Format),
    };
    in_range(clock.seconds_at_offset(offset))
}

/// Either accepted text form: Beijing wall clock, or RFC 3339 with an offset.
pub fn parse_text(text: &str) -> Result<i64, TimeError> {
    if text.len() == 19 && text.as_bytes()[10] == b' ' {
        parse_beijing(text)
    } else {
        parse_rfc3339(text)
    }
}

/// Epoch milliseconds to seconds, flooring a fraction of a second.
pub fn from_epoch_ms(ms: i64) -> Result<i64, TimeError> {
    in_range(ms.div_euclid(1000))
}

/// A caller's epoch milliseconds (a query's `since`/`until`, `options.now`): as
/// [`from_epoch_ms`], and a number before 2000 is refused as [`TimeError::LooksLikeSeconds`]
/// (`1717171200` would otherwise be a query for January 1970 that finds nothing).
pub fn caller_epoch_ms(ms: i64) -> Result<i64, TimeError> {
    let seconds = from_epoch_ms(ms)?;
    if seconds < PLAUSIBLE_FROM {
        return Err(TimeError::LooksLikeSeconds);
    }
    Ok(seconds)
}

/// A platform's Unix seconds, refused outside the plausible years (`PLAUSIBLE_FROM`).
fn plausible_unix(seconds: i64) -> Result<i64, TimeError> {
    if (PLAUSIBLE_FROM..PLAUSIBLE_UNTIL).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(TimeError::Implausible)
    }
}

/// Unix seconds as text `yyyy-MM-dd HH:mm:ss` in Beijing time, the platforms' own form.
pub fn format_beijing(seconds: i64) -> String {
    let mut out = String::with_capacity(19);
    push_beijing(&mut out, seconds);
    out
}

/// [`format_beijing`] appended to `out`, without a `String` of its own (苏宁 writes two into
/// its request body: docs/performance.md).
pub fn push_beijing(out: &mut String, seconds: i64) {
    let mut b = *b"0000-00-00 00:00:00";
    if fill_wall_clock(&mut b, seconds + BEIJING_OFFSET) {
        // Only digits and the template's separators: ASCII.
        out.push_str(std::str::from_utf8(&b).unwrap_or_default());
    } else {
        write_wall_clock(out, seconds + BEIJING_OFFSET, ' ');
    }
}

/// Unix seconds as RFC 3339 with `+08:00`, the unified model's form.
pub fn format_rfc3339(seconds: i64) -> String {
    // Digits written into a fixed buffer, one copy instead of eleven pushes (诺云 formats two
    // a record: docs/performance.md).
    let mut b = *b"0000-00-00T00:00:00+08:00";
    if fill_wall_clock(&mut b, seconds + BEIJING_OFFSET) {
        return String::from(std::str::from_utf8(&b).unwrap_or_default());
    }
    let mut out = String::with_capacity(25);
    write_wall_clock(&mut out, seconds + BEIJING_OFFSET, 'T');
    out.push_str("+08:00");
    out
}

/// The date and clock digits of a wall-clock time (Unix seconds shifted to the zone) over
/// the first 19 bytes of `b`, whose separators are already in place; false (and `b` as it
/// was) outside years 1970..=9999, which [`write_wall_clock`] then writes. The date in
/// 32-bit arithmetic: 64-bit division is slow in wasm.
fn fill_wall_clock(b: &mut [u8], local: i64) -> bool {
    let (Ok(days), Ok(secs)) = (u32::try_from(local.div_euclid(DAY)), u32::try_from(local.rem_euclid(DAY))) else {
        return false;
    };
    let (year, month, day) = civil_from_days_u32(days);
    if year > 9999 || b.len() < 19 {
        return false;
    }
    for (at, n) in [(0, year / 100), (2, year % 100), (5, month), (8, day), (11, secs / 3600), (14, secs / 60 % 60), (17, secs % 60)] {
        if let (Some(pair), Some(digits)) = (b.get_mut(at..at + 2), DIGIT_PAIRS.as_bytes().get(2 * n as usize..2 * n as usize + 2)) {
            pair.copy_from_slice(digits);
        }
    }
    true
}

/// [`days_from_civil`] for years from 1 on (no negative division needed), in `u32`.
fn days_from_civil_u32(year: u32, month: u32, day: u32) -> u32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).wrapping_sub(719_468)
}

/// [`civil_from_days`] for days from 1970 on (no negative division needed), in `u32`.
fn civil_from_days_u32(days: u32) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + u32::from(month <= 2), month, day)
}

/// Appends `n` in decimal, zero-padded to at least `width` digits, never truncated. (The
/// `format!` machinery was the biggest cost of signing a request: docs/performance.md.)
pub fn push_zero_padded(out: &mut String, n: u64, width: usize) {
    // Two-digit fields (clock parts, key lengths) are most calls: no buffer, no UTF-8 check.
    if n < 100 && width == 2 {
        return push_two_digits(out, n);
    }
    // Small unpadded numbers (page, page size, a header count) likewise (docs/performance.md).
    if n < 100 && width < 2 {
        return if n < 10 { out.push(char::from(b'0' + n as u8)) } else { push_two_digits(out, n) };
    }
    // Four-digit fields (years, 旺店通's value lengths) likewise.
    if n < 10_000 && width == 4 {
        push_two_digits(out, n / 100);
        return push_two_digits(out, n % 100);
    }
    // Right-aligned in a buffer wide enough for u64::MAX and any padding we use.
    let mut buf = [b'0'; 24];
    let mut at = buf.len();
    // 64-bit division is a slow instruction in wasm (8 % of a signature): only the digits
    // above u32::MAX use it, the rest is 32-bit arithmetic.
    let mut wide = n;
    while wide > u64::from(u32::MAX) {
        at -= 1;
        buf[at] = b'0' + (wide % 10) as u8;
        wide /= 10;
    }
    let mut rest = u32::try_from(wide).unwrap_or(0);
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let from = at.min(buf.len().saturating_sub(width));
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[from..]).unwrap_or_default());
}

/// `n` as `to_string` writes it, without `core::fmt` (request params: page, size, clock).
pub fn decimal(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let mut out = String::with_capacity(20);
    if n < 0 {
        out.push('-');
    }
    // Every caller passes an i64 or a u64, whose magnitude fits a u64.
    push_zero_padded(&mut out, u64::try_from(n.unsigned_abs()).unwrap_or(u64::MAX), 1);
    out
}

/// Appends `n` as two digits: the month, day, hour, minute and second of a time, without
/// `push_zero_padded`'s general loop (a third of a 诺云 page's time conversions).
fn push_two_digits(out: &mut String, n: u64) {
    if n >= 100 {
        return push_zero_padded(out, n, 2);
    }
    // One two-byte copy instead of two `push`es and a division (wasm: 3 % of a signature).
    let at = 2 * n as usize;
    out.push_str(DIGIT_PAIRS.get(at..at + 2).unwrap_or("00"));
}

/// `00` to `99`, for [`push_two_digits`].
const DIGIT_PAIRS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

fn write_wall_clock(out: &mut String, local: i64, sep: char) {
    let (year, month, day) = civil_from_days(local.div_euclid(DAY));
    let secs = local.rem_euclid(DAY);
    // Years stay within 1970..=9999 (`in_range`), so they are never negative here.
    push_zero_padded(out, u64::try_from(year).unwrap_or(0), 4);
    out.push('-');
    push_two_digits(out, u64::from(month));
    out.push('-');
    push_two_digits(out, u64::from(day));
    out.push(sep);
    let secs = u64::try_from(secs).unwrap_or(0);
    push_two_digits(out, secs / 3600);
    out.push(':');
    push_two_digits(out, secs / 60 % 60);
    out.push(':');
    push_two_digits(out, secs % 60);
}

/// A platform's Beijing `yyyy-MM-dd HH:mm:ss` straight to RFC 3339, zero dates to `None`.
///
/// The hot path of every parser: it validates the calendar but rewrites the text instead of
/// going through seconds and back.
pub fn beijing_to_rfc3339(text: &str) -> Result<Option<String>, TimeError> {
    if let Some(rfc3339) = <&[u8; 19]>::try_from(text.as_bytes()).ok().and_then(usual_beijing) {
        return Ok(Some(rfc3339));
    }
    general_beijing_to_rfc3339(text)
}

/// [`beijing_to_rfc3339`] through the calendar: zero dates, and the error of a text that is
/// not a time.
fn general_beijing_to_rfc3339(text: &str) -> Result<Option<String>, TimeError> {
    if is_zero_date(text) {
        return Ok(None);
    }
    let b = text.as_bytes();
    if b.len() != 19 {
        return Err(TimeError::Format);
    }
    let clock = WallClock::parse(b, b" ")?;
    in_range(clock.seconds_at_offset(BEIJING_OFFSET))?;
    let mut out = *b"0000-00-00T00:00:00+08:00";
    out[..10].copy_from_slice(&b[..10]);
    out[11..19].copy_from_slice(&b[11..]);
    // `parse` checked the text is digits and separators: ASCII.
    Ok(Some(String::from(std::str::from_utf8(&out).map_err(|_| TimeError::Format)?)))
}

/// A valid time of 1970..=9998, in one pass over the bytes (no days count: a valid date of
/// those years is in range); `None` for anything else, which the general path then reads or
/// refuses. The general path cost ~450 instructions a time natively.
fn usual_beijing(b: &[u8; 19]) -> Option<String> {
    usual_fields(b)?;
    // Date and clock into a fixed buffer, one allocation of the exact size.
    let mut out = *b"0000-00-00T00:00:00+08:00";
    for (to, from) in out.iter_mut().zip(b).take(19) {
        if *to != b'T' {
            *to = *from;
        }
    }
    std::str::from_utf8(&out).ok().map(String::from)
}

/// A valid `yyyy-MM-dd HH:mm:ss` of 1970..=9998 read in one pass: year, month, day and the
/// seconds of the day. `None` for anything else (the range's end falls inside 9999).
fn usual_fields(b: &[u8; 19]) -> Option<(u32, u32, u32, u32)> {
    // The text as three words (bytes 0..8, 8..16, 11..19), each XORed with the shape
    // `0000-00-00 00:00:00`: a separator in its place becomes 0, a digit 0..=9.
    const SHAPES: [(u64, u64); 3] = [
        (u64::from_le_bytes(*b"0000-00-"), 0xff00_00ff_0000_0000),
        (u64::from_le_bytes(*b"00 00:00"), 0x0000_ff00_00ff_0000),
        (u64::from_le_bytes(*b"00:00:00"), 0x0000_ff00_00ff_0000),
    ];
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let words = [0, 8, 11].map(|at| b.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map_or(u64::MAX, u64::from_le_bytes));
    let shaped = words.iter().zip(SHAPES).all(|(w, (shape, separators))| {
        let x = w ^ shape;
        let digits = x & !separators;
        // A byte below 10 stays below 0x80 when 0x76 is added; any other byte sets its high bit.
        x & separators == 0 && (digits.wrapping_add(0x7676_7676_7676_7676) | digits) & HIGHS == 0
    });
    if !shaped {
        return None;
    }
    let [y1, y2, y3, y4, _, m1, m2, _, d1, d2, _, h1, h2, _, i1, i2, _, s1, s2] = b.map(|c| u32::from(c.wrapping_sub(b'0')));
    let (year, month, day) = (((y1 * 10 + y2) * 10 + y3) * 10 + y4, m1 * 10 + m2, d1 * 10 + d2);
    let (hour, minute, second) = (h1 * 10 + h2, i1 * 10 + i2, s1 * 10 + s2);
    let valid = (1970..=9998).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(i64::from(year), month)
        && hour <= 23
        && minute <= 59
        && second <= 59;
    valid.then_some((year, month, day, hour * 3600 + minute * 60 + second))
}

/// Unix seconds given as decimal text (`"1640995200"`, `1640995200`) to RFC 3339;
/// `0` is the platforms' "none"; a time outside the plausible years is refused.
pub fn unix_text_to_rfc3339(text: &str) -> Result<Option<String>, TimeError> {
    // Plain digits (the usual form): checked and read in one pass.
    let b = text.as_bytes();
    if b != b"0" && (1..=12).contains(&b.len()) {
        if let Some(seconds) = b.iter().try_fold(0i64, |n, &c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))) {
            return Ok(Some(format_rfc3339(plausible_unix(seconds)?)));
        }
    }
    if is_zero_date(text) {
        return Ok(None);
    }
    let t = text.trim();
    if t.len() > 12 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TimeError::Format);
    }
    let seconds: i64 = t.parse().map_err(|_| TimeError::Format)?;
    Ok(Some(format_rfc3339(plausible_unix(seconds)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The buffer of `format_rfc3339` writes what the general pushes write, for every hour
    /// of the range's edges and a spread of times between, and years outside 0..=9999.
    #[test]
    fn rfc3339_buffer_is_the_general_form() {
        let general = |seconds: i64| {
            let mut out = String::new();
            write_wall_clock(&mut out, seconds + BEIJING_OFFSET, 'T');
            out.push_str("+08:00");
            out
        };
        let mut cases: Vec<i64> = (0..20_000).map(|k: i64| k * 1_013_904_611 % 500_000_000_000 - 100_000_000_000).collect();
        cases.extend([MIN_SECONDS, MAX_SECONDS, 0, -1, -BEIJING_OFFSET, -BEIJING_OFFSET - 1, 253_402_271_999, 253_402_272_000, -62_167_248_000, -62_167_248_001]);
        for s in cases {
            assert_eq!(format_rfc3339(s), general(s), "{s}");
            let mut beijing = String::new();
            write_wall_clock(&mut beijing, s + BEIJING_OFFSET, ' ');
            assert_eq!(format_beijing(s), beijing, "{s}");
        }
    }

    /// The 32-bit calendar is the general one on every day it is used for (1970..=9999).
    #[test]
    fn civil_from_days_u32_is_civil_from_days() {
        for days in (0..2_932_897u32).step_by(7).chain([59, 60, 11_016, 11_017, 2_932_896]) {
            let (y, m, d) = civil_from_days(i64::from(days));
            assert_eq!(civil_from_days_u32(days), (y as u32, m, d), "{days}");
            assert_eq!(i64::from(days_from_civil_u32(y as u32, m, d)), days_from_civil(y, m, d), "{days}");
        }
    }

    /// The one-pass readers answer as the general ones: every byte of a time spoilt in turn,
    /// the calendar's edges, and a spread of instants.
    #[test]
    fn one_pass_times_are_the_general_ones() {
        let mut texts: Vec<String> = (0..5000).map(|k: i64| format_beijing(k * 50_611_379 % 253_402_271_999)).collect();
        for base in ["2024-02-29 23:59:59", "2023-02-29 00:00:00", "1970-01-01 00:00:00", "1969-12-31 23:59:59", "9999-12-31 23:59:59", "2024-12-31 24:00:00", "2024-13-01 00:00:00", "2024-00-10 00:00:00", "2024-04-31 10:60:00", "2024-04-30 10:00:60", "0000-00-00 00:00:00", "2100-02-29 00:00:00", "2000-02-29 00:00:00"] {
            texts.push(base.into());
            for at in 0..19 {
                for c in ['0', '9', ' ', '-', ':', 'a', '/', 'T', '\u{0}'] {
                    let mut t: Vec<char> = base.chars().collect();
                    t[at] = c;
                    texts.push(t.into_iter().collect());
                }
            }
        }
        texts.extend(["2024-01-01 00:00:é", "é24-01-01 00:00:00", "2024-01-01\u{7f}00:00:00", "2024-01-01 00:00:\u{3a}0", "2024-01-01 00:00:00 ", "", "0", "中文中文中文-01 00:00:0"].map(String::from));
        // `parse_beijing` the general way, as it was before its one-pass reader.
        let general_parse = |t: &str| -> Result<i64, TimeError> {
            let b = t.as_bytes();
            if b.len() != 19 {
                return Err(TimeError::Format);
            }
            in_range(WallClock::parse(b, b" ")?.seconds_at_offset(BEIJING_OFFSET))
        };
        for t in &texts {
            assert_eq!(beijing_to_rfc3339(t), general_beijing_to_rfc3339(t), "{t:?}");
            assert_eq!(parse_beijing(t), general_parse(t), "{t:?}");
        }
        let general_unix = |t: &str| -> Result<Option<String>, TimeError> {
            if is_zero_date(t) {
                return Ok(None);
            }
            let t = t.trim();
            if t.len() > 12 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(TimeError::Format);
            }
            Ok(Some(format_rfc3339(plausible_unix(t.parse().map_err(|_| TimeError::Format)?)?)))
        };
        for t in ["0", "00", "", " 0", "1", "1640995200", " 1640995200", "1640995200 ", "999999999999", "9999999999999", "253402271999", "253402272000", "-1", "1e9", "１"] {
            assert_eq!(unix_text_to_rfc3339(t), general_unix(t), "{t:?}");
        }
    }

    /// Platforms send 10-digit Unix seconds: 12 digits (year 7170), milliseconds or a time
    /// before 2000 are refused, never converted; the edges are Beijing midnights.
    #[test]
    fn implausible_unix_times_are_refused() {
        assert_eq!(unix_text_to_rfc3339("164099520000"), Err(TimeError::Implausible));
        assert_eq!(unix_text_to_rfc3339("1640995200000"), Err(TimeError::Format));
        assert_eq!(unix_text_to_rfc3339("946656000"), Ok(Some("2000-01-01T00:00:00+08:00".into())));
        assert_eq!(unix_text_to_rfc3339("946655999"), Err(TimeError::Implausible));
        assert_eq!(unix_text_to_rfc3339("4102415999"), Ok(Some("2099-12-31T23:59:59+08:00".into())));
        assert_eq!(unix_text_to_rfc3339("4102416000"), Err(TimeError::Implausible));
        assert_eq!(unix_text_to_rfc3339("1"), Err(TimeError::Implausible));
        assert_eq!(unix_text_to_rfc3339("0"), Ok(None));
    }

    /// A caller's epoch number before 2000 is seconds given as milliseconds (1717171200 would
    /// be 1970-01-21), refused as such; milliseconds of the same moment are read.
    #[test]
    fn caller_epoch_seconds_are_refused() {
        assert_eq!(caller_epoch_ms(1_717_171_200), Err(TimeError::LooksLikeSeconds));
        assert_eq!(caller_epoch_ms(0), Err(TimeError::LooksLikeSeconds));
        assert_eq!(caller_epoch_ms(946_655_999_999), Err(TimeError::LooksLikeSeconds));
        assert_eq!(caller_epoch_ms(946_656_000_000), Ok(946_656_000));
        assert_eq!(caller_epoch_ms(1_717_171_200_000), Ok(1_717_171_200));
    }

    #[test]
    fn beijing_wall_clock_is_utc_plus_8() {
        // 2016-08-01 12:00:00 Beijing = 04:00 UTC
        assert_eq!(parse_beijing("2016-08-01 12:00:00"), Ok(1_470_024_000));
        assert_eq!(format_beijing(1_470_024_000), "2016-08-01 12:00:00");
        assert_eq!(format_rfc3339(1_470_024_000), "2016-08-01T12:00:00+08:00");
        assert_eq!(parse_beijing("1970-01-01 08:00:00"), Ok(0));
    }

    #[test]
    fn rfc3339_any_offset() {
        assert_eq!(parse_rfc3339("2016-08-01T04:00:00Z"), Ok(1_470_024_000));
        assert_eq!(parse_rfc3339("2016-08-01T12:00:00+08:00"), Ok(1_470_024_000));
        assert_eq!(parse_rfc3339("2016-07-31T23:00:00.999-05:00"), Ok(1_470_024_000));
        assert_eq!(parse_rfc3339("2016-08-01T04:00:00"), Err(TimeError::Format));
        assert_eq!(parse_text("2016-08-01 12:00:00"), Ok(1_470_024_000));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(parse_beijing("2024-02-30 25:00:00"), Err(TimeError::NoSuchDate));
        assert_eq!(parse_beijing("2024-02-30 10:00:00"), Err(TimeError::NoSuchDate));
        assert_eq!(parse_beijing("2023-02-29 10:00:00"), Err(TimeError::NoSuchDate));
        assert!(parse_beijing("2024-02-29 23:59:59").is_ok());
        assert!(parse_beijing("2000-02-29 00:00:00").is_ok());
        assert_eq!(parse_beijing("1900-02-29 00:00:00"), Err(TimeError::NoSuchDate));
        assert_eq!(parse_beijing("2024-1-01 00:00:00"), Err(TimeError::Format));
        assert_eq!(parse_beijing("2024-01-01T00:00:00"), Err(TimeError::Format));
        assert_eq!(parse_beijing("１２３４-01-01 00:00:00"), Err(TimeError::Format));
        assert_eq!(parse_beijing("1969-12-31 23:59:59"), Err(TimeError::OutOfRange));
    }

    #[test]
    fn zero_dates_are_none() {
        assert_eq!(beijing_to_rfc3339("0000-00-00 00:00:00"), Ok(None));
        assert_eq!(beijing_to_rfc3339(""), Ok(None));
        assert_eq!(unix_text_to_rfc3339("0"), Ok(None));
        assert_eq!(
            beijing_to_rfc3339("2019-07-29 11:36:57"),
            Ok(Some("2019-07-29T11:36:57+08:00".into()))
        );
        assert_eq!(
            unix_text_to_rfc3339("1640995200"),
            Ok(Some("2022-01-01T08:00:00+08:00".into()))
        );
    }

    #[test]
    fn civil_round_trip_over_four_centuries() {
        for days in (-1000..146_097 * 2).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn zero_padding_pads_but_never_truncates() {
        let mut out = String::new();
        for (n, width) in [(0, 2), (7, 2), (99, 2), (7, 4), (10005, 4), (123, 2), (u64::MAX, 1)] {
            push_zero_padded(&mut out, n, width);
            out.push('|');
        }
        assert_eq!(out, format!("00|07|99|0007|10005|123|{}|", u64::MAX));
        // Every short path against `format!` at widths 0..=5.
        for n in (0..=1000).chain([9_999, 10_000, 99_999, 4_294_967_295, 4_294_967_296]) {
            for width in 0..=5 {
                let mut out = String::new();
                push_zero_padded(&mut out, n, width);
                assert_eq!(out, format!("{n:0width$}"), "{n} {width}");
            }
        }
    }

    #[test]
    fn decimal_is_to_string() {
        for n in [0, 7, -7, 10, 1_717_200_000, -1_717_200_000, i64::MAX, i64::MIN, i64::from(u32::MAX) + 1] {
            assert_eq!(decimal(n), n.to_string());
        }
        assert_eq!(decimal(u64::MAX), u64::MAX.to_string());
    }

    #[test]
    fn epoch_ms_floors_to_seconds() {
        assert_eq!(from_epoch_ms(1_470_024_000_999), Ok(1_470_024_000));
        assert_eq!(from_epoch_ms(i64::MAX), Err(TimeError::OutOfRange));
    }
}
