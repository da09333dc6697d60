use super::*;

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs.iter().map(|(k, v)| (k.to_string().into(), v.to_string())).collect()
}

/// NOTES.md, 淘宝/天猫 worked examples: the official doc's params (secret `helloworld`).
fn doc_example(sign_method: &str) -> Params {
    params(&[
        ("method", "taobao.item.seller.get"),
        ("app_key", "12345678"),
        ("session", "test"),
        ("timestamp", "2016-01-01 12:00:00"),
        ("format", "json"),
        ("v", "2.0"),
        ("sign_method", sign_method),
        ("fields", "num_iid,title,nick,price,num"),
        ("num_iid", "11223344"),
    ])
}

#[test]
fn the_doc_example_string_and_md5_sign() {
    assert_eq!(
        sign_string(&doc_example("md5")),
        "app_key12345678fieldsnum_iid,title,nick,price,numformatjsonmethodtaobao.item.seller.getnum_iid11223344sessiontestsign_methodmd5timestamp2016-01-01 12:00:00v2.0"
    );
    assert_eq!(signature(&doc_example("md5"), "helloworld", "md5").unwrap(), "66987CB115214E59E6EC978214934FB8");
}

#[test]
fn the_older_md5_example() {
    let p = params(&[
        ("method", "taobao.user.seller.get"),
        ("timestamp", "2013-05-06 13:52:03"),
        ("format", "xml"),
        ("app_key", "test"),
        ("v", "2.0"),
        ("fields", "nick"),
        ("sign_method", "md5"),
        ("session", "test"),
    ]);
    assert_eq!(signature(&p, "test", "md5").unwrap(), "72CB4D809B375A54502C09360D879C64");
}

#[test]
fn hmac_and_hmac_sha256_examples() {
    assert_eq!(signature(&doc_example("hmac"), "helloworld", "hmac").unwrap(), "D56D7858309C31B6251083A874D48273");
    assert_eq!(
        signature(&doc_example("hmac-sha256"), "helloworld", "hmac-sha256").unwrap(),
        "04DB15AD0774D5CFCE2C837DE43E3FCEA9011ED74F3038FB6AB5F3C4CEA119E8"
    );
}

/// The request NOTES.md captured from the official Java client (doc §4.1): its sign.
#[test]
fn the_captured_java_request() {
    let p = params(&[
        ("app_key", "12345678"),
        ("method", "taobao.refunds.receive.get"),
        ("v", "2.0"),
        ("timestamp", "2024-03-01 10:00:00"),
        ("partner_id", "top-sdk-java-dynamicVersionNo"),
        ("session", "sess-6100a21b"),
        ("format", "json"),
        ("sign_method", "md5"),
        ("buyer_nick", "张三"),
        ("start_modified", "2024-02-29 00:00:00"),
        ("page_no", "1"),
        ("fields", "refund_id,tid,oid,status,refund_fee,modified"),
        ("end_modified", "2024-03-01 00:00:00"),
        ("use_has_next", "true"),
        ("page_size", "100"),
        ("status", "WAIT_SELLER_AGREE"),
        ("type", ""),
    ]);
    assert_eq!(signature(&p, "0123456789abcdef0123456789abcdef", "md5").unwrap(), "D1D68C1464495F0B669F03B0EEEABD85");
}

#[test]
fn sign_and_blank_values_are_not_signed_and_unknown_methods_are_refused() {
    let mut p = doc_example("md5");
    p.push(("sign".into(), "X".into()));
    p.push(("type".into(), "  ".into()));
    assert_eq!(signature(&p, "helloworld", "md5").unwrap(), "66987CB115214E59E6EC978214934FB8");
    for method in ["MD5", "HMAC", "", "sha1"] {
        assert_eq!(signature(&p, "helloworld", method).unwrap_err().code, crate::error::ErrorCode::InvalidOptions, "{method}");
    }
}

#[test]
fn the_ban_length_is_read_from_sub_msg() {
    assert_eq!(errors_ban("This ban will last for 2 more seconds"), Some(2000));
    assert_eq!(errors_ban("This ban will last for 71 more seconds"), Some(71_000));
    assert_eq!(errors_ban("ban"), None);
}

fn errors_ban(text: &str) -> Option<u64> {
    let body = format!(r#"{{"error_response":{{"code":7,"msg":"App Call Limited","sub_code":"accesscontrol.limited-by-app-api-access-count","sub_msg":"{text}"}}}}"#);
    let e = Taobao.parse_response(&body, &ParseOptions::default()).unwrap_err();
    assert!(e.retryable);
    assert_eq!(e.platform_code.as_deref(), Some("7"));
    assert_eq!(e.platform_sub_code.as_deref(), Some("accesscontrol.limited-by-app-api-access-count"));
    e.retry_after_ms
}

#[test]
fn sku_splits_at_the_pipe() {
    assert_eq!(split_sku("30004447689|颜色分类:军绿色;尺码:XS".into()), (Some("30004447689".into()), Some("颜色分类:军绿色;尺码:XS".into())));
    assert_eq!(split_sku("颜色分类:军绿色".into()), (None, Some("颜色分类:军绿色".into())));
    assert_eq!(split_sku(Cow::Owned("1|".into())), (Some("1".into()), None));
}
