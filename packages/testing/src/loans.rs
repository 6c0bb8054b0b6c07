//! The loan-share flow in the Suite: the lenders with their encryption keys, borrowers'
//! applications as a contributor's system holds them, installing the loan-share contract (with
//! its consortium token), one method per action, the client side of sealing and disclosing
//! with `ledger-crypto`, queries that read every page, and the books' invariants.
//!
//! Every message a loan-share helper sends and every response it gets is appended to
//! [`LoanWorld::transcript`], so that a test can show no borrower's data ever reached the
//! chain in clear.

use std::collections::BTreeMap;

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Addr, Binary, HexBinary, StdResult, Uint128, to_json_binary, to_json_string};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, Executor};
use cw20::{AllAccountsResponse, BalanceResponse, Cw20ExecuteMsg, TokenInfoResponse};
use ledger_crypto::{
    Context, CryptoError, Opening, SecretKey, open_field_verified, public_key_bytes, reseal_field,
    seal_field, secret_key_from_bytes,
};
use ledger_types::loan_share::{
    self, Confirmation, DataServicePayment, Disclosure, FieldCiphertext, JoinTerms, KeyInfo,
    LoanShareRole, LoanType, PlanInfo, PlanInput, ReceiveMsg, Recharge, Redemption, RiskSummary,
    RolesResponse, SealedField, SensitiveField, TotalsResponse, VehicleInfo, fee_for,
};
use serde::Serialize;

use crate::drafts::attribute;
use crate::suite::Suite;

/// How long the standard plans stay open: 30 days.
pub const PLAN_DAYS: u64 = 30;

/// The people of the loan-share flow, and the lenders' encryption keys.
#[derive(Clone, Debug)]
pub struct LoanParties {
    /// Sells and redeems the consortium token.
    pub issuer: Addr,
    /// The lender with borrowers it cannot serve alone (also a participant elsewhere).
    pub contributor: Addr,
    /// Lenders that confirm shares.
    pub lender_a: Addr,
    pub lender_b: Addr,
    pub lender_c: Addr,
    /// Sells data services for tokens.
    pub data_provider: Addr,
    /// Encryption secret keys by lender, as 32 bytes (a lender's key store).
    secrets: BTreeMap<Addr, [u8; 32]>,
}

impl LoanParties {
    pub fn new(api: &MockApi) -> Self {
        let contributor = api.addr_make("contributor-lender");
        let lender_a = api.addr_make("lender-a");
        let lender_b = api.addr_make("lender-b");
        let lender_c = api.addr_make("lender-c");
        let secrets = [&contributor, &lender_a, &lender_b, &lender_c]
            .into_iter()
            .zip(0x31u8..)
            .map(|(address, byte)| (address.clone(), [byte; 32]))
            .collect();
        LoanParties {
            issuer: api.addr_make("token-issuer"),
            contributor,
            lender_a,
            lender_b,
            lender_c,
            data_provider: api.addr_make("data-provider"),
            secrets,
        }
    }

    /// Everyone with their loan-share roles.
    pub fn roles(&self) -> Vec<(Addr, Vec<LoanShareRole>)> {
        vec![
            (self.issuer.clone(), vec![LoanShareRole::TokenIssuer]),
            (
                self.contributor.clone(),
                vec![LoanShareRole::Contributor, LoanShareRole::Participant],
            ),
            (self.lender_a.clone(), vec![LoanShareRole::Participant]),
            (self.lender_b.clone(), vec![LoanShareRole::Participant]),
            (self.lender_c.clone(), vec![LoanShareRole::Participant]),
            (
                self.data_provider.clone(),
                vec![LoanShareRole::DataServiceProvider],
            ),
        ]
    }

    /// The lenders (contributor and participants), in address order.
    pub fn lenders(&self) -> Vec<Addr> {
        self.secrets.keys().cloned().collect()
    }

