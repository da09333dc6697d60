//! mogujie's parse_response on any bytes: the first 3 bytes pick the options (includeRaw,
//! a query's page and page size, a carried total), the rest is the body.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_common::fuzz_parse("mogujie", data));
