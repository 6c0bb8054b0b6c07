//! Ids handed out in sequence: each sequence keeps its last id in an `Item<u64>` of its own,
//! absent before the first, so that ids start at 1 and are never reused.

use cosmwasm_std::{OverflowError, OverflowOperation, StdResult, Storage};
use cw_storage_plus::Item;

/// Hands out the next id of the sequence whose last id `last` holds, and records it.
pub fn next_id(storage: &mut dyn Storage, last: &Item<u64>) -> StdResult<u64> {
    let id = last
        .may_load(storage)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    last.save(storage, &id)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockStorage;

    use super::*;

    const LAST: Item<u64> = Item::new("last");

    #[test]
    fn ids_start_at_one_and_never_wrap() {
        let mut storage = MockStorage::new();
        assert_eq!(next_id(&mut storage, &LAST).unwrap(), 1);
        assert_eq!(next_id(&mut storage, &LAST).unwrap(), 2);
        assert_eq!(LAST.load(&storage).unwrap(), 2);
        LAST.save(&mut storage, &u64::MAX).unwrap();
        assert!(next_id(&mut storage, &LAST).is_err());
        assert_eq!(LAST.load(&storage).unwrap(), u64::MAX);
    }
}