    /// A lender's encryption secret key.
    pub fn secret(&self, lender: &Addr) -> SecretKey {
        let bytes = self
            .secrets
            .get(lender)
            .unwrap_or_else(|| panic!("{lender} has no encryption key"));
        secret_key_from_bytes(bytes).expect("fixed secret key")
    }

    /// A lender's public encryption key, as registered.
    pub fn public_key(&self, lender: &Addr) -> HexBinary {
        HexBinary::from(public_key_bytes(&self.secret(lender)).to_vec())
    }
}

/// The loan-share part of the world.
#[derive(Clone, Debug)]
pub struct LoanWorld {
    /// The loan-share contract, once installed ([`crate::SuiteBuilder::with_loan_share`]).
    pub contract: Option<Addr>,
    /// The consortium token it instantiated.
    pub token: Option<Addr>,
    pub parties: LoanParties,
    /// Every message the loan-share helpers sent (JSON, hooks also on their own) and every
    /// response or error they got (debug form), in order.
    pub transcript: Vec<String>,
}

impl LoanWorld {
    pub fn new(api: &MockApi) -> Self {
        LoanWorld {
            contract: None,
            token: None,
            parties: LoanParties::new(api),
            transcript: vec![],
        }
    }
}

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

    // ---------------------------------------------------------------- the client side

    /// What a contributor's client does with an application: each sensitive field sealed to
    /// the contributor's own key under the plan-field context, with its commitment.
    pub fn seal_fields(&self, contributor: &Addr, app: &LoanApplication) -> Vec<SealedField> {
        let contract = self.loan_contract();
        let public = public_key_bytes(&self.loans.parties.secret(contributor));
        app.sensitive()
            .into_iter()
            .map(|(field, value)| {
                let context = Context::PlanField {
                    contract: contract.as_str(),
                    contributor: contributor.as_str(),
                    asset_id: &app.asset_id,
                    field: field.as_str(),
                };
                let (envelope, commitment) =
                    seal_field(&public, &context, &Opening::new(&value)).expect("seal a field");
                SealedField {
                    field,
                    ciphertext: Binary::from(envelope),
                    commitment: HexBinary::from(commitment.to_vec()),
                }
            })
            .collect()
    }

    /// The standard plan of an application: `offered` of it at 18.00%-20.00%, one token unit
    /// per 10,000 confirmed, at most `max_participants`, open from now for [`PLAN_DAYS`].
    pub fn plan_of(
        &self,
        contributor: &Addr,
        app: &LoanApplication,
        offered: u128,
        max_participants: u32,
    ) -> PlanInput {
        let now = self.now();
        PlanInput {
            asset_id: app.asset_id.clone(),
            loan_type: app.loan_type,
            loan_amount: Uint128::new(app.amount),
            sealed_fields: self.seal_fields(contributor, app),
            risk: RiskSummary {
                score: app.risk_score.clone(),
                loan_limit: Uint128::new(app.loan_limit),
                suggested_share_limit: Uint128::new(app.suggested_share_limit),
            },
            vehicle: app.vehicle.clone(),
            data_links: app.data_links.clone(),
            terms: JoinTerms {
                offered: Uint128::new(offered),
                min_rate_bps: 1_800,
                max_rate_bps: 2_000,
                fee_per_10k: 1,
                max_participants,
                start: now,
                end: now + PLAN_DAYS * 86_400,
            },
        }
    }

    /// What a contributor's watcher does: for every confirmation of its plans with fields
    /// still to disclose, open its own copy of each such field and seal it again to the key the
    /// confirmation records, under the disclosure context; one `Disclose` per confirmation.
    /// Returns the confirmations served.
    pub fn disclose_pending(&mut self, contributor: &Addr) -> AnyResult<Vec<u64>> {
        let secret = self.loans.parties.secret(contributor);
        let contract = self.loan_contract();
        let mut served = vec![];
        for confirmation in self.pending_disclosures(contributor) {
            let plan = self.plan(confirmation.plan_id)?.plan;
            let fields = plan
                .sealed_fields
                .iter()
                .filter(|sealed| !confirmation.disclosed.contains(&sealed.field))
                .map(|sealed| {
                    let from = Context::PlanField {
                        contract: contract.as_str(),
                        contributor: contributor.as_str(),
                        asset_id: &plan.asset_id,
                        field: sealed.field.as_str(),
                    };
                    let to = Context::Disclosure {
                        contract: contract.as_str(),
                        plan_id: plan.id,
                        confirmation_id: confirmation.id,
                        participant: confirmation.participant.as_str(),
                        field: sealed.field.as_str(),
                    };
                    let envelope = reseal_field(
                        &secret,
                        sealed.ciphertext.as_slice(),
                        &from,
                        confirmation.participant_key.as_slice(),
                        &to,
                    )
                    .expect("re-seal a field");
                    FieldCiphertext {
                        field: sealed.field,
                        ciphertext: Binary::from(envelope),
                    }
                })
                .collect();
            self.disclose(contributor, confirmation.id, fields)?;
            served.push(confirmation.id);
        }
        Ok(served)
    }

    /// What a participant's client does: decrypts every field disclosed for a confirmation and
    /// checks it against the plan's commitment (a mismatch is an error, never a value).
    pub fn read_disclosures(
        &self,
        participant: &Addr,
        confirmation_id: u64,
    ) -> Vec<(SensitiveField, Result<String, CryptoError>)> {
        let secret = self.loans.parties.secret(participant);
        let contract = self.loan_contract();
        let confirmation = self.confirmation(confirmation_id).expect("confirmation");
        let plan = self.plan(confirmation.plan_id).expect("plan").plan;
        self.confirmation_disclosures(confirmation_id)
            .into_iter()
            .map(|disclosure| {
                let commitment = plan
                    .sealed_fields
                    .iter()
                    .find(|sealed| sealed.field == disclosure.field)
                    .map(|sealed| sealed.commitment.to_vec())
                    .unwrap_or_default();
                let context = Context::Disclosure {
                    contract: contract.as_str(),
                    plan_id: plan.id,
                    confirmation_id,
                    participant: participant.as_str(),
                    field: disclosure.field.as_str(),
                };
                let value = open_field_verified(
                    &secret,
                    disclosure.ciphertext.as_slice(),
                    &context,
                    &commitment,
                )
                .map(|opening| opening.value.clone());
                (disclosure.field, value)
            })
            .collect()
    }

    // ---------------------------------------------------------------- queries

    fn query_loan<T: serde::de::DeserializeOwned>(
        &self,
        msg: &loan_share::QueryMsg,
    ) -> StdResult<T> {
        self.query(&self.loan_contract(), msg)
    }

    pub fn loan_config(&self) -> loan_share::ConfigResponse {
        self.query_loan(&loan_share::QueryMsg::Config {})
            .expect("loan-share config")
    }

    pub fn loan_totals(&self) -> TotalsResponse {
        self.query_loan(&loan_share::QueryMsg::Totals {})
            .expect("loan-share totals")
    }

    pub fn loan_roles(&self, address: &Addr) -> Vec<LoanShareRole> {
        let res: RolesResponse = self
            .query_loan(&loan_share::QueryMsg::Roles {
                address: address.to_string(),
            })
            .expect("loan-share roles");
        res.roles
    }

    /// Everyone holding loan-share roles, every page.
    pub fn loan_members(&self) -> Vec<RolesResponse> {
        let mut out: Vec<RolesResponse> = vec![];
        loop {
            let page: loan_share::MembersResponse = self
                .query_loan(&loan_share::QueryMsg::Members {
                    start_after: out.last().map(|m| m.address.to_string()),
                    limit: Some(3),
                })
                .expect("loan-share members");
            if page.members.is_empty() {
                return out;
            }
            out.extend(page.members);
        }
    }

    pub fn key_of(&self, address: &Addr) -> Option<KeyInfo> {
        self.query_loan(&loan_share::QueryMsg::Key {
            address: address.to_string(),
        })
        .expect("key")
    }

    /// Every lender's key, in lender order.
    pub fn keys(&self) -> Vec<Option<KeyInfo>> {
        self.loans
            .parties
            .lenders()
            .iter()
            .map(|lender| self.key_of(lender))
            .collect()
    }

    pub fn recharge_record(&self, reference: &str) -> StdResult<Recharge> {
        self.query_loan(&loan_share::QueryMsg::Recharge {
            reference: reference.to_string(),
        })
    }

    /// Every recharge, every page.
    pub fn recharges(&self) -> Vec<Recharge> {
        let mut out: Vec<Recharge> = vec![];
        loop {
            let page: loan_share::RechargesResponse = self
                .query_loan(&loan_share::QueryMsg::Recharges {
                    start_after: out.last().map(|r| r.reference.clone()),
                    limit: Some(3),
                })
                .expect("recharges");
            if page.recharges.is_empty() {
                return out;
            }
            out.extend(page.recharges);
        }
    }

    pub fn loan_redemption(&self, request_id: u64) -> StdResult<Redemption> {
        self.query_loan(&loan_share::QueryMsg::Redemption { request_id })
    }

    /// Every redemption request, every page.
    pub fn loan_redemptions(&self) -> Vec<Redemption> {
        let mut out: Vec<Redemption> = vec![];
        loop {
            let page: loan_share::RedemptionsResponse = self
                .query_loan(&loan_share::QueryMsg::Redemptions {
                    start_after: out.last().map(|r| r.id),
                    limit: Some(3),
                })
                .expect("redemptions");
            if page.redemptions.is_empty() {
                return out;
            }
            out.extend(page.redemptions);
        }
    }

    pub fn plan(&self, plan_id: u64) -> StdResult<PlanInfo> {
        self.query_loan(&loan_share::QueryMsg::Plan { plan_id })
    }

    fn plan_pages(&self, page: impl Fn(Option<u64>) -> loan_share::QueryMsg) -> Vec<PlanInfo> {
        let mut out: Vec<PlanInfo> = vec![];
        loop {
            let res: loan_share::PlansResponse = self
                .query_loan(&page(out.last().map(|p| p.plan.id)))
                .expect("plans");
            if res.plans.is_empty() {
                return out;
            }
            out.extend(res.plans);
        }
    }

    /// Every plan, every page.
    pub fn plans(&self) -> Vec<PlanInfo> {
        self.plan_pages(|start_after| loan_share::QueryMsg::Plans {
            start_after,
            limit: Some(2),
        })
    }

    /// Plans still taking confirmations, every page.
    pub fn open_plans(&self) -> Vec<PlanInfo> {
        self.plan_pages(|start_after| loan_share::QueryMsg::OpenPlans {
            start_after,
            limit: Some(2),
        })
    }

    /// A contributor's plans, every page.
    pub fn plans_by(&self, contributor: &Addr) -> Vec<PlanInfo> {
        self.plan_pages(|start_after| loan_share::QueryMsg::PlansByContributor {
            contributor: contributor.to_string(),
            start_after,
            limit: Some(2),
        })
    }

    pub fn confirmation(&self, confirmation_id: u64) -> StdResult<Confirmation> {
        self.query_loan(&loan_share::QueryMsg::Confirmation { confirmation_id })
    }

    fn confirmation_pages(
        &self,
        page: impl Fn(Option<u64>) -> loan_share::QueryMsg,
    ) -> Vec<Confirmation> {
        let mut out: Vec<Confirmation> = vec![];
        loop {
            let res: loan_share::ConfirmationsResponse = self
                .query_loan(&page(out.last().map(|c| c.id)))
                .expect("confirmations");
            if res.confirmations.is_empty() {
                return out;
            }
            out.extend(res.confirmations);
        }
    }

    /// Every confirmation, every page.
    pub fn confirmations(&self) -> Vec<Confirmation> {
        self.confirmation_pages(|start_after| loan_share::QueryMsg::Confirmations {
            start_after,
            limit: Some(2),
        })
    }

    /// A plan's confirmations, every page.
    pub fn plan_confirmations(&self, plan_id: u64) -> Vec<Confirmation> {
        self.confirmation_pages(|start_after| loan_share::QueryMsg::ConfirmationsByPlan {
            plan_id,
            start_after,
            limit: Some(2),
        })
    }

    /// A participant's confirmations, every page.
    pub fn confirmations_of(&self, participant: &Addr) -> Vec<Confirmation> {
        self.confirmation_pages(
            |start_after| loan_share::QueryMsg::ConfirmationsByParticipant {
                participant: participant.to_string(),
                start_after,
                limit: Some(2),
            },
        )
    }

    /// Confirmations of a contributor's plans with fields still to disclose, every page.
    pub fn pending_disclosures(&self, contributor: &Addr) -> Vec<Confirmation> {
        self.confirmation_pages(|start_after| loan_share::QueryMsg::PendingDisclosures {
            contributor: contributor.to_string(),
            start_after,
            limit: Some(2),
        })
    }

    pub fn confirmation_disclosures(&self, confirmation_id: u64) -> Vec<Disclosure> {
        let res: loan_share::DisclosuresResponse = self
            .query_loan(&loan_share::QueryMsg::ConfirmationDisclosures { confirmation_id })
            .expect("confirmation disclosures");
        res.disclosures
    }

    /// Every disclosure, every page.
    pub fn disclosures(&self) -> Vec<Disclosure> {
        let mut out: Vec<Disclosure> = vec![];
        loop {
            let page: loan_share::DisclosuresResponse = self
                .query_loan(&loan_share::QueryMsg::Disclosures {
                    start_after: out.last().map(|d| d.id),
                    limit: Some(2),
                })
                .expect("disclosures");
            if page.disclosures.is_empty() {
                return out;
            }
            out.extend(page.disclosures);
        }
    }

    /// Data service payments (optionally to one provider), every page.
    pub fn data_payments(&self, provider: Option<&Addr>) -> Vec<DataServicePayment> {
        let mut out: Vec<DataServicePayment> = vec![];
        loop {
            let page: loan_share::DataServicePaymentsResponse = self
                .query_loan(&loan_share::QueryMsg::DataServicePayments {
                    provider: provider.map(Addr::to_string),
                    start_after: out.last().map(|p| p.id),
                    limit: Some(2),
                })
                .expect("data service payments");
            if page.payments.is_empty() {
                return out;
            }
            out.extend(page.payments);
        }
    }

    // token

    /// A wallet's consortium-token balance.
    pub fn loan_balance(&self, address: &Addr) -> u128 {
        let res: BalanceResponse = self
            .query(
                &self.loan_token(),
                &cw20::Cw20QueryMsg::Balance {
                    address: address.to_string(),
                },
            )
            .expect("consortium token balance");
        res.balance.u128()
    }

    pub fn loan_token_supply(&self) -> u128 {
        let res: TokenInfoResponse = self
            .query(&self.loan_token(), &cw20::Cw20QueryMsg::TokenInfo {})
            .expect("consortium token info");
        res.total_supply.u128()
    }

    /// Every consortium-token holder with their balance, every page.
    pub fn loan_token_holders(&self) -> Vec<(Addr, u128)> {
        let mut accounts: Vec<String> = vec![];
        loop {
            let page: AllAccountsResponse = self
                .query(
                    &self.loan_token(),
                    &cw20::Cw20QueryMsg::AllAccounts {
                        start_after: accounts.last().cloned(),
                        limit: Some(30),
                    },
                )
                .expect("consortium token accounts");
            if page.accounts.is_empty() {
                break;
            }
            accounts.extend(page.accounts);
        }
        accounts
            .into_iter()
            .map(|a| {
                let addr = Addr::unchecked(a);
                let balance = self.loan_balance(&addr);
                (addr, balance)
            })
            .collect()
    }

    // ---------------------------------------------------------------- assertions

    /// The loan-share books: the token's supply is the sum of all balances and minted minus
    /// burned; the contract holds exactly the escrowed redemptions; every plan's confirmed
    /// amount, participant count and fees are the sums over its confirmations, its confirmed
    /// amount never exceeds its offer nor its participants its limit, each fee is the plan's
    /// fee of the amount; and the totals are the sums over plans, confirmations, recharges,
    /// redemptions and data service payments.
    pub fn assert_loan_books(&self) {
        let supply = self.loan_token_supply();
        let held: u128 = self.loan_token_holders().iter().map(|(_, b)| b).sum();
        assert_eq!(
            supply, held,
            "token supply differs from the sum of balances"
        );
        let totals = self.loan_totals();
        assert_eq!(
            totals.minted.u128() - totals.burned.u128(),
            supply,
            "minted - burned differs from supply ({totals:?})"
        );
        assert_eq!(
            self.loan_balance(&self.loan_contract()),
            totals.escrowed.u128(),
            "the contract holds other than the escrowed redemptions"
        );
        let minted: u128 = self.recharges().iter().map(|r| r.amount.u128()).sum();
        assert_eq!(minted, totals.minted.u128(), "recharges vs minted");
        let redemptions = self.loan_redemptions();
        let burned: u128 = redemptions
            .iter()
            .filter(|r| r.status == loan_share::RedemptionStatus::Redeemed)
            .map(|r| r.amount.u128())
            .sum();
        let escrowed: u128 = redemptions
            .iter()
            .filter(|r| r.status == loan_share::RedemptionStatus::Requested)
            .map(|r| r.amount.u128())
            .sum();
        assert_eq!(
            (burned, escrowed),
            (totals.burned.u128(), totals.escrowed.u128()),
            "redemptions vs totals"
        );
        let data_paid: u128 = self
            .data_payments(None)
            .iter()
            .map(|p| p.amount.u128())
            .sum();
        assert_eq!(data_paid, totals.data_service_paid.u128(), "data payments");

        let plans = self.plans();
        let (mut confirmed, mut fees, mut count) = (0u128, 0u128, 0u64);
        for info in &plans {
            let plan = &info.plan;
            let mine = self.plan_confirmations(plan.id);
            let sum: u128 = mine.iter().map(|c| c.amount.u128()).sum();
            let plan_fees: u128 = mine.iter().map(|c| c.fee.u128()).sum();
            assert_eq!(sum, plan.confirmed.u128(), "plan {} confirmed", plan.id);
            assert!(
                plan.confirmed <= plan.terms.offered,
                "plan {} confirmed {} beyond its offer {}",
                plan.id,
                plan.confirmed,
                plan.terms.offered
            );
            assert_eq!(
                mine.len() as u32,
                plan.participants,
                "plan {} places",
                plan.id
            );
            assert!(plan.participants <= plan.terms.max_participants);
            assert_eq!(plan_fees, plan.fees.u128(), "plan {} fees", plan.id);
            for c in &mine {
                assert_eq!(
                    c.fee,
                    fee_for(c.amount, plan.terms.fee_per_10k).unwrap(),
                    "fee of confirmation {}",
                    c.id
                );
                assert!(c.rate_bps >= plan.terms.min_rate_bps);
                assert!(c.rate_bps <= plan.terms.max_rate_bps);
            }
            confirmed += sum;
            fees += plan_fees;
            count += mine.len() as u64;
        }
        assert_eq!(totals.plans, plans.len() as u64, "plan count");
        assert_eq!(totals.confirmed.u128(), confirmed, "confirmed total");
        assert_eq!(totals.fees_paid.u128(), fees, "fees total");
        assert_eq!(totals.confirmations, count, "confirmation count");
        assert_eq!(
            totals.disclosures,
            self.disclosures().len() as u64,
            "disclosure count"
        );
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
