//! Entry points; each only dispatches. The wasm exports (`wasm_entry_points!`) carry each
//! error's stable code in the chain's error text; the IBC entry points are in `ibc`.

use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo};
use ledger_types::router::{ExecuteMsg, QueryMsg};

use crate::ContractResult;
use crate::execute::{bills, regions, routing};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
pub use crate::receive::reply;

ledger_contract_kit::wasm_entry_points!(crate::ContractError, ledger_types::router, reply);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    match msg {
        ExecuteMsg::AddRegion {
            region,
            connection_id,
            endpoint_port,
        } => regions::add_region(deps, info, region, connection_id, endpoint_port),
        ExecuteMsg::Onboard {
            region,
            consumer,
            meter,
        } => routing::onboard(deps, env, info, region, consumer, meter),
        ExecuteMsg::OwnerStanding { consumer, blocked } => {
            routing::owner_standing(deps, env, info, consumer, blocked)
        }
        ExecuteMsg::MeterStatus { meter_id, status } => {
            routing::meter_status(deps, env, info, meter_id, status)
        }
        ExecuteMsg::BillPaid(payment) => bills::bill_paid(deps, env, info, payment),
        ExecuteMsg::Retry { id } => regions::retry(deps, env, info, id),
    }
}

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    crate::query::dispatch(deps, msg)
}
