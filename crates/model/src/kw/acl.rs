//! Keywords: acl.

use crate::registry::Keyword;

pub(crate) static KEYWORDS: &[Keyword] = &[];
