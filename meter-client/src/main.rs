//! `meter-client`: see the crate documentation and `meter-client --help`.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use meter_client::app::{self, AgentCommand, FleetArgs, FleetCommand, InitArgs, RunArgs};
use tracing_subscriber::EnvFilter;

/// The meter's signing client: readings from a simulator or a meter reader, signed on the
/// device, kept in a crash-safe outbox and sent to the ledger in batches.
#[derive(Parser, Debug)]
#[command(name = "meter-client", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate the meter's key on this device, stored encrypted, and print its public key
    Init(InitArgs),
    /// Print the meter's public key (hex), for registration
    Pubkey {
        /// The meter's data directory
        #[arg(long, value_name = "DIR")]
        data_dir: std::path::PathBuf,
    },
    /// Record, sign and send the meter's readings until stopped (or until the source ends)
    Run(Box<RunArgs>),
    /// Simulate many meters through one gateway account; `fleet keys` prints their keys
    Fleet(Box<FleetCmd>),
    /// A cloud provider's metering agent: signs usage records of running leases and sends
    /// them to the federation contract
    #[command(subcommand)]
    Agent(AgentCommand),
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct FleetCmd {
    #[command(subcommand)]
    command: Option<FleetCommand>,
    #[command(flatten)]
    run: FleetArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            // The client library logs every broadcast; the status line per batch says it all.
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,ledger_client=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Init(args) => {
            let pubkey = app::init(&args)?;
            eprintln!(
                "meter '{}' initialised in {}; register it with this public key:",
                args.meter_id,
                args.data_dir.display()
            );
            println!("{pubkey}");
            Ok(())
        }
        Command::Pubkey { data_dir } => {
            println!("{}", app::pubkey(&data_dir)?);
            Ok(())
        }
        Command::Run(args) => {
            runtime()?.block_on(app::run(*args))?;
            Ok(())
        }
        Command::Agent(AgentCommand::Init(args)) => {
            let pubkey = app::agent_init(&args)?;
            eprintln!(
                "metering agent key made in {}; the provider's administrator registers this \
                 public key (RegisterAgent):",
                args.data_dir.display()
            );
            println!("{pubkey}");
            Ok(())
        }
        Command::Agent(AgentCommand::Pubkey { data_dir }) => {
            println!("{}", app::agent_pubkey(&data_dir)?);
            Ok(())
        }
        Command::Agent(AgentCommand::Run(args)) => {
            let summary = runtime()?.block_on(app::agent_run(*args))?;
            eprintln!("{}", app::describe_agent(&summary));
            Ok(())
        }
        Command::Fleet(cmd) => match cmd.command {
            Some(FleetCommand::Keys(args)) => {
                print!("{}", app::render_fleet_keys(&args)?);
                Ok(())
            }
            None => {
                runtime()?.block_on(app::fleet(cmd.run))?;
                Ok(())
            }
        },
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_takes_a_contract_or_finds_it_through_the_deployment() {
        let parse = |extra: &[&str]| {
            let mut argv = vec![
                "meter-client",
                "run",
                "--data-dir",
                "d",
                "--source",
                "simulator",
            ];
            argv.extend_from_slice(extra);
            match Cli::try_parse_from(argv).unwrap().command {
                Command::Run(args) => args,
                other => panic!("not run: {other:?}"),
            }
        };
        let located = parse(&["--deployment", "deployment.json"]);
        assert_eq!(located.contract, None);
        assert_eq!(
            located.deployment.as_deref(),
            Some(std::path::Path::new("deployment.json"))
        );
        let explicit = parse(&["--contract", "wasm1meter"]);
        assert_eq!(explicit.contract.as_deref(), Some("wasm1meter"));
    }

    #[test]
    fn agent_run_takes_the_federation_contract_and_an_input() {
        let cli = Cli::try_parse_from([
            "meter-client",
            "agent",
            "run",
            "--data-dir",
            "a",
            "--federation",
            "wasm1cloud",
            "--input",
            "-",
            "--gateway-key",
            "gw",
        ])
        .unwrap();
        let Command::Agent(AgentCommand::Run(args)) = cli.command else {
            panic!("not agent run");
        };
        assert_eq!(args.federation, "wasm1cloud");
        assert_eq!(args.input, std::path::Path::new("-"));
        assert_eq!(args.chain.gateway_key.as_deref(), Some("gw"));
        assert!(
            Cli::try_parse_from([
                "meter-client",
                "agent",
                "run",
                "--data-dir",
                "a",
                "--input",
                "-"
            ])
            .is_err(),
            "runs without a federation contract"
        );
    }

    #[test]
    fn fleet_runs_or_prints_keys() {
        let cli = Cli::try_parse_from([
            "meter-client",
            "fleet",
            "--meters",
            "3",
            "--deployment",
            "d.json",
            "--gateway-key",
            "gw",
        ])
        .unwrap();
        let Command::Fleet(cmd) = cli.command else {
            panic!("not fleet");
        };
        assert!(cmd.command.is_none());
        assert_eq!(cmd.run.meters, Some(3));
        assert_eq!(cmd.run.chain.gateway_key.as_deref(), Some("gw"));

        let cli = Cli::try_parse_from([
            "meter-client",
            "fleet",
            "keys",
            "--meters",
            "3",
            "--seed",
            "1",
        ])
        .unwrap();
        let Command::Fleet(cmd) = cli.command else {
            panic!("not fleet");
        };
        assert!(matches!(cmd.command, Some(FleetCommand::Keys(k)) if k.meters == 3));
        assert!(
            Cli::try_parse_from([
                "meter-client",
                "fleet",
                "keys",
                "--meters",
                "3",
                "--deployment",
                "x"
            ])
            .is_err()
        );
    }

    #[test]
    fn a_fleet_runs_a_park_with_its_market() {
        let base = [
            "meter-client",
            "fleet",
            "--meters",
            "4",
            "--deployment",
            "d.json",
            "--gateway-key",
            "gw",
        ];
        let cli = Cli::try_parse_from(base.iter().chain(&[
            "--park",
            "park.json",
            "--market",
            "wasm1market",
            "--park-slots-ahead",
            "3",
        ]))
        .unwrap();
        let Command::Fleet(cmd) = cli.command else {
            panic!("not fleet");
        };
        let park = &cmd.run.park;
        assert_eq!(
            park.file.as_deref(),
            Some(std::path::Path::new("park.json"))
        );
        assert_eq!(park.market.as_deref(), Some("wasm1market"));
        assert_eq!(park.slots_ahead, 3);
        // Two slots ahead unless told; no market without a park.
        let Command::Fleet(cmd) = Cli::try_parse_from(base).unwrap().command else {
            panic!("not fleet");
        };
        assert_eq!(cmd.run.park.slots_ahead, 2);
        assert!(cmd.run.park.file.is_none());
        assert!(Cli::try_parse_from(base.iter().chain(&["--market", "wasm1market"])).is_err());
    }
}
