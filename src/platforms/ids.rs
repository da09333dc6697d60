//! The page warning for a refund id that appears twice on one page.
//!
//! `HashSet`'s SipHash was 2–3 % of a 苏宁 or 诺云 page (docs/performance.md). Here
//! an open-addressing table of record indices with a multiply-mix hash over eight bytes at a
//! time. The ids come from the server, and the hash is fixed (wasm has no seed to draw), so
//! a crafted page could make every id collide: the probes are counted, and past a budget
//! linear in the page the check is done again by sorting, which is O(n log n) whatever the
//! ids are.

use crate::model::{RefundPage, Warning, WarningCode};

/// Probes allowed per record before the table gives way to sorting; a fair table at half
/// load probes about 1.5 times per record.
const PROBES_PER_RECORD: usize = 8;

/// Signatures and ids that must not appear twice in one page get a page warning.
pub fn warn_duplicates(page: &mut RefundPage<'_>) {
    let ids: Vec<&str> = page.refunds.iter().map(|r| r.id.as_ref()).collect();
    let dupes = repeated_by_table(&ids).unwrap_or_else(|| repeated_by_sorting(&ids));
    let warnings: Vec<Warning> = dupes
        .into_iter()
        .filter_map(|i| ids.get(i))
        .map(|id| Warning::new(WarningCode::DuplicateId, format!("refund {id} appears more than once on this page"), format!("退款单 {id} 在本页出现了不止一次")))
        .collect();
    page.warnings.extend(warnings);
}

/// Indices of the ids seen before, in order; `None` when the probes ran over budget.
fn repeated_by_table(ids: &[&str]) -> Option<Vec<usize>> {
    let size = (ids.len() * 2).next_power_of_two().max(16);
    let mask = size - 1;
    // Record index + 1; 0 is an empty slot.
    let mut slots = vec![0usize; size];
    let mut budget = ids.len().saturating_mul(PROBES_PER_RECORD).saturating_add(64);
    let mut dupes = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let mut at = hash(id.as_bytes()) & mask;
        loop {
            let slot = slots.get_mut(at)?;
            match ids.get(slot.wrapping_sub(1)) {
                None => {
                    *slot = i + 1;
                    break;
                }
                Some(seen) if seen == id => {
                    dupes.push(i);
                    break;
                }
                Some(_) => {
                    budget = budget.checked_sub(1)?;
                    at = (at + 1) & mask;
                }
            }
        }
    }
    Some(dupes)
}

/// The same answer by sorting: [`super::byte_order`] keeps equal ids in page order, so in a
/// run of equal ids every one but the first is a repeat. (That one sort serves the whole
/// crate: another `sort_by` instantiation was ~5 KB of wasm.)
fn repeated_by_sorting(ids: &[&str]) -> Vec<usize> {
    let order = super::byte_order(ids);
    let mut repeated = vec![false; ids.len()];
    for pair in order.windows(2) {
        if let [a, b] = pair {
            if ids.get(*a) == ids.get(*b) {
                if let Some(flag) = repeated.get_mut(*b) {
                    *flag = true;
                }
            }
        }
    }
    (0..ids.len()).filter(|&i| repeated.get(i) == Some(&true)).collect()
}

/// FxHash-style: rotate, xor a word, multiply; the high bits folded down at the end, as
/// the table takes the low ones. (Also the flat writer's table of kept values, `flat::page`.)
pub(crate) fn hash(bytes: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default())).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    let rest = words.remainder();
    if let Some(dst) = last.get_mut(..rest.len()) {
        dst.copy_from_slice(rest);
    }
    h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    (h ^ h >> 29 ^ h >> 47) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(ids: &[&str]) -> Vec<usize> {
        let mut seen = std::collections::HashSet::new();
        (0..ids.len()).filter(|&i| !seen.insert(ids[i])).collect()
    }

    /// Both ways give what a `HashSet` gives, repeats of repeats included.
    #[test]
    fn table_and_sorting_agree_with_a_set() {
        let many: Vec<String> = (0..3000).map(|k| format!("RF2025{:08}", k * 7919 % 2500)).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        for ids in [vec![], vec!["a"], vec!["a", "a", "a"], vec!["", "", "x", "12345678", "12345678", "123456789"], many] {
            assert_eq!(repeated_by_table(&ids).unwrap(), plain(&ids), "{ids:?}");
            assert_eq!(repeated_by_sorting(&ids), plain(&ids));
        }
    }

    /// Ids that all land in one slot (found by trying) run the table out of budget, and
    /// sorting still gives the answer.
    #[test]
    fn colliding_ids_fall_back_to_sorting() {
        let mut ids: Vec<String> = (0..).map(|k: u32| format!("RF{k}")).filter(|id| hash(id.as_bytes()) & 127 == 0).take(40).collect();
        ids.push(ids[3].clone());
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(repeated_by_table(&ids), None);
        assert_eq!(repeated_by_sorting(&ids), vec![40]);
    }
}
