//! Differential harness against the real haproxy binary: runs `haproxy -c`
//! and `portcullis -c` on the same configuration, each file alone in a
//! fresh scratch directory with only `PATH` and `LANG` in the environment,
//! normalises what they print, classifies the differences and keeps them
//! in a committed ledger (`compat-tests/ledger.tsv`).
//!
//! The test driving it lives in `crates/cli/tests/differential.rs`, because
//! only a test of the cli package can locate the `portcullis` binary
//! through `env!("CARGO_BIN_EXE_portcullis")`.

pub mod compare;
pub mod ledger;
mod legacy;
pub mod run;

pub use compare::{classify, Class, Outcome};
pub use ledger::{Entry, Ledger};
pub use run::{run_check, run_check_with, Scratch};
