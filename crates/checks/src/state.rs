//! The `x-haproxy-server-state` header of `http-check send-state`
//! (haproxy's `httpchk_build_status_header`).

/// What the header reports about a server, from the runtime's tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerState<'a> {
    pub px: &'a str,
    pub srv: &'a str,
    /// `global node` (the host name by default).
    pub node: &'a str,
    /// The server's address and port as text (empty port for unix sockets).
    pub addr: &'a str,
    pub port: Option<u16>,
    /// Checks enabled (else `no check`).
    pub checks: bool,
    /// Not stopped (running or stopping).
    pub running: bool,
    /// Stopping (NOLB).
    pub stopping: bool,
    pub health: u32,
    pub rise: u32,
    pub fall: u32,
    /// The server's effective weight and the backend's total, as the
    /// user sees them.
    pub weight: u32,
    pub total_weight: u32,
    /// The server's sessions, the backend's sessions not queued, and the
    /// server's queue.
    pub sessions: usize,
    pub backend_sessions: usize,
    pub queued: usize,
    /// `; throttle=N%` during `slowstart`.
    pub throttle_pct: Option<u32>,
}

/// The header value, e.g. `UP 1/3; address=127.0.0.1; port=19006;
/// name=b6/s; node=mynode; weight=7/7; scur=0/0; qcur=0` (observed).
pub fn server_state_header(s: &ServerState) -> String {
    let top = s.rise + s.fall - 1;
    let state = if !s.checks {
        "no check".to_string()
    } else if s.running {
        let word = if s.stopping { "NOLB" } else { "UP" };
        if s.health >= top {
            word.to_string()
        } else {
            format!(
                "{word} {}/{}",
                (s.health + 1).saturating_sub(s.rise),
                s.fall
            )
        }
    } else if s.health > 0 {
        format!("DOWN {}/{}", s.health, s.rise)
    } else {
        "DOWN".to_string()
    };
    let port = s.port.map(|p| p.to_string()).unwrap_or_default();
    let mut out = format!(
        "{state}; address={}; port={port}; name={}/{}; node={}; weight={}/{}; scur={}/{}; qcur={}",
        s.addr,
        s.px,
        s.srv,
        s.node,
        s.weight,
        s.total_weight,
        s.sessions,
        s.backend_sessions,
        s.queued
    );
    if let Some(t) = s.throttle_pct {
        out.push_str(&format!("; throttle={t}%"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observed_header() {
        let s = ServerState {
            px: "b6",
            srv: "s",
            node: "mynode",
            addr: "127.0.0.1",
            port: Some(19006),
            checks: true,
            running: true,
            health: 2,
            rise: 2,
            fall: 3,
            weight: 7,
            total_weight: 7,
            ..ServerState::default()
        };
        assert_eq!(
            server_state_header(&s),
            "UP 1/3; address=127.0.0.1; port=19006; name=b6/s; node=mynode; weight=7/7; scur=0/0; qcur=0"
        );
        let up = ServerState {
            health: 4,
            ..s.clone()
        };
        assert!(server_state_header(&up).starts_with("UP; "));
        let down = ServerState {
            running: false,
            health: 1,
            ..s.clone()
        };
        assert!(server_state_header(&down).starts_with("DOWN 1/2; "));
        let nolb = ServerState {
            stopping: true,
            health: 4,
            throttle_pct: Some(50),
            ..s
        };
        let h = server_state_header(&nolb);
        assert!(
            h.starts_with("NOLB; ") && h.ends_with("; throttle=50%"),
            "{h}"
        );
    }
}
