//! The people of the draft and loan-share flows, as every world has them (their roles only
//! once the contract is installed), with the lenders' encryption keys, and the loan-share part
//! of the world the Suite carries.

use std::collections::BTreeMap;

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Addr, HexBinary};
use ledger_crypto::{SecretKey, public_key_bytes, secret_key_from_bytes};
use ledger_types::draft::DraftRole;
use ledger_types::loan_share::LoanShareRole;

/// Approval levels of the draft contract, lowest first.
pub const APPROVAL_LEVELS: [&str; 2] = ["county finance", "provincial office"];

/// The people of the draft flow.
#[derive(Clone, Debug)]
pub struct DraftParties {
    /// Provincial office: issues and cancels drafts.
    pub province: Addr,
    /// County office: applies and gives opinions.
    pub county: Addr,
    /// Approver at level 0.
    pub county_finance: Addr,
    /// Approver at level 1.
    pub provincial_approver: Addr,
    /// Implementing unit; also a holder, the chain's final recipient.
    pub unit: Addr,
    /// Holders along the chain.
    pub finance_department: Addr,
    pub commercial_bank: Addr,
    pub partnership_fund: Addr,
    pub county_fund: Addr,
}

impl DraftParties {
    pub fn new(api: &MockApi) -> Self {
        DraftParties {
            province: api.addr_make("provincial-office"),
            county: api.addr_make("county-office"),
            county_finance: api.addr_make("county-finance"),
            provincial_approver: api.addr_make("provincial-approver"),
            unit: api.addr_make("implementing-unit"),
            finance_department: api.addr_make("finance-department"),
            commercial_bank: api.addr_make("commercial-bank"),
            partnership_fund: api.addr_make("partnership-fund"),
            county_fund: api.addr_make("county-fund"),
        }
    }

    /// Everyone with their draft roles.
    pub fn roles(&self) -> Vec<(Addr, Vec<DraftRole>)> {
        vec![
            (self.province.clone(), vec![DraftRole::Issuer]),
            (self.county.clone(), vec![DraftRole::Applicant]),
            (
                self.county_finance.clone(),
                vec![DraftRole::Approver { level: 0 }],
            ),
            (
                self.provincial_approver.clone(),
                vec![DraftRole::Approver { level: 1 }],
            ),
            (
                self.unit.clone(),
                vec![DraftRole::ImplementingUnit, DraftRole::Holder],
            ),
            (self.finance_department.clone(), vec![DraftRole::Holder]),
            (self.commercial_bank.clone(), vec![DraftRole::Holder]),
            (self.partnership_fund.clone(), vec![DraftRole::Holder]),
            (self.county_fund.clone(), vec![DraftRole::Holder]),
        ]
    }

    /// The chain every standard draft travels after the province: the finance department,
    /// the commercial bank and the partnership fund pass it on; the county fund company keeps
    /// 6% and the implementing unit receives the rest.
    pub fn chain(&self) -> Vec<(Addr, &'static str, u16)> {
        vec![
            (self.finance_department.clone(), "finance department", 0),
            (self.commercial_bank.clone(), "commercial bank", 0),
            (self.partnership_fund.clone(), "partnership fund", 0),
            (self.county_fund.clone(), "county fund company", 600),
            (self.unit.clone(), "implementing unit", 9_400),
        ]
    }
}

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
