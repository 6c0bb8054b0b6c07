//! Reading a paged list to its end, the way every list query of the Suite does.

/// Every item of a paged list: `page` is asked for the page after the last item read so far
/// (`None` for the first) until it returns an empty page.
pub(crate) fn read_all<T>(mut page: impl FnMut(Option<&T>) -> Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = vec![];
    loop {
        let next = page(out.last());
        if next.is_empty() {
            return out;
        }
        out.extend(next);
    }
}
