//! The IBC entry points; each only dispatches, and carries the error's stable code in the
//! chain's error text as `wasm_entry_points!` does for the others.

ledger_contract_kit::ibc_entry_points!(crate::ContractError {
    open: crate::channel::open,
    connect: crate::channel::connect,
    close: crate::channel::close,
    receive: crate::receive::packet_receive,
    ack: crate::acks::packet_ack,
    timeout: crate::acks::packet_timeout,
});
