//! Digests as the platforms want them: MD5, HMAC-MD5 and HMAC-SHA256 (淘宝/天猫), in hex
//! digits, zero-padded, lower or upper case.

use md5::{Digest, Md5};
use sha2::Sha256;

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Into a byte array, then one copy per 16 bytes: a `push` per digit checked the capacity
/// and the char's width 32 times (3 % of a signature, docs/performance.md).
fn hex(digest: &[u8], alphabet: &[u8; 16]) -> String {
    let mut out = String::with_capacity(digest.len() * 2);
    for chunk in digest.chunks(16) {
        let digits = hex_digits(chunk, alphabet);
        let used = digits.get(..chunk.len() * 2).unwrap_or(&digits);
        // Hex digits are ASCII.
        out.push_str(std::str::from_utf8(used).unwrap_or_default());
    }
    out
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

/// HMAC (RFC 2104) over a digest with 64-byte blocks (MD5, SHA-256): a key longer than a
/// block is hashed first, then zero-padded; `H(K ^ opad, H(K ^ ipad, message))`.
fn hmac<D: Digest>(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut padded = [0u8; BLOCK];
    if key.len() > BLOCK {
        let hashed = D::digest(key);
        padded.iter_mut().zip(hashed.iter()).for_each(|(p, k)| *p = *k);
    } else {
        padded.iter_mut().zip(key).for_each(|(p, k)| *p = *k);
    }
    let mut inner = D::new();
    inner.update(padded.map(|k| k ^ 0x36));
    inner.update(message);
    let mut outer = D::new();
    outer.update(padded.map(|k| k ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

/// HMAC-MD5 keyed by `key` (淘宝/天猫 `sign_method=hmac`).
pub fn hmac_md5(key: &[u8], message: &[u8]) -> Vec<u8> {
    hmac::<Md5>(key, message)
}

/// HMAC-SHA256 keyed by `key` (淘宝/天猫 `sign_method=hmac-sha256`).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    hmac::<Sha256>(key, message)
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

    /// RFC 2202 (HMAC-MD5) and RFC 4231 (HMAC-SHA256) test cases 1, 2 and 6 (a key longer
    /// than a block).
    #[test]
    fn hmac_known_answers() {
        let long_key = [0xaau8; 131];
        assert_eq!(hex_lower(&hmac_md5(&[0x0b; 16], b"Hi There")), "9294727a3638bb1c13f48ef8158bfc9d");
        assert_eq!(hex_lower(&hmac_md5(b"Jefe", b"what do ya want for nothing?")), "750c783e6ab0b503eaa86e310a5db738");
        assert_eq!(
            hex_lower(&hmac_md5(&[0xaa; 80], b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"
        );
        assert_eq!(
            hex_lower(&hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex_lower(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex_lower(&hmac_sha256(&long_key, b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn leading_zero_nibbles_are_kept() {
        // md5("jk8ssl") = 0000000018e6137ac2caab16074784a6: a BigInteger-style hex would drop them.
        assert_eq!(md5_lower(b"jk8ssl"), "0000000018e6137ac2caab16074784a6");
    }
}
