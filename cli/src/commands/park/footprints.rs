//! `ledger park footprints` (alias `fp`): product carbon footprints along the supply chain.
//!
//! * a participant: `publish FILE.json --product-id ID [--process-emissions KG]
//!   [--input PRODUCT@VERSION=AMOUNT]...` (a PACT v2 document, read exactly and hashed in
//!   its RFC 8785 form);
//! * the registry's administrator: `link-credits ADDRESS`;
//! * anyone: `show`, `versions`, `tree`, `dependants [--stale]`, `verify`, `products`,
//!   `retirements`, `config` (tables, or `-o json`).
//!
//! Emissions are typed and shown in kgCO2e per declared unit, amounts in units of the input's
//! declared unit per declared unit, both with up to six decimals, as the contract keeps them.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, bail};
use clap::Subcommand;
use cosmwasm_std::Uint128;
use ledger_sdk::contracts::park::footprints::{
    Declaration, InputUse, MAX_INPUTS, MAX_TREE_DEPTH, Published, published_of,
};
use ledger_sdk::contracts::park::pact::{self, PactImport};
use serde::Serialize;

use crate::args::Limit;
use crate::context::App;
use crate::render::park_footprints::{
    config_record, dependants_table, footprint_record, inputs_table, kg, products_table,
    published_line, retirements_table, tree_lines, unit, verify_line, versions_table,
};
use crate::render::{self, Output};

/// `ledger park footprints ...`
#[derive(Subcommand, Debug)]
pub enum FootprintsCmd {
    /// Publish a product's footprint from a PACT v2 ProductFootprint document: version 1 of
    /// a new product (you become its declaring company), or the next version of yours
    Publish(Box<PublishArgs>),
    /// Link the carbon-credits contract whose retirements against footprints are recorded
    /// here (the registry's administrator)
    LinkCredits {
        /// The credits contract's address
        address: String,
    },
    /// A product's footprint with its inputs (its current version, or --version); `-o json`
    /// answers in PACT's shape as the contract returns it
    Show {
        /// The product id
        product: String,
        /// This version instead of the current one
        #[arg(long)]
        version: Option<u32>,
    },
    /// A product's versions, oldest first
    Versions {
        /// The product id
        product: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// The inputs tree under a product's footprint, depth first, indented by depth
    Tree {
        /// The product id
        product: String,
        /// This version instead of the current one
        #[arg(long)]
        version: Option<u32>,
        /// How many levels of inputs (1 to 8; all 8 when left out)
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_TREE_DEPTH)))]
        depth: Option<u32>,
    },
    /// The current footprints that use a version of this product as input
    Dependants {
        /// The product id
        product: String,
        /// Only those resting on a version that has since been superseded
        #[arg(long)]
        stale: bool,
        #[command(flatten)]
        limit: Limit,
    },
    /// Whether a PACT document is the one published for a version (by its canonical SHA-256);
    /// exits non-zero when it is not
    Verify {
        /// The product id
        product: String,
        /// The version it should be
        #[arg(long)]
        version: u32,
        /// The PACT document (JSON, any layout)
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
    },
    /// A company's products, by product id
    Products {
        /// The company (an address or a key name)
        company: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// The carbon credits retired against a product (any version), and their total
    Retirements {
        /// The product id
        product: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// The contract's registry and linked credits contract
    Config,
}

/// `ledger park footprints publish`
#[derive(clap::Args, Debug)]
pub struct PublishArgs {
    /// The PACT v2 ProductFootprint document
    #[arg(value_name = "FILE.json")]
    pub file: PathBuf,
    /// The ledger's key for the product: one of the document's productIds
    #[arg(long)]
    pub product_id: String,
    /// Your own process emissions, kgCO2e per declared unit, inputs left out (e.g. 0.35);
    /// needed with --input, else the document's pCfExcludingBiogenic
    #[arg(long, value_name = "KGCO2E")]
    pub process_emissions: Option<String>,
    /// An input: its product id, the footprint version you computed with, and the amount of
    /// it per declared unit in its own declared unit (e.g. urn:gtin:123@2=1.05); repeat for
    /// more (at most 16)
    #[arg(long = "input", value_name = "PRODUCT@VERSION=AMOUNT")]
    pub inputs: Vec<InputArg>,
}

/// `--input PRODUCT@VERSION=AMOUNT`.
#[derive(Clone, Debug, PartialEq)]
pub struct InputArg(pub InputUse);

impl FromStr for InputArg {
    type Err = String;

    /// The amount and version are split off the right, so a product id may itself hold `@`
    /// or `=` (URNs can).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shape = || format!("'{s}' is not PRODUCT@VERSION=AMOUNT (e.g. urn:gtin:123@2=1.05)");
        let (rest, amount) = s.rsplit_once('=').ok_or_else(shape)?;
        let (product_id, version) = rest.rsplit_once('@').ok_or_else(shape)?;
        if product_id.is_empty() {
            return Err(shape());
        }
        let version: u32 = version.parse().ok().filter(|v| *v > 0).ok_or_else(|| {
            format!("'{s}': the version '{version}' is not a version (1, 2, ...)")
        })?;
        let amount_per_unit =
            // The coded form, so that the refusal's code survives clap's error text.
            pact::micro(&format!("--input {product_id}"), amount)
                .map_err(|e| ledger_sdk::Error::from(e).to_string())?;
        if amount_per_unit.is_zero() {
            return Err(format!(
                "'{s}': an input of no amount adds nothing; leave it out"
            ));
        }
        Ok(InputArg(InputUse {
            product_id: product_id.to_string(),
            version,
            amount_per_unit,
        }))
    }
}

