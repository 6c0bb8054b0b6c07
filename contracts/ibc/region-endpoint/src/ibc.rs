//! IBC entry points: they only dispatch, and carry each refusal's stable code to the chain
//! (`[ledger:<code>] <message>`), as `wasm_entry_points!` does for the others. A refused
//! packet is not an error here: it is answered with an error acknowledgement (see `receive`).

ledger_contract_kit::ibc_entry_points!(crate::ContractError {
    open: crate::channel::open,
    connect: crate::channel::connect,
    close: crate::channel::close,
    receive: crate::receive::receive,
    ack: crate::answers::acknowledged,
    timeout: crate::answers::timed_out,
});
