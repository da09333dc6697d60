//! `cargo run --release -- <platform> <body file> <iterations>`: parses the page and writes it
//! as flat bytes (`parse_response_flat`), as `parseResponse` does inside wasm, in a loop (for
//! perf / callgrind).
//! `cargo run --release -- sign <platform> <iterations>`: builds the benchmark's signed request
//! from its JSON arguments, as `buildRequest` does inside wasm.
use refund_normalizer::bindings::parse_response_flat;
use refund_normalizer::ParseOptions;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args[1] == "sign" {
        return sign(&args[2], args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100_000));
    }
    let platform = &args[1];
    let body = std::fs::read(&args[2]).expect("body file");
    let iterations: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(50);
    let options = ParseOptions::default();
    let mut out = 0usize;
    let start = Instant::now();
    for _ in 0..iterations {
        out += parse_response_flat(platform, &body, &options).expect("parses").as_bytes().len();
    }
    let per = start.elapsed().as_secs_f64() * 1000.0 / iterations as f64;
    println!("{platform}: {per:.2} ms per page ({} bytes in, {} bytes out)", body.len(), out / iterations);
}

/// The arguments of bench/signers.mjs (SIGN_INPUTS, SIGN_QUERY, SIGN_NOW) as JSON text.
fn sign(platform: &str, iterations: usize) {
    let credentials = match platform {
        "wangdiantong" => r#"{"sid":"test2","appKey":"test2-xx","appSecret":"test_secret"}"#,
        "mogujie" => r#"{"appKey":"100123","appSecret":"mgj_secret_0123456789","accessToken":"A1B2C3D4E5F6"}"#,
        "shopex" => r#"{"baseUrl":"https://erp.example.com/index.php/openapi/api/post","flag":"oms","token":"shopex_token_abc"}"#,
        "taobao" => r#"{"appKey":"12345678","appSecret":"tb_app_secret_0123456789","session":"6100a1b2c3d4e5f6tb_session","signMethod":"md5"}"#,
        _ => r#"{"appKey":"sn_app_key","appSecret":"sn_app_secret","accessToken":"sn_token"}"#,
    };
    let credentials: serde_json::Value = serde_json::from_str(credentials).expect("JSON");
    let query = serde_json::json!({ "since": "2024-06-01 00:00:00", "until": "2024-06-01 23:59:59", "page": 2, "pageSize": 20 });
    let options = refund_normalizer::RequestOptions::at(1_717_200_000);
    let mut out = 0usize;
    let start = Instant::now();
    for _ in 0..iterations {
        out += refund_normalizer::build_request(platform, &credentials, &query, &options).expect("signs").body.len();
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / iterations as f64;
    println!("{platform}: {per:.2} us per request ({} bytes out)", out / iterations);
}
