//! What `/proc` says about a process: whether it holds a listening socket on
//! an address, its resident memory and CPU time. Reading `/proc` lets a test
//! wait for a proxy to listen without connecting to it: a probe connection
//! would be balanced to a server like any other and shift the order a test
//! observes.

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};

/// The inode numbers of the sockets listening on `addr` (or on the
/// wildcard address with the same port).
fn listening_inodes(addr: SocketAddr) -> HashSet<u64> {
    let table = match addr.ip() {
        IpAddr::V4(_) => "/proc/net/tcp",
        IpAddr::V6(_) => "/proc/net/tcp6",
    };
    let text = std::fs::read_to_string(table).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
            let mut f = line.split_whitespace();
            let local = f.nth(1)?;
            if f.nth(1)? != "0A" {
                return None;
            }
            let inode = f.nth(5)?;
            let (ip_hex, port_hex) = local.split_once(':')?;
            let port = u16::from_str_radix(port_hex, 16).ok()?;
            if port != addr.port() {
                return None;
            }
            let ip = parse_ip(ip_hex)?;
            let matches = ip == addr.ip() || ip.is_unspecified();
            matches.then(|| inode.parse().ok()).flatten()
        })
        .collect()
}

/// `/proc/net/tcp*` addresses: 32-bit words in host (little-endian) order.
fn parse_ip(hex: &str) -> Option<IpAddr> {
    let words: Option<Vec<u32>> = (0..hex.len() / 8)
        .map(|i| u32::from_str_radix(hex.get(i * 8..i * 8 + 8)?, 16).ok())
        .collect();
    let bytes: Vec<u8> = words?.iter().flat_map(|w| w.to_le_bytes()).collect();
    match bytes.len() {
        4 => Some(IpAddr::from(<[u8; 4]>::try_from(bytes).ok()?)),
        16 => Some(IpAddr::from(<[u8; 16]>::try_from(bytes).ok()?)),
        _ => None,
    }
}

/// The socket inodes among the open files of `pid`.
fn socket_inodes(pid: u32) -> HashSet<u64> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return HashSet::new();
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .filter_map(|l| {
            let s = l.to_string_lossy().into_owned();
            s.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
        })
        .collect()
}

/// Whether process `pid` holds a socket listening on `addr`.
pub fn is_listening(pid: u32, addr: SocketAddr) -> bool {
    let listening = listening_inodes(addr);
    !listening.is_empty() && !socket_inodes(pid).is_disjoint(&listening)
}

/// Whether any process listens on `addr`.
pub fn anyone_listening(addr: SocketAddr) -> bool {
    !listening_inodes(addr).is_empty()
}

/// `VmRSS` of `pid` in KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// User plus system CPU time of `pid`, in clock ticks.
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; fields restart after its ')'.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    // state is field 3 overall (index 0 here); utime, stime are 14 and 15.
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}
