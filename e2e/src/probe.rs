//! The IBC probe (`contracts/testing/ibc-probe`) on a regional sub-chain, as the regional chain
//! tests use it: stored and instantiated through the SDK, told to put packet bytes on its
//! channel to the router, and read back for the acknowledgement it recorded.

use std::time::{Duration, Instant};

use ledger_ibc_probe::msg::{Answer, AnswersResponse, ExecuteMsg, InstantiateMsg, QueryMsg};
use ledger_sdk::deploy::{port_of, store_artifact};
use ledger_sdk::{Ledger, Sender, paging};

use crate::{repo, unique};

/// The artifact `scripts/build-wasm.sh` builds from the probe's crate.
pub const ARTIFACT: &str = "ibc_probe.wasm";

/// Seconds a probe's packet waits for the relayer before it times out.
const PACKET_TIMEOUT_SECONDS: u64 = 120;

/// A probe instantiated on a chain.
pub struct Probe {
    /// The chain it lives on.
    pub chain: Ledger,
    /// Its address.
    pub contract: String,
}

impl Probe {
    /// Stores `artifacts/ibc_probe.wasm` on `chain` with `sender` and instantiates it.
    pub async fn deploy(chain: &Ledger, sender: &Sender) -> Probe {
        let code_id = store_artifact(sender, &repo().join("artifacts"), ARTIFACT)
            .await
            .unwrap_or_else(|e| panic!("the IBC probe is stored (make wasm builds it): {e}"));
        let (contract, _) = sender
            .instantiate(code_id, &InstantiateMsg {}, &unique("ibc-probe-"))
            .await
            .unwrap_or_else(|e| panic!("the IBC probe is instantiated: {e}"));
        Probe {
            chain: chain.clone(),
            contract,
        }
    }

    /// Its IBC port, `wasm.<address>`.
    pub fn port(&self) -> String {
        port_of(&self.contract)
    }

    /// Every answer it recorded, oldest first.
    pub async fn answers(&self) -> Vec<Answer> {
        self.chain
            .list(
                &self.contract,
                paging::ALL,
                |start_after, limit| QueryMsg::Answers { start_after, limit },
                |r: AnswersResponse| r.answers,
                |a: &Answer| a.id,
            )
            .await
            .unwrap_or_else(|e| panic!("the IBC probe answers: {e}"))
            .items
    }

    /// Sends `data` as one packet on the probe's `channel_id` and waits up to `limit` for the
    /// answer it records (an acknowledgement or the timeout). The data must differ from every
    /// packet sent before, since the answer is found by it.
    pub async fn exchange(
        &self,
        sender: &Sender,
        channel_id: &str,
        data: Vec<u8>,
        limit: Duration,
    ) -> Answer {
        let msg = ExecuteMsg::Send {
            channel_id: channel_id.to_string(),
            data: data.clone().into(),
            timeout_seconds: PACKET_TIMEOUT_SECONDS,
        };
        sender
            .execute(&self.contract, &msg)
            .await
            .unwrap_or_else(|e| panic!("the IBC probe sends on {channel_id}: {e}"));
        let started = Instant::now();
        loop {
            let answers = self.answers().await;
            if let Some(answer) = answers.into_iter().find(|a| a.data.as_slice() == data) {
                eprintln!(
                    "the probe's packet is answered: after {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                return answer;
            }
            assert!(
                started.elapsed() < limit,
                "no answer to the probe's packet {} within {} s",
                String::from_utf8_lossy(&data),
                limit.as_secs()
            );
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}
