//! `bind` lines: listening addresses and their options.

use syntax::Span;

#[derive(Clone, Debug, Default)]
pub struct Bind {
    pub span: Option<Span>,
}
