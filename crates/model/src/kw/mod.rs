//! Keyword tables and their lowering functions, one module per area.

pub mod acl;
pub mod bind;
pub mod capture;
pub mod checks;
pub mod external_check;
pub mod global;
pub mod log;
pub mod options;
pub mod proxy;
pub mod proxy_logformat;
pub mod redirect;
pub mod rules;
pub mod sections;
pub mod server;
pub mod stats;
pub mod stick;
pub mod timeouts;
