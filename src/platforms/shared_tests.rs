//! The helpers every platform shares: sorting by name, hasMore.

use super::*;

#[test]
fn has_more_without_a_page_size_says_only_what_the_answer_settles() {
    assert_eq!(has_more(1, None, None, 0), None);
    assert_eq!(has_more(1, None, Some(0), 0), Some(false));
    assert_eq!(has_more(1, None, Some(3), 3), Some(false));
    assert_eq!(has_more(1, None, Some(30), 20), None, "page 1 of 2, or the last of a later page: unknown");
    assert_eq!(has_more(1, None, None, 20), None);
    // With the page size, as before.
    assert_eq!(has_more(1, Some(20), Some(30), 20), Some(true));
    assert_eq!(has_more(2, Some(20), Some(30), 10), Some(false));
    assert_eq!(has_more(1, Some(20), None, 5), Some(false));
    assert_eq!(has_more(1, Some(20), None, 20), None);
}

#[test]
fn byte_order_is_by_bytes_and_stable() {
    // Upper case before lower case, '_' (0x5F) between them, multi-byte text last; the
    // two "b"s keep their order.
    assert_eq!(byte_order(&["b", "a_b", "B", "中", "b", "a", "A_"]), [6, 2, 5, 1, 0, 4, 3]);
    assert_eq!(byte_order(&[]), Vec::<usize>::new());
}

#[test]
fn sort_by_name_keeps_values_with_their_names() {
    let mut params: Params = vec![("page_no".into(), "0".into()), ("appkey".into(), "k".into()), ("page_no".into(), "1".into())];
    sort_by_name(&mut params);
    assert_eq!(params, [("appkey".into(), "k".into()), ("page_no".into(), "0".into()), ("page_no".into(), "1".into())]);
}

/// The in-place sort of short lists and `byte_order` agree, at every length around the
/// switch between them, repeated names included.
#[test]
fn small_and_large_sorts_agree() {
    let names = ["b", "a_b", "B", "中", "b", "a", "A_", "", "page", "page_no", "Page", "a"];
    for len in 0..=SMALL_SORT + 3 {
        let mut params: Params = (0..len).map(|i| (names[i * 7 % names.len()].into(), i.to_string())).collect();
        let unsorted = params.clone();
        let order = byte_order(&unsorted.iter().map(|(name, _)| name.as_ref()).collect::<Vec<_>>());
        sort_by_name(&mut params);
        let expected: Params = order.into_iter().map(|i| unsorted[i].clone()).collect();
        assert_eq!(params, expected, "{len}");
    }
}
