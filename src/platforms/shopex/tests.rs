//! ShopEx: the sign algorithm's known answers, timestamps and names the server renumbers.

use super::signature::*;
use super::*;
use crate::sign;

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs.iter().map(|(k, v)| (k.to_string().into(), v.to_string())).collect()
}

fn notes_fields() -> Params {
    params(&[
        ("flag", "test"),
        ("method", "refunds.getList"),
        ("ver", "1"),
        ("charset", "utf-8"),
        ("type", "json"),
        ("timestamp", "1700000000"),
        ("start_time", "2023-11-14 00:00:00"),
        ("end_time", "2023-11-14 23:59:59"),
        ("page_no", "1"),
        ("page_size", "100"),
    ])
}

/// NOTES.md, ShopEx sign step 5, byte for byte: assemble_str, the inner digest, the sign.
#[test]
fn notes_worked_example() {
    let p = notes_fields();
    let assembled = assemble(&p).unwrap();
    assert_eq!(
        assembled,
        "charsetutf-8end_time2023-11-14 23:59:59flagtestmethodrefunds.getListpage_no1page_size100start_time2023-11-14 00:00:00timestamp1700000000typejsonver1"
    );
    assert_eq!(sign::md5_upper(assembled.as_bytes()), "53605D8DC63F352C69F14D153201B3AE");
    assert_eq!(signature(&assembled, "test_secret"), "43EEC05C7ED416A57BAF4A9880DE545E");
    assert_eq!(sign_all(&p, "test_secret").unwrap(), "43EEC05C7ED416A57BAF4A9880DE545E");
}

#[test]
fn order_of_params_does_not_matter_and_sign_is_not_signed() {
    let mut p = notes_fields();
    p.reverse();
    assert_eq!(sign_all(&p, "test_secret").unwrap(), "43EEC05C7ED416A57BAF4A9880DE545E");
    p.push(("sign".into(), "ANYTHING".into()));
    assert_eq!(sign_all(&p, "test_secret").unwrap(), "43EEC05C7ED416A57BAF4A9880DE545E");
}

#[test]
fn chinese_values_and_empty_values() {
    let p = params(&[("shop_bn", "商派店铺"), ("memo", ""), ("a", "x y")]);
    let assembled = assemble(&p).unwrap();
    // Byte order: "a" < "memo" < "shop_bn"; an empty value still contributes its key.
    assert_eq!(assembled, "ax ymemoshop_bn商派店铺");
    // Known answers computed independently (Python hashlib over the UTF-8 bytes).
    assert_eq!(sign::md5_upper(assembled.as_bytes()), "7B6E3C5523822BB112937A8586C3AEB7");
    assert_eq!(sign_all(&p, "tok").unwrap(), "27478D2196278EC07B613AA0BC86804F");
}

#[test]
fn chinese_flag_and_shop_known_answer() {
    let mut p = notes_fields();
    p[0].1 = "测试".into();
    p.push(("shop_bn".into(), "商派旗舰店".into()));
    assert_eq!(
        assemble(&p).unwrap(),
        "charsetutf-8end_time2023-11-14 23:59:59flag测试methodrefunds.getListpage_no1page_size100shop_bn商派旗舰店start_time2023-11-14 00:00:00timestamp1700000000typejsonver1"
    );
    assert_eq!(sign_all(&p, "test_secret").unwrap(), "879017153234F24FBE47F3CB97C4A6D3");
}

#[test]
fn doc_style_timestamp_known_answer() {
    let mut p = notes_fields();
    p[5].1 = doc_timestamp(1_700_000_000);
    assert_eq!(sign_all(&p, "test_secret").unwrap(), "E281DD74A550BE46E5CFA821AC44D53E");
}

#[test]
fn keys_sort_by_bytes_not_by_number_or_case() {
    let p = params(&[("b", "2"), ("B", "1"), ("a_b", "3"), ("a", "4"), ("page_no", "1"), ("page_size", "2")]);
    // 'B' (0x42) < '_' (0x5f) < 'a' (0x61); "a" < "a_b"; "page_no" < "page_size".
    assert_eq!(assemble(&p).unwrap(), "B1a4a_b3b2page_no1page_size2");
}

#[test]
fn a_repeated_name_keeps_its_last_value() {
    assert_eq!(assemble(&params(&[("b", "1"), ("a", "2"), ("b", "3")])).unwrap(), "a2b3");
    assert_eq!(assemble(&params(&[("b[]", "1"), ("a", "2"), ("b[]", "3")])).unwrap(), "a2b0113");
}

#[test]
fn bracket_keys_assemble_recursively() {
    let p = params(&[("items[1][name]", "乙"), ("items[0][bn]", "A1"), ("items[0][name]", "甲"), ("tags[]", "x"), ("tags[]", "y")]);
    assert_eq!(assemble(&p).unwrap(), "items0bnA1name甲1name乙tags0x1y");
}

#[test]
fn digit_only_and_mangled_names_are_refused() {
    for name in ["10", "9", "0", "a.b", "a b", "a[b", "a[b]c", "[x]"] {
        let e = sign_all(&params(&[(name, "v"), ("flag", "f")]), "tok").unwrap_err();
        assert_eq!(e.code, crate::error::ErrorCode::InvalidOptions, "{name}");
        assert!(!e.message.contains("tok"));
    }
    // Digits inside brackets are fine (array_merge renumbers only the top level).
    assert!(sign_all(&params(&[("items[10][bn]", "v")]), "tok").is_ok());
}

#[test]
fn doc_timestamp_is_beijing_wall_clock_at_any_year() {
    for now in [0, 1_700_000_000, 253_402_271_999, 253_402_272_000, 999_999_999_999, -1] {
        let expected: String = time::format_beijing(now).chars().filter(char::is_ascii_digit).collect();
        assert_eq!(doc_timestamp(now), expected, "{now}");
    }
}

#[test]
fn doc_timestamp_is_beijing_wall_clock() {
    assert_eq!(doc_timestamp(1_700_000_000), "20231115061320");
    assert_eq!(doc_timestamp(0), "19700101080000");
}
