//! [`Ledger`]: a chain connection and the deployment it talks to. The queries and executes of
//! each contract are in [`crate::contracts`], as methods of this one object.

use ledger_client::{ChainConfig, Client, Contracts, Deployment, RegionDeployment, TxOutcome};
use ledger_types::paging::MAX_LIMIT;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::paging::{Paged, collect_pages};
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
    deployment: Option<Deployment>,
    /// The regional sub-chain this ledger talks to (`None`: the main chain).
    region: Option<String>,
}

impl Ledger {
    /// The ledger deployed as `deployment` describes, reached through `client`.
    pub fn new(client: Client, deployment: Deployment) -> Self {
        Ledger {
            client,
            deployment: Some(deployment),
            region: None,
        }
    }

    /// A ledger known only by the contract addresses its caller passes: the calls that name
    /// their contract (a meter contract's, a multisig's, any cw20's, the pause) work; those of
    /// the contracts a deployment file names return [`Error::NoDeployment`].
    ///
    /// A meter client that knows only its meter contract reads it this way:
    ///
    /// ```no_run
    /// use ledger_client::{ChainConfig, Client};
    /// use ledger_sdk::Ledger;
    /// # async fn run(meter_contract: &str) -> ledger_sdk::Result<()> {
    /// let ledger = Ledger::without_deployment(Client::connect(ChainConfig::localnet()).await?);
    /// let config = ledger.meter_config(meter_contract).await?;
    /// println!("readings at most {} s apart", config.settings.max_interval_seconds);
    /// # Ok(()) }
    /// ```
    pub fn without_deployment(client: Client) -> Self {
        Ledger {
            client,
            deployment: None,
            region: None,
        }
    }

    /// The same deployment seen from its regional sub-chain `region`: a connection to the
    /// sub-chain's node (with this ledger's fee settings), on which the registry and tariff
    /// calls reach the region's own registry and tariff contract, the endpoint calls
    /// ([`crate::contracts::endpoint`]) its endpoint, and the meter calls its meter contracts.
    /// The main chain's other contracts are refused there ([`Error::MainChainOnly`]).
    ///
    /// ```no_run
    /// # async fn run(ledger: ledger_sdk::Ledger) -> ledger_sdk::Result<()> {
    /// let region = ledger.in_region("region-1").await?;
    /// let channel = region.endpoint_channel().await?;
    /// println!("region-1's channel to the main chain: {channel:?}");
    /// # Ok(()) }
    /// ```
    pub async fn in_region(&self, region: &str) -> Result<Ledger> {
        let deployment = self.deployment()?;
        let chain = deployment.region(region)?;
        let config = ChainConfig {
            node: chain.node.clone(),
            chain_id: chain.chain_id.clone(),
            ..self.client.config().clone()
        };
        Ok(Ledger {
            client: Client::connect(config).await?,
            deployment: Some(deployment.clone()),
            region: Some(region.to_string()),
        })
    }

    /// The regional sub-chain this ledger talks to, `None` on the main chain.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The record of the regional sub-chain this ledger talks to, or
    /// [`Error::RegionOnly`] on the main chain.
    pub fn region_deployment(&self) -> Result<&RegionDeployment> {
        let region = self.region.as_deref().ok_or(Error::RegionOnly)?;
        Ok(self.deployment()?.region(region)?)
    }

    /// The deployment this ledger talks to, or [`Error::NoDeployment`].
    pub fn deployment(&self) -> Result<&Deployment> {
        self.deployment.as_ref().ok_or(Error::NoDeployment)
    }

    /// The main chain's contracts' addresses, or [`Error::NoDeployment`], or
    /// [`Error::MainChainOnly`] on a regional sub-chain.
    pub fn contracts(&self) -> Result<&Contracts> {
        if let Some(region) = &self.region {
            return Err(Error::MainChainOnly {
                region: region.clone(),
            });
        }
        Ok(&self.deployment()?.contracts)
    }

    /// A smart query of any contract. The typed queries of [`crate::contracts`] call this.
    pub async fn query<T: DeserializeOwned>(
        &self,
        contract: &str,
        msg: &(impl Serialize + ?Sized),
    ) -> Result<T> {
        Ok(self.client.query_smart(contract, msg).await?)
    }

    /// Reads a list query of `contract` page by page to its end or `cap` items: the one
    /// paging loop every list of [`crate::contracts`] goes through.
    ///
    /// `page(start_after, limit)` is the query of one page, `items` takes the page's items out
    /// of its response and `key` gives the `start_after` of the next page from the last item.
    ///
    /// ```no_run
    /// use ledger_sdk::contracts::bank::{Instalment, InstalmentsResponse, QueryMsg};
    /// # async fn run(ledger: ledger_sdk::Ledger, bank: &str) -> ledger_sdk::Result<()> {
    /// let overdue = ledger
    ///     .list(
    ///         bank,
    ///         ledger_sdk::paging::ALL,
    ///         |start_after, limit| QueryMsg::Overdue { start_after, limit },
    ///         |r: InstalmentsResponse| r.instalments,
    ///         |i: &Instalment| (i.due, i.id),
    ///     )
    ///     .await?;
    /// println!("{} overdue", overdue.items.len());
    /// # Ok(()) }
    /// ```
    pub async fn list<Q, R, T, K>(
        &self,
        contract: &str,
        cap: usize,
        page: impl Fn(Option<K>, Option<u32>) -> Q,
        items: impl Fn(R) -> Vec<T>,
        key: impl Fn(&T) -> K,
    ) -> Result<Paged<T>>
    where
        Q: Serialize,
        R: DeserializeOwned,
    {
        self.list_pages(MAX_LIMIT, contract, cap, page, items, key)
            .await
    }

    /// [`Ledger::list`] for a contract whose largest page is `page_size` items (cw-plus
    /// contracts stop at 30).
    pub async fn list_pages<Q, R, T, K>(
        &self,
        page_size: u32,
        contract: &str,
        cap: usize,
        page: impl Fn(Option<K>, Option<u32>) -> Q,
        items: impl Fn(R) -> Vec<T>,
        key: impl Fn(&T) -> K,
    ) -> Result<Paged<T>>
    where
        Q: Serialize,
        R: DeserializeOwned,
    {
        let (page, items) = (&page, &items);
        collect_pages(
            page_size,
            cap,
            |start_after, limit| {
                let msg = page(start_after, Some(limit));
                async move { Ok(items(self.query(contract, &msg).await?)) }
            },
            key,
        )
        .await
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
