//! haproxy 2.6's health checks and agent checks, without I/O.
//!
//! [`CheckSpec`] compiles a server's check from the IR once at start-up:
//! plain layer-4 connects, `option httpchk` with `http-check` rules,
//! `option ssl-hello-chk`, `option tcp-check` with `tcp-check` rules, the
//! protocol checks (`smtpchk`, `mysql-check`, `pgsql-check`,
//! `redis-check`, `ldap-check`) and `agent-check`. Each check run is a
//! [`Run`], a state machine the runtime drives from its event loop
//! (connect, write, read, deadline) and which ends with an [`Outcome`]:
//! a [`Status`], a code and haproxy's info text. [`Health`] is the
//! rise/fall counter and picks the interval; the `*_msg` functions print
//! haproxy's state-change and `log-health-checks` messages byte for byte;
//! [`parse_agent_reply`] reads an agent's reply line.
//!
//! The crate never reads a clock, opens a socket or spawns a thread: time
//! comes in as arguments.

mod agent;
mod expect;
mod health;
mod http;
mod messages;
mod program;
mod protocols;
mod rules;
mod run;
mod spec;
mod state;
mod status;

pub use agent::{agent_weight, parse_agent_reply, AgentCmd, AgentReply};
pub use health::{Applied, Health, Transition};
pub use messages::{
    escape_info, health_log_msg, no_server_log_msg, no_server_msg, no_server_msg_for,
    server_down_msg, server_leave_drain_msg, server_leave_maint_msg, server_state_msg,
    server_stopping_msg, server_up_msg, Change, Counts, Why,
};
pub use protocols::{mysql_auth_packet, pgsql_startup_packet, ssl_client_hello, LDAP_BIND};
pub use run::{Action, Run, BUF_SIZE};
pub use spec::CheckSpec;
pub use state::{server_state_header, ServerState};
pub use status::{Outcome, Status, Verdict};
