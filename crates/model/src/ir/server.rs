//! Servers, `default-server` and `server-template`: where to connect, how
//! to balance, how to check. `default-server` values are a `Server` too:
//! each new server starts as a copy of its proxy's `default_server`.

use crate::addr::AddrSpec;
use crate::dump::{field, flag, Dumper};
use syntax::Span;

/// Health and agent check settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckSettings {
    pub enabled: bool,
    pub port: Option<i64>,
    pub addr: Option<String>,
    pub inter: Option<u32>,
    pub fastinter: Option<u32>,
    pub downinter: Option<u32>,
    pub rise: Option<i64>,
    pub fall: Option<i64>,
    pub send_proxy: bool,
    pub ssl: bool,
    pub sni: Option<String>,
    pub alpn: Option<String>,
    pub proto: Option<String>,
    pub via_socks4: bool,
}

/// Agent check settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentSettings {
    pub enabled: bool,
    pub port: Option<i64>,
    pub addr: Option<String>,
    pub inter: Option<u32>,
    pub send: Option<String>,
}

/// TLS towards the server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerSsl {
    pub enabled: bool,
    /// `verify none|required`; `None` means the global default.
    pub verify: Option<String>,
    pub ca_file: Option<String>,
    pub crl_file: Option<String>,
    pub crt: Option<String>,
    pub sni: Option<String>,
    pub alpn: Option<String>,
    pub verifyhost: Option<String>,
    pub min_ver: Option<String>,
    pub max_ver: Option<String>,
}

/// One server (or the `default-server` settings of a proxy).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Server {
    pub name: String,
    pub span: Option<Span>,
    pub id: Option<i64>,
    /// `None` for `default-server`.
    pub addr: Option<AddrSpec>,
    /// `server-template` instances keep the template's prefix and range;
    /// the template is expanded into one server per number.
    pub template: Option<(String, i64, i64)>,
    pub weight: Option<i64>,
    pub backup: bool,
    pub disabled: bool,
    pub maxconn: Option<i64>,
    pub maxqueue: Option<i64>,
    pub minconn: Option<i64>,
    pub slowstart: Option<u32>,
    pub cookie: Option<String>,
    pub check: CheckSettings,
    pub agent: AgentSettings,
    /// `track [<proxy>/]<server>` as written; resolved after parsing.
    pub track: Option<String>,
    /// The tracked server as (proxy index, server index) once resolved.
    pub tracked: Option<(usize, usize)>,
    pub observe: Option<String>,
    pub on_error: Option<String>,
    pub error_limit: Option<i64>,
    pub on_marked_down: Option<String>,
    pub on_marked_up: Option<String>,
    /// `send-proxy`, `send-proxy-v2`, `send-proxy-v2-ssl`, `send-proxy-v2-ssl-cn`.
    pub send_proxy: Option<String>,
    pub ssl: ServerSsl,
    /// `init-addr` methods as written (`last,libc,none` or an IP).
    pub init_addr: Option<String>,
    pub resolvers: Option<String>,
    pub resolve_prefer: Option<String>,
    pub non_stick: bool,
    /// Options validated but without runtime meaning here.
    pub other: Vec<String>,
}

impl Server {
    /// One compact line: `server s1 10.0.0.1:8140 check port=9200 inter=2000`.
    pub fn dump(&self, d: &mut Dumper) {
        let mut s = format!("server {}", self.name);
        if let Some(a) = &self.addr {
            s.push(' ');
            s.push_str(&a.to_string());
        }
        field(&mut s, "id", self.id);
        flag(&mut s, "check", self.check.enabled);
        field(&mut s, "port", self.check.port);
        field(&mut s, "addr", self.check.addr.as_ref());
        field(&mut s, "inter", self.check.inter);
        field(&mut s, "fastinter", self.check.fastinter);
        field(&mut s, "downinter", self.check.downinter);
        field(&mut s, "rise", self.check.rise);
        field(&mut s, "fall", self.check.fall);
        flag(&mut s, "agent-check", self.agent.enabled);
        field(&mut s, "agent-port", self.agent.port);
        field(&mut s, "weight", self.weight);
        flag(&mut s, "backup", self.backup);
        flag(&mut s, "disabled", self.disabled);
        field(&mut s, "maxconn", self.maxconn);
        field(&mut s, "maxqueue", self.maxqueue);
        field(&mut s, "minconn", self.minconn);
        field(&mut s, "slowstart", self.slowstart);
        field(&mut s, "cookie", self.cookie.as_ref());
        field(&mut s, "track", self.track.as_ref());
        field(&mut s, "send-proxy", self.send_proxy.as_ref());
        flag(&mut s, "ssl", self.ssl.enabled);
        field(&mut s, "verify", self.ssl.verify.as_ref());
        field(&mut s, "ca-file", self.ssl.ca_file.as_ref());
        field(&mut s, "init-addr", self.init_addr.as_ref());
        field(&mut s, "resolvers", self.resolvers.as_ref());
        for o in &self.other {
            s.push(' ');
            s.push_str(o);
        }
        d.line(s);
    }
}
