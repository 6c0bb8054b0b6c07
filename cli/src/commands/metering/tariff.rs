//! `ledger tariff`: defines tariffs and their versions from JSON files (see `cli/examples/`).

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use clap::Subcommand;
use ledger_sdk::contracts::tariff::{TariffComponents, TariffInfo};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::args::RegionArg;
use crate::context::{App, chain_now};
use crate::render::{self, NoExtra};
use crate::when::{self, When};

/// How far past the latest block `"effective_from": "now"` puts a new version, so that it
/// still lies in the future when the transaction lands (the contract refuses versions that
/// start before the block time).
pub const NOW_MARGIN_SECONDS: u64 = 30;

/// A tariff file: the tariff's id, name and UTC offset, when the version takes effect, and the
/// `TariffComponents` of the tariff contract's messages.
///
/// Money is minor units, energy prices minor units per MWh (0.2345 per kWh is `23450`), tax
/// basis points. `effective_from` is unix seconds, a UTC date (`"2026-01-01"`), or `"now"`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffFile {
    /// The tariff's id.
    pub tariff_id: String,
    /// Display name; required by `tariff create`.
    #[serde(default)]
    pub name: Option<String>,
    /// UTC offset (minutes east) in which time-of-use hours, weekdays and months are read;
    /// required by `tariff create`.
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
    /// When this version takes effect.
    #[serde(deserialize_with = "when_from_json")]
    pub effective_from: When,
    /// Notes for people; not sent to the chain.
    #[serde(default)]
    pub description: Option<String>,
    /// The charges.
    pub components: TariffComponents,
}

impl TariffFile {
    /// Reads and parses a tariff file.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the tariff file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("tariff file {}", path.display()))
    }

    /// Parses a tariff file's JSON. Unknown fields are refused, inside `components` too (the
    /// contracts' message types accept and ignore them, which would turn a misspelt charge into
    /// a missing one).
    pub fn parse(json: &str) -> anyhow::Result<Self> {
        let file: TariffFile =
            serde_json::from_str(json).map_err(|e| anyhow!("not a valid tariff: {e}"))?;
        let given: Value = serde_json::from_str(json)?;
        let known = serde_json::to_value(&file.components)?;
        let mut unknown = Vec::new();
        unknown_keys(&given["components"], &known, "components", &mut unknown);
        if !unknown.is_empty() {
            bail!(
                "not a valid tariff: unknown field(s) {}",
                unknown.join(", ")
            );
        }
        Ok(file)
    }
}

