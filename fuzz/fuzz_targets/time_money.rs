//! The time and money parsers on any text, with round-trip checks on every success.
#![no_main]
use refund_normalizer::{money, time};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let ms = i64::from_le_bytes(data[..8].try_into().unwrap());
        if let Ok(seconds) = time::from_epoch_ms(ms) {
            assert_eq!(time::parse_rfc3339(&time::format_rfc3339(seconds)), Ok(seconds));
            assert_eq!(time::parse_beijing(&time::format_beijing(seconds)), Ok(seconds));
        }
    }
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    if let Ok(seconds) = time::parse_text(text) {
        assert_eq!(time::parse_rfc3339(&time::format_rfc3339(seconds)), Ok(seconds));
    }
    let _ = time::parse_rfc3339(text);
    if let Ok(seconds) = time::parse_beijing(text) {
        assert_eq!(time::format_beijing(seconds), text);
    }
    if let Ok(Some(rfc)) = time::beijing_to_rfc3339(text) {
        assert_eq!(time::parse_rfc3339(&rfc), time::parse_beijing(text), "{text:?} -> {rfc:?}");
    }
    if let Ok(Some(rfc)) = time::unix_text_to_rfc3339(text) {
        assert!(time::parse_rfc3339(&rfc).is_ok(), "{text:?} -> {rfc:?}");
    }
    let _ = time::is_zero_date(text);

    for convert in [money::yuan, money::fen_to_yuan, money::quantity] {
        if let Ok(value) = convert(text) {
            // The unified form is a fixed point: at least two decimals, canonical.
            assert_eq!(money::yuan(&value).as_deref(), Ok(value.as_str()), "{text:?} -> {value:?}");
            let frac = value.split('.').nth(1).unwrap_or("");
            assert!(frac.len() >= 2, "{text:?} -> {value:?}");
        }
    }
    // The borrowed form (round 4) is the same text, or the same error.
    assert_eq!(money::yuan_borrowed(text).map(|v| v.into_owned()), money::yuan(text), "{text:?}");
});
