//! The one keyword registry: every keyword haproxy 2.6 knows in every
//! section, multi-word ones (`timeout client`, `option httpchk`,
//! `http-request set-header`) included, with where it is valid, how it is
//! lowered into the IR and whether portcullis runs it.
//!
//! Each area module contributes its own table (`KEYWORDS`); [`all`] joins
//! them. `docs/compat.md` is generated from this table.

use crate::cx::Cx;
use syntax::{Line, SectionKind};

/// A set of sections, as a bit set over [`SectionKind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sections(pub u32);

impl Sections {
    pub const fn of(kind: SectionKind) -> Sections {
        Sections(1 << kind as u32)
    }
    pub const NONE: Sections = Sections(0);
    pub const GLOBAL: Sections = Sections::of(SectionKind::Global);
    pub const DEFAULTS: Sections = Sections::of(SectionKind::Defaults);
    pub const FRONTEND: Sections = Sections::of(SectionKind::Frontend);
    pub const BACKEND: Sections = Sections::of(SectionKind::Backend);
    pub const LISTEN: Sections = Sections::of(SectionKind::Listen);
    /// All four proxy sections (haproxy's `CFG_LISTEN` class).
    pub const PROXY: Sections = Sections(
        Sections::DEFAULTS.0 | Sections::FRONTEND.0 | Sections::BACKEND.0 | Sections::LISTEN.0,
    );
    /// Defaults, frontend, listen: where frontend-side keywords are valid.
    pub const DFL: Sections =
        Sections(Sections::DEFAULTS.0 | Sections::FRONTEND.0 | Sections::LISTEN.0);
    /// Defaults, listen, backend: where backend-side keywords are valid.
    pub const DLB: Sections =
        Sections(Sections::DEFAULTS.0 | Sections::LISTEN.0 | Sections::BACKEND.0);
    /// Frontend and listen.
    pub const FL: Sections = Sections(Sections::FRONTEND.0 | Sections::LISTEN.0);
    /// Listen and backend.
    pub const LB: Sections = Sections(Sections::LISTEN.0 | Sections::BACKEND.0);
    /// Frontend, listen, backend (no defaults).
    pub const FLB: Sections =
        Sections(Sections::FRONTEND.0 | Sections::LISTEN.0 | Sections::BACKEND.0);

    pub const fn union(self, other: Sections) -> Sections {
        Sections(self.0 | other.0)
    }
    pub fn contains(self, kind: SectionKind) -> bool {
        self.0 & Sections::of(kind).0 != 0
    }
    /// The section keywords in this set, in [`SectionKind::ALL`] order.
    pub fn kinds(self) -> impl Iterator<Item = SectionKind> {
        SectionKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }
}

/// How far portcullis goes with a keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Support {
    /// Validated and lowered into the IR, which the runtime executes.
    Supported,
    /// Validated like haproxy does, then refused with an explicit
    /// `unsupported` alert at its line: we do not run it yet.
    Unsupported,
    /// Removed before haproxy 2.6 but with an exact modern equivalent:
    /// accepted with a warning that names the equivalent (a deliberate
    /// difference from haproxy 2.6, which rejects it).
    Legacy,
    /// Removed or never part of 2.6: rejected with haproxy's own message.
    Rejected,
}

impl Support {
    pub fn as_str(self) -> &'static str {
        match self {
            Support::Supported => "supported",
            Support::Unsupported => "unsupported",
            Support::Legacy => "legacy",
            Support::Rejected => "rejected",
        }
    }
}

/// Lowers one line whose leading words matched the keyword.
pub type LowerFn = fn(&mut Cx, &Line);

/// One registry entry.
#[derive(Clone, Copy)]
pub struct Keyword {
    /// The keyword's words separated by single spaces: `timeout client`.
    pub name: &'static str,
    /// Where haproxy recognises the keyword (it may still warn there, e.g.
    /// `balance` in a frontend).
    pub sections: Sections,
    pub support: Support,
    pub lower: LowerFn,
    /// One line for `docs/compat.md`.
    pub summary: &'static str,
}

