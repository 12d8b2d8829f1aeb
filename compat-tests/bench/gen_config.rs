//! `gen-big-config [OUT]`: writes a large, deterministic, valid haproxy
//! configuration for the `-c` speed benchmark: one frontend with 10,000
//! ACLs and 5,000 `use_backend` rules, and 5,000 backends of 4 servers
//! each on literal 127.0.0.0/8 addresses (no name resolution involved).
//! Without OUT it writes to stdout.

use std::fmt::Write as _;
use std::io::Write as _;

const BACKENDS: usize = 5_000;
const SERVERS: usize = 4;

fn render() -> String {
    let mut s = String::with_capacity(4 << 20);
    s.push_str("global\n    maxconn 20000\n\n");
    s.push_str("defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n");
    s.push_str("frontend fe_main\n    bind 127.0.0.1:18080\n");
    for b in 0..BACKENDS {
        // Two ACLs per backend: a host match and a path prefix.
        let _ = writeln!(s, "    acl host_{b} hdr(host) -i app{b}.example.test");
        let _ = writeln!(s, "    acl path_{b} path_beg /svc/{b}/");
    }
    for b in 0..BACKENDS {
        let _ = writeln!(s, "    use_backend be_{b} if host_{b} || path_{b}");
    }
    s.push_str("    default_backend be_0\n\n");
    for b in 0..BACKENDS {
        let _ = writeln!(s, "backend be_{b}\n    balance roundrobin");
        for n in 0..SERVERS {
            // 127.x.y.z with x,y,z derived from (b, n): unique and loopback.
            let id = b * SERVERS + n;
            let (x, y, z) = (1 + id / 65_536, (id / 256) % 256, id % 256);
            let _ = writeln!(s, "    server s{n} 127.{x}.{y}.{z}:8080 check");
        }
        s.push('\n');
    }
    s
}

fn main() -> std::io::Result<()> {
    let text = render();
    match std::env::args().nth(1) {
        Some(path) => std::fs::write(path, text),
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    }
}