impl fmt::Display for InputArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.0;
        write!(
            f,
            "{}@{}={}",
            i.product_id,
            i.version,
            kg(i.amount_per_unit)
        )
    }
}

/// What `publish -o json` adds to the transaction: what was created.
#[derive(Serialize)]
struct PublishedReport {
    #[serde(flatten)]
    published: Option<Published>,
    declared_unit: &'static str,
    process_emissions: Uint128,
}

#[derive(Serialize)]
struct CreditsLinked {
    credits: String,
}

/// The declaration `args` ask for, from the document's text.
pub fn import(args: &PublishArgs, document: &str) -> anyhow::Result<Declaration> {
    if args.inputs.len() > MAX_INPUTS {
        bail!(
            "a footprint names at most {MAX_INPUTS} inputs; {} were given",
            args.inputs.len()
        );
    }
    let process_emissions = args
        .process_emissions
        .as_deref()
        .map(|text| pact::micro("--process-emissions", text))
        .transpose()
        .map_err(ledger_sdk::Error::from)?;
    let how = PactImport {
        product_id: args.product_id.clone(),
        process_emissions,
        inputs: args.inputs.iter().map(|i| i.0.clone()).collect(),
    };
    Ok(pact::declaration(document, how).map_err(ledger_sdk::Error::from)?)
}

fn read(file: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))
}

