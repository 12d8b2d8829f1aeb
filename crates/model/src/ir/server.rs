//! Servers, `default-server` and `server-template`.

use syntax::Span;

#[derive(Clone, Debug, Default)]
pub struct Server {
    pub name: String,
    pub span: Option<Span>,
}
