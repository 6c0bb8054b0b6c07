//! The multisig: cw-plus's cw3 fixed multisig (`artifacts/multisig.wasm`), which can hold the
//! registry's administrator role. Its address is not in the deployment file: each call names
//! it.

use cosmwasm_std::{CosmosMsg, WasmMsg, to_json_binary};
pub use cw_utils::{Duration, Threshold};
pub use cw3::{ProposalListResponse, ProposalResponse, Status, Vote};
pub use cw3_fixed_multisig::msg::{ExecuteMsg, InstantiateMsg, QueryMsg, Voter};
use ledger_client::{ClientError, TxOutcome};
use serde::Serialize;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

/// The largest page cw3-fixed-multisig returns.
const PAGE: u32 = 30;

/// A message for the multisig to send once a proposal passes: `msg` executed on `contract`.
pub fn wasm_execute(contract: &str, msg: &(impl Serialize + ?Sized)) -> Result<CosmosMsg> {
    Ok(CosmosMsg::Wasm(WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg).map_err(|e| ClientError::InvalidInput {
            what: "proposed message".to_string(),
            reason: e.to_string(),
        })?,
        funds: Vec::new(),
    }))
}

impl Ledger {
    /// Instantiates a multisig of `voters` from stored `code_id` and returns its address.
    ///
    /// ```no_run
    /// use ledger_sdk::contracts::multisig::{Duration, Threshold, Voter};
    /// # async fn run(ledger: ledger_sdk::Ledger, sender: ledger_sdk::Sender, code_id: u64,
    /// #              members: Vec<String>) -> ledger_sdk::Result<()> {
    /// let voters = members
    ///     .into_iter()
    ///     .map(|addr| Voter { addr, weight: 1 })
    ///     .collect();
    /// let multisig = ledger
    ///     .instantiate_multisig(
    ///         &sender,
    ///         code_id,
    ///         voters,
    ///         Threshold::AbsoluteCount { weight: 2 },
    ///         Duration::Time(3_600),
    ///         "consortium",
    ///     )
    ///     .await?;
    /// println!("multisig at {multisig}");
    /// # Ok(()) }
    /// ```
    pub async fn instantiate_multisig(
        &self,
        sender: &Sender,
        code_id: u64,
        voters: Vec<Voter>,
        threshold: Threshold,
        max_voting_period: Duration,
        label: &str,
    ) -> Result<String> {
        let msg = InstantiateMsg {
            voters,
            threshold,
            max_voting_period,
        };
        Ok(sender.instantiate(code_id, &msg, label).await?.0)
    }

    /// One proposal with its status.
    pub async fn multisig_proposal(
        &self,
        multisig: &str,
        proposal_id: u64,
    ) -> Result<ProposalResponse> {
        self.query(multisig, &QueryMsg::Proposal { proposal_id })
            .await
    }

    /// Proposals in id order.
    pub async fn multisig_proposals(
        &self,
        multisig: &str,
        cap: usize,
    ) -> Result<Paged<ProposalResponse>> {
        self.list_pages(
            PAGE,
            multisig,
            cap,
            |start_after, limit| QueryMsg::ListProposals { start_after, limit },
            |r: ProposalListResponse| r.proposals,
            |p| p.id,
        )
        .await
    }

    /// A member proposes `msgs` (its own vote counts as yes); returns the outcome, whose
    /// `wasm.proposal_id` attribute names the proposal.
    pub async fn multisig_propose(
        &self,
        sender: &Sender,
        multisig: &str,
        title: &str,
        msgs: Vec<CosmosMsg>,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::Propose {
            title: title.to_string(),
            description: title.to_string(),
            msgs,
            latest: None,
        };
        sender.execute(multisig, &msg).await
    }

    /// A member votes on a proposal.
    pub async fn multisig_vote(
        &self,
        sender: &Sender,
        multisig: &str,
        proposal_id: u64,
        vote: Vote,
    ) -> Result<TxOutcome> {
        sender
            .execute(multisig, &ExecuteMsg::Vote { proposal_id, vote })
            .await
    }

    /// Anyone: carries out a passed proposal.
    pub async fn multisig_execute(
        &self,
        sender: &Sender,
        multisig: &str,
        proposal_id: u64,
    ) -> Result<TxOutcome> {
        sender
            .execute(multisig, &ExecuteMsg::Execute { proposal_id })
            .await
    }
}
