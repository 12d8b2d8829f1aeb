//! The portcullis data plane: a [`plan::Plan`] built from the IR, run by
//! `nbthread` shared-nothing mio workers.
//!
//! Entry points: [`plan::build`] (also used by `-c`, so a check and a
//! start-up can never disagree) and [`run`], which binds, daemonizes when
//! asked, starts the workers and handles haproxy's signals until the
//! process stops.

pub mod cond;
mod conn;
mod flow;
mod health;
mod health_state;
mod listen;
pub mod plan;
mod process;
mod report;
mod session;
mod shared;
pub mod support;
mod worker;

pub use process::{run, Report, RunOpts};
