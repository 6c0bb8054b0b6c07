//! The loan-share contract: plans of contributors, lenders' confirmations paid in the
//! consortium token, disclosures of borrowers' fields encrypted to the lender's key.

use cosmwasm_std::{HexBinary, Uint128};
use ledger_client::TxOutcome;
pub use ledger_types::loan_share::*;

use crate::error::Result;
use crate::ledger::{Ledger, deployed};
use crate::paging::Paged;
use crate::sender::Sender;

/// Which plans [`Ledger::loan_plans`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanFilter {
    /// Every plan, whatever its state.
    All,
    /// Plans still taking confirmations (open or upcoming).
    Open,
    /// One contributor's plans.
    Contributor(String),
}

/// Which confirmations [`Ledger::loan_confirmations`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfirmationFilter {
    /// Every confirmation.
    All,
    /// One plan's.
    Plan(u64),
    /// One participant's.
    Participant(String),
    /// Confirmations of a contributor's plans with fields still to disclose.
    Pending(String),
}

impl Ledger {
    /// The loan-share contract's address, or [`crate::Error::NotDeployed`].
    pub fn loan_contract(&self) -> Result<&str> {
        deployed(&self.contracts()?.loan_share, "loan-share")
    }

    /// A query of the loan-share contract.
    pub async fn loan<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.loan_contract()?, msg).await
    }

    /// The consortium token: from the deployment file, else asked of the contract.
    pub async fn loan_token(&self) -> Result<String> {
        if let Some(token) = &self.contracts()?.loan_token {
            return Ok(token.clone());
        }
        let config: ConfigResponse = self.loan(&QueryMsg::Config {}).await?;
        Ok(config.token.into_string())
    }

    /// The contract's running totals.
    pub async fn loan_totals(&self) -> Result<TotalsResponse> {
        self.loan(&QueryMsg::Totals {}).await
    }

    /// One plan with its state now.
    pub async fn loan_plan(&self, plan_id: u64) -> Result<PlanInfo> {
        self.loan(&QueryMsg::Plan { plan_id }).await
    }

    /// A contributor's plan by asset id, or `None` when it has none.
    pub async fn loan_plan_by_asset(
        &self,
        contributor: &str,
        asset_id: &str,
    ) -> Result<Option<PlanInfo>> {
        let msg = QueryMsg::PlanByAsset {
            contributor: contributor.to_string(),
            asset_id: asset_id.to_string(),
        };
        match self.loan::<PlanInfo>(&msg).await {
            Ok(p) => Ok(Some(p)),
            Err(e) if e.contract_code() == Some(codes::ASSET_NOT_FOUND) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Plans in the contract's order for `filter`.
    pub async fn loan_plans(&self, filter: &PlanFilter, cap: usize) -> Result<Paged<PlanInfo>> {
        self.list(
            self.loan_contract()?,
            cap,
            |start_after, limit| match filter {
                PlanFilter::All => QueryMsg::Plans { start_after, limit },
                PlanFilter::Open => QueryMsg::OpenPlans { start_after, limit },
                PlanFilter::Contributor(c) => QueryMsg::PlansByContributor {
                    contributor: c.clone(),
                    start_after,
                    limit,
                },
            },
            |r: PlansResponse| r.plans,
            |p| p.plan.id,
        )
        .await
    }

    /// One confirmation.
    pub async fn loan_confirmation(&self, confirmation_id: u64) -> Result<Confirmation> {
        self.loan(&QueryMsg::Confirmation { confirmation_id }).await
    }

    /// Confirmations in id order for `filter`.
    pub async fn loan_confirmations(
        &self,
        filter: &ConfirmationFilter,
        cap: usize,
    ) -> Result<Paged<Confirmation>> {
        self.list(
            self.loan_contract()?,
            cap,
            |start_after, limit| match filter {
                ConfirmationFilter::All => QueryMsg::Confirmations { start_after, limit },
                ConfirmationFilter::Plan(plan_id) => QueryMsg::ConfirmationsByPlan {
                    plan_id: *plan_id,
                    start_after,
                    limit,
                },
                ConfirmationFilter::Participant(p) => QueryMsg::ConfirmationsByParticipant {
                    participant: p.clone(),
                    start_after,
                    limit,
                },
                ConfirmationFilter::Pending(c) => QueryMsg::PendingDisclosures {
                    contributor: c.clone(),
                    start_after,
                    limit,
                },
            },
            |r: ConfirmationsResponse| r.confirmations,
            |c| c.id,
        )
        .await
    }

    /// A confirmation's disclosures (at most one per field, so never more than a page).
    pub async fn confirmation_disclosures(&self, confirmation_id: u64) -> Result<Vec<Disclosure>> {
        let r: DisclosuresResponse = self
            .loan(&QueryMsg::ConfirmationDisclosures { confirmation_id })
            .await?;
        Ok(r.disclosures)
    }

    /// Every disclosure in id order.
    pub async fn loan_disclosures(&self, cap: usize) -> Result<Paged<Disclosure>> {
        self.list(
            self.loan_contract()?,
            cap,
            |start_after, limit| QueryMsg::Disclosures { start_after, limit },
            |r: DisclosuresResponse| r.disclosures,
            |d| d.id,
        )
        .await
    }

    /// A lender's registered encryption key.
    pub async fn loan_key(&self, address: &str) -> Result<Option<KeyInfo>> {
        self.loan(&QueryMsg::Key {
            address: address.to_string(),
        })
        .await
    }

    /// Consortium token balance of `address`.
    pub async fn loan_balance(&self, address: &str) -> Result<Uint128> {
        let token = self.loan_token().await?;
        self.cw20_balance(&token, address).await
    }

    /// Addresses with loan-share roles, in address order.
    pub async fn loan_members(&self, cap: usize) -> Result<Paged<RolesResponse>> {
        self.list(
            self.loan_contract()?,
            cap,
            |start_after, limit| QueryMsg::Members { start_after, limit },
            |r: MembersResponse| r.members,
            |m| m.address.to_string(),
        )
        .await
    }

    /// Redemption requests in id order.
    pub async fn loan_redemptions(&self, cap: usize) -> Result<Paged<Redemption>> {
        self.list(
            self.loan_contract()?,
            cap,
            |start_after, limit| QueryMsg::Redemptions { start_after, limit },
            |r: RedemptionsResponse| r.redemptions,
            |r| r.id,
        )
        .await
    }

    /// Executes `msg` on the loan-share contract.
    pub async fn loan_execute(&self, sender: &Sender, msg: &ExecuteMsg) -> Result<TxOutcome> {
        self.exec(sender, self.loan_contract()?, msg).await
    }

    /// Sends `amount` of the consortium token to the loan-share contract with `hook`
    /// (confirm a plan, pay a data service, request a redemption).
    pub async fn send_to_loan_share(
        &self,
        sender: &Sender,
        amount: Uint128,
        hook: &ReceiveMsg,
    ) -> Result<TxOutcome> {
        let token = self.loan_token().await?;
        self.cw20_send(sender, &token, self.loan_contract()?, amount, hook)
            .await
    }

    /// Registers the sender's public encryption key.
    pub async fn register_loan_key(
        &self,
        sender: &Sender,
        public_key: HexBinary,
    ) -> Result<TxOutcome> {
        self.loan_execute(sender, &ExecuteMsg::RegisterKey { public_key })
            .await
    }

    /// Administrator: replaces the loan-share roles of `address` (none: removes them).
    pub async fn set_loan_roles(
        &self,
        sender: &Sender,
        address: String,
        roles: Vec<LoanShareRole>,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::SetRoles { address, roles };
        self.loan_execute(sender, &msg).await
    }

    /// Issuer: mints `amount` of the consortium token to `recipient` against the payment
    /// `reference`.
    pub async fn recharge(
        &self,
        sender: &Sender,
        reference: String,
        recipient: String,
        amount: Uint128,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::Recharge {
            reference,
            recipient,
            amount,
        };
        self.loan_execute(sender, &msg).await
    }

    /// Issuer: burns the tokens of redemption `request_id`, paid out under
    /// `payout_reference`.
    pub async fn loan_redeem(
        &self,
        sender: &Sender,
        request_id: u64,
        payout_reference: String,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::Redeem {
            request_id,
            payout_reference,
        };
        self.loan_execute(sender, &msg).await
    }

    /// Contributor: withdraws a plan.
    pub async fn withdraw_plan(&self, sender: &Sender, plan_id: u64) -> Result<TxOutcome> {
        self.loan_execute(sender, &ExecuteMsg::WithdrawPlan { plan_id })
            .await
    }

    /// Contributor: discloses a confirmation's fields encrypted to the lender's key.
    pub async fn disclose(
        &self,
        sender: &Sender,
        confirmation_id: u64,
        fields: Vec<FieldCiphertext>,
    ) -> Result<TxOutcome> {
        self.loan_execute(
            sender,
            &ExecuteMsg::Disclose {
                confirmation_id,
                fields,
            },
        )
        .await
    }

    /// Contributor: posts a plan.
    pub async fn post_plan(&self, sender: &Sender, plan: PlanInput) -> Result<TxOutcome> {
        self.loan_execute(sender, &ExecuteMsg::PostPlan(plan)).await
    }
}
