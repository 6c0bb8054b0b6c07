//! The meter contract's record encoding, weighed: the same readings submitted to two meter
//! contracts that differ only in how they store their records, the hand-written varint codec
//! (`artifacts/meter.wasm`, the one deployed) and postcard with a version byte
//! (`artifacts/bench/meter-postcard.wasm`, built by `scripts/build-wasm.sh --bench` with the
//! meter crate's `postcard-records` feature), on the same chain in the same run.

use std::path::Path;

use anyhow::Context;
use cosmwasm_std::{Binary, Uint128};
use ledger_client::TxOutcome;
use ledger_sdk::Sender;
use ledger_sdk::contracts::meter::MeterKind;
use ledger_sdk::contracts::meter::{
    InstantiateMsg, NewMeter, add_meter_call, submit_readings_call,
};
use ledger_sdk::deploy::store_artifact;

use crate::deploy::{self, Ledger};
use crate::fleet::{self, Fleet};
use crate::report::Figures;

/// Where `scripts/build-wasm.sh --bench` writes the postcard build.
const POSTCARD_DIR: &str = "artifacts/bench";
const POSTCARD_FILE: &str = "meter-postcard.wasm";
/// Batch sizes whose gas per reading is compared.
const BATCHES: [usize; 3] = [1, 10, 100];
/// Meters of each comparison contract: one for every reading of the batches, so that each
/// measured reading is its meter's second (a meter's first reading only opens its day).
const METERS: usize = BATCHES[0] + BATCHES[1] + BATCHES[2];

/// One encoding's contract and its meters.
struct Contender {
    name: &'static str,
    fleet: Fleet,
}

/// Submits the same readings to a hand-written-codec and a postcard meter contract and records
/// each one's gas per reading and the ratio postcard / hand-written.
pub async fn compare(
    ledger: &Ledger,
    uploader: &Sender,
    repo: &Path,
    out: &mut Figures,
) -> anyhow::Result<()> {
    say(
        "record encodings: the same readings to a hand-written-codec and a postcard meter contract",
    );
    let postcard_code = store_artifact(uploader, &repo.join(POSTCARD_DIR), POSTCARD_FILE)
        .await
        .context("storing the postcard meter build (scripts/build-wasm.sh --bench makes it)")?;
    let handwritten_code = ledger.sdk.deployment()?.code_ids.meter;
    let origin = deploy::chain_now(&ledger.sdk.client).await?;
    let mut contenders = Vec::new();
    for (name, code_id) in [
        ("handwritten", handwritten_code),
        ("postcard", postcard_code),
    ] {
        contenders.push(Contender {
            name,
            fleet: contender(ledger, code_id, name, origin).await?,
        });
    }

    // Every meter's first reading, then each batch of meters' second; both contracts get the
    // same readings in the same order (only the signatures differ, by the contract they name).
    for c in &mut contenders {
        submit(ledger, &mut c.fleet, 0..METERS).await?;
    }
    let mut next = 0;
    for n in BATCHES {
        for c in &mut contenders {
            let outcome = submit(ledger, &mut c.fleet, next..next + n).await?;
            out.gas(
                &format!("gas_codec_{}_batch_{n}_per_reading", c.name),
                outcome.gas_used / n as u64,
            );
        }
        out.ratio(
            &format!("ratio_codec_postcard_to_handwritten_batch_{n}"),
            &format!("gas_codec_postcard_batch_{n}_per_reading"),
            &format!("gas_codec_handwritten_batch_{n}_per_reading"),
        );
        next += n;
    }
    Ok(())
}

/// A meter contract of `code_id` with [`METERS`] meters of the fleet's ids and keys, the
/// operator its owner and (as its instantiator) the one allowed to add meters.
async fn contender(
    ledger: &Ledger,
    code_id: u64,
    name: &str,
    origin: u64,
) -> anyhow::Result<Fleet> {
    let operator = &ledger.operator;
    let contracts = ledger.sdk.contracts()?;
    let instantiate = InstantiateMsg {
        owner: operator.address(),
        tariff_contract: contracts.tariff.clone(),
        bank_contract: contracts.bank.clone(),
        settings: deploy::settings(origin, 30, deploy::COMPRESSED_DAY),
    };
    let (address, _) = operator
        .instantiate(code_id, &instantiate, &format!("bench codec {name}"))
        .await
        .with_context(|| format!("instantiating the {name} meter contract"))?;
    let mut fleet = Fleet::new(
        METERS as u32,
        &ledger.fleet.chain_id,
        origin,
        deploy::COMPRESSED_DAY,
    );
    fleet.contract = address;
    let calls = fleet
        .ids
        .iter()
        .zip(&fleet.keys)
        .map(|(id, key)| {
            let meter = NewMeter {
                meter_id: id.clone(),
                retailer: operator.address(),
                pubkey: Binary::from(key.public_key().to_vec()),
                tariff_id: deploy::TARIFF.to_string(),
                initial_register_wh: fleet::INITIAL_REGISTER,
                contracted_monthly_amount: Uint128::zero(),
                kind: MeterKind::Consumption,
            };
            add_meter_call(&fleet.contract, meter)
        })
        .collect::<Result<Vec<_>, _>>()?;
    operator.execute_all(calls).await?;
    fleet.resync(&ledger.sdk).await?;
    Ok(fleet)
}

/// The next reading of each of `meters` in one `SubmitReadings`, paid by the gateway.
async fn submit(
    ledger: &Ledger,
    fleet: &mut Fleet,
    meters: std::ops::Range<usize>,
) -> anyhow::Result<TxOutcome> {
    let readings: Vec<_> = meters.map(|i| fleet.next(i)).collect();
    let call = submit_readings_call(&fleet.contract, readings)?;
    Ok(ledger.gateway.execute_all(vec![call]).await?)
}

fn say(message: &str) {
    eprintln!("bench: {message}");
}
