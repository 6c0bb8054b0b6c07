//! `agent`: a cloud provider's metering agent (`agent init`, `agent pubkey`, `agent run`).
//!
//! `run` reads usage figures (see [`crate::agent::input`]) from a file or stdin until it ends,
//! signs each into a record, and sends the records to the federation contract given by
//! `--federation` (a deployment file written before the contract existed does not name it),
//! the fees paid by the gateway account. It stops once the input has ended and every record
//! is in a block, or on SIGINT/SIGTERM; the book keeps what is pending for the next run.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use ledger_client::Client;
use ledger_sdk::{Ledger, Sender};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::args::ChainArgs;
use super::data_dir::DirLock;
use super::session::{chain_config, gateway, patiently, shutdown_signal};
use crate::agent::book::Book;
use crate::agent::input::{InputError, UsageFigure, parse_line};
use crate::agent::{Agent, AgentSummary, Flush, SdkChain};
use crate::keys::{self, AGENT_PASSPHRASE_ENV};

/// The agent's book of sequences and pending records, in the data directory.
pub const AGENT_BOOK_FILE: &str = "agent-state.json";
/// Records the contract will never take, one JSON line each with its code.
pub const AGENT_DROPPED_FILE: &str = "usage-dropped.jsonl";

/// `meter-client agent …`
#[derive(Subcommand, Debug)]
pub enum AgentCommand {
    /// Generate the agent's key, stored encrypted, and print its public key for the
    /// provider's administrator to register (RegisterAgent)
    Init(AgentInitArgs),
    /// Print the agent's public key (hex)
    Pubkey {
        /// The agent's data directory
        #[arg(long, value_name = "DIR")]
        data_dir: PathBuf,
    },
    /// Sign and send usage records read from a file or stdin until it ends
    Run(Box<AgentRunArgs>),
}

/// `meter-client agent init`
#[derive(Args, Debug, Clone)]
pub struct AgentInitArgs {
    /// Directory for the agent's key and book (created if missing)
    #[arg(long, value_name = "DIR")]
    pub data_dir: PathBuf,
    /// File whose first line is the passphrase the key is encrypted with [default:
    /// LEDGER_AGENT_PASSPHRASE, else asked twice]
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Cheap key derivation, for tests only
    #[arg(long, hide = true)]
    pub insecure_fast_kdf: bool,
}

/// `meter-client agent run`
#[derive(Args, Debug, Clone)]
pub struct AgentRunArgs {
    /// The agent's data directory (key, book, dropped records)
    #[arg(long, value_name = "DIR")]
    pub data_dir: PathBuf,
    /// The cloud-federation contract's address
    #[arg(long, env = "LEDGER_CLOUD_FEDERATION", value_name = "ADDRESS")]
    pub federation: String,
    /// Usage figures, one a line (`lease_id,period_start,period_end,gb` or JSON): a file, or
    /// `-` for stdin
    #[arg(long, value_name = "FILE|-")]
    pub input: PathBuf,
    /// File whose first line is the agent key's passphrase [default: LEDGER_AGENT_PASSPHRASE,
    /// else asked]
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Longest wait between retries while the chain is unreachable, seconds
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub backoff_cap: u64,
    /// How to reach the chain and who pays the fees.
    #[command(flatten)]
    pub chain: ChainArgs,
}

/// `agent init`: the agent's public key (hex).
pub fn agent_init(args: &AgentInitArgs) -> anyhow::Result<String> {
    super::data_dir::create_private_dir(&args.data_dir)?;
    let pass = keys::new_passphrase(
        args.passphrase_file.as_deref(),
        AGENT_PASSPHRASE_ENV,
        "the agent key",
    )?;
    let info = keys::generate_agent_key(&args.data_dir, &pass, args.insecure_fast_kdf)?;
    Ok(info.public_key)
}

/// `agent pubkey`: the agent's public key (hex).
pub fn agent_pubkey(data_dir: &std::path::Path) -> anyhow::Result<String> {
    keys::agent_pubkey(data_dir).with_context(|| {
        format!(
            "no agent key in {}: run `meter-client agent init --data-dir {}` first",
            data_dir.display(),
            data_dir.display()
        )
    })
}

/// A line of input, read on a thread of its own.
enum InputEvent {
    Figure(UsageFigure),
    Bad(InputError),
    Failed(String),
}

