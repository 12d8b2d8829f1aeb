//! What an address is once parsed: the parsing options each keyword gives
//! haproxy's `str2sa_range` (`AddrRules`), the family, the target (IP,
//! name, UNIX path, inherited fd...), the ports, and the compact display
//! used by the IR dump.

use std::net::IpAddr;

/// haproxy's `PA_O_*` parsing options: what the caller accepts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddrRules {
    /// `PA_O_RESOLVE`: host names are resolved now (bind, log, peers).
    pub resolve: bool,
    /// `PA_O_PORT_OK`: a port may follow the address.
    pub port_ok: bool,
    /// `PA_O_PORT_MAND`: IP addresses need a non-zero port.
    pub port_mand: bool,
    /// `PA_O_PORT_RANGE`: `low-high` is accepted.
    pub port_range: bool,
    /// `PA_O_PORT_OFS`: `+N` / `-N` offsets are accepted.
    pub port_ofs: bool,
    /// `PA_O_SOCKET_FD`: `fd@N` must be an open socket (listeners).
    pub socket_fd: bool,
    /// `PA_O_RAW_FD`: `fd@N` is taken as is (log targets).
    pub raw_fd: bool,
    /// `PA_O_STREAM` / `PA_O_DGRAM`: accepted socket types.
    pub stream: bool,
    pub dgram: bool,
    /// `PA_O_DEFAULT_DGRAM`: datagram when the prefix does not say.
    pub default_dgram: bool,
    /// Unresolved names are kept for later resolution (haproxy's `fqdn`
    /// out-parameter, given by `server`).
    pub keep_fqdn: bool,
    /// `global unix-bind prefix`, prepended to relative unix paths.
    pub unix_prefix: Option<String>,
}

impl AddrRules {
    /// `bind` and `stats socket` addresses (`str2listener`).
    pub fn bind() -> AddrRules {
        AddrRules {
            resolve: true,
            port_ok: true,
            port_mand: true,
            port_range: true,
            socket_fd: true,
            stream: true,
            ..AddrRules::default()
        }
    }
    /// `bind` in a `log-forward` section: datagram listeners.
    pub fn dgram_bind() -> AddrRules {
        AddrRules {
            stream: false,
            dgram: true,
            ..AddrRules::bind()
        }
    }
    /// `server`, `default-server` and `server-template` addresses.
    pub fn server() -> AddrRules {
        AddrRules {
            port_ok: true,
            port_ofs: true,
            stream: true,
            keep_fqdn: true,
            ..AddrRules::default()
        }
    }
    /// `log` targets: UDP by default, `fd@` taken raw.
    pub fn log() -> AddrRules {
        AddrRules {
            resolve: true,
            port_ok: true,
            raw_fd: true,
            stream: true,
            dgram: true,
            default_dgram: true,
            ..AddrRules::default()
        }
    }
    /// `source` and `usesrc` addresses.
    pub fn source() -> AddrRules {
        AddrRules {
            resolve: true,
            port_ok: true,
            port_range: true,
            stream: true,
            ..AddrRules::default()
        }
    }
    /// `peer` / `server` lines in `peers` sections.
    pub fn peer() -> AddrRules {
        AddrRules {
            resolve: true,
            port_ok: true,
            port_mand: true,
            stream: true,
            ..AddrRules::default()
        }
    }
    /// `nameserver` lines in `resolvers` sections (UDP by default).
    pub fn nameserver() -> AddrRules {
        AddrRules {
            resolve: true,
            port_ok: true,
            stream: true,
            dgram: true,
            default_dgram: true,
            ..AddrRules::default()
        }
    }
}

/// The address family a prefix forces (or its absence).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// No prefix, `ip@`, `tcp@`, `udp@`: decided by the address itself.
    Unspec,
    V4,
    V6,
    Unix,
    /// `fd@N`: an inherited file descriptor.
    Fd,
    /// `sockpair@N`: file descriptors received over a socket pair.
    SockPair,
}

impl Family {
    /// The `ss_family` number haproxy prints in protocol errors.
    pub(crate) fn number(self) -> u32 {
        match self {
            Family::Unspec => 0,
            Family::Unix => 1,
            Family::V4 => 2,
            Family::V6 => 10,
            Family::Fd => 47,
            Family::SockPair => 48,
        }
    }
}

/// What the address designates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A literal or already resolved IP address (`*` and an empty host are
    /// `0.0.0.0`, `::` is the IPv6 any address).
    Ip(IpAddr),
    /// A host name to resolve later (servers only).
    Name(String),
    /// A unix socket path (prefix applied), or an abstract-namespace name.
    Unix {
        path: String,
        abstract_ns: bool,
    },
    Fd(i32),
    SockPair(i32),
}

/// The port part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ports {
    /// No port given (or none applicable: unix, fd).
    None,
    /// `p` or `low-high` (`low == high` for a single port).
    Range(u16, u16),
    /// `+N` or `-N`: relative to the client's destination port.
    Offset(i32),
}

/// One parsed address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrSpec {
    /// The address as written, before the second `$VAR` expansion.
    pub text: String,
    pub family: Family,
    pub target: Target,
    pub ports: Ports,
    /// Datagram socket (`udp@`, `uxdg@`, log targets by default).
    pub dgram: bool,
}

impl std::fmt::Display for AddrSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.target {
            Target::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]")?,
            Target::Ip(ip) => write!(f, "{ip}")?,
            Target::Name(n) => write!(f, "{n}")?,
            Target::Unix { path, abstract_ns } => {
                let p = if *abstract_ns { "abns@" } else { "unix@" };
                return write!(f, "{p}{path}");
            }
            Target::Fd(n) => return write!(f, "fd@{n}"),
            Target::SockPair(n) => return write!(f, "sockpair@{n}"),
        }
        match self.ports {
            Ports::None => Ok(()),
            Ports::Range(l, h) if l == h => write!(f, ":{l}"),
            Ports::Range(l, h) => write!(f, ":{l}-{h}"),
            Ports::Offset(o) => write!(f, ":{o:+}"),
        }
    }
}
