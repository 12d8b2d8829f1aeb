//! Keywords: timeouts.

use crate::registry::Keyword;

pub(crate) static KEYWORDS: &[Keyword] = &[];
