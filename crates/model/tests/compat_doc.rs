//! Generates `docs/compat.md` from the keyword registry and fails when the
//! committed file differs, so the document can never drift from the code.
//! `UPDATE_COMPAT_DOC=1 cargo test -p portcullis-model --test compat_doc`
//! rewrites it.

use model::registry::{self, Keyword, Support};
use std::fmt::Write as _;
use std::path::Path;
use syntax::SectionKind;

const HEADER: &str = "\
# portcullis: haproxy 2.6 keyword compatibility

This file is generated from the keyword registry (`model::registry::all`) by
`crates/model/tests/compat_doc.rs`; do not edit it by hand. Regenerate with
`UPDATE_COMPAT_DOC=1 cargo test -p portcullis-model --test compat_doc`.

Support levels:

- **supported**: validated exactly like haproxy 2.6 and lowered into the IR.
- **unsupported**: validated like haproxy 2.6, then refused with an explicit
  alert at its line: `'<keyword>' is not supported by portcullis yet (the
  configuration is valid for haproxy 2.6; see docs/compat.md).` Such a
  configuration fails `portcullis -c` on purpose, never silently.
- **legacy**: a form haproxy removed before 2.6 that has an exact modern
  equivalent; portcullis accepts it with a warning naming the equivalent.
- **rejected**: removed or never part of 2.6; refused with haproxy's own message.

## Deliberate differences from haproxy 2.6

haproxy 2.6 rejects these 1.x forms; portcullis accepts them with a warning,
because each has one exact modern meaning:

- `listen NAME ADDR:PORT` (the address on the section line, as a `bind`)
- `contimeout` (`timeout connect`), `clitimeout` (`timeout client`),
  `srvtimeout` (`timeout server`)
- `redispatch` (`option redispatch`)

Everything else aims at byte-identical messages and identical exit codes;
the known differences on real configurations are listed, with their reason,
in `compat-tests/ledger.tsv`.
";

/// The first section (in `SectionKind::ALL` order) a keyword is valid in:
/// keywords are grouped under it, with every section listed in a column.
fn home(k: &Keyword) -> Option<SectionKind> {
    k.sections.kinds().next()
}

fn render() -> String {
    let mut out = String::from(HEADER);
    let all: Vec<&Keyword> = registry::all().collect();
    let _ = writeln!(out, "\n## Keywords ({} registered)", all.len());
    for kind in SectionKind::ALL {
        let mut group: Vec<&&Keyword> = all.iter().filter(|k| home(k) == Some(kind)).collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by_key(|k| k.name);
        let _ = writeln!(out, "\n### {}\n", kind.keyword());
        out.push_str("| keyword | sections | support | summary |\n|---|---|---|---|\n");
        for k in group {
            let sections: Vec<&str> = k.sections.kinds().map(SectionKind::keyword).collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                k.name,
                sections.join(", "),
                k.support.as_str(),
                k.summary.replace('|', "\\|")
            );
        }
    }
    let counts = [
        Support::Supported,
        Support::Unsupported,
        Support::Legacy,
        Support::Rejected,
    ]
    .map(|s| {
        format!(
            "{} {}",
            all.iter().filter(|k| k.support == s).count(),
            s.as_str()
        )
    });
    let _ = writeln!(out, "\nTotals: {}.", counts.join(", "));
    out
}

#[test]
fn compat_doc_matches_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/compat.md");
    let want = render();
    if std::env::var_os("UPDATE_COMPAT_DOC").is_some() {
        std::fs::write(&path, &want).expect("write docs/compat.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/compat.md is out of date with the keyword registry; run \
         UPDATE_COMPAT_DOC=1 cargo test -p portcullis-model --test compat_doc"
    );
}
