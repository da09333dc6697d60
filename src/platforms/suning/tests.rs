//! 苏宁: the doc's examples, the signature's known answer and the traps of NOTES.md.

use super::reply::{parse_xml, status_of};
use super::*;
use crate::json;
use ::base64::Engine as _;

const EXAMPLE_BODY: &str = r#"{"sn_request":{"sn_body":{"batchQueryRejected":{"startTime":"2013-10-20 00:00:00","endTime":"2013-10-26 00:00:00","pageNo":"1","pageSize":"2"}}}}"#;

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs.iter().map(|(k, v)| (k.to_string().into(), v.to_string())).collect()
}

fn credentials() -> Credentials<'static> {
    Credentials::from_value(serde_json::json!({ "appKey": "test_appkey", "appSecret": "test_secret" })).unwrap()
}

/// The doc examples' business params.
fn doc_params() -> BusinessParams {
    [
        ("startTime", ParamValue::Time(time::parse_beijing("2013-10-20 00:00:00").unwrap())),
        ("endTime", ParamValue::Time(time::parse_beijing("2013-10-26 00:00:00").unwrap())),
        ("pageNo", ParamValue::Number(1)),
        ("pageSize", ParamValue::Number(2)),
    ]
}

/// The request document from text params, escaping as JSON and XML need: what
/// `request_body` wrote before it took [`ParamValue`]s (docs/performance.md), the reference for it.
fn params_body(params: &Params, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => {
            out.push_str("{\"sn_request\":{\"sn_body\":{\"batchQueryRejected\":{");
            for (i, (k, v)) in params.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::push_string(&mut out, k);
                out.push(':');
                json::push_string(&mut out, v);
            }
            out.push_str("}}}}");
        }
        Format::Xml => {
            out.push_str("<sn_request><sn_body><batchQueryRejected>");
            for (k, v) in params {
                out.push_str(&format!("<{k}>{}</{k}>", escape_xml(v)));
            }
            out.push_str("</batchQueryRejected></sn_body></sn_request>");
        }
    }
    out
}

fn escape_xml(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The body written from values is the one written from `query_params`' texts with
/// every escape, for both formats, across times, pages and sizes.
#[test]
fn body_from_values_is_the_escaped_one() {
    for (since, until, page, size) in [
        ("2024-06-01 00:00:00", "2024-06-01 23:59:59", Some(2), Some(20)),
        ("2024-05-31 23:59:59", "2024-06-29 23:59:59", None, None),
        ("2024-02-29 08:00:00", "2024-03-01 00:00:00", Some(99_999), Some(50)),
        ("2024-12-31 23:59:59", "2025-01-01 00:00:01", Some(10), Some(1)),
    ] {
        let query = Query {
            since: Some(time::parse_beijing(since).unwrap()),
            until: Some(time::parse_beijing(until).unwrap()),
            page,
            page_size: size,
            ..Query::default()
        };
        let options = RequestOptions::at(time::parse_beijing(until).unwrap() + time::DAY);
        let values = Suning.business_params(&query, &options).unwrap();
        let texts = Suning.query_params(&query, &options).unwrap();
        for format in [Format::Json, Format::Xml] {
            assert_eq!(request_body(&values, format), params_body(&texts, format), "{since} {format:?}");
        }
    }
}

/// The headers in NOTES.md's order (the token's only when given, an empty one is none), the
/// sandbox's URL, and a `signInfo` that `signParams` gives again over the body and time sent,
/// at the edges of the years the time writer takes.
#[test]
fn requests_carry_their_signature_over_what_they_send() {
    for now in [time::parse_beijing("2024-06-02 08:00:00").unwrap(), 0, 253_402_271_999] {
        let query = Query { since: Some(now - 86_400), until: Some(now - 1), page: Some(2), page_size: Some(20), ..Query::default() };
        for (credentials, token, url) in [
            (serde_json::json!({ "appKey": "k", "appSecret": "s", "accessToken": "t" }), Some("t"), PRODUCTION_URL),
            (serde_json::json!({ "appKey": "k", "appSecret": "s", "accessToken": "" }), None, PRODUCTION_URL),
            (serde_json::json!({ "appKey": "k", "appSecret": "s", "sandbox": true }), None, SANDBOX_URL),
        ] {
            let credentials = Credentials::from_json(&credentials).unwrap();
            for (options, format) in [(serde_json::json!({}), "json"), (serde_json::json!({ "format": "xml" }), "xml")] {
                let options = RequestOptions::from_json(&options, now).unwrap();
                let request = Suning.build_request(&credentials, &query, &options).unwrap();
                assert_eq!(request.url, url);
                let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_ref()).collect();
                assert_eq!(names, HEADERS[..if token.is_some() { 8 } else { 7 }]);
                let header = |name: &str| request.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.to_string()).unwrap();
                assert_eq!((header("Format"), header("AppRequestTime")), (format.to_string(), time::format_beijing(now)));
                let params = params(&[("appMethod", APP_METHOD), ("appRequestTime", &header("AppRequestTime")), ("body", &request.body)]);
                assert_eq!(header("signInfo"), Suning.sign_params(&params, &credentials).unwrap(), "{now}");
            }
        }
    }
}

