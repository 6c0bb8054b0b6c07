//! Product carbon footprints along the supply chain (`ledger_types::park::footprints` for the
//! rules): a participant publishes a product's footprint as a [`Declaration`], usually made
//! from a PACT document by [`super::pact::declaration`]; the registry's administrator links
//! the carbon-credits contract; anyone reads a footprint in PACT's shape, a product's
//! versions, the inputs tree under a footprint (every page), the footprints resting on a
//! product (or only on its superseded versions), a company's products, the credits retired
//! against a product, and verifies a document against the hash published for a version.
//!
//! Pausing the contract is the pause every contract shares ([`crate::contracts::emergency`],
//! with [`Ledger::park_footprints_contract`]'s address).
//!
//! ```no_run
//! use ledger_sdk::contracts::park::footprints::published_of;
//! use ledger_sdk::contracts::park::pact::{PactImport, declaration};
//! # async fn run(ledger: ledger_sdk::Ledger, company: ledger_sdk::Sender) -> ledger_sdk::Result<()> {
//! let document = std::fs::read_to_string("bracket.json").map_err(|e| ledger_sdk::Error::Invalid(e.to_string()))?;
//! let import = PactImport { product_id: "urn:gtin:4063211000172".into(), process_emissions: None, inputs: vec![] };
//! let outcome = ledger.park_publish_footprint(&company, declaration(&document, import)?).await?;
//! let published = published_of(&outcome).expect("a publish reports its footprint");
//! let check = ledger.park_footprint_verify(&published.product_id, published.version, &document).await?;
//! assert!(check.matches);
//! # Ok(()) }
//! ```

use std::cell::Cell;

use cosmwasm_std::{HexBinary, Uint128};
use ledger_client::TxOutcome;
use ledger_types::paging::MAX_LIMIT;
pub use ledger_types::park::footprints::*;
use serde::Serialize;

use super::pact;
use crate::error::{Error, Result};
use crate::ledger::{Ledger, deployed};
use crate::paging::{Paged, collect_pages};
use crate::sender::Sender;

/// The event every publication has, as the chain names a contract's custom event.
pub const PUBLISHED_EVENT: &str = "wasm-footprint_published";

/// What a publication created, from its `footprint_published` event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Published {
    /// The product.
    pub product_id: String,
    /// The version the ledger gave the footprint (1 for a new product).
    pub version: u32,
    /// The footprint's PACT id.
    pub pf_id: String,
    /// The declaring company's address.
    pub company: String,
    /// Process emissions plus every input's contribution, micro-kgCO2e per declared unit.
    pub attributed_emissions: Uint128,
    /// How many inputs it names.
    pub inputs: u32,
    /// The published document hash.
    pub document_sha256: String,
}

/// The footprint a publish transaction created, `None` when its outcome has no
/// `footprint_published` event (not a publication of this contract).
pub fn published_of(outcome: &TxOutcome) -> Option<Published> {
    let attr = |key: &str| outcome.attribute(PUBLISHED_EVENT, key);
    Some(Published {
        product_id: attr("product_id")?.to_string(),
        version: attr("version")?.parse().ok()?,
        pf_id: attr("pf_id")?.to_string(),
        company: attr("company")?.to_string(),
        attributed_emissions: attr("attributed_emissions")?.parse().ok()?,
        inputs: attr("inputs")?.parse().ok()?,
        document_sha256: attr("document_sha256")?.to_string(),
    })
}

/// An inputs tree read to its end (every page of one walk).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputsTree {
    /// The root product.
    pub product_id: String,
    /// The root's version.
    pub version: u32,
    /// The root's attributed emissions, micro-kgCO2e per declared unit.
    pub attributed_emissions: Uint128,
    /// Every edge, depth first.
    pub nodes: Vec<TreeNode>,
    /// The contract's walk stopped at [`MAX_TREE_NODES`] before the tree's end: read the
    /// rest from a deeper footprint.
    pub truncated: bool,
}