/// Runs a `ledger park footprints` command.
pub async fn run(app: &App, cmd: FootprintsCmd) -> anyhow::Result<()> {
    let out = app.output();
    match cmd {
        FootprintsCmd::Publish(args) => {
            let document = read(&args.file)?;
            let declaration = import(&args, &document)
                .with_context(|| format!("reading {}", args.file.display()))?;
            let unit_name = unit(declaration.pcf.declared_unit);
            let process_emissions = declaration.pcf.process_emissions;
            let outcome = app
                .transact(async |l, s| l.park_publish_footprint(s, declaration).await)
                .await?;
            let published = published_of(&outcome);
            let action = match &published {
                Some(p) => published_line(p, unit_name),
                None => format!("published {}'s footprint", args.product_id),
            };
            render::tx(
                out,
                &action,
                &outcome,
                PublishedReport {
                    published,
                    declared_unit: unit_name,
                    process_emissions,
                },
            )
        }
        FootprintsCmd::LinkCredits { address } => {
            let address = app.address(&address)?;
            let outcome = app
                .transact(async |l, s| l.park_link_credits(s, &address).await)
                .await?;
            let action = format!(
                "linked the credits contract {address}: its retirements against footprints are \
                 recorded here"
            );
            render::tx(out, &action, &outcome, CreditsLinked { credits: address })
        }
        FootprintsCmd::Show { product, version } => {
            let ledger = app.ledger().await?;
            let footprint = ledger.park_footprint(&product, version).await?;
            match out {
                Output::Json => render::json(&footprint),
                Output::Table => {
                    println!("{}", footprint_record(&footprint));
                    if footprint.ledger.inputs.is_empty() {
                        println!("no inputs: process emissions only");
                    } else {
                        println!("{}", inputs_table(&footprint.ledger.inputs));
                    }
                    Ok(())
                }
            }
        }
        FootprintsCmd::Versions { product, limit } => {
            let ledger = app.ledger().await?;
            let page = ledger
                .park_footprint_versions(&product, limit.cap())
                .await?;
            render::list(out, "versions", &page.items, page.truncated, |v| {
                versions_table(v)
            })
        }
        FootprintsCmd::Tree {
            product,
            version,
            depth,
        } => {
            let ledger = app.ledger().await?;
            let tree = ledger.park_inputs_tree(&product, version, depth).await?;
            if tree.truncated {
                eprintln!(
                    "note: the tree has more nodes than one walk reads; see the rest with \
                     `ledger park footprints tree <a deeper product>`"
                );
            }
            match out {
                Output::Json => render::json(&tree),
                Output::Table => {
                    for line in tree_lines(&tree) {
                        println!("{line}");
                    }
                    Ok(())
                }
            }
        }
        FootprintsCmd::Dependants {
            product,
            stale,
            limit,
        } => {
            let ledger = app.ledger().await?;
            let page = ledger
                .park_footprint_dependants(&product, stale, limit.cap())
                .await?;
            let what = if stale {
                "footprints resting on a superseded version"
            } else {
                "dependants"
            };
            render::list(out, what, &page.items, page.truncated, |d| {
                dependants_table(d)
            })
        }
        FootprintsCmd::Verify {
            product,
            version,
            file,
        } => {
            let document = read(&file)?;
            let hash = pact::document_sha256(&document)
                .map_err(ledger_sdk::Error::from)
                .with_context(|| format!("reading {}", file.display()))?;
            let ledger = app.ledger().await?;
            let answer = ledger
                .park_footprint_verify_hash(&product, version, hash.clone())
                .await?;
            match out {
                Output::Json => render::json(&answer)?,
                Output::Table => println!("{}", verify_line(&answer, &hash.to_hex())),
            }
            if !answer.matches {
                bail!(
                    "{} is not the document published for {product} version {version}",
                    file.display()
                );
            }
            Ok(())
        }
        FootprintsCmd::Products { company, limit } => {
            let company = app.address(&company)?;
            let ledger = app.ledger().await?;
            let page = ledger.park_company_products(&company, limit.cap()).await?;
            render::list(out, "products", &page.items, page.truncated, |p| {
                products_table(p)
            })
        }
        FootprintsCmd::Retirements { product, limit } => {
            let ledger = app.ledger().await?;
            let retirements = ledger
                .park_footprint_retirements(&product, limit.cap())
                .await?;
            if retirements.truncated {
                eprintln!(
                    "note: showing the first {} retirements; there are more, raise --limit",
                    retirements.retirements.len()
                );
            }
            match out {
                Output::Json => render::json(&retirements),
                Output::Table => {
                    if !retirements.retirements.is_empty() {
                        println!("{}", retirements_table(&retirements.retirements));
                    }
                    println!(
                        "{} credit(s) (t CO2e) retired against {} in all",
                        retirements.total, retirements.product_id
                    );
                    Ok(())
                }
            }
        }
        FootprintsCmd::Config => {
            let ledger = app.ledger().await?;
            let config = ledger.park_footprints_config().await?;
            match out {
                Output::Json => render::json(&config),
                Output::Table => {
                    println!("{}", config_record(&config));
                    Ok(())
                }
            }
        }
    }
}
