//! The loan-share flow's actions in the Suite, one method per message, with the sender
//! explicit; each is recorded in the transcript.

use cosmwasm_std::{Addr, HexBinary, Uint128};
use cw_multi_test::AppResponse;
use cw_multi_test::error::AnyResult;
use ledger_types::loan_share::{
    self, FieldCiphertext, LoanShareRole, PlanInput, ReceiveMsg, fee_for,
};

use crate::drafts::attribute;
use crate::suite::Suite;

impl Suite {
    // ---------------------------------------------------------------- actions

    pub fn set_loan_roles(
        &mut self,
        sender: &Addr,
        address: &Addr,
        roles: Vec<LoanShareRole>,
    ) -> AnyResult<AppResponse> {
        self.execute_loan(
            sender,
            &loan_share::ExecuteMsg::SetRoles {
                address: address.to_string(),
                roles,
            },
        )
    }

    pub fn register_key(&mut self, sender: &Addr, public_key: HexBinary) -> AnyResult<AppResponse> {
        self.execute_loan(sender, &loan_share::ExecuteMsg::RegisterKey { public_key })
    }

    /// The token issuer mints `amount` to `recipient` against payment `reference`.
    pub fn recharge(
        &mut self,
        sender: &Addr,
        reference: &str,
        recipient: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.execute_loan(
            sender,
            &loan_share::ExecuteMsg::Recharge {
                reference: reference.to_string(),
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    /// A holder sends tokens for redemption; returns the response.
    /// The issuer recharges lenders A, B and C and the data provider with `amount` each
    /// (references FUND-0 to FUND-3).
    pub fn fund_lenders(&mut self, amount: u128) {
        let l = self.lenders();
        for (i, who) in [&l.lender_a, &l.lender_b, &l.lender_c, &l.data_provider]
            .into_iter()
            .enumerate()
        {
            self.recharge(&l.issuer, &format!("FUND-{i}"), who, amount)
                .expect("recharge a lender");
        }
    }

    pub fn request_loan_redemption(
        &mut self,
        sender: &Addr,
        amount: u128,
        payout_account: &str,
    ) -> AnyResult<AppResponse> {
        self.send_to_loan(
            sender,
            amount,
            &ReceiveMsg::RequestRedemption {
                payout_account: payout_account.to_string(),
            },
        )
    }

    pub fn redeem_loan_tokens(
        &mut self,
        sender: &Addr,
        request_id: u64,
        payout_reference: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_loan(
            sender,
            &loan_share::ExecuteMsg::Redeem {
                request_id,
                payout_reference: payout_reference.to_string(),
            },
        )
    }

    pub fn pay_data_service(
        &mut self,
        sender: &Addr,
        amount: u128,
        provider: &Addr,
        reference: &str,
    ) -> AnyResult<AppResponse> {
        self.send_to_loan(
            sender,
            amount,
            &ReceiveMsg::PayDataService {
                provider: provider.to_string(),
                reference: reference.to_string(),
            },
        )
    }

    pub fn post_plan(&mut self, sender: &Addr, input: PlanInput) -> AnyResult<AppResponse> {
        self.execute_loan(sender, &loan_share::ExecuteMsg::PostPlan(input))
    }

    /// Posts and returns the new plan's id.
    pub fn posted_plan(&mut self, sender: &Addr, input: PlanInput) -> AnyResult<u64> {
        let res = self.post_plan(sender, input)?;
        Ok(attribute(&res, "plan_id")
            .parse()
            .expect("plan id attribute"))
    }

    pub fn withdraw_plan(&mut self, sender: &Addr, plan_id: u64) -> AnyResult<AppResponse> {
        self.execute_loan(sender, &loan_share::ExecuteMsg::WithdrawPlan { plan_id })
    }

    /// A participant confirms a share, sending exactly the fee the plan asks.
    pub fn confirm_share(
        &mut self,
        sender: &Addr,
        plan_id: u64,
        amount: u128,
        rate_bps: u32,
    ) -> AnyResult<AppResponse> {
        let plan = self.plan(plan_id).expect("plan").plan;
        let fee = fee_for(Uint128::new(amount), plan.terms.fee_per_10k)
            .expect("fee")
            .u128();
        self.confirm_share_paying(sender, plan_id, amount, rate_bps, fee)
    }

    /// A participant confirms a share sending `sent` tokens, whatever the fee.
    pub fn confirm_share_paying(
        &mut self,
        sender: &Addr,
        plan_id: u64,
        amount: u128,
        rate_bps: u32,
        sent: u128,
    ) -> AnyResult<AppResponse> {
        self.send_to_loan(
            sender,
            sent,
            &ReceiveMsg::Confirm {
                plan_id,
                amount: Uint128::new(amount),
                rate_bps,
            },
        )
    }

    /// Confirms and returns the new confirmation's id.
    pub fn confirmed_share(
        &mut self,
        sender: &Addr,
        plan_id: u64,
        amount: u128,
        rate_bps: u32,
    ) -> AnyResult<u64> {
        let res = self.confirm_share(sender, plan_id, amount, rate_bps)?;
        Ok(attribute(&res, "confirmation_id")
            .parse()
            .expect("confirmation id attribute"))
    }

    pub fn disclose(
        &mut self,
        sender: &Addr,
        confirmation_id: u64,
        fields: Vec<FieldCiphertext>,
    ) -> AnyResult<AppResponse> {
        self.execute_loan(
            sender,
            &loan_share::ExecuteMsg::Disclose {
                confirmation_id,
                fields,
            },
        )
    }
}