/// The credits retired against a product, read to the end or a cap.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Retirements {
    /// The product.
    pub product_id: String,
    /// Whole credits retired against every version of it, as the contract counts them.
    pub total: u64,
    /// The retirements by id.
    pub retirements: Vec<CreditRetirement>,
    /// More retirements exist beyond the cap.
    pub truncated: bool,
}

/// Reads every page of an inputs walk from `ask(start_after)`, following `has_more`. A page
/// that does not move past the previous one ends the walk with an error rather than a loop.
pub async fn read_tree<F, Fut>(mut ask: F) -> Result<InputsTree>
where
    F: FnMut(Option<u32>) -> Fut,
    Fut: std::future::Future<Output = Result<InputsTreeResponse>>,
{
    let first = ask(None).await?;
    let mut tree = InputsTree {
        product_id: first.product_id,
        version: first.version,
        attributed_emissions: first.attributed_emissions,
        nodes: first.nodes,
        truncated: first.truncated,
    };
    let mut has_more = first.has_more;
    while has_more {
        let last = tree.nodes.last().map(|n| n.position);
        let page = ask(last).await?;
        let advances = page.nodes.first().is_some_and(|n| Some(n.position) > last);
        if !advances {
            return Err(Error::Invalid(format!(
                "the inputs tree of {} v{} did not continue after position {}; is the \
                 deployment's footprints contract this SDK's?",
                tree.product_id,
                tree.version,
                last.unwrap_or(0)
            )));
        }
        has_more = page.has_more;
        tree.truncated = page.truncated;
        tree.nodes.extend(page.nodes);
    }
    Ok(tree)
}

impl Ledger {
    /// The footprints contract's address, or [`crate::Error::NotDeployed`].
    pub fn park_footprints_contract(&self) -> Result<&str> {
        deployed(&self.contracts()?.park_footprints, "park-footprints")
    }

    /// A query of the footprints contract.
    pub async fn park_footprints_query<T: serde::de::DeserializeOwned>(
        &self,
        msg: &QueryMsg,
    ) -> Result<T> {
        self.query(self.park_footprints_contract()?, msg).await
    }

    /// Executes `msg` on the footprints contract.
    pub async fn park_footprints_execute(
        &self,
        sender: &Sender,
        msg: &ExecuteMsg,
    ) -> Result<TxOutcome> {
        self.exec(sender, self.park_footprints_contract()?, msg)
            .await
    }

    /// The registry the contract asks and the linked credits contract.
    pub async fn park_footprints_config(&self) -> Result<ConfigResponse> {
        self.park_footprints_query(&QueryMsg::Config {}).await
    }

    /// A participant in good standing: publishes `declaration`, version 1 of a new product
    /// (the sender becomes its declaring company) or the next version of its own. What was
    /// created is in the outcome ([`published_of`]).
    pub async fn park_publish_footprint(
        &self,
        sender: &Sender,
        declaration: Declaration,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::Publish {
            footprint: Box::new(declaration),
        };
        self.park_footprints_execute(sender, &msg).await
    }

    /// The registry's administrator: the carbon-credits contract whose retirements against
    /// footprints are recorded here (replacing an earlier link).
    pub async fn park_link_credits(&self, sender: &Sender, address: &str) -> Result<TxOutcome> {
        let msg = ExecuteMsg::LinkCredits {
            address: address.to_string(),
        };
        self.park_footprints_execute(sender, &msg).await
    }

    /// A product's footprint in PACT's shape with the ledger's record: its current version,
    /// or `version` (`park_footprints.unknown_product` / `unknown_version` if none).
    pub async fn park_footprint(
        &self,
        product_id: &str,
        version: Option<u32>,
    ) -> Result<FootprintResponse> {
        self.park_footprints_query(&QueryMsg::Footprint {
            product_id: product_id.to_string(),
            version,
        })
        .await
    }

