//! The meter client: the program on a meter's Raspberry Pi that signs the meter's readings and
//! brings them to the chain, and a fleet simulator that does the same for thousands of
//! simulated meters from one process.
//!
//! * [`source`]: where readings come from, behind the [`source::ReadingSource`] trait: a
//!   [`source::Simulator`] following a household load curve ([`curve`]), or a
//!   [`source::LineSource`] reading `<interval_start> <interval_length> <register_wh>` lines
//!   from a file, stdin or a serial device; a park's generation meters follow a solar curve
//!   ([`solar`]).
//! * [`outbox`]: the crash-safe, append-only, checksummed log in which every signed reading
//!   waits until its transaction is in a block (the crash-safety argument is there).
//! * [`checkpoint`]: sequence numbers and registers across restarts.
//! * [`engine`]: numbering, signing, batching, broadcasting, confirming, resynchronising with
//!   the meter contract after restarts and errors, backoff, status lines.
//! * [`chain`]: the chain behind a trait, implemented over `ledger-client`.
//! * [`tariff_clock`]: the meter contract's compressed clock for demo cycles, and the
//!   simulator's time compression (`--compress-time`).
//! * [`keys`]: the meter's key (generated on the device, encrypted), fleet keys, passphrases.
//! * [`agent`]: a cloud provider's metering agent (`meter-client agent`): usage records of
//!   running leases, signed with the agent's key and sent to the federation contract.
//! * [`inputs`]: real meters: DSMR P1 telegrams, SML frames and Modbus RTU/TCP registers, cut
//!   into measurements at the interval boundaries.
//! * [`park`]: the simulated park's orders on the energy market: the park file, the plan of
//!   offers and bids per slot from the curves, what was posted, and the market's messages.
//! * [`metrics`]: Prometheus metrics of the sender and the inputs on a local port.
//! * [`app`]: the `init`, `pubkey`, `run`, `fleet` and `agent` commands.
//!
//! # Files in a data directory
//!
//! | file | what |
//! |---|---|
//! | `meter.json` | the meter id (written by `init`) |
//! | `keys/meter.json` | the meter's key, encrypted (Argon2id + XChaCha20-Poly1305) |
//! | `outbox.log` | signed readings not yet in a block |
//! | `state.json` | per meter: next sequence, register, next interval start; the main chain, and the meter contracts with the chain each is on |
//! | `rejected.jsonl` | readings the contract refused for good, with its reason |
//! | `lock` | the process id of the client using the directory |
//! | `keys/agent.json` | a metering agent's key, encrypted like the meter's (`agent init`) |
//! | `agent-state.json` | the agent's book: per lease the next sequence, the end of what is signed, the GB fraction carried; and the signed records not yet in a block |
//! | `park-state.json` | the simulated park's orders: per open slot, the meters whose order is posted (or was refused) |
//! | `usage-dropped.jsonl` | the agent's records the contract will never take (lease no longer running, overlapping period), with its code |
//!
//! # Dependencies and why
//!
//! * `ledger-client` (this workspace): the chain connection, transaction signing and
//!   broadcasting from the gateway account, and its encrypted key store, reused for the
//!   meter's key so that there is one key-file format.
//! * `ledger-reading` (feature `signer`) and `ledger-types`: the canonical signed reading and
//!   the meter and admin contracts' messages, shared with the contracts so that the bytes a
//!   meter signs are exactly those the contract verifies.
//! * `cosmwasm-std`: only its `Binary` (base64 in contract messages), already part of the
//!   types above.
//! * `tokio` (with `signal`, `sync`, `net` and `io-util`): the sender loop, timers,
//!   SIGINT/SIGTERM, and the metrics' HTTP responder.
//! * `prometheus-client` (the Prometheus project's Rust client): the metrics and their text
//!   exposition; the HTTP around it is a few lines of ours ([`metrics::serve`]).
//! * `clap` (derive, env): the command line, shared with the admin CLI.
//! * `tracing` and `tracing-subscriber`: one status line per batch and the rest of the log
//!   on stderr, filtered with `RUST_LOG`.
//! * `serialport` (default features off: no libudev): serial ports for the P1 cable, the
//!   optical head and RS-485; `tokio-modbus` (blocking client) with `tokio-serial` (default
//!   features off) for Modbus RTU and TCP; `sml-rs` for SML's transport and messages. DSMR
//!   telegrams are parsed here ([`inputs::dsmr`]): the CRC and six OBIS lines.
//! * `rpassword`: asks for a passphrase without echo (pure Rust over `libc`).
//! * `sha2`: the outbox's record checksums and the fleet's key derivation; `hex`, `serde`,
//!   `serde_json`, `thiserror`, `zeroize` (passphrases wiped from memory), `anyhow` (the
//!   binary's error reports): small, ubiquitous crates already in the workspace.
//!
//! Everything the meter needs is pure Rust except what the chain client brings: its HTTP
//! stack (reqwest with rustls) uses `ring`, whose build compiles C and assembly, so building
//! for a Raspberry Pi (`aarch64-unknown-linux-gnu`) needs a C cross compiler
//! (`gcc-aarch64-linux-gnu` on Debian), which linking the binary needs anyway.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod agent;
pub mod app;
pub mod backoff;
pub mod chain;
pub mod checkpoint;
pub mod curve;
pub mod engine;
pub mod inputs;
pub mod keys;
pub mod metrics;
pub mod outbox;
pub mod park;
pub mod solar;
pub mod source;
pub mod tariff_clock;
pub mod when;
