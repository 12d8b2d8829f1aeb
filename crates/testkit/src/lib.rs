//! End-to-end test tooling for portcullis, run against either proxy binary
//! (the real haproxy or portcullis): a guard that owns a spawned proxy and
//! kills it on drop, loopback port reservations, config templates and the
//! loopback rewrite of the seed configs, mock servers that record what they
//! see (scripted ones stand behind health checks: `Script`, `replies`, and
//! a real rustls TLS listener, `TlsServer`), clients whose every read has a
//! timeout, the bulk-transfer byte pattern, and the proxies' server and
//! check messages, normalised (`messages`). Plain threads and blocking
//! sockets: this is tooling, never data plane; only the `tcpload`
//! benchmark driver uses tokio.
//!
//! Everything listens and connects on 127.0.0.0/8 only, and every port comes
//! from the kernel (`bind(ip:0)`), so two runs of a suite can share a machine.

mod client;
mod config;
pub mod messages;
mod mock;
mod pattern;
mod ports;
mod process;
pub mod procfs;
mod proxy;
mod tempdir;
mod tls;
mod wait;

pub use client::{lo, Client, Closed};
pub use config::{render, repo_root, runtime_fixture, Seed, SeedServer};
pub use mock::{replies, Behaviour, ConnRecord, MockServer, Script, Step};
pub use pattern::{Pattern, Verifier, BLOCK};
pub use ports::PortReservation;
pub use process::ProcGuard;
pub use proxy::{Proxy, ProxyBin, Running};
pub use tempdir::TempDir;
pub use tls::{TlsRecord, TlsServer};
pub use wait::{try_wait_until, wait_until};