/// NOTES.md, Suning sign step 4, byte for byte.
#[test]
fn notes_worked_example() {
    assert_eq!(request_body(&doc_params(), Format::Json), EXAMPLE_BODY);
    let encoded = ::base64::engine::general_purpose::STANDARD.encode(EXAMPLE_BODY);
    assert!(encoded.starts_with("eyJzbl9yZXF1ZXN0Ijp7InNuX2JvZHkiOnsiYmF0Y2hRdWVyeVJlamVjdGVkIjp7"), "{encoded}");
    assert!(encoded.ends_with("fX19fQ=="), "{encoded}");
    let now = time::parse_beijing("2026-11-22 07:49:33").unwrap();
    assert_eq!(time::format_beijing(now), "2026-11-22 07:49:33");
    assert_eq!(
        sign_info("test_secret", APP_METHOD, "2026-11-22 07:49:33", "test_appkey", "v1.2", EXAMPLE_BODY.as_bytes()),
        "7f6da6272209f6827ab57992f3660094"
    );
    let signed = Suning
        .sign_params(
            &params(&[("appMethod", APP_METHOD), ("appRequestTime", "2026-11-22 07:49:33"), ("body", EXAMPLE_BODY)]),
            &credentials(),
        )
        .unwrap();
    assert_eq!(signed, "7f6da6272209f6827ab57992f3660094");
}

/// The doc's XML request example, without its white space.
#[test]
fn doc_xml_request_body() {
    assert_eq!(
        request_body(&doc_params(), Format::Xml),
        "<sn_request><sn_body><batchQueryRejected><startTime>2013-10-20 00:00:00</startTime><endTime>2013-10-26 00:00:00</endTime><pageNo>1</pageNo><pageSize>2</pageSize></batchQueryRejected></sn_body></sn_request>"
    );
    assert_eq!(escape_xml("a<b&'c'>\""), "a&lt;b&amp;&apos;c&apos;&gt;&quot;");
}

