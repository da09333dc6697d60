//! parse_response of every platform on any bytes: the first byte picks the platform
//! (`PLATFORMS[byte % len]`), the next 3 the options (includeRaw, a query's page and page size,
//! a carried total), the rest is the body.
#![no_main]
use fuzz_common::{fuzz_parse, PLATFORMS};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    fuzz_parse(PLATFORMS[usize::from(first) % PLATFORMS.len()], rest);
});