/// Paths of keys in `given` that `known` (the same value parsed and written back) lacks.
fn unknown_keys(given: &Value, known: &Value, path: &str, out: &mut Vec<String>) {
    match (given, known) {
        (Value::Object(g), Value::Object(k)) => {
            for (key, value) in g {
                let p = format!("{path}.{key}");
                match k.get(key) {
                    Some(kv) => unknown_keys(value, kv, &p, out),
                    None => out.push(p),
                }
            }
        }
        (Value::Array(g), Value::Array(k)) => {
            for (i, (gv, kv)) in g.iter().zip(k).enumerate() {
                unknown_keys(gv, kv, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn when_from_json<'de, D: Deserializer<'de>>(d: D) -> Result<When, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Unix(u64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Unix(t) => Ok(When::At(t)),
        Raw::Text(s) => s.parse().map_err(serde::de::Error::custom),
    }
}

/// `ledger tariff ...`
#[derive(Subcommand, Debug)]
pub enum TariffCmd {
    /// Define a tariff with its first version from a tariff file (admin or retailer)
    Create {
        /// The tariff file (JSON; see cli/examples/tariff-*.json)
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        region: RegionArg,
    },
    /// Name the retailer a tariff belongs to (administrator only; the owner must be an
    /// active retailer). A tariff belongs to the retailer that created it; tariffs created
    /// before owners were recorded have none until the administrator names one
    SetOwner {
        /// The tariff id
        #[arg(long)]
        tariff: String,
        /// The new owner: an address or the name of a key in the key store
        #[arg(long)]
        owner: String,
        #[command(flatten)]
        region: RegionArg,
    },
    /// Add a version to an existing tariff from a tariff file; it must take effect after the
    /// latest version and not before now (the tariff's owner or the administrator)
    AddVersion {
        /// The tariff file; its name and UTC offset, if given, must match the tariff's
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// Override the file's tariff id
        #[arg(long)]
        tariff: Option<String>,
        /// Override the file's effective_from: `now` (30 s after the latest block), unix
        /// seconds or a UTC date-time
        #[arg(long, value_name = "WHEN")]
        effective_from: Option<When>,
        #[command(flatten)]
        region: RegionArg,
    },
}

/// Runs a `tariff` command.
pub async fn run(app: &App, cmd: TariffCmd) -> anyhow::Result<()> {
    match cmd {
        TariffCmd::Create { file, region } => {
            let t = TariffFile::load(&file)?;
            let name = t
                .name
                .clone()
                .ok_or_else(|| anyhow!("tariff file {}: `name` is required", file.display()))?;
            let offset = t.utc_offset_minutes.ok_or_else(|| {
                anyhow!(
                    "tariff file {}: `utc_offset_minutes` is required",
                    file.display()
                )
            })?;
            let (ledger, sender) = app.ledger_and_sender_in(region.name()).await?;
            let effective_from = t.effective_from.resolve(chain_now(&ledger.client).await?);
            let outcome = ledger
                .create_tariff(
                    &sender,
                    t.tariff_id.clone(),
                    name.clone(),
                    offset,
                    t.components,
                    effective_from,
                )
                .await?;
            render::tx(
                app.output(),
                &format!(
                    "created tariff {} ({name}){}, in force from {}",
                    t.tariff_id,
                    region.suffix(),
                    when::datetime(effective_from)
                ),
                &outcome,
                NoExtra {},
            )
        }
        TariffCmd::AddVersion {
            file,
            tariff,
            effective_from,
            region,
        } => {
            let mut t = TariffFile::load(&file)?;
            if let Some(id) = tariff {
                t.tariff_id = id;
            }
            if let Some(at) = effective_from {
                t.effective_from = at;
            }
            let (ledger, sender) = app.ledger_and_sender_in(region.name()).await?;
            let info: TariffInfo = ledger.tariff_info(&t.tariff_id).await?;
            check_same_tariff(&t, &info)?;
            let now = chain_now(&ledger.client).await?;
            let effective_from = match t.effective_from {
                When::Now => now + NOW_MARGIN_SECONDS,
                When::At(at) => at,
            };
            let outcome = ledger
                .add_tariff_version(&sender, t.tariff_id.clone(), t.components, effective_from)
                .await?;
            render::tx(
                app.output(),
                &format!(
                    "added version {} of tariff {}{}, in force from {}",
                    info.versions + 1,
                    t.tariff_id,
                    region.suffix(),
                    when::datetime(effective_from)
                ),
                &outcome,
                NoExtra {},
            )
        }
        TariffCmd::SetOwner {
            tariff,
            owner,
            region,
        } => {
            let owner = app.address(&owner)?;
            let (ledger, sender) = app.ledger_and_sender_in(region.name()).await?;
            let outcome = ledger
                .set_tariff_owner(&sender, tariff.clone(), owner.clone())
                .await?;
            render::tx(
                app.output(),
                &format!("tariff {tariff}{} now belongs to {owner}", region.suffix()),
                &outcome,
                NoExtra {},
            )
        }
    }
}

/// A new version cannot rename a tariff or move its UTC offset.
fn check_same_tariff(file: &TariffFile, info: &TariffInfo) -> anyhow::Result<()> {
    if let Some(name) = &file.name {
        if *name != info.name {
            bail!(
                "tariff {} is named '{}', the file says '{name}': a version cannot rename a tariff",
                info.tariff_id,
                info.name
            );
        }
    }
    if let Some(offset) = file.utc_offset_minutes {
        if offset != info.utc_offset_minutes {
            bail!(
                "tariff {} counts hours in {}, the file says {}: a version cannot change it",
                info.tariff_id,
                when::offset(info.utc_offset_minutes),
                when::offset(offset)
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> Vec<(String, TariffFile)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("tariff-"))
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let t = TariffFile::load(&p).unwrap_or_else(|e| panic!("{e:#}"));
                (p.file_name().unwrap().to_string_lossy().into_owned(), t)
            })
            .collect()
    }

    #[test]
    fn example_tariffs_parse_and_pass_the_contracts_checks() {
        let examples = examples();
        let names: Vec<&str> = examples.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "tariff-demand.json",
                "tariff-tiered.json",
                "tariff-time-of-use.json"
            ]
        );
        for (name, t) in &examples {
            ::ledger_tariff::validate::tariff_id(&t.tariff_id)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            ::ledger_tariff::validate::name(&t.tariff_id, t.name.as_deref().unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            ::ledger_tariff::validate::utc_offset(t.utc_offset_minutes.unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            ::ledger_tariff::validate::components(&t.components)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let tou = &examples[2].1.components.time_of_use.as_ref().unwrap();
        assert_eq!(tou.weekday.len(), 12);
        assert!(
            tou.weekday
                .iter()
                .chain(&tou.weekend)
                .all(|row| row.len() == 24)
        );
    }

    #[test]
    fn effective_from_takes_numbers_dates_and_now() {
        let base = r#"{"tariff_id": "t", "components": {"flat_rate": "20000"}, "effective_from": "#;
        let parse = |v: &str| TariffFile::parse(&format!("{base}{v}}}"));
        assert_eq!(parse("0").unwrap().effective_from, When::At(0));
        assert_eq!(
            parse(r#""2026-11-01""#).unwrap().effective_from,
            When::At(1_793_491_200)
        );
        assert_eq!(parse(r#""now""#).unwrap().effective_from, When::Now);
        assert!(parse(r#""soon""#).is_err());
        assert!(parse("-1").is_err());
    }

    #[test]
    fn unknown_fields_and_bad_amounts_are_refused_with_their_names() {
        let err = TariffFile::parse(
            r#"{"tariff_id": "t", "effective_from": 0, "components": {"flat_rat": "1"}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("unknown field(s) components.flat_rat"),
            "{err}"
        );
        let err = TariffFile::parse(
            r#"{"tariff_id": "t", "effective_from": 0, "components":
                {"tiers": [{"up_to_wh": null, "price_per_mwh": "1", "price": "1"}]}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("components.tiers[0].price"), "{err}");
        let err = TariffFile::parse(
            r#"{"tariff_id": "t", "effective_from": 0, "nme": "x", "components": {}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("nme"), "{err}");
        let err = TariffFile::parse(
            r#"{"tariff_id": "t", "effective_from": 0, "components": {"flat_rate": 1.5}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("not a valid tariff"), "{err}");
        let err = TariffFile::parse(r#"{"tariff_id": "t", "effective_from": 0}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("components"), "{err}");
    }

    #[test]
    fn versions_keep_name_and_offset() {
        let info = TariffInfo {
            tariff_id: "t".into(),
            name: "Home".into(),
            utc_offset_minutes: 60,
            versions: 1,
            effective_from: vec![0],
        };
        let mut file = TariffFile::parse(
            r#"{"tariff_id": "t", "effective_from": 0, "components": {"flat_rate": "1"}}"#,
        )
        .unwrap();
        assert!(check_same_tariff(&file, &info).is_ok());
        file.utc_offset_minutes = Some(0);
        assert!(check_same_tariff(&file, &info).is_err());
        file.utc_offset_minutes = Some(60);
        file.name = Some("Work".into());
        assert!(check_same_tariff(&file, &info).is_err());
    }
}
