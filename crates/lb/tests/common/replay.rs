//! Replays a transcript recorded with haproxy 2.6.12 (tests/data/*.txt)
//! and compares every answer.
//!
//! A transcript is a header (`balance`, `hash-type`, `option allbackups`,
//! `server <name> <weight> [backup] [id <n>]` lines), `---`, then one
//! operation per line: a stats-socket command (`set weight be/s1 5`,
//! `disable server be/s2`, `enable server be/s2`,
//! `set server be/s2 state drain|maint|ready`), or a request line with the
//! servers haproxy answered after ` => ` (`<503>` when none is usable):
//! `N` sequential requests, `open N` (N connections held open: a server,
//! or `Q` when queued), `close c<id>...` (the queued connections that got
//! a server as a result, `c<id>:<server>`, or `-`),
//! `src <ip>...` (one request from each client address) or `uri <path>...`.

use super::name;
use lb::{hash_bytes, Algo, Balancer, HashFn, Pick, ServerSpec};
use std::net::IpAddr;

struct Header {
    algo: Algo,
    func: HashFn,
    allbackups: bool,
    names: Vec<String>,
    specs: Vec<ServerSpec>,
}

fn header(lines: &[&str]) -> Header {
    let mut balance = "roundrobin".to_string();
    let (mut consistent, mut avalanche, mut func) = (false, false, HashFn::Sdbm);
    let mut h = Header {
        algo: Algo::RoundRobin,
        func: HashFn::Sdbm,
        allbackups: false,
        names: Vec::new(),
        specs: Vec::new(),
    };
    for line in lines {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["balance", b, ..] => balance = b.to_string(),
            ["hash-type", kind, rest @ ..] => {
                consistent = *kind == "consistent";
                func = match rest.first() {
                    Some(&"djb2") => HashFn::Djb2,
                    Some(&"wt6") => HashFn::Wt6,
                    Some(&"crc32") => HashFn::Crc32,
                    _ => HashFn::Sdbm,
                };
                avalanche = rest.contains(&"avalanche") || (consistent && rest.is_empty());
            }
            ["option", "allbackups"] => h.allbackups = true,
            ["server", n, weight, opts @ ..] => {
                let mut spec = ServerSpec::new(h.specs.len() as u32 + 1, weight.parse().unwrap());
                let mut it = opts.iter();
                while let Some(o) = it.next() {
                    match *o {
                        "backup" => spec.backup = true,
                        "id" => spec.puid = it.next().unwrap().parse().unwrap(),
                        "maxconn" => spec.maxconn = it.next().unwrap().parse().unwrap(),
                        other => panic!("unknown server option {other}"),
                    }
                }
                h.names.push(n.to_string());
                h.specs.push(spec);
            }
            [] => {}
            _ => panic!("unknown header line {line:?}"),
        }
    }
    h.func = func;
    h.algo = match balance.as_str() {
        "roundrobin" => Algo::RoundRobin,
        "static-rr" => Algo::StaticRr,
        "leastconn" => Algo::LeastConn,
        "first" => Algo::First,
        "source" | "uri" => Algo::Source {
            consistent,
            avalanche,
        },
        other => panic!("unknown balance {other}"),
    };
    h
}

fn server_index(h: &Header, arg: &str) -> usize {
    let n = arg.split('/').nth(1).unwrap();
    h.names.iter().position(|x| x == n).unwrap()
}

fn command(b: &mut Balancer, h: &Header, cmd: &str) {
    let w: Vec<&str> = cmd.split_whitespace().collect();
    match w.as_slice() {
        ["set", "weight", s, wt] => b.set_weight(server_index(h, s), wt.parse().unwrap()),
        ["disable", "server", s] => b.set_usable(server_index(h, s), false),
        ["enable", "server", s] => b.set_usable(server_index(h, s), true),
        ["set", "server", s, "state", st] => b.set_usable(server_index(h, s), *st == "ready"),
        _ => panic!("unknown command {cmd:?}"),
    }
}

/// One request's connection, opened and closed, named as in the header.
fn served(b: &mut Balancer, h: &Header, p: Pick) -> String {
    if let Pick::Server(i) = p {
        b.take(i);
        b.release(i);
        return h.names[i].clone();
    }
    name(p)
}

fn requests(b: &mut Balancer, h: &Header, op: &str) -> Vec<String> {
    let w: Vec<&str> = op.split_whitespace().collect();
    match w.as_slice() {
        [n] => (0..n.parse().unwrap())
            .map(|_| {
                let p = b.pick(None, None);
                served(b, h, p)
            })
            .collect(),
        ["src", ips @ ..] => ips
            .iter()
            .map(|ip| {
                let p = b.pick(Some(ip.parse::<IpAddr>().unwrap()), None);
                served(b, h, p)
            })
            .collect(),
        ["uri", paths @ ..] => paths
            .iter()
            .map(|path| {
                let cut = path.split('?').next().unwrap_or("");
                let p = b.pick_hash(Some(hash_bytes(h.func, cut.as_bytes())), None);
                served(b, h, p)
            })
            .collect(),
        _ => panic!("unknown request line {op:?}"),
    }
}

