//! The park file (`fleet --park FILE`): which fleet meters are generation meters, which
//! consuming meters buy, who trades for each, and at what prices.
//!
//! ```json
//! {
//!   "generators": [ { "meter": 0, "trader": "solar-coop" }, { "meter": 1, "trader": "solar-coop" } ],
//!   "consumers":  [ { "meter": 2, "trader": "bakery" }, { "meter": 3, "trader": "keys/dairy.json" } ],
//!   "prices": { "offer_min_price": 80, "bid_max_price": 140, "spread": 20 }
//! }
//! ```
//!
//! `meter` is a fleet index (meter `<prefix>000002` is 2); `trader` names a key the way
//! `--gateway-key` does (a name in `<home>/keys`, or a `.json` key file). Prices are
//! settlement-token minor units per kWh: each trader draws, from the fleet seed and its
//! address, an offset from 0 to `spread`, and offers at `offer_min_price` plus it, bids at
//! `bid_max_price` minus it.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::curve::{Household, MeterCurve};
use crate::solar::SolarPlant;

/// The park file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParkFile {
    /// Generation meters and the traders who offer their energy.
    pub generators: Vec<Assignment>,
    /// Consuming meters and the traders who bid for their consumption.
    #[serde(default)]
    pub consumers: Vec<Assignment>,
    /// The traders' prices.
    pub prices: PricePolicy,
}

/// A meter and the key of the participant who trades for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The meter's index in the fleet.
    pub meter: u32,
    /// A key name in `<home>/keys`, or a `.json` key file.
    pub trader: String,
}

/// The prices every trader derives its own from (minor units per kWh).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricePolicy {
    /// The lowest minimum price of an offer.
    pub offer_min_price: u64,
    /// The highest maximum price of a bid.
    pub bid_max_price: u64,
    /// How far a trader's prices lie from those, at most (toward the middle).
    #[serde(default)]
    pub spread: u64,
}

impl PricePolicy {
    /// The offset from 0 to `spread` of the trader at `address` in a fleet of `seed`.
    fn offset(&self, seed: u64, address: &str) -> u64 {
        if self.spread == 0 {
            return 0;
        }
        let mut h = Sha256::new();
        h.update(b"obligation-ledger/park-price/v1");
        h.update(seed.to_be_bytes());
        h.update(address.as_bytes());
        let digest = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.spread.saturating_add(1)
    }

    /// The minimum price of the offers of the trader at `address`.
    pub fn offer_price(&self, seed: u64, address: &str) -> u64 {
        self.offer_min_price
            .saturating_add(self.offset(seed, address))
    }

    /// The maximum price of the bids of the trader at `address`.
    pub fn bid_price(&self, seed: u64, address: &str) -> u64 {
        self.bid_max_price
            .saturating_sub(self.offset(seed, address))
    }
}

