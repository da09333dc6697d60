//! `cargo run --release -- <platform> <body file> <iterations>`: parses the page and writes it
//! as flat bytes (`parse_response_flat`), as `parseResponse` does inside wasm, in a loop (for
//! perf / callgrind).
//! `cargo run --release -- sign <arguments file> <iterations>`: builds the benchmark's signed
//! request from its JSON arguments (`bench/bodies/sign-<platform>.json`, written by
//! `node native/bodies.mjs` from the platform's bench file), as `buildRequest` does inside wasm.
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

/// A platform's signing arguments as bodies.mjs writes them: `{ platform, credentials, query,
/// nowSeconds }`, the same the JS signers and `buildRequest` are timed with.
fn sign(file: &str, iterations: usize) {
    let text = std::fs::read_to_string(file).expect("arguments file (node native/bodies.mjs writes them)");
    let args: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let platform = args["platform"].as_str().expect("platform");
    let (credentials, query) = (&args["credentials"], &args["query"]);
    let options = refund_normalizer::RequestOptions::at(args["nowSeconds"].as_i64().expect("nowSeconds"));
    let mut out = 0usize;
    let start = Instant::now();
    for _ in 0..iterations {
        out += refund_normalizer::build_request(platform, credentials, query, &options).expect("signs").body.len();
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / iterations as f64;
    println!("{platform}: {per:.2} us per request ({} bytes out)", out / iterations);
}
