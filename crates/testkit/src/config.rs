//! Config text for the tests: `{{NAME}}` templates (`fixtures/runtime`) and
//! the loopback rewrite of a seed config (`fixtures/seeds/*-loopback.cfg`).
//!
//! The rewrite keeps a seed as it is except for two things. Addresses get
//! kernel-chosen ports: each `bind` address and each distinct server address
//! is replaced through a map the test provides. And the lines about health
//! checks, logs and the stats socket are removed (`check` and its `port`,
//! `inter`, `rise`, `fall` on server lines, `option ssl-hello-chk`,
//! `option httpchk`, `timeout check`, `log`, `option tcplog`,
//! `stats socket`): those are later issues and portcullis refuses them as
//! unsupported rather than ignoring them, and without checks haproxy
//! considers every server up, which is what the traffic tests expect.
//! The 1.x `listen NAME ADDR` form, which haproxy 2.x refuses, is written
//! as `listen NAME` plus `bind ADDR`.
//!
//! The health-check tests read a seed with its checks kept
//! (`Seed::parse_with_checks`): only the log and stats-socket lines go, and
//! each server's `check port` is mapped to a mock's port on the server's
//! loopback address (`Seed::render_checks`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The repository's root directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The template `fixtures/runtime/<name>`.
pub fn runtime_fixture(name: &str) -> String {
    let path = repo_root().join("fixtures/runtime").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Replaces every `{{NAME}}` of `template` with its value in `vars`;
/// panics on a placeholder without a value, so a typo cannot produce a
/// config that silently means something else.
pub fn render(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").expect("unterminated {{ in template");
        let name = &after[..end];
        let value = vars
            .iter()
            .find(|(k, _)| *k == name)
            .unwrap_or_else(|| panic!("no value for {{{{{name}}}}} in template"));
        out.push_str(&value.1);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// One `server` line of a seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedServer {
    /// The `listen` or `backend` section it is in.
    pub section: String,
    pub name: String,
    /// The address written in the seed.
    pub addr: SocketAddr,
    pub backup: bool,
}

/// A seed config with checks, logs and the stats socket removed, ready to be
/// rendered on loopback ports.
#[derive(Clone, Debug)]
pub struct Seed {
    lines: Vec<Line>,
}

/// Whether a seed's health-check settings are removed (`Seed::parse`) or
/// kept (`Seed::parse_with_checks`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checks {
    Strip,
    Keep,
}

#[derive(Clone, Debug)]
enum Line {
    Text(String),
    /// A `bind` line: words, index of the address.
    Bind(Vec<String>, usize),
    /// A server line: words, index of the address.
    Server(Vec<String>, usize),
}

/// Words removed from server lines, with the number of arguments each takes.
const CHECK_WORDS: &[(&str, usize)] = &[
    ("check", 0),
    ("port", 1),
    ("inter", 1),
    ("rise", 1),
    ("fall", 1),
];

/// Whole lines removed, by their leading words.
const DROPPED: &[&[&str]] = &[&["log"], &["stats", "socket"], &["option", "tcplog"]];

/// Whole lines removed unless the checks are kept.
const DROPPED_CHECKS: &[&[&str]] = &[
    &["option", "ssl-hello-chk"],
    &["option", "httpchk"],
    &["timeout", "check"],
];

fn starts_with_words(words: &[String], lead: &[&str]) -> bool {
    words.len() >= lead.len() && lead.iter().zip(words).all(|(a, b)| a == b)
}

impl Seed {
    /// Reads `text` (a seed config); only the simple one-address forms the
    /// seeds use are understood, anything else panics.
    pub fn parse(text: &str) -> Seed {
        Seed::parse_as(text, Checks::Strip)
    }

    /// Reads `text` keeping its health checks (`check`, `port`, `inter`,
    /// `rise`, `fall`, `option httpchk`, `option ssl-hello-chk`,
    /// `timeout check`); only the log and stats-socket lines are removed.
    pub fn parse_with_checks(text: &str) -> Seed {
        Seed::parse_as(text, Checks::Keep)
    }

    fn parse_as(text: &str, checks: Checks) -> Seed {
        let mut lines = Vec::new();
        for raw in text.lines() {
            let words: Vec<String> = raw.split_whitespace().map(str::to_string).collect();
            let first = words.first().map(String::as_str).unwrap_or("");
            if first.starts_with('#') || first.is_empty() {
                lines.push(Line::Text(raw.to_string()));
                continue;
            }
            let dropped = DROPPED.iter().any(|d| starts_with_words(&words, d))
                || (checks == Checks::Strip
                    && DROPPED_CHECKS.iter().any(|d| starts_with_words(&words, d)));
            if dropped {
                continue;
            }
            match first {
                "bind" => lines.push(Line::Bind(words, 1)),
                // haproxy 2.x refuses the 1.x form `listen NAME ADDR` ("please
                // use the 'bind' keyword for listening addresses"): it becomes
                // `listen NAME` and `bind ADDR`.
                "listen" if words.len() >= 3 => {
                    lines.push(Line::Text(words[..2].join(" ")));
                    lines.push(Line::Bind(vec!["bind".to_string(), words[2].clone()], 1));
                }
                "server" if checks == Checks::Strip => {
                    lines.push(Line::Server(strip_checks(words), 2));
                }
                "server" => lines.push(Line::Server(words, 2)),
                _ => lines.push(Line::Text(raw.to_string())),
            }
        }
        Seed { lines }
    }

    /// Reads `fixtures/seeds/<name>`.
    pub fn load(name: &str) -> Seed {
        Seed::parse(&seed_text(name))
    }

    /// Reads `fixtures/seeds/<name>` keeping its health checks.
    pub fn load_with_checks(name: &str) -> Seed {
        Seed::parse_with_checks(&seed_text(name))
    }

    /// The distinct check addresses of the servers with a `port` (the
    /// server's address with the check port), in order; the check of a
    /// server without one goes to its own address.
    pub fn check_addrs(&self) -> Vec<SocketAddr> {
        let mut out: Vec<SocketAddr> = Vec::new();
        for l in &self.lines {
            if let Line::Server(w, i) = l {
                if let Some(a) = check_addr(w, *i) {
                    if !out.contains(&a) {
                        out.push(a);
                    }
                }
            }
        }
        out
    }

    /// The bind addresses, in order.
    pub fn binds(&self) -> Vec<SocketAddr> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                Line::Bind(w, i) => Some(parse_addr(&w[*i])),
                _ => None,
            })
            .collect()
    }

    /// Each bind address with the section it is in, in order.
    pub fn bind_sections(&self) -> Vec<(String, SocketAddr)> {
        let mut section = String::new();
        let mut out = Vec::new();
        for l in &self.lines {
            match l {
                Line::Text(t) => {
                    if let Some(name) = section_name(t) {
                        section = name;
                    }
                }
                Line::Bind(w, i) => out.push((section.clone(), parse_addr(&w[*i]))),
                Line::Server(..) => {}
            }
        }
        out
    }

    /// The server lines, in order.
    pub fn servers(&self) -> Vec<SeedServer> {
        let mut section = String::new();
        let mut out = Vec::new();
        for l in &self.lines {
            match l {
                Line::Text(t) => {
                    if let Some(name) = section_name(t) {
                        section = name;
                    }
                }
                Line::Server(w, i) => out.push(SeedServer {
                    section: section.clone(),
                    name: w[1].clone(),
                    addr: parse_addr(&w[*i]),
                    backup: w.iter().any(|x| x == "backup"),
                }),
                Line::Bind(..) => {}
            }
        }
        out
    }

    /// The distinct server addresses, in order of first appearance.
    pub fn server_addrs(&self) -> Vec<SocketAddr> {
        let mut out: Vec<SocketAddr> = Vec::new();
        for s in self.servers() {
            if !out.contains(&s.addr) {
                out.push(s.addr);
            }
        }
        out
    }

    /// The config text with every bind address replaced through `binds` and
    /// every server address through `servers` (both keyed by the seed's
    /// address); `extra` maps a server line (section, name) to words appended
    /// to it, such as `disabled`. Panics on an address without a mapping.
    pub fn render(
        &self,
        binds: &BTreeMap<SocketAddr, SocketAddr>,
        servers: &BTreeMap<SocketAddr, SocketAddr>,
        extra: &[(&str, &str, &str)],
    ) -> String {
        self.render_checks(binds, servers, &BTreeMap::new(), extra)
    }

    /// Like [`Seed::render`], and each server's `port <p>` becomes the port
    /// of `checks[server ip:p]` (see [`Seed::check_addrs`]), which must be
    /// on the address the server itself is mapped to.
    pub fn render_checks(
        &self,
        binds: &BTreeMap<SocketAddr, SocketAddr>,
        servers: &BTreeMap<SocketAddr, SocketAddr>,
        checks: &BTreeMap<SocketAddr, SocketAddr>,
        extra: &[(&str, &str, &str)],
    ) -> String {
        let mut out = String::new();
        let mut section = String::new();
        let map = |m: &BTreeMap<SocketAddr, SocketAddr>, w: &str| {
            let a = parse_addr(w);
            *m.get(&a)
                .unwrap_or_else(|| panic!("no loopback address for {a}"))
        };
        for l in &self.lines {
            match l {
                Line::Text(t) => {
                    if let Some(name) = section_name(t) {
                        section = name;
                    }
                    out.push_str(t);
                }
                Line::Bind(w, i) => {
                    let mut w = w.clone();
                    w[*i] = map(binds, &w[*i]).to_string();
                    out.push_str(&indent(&w));
                }
                Line::Server(w, i) => {
                    let mut w = w.clone();
                    let srv = map(servers, &w[*i]);
                    if let Some(seed_check) = check_addr(&w, *i) {
                        let to = map(checks, &seed_check.to_string());
                        assert_eq!(to.ip(), srv.ip(), "a check port on the server's address");
                        set_check_port(&mut w, *i, to.port());
                    }
                    w[*i] = srv.to_string();
                    for (sec, name, words) in extra {
                        if *sec == section && *name == w[1] {
                            w.push((*words).to_string());
                        }
                    }
                    out.push_str(&indent(&w));
                }
            }
            out.push('\n');
        }
        out
    }
}

