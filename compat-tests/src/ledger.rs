//! The committed ledger of known disagreements (`compat-tests/ledger.tsv`:
//! `file`, `class`, `reason`, tab-separated, one header line). The
//! differential test fails on a disagreement missing from it and on an
//! entry that no longer disagrees, so the ledger always tells the truth.

use crate::compare::Class;
use std::path::{Path, PathBuf};

/// One known disagreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The file's path relative to the repository root (`../shared/corpus/x.cfg`
    /// for the corpus), so fixtures and corpus files cannot collide.
    pub file: String,
    pub class: Class,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    pub entries: Vec<Entry>,
}

pub const HEADER: &str = "file\tclass\treason";

/// Where the ledger lives, from the repository root.
pub fn path(repo_root: &Path) -> PathBuf {
    repo_root.join("compat-tests").join("ledger.tsv")
}

impl Ledger {
    /// Parses the ledger; malformed lines are returned as errors.
    pub fn parse(text: &str) -> Result<Ledger, String> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let mut cols = line.splitn(3, '\t');
            let (Some(file), Some(class), reason) = (cols.next(), cols.next(), cols.next()) else {
                return Err(format!(
                    "ledger line {}: expected file<TAB>class<TAB>reason",
                    n + 1
                ));
            };
            let class = Class::parse(class)
                .ok_or_else(|| format!("ledger line {}: unknown class '{}'", n + 1, class))?;
            entries.push(Entry {
                file: file.to_string(),
                class,
                reason: reason.unwrap_or("").to_string(),
            });
        }
        Ok(Ledger { entries })
    }

    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        out.push('\n');
        for e in &self.entries {
            out.push_str(&format!("{}\t{}\t{}\n", e.file, e.class.as_str(), e.reason));
        }
        out
    }

    pub fn find(&self, file: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.file == file)
    }

    /// The ledger for the current disagreements, keeping a human's reason
    /// where the class did not change.
    pub fn regenerate(&self, current: &[Entry]) -> Ledger {
        let entries = current
            .iter()
            .map(|e| match self.find(&e.file) {
                Some(old) if old.class == e.class && e.class == Class::Other => old.clone(),
                _ => e.clone(),
            })
            .collect();
        Ledger { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_regeneration_keeps_human_reasons() {
        let text = "file\tclass\treason\na.cfg\tother\twe resolve differently\nb.cfg\tunsupported\tnot supported yet: x\n";
        let ledger = Ledger::parse(text).unwrap();
        assert_eq!(ledger.render(), text);
        let now = [Entry {
            file: "a.cfg".into(),
            class: Class::Other,
            reason: "TODO: explain".into(),
        }];
        let next = ledger.regenerate(&now);
        assert_eq!(next.entries.len(), 1);
        assert_eq!(next.entries[0].reason, "we resolve differently");
        assert!(Ledger::parse("h\nx.cfg\tweird\t").is_err());
    }
}
