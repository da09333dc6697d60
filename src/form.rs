//! `application/x-www-form-urlencoded` bodies as PHP's `http_build_query` writes them
//! (RFC 1738: space as `+`, everything but `A-Za-z0-9-_.` percent-encoded), which is what
//! the PHP servers of 旺店通, ShopEx and 蘑菇街 decode.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_encoded(out: &mut String, text: &str) {
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0x0f)] as char);
            }
        }
    }
}

/// `k1=v1&k2=v2` in the order given.
pub fn encode<'p>(pairs: impl IntoIterator<Item = (&'p str, &'p str)>) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        push_encoded(&mut out, key);
        out.push('=');
        push_encoded(&mut out, value);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn php_http_build_query_style() {
        let body = super::encode([("start_time", "2016-08-01 12:00:00"), ("shop", "旺店;a=b&c~")]);
        assert_eq!(body, "start_time=2016-08-01+12%3A00%3A00&shop=%E6%97%BA%E5%BA%97%3Ba%3Db%26c%7E");
    }
}
