//! The bank's and the settlement token's emergency pause and held instalments, as a test
//! drives and reads them.

use cosmwasm_std::Addr;
use cw_multi_test::AppResponse;
use cw_multi_test::Executor;
use cw_multi_test::error::AnyResult;
use ledger_types::admin::Role;
use ledger_types::bank::{self, HeldInstalment, HeldResponse};
use ledger_types::emergency::PauseStatus;
use ledger_types::token::{self, EmergencyMsg, TokenQueryMsg};

use crate::pages::read_all;
use crate::suite::Suite;

impl Suite {
    /// Registers `name` as a guardian (who may pause every contract) and returns its address.
    pub fn add_guardian(&mut self, name: &str) -> AnyResult<Addr> {
        let address = self.addr(name);
        let admin = self.addrs.administrator.clone();
        self.register_participant(&admin, &address, name, vec![Role::Guardian])?;
        Ok(address)
    }

    pub fn pause_bank(&mut self, sender: &Addr, reason: &str) -> AnyResult<AppResponse> {
        self.execute_bank(
            sender,
            &bank::ExecuteMsg::Pause {
                reason: reason.to_string(),
            },
        )
    }

    pub fn unpause_bank(&mut self, sender: &Addr) -> AnyResult<AppResponse> {
        self.execute_bank(sender, &bank::ExecuteMsg::Unpause {})
    }

    pub fn bank_pause_status(&self) -> PauseStatus {
        self.query(&self.bank, &bank::QueryMsg::PauseStatus {})
            .expect("bank pause status")
    }

    /// Executes one of the settlement token's own messages (the pause).
    pub fn execute_token_emergency(
        &mut self,
        sender: &Addr,
        msg: EmergencyMsg,
    ) -> AnyResult<AppResponse> {
        let token = self.token.clone();
        self.app.execute_contract(
            sender.clone(),
            token,
            &token::ExecuteMsg::Emergency(msg),
            &[],
        )
    }

    pub fn token_pause_status(&self) -> PauseStatus {
        self.query(
            &self.token,
            &token::QueryMsg::Token(TokenQueryMsg::PauseStatus {}),
        )
        .expect("token pause status")
    }

    /// Every instalment the bank holds because a party is blacklisted, every page.
    pub fn held(&self) -> Vec<HeldInstalment> {
        read_all(|last: Option<&HeldInstalment>| {
            let page: HeldResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::Held {
                        start_after: last.map(|h| h.instalment.id),
                        limit: Some(30),
                    },
                )
                .expect("held instalments");
            page.held
        })
    }
}
