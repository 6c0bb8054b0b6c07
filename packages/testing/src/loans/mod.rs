//! The loan-share flow in the Suite: the lenders with their encryption keys, borrowers'
//! applications as a contributor's system holds them, installing the loan-share contract (with
//! its consortium token), one method per action, the client side of sealing and disclosing
//! with `ledger-crypto`, queries that read every page, and the books' invariants.
//!
//! Every message a loan-share helper sends and every response it gets is appended to
//! [`LoanWorld::transcript`], so that a test can show no borrower's data ever reached the
//! chain in clear.

mod actions;
mod client;
mod queries;

use cosmwasm_std::{Addr, StdResult, Uint128, to_json_binary, to_json_string};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, Executor};
use cw20::Cw20ExecuteMsg;
use ledger_types::loan_share::{self, LoanType, SensitiveField, VehicleInfo};
use serde::Serialize;

use crate::suite::Suite;

pub use crate::parties::{LoanParties, LoanWorld};

/// How long the standard plans stay open: 30 days.
pub const PLAN_DAYS: u64 = 30;

/// A borrower's loan application as the contributor's own system holds it, in clear; only the
/// client ever sees these values.
#[derive(Clone, Debug)]
pub struct LoanApplication {
    pub asset_id: String,
    pub loan_type: LoanType,
    /// Minor units.
    pub amount: u128,
    pub borrower_name: String,
    pub id_number: String,
    pub phone: String,
    /// Car loans only.
    pub plate_number: Option<String>,
    pub engine_number: Option<String>,
    pub vehicle: Option<VehicleInfo>,
    pub risk_score: String,
    pub loan_limit: u128,
    pub suggested_share_limit: u128,
    pub data_links: Vec<String>,
}

impl LoanApplication {
    /// The sensitive fields in clear, in the loan type's order.
    pub fn sensitive(&self) -> Vec<(SensitiveField, String)> {
        let mut out = vec![
            (SensitiveField::BorrowerName, self.borrower_name.clone()),
            (SensitiveField::IdNumber, self.id_number.clone()),
            (SensitiveField::Phone, self.phone.clone()),
        ];
        if let Some(plate) = &self.plate_number {
            out.push((SensitiveField::PlateNumber, plate.clone()));
        }
        if let Some(engine) = &self.engine_number {
            out.push((SensitiveField::EngineNumber, engine.clone()));
        }
        out
    }
}

/// Three applications of the story: a cash loan, a car mortgage and an enterprise loan.
// Money is written as units_cents (200_000_00 is 200,000.00).
#[allow(clippy::inconsistent_digit_grouping)]
pub fn sample_applications() -> Vec<LoanApplication> {
    vec![
        LoanApplication {
            asset_id: "LA-2026-0001".into(),
            loan_type: LoanType::Cash,
            amount: 200_000_00,
            borrower_name: "张伟".into(),
            id_number: "110101199003071234".into(),
            phone: "13800138000".into(),
            plate_number: None,
            engine_number: None,
            vehicle: None,
            risk_score: "A2".into(),
            loan_limit: 200_000_00,
            suggested_share_limit: 100_000_00,
            data_links: vec!["https://data-provider.example/reports/LA-2026-0001".into()],
        },
        LoanApplication {
            asset_id: "LA-2026-0002".into(),
            loan_type: LoanType::CarMortgage,
            amount: 150_000_00,
            borrower_name: "李娜".into(),
            id_number: "310104198805126543".into(),
            phone: "13912345678".into(),
            plate_number: Some("粤B7Q2K9".into()),
            engine_number: Some("LJ465Q1A2345678".into()),
            vehicle: Some(VehicleInfo {
                mileage_km: 42_000,
                purchased_at: 1_640_995_200,
            }),
            risk_score: "B1".into(),
            loan_limit: 150_000_00,
            suggested_share_limit: 60_000_00,
            data_links: vec![],
        },
        LoanApplication {
            asset_id: "LA-2026-0003".into(),
            loan_type: LoanType::Enterprise,
            amount: 800_000_00,
            borrower_name: "深圳市青禾农业科技有限公司".into(),
            id_number: "91440300MA5G8XK21P".into(),
            phone: "075586001234".into(),
            plate_number: None,
            engine_number: None,
            vehicle: None,
            risk_score: "A1".into(),
            loan_limit: 1_000_000_00,
            suggested_share_limit: 400_000_00,
            data_links: vec![
                "https://data-provider.example/reports/LA-2026-0003".into(),
                "https://data-provider.example/tax/LA-2026-0003".into(),
            ],
        },
    ]
}

