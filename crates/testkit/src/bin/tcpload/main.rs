//! `tcpload`: the load generator of `compat-tests/bench/tcp-bench.sh`.
//! It plays both ends around the proxy under test (the backend server and
//! the clients), on a single-threaded tokio runtime so that one core is
//! enough to drive the proxy on the other, and it measures the proxy
//! process itself through `/proc` (CPU time, resident memory).
//!
//! ```text
//! tcpload server --listen IP:PORT [--addr-file FILE]
//! tcpload checkd --listen IP:PORT [--addr-file FILE]
//! tcpload free-port [--ip IP]
//! tcpload wait-listen --addr IP:PORT --pid PID [--seconds S]
//! tcpload pingpong --target IP:PORT [--conns N] [--size BYTES] [--seconds S] [--pid PID]
//! tcpload bulk --target IP:PORT [--mib N] [--pid PID]
//! tcpload idle --target IP:PORT [--conns N] [--pid PID]
//! ```
//!
//! Results are printed as `key=value` lines for the script to read.
//! `checkd` is the server behind the health checks of `check-cost.sh`.

mod checkd;
mod client;
mod server;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

/// `--key value` options.
struct Opts(HashMap<String, String>);

impl Opts {
    fn parse(args: &[String]) -> Result<Opts, String> {
        let mut map = HashMap::new();
        let mut it = args.iter();
        while let Some(k) = it.next() {
            let key = k
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument {k:?}"))?;
            let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
            map.insert(key.to_string(), v.clone());
        }
        Ok(Opts(map))
    }

    fn get<T: std::str::FromStr>(&self, key: &str, default: Option<T>) -> Result<T, String> {
        match self.0.get(key) {
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{key}: cannot parse {v:?}")),
            None => default.ok_or_else(|| format!("--{key} is required")),
        }
    }

    fn addr(&self, key: &str) -> Result<SocketAddr, String> {
        self.get(key, None)
    }

    fn pid(&self) -> Result<Option<u32>, String> {
        self.0
            .get("pid")
            .map(|p| p.parse().map_err(|_| format!("--pid: {p:?}")))
            .transpose()
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let (cmd, rest) = args
        .split_first()
        .ok_or("usage: tcpload COMMAND [--key value]...")?;
    let o = Opts::parse(rest)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))?;
    match cmd.as_str() {
        "server" => {
            let file = o.0.get("addr-file").cloned();
            rt.block_on(server::run(o.addr("listen")?, file))
        }
        "checkd" => {
            let file = o.0.get("addr-file").cloned();
            rt.block_on(checkd::run(o.addr("listen")?, file))
        }
        "free-port" => {
            let ip: std::net::IpAddr = o.get("ip", Some([127, 0, 0, 1].into()))?;
            let l = std::net::TcpListener::bind((ip, 0)).map_err(|e| e.to_string())?;
            println!("{}", l.local_addr().map_err(|e| e.to_string())?.port());
            Ok(())
        }
        "wait-listen" => {
            let (addr, pid) = (o.addr("addr")?, o.get::<u32>("pid", None)?);
            let secs: u64 = o.get("seconds", Some(20))?;
            let ok = testkit::try_wait_until(Duration::from_secs(secs), || {
                testkit::procfs::is_listening(pid, addr) || testkit::procfs::rss_kib(pid).is_none()
            });
            if ok && testkit::procfs::is_listening(pid, addr) {
                Ok(())
            } else {
                Err(format!("process {pid} does not listen on {addr}"))
            }
        }
        "pingpong" => rt.block_on(client::pingpong(
            o.addr("target")?,
            o.get("conns", Some(50))?,
            o.get("size", Some(64))?,
            Duration::from_secs(o.get("seconds", Some(10))?),
            o.pid()?,
        )),
        "bulk" => rt.block_on(client::bulk(
            o.addr("target")?,
            o.get("mib", Some(2048))?,
            o.pid()?,
        )),
        "idle" => rt.block_on(client::idle(
            o.addr("target")?,
            o.get("conns", Some(9000))?,
            o.pid()?,
        )),
        other => Err(format!("unknown command {other:?}")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tcpload: {e}");
            ExitCode::FAILURE
        }
    }
}
