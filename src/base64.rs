//! Standard base64 (RFC 4648 §4: `+` and `/`, `=` padding, no line breaks), written into a
//! caller's buffer. 苏宁 hashes the base64 of its body as it is written. As fast as the base64
//! crate's general engine, and one dependency fewer in the wasm (docs/performance.md).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The length of the base64 of `len` bytes.
pub const fn encoded_len(len: usize) -> usize {
    len.div_ceil(3) * 4
}

/// Four characters of a group of three bytes (the missing ones zero).
fn group(a: u8, b: u8, c: u8) -> [u8; 4] {
    let n = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    let at = |shift: u32| ALPHABET[(n >> shift) as usize & 63];
    [at(18), at(12), at(6), at(0)]
}

/// Writes the base64 of `bytes` at the start of `out` and returns its length. An `out`
/// shorter than [`encoded_len`] gets the whole groups that fit and no more.
pub fn encode_into(bytes: &[u8], out: &mut [u8]) -> usize {
    let mut written = 0;
    let mut read = 0;
    // Two groups from one 8-byte load while 8 bytes are left: a load and a shift a character
    // instead of three loads a group.
    while let (Some(eight), Some(chars)) = (bytes.get(read..read + 8), out.get_mut(written..written + 8)) {
        let x = eight.try_into().map_or(0, u64::from_be_bytes);
        for (k, char) in chars.iter_mut().enumerate() {
            *char = ALPHABET[(x >> (58 - 6 * k)) as usize & 63];
        }
        read += 6;
        written += 8;
    }
    let mut groups = bytes.get(read..).unwrap_or_default().chunks_exact(3);
    for (three, four) in groups.by_ref().zip(out.get_mut(written..).unwrap_or_default().chunks_exact_mut(4)) {
        if let [a, b, c] = *three {
            four.copy_from_slice(&group(a, b, c));
            written += 4;
        }
    }
    let last = match *groups.remainder() {
        [a] => {
            let [w, x, ..] = group(a, 0, 0);
            [w, x, b'=', b'=']
        }
        [a, b] => {
            let [w, x, y, _] = group(a, b, 0);
            [w, x, y, b'=']
        }
        _ => return written,
    };
    // Only when every whole group fitted, so that the padding ends the text it pads.
    if written == bytes.len() / 3 * 4 {
        if let Some(four) = out.get_mut(written..written + 4) {
            four.copy_from_slice(&last);
            written += 4;
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::base64::Engine as _;

    fn encode(bytes: &[u8]) -> String {
        let mut out = vec![0u8; encoded_len(bytes.len())];
        let written = encode_into(bytes, &mut out);
        assert_eq!(written, out.len());
        String::from_utf8(out).unwrap()
    }

    /// RFC 4648 §10's test vectors.
    #[test]
    fn rfc4648_test_vectors() {
        for (plain, encoded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(encode(plain.as_bytes()), encoded, "{plain}");
        }
    }

    /// Both characters beyond letters and digits, and every byte value.
    #[test]
    fn the_last_two_characters_and_every_byte() {
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "+/+/");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(encode(&all), ::base64::engine::general_purpose::STANDARD.encode(&all));
    }

    #[test]
    fn a_short_buffer_gets_whole_groups_only() {
        let mut out = [0u8; 6];
        assert_eq!(encode_into(b"foobar", &mut out), 4);
        assert_eq!(&out[..4], b"Zm9v");
        // No padding after a group that did not fit.
        let mut out = [0u8; 8];
        assert_eq!(encode_into(b"foobarx", &mut out), 8);
        assert_eq!(&out, b"Zm9vYmFy");
        assert_eq!(encode_into(b"abc", &mut []), 0);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn as_the_base64_crate_writes_it(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            proptest::prop_assert_eq!(encode(&bytes), ::base64::engine::general_purpose::STANDARD.encode(&bytes));
        }
    }
}