impl ParkFile {
    /// Reads and checks the park file of a fleet of `meters` meters.
    pub fn load(path: &Path, meters: u32) -> anyhow::Result<ParkFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the park file {}", path.display()))?;
        let file: ParkFile = serde_json::from_str(&text).with_context(|| {
            format!(
                "the park file {} is not a park file (see the README's \"Fleet\" section for \
                 its format)",
                path.display()
            )
        })?;
        file.check(meters)
            .with_context(|| format!("the park file {}", path.display()))?;
        Ok(file)
    }

    /// Why the file cannot drive a fleet of `meters` meters, if it cannot.
    pub fn check(&self, meters: u32) -> anyhow::Result<()> {
        if self.generators.is_empty() && self.consumers.is_empty() {
            bail!("names no generators and no consumers: there is nothing to trade");
        }
        let mut seen = BTreeSet::new();
        for a in self.generators.iter().chain(&self.consumers) {
            if a.meter >= meters {
                bail!(
                    "names meter {}, beyond the fleet's {meters} meters (indexes 0 to {}): \
                     run with more --meters or correct the index",
                    a.meter,
                    meters.saturating_sub(1)
                );
            }
            if !seen.insert(a.meter) {
                bail!(
                    "names meter {} twice: a meter is a generator or a consumer, once",
                    a.meter
                );
            }
            if a.trader.trim().is_empty() {
                bail!("meter {} has no trader key", a.meter);
            }
        }
        let p = &self.prices;
        if p.offer_min_price == 0 {
            bail!("offer_min_price must be at least 1 (the market refuses a price of zero)");
        }
        if p.bid_max_price <= p.spread {
            bail!(
                "bid_max_price {} must be above the spread {}, so that every bid's price is at \
                 least 1",
                p.bid_max_price,
                p.spread
            );
        }
        Ok(())
    }

    /// Whether fleet meter `meter` is one of the park's generation meters.
    pub fn is_generator(&self, meter: u32) -> bool {
        self.generators.iter().any(|a| a.meter == meter)
    }

    /// The curve of fleet meter `index` of a fleet of `seed`: a solar plant for a generation
    /// meter, a household for every other.
    pub fn curve(park: Option<&ParkFile>, seed: u64, index: u32) -> MeterCurve {
        if park.is_some_and(|p| p.is_generator(index)) {
            MeterCurve::Solar(SolarPlant::new(seed, index))
        } else {
            MeterCurve::Household(Household::new(seed, index))
        }
    }

    /// The traders' key names, each once, in the order the file first names them.
    pub fn trader_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for a in self.generators.iter().chain(&self.consumers) {
            if !keys.contains(&a.trader.as_str()) {
                keys.push(&a.trader);
            }
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> ParkFile {
        serde_json::from_str(
            r#"{
              "generators": [ { "meter": 0, "trader": "solar-coop" }, { "meter": 1, "trader": "solar-coop" } ],
              "consumers":  [ { "meter": 2, "trader": "bakery" }, { "meter": 3, "trader": "keys/dairy.json" } ],
              "prices": { "offer_min_price": 80, "bid_max_price": 140, "spread": 20 }
            }"#,
        )
        .unwrap()
    }

    #[test]
    fn the_readme_example_is_a_park_file() {
        let f = file();
        f.check(4).unwrap();
        assert!(f.is_generator(1) && !f.is_generator(2));
        assert_eq!(f.trader_keys(), ["solar-coop", "bakery", "keys/dairy.json"]);
        assert!(matches!(
            ParkFile::curve(Some(&f), 7, 0),
            MeterCurve::Solar(s) if s == SolarPlant::new(7, 0)
        ));
        assert!(matches!(
            ParkFile::curve(Some(&f), 7, 2),
            MeterCurve::Household(_)
        ));
        assert!(matches!(
            ParkFile::curve(None, 7, 0),
            MeterCurve::Household(_)
        ));
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let err = |f: ParkFile, meters: u32| f.check(meters).unwrap_err().to_string();
        assert!(err(file(), 3).contains("names meter 3, beyond the fleet's 3 meters"));
        let mut twice = file();
        twice.consumers[0].meter = 0;
        assert!(err(twice, 4).contains("names meter 0 twice"));
        let mut free = file();
        free.prices.offer_min_price = 0;
        assert!(err(free, 4).contains("offer_min_price must be at least 1"));
        let mut wide = file();
        wide.prices.spread = 140;
        assert!(err(wide, 4).contains("bid_max_price 140 must be above the spread 140"));
        let empty = ParkFile {
            generators: vec![],
            consumers: vec![],
            prices: file().prices,
        };
        assert!(err(empty, 4).contains("nothing to trade"));
        assert!(
            serde_json::from_str::<ParkFile>(
                r#"{"generators":[],"prices":{"offer_min_price":1,"bid_max_price":2},"extra":1}"#
            )
            .is_err()
        );
    }

    #[test]
    fn each_trader_draws_its_prices_within_the_spread() {
        let p = file().prices;
        let mut offers = BTreeSet::new();
        for i in 0..50 {
            let address = format!("wasm1trader{i}");
            let offer = p.offer_price(7, &address);
            let bid = p.bid_price(7, &address);
            assert!((80..=100).contains(&offer), "{offer}");
            assert!((120..=140).contains(&bid), "{bid}");
            // The same offset toward the middle on both sides.
            assert_eq!(offer - 80, 140 - bid);
            assert_eq!(offer, p.offer_price(7, &address), "deterministic");
            offers.insert(offer);
        }
        assert!(
            offers.len() > 5,
            "the traders' prices are spread: {offers:?}"
        );
        let flat = PricePolicy { spread: 0, ..p };
        assert_eq!(flat.offer_price(7, "wasm1a"), 80);
        assert_eq!(flat.bid_price(7, "wasm1a"), 140);
    }
}
