//! Lists read page by page to the end (or to a cap), so callers never see `start_after`.
//!
//! Every list query of the ledger's contracts takes `start_after` and `limit` and returns at
//! most `limit` items; [`collect`] is the one loop that walks them.

use std::future::Future;

use ledger_types::paging::MAX_LIMIT;

use crate::error::Result;

/// A list read page by page, and whether the cap cut it short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paged<T> {
    /// The items, in the contract's order.
    pub items: Vec<T>,
    /// True when more items exist beyond the cap.
    pub truncated: bool,
}

/// No cap: read the list to its end.
pub const ALL: usize = usize::MAX;

/// Reads pages of at most [`MAX_LIMIT`] items (the ledger contracts' largest page) until a
/// short page or `cap` items.
///
/// `fetch(start_after, limit)` reads one page; `key` gives the `start_after` of the next page
/// from the last item of the previous one. When the cap is reached on a full page, one more
/// item is asked for to tell whether the list was cut.
///
/// ```
/// use ledger_sdk::paging::collect;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// // A list of 250 numbers, served as a contract pages it.
/// let page = collect(
///     1_000,
///     |start: Option<u64>, limit: u32| async move {
///         let from = start.map_or(0, |s| s + 1);
///         Ok((from..250).take(limit as usize).collect())
///     },
///     |x: &u64| *x,
/// )
/// .await?;
/// assert_eq!(page.items.len(), 250);
/// assert!(!page.truncated);
/// # Ok::<(), ledger_sdk::Error>(())
/// # }).unwrap();
/// ```
pub async fn collect<T, K, F, Fut>(cap: usize, fetch: F, key: impl Fn(&T) -> K) -> Result<Paged<T>>
where
    F: FnMut(Option<K>, u32) -> Fut,
    Fut: Future<Output = Result<Vec<T>>>,
{
    collect_pages(MAX_LIMIT, cap, fetch, key).await
}

/// [`collect`] for a contract whose largest page is `page_size` items (cw-plus contracts
/// stop at 30): a page that short is then not taken for the end of the list.
pub async fn collect_pages<T, K, F, Fut>(
    page_size: u32,
    cap: usize,
    fetch: F,
    key: impl Fn(&T) -> K,
) -> Result<Paged<T>>
where
    F: FnMut(Option<K>, u32) -> Fut,
    Fut: Future<Output = Result<Vec<T>>>,
{
    walk(page_size, None, cap, fetch, key, |_| true).await
}

/// The run of a list that starts after `start` and whose items `keep` accepts: the list is
/// read page by page (of at most [`MAX_LIMIT`] items) up to its end or the first item `keep`
/// refuses, which is left out (a prefix of keys: the list is in key order).
///
/// ```
/// use ledger_sdk::paging::collect_from;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let names: Vec<String> = (0..300).map(|i| format!("m{i:03}")).collect();
/// let fleet = collect_from(
///     Some("m1".to_string()),
///     |start: Option<String>, limit: u32| {
///         let page = names
///             .iter()
///             .filter(|n| start.as_ref().is_none_or(|s| *n > s))
///             .take(limit as usize)
///             .cloned()
///             .collect();
///         async move { Ok(page) }
///     },
///     |n: &String| n.clone(),
///     |n: &String| n.starts_with("m1"),
/// )
/// .await?;
/// assert_eq!(fleet.len(), 100);
/// # Ok::<(), ledger_sdk::Error>(())
/// # }).unwrap();
/// ```
pub async fn collect_from<T, K, F, Fut>(
    start: Option<K>,
    fetch: F,
    key: impl Fn(&T) -> K,
    keep: impl Fn(&T) -> bool,
) -> Result<Vec<T>>
where
    F: FnMut(Option<K>, u32) -> Fut,
    Fut: Future<Output = Result<Vec<T>>>,
{
    Ok(walk(MAX_LIMIT, start, ALL, fetch, key, keep).await?.items)
}

/// The one paging loop: pages of at most `page_size` items after `start`, until a short page,
/// an item `keep` refuses, or `cap` items.
async fn walk<T, K, F, Fut>(
    page_size: u32,
    mut start: Option<K>,
    cap: usize,
    mut fetch: F,
    key: impl Fn(&T) -> K,
    keep: impl Fn(&T) -> bool,
) -> Result<Paged<T>>
where
    F: FnMut(Option<K>, u32) -> Fut,
    Fut: Future<Output = Result<Vec<T>>>,
{
    let mut items: Vec<T> = Vec::new();
    loop {
        let remaining = cap.saturating_sub(items.len());
        if remaining == 0 {
            let more = !fetch(start, 1).await?.is_empty();
            return Ok(Paged {
                items,
                truncated: more,
            });
        }
        let want = remaining.min(page_size as usize);
        let page = fetch(start.take(), want as u32).await?;
        let (len, before) = (page.len(), items.len());
        items.extend(page.into_iter().take_while(&keep));
        // A full page whose every item was kept: the list may go on.
        let go_on = len >= want && items.len() - before == len;
        let next = items.last().map(&key);
        match next {
            Some(k) if go_on => start = Some(k),
            _ => {
                return Ok(Paged {
                    items,
                    truncated: false,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A list of `n` numbers served the way a contract pages them.
    async fn run(n: u64, cap: usize) -> (Paged<u64>, Vec<(Option<u64>, u32)>) {
        let calls = RefCell::new(Vec::new());
        let page = collect(
            cap,
            |start: Option<u64>, limit: u32| {
                calls.borrow_mut().push((start, limit));
                let from = start.map_or(0, |s| s + 1);
                let items: Vec<u64> = (from..n).take(limit.min(MAX_LIMIT) as usize).collect();
                async move { Ok(items) }
            },
            |x: &u64| *x,
        )
        .await
        .unwrap();
        (page, calls.into_inner())
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn pages_through_to_the_end() {
        let (page, calls) = block_on(run(250, 1_000));
        assert_eq!(page.items, (0..250).collect::<Vec<_>>());
        assert!(!page.truncated);
        assert_eq!(calls, vec![(None, 100), (Some(99), 100), (Some(199), 100)]);
    }

    #[test]
    fn stops_at_the_cap_and_says_whether_more_exist() {
        let (page, calls) = block_on(run(250, 120));
        assert_eq!(page.items.len(), 120);
        assert!(page.truncated);
        assert_eq!(calls, vec![(None, 100), (Some(99), 20), (Some(119), 1)]);
        let (page, _) = block_on(run(120, 120));
        assert_eq!(page.items.len(), 120);
        assert!(!page.truncated);
    }

    #[test]
    fn an_exactly_full_last_page_costs_one_empty_read() {
        let (page, calls) = block_on(run(100, 1_000));
        assert_eq!(page.items.len(), 100);
        assert!(!page.truncated);
        assert_eq!(calls, vec![(None, 100), (Some(99), 100)]);
        let (page, _) = block_on(run(0, 1_000));
        assert!(page.items.is_empty());
    }

    #[test]
    fn a_smaller_page_size_is_not_taken_for_the_end() {
        let page = block_on(collect_pages(
            30,
            ALL,
            |start: Option<u64>, limit: u32| async move {
                let from = start.map_or(0, |s| s + 1);
                Ok((from..70).take(limit.min(30) as usize).collect())
            },
            |x: &u64| *x,
        ))
        .unwrap();
        assert_eq!(page.items, (0..70).collect::<Vec<_>>());
    }
}
