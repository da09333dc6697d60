//! The heap a page of 100 000 invalid records takes while it is parsed into flat bytes (what
//! the package does), counted by a global allocator: deterministic, and the same code the
//! wasm build runs (sizes there are about half, pointers being 32 bits). In wasm the peak
//! is what the memory grows by, for good: it never shrinks.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

mod common;
use common::empty_records;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: each method forwards to `System` with the caller's arguments unchanged; the
// counters are only read by the test.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;


/// Measured 3.6–3.7 MB (64-bit), the flat bytes 0.8 MB: rejected records alike share one
/// template (flat::rejected), and a list's `{}` elements, whose records would take more
/// memory than their texts, are kept as texts alone.
#[test]
fn a_page_of_100000_invalid_records_peaks_under_8_mb_of_heap() {
    for platform in refund_normalizer::PlatformId::IDS {
        let body = empty_records(platform, 100_000);
        let options = refund_normalizer::ParseOptions::default();
        let before = LIVE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let flat = refund_normalizer::bindings::parse_response_flat(platform, body.as_bytes(), &options).unwrap();
        let peak = PEAK.load(Relaxed) - before;
        assert!(flat.as_bytes().len() < 1 << 20, "{platform}: {} bytes of flat text", flat.as_bytes().len());
        drop(flat);
        assert!(peak < 8 << 20, "{platform}: peak {} KB", peak >> 10);
        // The same page as a RefundPage (parse_response, RefundSync) holds every rejected
        // record as it is; all 100 000 are there.
        assert_eq!(refund_normalizer::parse_response(platform, body.as_bytes(), &options).unwrap().rejected.len(), 100_000);
    }
}