/// The signature is md5 over the plain concatenation, and base64 is over the UTF-8 bytes
/// (Chinese text and all), as sent.
#[test]
fn known_answers_over_the_concatenation() {
    let body = "{\"k\":\"苏宁退货\"}";
    let encoded = ::base64::engine::general_purpose::STANDARD.encode(body.as_bytes());
    assert_eq!(encoded, "eyJrIjoi6IuP5a6B6YCA6LSnIn0=");
    let plain = format!("s{APP_METHOD}2024-01-02 03:04:05kv1.2{encoded}");
    assert_eq!(sign_info("s", APP_METHOD, "2024-01-02 03:04:05", "k", "v1.2", body.as_bytes()), sign::md5_lower(plain.as_bytes()));
    // Padding kept, no line breaks even for long bodies.
    let long = "x".repeat(200);
    let encoded = ::base64::engine::general_purpose::STANDARD.encode(&long);
    assert!(!encoded.contains('\n') && encoded.ends_with('='));
    // Bodies around the 384-byte chunks of sign_info, every padding.
    for len in [0, 1, 2, 3, 383, 384, 385, 386, 767, 768, 769, 2000] {
        let body: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
        let plain = format!("s{APP_METHOD}tkv{}", ::base64::engine::general_purpose::STANDARD.encode(&body));
        assert_eq!(sign_info("s", APP_METHOD, "t", "k", "v", &body), sign::md5_lower(plain.as_bytes()), "{len}");
    }
    // Empty parts still count: md5 of the bare concatenation.
    assert_eq!(sign_info("", "", "", "", "", b""), "d41d8cd98f00b204e9800998ecf8427e");
}

#[test]
fn sign_params_order_independent_and_version_defaults() {
    let a = params(&[("appMethod", APP_METHOD), ("appRequestTime", "2026-11-22 07:49:33"), ("body", EXAMPLE_BODY)]);
    let b = params(&[("body", EXAMPLE_BODY), ("versionNo", "v1.2"), ("appRequestTime", "2026-11-22 07:49:33"), ("appMethod", APP_METHOD)]);
    assert_eq!(Suning.sign_params(&a, &credentials()).unwrap(), Suning.sign_params(&b, &credentials()).unwrap());
    let other_version = params(&[("appMethod", APP_METHOD), ("appRequestTime", "2026-11-22 07:49:33"), ("body", EXAMPLE_BODY), ("versionNo", "v1.3")]);
    assert_ne!(Suning.sign_params(&other_version, &credentials()).unwrap(), "7f6da6272209f6827ab57992f3660094");
    let missing = Suning.sign_params(&params(&[("appMethod", APP_METHOD), ("body", "{}")]), &credentials()).unwrap_err();
    assert_eq!(missing.code, crate::error::ErrorCode::InvalidOptions);
    assert_eq!(missing.path.as_deref(), Some("params.appRequestTime"));
    let extra = Suning.sign_params(&params(&[("appKey", "x")]), &credentials()).unwrap_err();
    assert_eq!(extra.code, crate::error::ErrorCode::InvalidOptions);
}

#[test]
fn status_text_matching() {
    assert_eq!(status_of("8").map(|s| s.unified), Some(Status::Succeeded));
    assert_eq!(status_of("退款成功").map(|s| s.code), Some("8"));
    assert_eq!(status_of(" 2-已拒绝退款 ").map(|s| s.code), Some("2"));
    assert!(status_of("卖家不同意协议, 等待买家投诉").is_none());
    assert!(status_of("9").is_none());
    assert!(status_of("1-退款成功").is_none());
    // The digit's shortcut finds what the search finds, for every code and form.
    assert!(STATUSES.iter().enumerate().all(|(i, s)| s.code == (i + 1).to_string()));
    let search = |t: &str| STATUSES.iter().find(|s| s.code == t || s.label == t || t.strip_prefix(s.code).and_then(|r| r.strip_prefix('-')).map(str::trim) == Some(s.label));
    for s in &STATUSES {
        for t in [s.code.to_string(), format!("{}-{}", s.code, s.label), format!("{}- {} ", s.code, s.label), format!("{}-", s.code), format!("{}x", s.code), format!("{}-{}", s.code, STATUSES[0].label)] {
            assert_eq!(status_of(&t).map(|s| s.code), search(t.trim()).map(|s| s.code), "{t}");
        }
    }
    assert!(["0", "9", "/", ":", "", "-", "\u{ff}"].iter().all(|t| status_of(t).is_none()));
}

#[test]
fn error_table_lookup() {
    assert!(error_meaning("sys.error.network-status:502").is_some_and(|m| m.retryable));
    assert!(platform_error("sys.controller.new-thing:limit", None).retryable);
    assert!(!platform_error("sys.check.app-sign:error", None).retryable);
    let codes: std::collections::HashSet<_> = ERRORS.iter().map(|m| m.code).collect();
    assert_eq!(codes.len(), ERRORS.len(), "one line per code");
}

