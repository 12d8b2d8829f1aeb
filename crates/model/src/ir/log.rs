//! `log` targets, shared by global and proxies.

#[derive(Clone, Debug, Default)]
pub struct LogTarget {}
