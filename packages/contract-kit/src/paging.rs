//! Paged lists: every list query reads at most one page (the `limit` clamped by
//! [`ledger_types::paging::page_size`]) from a cw-storage-plus range that starts after the
//! caller's `start_after`, and says whether anything follows (`has_more`), so that a client
//! pages to the end without a last, empty request.

use cosmwasm_std::{StdError, StdResult};
use cw_storage_plus::{Bound, PrimaryKey};
use ledger_types::paging::page_size;

/// One page of a list and whether the range holds more after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
}

/// The range's lower bound for a page that starts after `start_after` (exclusive).
pub fn after<'a, K: PrimaryKey<'a>>(start_after: Option<K>) -> Option<Bound<'a, K>> {
    start_after.map(Bound::exclusive)
}

/// Reads one page from `range` (already bounded by `start_after` and in the list's order),
/// turning each entry into an item with `item`. `has_more` looks at the next entry's presence
/// only; it is not loaded or turned into an item.
pub fn page<R, T, E>(
    mut range: impl Iterator<Item = StdResult<R>>,
    limit: Option<u32>,
    mut item: impl FnMut(R) -> Result<T, E>,
) -> Result<Page<T>, E>
where
    E: From<StdError>,
{
    let size = page_size(limit);
    let mut items = Vec::with_capacity(size);
    for entry in range.by_ref().take(size) {
        items.push(item(entry?)?);
    }
    let has_more = range.next().is_some();
    Ok(Page { items, has_more })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Order;
    use cosmwasm_std::testing::MockStorage;
    use cw_storage_plus::Map;

    const NUMBERS: Map<u64, u64> = Map::new("numbers");

    fn stored(count: u64) -> MockStorage {
        let mut storage = MockStorage::new();
        for n in 1..=count {
            NUMBERS.save(&mut storage, n, &(n * 10)).unwrap();
        }
        storage
    }

    fn values(storage: &MockStorage, start_after: Option<u64>, limit: Option<u32>) -> Page<u64> {
        let range = NUMBERS.range(storage, after(start_after), None, Order::Ascending);
        page(range, limit, |(_, value)| StdResult::Ok(value)).unwrap()
    }

    #[test]
    fn pages_say_whether_more_follow() {
        let storage = stored(5);
        let first = values(&storage, None, Some(2));
        assert_eq!(
            first,
            Page {
                items: vec![10, 20],
                has_more: true
            }
        );
        assert_eq!(values(&storage, Some(2), Some(2)).items, vec![30, 40]);
        let last = values(&storage, Some(4), Some(2));
        assert_eq!((last.items, last.has_more), (vec![50], false));
        // A page that ends exactly at the end has nothing after it.
        assert!(!values(&storage, Some(3), Some(2)).has_more);
        assert_eq!(
            values(&storage, Some(5), None),
            Page {
                items: vec![],
                has_more: false
            }
        );
    }

    #[test]
    fn the_limit_is_clamped() {
        let storage = stored(120);
        let all = values(&storage, None, Some(10_000));
        assert_eq!((all.items.len(), all.has_more), (100, true));
        assert_eq!(values(&storage, None, None).items.len(), 30);
        // A limit of 0 still returns one item.
        assert_eq!(values(&storage, None, Some(0)).items, vec![10]);
    }

    #[test]
    fn an_item_error_stops_the_page() {
        let storage = stored(3);
        let range = NUMBERS.range(&storage, None, None, Order::Ascending);
        let result: StdResult<Page<u64>> = page(range, None, |(key, value)| {
            if key == 2 {
                Err(StdError::generic_err("unreadable"))
            } else {
                Ok(value)
            }
        });
        assert_eq!(result, Err(StdError::generic_err("unreadable")));
    }
}