/// Every XML fixture and the benchmark's 1000-record page when it was generated
/// (`bench/bodies/suning-xml-1000.xml`).
fn xml_fixtures() -> Vec<String> {
    let dir = format!("{}/tests/fixtures/suning", env!("CARGO_MANIFEST_DIR"));
    let mut bodies: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml" || x == "html"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(bodies.len() >= 4);
    let bench_page = format!("{}/bench/bodies/suning-xml-1000.xml", env!("CARGO_MANIFEST_DIR"));
    bodies.extend(std::fs::read_to_string(bench_page).ok());
    bodies
}

/// A 苏宁 XML reply around `records` (already XML) under a usual head.
fn xml_reply(head: &str, body: &str) -> String {
    format!("<sn_responseContent><sn_head>{head}</sn_head><sn_body>{body}</sn_body></sn_responseContent>")
}

const RECORD: &str = "<batchQueryRejected><orderCode>1</orderCode><productCode>P</productCode><customer>c</customer><dealMoney>1.00</dealMoney><returnMoney>0.50</returnMoney><applyTime>2024-01-02 03:04:05</applyTime><statusDesc>8</statusDesc><returntype>2</returntype><refundtype>1</refundtype></batchQueryRejected>";

/// Usual and odd replies: records, fields, heads, error replies, and documents at the edges
/// of what XML allows, well-formed or not.
fn odd_xml_replies() -> Vec<String> {
    let ok = "<pageNo>1</pageNo><pageTotal>1</pageTotal><returnMessage>biz.handler.data-get:success</returnMessage>";
    let two = format!("{RECORD}{}", RECORD.replace("<orderCode>1<", "<orderCode>2<"));
    let with = |field: &str| RECORD.replace("<statusDesc>8</statusDesc>", field);
    let mut out: Vec<String> = [
        // Records: one, two, the same twice, one rejected alone (no index in its path) and among others.
        xml_reply(ok, RECORD),
        xml_reply(ok, &two),
        xml_reply(ok, &format!("{RECORD}\n {RECORD}")),
        xml_reply(ok, &RECORD.replace("<orderCode>1</orderCode>", "")),
        xml_reply(ok, &format!("{two}{}", RECORD.replace("2024-01-02 03:04:05", "2024-13-02 03:04:05"))),
        xml_reply(ok, &with("<dealMoney>1.2.3</dealMoney>")),
        // Fields: repeated, nested, empty, blank, CDATA, entities, control characters, text split by comments.
        xml_reply(ok, &with("<statusDesc>8</statusDesc><statusDesc>2</statusDesc>")),
        xml_reply(ok, &with("<statusDesc><code>8</code></statusDesc>")),
        xml_reply(ok, &with("<statusDesc>x<b/>y</statusDesc><returnReason/><expressNo></expressNo><expressCompanyCode>  </expressCompanyCode>")),
        xml_reply(ok, &with("<statusDesc><![CDATA[ 退款成功 ]]></statusDesc><returnReason> a <![CDATA[<b>]]> c </returnReason><expressNo><![CDATA[]]></expressNo>")),
        xml_reply(ok, &with("<statusDesc>&#36864;&#27454;&#25104;&#21151;</statusDesc><returnReason>&lt;&amp;&quot;&apos;&gt; \\ \u{1f}\u{7}\u{7f}</returnReason>")),
        xml_reply(ok, &with("<statusDesc> 8<!-- x -->\n</statusDesc><returnReason>a<?pi x?>b</returnReason>")),
        xml_reply(ok, &with("<statusDesc a=\"1\">8</statusDesc><x:returnReason>ns</x:returnReason><unknown><deep><er>1</er></deep></unknown>")),
        xml_reply(ok, &RECORD.replace("<orderCode>1</orderCode>", "text<orderCode>1</orderCode>more")),
        xml_reply(ok, &with("<statusDesc><a><b><c><d><e><f>8</f></e></d></c></b></a></statusDesc>")),
        // Records that are not objects, and lists that are empty.
        xml_reply(ok, &format!("{RECORD}<batchQueryRejected/>")),
        xml_reply(ok, "<batchQueryRejected>text</batchQueryRejected>"),
        xml_reply(ok, "<batchQueryRejected/>"),
        xml_reply(ok, ""),
        xml_reply(ok, " "),
        xml_reply(ok, "text"),
        xml_reply(ok, "<other>1</other>"),
        xml_reply("<pageNo>1</pageNo><pageTotal>3</pageTotal><totalSize>30</totalSize>", ""),
        format!("<sn_responseContent><sn_head>{ok}</sn_head><sn_body/></sn_responseContent>"),
        format!("<sn_responseContent><sn_head>{ok}</sn_head></sn_responseContent>"),
        format!("<sn_responseContent><sn_body>{RECORD}</sn_body><sn_body>{RECORD}</sn_body></sn_responseContent>"),
        format!("<sn_responseContent><sn_body>{RECORD}</sn_body></sn_responseContent>"),
        // Heads: empty, text, repeated, odd counts, messages.
        format!("<sn_responseContent><sn_head/><sn_body>{RECORD}</sn_body></sn_responseContent>"),
        format!("<sn_responseContent><sn_head>x</sn_head><sn_body>{RECORD}</sn_body></sn_responseContent>"),
        format!("<sn_responseContent><sn_head><![CDATA[]]></sn_head><sn_body>{RECORD}</sn_body></sn_responseContent>"),
        format!("<sn_responseContent><sn_head>{ok}</sn_head><sn_head>{ok}</sn_head><sn_body>{RECORD}</sn_body></sn_responseContent>"),
        xml_reply("<pageNo>x</pageNo><pageTotal><n>1</n></pageTotal><totalSize>-1</totalSize><totalSize>2</totalSize>", RECORD),
        xml_reply("<pageNo>2</pageNo><pageTotal>3</pageTotal><totalSize>5</totalSize>", &two),
        xml_reply("<returnMessage>biz.handler.data-get:no-result</returnMessage>", RECORD),
        xml_reply("<returnMessage>sys.check.app-sign:error</returnMessage>", RECORD),
        xml_reply("<returnMessage>something else</returnMessage>", RECORD),
        xml_reply("<returnMessage><x/></returnMessage>", RECORD),
        // Error replies.
        "<sn_responseContent><sn_error><error_code>biz.handler.data-get:no-result</error_code></sn_error></sn_responseContent>".into(),
        "<sn_responseContent><sn_error><error_code> sys.check.app-sign:error </error_code><error_msg> bad </error_msg></sn_error></sn_responseContent>".into(),
        "<sn_responseContent><sn_error><error_code>biz.handler.data-get:success</error_code></sn_error><sn_body>x</sn_body></sn_responseContent>".into(),
        "<sn_responseContent><sn_error><error_code>x.new:limit</error_code><error_msg><m/></error_msg></sn_error></sn_responseContent>".into(),
        "<sn_responseContent><sn_error><error_code><c>1</c></error_code></sn_error></sn_responseContent>".into(),
        "<sn_responseContent><sn_error><error_msg>m</error_msg></sn_error></sn_responseContent>".into(),
        "<sn_responseContent><sn_error/><sn_error/></sn_responseContent>".into(),
        "<sn_responseContent><sn_error>text</sn_error></sn_responseContent>".into(),
        "<sn_responseContent><sn_error/></sn_responseContent>".into(),
        // Documents: declarations, comments, odd roots, broken.
        format!("<?xml version=\"1.0\"?>\n<!DOCTYPE x>\n<!-- c -->\n{}\n<!-- end -->\n", xml_reply(ok, RECORD)),
        format!("<![CDATA[x]]>{}", xml_reply(ok, RECORD)),
        format!("x{}", xml_reply(ok, RECORD)),
        format!("{}<x/>", xml_reply(ok, RECORD)),
        format!("{}</x>", xml_reply(ok, RECORD)),
        xml_reply(ok, &RECORD.replace("</orderCode>", "</ordercode>")),
        xml_reply(ok, &with("<statusDesc>&nope;</statusDesc>")),
        "<sn_responseContent/>".into(),
        "<sn_responseContent>text</sn_responseContent>".into(),
        "<sn_responseContent> </sn_responseContent>".into(),
        "<other><sn_body/></other>".into(),
        "<?xml version=\"1.0\"?>".into(),
        "<".into(),
        format!("<sn_responseContent>{}{}</sn_responseContent>", "<a>".repeat(70), "</a>".repeat(70)),
    ]
    .into();
    // Markup at the edges of what the tokenizer takes.
    for markup in [
        "<statusDesc >8</statusDesc>",
        "<statusDesc>8</statusDesc >",
        "<statusDesc\n>8</statusDesc>",
        "<returnReason\n/><returnReason/ >",
        "<statusDesc>8</statusDesc><returnReason a='>'>x</returnReason>",
        "<statusDesc>8</statusDesc><x\"y>1</x\"y>",
        "<statusDesc>8</statusDesc><é>中</é><a.b-c_d:e>1</a.b-c_d:e>",
        "<statusDesc>8</statusDesc><>x</>",
        "<statusDesc>8<!----></statusDesc><returnReason>a<!-->b--></returnReason>",
        "<statusDesc>8<!---></statusDesc>",
        "<statusDesc>8<!-- a -- b --></statusDesc><returnReason>x<!- y -></returnReason>",
        "<statusDesc><![CDATA[8]]]></statusDesc><returnReason><![CDATA[a]]]]><![CDATA[]]></returnReason>",
        "<statusDesc><![cdata[8]]></statusDesc>",
        "<statusDesc><![CDATA[8]]</statusDesc>",
        "<statusDesc>8<?pi?></statusDesc>",
        "<statusDesc>8</statusDesc><!DOCTYPE x>",
        "<statusDesc>&#56;</statusDesc><returnReason>&#x4e2d;&#0;</returnReason>",
        "<statusDesc>8</statusDesc><returnReason>&#xD800;</returnReason>",
        "<statusDesc>8</statusDesc><returnReason>a & b</returnReason>",
        "<statusDesc>8</statusDesc><returnReason>a > b ]]> c</returnReason>",
        "<statusDesc>8</statusDesc><returnReason>\r\n x \r\n</returnReason>",
    ] {
        out.push(xml_reply(ok, &with(markup)));
    }
    for start in ["<?xml?>", "<?xml version=\"1.0\"?>", "<??>", "<?>", "<?x>?>", "<?xml>", "\u{feff}", " ", "<!-- c -->", "<![CDATA[x]]>"] {
        out.push(format!("{start}{}", xml_reply(ok, RECORD)));
    }
    out.push(format!("{}<", xml_reply(ok, RECORD)));
    out.push(format!("{} <!-- end --> <?pi?>", xml_reply(ok, RECORD)));
    // Every prefix of a small reply: truncated anywhere.
    let small = xml_reply(ok, &format!("{two}<batchQueryRejected><orderCode>&amp;<![CDATA[x]]></orderCode></batchQueryRejected>"));
    out.extend(small.char_indices().map(|(i, _)| small[..i].to_string()));
    out.push(small);
    out
}

