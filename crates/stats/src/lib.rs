//! haproxy 2.6's runtime API (the stats socket) without I/O: the CLI protocol, the commands
//! with their checks and error texts, and the outputs, byte-exact.
//!
//! The runtime owns the sockets, the clock and the state; this crate turns bytes into commands
//! and snapshots into answers:
//!
//! 1. [`Session`] (one per connection, created with the socket's [`Level`]): `feed` the bytes
//!    read, then loop on `next_command`. Session-level commands (`prompt`, `quit`, `help`,
//!    `set timeout cli`, `operator`, `user`, `show cli level`), unknown commands (with haproxy's
//!    suggestions) and `Permission denied` are answered inside; every other command comes out
//!    as a [`Command`], which the runtime answers with `answer(text)`. `take_output` gives the
//!    framed bytes (`text`, an empty line, and `> ` in prompt mode); `should_close` says when
//!    to close.
//! 2. [`plan`] answers a [`Command`] from a [`StatsSnapshot`], an [`InfoSnapshot`] and a
//!    [`Context`] (level, environment, sessions): the text of a read-only command or of an
//!    error (`No such server.`, ...), or an [`Action`] with resolved ids for the runtime to
//!    apply (its answer is then `""`).
//! 3. The formatters are public on their own: [`show_stat`] (CSV with the exact 2.6.12 header,
//!    `typed`, `json`, filters), [`show_info`], [`show_servers_state`], [`show_backend`],
//!    [`get_weight`], [`show_env`], [`show_sess`].
//!
//! Invariant: pure. No sockets, no clock, no threads; times are given in the snapshots.

mod command;
mod fields;
mod help;
mod info;
mod level;
mod outputs;
mod session;
mod snapshot;
mod stat;

pub use command::{
    plan, weight_change, Action, Command, Context, Outcome, ServerAdmin, ServerName,
};
pub use help::{help_text, unknown_command};
pub use info::{show_info, InfoFormat};
pub use level::Level;
pub use outputs::{
    get_weight, show_backend, show_cli_level, show_env, show_servers_state, show_sess,
    SessionSummary,
};
pub use session::{split_commands, words, Session};
pub use snapshot::*;
pub use stat::{csv_header, show_stat, ProxyRef, StatFilter, StatFormat, StatOptions, COLUMNS};
