//! The outbox: every packet a contract sends is kept, under its id, until the other chain
//! answers it. A timeout sends it again (same id, same body) up to a number of attempts, then
//! leaves it `Stuck`; a refusal leaves it `Refused` with the other chain's code. Either stays
//! visible in the contract's outbox query until an operator sends it again with `retry`, so a
//! packet is never lost silently. An applied packet leaves the outbox.

use cosmwasm_std::{
    Binary, Env, IbcMsg, IbcTimeout, Order, StdError, StdResult, Storage, from_json, to_json_binary,
};
use cw_storage_plus::{Item, Map};
use ledger_types::error_code::common;
use ledger_types::region::{OutboxEntry, OutboxResponse, OutboxState, Packet};
use serde::Serialize;
use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::paging::{after, page};

/// An operator's retry that cannot be done.
#[derive(Error, Debug, PartialEq)]
pub enum OutboxError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("no packet {id} is waiting in the outbox")]
    UnknownPacket { id: u64 },

    #[error("packet {id} is still in flight; only a stuck or refused packet is sent again")]
    PacketInFlight { id: u64 },
}

ledger_types::error_codes!(OutboxError {
    Std => common::STD,
    UnknownPacket => common::UNKNOWN_PACKET,
    PacketInFlight => common::PACKET_IN_FLIGHT,
});

/// How long a packet may take and how often a timed-out one is sent again by itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delivery {
    pub timeout_seconds: u64,
    /// Sendings in all (the first included) before a packet is left `Stuck`.
    pub max_attempts: u32,
}

/// The packets a contract has sent and not yet seen applied.
pub struct Outbox<T> {
    entries: Map<u64, OutboxEntry<T>>,
    last_id: Item<u64>,
}

