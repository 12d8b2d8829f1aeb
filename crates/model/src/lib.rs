//! haproxy.cfg model: the AST from `syntax` lowered into a fully resolved
//! IR through one keyword registry, with haproxy 2.6's validation.
//!
//! Pure: no sockets, no files opened directly. Everything impure (name
//! resolution, file existence, user lookups) goes through [`Host`], which
//! the binary implements on the real system and tests implement on data.

pub mod acl_cond;
pub mod acl_conflicts;
pub mod acl_expr;
pub mod acl_keywords;
pub mod addr;
pub mod build;
pub mod check;
pub mod cx;
pub mod dump;
pub mod host;
pub mod ir;
pub mod kw;
pub mod logformat;
pub mod registry;
pub mod resolve;
pub mod rules_actions;
pub mod rules_check;
pub mod rules_order;
pub mod rules_tcp;
#[cfg(test)]
mod rules_tests;
pub mod sample_args;
pub mod sample_convs;
pub mod sample_expr;
pub mod sample_fetches;
pub mod sample_types;
pub mod units;

pub use build::{Builder, Finished, Options, Stage};
pub use host::{Host, SystemLikeHost};
pub use ir::Config;