/// `agent run`.
pub async fn agent_run(args: AgentRunArgs) -> anyhow::Result<AgentSummary> {
    let data_dir = &args.data_dir;
    let _lock = DirLock::acquire(data_dir)?;
    let pass = keys::passphrase(
        args.passphrase_file.as_deref(),
        AGENT_PASSPHRASE_ENV,
        "Passphrase of the agent key: ",
    )?;
    let key = keys::load_agent_key(data_dir, &pass)?;
    drop(pass);
    let config = chain_config(&args.chain, None)?;
    let chain_id = config.chain_id.clone();
    let cap = Duration::from_secs(args.backoff_cap.max(1));
    let client = patiently("connecting to the chain", cap, || {
        Client::connect(config.clone())
    })
    .await?;
    let sender = Sender::new(client.clone(), gateway(&args.chain)?);
    let book_path = data_dir.join(AGENT_BOOK_FILE);
    let book = Book::open(&book_path, &chain_id, &args.federation)?;
    tracing::info!(
        federation = %args.federation,
        chain = %chain_id,
        gateway = %sender.address(),
        pending = book.pending.len(),
        leases = book.leases.len(),
        "metering agent starting"
    );
    let chain = SdkChain {
        ledger: Ledger::without_deployment(client),
        sender,
        federation: args.federation.clone(),
    };
    let mut agent = Agent::new(
        chain,
        key,
        book,
        book_path,
        data_dir.join(AGENT_DROPPED_FILE),
        cap,
    );
    let mut input = spawn_input(&args.input)?;
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    let mut input_open = true;
    let mut retry_at: Option<Instant> = None;
    loop {
        if agent.pending() > 0 && retry_at.is_none_or(|t| Instant::now() >= t) {
            retry_at = match agent.flush().await? {
                Flush::Done => None,
                Flush::RetryIn(delay) => Some(Instant::now() + delay),
            };
        }
        if !input_open && agent.pending() == 0 {
            break;
        }
        let wake = retry_at.unwrap_or_else(|| Instant::now() + Duration::from_secs(3_600));
        tokio::select! {
            event = input.recv(), if input_open => {
                let Some(first) = event else {
                    input_open = false;
                    continue;
                };
                // Whatever else is waiting goes into the same transaction.
                let mut events = vec![first];
                while events.len() < ledger_types::cloud::MAX_USAGE_BATCH {
                    match input.try_recv() {
                        Ok(e) => events.push(e),
                        Err(_) => break,
                    }
                }
                for event in events {
                    match event {
                        InputEvent::Figure(figure) => agent.take(figure).await?,
                        InputEvent::Bad(e) => tracing::warn!("{e}; line skipped"),
                        InputEvent::Failed(e) => bail!("reading {}: {e}", args.input.display()),
                    }
                }
            }
            () = tokio::time::sleep_until(wake), if retry_at.is_some() => {}
            () = &mut shutdown => break,
        }
    }
    Ok(agent.summary().clone())
}

/// Reads the input on a thread (stdin and pipes block), one event a line.
fn spawn_input(path: &std::path::Path) -> anyhow::Result<mpsc::Receiver<InputEvent>> {
    let reader: Box<dyn BufRead + Send> = if path.as_os_str() == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot open the usage input {}", path.display()))?;
        Box::new(BufReader::new(file))
    };
    let (tx, rx) = mpsc::channel(1_024);
    std::thread::Builder::new()
        .name("usage-input".to_string())
        .spawn(move || {
            for (index, line) in reader.lines().enumerate() {
                let event = match line {
                    Ok(text) => match parse_line(index + 1, &text) {
                        Ok(Some(figure)) => InputEvent::Figure(figure),
                        Ok(None) => continue,
                        Err(e) => InputEvent::Bad(e),
                    },
                    Err(e) => InputEvent::Failed(e.to_string()),
                };
                let failed = matches!(event, InputEvent::Failed(_));
                if tx.blocking_send(event).is_err() || failed {
                    return;
                }
            }
        })
        .context("cannot start the input thread")?;
    Ok(rx)
}

/// The closing line of `agent run`.
pub fn describe_agent(summary: &AgentSummary) -> String {
    format!(
        "{} usage records signed, {} sent in {} transactions, {} already on chain, {} dropped \
         or set aside; {} figures already signed, {} not signed",
        summary.signed,
        summary.sent,
        summary.transactions,
        summary.repeated,
        summary.dropped,
        summary.already_signed,
        summary.not_signed
    )
}
