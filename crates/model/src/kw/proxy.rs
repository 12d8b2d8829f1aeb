//! Keywords: proxy.

use crate::registry::Keyword;

pub(crate) static KEYWORDS: &[Keyword] = &[];

use crate::cx::Cx;
use syntax::{Line, SectionKind};

/// haproxy's extra "did you mean" list for proxy sections
/// (`common_kw_list` in src/cfgparse-listen.c).
pub(crate) static COMMON_KEYWORDS: &[&str] = &[];

/// Opens a defaults, frontend, backend or listen section.
pub fn open(_cx: &mut Cx, _kind: SectionKind, _line: &Line) {}

/// Finishes the current proxy section.
pub fn close(_cx: &mut Cx) {}
