//! Keywords: sections.

use crate::registry::Keyword;

pub(crate) static KEYWORDS: &[Keyword] = &[];

use crate::cx::Cx;
use syntax::{Line, SectionKind};

/// Opens a non-proxy section (userlist, peers, resolvers, ...).
pub fn open(_cx: &mut Cx, _kind: SectionKind, _line: &Line) {}

/// Finishes the current non-proxy section.
pub fn close(_cx: &mut Cx) {}