/// The proxy name if `line` starts a `listen`, `frontend` or `backend`.
fn section_name(line: &str) -> Option<String> {
    let mut w = line.split_whitespace();
    match w.next() {
        Some("listen" | "frontend" | "backend") => Some(w.next().unwrap_or("").to_string()),
        _ => None,
    }
}

fn indent(words: &[String]) -> String {
    let line = words.join(" ");
    match words.first().map(String::as_str) {
        Some("listen" | "frontend" | "backend") => line,
        _ => format!("    {line}"),
    }
}

fn strip_checks(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = words.into_iter();
    while let Some(w) = it.next() {
        match CHECK_WORDS.iter().find(|(k, _)| *k == w) {
            Some((_, n)) => {
                for _ in 0..*n {
                    it.next();
                }
            }
            None => out.push(w),
        }
    }
    out
}

fn seed_text(name: &str) -> String {
    let path = repo_root().join("fixtures/seeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The index of the value of a server line's `port` keyword.
fn port_word(words: &[String], addr: usize) -> Option<usize> {
    let at = words.iter().skip(addr + 1).position(|w| w == "port")? + addr + 1;
    (at + 1 < words.len()).then_some(at + 1)
}

/// The seed's check address of a server line with a `port`.
fn check_addr(words: &[String], addr: usize) -> Option<SocketAddr> {
    let v = port_word(words, addr)?;
    let port = words[v]
        .parse()
        .unwrap_or_else(|_| panic!("check port {:?} is not a number", words[v]));
    Some(SocketAddr::new(parse_addr(&words[addr]).ip(), port))
}

fn set_check_port(words: &mut [String], addr: usize, port: u16) {
    if let Some(v) = port_word(words, addr) {
        words[v] = port.to_string();
    }
}

fn parse_addr(w: &str) -> SocketAddr {
    w.parse()
        .unwrap_or_else(|_| panic!("seed address {w:?} is not ip:port"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_substitutes_and_rejects_unknown() {
        let v = [("A", "1".to_string())];
        assert_eq!(render("x {{A}} y {{A}}", &v), "x 1 y 1");
        assert!(std::panic::catch_unwind(|| render("{{B}}", &v)).is_err());
    }

    #[test]
    fn seed_rewrite_drops_checks_logs_and_maps_addresses() {
        let seed = Seed::parse(
            "global\n    log 127.0.0.1 local2\n    stats socket /x\ndefaults\n    timeout check 10s\n\
             listen ca 127.0.0.1:8140\n  option httpchk\n  server a 127.0.0.2:80 check port 9200 inter 2000 rise 3 fall 3\n\
             listen b\n    bind 127.0.0.1:81\n    server a 127.0.0.2:80 check backup\n",
        );
        assert_eq!(
            seed.binds(),
            [
                "127.0.0.1:8140".parse().unwrap(),
                "127.0.0.1:81".parse().unwrap()
            ]
        );
        let servers = seed.servers();
        assert_eq!(servers.len(), 2);
        assert_eq!(
            (servers[0].section.as_str(), servers[1].section.as_str()),
            ("ca", "b")
        );
        assert!(servers[1].backup && !servers[0].backup);
        assert_eq!(seed.server_addrs().len(), 1);
        assert_eq!(
            seed.bind_sections()[1],
            ("b".to_string(), "127.0.0.1:81".parse().unwrap())
        );
        let a = |s: &str| s.parse::<SocketAddr>().unwrap();
        let binds = BTreeMap::from([
            (a("127.0.0.1:8140"), a("127.0.0.1:1")),
            (a("127.0.0.1:81"), a("127.0.0.1:2")),
        ]);
        let servers = BTreeMap::from([(a("127.0.0.2:80"), a("127.0.0.2:3"))]);
        let text = seed.render(&binds, &servers, &[("b", "a", "disabled")]);
        assert_eq!(
            text,
            "global\ndefaults\nlisten ca\n    bind 127.0.0.1:1\n    server a 127.0.0.2:3\nlisten b\n    bind 127.0.0.1:2\n    server a 127.0.0.2:3 backup disabled\n"
        );
    }

    #[test]
    fn seed_rewrite_with_checks_maps_the_check_ports() {
        let seed = Seed::parse_with_checks(
            "global\n    log 127.0.0.1 local2\ndefaults\n    timeout check 10s\n\
             listen ca 127.0.0.1:8140\n  option httpchk\n  server a 127.0.0.2:80 check port 9200 inter 2000 rise 3 fall 3\n\
             \x20 server b 127.0.0.3:80 check inter 2000\n",
        );
        let a = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert_eq!(seed.check_addrs(), [a("127.0.0.2:9200")]);
        let binds = BTreeMap::from([(a("127.0.0.1:8140"), a("127.0.0.1:1"))]);
        let servers = BTreeMap::from([
            (a("127.0.0.2:80"), a("127.0.0.2:3")),
            (a("127.0.0.3:80"), a("127.0.0.3:4")),
        ]);
        let checks = BTreeMap::from([(a("127.0.0.2:9200"), a("127.0.0.2:5"))]);
        let text = seed.render_checks(&binds, &servers, &checks, &[]);
        assert_eq!(
            text,
            "global\ndefaults\n    timeout check 10s\nlisten ca\n    bind 127.0.0.1:1\n  option httpchk\n    server a 127.0.0.2:3 check port 5 inter 2000 rise 3 fall 3\n    server b 127.0.0.3:4 check inter 2000\n"
        );
    }
}
