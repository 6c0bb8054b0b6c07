use cosmwasm_schema::cw_serde;
use cosmwasm_std::Addr;
use cw_storage_plus::{Item, Map};
use ledger_types::tariff::{TariffComponents, TariffInfo};

/// Most versions one tariff may have; versions are few (a tariff changes a few times a year)
/// so the header keeps all their dates and lookups scan at most this many.
pub const MAX_VERSIONS: u32 = 100;

#[cw_serde]
pub struct Config {
    /// The admin contract, asked whether a sender is the administrator or a retailer.
    pub admin_contract: Addr,
}

/// A tariff's description and the dates of its versions (version `n` is `effective_from[n - 1]`).
#[cw_serde]
pub struct TariffHeader {
    pub name: String,
    pub utc_offset_minutes: i32,
    /// Strictly ascending; never longer than [`MAX_VERSIONS`].
    pub effective_from: Vec<u64>,
    /// The retailer the tariff belongs to: its creator, or one the administrator named.
    /// `None` for tariffs created before owners were recorded, until the administrator names
    /// one (`SetTariffOwner`); until then only the administrator adds their versions and no
    /// meter can be put on them.
    #[serde(default)]
    pub owner: Option<Addr>,
}

impl TariffHeader {
    /// Number of versions, which is also the number of the latest one.
    pub fn versions(&self) -> u32 {
        // Bounded by MAX_VERSIONS, so the conversion cannot fail in practice.
        u32::try_from(self.effective_from.len()).unwrap_or(u32::MAX)
    }

    /// The latest version in force at `at` (the last one with `effective_from <= at`), with
    /// its number counted from 1.
    pub fn version_at(&self, at: u64) -> Option<(u32, u64)> {
        let position = self.effective_from.partition_point(|&from| from <= at);
        let from = *self.effective_from.get(position.checked_sub(1)?)?;
        Some((u32::try_from(position).ok()?, from))
    }

    /// What the `Tariff` query answers.
    pub fn info(&self, tariff_id: &str) -> TariffInfo {
        TariffInfo {
            tariff_id: tariff_id.to_string(),
            name: self.name.clone(),
            utc_offset_minutes: self.utc_offset_minutes,
            versions: self.versions(),
            effective_from: self.effective_from.clone(),
        }
    }
}

/// The admin contract this tariff contract asks about roles.
pub const CONFIG: Item<Config> = Item::new("config");

/// Tariff id -> name, UTC offset and the effective dates of its versions.
pub const TARIFFS: Map<&str, TariffHeader> = Map::new("tariffs");

/// (tariff id, version counted from 1) -> that version's components.
pub const VERSIONS: Map<(&str, u32), TariffComponents> = Map::new("versions");

#[cfg(test)]
mod tests {
    use super::*;

    fn header(dates: &[u64]) -> TariffHeader {
        TariffHeader {
            name: "t".to_string(),
            utc_offset_minutes: 0,
            effective_from: dates.to_vec(),
            owner: None,
        }
    }

    #[test]
    fn version_at_picks_the_latest_started_version() {
        let h = header(&[100, 200, 300]);
        assert_eq!(h.version_at(99), None);
        assert_eq!(h.version_at(100), Some((1, 100)));
        assert_eq!(h.version_at(199), Some((1, 100)));
        assert_eq!(h.version_at(200), Some((2, 200)));
        assert_eq!(h.version_at(u64::MAX), Some((3, 300)));
        assert_eq!(header(&[]).version_at(5), None);
        assert_eq!(h.versions(), 3);
    }
}
