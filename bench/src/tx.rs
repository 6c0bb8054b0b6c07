//! Transactions the benchmark sends outside the measured load: ordinary ones (through the
//! client library, gas simulated) and pipelines of pre-signed ones for bulk set-up.

use std::time::Duration;

use anyhow::{Context, bail};
use ledger_client::cosmrs::Any;
use ledger_client::{Client, ClientError, Signer, TxOutcome};

/// How long a set-up transaction may take to land.
pub const TX_TIMEOUT: Duration = Duration::from_secs(120);

/// Whether a broadcast failed only because the mempool is full (worth retrying).
pub fn mempool_full(error: &ClientError) -> bool {
    error.to_string().contains("mempool is full")
}

/// Hands signed bytes to the mempool, retrying while it is full; returns the hash.
pub async fn submit(client: &Client, tx: Vec<u8>) -> Result<String, ClientError> {
    loop {
        match client.broadcast_sync_raw(tx.clone()).await {
            Ok(hash) => return Ok(hash),
            Err(ClientError::AlreadyInMempool { hash }) => return Ok(hash),
            Err(e) if mempool_full(&e) => tokio::time::sleep(Duration::from_millis(200)).await,
            Err(e) => return Err(e),
        }
    }
}

/// Signs one transaction per entry of `batches` at consecutive sequences of `signer`, with a
/// fixed gas limit, hands them all to the mempool in order and waits for every one.
pub async fn pipeline(
    client: &Client,
    signer: &Signer,
    batches: Vec<Vec<Any>>,
    gas_limit: u64,
) -> anyhow::Result<Vec<TxOutcome>> {
    let account = client.require_account(signer.address().as_ref()).await?;
    let mut hashes = Vec::with_capacity(batches.len());
    for (i, msgs) in batches.iter().enumerate() {
        let tx = client.sign(
            signer,
            msgs,
            gas_limit,
            account.account_number,
            account.sequence + i as u64,
            "",
        )?;
        hashes.push(submit(client, tx).await?);
    }
    let mut outcomes = Vec::with_capacity(hashes.len());
    for hash in &hashes {
        let outcome = client
            .wait_for_tx(hash, TX_TIMEOUT)
            .await
            .with_context(|| format!("pipelined transaction {hash}"))?;
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// Gas limit for a pipeline: the simulated gas of its first transaction with a margin.
pub async fn simulated_limit(
    client: &Client,
    signer: &Signer,
    msgs: &[Any],
    margin: f64,
) -> anyhow::Result<u64> {
    let gas = client.simulate(signer, msgs, "").await?;
    if gas == 0 {
        bail!("the simulation reported no gas");
    }
    Ok((gas as f64 * margin).ceil() as u64)
}
