//! The serial registries: each standard's ranges ordered by their first serial. Because no two
//! ranges of a registry overlap, a new range `[first, last]` overlaps one exactly when the
//! range starting at or below `first` reaches `first`, or the next range above starts at or
//! below `last`; two lookups, O(log n), whatever the number of batches.

use cosmwasm_std::{Order, Storage};
use cw_storage_plus::Bound;
use ledger_types::park::credits::Standard;

use crate::state::{SERIAL_RANGES, SerialRange};
use crate::{ContractError, ContractResult};

/// The stored range, with its first serial, that covers `serial` in `registry`.
pub fn covering(
    storage: &dyn Storage,
    registry: &str,
    serial: u64,
) -> ContractResult<Option<(u64, SerialRange)>> {
    let below = SERIAL_RANGES
        .prefix(registry)
        .range(
            storage,
            None,
            Some(Bound::inclusive(serial)),
            Order::Descending,
        )
        .next()
        .transpose()?;
    Ok(below.filter(|(_, range)| range.last >= serial))
}

/// Refuses `[first, last]` if any serial of it is in a range of the standard's registry.
pub fn ensure_free(
    storage: &dyn Storage,
    standard: &Standard,
    first: u64,
    last: u64,
) -> ContractResult<()> {
    let registry = standard.registry_key();
    let clash = match covering(storage, &registry, first)? {
        Some(found) => Some(found),
        None => SERIAL_RANGES
            .prefix(&registry)
            .range(
                storage,
                Some(Bound::exclusive(first)),
                None,
                Order::Ascending,
            )
            .next()
            .transpose()?
            .filter(|(start, _)| *start <= last),
    };
    match clash {
        Some((batch_first, range)) => Err(ContractError::SerialOverlap {
            standard: registry,
            first,
            last,
            batch_id: range.batch_id,
            batch_first,
            batch_last: range.last,
        }),
        None => Ok(()),
    }
}

/// Records `[first, last]` for `batch_id` (after [`ensure_free`]).
pub fn reserve(
    storage: &mut dyn Storage,
    standard: &Standard,
    first: u64,
    last: u64,
    batch_id: u64,
) -> ContractResult<()> {
    SERIAL_RANGES.save(
        storage,
        (&standard.registry_key(), first),
        &SerialRange { last, batch_id },
    )?;
    Ok(())
}

/// Frees the range starting at `first` (a rejected batch's).
pub fn release(storage: &mut dyn Storage, standard: &Standard, first: u64) {
    SERIAL_RANGES.remove(storage, (&standard.registry_key(), first));
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    fn overlap(storage: &MockStorage, first: u64, last: u64) -> Option<u64> {
        match ensure_free(storage, &Standard::Vcs, first, last) {
            Ok(()) => None,
            Err(ContractError::SerialOverlap { batch_id, .. }) => Some(batch_id),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_range_clashes_with_its_neighbours_only_where_they_meet() {
        let mut storage = MockStorage::new();
        reserve(&mut storage, &Standard::Vcs, 100, 199, 1).unwrap();
        reserve(&mut storage, &Standard::Vcs, 300, 300, 2).unwrap();
        assert_eq!(overlap(&storage, 0, 99), None);
        assert_eq!(overlap(&storage, 200, 299), None);
        assert_eq!(overlap(&storage, 301, u64::MAX), None);
        assert_eq!(overlap(&storage, 99, 100), Some(1));
        assert_eq!(overlap(&storage, 199, 250), Some(1));
        assert_eq!(overlap(&storage, 150, 160), Some(1));
        assert_eq!(overlap(&storage, 0, 1_000), Some(1));
        assert_eq!(overlap(&storage, 250, 300), Some(2));
        assert_eq!(overlap(&storage, 300, 300), Some(2));
        // Another standard's registry is another numbering.
        assert!(ensure_free(&storage, &Standard::Cdm, 100, 199).is_ok());
        // Another programme's name in other letters is the same registry.
        reserve(&mut storage, &Standard::Other("Puro.earth".into()), 1, 9, 3).unwrap();
        assert!(ensure_free(&storage, &Standard::Other("PURO.EARTH".into()), 9, 9).is_err());
        assert_eq!(
            covering(&storage, "vcs", 150)
                .unwrap()
                .map(|(f, r)| (f, r.batch_id)),
            Some((100, 1))
        );
        assert_eq!(covering(&storage, "vcs", 250).unwrap(), None);
        release(&mut storage, &Standard::Vcs, 100);
        assert_eq!(overlap(&storage, 150, 160), None);
    }
}
