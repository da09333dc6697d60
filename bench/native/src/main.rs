//! `cargo run --release -- <platform> <body file> <iterations>`: parses the page and encodes it
//! to the flat text, as `parseResponse` does inside wasm, in a loop (for perf / callgrind).
use refund_normalizer::{flat, parse_response, ParseOptions};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let platform = &args[1];
    let body = std::fs::read(&args[2]).expect("body file");
    let iterations: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(50);
    let options = ParseOptions::default();
    let mut out = 0usize;
    let start = Instant::now();
    for _ in 0..iterations {
        let page = parse_response(platform, &body, &options).expect("parses");
        out += flat::encode(&page).len();
    }
    let per = start.elapsed().as_secs_f64() * 1000.0 / iterations as f64;
    println!("{platform}: {per:.2} ms per page ({} bytes in, {} bytes out)", body.len(), out / iterations);
}