impl<T> Outbox<T>
where
    T: Serialize + DeserializeOwned + Clone,
{
    pub const fn new(entries: &'static str, last_id: &'static str) -> Self {
        Self {
            entries: Map::new(entries),
            last_id: Item::new(last_id),
        }
    }

    /// Keeps `body` under a new id and returns the id and the packet to send on `channel_id`.
    pub fn send(
        &self,
        storage: &mut dyn Storage,
        env: &Env,
        channel_id: &str,
        body: T,
        delivery: &Delivery,
    ) -> StdResult<(u64, IbcMsg)> {
        let id = crate::sequence::next_id(storage, &self.last_id)?;
        let now = env.block.time.seconds();
        let entry = OutboxEntry {
            id,
            channel_id: channel_id.to_string(),
            body,
            attempts: 1,
            first_sent: now,
            last_sent: now,
            state: OutboxState::InFlight,
        };
        let msg = packet_msg(env, &entry, delivery)?;
        self.entries.save(storage, id, &entry)?;
        Ok((id, msg))
    }

    /// Keeps `body` under a new id without sending it (state `Unsent`): there is no open
    /// channel for it now. `channel_id` is the channel it was meant for, if any; `retry` sends it
    /// on the channel that is open then.
    pub fn keep(
        &self,
        storage: &mut dyn Storage,
        env: &Env,
        channel_id: &str,
        body: T,
    ) -> StdResult<u64> {
        let id = crate::sequence::next_id(storage, &self.last_id)?;
        let now = env.block.time.seconds();
        let entry = OutboxEntry {
            id,
            channel_id: channel_id.to_string(),
            body,
            attempts: 0,
            first_sent: now,
            last_sent: now,
            state: OutboxState::Unsent,
        };
        self.entries.save(storage, id, &entry)?;
        Ok(id)
    }

    /// The packet with `id`, if it is waiting.
    pub fn get(&self, storage: &dyn Storage, id: u64) -> StdResult<Option<OutboxEntry<T>>> {
        self.entries.may_load(storage, id)
    }

    /// The other chain applied packet `id`: it leaves the outbox; returns what it was.
    pub fn applied(&self, storage: &mut dyn Storage, id: u64) -> StdResult<Option<OutboxEntry<T>>> {
        let entry = self.entries.may_load(storage, id)?;
        self.entries.remove(storage, id);
        Ok(entry)
    }

    /// The other chain refused packet `id`: it stays, `Refused` with the code and message.
    pub fn refused(
        &self,
        storage: &mut dyn Storage,
        id: u64,
        code: String,
        message: String,
    ) -> StdResult<Option<OutboxEntry<T>>> {
        self.update(storage, id, |entry| {
            entry.state = OutboxState::Refused { code, message };
        })
    }

    /// Packet `id` timed out: returns the packet to send again, or `None` when it has been
    /// sent `max_attempts` times (it is then `Stuck`) or is not waiting. A caller whose channel
    /// has closed passes `max_attempts` 0, so the packet is left `Stuck` for a `retry`.
    pub fn timed_out(
        &self,
        storage: &mut dyn Storage,
        env: &Env,
        id: u64,
        delivery: &Delivery,
    ) -> StdResult<Option<IbcMsg>> {
        let Some(mut entry) = self.entries.may_load(storage, id)? else {
            return Ok(None);
        };
        if entry.attempts >= delivery.max_attempts {
            entry.state = OutboxState::Stuck;
            self.entries.save(storage, id, &entry)?;
            return Ok(None);
        }
        Ok(Some(self.resend(storage, env, entry, delivery)?))
    }

    /// An operator sends a stuck, refused or unsent packet again, on `channel_id` (the channel
    /// open to the other chain now, which may be a newer one than the packet was first sent on).
    pub fn retry(
        &self,
        storage: &mut dyn Storage,
        env: &Env,
        id: u64,
        channel_id: &str,
        delivery: &Delivery,
    ) -> Result<IbcMsg, OutboxError> {
        let entry = self
            .entries
            .may_load(storage, id)?
            .ok_or(OutboxError::UnknownPacket { id })?;
        if entry.state == OutboxState::InFlight {
            return Err(OutboxError::PacketInFlight { id });
        }
        let entry = OutboxEntry {
            channel_id: channel_id.to_string(),
            ..entry
        };
        Ok(self.resend(storage, env, entry, delivery)?)
    }

    /// One page of the waiting packets in id order.
    pub fn page(
        &self,
        storage: &dyn Storage,
        start_after: Option<u64>,
        limit: Option<u32>,
    ) -> StdResult<OutboxResponse<T>> {
        let range = self
            .entries
            .range(storage, after(start_after), None, Order::Ascending);
        let page = page(range, limit, |(_, entry)| StdResult::Ok(entry))?;
        Ok(OutboxResponse {
            entries: page.items,
            has_more: page.has_more,
        })
    }

    fn resend(
        &self,
        storage: &mut dyn Storage,
        env: &Env,
        mut entry: OutboxEntry<T>,
        delivery: &Delivery,
    ) -> StdResult<IbcMsg> {
        entry.attempts = entry.attempts.saturating_add(1);
        entry.last_sent = env.block.time.seconds();
        entry.state = OutboxState::InFlight;
        let msg = packet_msg(env, &entry, delivery)?;
        self.entries.save(storage, entry.id, &entry)?;
        Ok(msg)
    }

    fn update(
        &self,
        storage: &mut dyn Storage,
        id: u64,
        change: impl FnOnce(&mut OutboxEntry<T>),
    ) -> StdResult<Option<OutboxEntry<T>>> {
        let Some(mut entry) = self.entries.may_load(storage, id)? else {
            return Ok(None);
        };
        change(&mut entry);
        self.entries.save(storage, id, &entry)?;
        Ok(Some(entry))
    }
}

/// The id of a packet of the protocol, read without its body (which the caller may not be
/// able to read, for a packet of the other direction).
pub fn packet_id(data: &Binary) -> StdResult<u64> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: u64,
    }
    Ok(from_json::<Id>(data)?.id)
}

fn packet_msg<T: Serialize>(
    env: &Env,
    entry: &OutboxEntry<T>,
    delivery: &Delivery,
) -> StdResult<IbcMsg> {
    Ok(IbcMsg::SendPacket {
        channel_id: entry.channel_id.clone(),
        data: to_json_binary(&Packet {
            id: entry.id,
            body: &entry.body,
        })?,
        timeout: IbcTimeout::with_timestamp(env.block.time.plus_seconds(delivery.timeout_seconds)),
    })
}

#[cfg(test)]
mod tests;
