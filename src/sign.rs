//! MD5 digests as the platforms want them: 32 hex digits, zero-padded, lower or upper case.

use md5::{Digest, Md5};

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Into a byte array, then one copy: a `push` per digit checked the capacity and the
/// char's width 32 times (3 % of a signature, docs/performance.md).
fn hex(digest: &[u8], alphabet: &[u8; 16]) -> String {
    let digits = hex_digits(digest, alphabet);
    let used = digits.get(..digest.len() * 2).unwrap_or(&digits);
    // Hex digits are ASCII.
    std::str::from_utf8(used).unwrap_or_default().to_string()
}

/// The hex digits of up to 16 bytes (a digest), on the stack.
fn hex_digits(digest: &[u8], alphabet: &[u8; 16]) -> [u8; 32] {
    let mut digits = [0u8; 32];
    for (pair, byte) in digits.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&[alphabet[usize::from(byte >> 4)], alphabet[usize::from(byte & 0x0f)]]);
    }
    digits
}

/// An MD5 digest's 32 lowercase hex digits, without a `String` (苏宁 writes its signature
/// straight into the request's flat text).
pub fn hex_lower_digits(digest: &[u8; 16]) -> [u8; 32] {
    hex_digits(digest, LOWER)
}

/// An MD5 over several byte slices, as if concatenated (saves building the joined string).
pub fn md5_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> [u8; 16] {
    let mut md5 = Md5Parts::default();
    for part in parts {
        md5.update(part);
    }
    md5.finish()
}

/// An MD5 fed piece by piece (苏宁 hashes its base64 as it writes it).
#[derive(Default)]
pub struct Md5Parts(Md5);

impl Md5Parts {
    pub fn update(&mut self, part: &[u8]) {
        self.0.update(part);
    }

    pub fn finish(self) -> [u8; 16] {
        self.0.finalize().into()
    }
}

/// Lowercase hex MD5 (旺店通, 苏宁).
pub fn md5_lower(data: &[u8]) -> String {
    hex(&md5_parts([data]), LOWER)
}

/// Uppercase hex MD5 (ShopEx, 蘑菇街).
pub fn md5_upper(data: &[u8]) -> String {
    hex(&md5_parts([data]), UPPER)
}

pub fn hex_lower(digest: &[u8]) -> String {
    hex(digest, LOWER)
}

pub fn hex_upper(digest: &[u8]) -> String {
    hex(digest, UPPER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1321_known_answers() {
        assert_eq!(md5_lower(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_lower(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(md5_upper(b"message digest"), "F96B697D7CB7938D525A2F31AAF161D0");
        assert_eq!(hex_lower(&md5_parts([&b"a"[..], b"bc"])), md5_lower(b"abc"));
    }

    #[test]
    fn leading_zero_nibbles_are_kept() {
        // md5("jk8ssl") = 0000000018e6137ac2caab16074784a6: a BigInteger-style hex would drop them.
        assert_eq!(md5_lower(b"jk8ssl"), "0000000018e6137ac2caab16074784a6");
    }
}
