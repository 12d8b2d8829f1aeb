//! Proxies: defaults, frontend, backend and listen sections.

use syntax::Span;

/// A proxy section after lowering (also used for `defaults`).
#[derive(Clone, Debug, Default)]
pub struct Proxy {
    pub name: String,
    pub span: Option<Span>,
}