impl Suite {
    // ---------------------------------------------------------------- set-up

    /// Instantiates the loan-share contract (which instantiates the consortium token from the
    /// gated settlement-token code) and gives the [`LoanParties`] their roles; with `keys`, every lender also
    /// registers its encryption key.
    pub fn install_loan_share(&mut self, keys: bool) {
        let owner = self.addrs.administrator.clone();
        let token_code = self.codes.token;
        let contract = self
            .app
            .instantiate_contract(
                self.codes.loan_share,
                owner.clone(),
                &loan_share::InstantiateMsg {
                    admin_contract: self.admin.to_string(),
                    token_code_id: token_code,
                    token_name: "Consortium Yuan".to_string(),
                    token_symbol: "CSY".to_string(),
                    token_decimals: 2,
                },
                &[],
                "ledger-loan-share",
                Some(owner.to_string()),
            )
            .unwrap_or_else(|e| panic!("instantiate loan-share: {e:?}"));
        let config: loan_share::ConfigResponse = self
            .query(&contract, &loan_share::QueryMsg::Config {})
            .unwrap_or_else(|e| panic!("loan-share config: {e:?}"));
        self.loans.contract = Some(contract);
        self.loans.token = Some(config.token);
        for (address, roles) in self.loans.parties.roles() {
            self.set_loan_roles(&owner, &address, roles)
                .unwrap_or_else(|e| panic!("loan-share roles of {address}: {e:?}"));
        }
        if keys {
            for lender in self.loans.parties.lenders() {
                let key = self.loans.parties.public_key(&lender);
                self.register_key(&lender, key)
                    .unwrap_or_else(|e| panic!("key of {lender}: {e:?}"));
            }
        }
    }

    /// The loan-share contract (the world must be built with it).
    pub fn loan_contract(&self) -> Addr {
        self.loans.contract.clone().expect(
            "the suite was built without the loan-share contract (SuiteBuilder::with_loan_share)",
        )
    }

    /// The consortium token.
    pub fn loan_token(&self) -> Addr {
        self.loans
            .token
            .clone()
            .expect("the suite was built without the loan-share contract")
    }

    pub fn lenders(&self) -> LoanParties {
        self.loans.parties.clone()
    }

    // ---------------------------------------------------------------- raw execution

    fn record<M: Serialize>(&mut self, msg: &M, res: &AnyResult<AppResponse>) {
        let json = to_json_string(msg).unwrap_or_else(|e| format!("<unserialisable: {e}>"));
        self.loans.transcript.push(json);
        self.loans.transcript.push(format!("{res:?}"));
    }

    /// Executes a loan-share message (recorded in the transcript).
    pub fn execute_loan(
        &mut self,
        sender: &Addr,
        msg: &loan_share::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let contract = self.loan_contract();
        let res = self
            .app
            .execute_contract(sender.clone(), contract, msg, &[]);
        self.record(msg, &res);
        res
    }

    /// Executes a consortium-token message (recorded in the transcript).
    pub fn execute_loan_token(
        &mut self,
        sender: &Addr,
        msg: &Cw20ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let token = self.loan_token();
        let res = self.app.execute_contract(sender.clone(), token, msg, &[]);
        self.record(msg, &res);
        res
    }

    /// Sends consortium tokens to the loan-share contract with any hook (the hook is recorded
    /// on its own as well).
    pub fn send_to_loan<T: Serialize>(
        &mut self,
        sender: &Addr,
        amount: u128,
        hook: &T,
    ) -> AnyResult<AppResponse> {
        let json = to_json_string(hook).unwrap_or_default();
        self.loans.transcript.push(json);
        let msg = Cw20ExecuteMsg::Send {
            contract: self.loan_contract().to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(hook)?,
        };
        self.execute_loan_token(sender, &msg)
    }

    fn query_loan<T: serde::de::DeserializeOwned>(
        &self,
        msg: &loan_share::QueryMsg,
    ) -> StdResult<T> {
        self.query(&self.loan_contract(), msg)
    }
}

#[cfg(test)]
mod tests {
    use ledger_types::loan_share;

    /// The contract's length checks and the client's formats agree.
    #[test]
    fn the_contract_and_the_client_agree_on_sizes() {
        assert_eq!(
            ledger_crypto::ENVELOPE_OVERHEAD,
            loan_share::MIN_CIPHERTEXT_LEN
        );
        assert_eq!(ledger_crypto::PUBLIC_KEY_LEN, loan_share::PUBLIC_KEY_LEN);
        assert_eq!(ledger_crypto::COMMITMENT_LEN, loan_share::COMMITMENT_LEN);
    }
}
