//! The commands: `init`, `pubkey`, `run`, `fleet`, `fleet keys` and `agent`.
//!
//! * [`args`]: the command line;
//! * [`data_dir`]: a meter's data directory, `init`, `pubkey` and the directory lock;
//! * [`session`]: what `run` and `fleet` share (chain settings, retries, the source thread);
//! * [`placement`]: where a meter's readings go (the main chain, or its region's chain);
//! * [`run`](mod@run) and [`fleet`](mod@fleet): the two ways of sending readings;
//! * [`agent`](mod@agent): a cloud provider's metering agent.

pub mod agent;
pub mod args;
pub mod data_dir;
pub mod fleet;
pub mod placement;
pub mod run;
pub mod session;

pub use agent::*;
pub use args::*;
pub use data_dir::*;
pub use fleet::*;
pub use placement::*;
pub use run::*;
pub use session::*;

#[cfg(test)]
mod tests;