impl std::fmt::Debug for Keyword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyword")
            .field("name", &self.name)
            .field("sections", &self.sections)
            .field("support", &self.support)
            .finish()
    }
}

impl Keyword {
    /// Number of words in the keyword's name.
    pub fn arity(&self) -> usize {
        self.name.split(' ').count()
    }
    /// Whether the line's first words spell this keyword.
    pub fn matches(&self, words: &[Vec<u8>]) -> bool {
        let mut n = 0;
        for part in self.name.split(' ') {
            match words.get(n) {
                Some(w) if w.as_slice() == part.as_bytes() => n += 1,
                _ => return false,
            }
        }
        true
    }
}

/// Every registered keyword, area by area.
pub fn all() -> impl Iterator<Item = &'static Keyword> {
    crate::build::TABLES.iter().flat_map(|t| t.iter())
}

/// The keywords by their first word, each list in [`all`]'s order (built
/// once: a configuration has one lookup per line).
fn by_first_word() -> &'static hashbrown::HashMap<&'static [u8], Vec<&'static Keyword>> {
    static INDEX: std::sync::OnceLock<hashbrown::HashMap<&'static [u8], Vec<&'static Keyword>>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: hashbrown::HashMap<&'static [u8], Vec<&'static Keyword>> =
            hashbrown::HashMap::new();
        for k in all() {
            let first = k.name.split(' ').next().unwrap_or(k.name);
            m.entry(first.as_bytes()).or_default().push(k);
        }
        m
    })
}

/// The longest keyword valid in `section` whose words start the line.
pub fn find(section: SectionKind, words: &[Vec<u8>]) -> Option<&'static Keyword> {
    let first = words.first()?;
    by_first_word()
        .get(first.as_slice())?
        .iter()
        .copied()
        .filter(|k| k.sections.contains(section) && k.matches(words))
        .max_by_key(|k| k.arity())
}

/// haproxy's word fingerprint (src/tools.c `make_word_fingerprint`): counts
/// of character-class transitions, letters as 1..26, digits 27, other 28.
fn fingerprint(word: &str) -> Box<[u8; 1024]> {
    fn class(c: u8) -> usize {
        match c.to_ascii_lowercase() {
            c @ b'a'..=b'z' => (c - b'a' + 1) as usize,
            b'0'..=b'9' => 27,
            _ => 28,
        }
    }
    let mut fp = Box::new([0u8; 1024]);
    let mut prev = 28;
    for &c in word.as_bytes() {
        let cur = class(c);
        fp[prev * 32 + cur] = fp[prev * 32 + cur].wrapping_add(1);
        fp[cur] = 1;
        prev = cur;
    }
    fp[prev * 32 + 28] = fp[prev * 32 + 28].wrapping_add(1);
    fp
}

fn distance(a: &[u8; 1024], b: &[u8; 1024]) -> u32 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (*x as i32 - *y as i32).unsigned_abs())
        .sum()
}

/// haproxy's "did you mean" search: the first candidate with the strictly
/// smallest distance, rejected when too far from either word.
pub fn best_match<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let fp = fingerprint(word);
    let mut best: Option<(&str, u32)> = None;
    for cand in candidates {
        let d = distance(&fp, &fingerprint(cand));
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((cand, d));
        }
    }
    let (cand, d) = best?;
    if d > 2 * word.len() as u32 || d > 2 * cand.len() as u32 {
        return None;
    }
    Some(cand)
}

#[cfg(test)]
mod tests {
    use super::best_match;

    #[test]
    fn did_you_mean_matches_haproxy_examples() {
        assert_eq!(
            best_match("daemonn", ["daemon", "maxconn", "nbthread"]),
            Some("daemon")
        );
        assert_eq!(
            best_match("default_bakend", ["bind", "default_backend", "use_backend"]),
            Some("default_backend")
        );
        assert_eq!(best_match("foobarbaz", ["bind", "mode", "acl"]), None);
    }
}
