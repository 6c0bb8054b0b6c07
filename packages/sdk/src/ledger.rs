//! [`Ledger`]: a chain connection and the deployment it talks to. The queries and executes of
//! each contract are in [`crate::contracts`], as methods of this one object.

use ledger_client::{Client, Deployment, TxOutcome};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::sender::Sender;

/// A connection to the chain and the deployment it talks to.
///
/// ```no_run
/// use ledger_client::{ChainConfig, Client, Deployment};
/// use ledger_sdk::Ledger;
/// # async fn run() -> ledger_sdk::Result<()> {
/// let deployment = Deployment::load("deployment.json")?;
/// let client = Client::connect(ChainConfig::localnet()).await?;
/// let ledger = Ledger::new(client, deployment);
/// // Every participant, read page by page to the end.
/// let participants = ledger.participants(None, ledger_sdk::paging::ALL).await?;
/// println!("{} participants", participants.items.len());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Ledger {
    /// The chain connection.
    pub client: Client,
    /// Where the contracts are.
    pub deployment: Deployment,
}

impl Ledger {
    /// The ledger deployed as `deployment` describes, reached through `client`.
    pub fn new(client: Client, deployment: Deployment) -> Self {
        Ledger { client, deployment }
    }

    /// A smart query of any contract. The typed queries of [`crate::contracts`] call this.
    pub async fn query<T: DeserializeOwned>(
        &self,
        contract: &str,
        msg: &(impl Serialize + ?Sized),
    ) -> Result<T> {
        Ok(self.client.query_smart(contract, msg).await?)
    }

    /// Executes `msg` on `contract`, signed by `sender`.
    pub(crate) async fn exec(
        &self,
        sender: &Sender,
        contract: &str,
        msg: &(impl Serialize + ?Sized),
    ) -> Result<TxOutcome> {
        sender.execute(contract, msg).await
    }
}

/// `address`, or [`Error::NotDeployed`] naming `contract`.
pub(crate) fn deployed<'a>(address: &'a Option<String>, contract: &'static str) -> Result<&'a str> {
    address.as_deref().ok_or(Error::NotDeployed { contract })
}
