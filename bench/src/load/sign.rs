//! Signing a phase in advance: its messages per loader (readings signed here, spread over the
//! cores), then every transaction signed with explicit sequence numbers.

use anyhow::{Context, bail};
use ledger_client::cosmrs::Any;
use ledger_client::{AccountInfo, Client, msgs};
use ledger_reading::{Reading, SignedReading};
use ledger_sdk::contracts::meter::submit_readings_call;

use super::{Kind, PreTx, Target};

/// A transaction's messages and its units (sends or readings).
type Planned = (Vec<Any>, u32);
/// The messages of every transaction of the phase, per loader.
type Plan = Vec<Vec<Planned>>;

/// Builds the phase's messages; readings are signed here (spread over the cores).
pub(super) fn plan(
    target: &mut Target<'_>,
    kind: Kind,
    loaders: usize,
    txs_per_loader: usize,
) -> anyhow::Result<Plan> {
    let mut out: Plan = Vec::with_capacity(loaders);
    match kind {
        Kind::BankSend => {
            let denom = "stake";
            for j in 0..loaders {
                let from = target.loaders[j].address();
                let to = target.loaders[(j + 1) % loaders].address().to_string();
                let msg = msgs::bank_send(from, &to, 1, denom)?;
                out.push(
                    (0..txs_per_loader)
                        .map(|_| (vec![msg.clone()], 1))
                        .collect(),
                );
            }
        }
        Kind::SingleReading | Kind::Batch => {
            let per_tx = kind.units_per_tx();
            let fleet = &mut *target.fleet;
            let owned: Vec<Vec<usize>> = (0..loaders)
                .map(|j| (j..fleet.len()).step_by(loaders).collect())
                .collect();
            if owned.iter().any(|m| m.len() < per_tx) {
                bail!(
                    "{} meters are too few for {loaders} loaders sending {per_tx} readings of \
                     distinct meters per transaction",
                    fleet.len()
                );
            }
            // Unsigned readings first (each meter's in order), then the signatures in parallel.
            let mut unsigned: Vec<Vec<Vec<(usize, Reading)>>> = Vec::with_capacity(loaders);
            for meters in &owned {
                let mut turn = 0usize;
                let mut txs = Vec::with_capacity(txs_per_loader);
                for _ in 0..txs_per_loader {
                    let batch: Vec<(usize, Reading)> = (0..per_tx)
                        .map(|_| {
                            let i = meters[turn % meters.len()];
                            turn += 1;
                            (i, fleet.next_unsigned(i))
                        })
                        .collect();
                    txs.push(batch);
                }
                unsigned.push(txs);
            }
            let contract = fleet.contract.clone();
            let chain_id = fleet.chain_id.clone();
            let keys = &fleet.keys;
            let senders: Vec<_> = target.loaders.iter().map(|l| l.address().clone()).collect();
            let signed: Vec<anyhow::Result<Vec<Planned>>> = parallel_map(unsigned, |j, txs| {
                txs.into_iter()
                    .map(|batch| {
                        let readings: Vec<SignedReading> = batch
                            .into_iter()
                            .map(|(i, r)| keys[i].sign(&chain_id, &contract, r))
                            .collect();
                        let n = readings.len() as u32;
                        let call = submit_readings_call(&contract, readings)?;
                        let msg =
                            msgs::execute_raw(&senders[j], &call.contract, call.msg, call.funds)?;
                        Ok((vec![msg], n))
                    })
                    .collect()
            });
            for s in signed {
                out.push(s?);
            }
        }
    }
    Ok(out)
}

/// Signs every loader's transactions at its consecutive sequences (spread over the cores).
pub(super) fn sign_all(
    client: &Client,
    loaders: &[ledger_client::Signer],
    accounts: &[AccountInfo],
    plan: Plan,
    gas_limit: impl Fn(usize) -> u64 + Sync,
) -> anyhow::Result<Vec<Vec<PreTx>>> {
    let signed: Vec<anyhow::Result<Vec<PreTx>>> = parallel_map(plan, |j, txs| {
        let signer = &loaders[j];
        let account = accounts[j];
        txs.into_iter()
            .enumerate()
            .map(|(t, (msgs, units))| {
                let bytes = client.sign(
                    signer,
                    &msgs,
                    gas_limit(t),
                    account.account_number,
                    account.sequence + t as u64,
                    "",
                )?;
                Ok(PreTx { bytes, units })
            })
            .collect()
    });
    signed.into_iter().collect()
}

/// Maps `f(index, item)` over `items` on all cores, keeping the order.
pub(super) fn parallel_map<T: Send, R: Send>(
    items: Vec<T>,
    f: impl Fn(usize, T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .max(1);
    let n = items.len();
    let mut slots: Vec<Option<R>> = (0..n).map(|_| None).collect();
    let mut work: Vec<Vec<(usize, T)>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, item) in items.into_iter().enumerate() {
        work[i % threads].push((i, item));
    }
    let f = &f;
    let results: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = work
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(i, t)| (i, f(i, t)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for chunk in results {
        for (i, r) in chunk {
            slots[i] = Some(r);
        }
    }
    slots.into_iter().flatten().collect()
}

/// Account numbers and sequences of `signers`, asked a few at a time.
pub(super) async fn account_infos(
    client: &Client,
    signers: &[ledger_client::Signer],
) -> anyhow::Result<Vec<AccountInfo>> {
    let mut infos = Vec::with_capacity(signers.len());
    for chunk in signers.chunks(32) {
        let mut set = tokio::task::JoinSet::new();
        for (k, signer) in chunk.iter().enumerate() {
            let client = client.clone();
            let address = signer.address().to_string();
            set.spawn(async move { (k, client.require_account(&address).await) });
        }
        let mut got: Vec<Option<AccountInfo>> = vec![None; chunk.len()];
        while let Some(joined) = set.join_next().await {
            let (k, info) = joined.context("an account query failed")?;
            got[k] = Some(info?);
        }
        infos.extend(got.into_iter().flatten());
    }
    Ok(infos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_the_order() {
        let out = parallel_map((0..101).collect(), |i, x: i32| (i, x * 2));
        assert_eq!(out.len(), 101);
        assert!(
            out.iter()
                .enumerate()
                .all(|(k, &(i, x))| k == i && x == 2 * k as i32)
        );
    }
}