/// Every XML reply, usual or odd, gives the same page or error with and without
/// `includeRaw` (`raw` aside), and with `includeRaw` each refund's `raw` is its record's own
/// XML; a refusal is an `invalid_body` in both languages, and one of broken XML says the byte.
#[test]
fn xml_replies_read_alike_with_and_without_raw() {
    let queries = [None, Some(Query { page: Some(1), page_size: Some(2), ..Query::default() }), Some(Query { page: Some(2), ..Query::default() })];
    let (mut pages, mut refusals) = (0, 0);
    for body in xml_fixtures().iter().chain(&odd_xml_replies()) {
        for query in &queries {
            let plain = ParseOptions { query: query.clone(), ..ParseOptions::default() };
            let raw = ParseOptions { include_raw: true, ..plain.clone() };
            let with_raw = parse_xml(body, &raw, &mut |_| {});
            let without_raw = with_raw.map(|mut page| {
                for refund in &mut page.refunds {
                    let text = refund.raw.take().expect("includeRaw gives every refund its raw");
                    assert!(text.starts_with("<batchQueryRejected") && body.contains(&*text), "{text}");
                }
                page
            });
            assert_eq!(without_raw, parse_xml(body, &plain, &mut |_| {}), "{body}");
        }
        match parse_xml(body, &ParseOptions::default(), &mut |_| {}) {
            Ok(_) => pages += 1,
            Err(e) if e.code == crate::error::ErrorCode::PlatformError => pages += 1,
            Err(e) => {
                refusals += 1;
                assert_eq!(e.code, crate::error::ErrorCode::InvalidBody, "{body}");
                assert!(e.message.starts_with("not a Suning") && e.message_zh.starts_with("不是苏宁"), "{e:?}");
                if e.message.contains("well-formed") {
                    assert!(e.message.contains(" at byte ") && e.message_zh.contains("字节"), "{e:?}");
                }
            }
        }
    }
    // Not vacuous: both answers are common.
    assert!(pages >= 45 && refusals >= 40, "{pages} pages, {refusals} refusals");
}

