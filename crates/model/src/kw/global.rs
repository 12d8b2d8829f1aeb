//! Keywords: global.

use crate::registry::Keyword;

pub(crate) static KEYWORDS: &[Keyword] = &[];

use crate::cx::{Current, Cx};
use syntax::Line;

/// Opens (or reopens: repeated `global` sections merge) the global section.
pub fn open(cx: &mut Cx, _line: &Line) {
    cx.cur = Current::Global;
}