    /// A product's versions, oldest first, every page up to `cap`.
    pub async fn park_footprint_versions(
        &self,
        product_id: &str,
        cap: usize,
    ) -> Result<Paged<VersionSummary>> {
        self.list(
            self.park_footprints_contract()?,
            cap,
            |start_after, limit| QueryMsg::Versions {
                product_id: product_id.to_string(),
                start_after,
                limit,
            },
            |r: VersionsResponse| r.versions,
            |v| v.version,
        )
        .await
    }

    /// The inputs tree under a product's footprint (its current version, or `version`),
    /// `max_depth` levels deep (the contract's most when `None`), every page.
    pub async fn park_inputs_tree(
        &self,
        product_id: &str,
        version: Option<u32>,
        max_depth: Option<u32>,
    ) -> Result<InputsTree> {
        read_tree(async |start_after| {
            self.park_footprints_query(&QueryMsg::InputsTree {
                product_id: product_id.to_string(),
                version,
                max_depth,
                start_after,
                limit: Some(MAX_LIMIT),
            })
            .await
        })
        .await
    }

    /// The current footprints resting on a version of `product_id` (with `superseded_only`,
    /// on a superseded version), by (input version, product), every page up to `cap`.
    pub async fn park_footprint_dependants(
        &self,
        product_id: &str,
        superseded_only: bool,
        cap: usize,
    ) -> Result<Paged<Dependant>> {
        self.list(
            self.park_footprints_contract()?,
            cap,
            |start_after, limit| QueryMsg::Dependants {
                product_id: product_id.to_string(),
                superseded_only,
                start_after,
                limit,
            },
            |r: DependantsResponse| r.dependants,
            |d| (d.input_version, d.product_id.clone()),
        )
        .await
    }

    /// Whether `document_sha256` is the hash published for `product_id`'s `version`.
    pub async fn park_footprint_verify_hash(
        &self,
        product_id: &str,
        version: u32,
        document_sha256: HexBinary,
    ) -> Result<VerifyResponse> {
        self.park_footprints_query(&QueryMsg::Verify {
            product_id: product_id.to_string(),
            version,
            document_sha256,
        })
        .await
    }

    /// Whether `document` (PACT JSON, any layout) is the one published for `product_id`'s
    /// `version`: its canonical hash ([`pact::document_sha256`]) against the stored one.
    pub async fn park_footprint_verify(
        &self,
        product_id: &str,
        version: u32,
        document: &str,
    ) -> Result<VerifyResponse> {
        let hash = pact::document_sha256(document)?;
        self.park_footprint_verify_hash(product_id, version, hash)
            .await
    }

    /// A company's products by product id, every page up to `cap`.
    pub async fn park_company_products(
        &self,
        company: &str,
        cap: usize,
    ) -> Result<Paged<ProductSummary>> {
        self.list(
            self.park_footprints_contract()?,
            cap,
            |start_after, limit| QueryMsg::ByCompany {
                company: company.to_string(),
                start_after,
                limit,
            },
            |r: ProductsResponse| r.products,
            |p| p.product_id.clone(),
        )
        .await
    }