/// What surrounds the root (a byte order mark, the declaration, a DOCTYPE with its internal
/// subset, comments, processing instructions, white space) and how a value is written
/// (references, CDATA, comments inside, attributes, white space in tags) do not change the page.
#[test]
fn xml_decoration_reads_as_the_plain_reply() {
    let ok = "<pageNo>1</pageNo><pageTotal>1</pageTotal><returnMessage>biz.handler.data-get:success</returnMessage>";
    let plain = xml_reply(ok, RECORD);
    let expected = parse_xml(&plain, &ParseOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(expected.refunds.len(), 1);
    let decorated = [
        format!("\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE sn_responseContent [\n<!ENTITY x \"]>\"> <!-- ] > -->\n]>\n<!-- c --><?pi x?>\n{plain}\n<!-- end --> <?pi?>\n"),
        plain.replace("<sn_head>", "<sn_head a=\"1\" b = '/>' >").replace("</sn_body>", "</sn_body >").replace("<pageNo>1</pageNo>", "<pageNo\n>1</pageNo><x/ >".replace("/ >", " />").as_str()),
        plain.replace("<orderCode>1</orderCode>", "<orderCode> &#49;<!-- c --> </orderCode>").replace("<customer>c</customer>", "<customer><![CDATA[c]]></customer>"),
        plain.replace("<statusDesc>8</statusDesc>", "<statusDesc>&#x38;</statusDesc>").replace("<productCode>P</productCode>", "<productCode>&#80;</productCode>"),
    ];
    for body in &decorated {
        assert_eq!(parse_xml(body, &ParseOptions::default(), &mut |_| {}), Ok(expected.clone()), "{body}");
    }
}

/// Broken XML is refused with what is wrong and the byte where, in both languages.
#[test]
fn broken_xml_says_what_and_where() {
    let ok = "<pageNo>1</pageNo>";
    let plain = xml_reply(ok, RECORD);
    let with = |from: &str, to: &str| plain.replacen(from, to, 1);
    // The body, where its fault is (a text in it, and how far past its start), and the messages.
    for (body, at, past, english, chinese) in [
        (with("</orderCode>", "</ordercode>"), "</ordercode>", 0, "</ordercode> does not close <orderCode>", "不匹配"),
        (with("<statusDesc>8", "<statusDesc>&nope;"), "&nope;", 0, "&nope; is not one of XML's five entities", "实体"),
        (with("<statusDesc>8", "<statusDesc>&#xD800;"), "&#x", 0, "&#xD800; is not one of", "字符引用"),
        (with("<statusDesc>8", "<statusDesc>&#0;"), "&#0", 0, "&#0; is not one of", "字符引用"),
        (with("<statusDesc>8", "<statusDesc>&#x110000;"), "&#x", 0, "&#x110000; is not one of", "字符引用"),
        (with("<statusDesc>8", "<statusDesc>a & b"), "& b", 0, "`&` that starts no reference", "实体引用"),
        (format!("{plain}<x/>"), "<x/>", 0, "the XML has more than one root element", "多个根元素"),
        (format!("x{plain}"), "x", 0, "text outside the root element", "根元素之外有文本"),
        (format!("{plain}\n x"), "\n x", 2, "text outside the root element", "根元素之外有文本"),
        (plain[..plain.find("</orderCode>").unwrap()].to_string(), "<orderCode>", 12, "the document ends inside <orderCode> (truncated?)", "被截断"),
        (plain[..plain.len() - 3].to_string(), "</sn_responseConte", 0, "the document ends inside the end tag </sn_responseConte>", "被截断"),
        (format!("<sn_responseContent>{}{}", "<a>".repeat(70), "</a>".repeat(70)), "<a>", 63 * 3, "the XML is nested deeper than 64 levels", "嵌套超过 64 层"),
        (with("<sn_head>", "<sn_head a=1>"), "a=1", 0, "the attribute a has no quoted value", "没有带引号的值"),
        (with("<sn_head>", "<sn_head a='<'>"), "<'", 0, "`<` in an attribute value", "属性值中有"),
        (with("<sn_head>", "<sn_head a='1'b='2'>"), "b=", 0, "unexpected character in the tag <sn_head>", "意外的字符"),
        (with("<sn_head>", "<sn_head><!DOCTYPE x>"), "<!DOCTYPE", 0, "a DOCTYPE after the root element started", "DOCTYPE"),
        (format!(" <?xml version=\"1.0\"?>{plain}"), "<?xml", 0, "an XML declaration not at the start", "XML 声明"),
        (format!("<![CDATA[x]]>{plain}"), "<![CDATA[", 0, "CDATA outside the root element", "CDATA"),
        (with("<sn_head>", "<sn_head><1a/>"), "1a", 0, "a tag without a name", "标签没有名称"),
        (String::new(), "", 0, "the body holds no XML element", "没有 XML 元素"),
        ("<!-- only -->".to_string(), "", 13, "the body holds no XML element", "没有 XML 元素"),
    ] {
        let byte = body.find(at).unwrap() + past;
        let e = parse_xml(&body, &ParseOptions::default(), &mut |_| {}).unwrap_err();
        assert!(e.message.contains(&format!("not well-formed XML at byte {byte}: {english}")), "{body}: {}", e.message);
        assert!(e.message_zh.contains(&format!("第 {byte} 字节")) && e.message_zh.contains(chinese), "{body}: {}", e.message_zh);
    }
    let e = parse_xml("<other><sn_body/></other>", &ParseOptions::default(), &mut |_| {}).unwrap_err();
    assert!(e.message.ends_with("the root element is <other>, not <sn_responseContent>"), "{}", e.message);
}

#[test]
fn xml_records_keep_their_text() {
    let body = "<sn_responseContent><sn_body>\n <batchQueryRejected><orderCode>1</orderCode></batchQueryRejected>\n <batchQueryRejected/></sn_body></sn_responseContent>";
    let (json, records) = crate::xml::to_json(body, &[ROOT], &RECORD_PATH).unwrap();
    assert_eq!(records, ["<batchQueryRejected><orderCode>1</orderCode></batchQueryRejected>", "<batchQueryRejected/>"]);
    assert_eq!(json, r#"{"sn_responseContent":{"sn_body":{"batchQueryRejected":[{"orderCode":"1"},""]}}}"#);
}
