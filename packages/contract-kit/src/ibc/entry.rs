//! The IBC entry points of a contract, returning its errors with their codes.

/// Declares a contract's six IBC entry points (`ibc_channel_open`, `_connect`, `_close`,
/// `ibc_packet_receive`, `_ack`, `_timeout`) over its handlers, each turning the handler's
/// error into the contract's error wrapped in [`ledger_types::error_code::Coded`], so that the
/// chain shows `[ledger:<code>] <message>` as [`crate::wasm_entry_points!`] does for the
/// others. The functions stay callable from tests; the `entry_point` export is left out with
/// the `library` feature. Every handler takes `(DepsMut, Env, <the IBC message>)`.
///
/// ```ignore
/// ledger_contract_kit::ibc_entry_points!(crate::ContractError {
///     open: crate::channel::open,
///     connect: crate::channel::connect,
///     close: crate::channel::close,
///     receive: crate::receive::packet_receive,
///     ack: crate::acks::packet_ack,
///     timeout: crate::acks::packet_timeout,
/// });
/// ```
#[macro_export]
macro_rules! ibc_entry_points {
    ($error:ty {
        open: $open:path,
        connect: $connect:path,
        close: $close:path,
        receive: $receive:path,
        ack: $ack:path,
        timeout: $timeout:path $(,)?
    }) => {
        $crate::ibc_entry_points!(@one $error, ibc_channel_open, $open,
            IbcChannelOpenMsg, IbcChannelOpenResponse);
        $crate::ibc_entry_points!(@one $error, ibc_channel_connect, $connect,
            IbcChannelConnectMsg, IbcBasicResponse);
        $crate::ibc_entry_points!(@one $error, ibc_channel_close, $close,
            IbcChannelCloseMsg, IbcBasicResponse);
        $crate::ibc_entry_points!(@one $error, ibc_packet_receive, $receive,
            IbcPacketReceiveMsg, IbcReceiveResponse);
        $crate::ibc_entry_points!(@one $error, ibc_packet_ack, $ack,
            IbcPacketAckMsg, IbcBasicResponse);
        $crate::ibc_entry_points!(@one $error, ibc_packet_timeout, $timeout,
            IbcPacketTimeoutMsg, IbcBasicResponse);
    };
    (@one $error:ty, $name:ident, $handler:path, $msg:ident, $response:ident) => {
        #[cfg_attr(not(feature = "library"), ::cosmwasm_std::entry_point)]
        pub fn $name(
            deps: ::cosmwasm_std::DepsMut,
            env: ::cosmwasm_std::Env,
            msg: ::cosmwasm_std::$msg,
        ) -> ::core::result::Result<
            ::cosmwasm_std::$response,
            ::ledger_types::error_code::Coded<$error>,
        > {
            $handler(deps, env, msg)
                .map_err(|error| ::ledger_types::error_code::Coded(<$error>::from(error)))
        }
    };
}