/// Held connections and the pending queues, kept as haproxy's stream and
/// queue code would (the part of the runtime the transcripts exercise).
#[derive(Default)]
struct Conns {
    /// Connection id (1-based, in opening order) to its server, once served.
    server: Vec<Option<usize>>,
    /// Pending connections, oldest first: (id, the server whose queue it
    /// is in, or `None` for the backend queue).
    pending: Vec<(usize, Option<usize>)>,
}

impl Conns {
    fn sync_queued(&self, b: &mut Balancer, srv: usize) {
        let n = self.pending.iter().filter(|p| p.1 == Some(srv)).count();
        b.set_queued(srv, n as u32);
    }

    /// `assign_server_and_queue()`: FIFO first for the algorithms that
    /// need it (§4.11), then the pick, queueing on a saturated server.
    fn open(&mut self, b: &mut Balancer, h: &Header) -> String {
        let id = self.server.len() + 1;
        self.server.push(None);
        let fifo = matches!(h.algo, Algo::RoundRobin | Algo::StaticRr | Algo::First);
        if fifo && self.pending.iter().any(|p| p.1.is_none()) {
            self.pending.push((id, None));
            return "Q".into();
        }
        match b.pick(None, None) {
            Pick::Server(i) if b.is_full(i) => {
                self.pending.push((id, Some(i)));
                self.sync_queued(b, i);
                "Q".into()
            }
            Pick::Server(i) => {
                b.take(i);
                self.server[id - 1] = Some(i);
                h.names[i].clone()
            }
            Pick::Full => {
                self.pending.push((id, None));
                "Q".into()
            }
            Pick::NoServer => "NOSRV".into(),
        }
    }

    /// The connection ends; the server's freed slot goes to the oldest
    /// pending connection of its own queue or, if the server is usable,
    /// of the backend queue (`process_srv_queue()`: observed, a server in
    /// maintenance does not drain the backend queue).
    fn close(&mut self, b: &mut Balancer, h: &Header, id: usize) -> Option<String> {
        if let Some(at) = self.pending.iter().position(|p| p.0 == id) {
            let (_, srv) = self.pending.remove(at);
            if let Some(srv) = srv {
                self.sync_queued(b, srv);
            }
            return None;
        }
        let srv = self.server.get_mut(id - 1)?.take()?;
        b.release(srv);
        let from_backend = b.is_usable(srv);
        let at = self
            .pending
            .iter()
            .position(|p| p.1 == Some(srv) || (from_backend && p.1.is_none()))?;
        if b.served(srv) >= h.specs[srv].maxconn && h.specs[srv].maxconn != 0 {
            return None;
        }
        let (next, _) = self.pending.remove(at);
        self.sync_queued(b, srv);
        b.take(srv);
        self.server[next - 1] = Some(srv);
        Some(format!("c{next}:{}", h.names[srv]))
    }
}

/// Replay `text`; the error names the first line whose answer differs.
pub fn replay(text: &str) -> Result<usize, String> {
    let lines: Vec<&str> = text.lines().collect();
    let sep = lines.iter().position(|l| *l == "---").expect("no ---");
    let h = header(&lines[..sep]);
    let mut b = Balancer::new(h.algo, &h.specs, h.allbackups);
    let mut conns = Conns::default();
    let mut checked = 0;
    for (no, line) in lines.iter().enumerate().skip(sep + 1) {
        let line = line.split("  #").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        match line.split_once(" => ") {
            Some((op, expected)) => {
                let w: Vec<&str> = op.split_whitespace().collect();
                let got = match w.as_slice() {
                    ["open", n] => (0..n.parse().unwrap())
                        .map(|_| conns.open(&mut b, &h))
                        .collect::<Vec<_>>()
                        .join(" "),
                    ["close", ids @ ..] => {
                        let got: Vec<String> = ids
                            .iter()
                            .filter_map(|c| conns.close(&mut b, &h, c[1..].parse().unwrap()))
                            .collect();
                        if got.is_empty() {
                            "-".into()
                        } else {
                            got.join(" ")
                        }
                    }
                    _ => requests(&mut b, &h, op).join(" "),
                };
                // haproxy answers 503 (HTTP) or closes (TCP) when no
                // server is usable.
                let expected = expected
                    .replace("<503>", "NOSRV")
                    .replace("<closed>", "NOSRV");
                if got != expected {
                    return Err(format!(
                        "line {}: {op}\n  haproxy: {expected}\n  lb:      {got}",
                        no + 1
                    ));
                }
                checked += 1;
            }
            None => command(&mut b, &h, line),
        }
    }
    if checked == 0 {
        return Err("transcript without any request".into());
    }
    Ok(checked)
}
