//! Proxies: defaults, frontend, backend and listen sections.

use crate::ir::{Acl, Bind, LogTarget, Server};
use syntax::{SectionKind, Span};

/// What a proxy can do: accept connections (frontend side), forward them to
/// servers (backend side), or both (listen). Defaults have both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cap {
    pub frontend: bool,
    pub backend: bool,
}

/// A proxy section after lowering (also used for `defaults`).
#[derive(Clone, Debug)]
pub struct Proxy {
    /// `defaults`, `frontend`, `backend` or `listen`.
    pub kind: SectionKind,
    /// Empty for an anonymous `defaults`.
    pub name: String,
    pub span: Option<Span>,
    pub cap: Cap,
    pub binds: Vec<Bind>,
    pub servers: Vec<Server>,
    /// The cumulative `default-server` settings new servers start from.
    pub default_server: Server,
    pub acls: Vec<Acl>,
    pub logs: Vec<LogTarget>,
}

impl Proxy {
    pub fn new(kind: SectionKind, name: String, span: Option<Span>) -> Proxy {
        let cap = match kind {
            SectionKind::Frontend => Cap { frontend: true, backend: false },
            SectionKind::Backend => Cap { frontend: false, backend: true },
            _ => Cap { frontend: true, backend: true },
        };
        Proxy {
            kind,
            name,
            span,
            cap,
            binds: Vec::new(),
            servers: Vec::new(),
            default_server: Server::default(),
            acls: Vec::new(),
            logs: Vec::new(),
        }
    }
}

impl Default for Proxy {
    fn default() -> Proxy {
        Proxy::new(SectionKind::Defaults, String::new(), None)
    }
}
