//! Migration: only this contract, only forward (or to the same version).

use cosmwasm_std::{DepsMut, Env};
use ledger_contract_kit::migrate::forward_only;
use ledger_types::park::footprints::MigrateMsg;

use crate::ContractResult;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ContractResult {
    forward_only(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::mock_env;
    use ledger_contract_kit::migrate::testing::assert_forward_only;

    #[test]
    fn migration_refuses_another_contract_and_a_downgrade() {
        assert_forward_only(CONTRACT_NAME, CONTRACT_VERSION, "ledger-bank", |deps| {
            migrate(deps, mock_env(), MigrateMsg {})
        });
    }
}
