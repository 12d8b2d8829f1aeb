//! The IR: plain data, fully resolved, every node with its span. The
//! runtime builds its tables from this and nothing else.

pub mod bind;
pub mod checks;
pub mod global;
pub mod log;
pub mod proxy;
pub mod rules;
pub mod sections;
pub mod server;

pub use bind::Bind;
pub use global::Global;
pub use log::LogTarget;
pub use proxy::Proxy;
pub use rules::{Acl, Condition};
pub use sections::Sections;
pub use server::Server;

/// The whole configuration.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// File names in command-line order; `FileId` indexes this.
    pub files: Vec<String>,
    pub global: Global,
    /// Every `defaults` section in declaration order (named or not).
    pub defaults: Vec<Proxy>,
    /// Frontends, backends and listens in declaration order.
    pub proxies: Vec<Proxy>,
    /// userlist, peers, resolvers, mailers, http-errors, ring, cache,
    /// program, log-forward, fcgi-app sections.
    pub sections: Sections,
}
