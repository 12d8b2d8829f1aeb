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
    /// Frontends, backends and listens in declaration order; add them
    /// with [`Config::add_proxy`] so that the name index stays true.
    pub proxies: Vec<Proxy>,
    /// Indexes into `proxies` by name, in declaration order.
    pub proxy_index: hashbrown::HashMap<String, Vec<usize>>,
    /// userlist, peers, resolvers, mailers, http-errors, ring, cache,
    /// program, log-forward, fcgi-app sections.
    pub sections: Sections,
}

impl Config {
    /// Appends a frontend, backend or listen; returns its index.
    pub fn add_proxy(&mut self, px: Proxy) -> usize {
        let i = self.proxies.len();
        self.proxy_index.entry(px.name.clone()).or_default().push(i);
        self.proxies.push(px);
        i
    }

    /// The proxies named `name` with their indexes, in declaration order.
    pub fn proxies_named<'a>(
        &'a self,
        name: &str,
    ) -> impl Iterator<Item = (usize, &'a Proxy)> + 'a {
        self.proxy_index
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| Some((*i, self.proxies.get(*i)?)))
    }

    /// The first proxy with a backend side named `name` (haproxy's
    /// `proxy_be_by_name`).
    pub fn backend_index(&self, name: &str) -> Option<usize> {
        self.proxies_named(name)
            .find(|(_, p)| p.cap.backend)
            .map(|(i, _)| i)
    }
}
