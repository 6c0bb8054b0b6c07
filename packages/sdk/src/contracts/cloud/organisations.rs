//! Organisations of the federation and their users.

use cosmwasm_std::HexBinary;
use ledger_client::TxOutcome;

use super::{
    ExecuteMsg, MembershipResponse, Organisation, OrganisationsResponse, QueryMsg, UsersResponse,
};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

impl Ledger {
    /// One organisation.
    pub async fn cloud_organisation(&self, id: &str) -> Result<Organisation> {
        self.cloud(&QueryMsg::Organisation { id: id.to_string() })
            .await
    }

    /// Organisations in id order, up to `cap`.
    pub async fn cloud_organisations(&self, cap: usize) -> Result<Paged<Organisation>> {
        self.list(
            self.cloud_contract()?,
            cap,
            |start_after, limit| QueryMsg::Organisations { start_after, limit },
            |r: OrganisationsResponse| r.organisations,
            |o| o.id.clone(),
        )
        .await
    }

    /// An organisation's users in address order, up to `cap`.
    pub async fn cloud_users(&self, org: &str, cap: usize) -> Result<Paged<String>> {
        self.list(
            self.cloud_contract()?,
            cap,
            |start_after, limit| QueryMsg::Users {
                org: org.to_string(),
                start_after,
                limit,
            },
            |r: UsersResponse| r.users.into_iter().map(|a| a.into_string()).collect(),
            |a: &String| a.clone(),
        )
        .await
    }

    /// The organisation `address` is a user of, if any.
    pub async fn cloud_member_of(&self, address: &str) -> Result<Option<String>> {
        let r: MembershipResponse = self
            .cloud(&QueryMsg::MemberOf {
                address: address.to_string(),
            })
            .await?;
        Ok(r.org)
    }

    /// Registry administrator: creates organisation `id` administered by `admin` (also its
    /// first payout address), whose partners seal private terms to `encryption_key`.
    pub async fn cloud_register_organisation(
        &self,
        sender: &Sender,
        id: &str,
        name: &str,
        admin: &str,
        encryption_key: HexBinary,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::RegisterOrganisation {
            id: id.to_string(),
            name: name.to_string(),
            admin: admin.to_string(),
            encryption_key,
        };
        self.cloud_execute(sender, &msg).await
    }

    /// Organisation administrator: replaces its encryption key and/or payout address.
    pub async fn cloud_update_organisation(
        &self,
        sender: &Sender,
        org: &str,
        encryption_key: Option<HexBinary>,
        payout: Option<String>,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::UpdateOrganisation {
            org: org.to_string(),
            encryption_key,
            payout,
        };
        self.cloud_execute(sender, &msg).await
    }

    /// Organisation administrator: adds `user` (who holds the registry's `CloudUser` role).
    pub async fn cloud_add_user(
        &self,
        sender: &Sender,
        org: &str,
        user: &str,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::AddUser {
            org: org.to_string(),
            user: user.to_string(),
        };
        self.cloud_execute(sender, &msg).await
    }

    /// Organisation administrator: removes `user`; the leases it requested run on.
    pub async fn cloud_remove_user(
        &self,
        sender: &Sender,
        org: &str,
        user: &str,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::RemoveUser {
            org: org.to_string(),
            user: user.to_string(),
        };
        self.cloud_execute(sender, &msg).await
    }
}
