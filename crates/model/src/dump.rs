//! The compact, human-readable IR dump used by the snapshot tests: one
//! line per object, nested objects indented by two spaces, defaults-valued
//! fields left out so a dump shows what the configuration says.

use std::fmt::Write;

/// An indentation-aware line writer.
#[derive(Debug, Default)]
pub struct Dumper {
    out: String,
    depth: usize,
}

impl Dumper {
    pub fn new() -> Dumper {
        Dumper::default()
    }
    /// Writes one line at the current depth.
    pub fn line(&mut self, text: impl AsRef<str>) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text.as_ref());
        self.out.push('\n');
    }
    /// Writes `head` then runs `body` one level deeper.
    pub fn nest(&mut self, head: impl AsRef<str>, body: impl FnOnce(&mut Dumper)) {
        self.line(head);
        self.depth += 1;
        body(self);
        self.depth -= 1;
    }
    pub fn finish(self) -> String {
        self.out
    }
}

/// Appends ` key=value` to `s` when `value` is `Some`.
pub fn field<T: std::fmt::Display>(s: &mut String, key: &str, value: Option<T>) {
    if let Some(v) = value {
        let _ = write!(s, " {key}={v}");
    }
}

/// Appends ` flag` to `s` when `on`.
pub fn flag(s: &mut String, name: &str, on: bool) {
    if on {
        s.push(' ');
        s.push_str(name);
    }
}

/// The whole IR, section by section.
pub fn dump(cfg: &crate::ir::Config) -> String {
    let mut d = Dumper::new();
    cfg.global.dump(&mut d);
    for p in &cfg.defaults {
        p.dump(&mut d);
    }
    for p in &cfg.proxies {
        p.dump(&mut d);
    }
    cfg.sections.dump(&mut d);
    d.finish()
}
