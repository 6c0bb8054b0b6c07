//! Paging rules shared by every list query.
//!
//! A list query takes `start_after` (the key of the last entry already seen) and `limit`, and
//! answers one page with `has_more`: whether entries follow it, so that a client asks again
//! with `start_after` set to the last entry's key until `has_more` is false. `has_more` is
//! absent (read as false) in answers from contracts older than the field.

/// Page size used when a query gives no `limit`.
pub const DEFAULT_LIMIT: u32 = 30;
/// Largest page any list query returns, whatever `limit` asks for.
pub const MAX_LIMIT: u32 = 100;

/// The number of items a page may hold for the requested `limit`.
pub fn page_size(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_clamped() {
        assert_eq!(page_size(None), 30);
        assert_eq!(page_size(Some(0)), 1);
        assert_eq!(page_size(Some(7)), 7);
        assert_eq!(page_size(Some(10_000)), 100);
    }
}
