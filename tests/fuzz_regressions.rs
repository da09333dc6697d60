//! Every input the fuzz targets (fuzz/) crashed on, kept as a regression test. The inputs
//! are under tests/fixtures/fuzz/, named `<target>-<what it found>`.

use refund_normalizer::money;

fn input(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(name);
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

/// The unified form must be a fixed point: whatever `yuan` returns, `yuan` reads back as itself.
fn assert_fixed_point(text: &str) {
    for convert in [money::yuan, money::fen_to_yuan, money::quantity] {
        if let Ok(value) = convert(text) {
            assert_eq!(money::yuan(&value).as_deref(), Ok(value.as_str()), "{text:?} -> {value:?}");
        }
    }
}

/// time_money: `-5E-40` rendered as `-0.` + 40 digits (41 with the leading 0), which `yuan`
/// itself then refused as too long. Found after the first 100k executions.
#[test]
fn time_money_exponent_renders_41_digits() {
    let text = input("time_money-exponent_renders_41_digits");
    assert_eq!(text, "-5E-40");
    assert_eq!(money::yuan(&text), Err(money::MoneyError::TooLong));
    assert_fixed_point(&text);
    // The largest that fits still reads back.
    assert_eq!(money::yuan("5E-39").unwrap(), format!("0.{}5", "0".repeat(38)));
    assert_fixed_point("5E-39");
}

/// time_money: a 40-digit integer rendered with `.00` (42 digits) that `yuan` then refused;
/// the limit is now on significant digits, so padding zeros never count.
#[test]
fn time_money_40_integer_digits_render_42() {
    let text = input("time_money-40_integer_digits_render_42");
    assert_eq!(text, format!("-2{}1", "0".repeat(38)));
    assert_eq!(money::yuan(&text).unwrap(), format!("{text}.00"));
    assert_fixed_point(&text);
    assert_fixed_point(&"9".repeat(40));
    assert_eq!(money::yuan(&"9".repeat(41)), Err(money::MoneyError::TooLong));
}

/// Found while fixing the two above: the fast path allowed 40 integer *and* 40 fraction
/// digits (80 in all) where the general path allowed 40, so `x` was accepted and `-x`
/// refused. Both paths now share one limit.
#[test]
fn money_fast_path_and_general_path_agree_on_length() {
    let long = format!("{}.{}", "1".repeat(30), "1".repeat(30));
    assert_eq!(money::yuan(&long), Err(money::MoneyError::TooLong));
    assert_eq!(money::yuan(&format!("-{long}")), Err(money::MoneyError::TooLong));
    let fits = format!("{}.{}", "1".repeat(20), "1".repeat(20));
    assert_eq!(money::yuan(&fits).unwrap(), fits);
    assert_eq!(money::yuan(&format!("-{fits}")).unwrap(), format!("-{fits}"));
}