    /// The credits retired against `product_id` (any version) by retirement id, every page
    /// up to `cap`, with the contract's total.
    pub async fn park_footprint_retirements(
        &self,
        product_id: &str,
        cap: usize,
    ) -> Result<Retirements> {
        let contract = self.park_footprints_contract()?;
        let total = Cell::new(None);
        let page = collect_pages(
            MAX_LIMIT,
            cap,
            |start_after, limit| {
                let msg = QueryMsg::Retirements {
                    product_id: product_id.to_string(),
                    start_after,
                    limit: Some(limit),
                };
                let total = &total;
                async move {
                    let r: CreditRetirementsResponse = self.query(contract, &msg).await?;
                    total.set(Some(r.total));
                    Ok(r.retirements)
                }
            },
            |r: &CreditRetirement| r.retirement_id,
        )
        .await?;
        Ok(Retirements {
            product_id: product_id.to_string(),
            total: total.get().unwrap_or(0),
            retirements: page.items,
            truncated: page.truncated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ledger_client::{Attribute, Event};
    use std::cell::RefCell;

    fn node(position: u32, depth: u32, product: &str) -> TreeNode {
        TreeNode {
            position,
            depth,
            parent_product_id: "bracket".into(),
            parent_version: 2,
            input: InputView {
                product_id: product.into(),
                version: 1,
                amount_per_unit: Uint128::new(1_050_000),
                contribution: Uint128::new(1_995_000),
                superseded: false,
            },
        }
    }

    fn page(nodes: Vec<TreeNode>, has_more: bool, truncated: bool) -> InputsTreeResponse {
        InputsTreeResponse {
            product_id: "bracket".into(),
            version: 2,
            attributed_emissions: Uint128::new(2_318_000),
            nodes,
            has_more,
            truncated,
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn a_tree_is_read_page_after_page_from_the_last_position() {
        let asked = RefCell::new(Vec::new());
        let tree = block_on(read_tree(async |start_after| {
            asked.borrow_mut().push(start_after);
            Ok(match start_after {
                None => page(vec![node(1, 1, "coil"), node(2, 2, "slab")], true, false),
                Some(2) => page(vec![node(3, 1, "zinc")], true, false),
                Some(3) => page(vec![node(4, 2, "ore")], false, true),
                Some(other) => panic!("asked after {other}"),
            })
        }))
        .unwrap();
        assert_eq!(asked.into_inner(), vec![None, Some(2), Some(3)]);
        let positions: Vec<u32> = tree.nodes.iter().map(|n| n.position).collect();
        assert_eq!(positions, vec![1, 2, 3, 4]);
        assert!(tree.truncated);
        assert_eq!(
            (
                tree.product_id.as_str(),
                tree.version,
                tree.attributed_emissions.u128()
            ),
            ("bracket", 2, 2_318_000)
        );
    }

    #[test]
    fn a_tree_that_does_not_move_on_is_an_error_not_a_loop() {
        let err = block_on(read_tree(async |start_after| {
            Ok(match start_after {
                None => page(vec![node(1, 1, "coil")], true, false),
                Some(_) => page(vec![node(1, 1, "coil")], true, false),
            })
        }))
        .unwrap_err();
        assert!(err.to_string().contains("after position 1"), "{err}");
        let empty = block_on(read_tree(async |_| Ok(page(vec![], false, false)))).unwrap();
        assert!(empty.nodes.is_empty() && !empty.truncated);
    }

    #[test]
    fn a_publication_reports_what_it_created() {
        let attrs = [
            ("product_id", "bracket"),
            ("version", "2"),
            ("pf_id", "6f2c8a41-93d7-4b1e-a5c0-2e8d17b4f9a3"),
            ("company", "wasm1nordhafen"),
            ("attributed_emissions", "2318000"),
            ("inputs", "2"),
            ("document_sha256", "b9b5"),
        ];
        let outcome = TxOutcome {
            hash: "AB".into(),
            height: 7,
            gas_wanted: 100,
            gas_used: 90,
            events: vec![Event {
                kind: PUBLISHED_EVENT.into(),
                attributes: attrs
                    .iter()
                    .map(|(k, v)| Attribute {
                        key: k.to_string(),
                        value: v.to_string(),
                    })
                    .collect(),
            }],
            msg_responses: vec![],
        };
        assert_eq!(
            published_of(&outcome),
            Some(Published {
                product_id: "bracket".into(),
                version: 2,
                pf_id: "6f2c8a41-93d7-4b1e-a5c0-2e8d17b4f9a3".into(),
                company: "wasm1nordhafen".into(),
                attributed_emissions: Uint128::new(2_318_000),
                inputs: 2,
                document_sha256: "b9b5".into(),
            })
        );
        let other = TxOutcome {
            events: vec![],
            ..outcome
        };
        assert_eq!(published_of(&other), None);
    }
}
