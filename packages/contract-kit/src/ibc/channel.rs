//! The channel handshake: a ledger contract opens only channels of its protocol's order and
//! version, at every step where the other end could have offered something else.

use cosmwasm_std::{
    IbcChannel, IbcChannelConnectMsg, IbcChannelOpenMsg, IbcChannelOpenResponse, IbcOrder,
};
use ledger_types::error_code::common;
use thiserror::Error;

/// A channel the protocol does not run on.
#[derive(Error, Debug, PartialEq)]
pub enum ChannelError {
    #[error("a {found:?} channel was offered; this protocol runs on {expected:?} channels only")]
    Order { expected: IbcOrder, found: IbcOrder },

    #[error("channel version {found:?} was offered; this contract speaks {expected:?} only")]
    Version { expected: String, found: String },
}

ledger_types::error_codes!(ChannelError {
    Order => common::CHANNEL_ORDER,
    Version => common::CHANNEL_VERSION,
});

/// Checks a channel-open step (`OpenInit` or `OpenTry`) and answers with `version`.
pub fn check_open(
    msg: &IbcChannelOpenMsg,
    version: &str,
    order: IbcOrder,
) -> Result<IbcChannelOpenResponse, ChannelError> {
    check_channel(msg.channel(), version, &order)?;
    if let Some(offered) = msg.counterparty_version() {
        check_version(offered, version)?;
    }
    Ok(Some(cosmwasm_std::Ibc3ChannelOpenResponse {
        version: version.to_string(),
    }))
}

/// Checks a channel-connect step (`OpenAck` or `OpenConfirm`) and returns the channel.
pub fn check_connect<'a>(
    msg: &'a IbcChannelConnectMsg,
    version: &str,
    order: IbcOrder,
) -> Result<&'a IbcChannel, ChannelError> {
    let channel = msg.channel();
    check_channel(channel, version, &order)?;
    if let Some(offered) = msg.counterparty_version() {
        check_version(offered, version)?;
    }
    Ok(channel)
}

fn check_channel(
    channel: &IbcChannel,
    version: &str,
    order: &IbcOrder,
) -> Result<(), ChannelError> {
    if channel.order != *order {
        return Err(ChannelError::Order {
            expected: order.clone(),
            found: channel.order.clone(),
        });
    }
    check_version(&channel.version, version)
}

fn check_version(found: &str, expected: &str) -> Result<(), ChannelError> {
    if found != expected {
        return Err(ChannelError::Version {
            expected: expected.to_string(),
            found: found.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::{mock_ibc_channel_connect_ack, mock_ibc_channel_open_try};
    use cosmwasm_std::{IbcChannelOpenMsg, IbcOrder};
    use ledger_types::error_code::HasCode;

    use super::*;

    const V: &str = "ledger-region-1";

    #[test]
    fn the_protocol_s_channel_opens() {
        let open = mock_ibc_channel_open_try("channel-0", IbcOrder::Unordered, V);
        let answer = check_open(&open, V, IbcOrder::Unordered).unwrap();
        assert_eq!(answer.unwrap().version, V);
        let connect = mock_ibc_channel_connect_ack("channel-0", IbcOrder::Unordered, V);
        assert_eq!(
            check_connect(&connect, V, IbcOrder::Unordered)
                .unwrap()
                .endpoint
                .channel_id,
            "channel-0"
        );
    }

    #[test]
    fn another_order_is_refused_at_open_and_at_connect() {
        let open = mock_ibc_channel_open_try("channel-0", IbcOrder::Ordered, V);
        let refused = check_open(&open, V, IbcOrder::Unordered).unwrap_err();
        assert_eq!(
            refused,
            ChannelError::Order {
                expected: IbcOrder::Unordered,
                found: IbcOrder::Ordered
            }
        );
        assert_eq!(refused.code(), "common.channel_order");
        let connect = mock_ibc_channel_connect_ack("channel-0", IbcOrder::Ordered, V);
        assert!(matches!(
            check_connect(&connect, V, IbcOrder::Unordered),
            Err(ChannelError::Order { .. })
        ));
    }

    #[test]
    fn another_version_is_refused_where_either_end_offers_it() {
        // Our end proposes the wrong version (OpenInit).
        let init = IbcChannelOpenMsg::new_init(cosmwasm_std::testing::mock_ibc_channel(
            "channel-0",
            IbcOrder::Unordered,
            "ics20-1",
        ));
        let refused = check_open(&init, V, IbcOrder::Unordered).unwrap_err();
        assert_eq!(refused.code(), "common.channel_version");
        // The other end proposes it (OpenTry carries the counterparty's version).
        let open = mock_ibc_channel_open_try("channel-0", IbcOrder::Unordered, "ledger-region-2");
        assert_eq!(
            check_open(&open, V, IbcOrder::Unordered).unwrap_err(),
            ChannelError::Version {
                expected: V.into(),
                found: "ledger-region-2".into()
            }
        );
        // The other end answers with it (OpenAck carries the counterparty's version).
        let connect = mock_ibc_channel_connect_ack("channel-0", IbcOrder::Unordered, "v0");
        assert!(matches!(
            check_connect(&connect, V, IbcOrder::Unordered),
            Err(ChannelError::Version { .. })
        ));
    }

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ChannelError::codes());
    }
}
