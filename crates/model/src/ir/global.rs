//! The merged `global` section: process settings, limits, identities,
//! tuning, TLS defaults, logging and the stats socket. Every field is only
//! set when the configuration says so; repeated `global` sections merge
//! into this one value.

use crate::dump::{field, flag, Dumper};
use crate::ir::{Bind, LogTarget};
use syntax::Span;

/// `ssl-server-verify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslServerVerify {
    None,
    Required,
}

/// The `ssl-default-bind-*` or `ssl-default-server-*` family.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SslDefaults {
    pub ciphers: Option<String>,
    pub ciphersuites: Option<String>,
    pub curves: Option<String>,
    /// The option words as written (`no-sslv3`, `ssl-min-ver TLSv1.2`, ...).
    pub options: Vec<String>,
}

/// `unix-bind`: defaults applied to every UNIX socket listener.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnixBind {
    pub prefix: Option<String>,
    /// Permission bits, parsed as octal like haproxy does.
    pub mode: Option<u32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
}

/// `tune.*` values the runtime applies. Values haproxy accepts but we do
/// not represent are refused as unsupported by the registry instead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tune {
    pub bufsize: Option<u32>,
    pub maxrewrite: Option<u32>,
    pub maxaccept: Option<i64>,
    pub maxpollevents: Option<i64>,
    pub recv_enough: Option<i64>,
    pub runqueue_depth: Option<i64>,
    pub idletimer: Option<u32>,
    pub rcvbuf_client: Option<i64>,
    pub rcvbuf_server: Option<i64>,
    pub sndbuf_client: Option<i64>,
    pub sndbuf_server: Option<i64>,
    pub pipesize: Option<i64>,
    pub http_maxhdr: Option<u32>,
    pub http_cookielen: Option<i64>,
    pub http_logurilen: Option<i64>,
    pub ssl_default_dh_param: Option<u32>,
    pub ssl_cachesize: Option<i64>,
    pub ssl_lifetime: Option<u32>,
    pub ssl_maxrecord: Option<i64>,
    pub ssl_keylog: Option<bool>,
}

/// The `global` section.
#[derive(Clone, Debug, Default)]
pub struct Global {
    /// The first `global` header.
    pub span: Option<Span>,
    pub daemon: bool,
    pub master_worker: bool,
    /// `master-worker no-exit-on-failure`.
    pub no_exit_on_failure: bool,
    pub nbthread: Option<u32>,
    pub maxconn: Option<i64>,
    pub maxconnrate: Option<i64>,
    pub maxsessrate: Option<i64>,
    pub maxsslconn: Option<i64>,
    pub maxsslrate: Option<i64>,
    pub maxpipes: Option<i64>,
    pub ulimit_n: Option<i64>,
    pub fd_hard_limit: Option<i64>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub chroot: Option<String>,
    pub pidfile: Option<String>,
    pub log_tag: Option<String>,
    /// `log-send-hostname [<name>]`: `Some("")` means the system host name.
    pub log_send_hostname: Option<String>,
    pub node: Option<String>,
    pub description: Option<String>,
    pub localpeer: Option<String>,
    /// Prefix for relative CA and CRL file names on `bind`/`server` lines.
    pub ca_base: Option<String>,
    /// Prefix for relative certificate file names on `bind`/`server` lines.
    pub crt_base: Option<String>,
    pub ssl_default_bind: SslDefaults,
    pub ssl_default_server: SslDefaults,
    /// When `None`, servers verify certificates (`required`).
    pub ssl_server_verify: Option<SslServerVerify>,
    pub ssl_dh_param_file: Option<String>,
    pub tune: Tune,
    pub spread_checks: Option<u32>,
    /// Milliseconds.
    pub max_spread_checks: Option<u32>,
    /// Milliseconds.
    pub hard_stop_after: Option<u32>,
    /// Milliseconds.
    pub grace: Option<u32>,
    pub server_state_file: Option<String>,
    pub server_state_base: Option<String>,
    pub unix_bind: Option<UnixBind>,
    pub zero_warning: bool,
    pub quiet: bool,
    pub strict_limits: Option<bool>,
    pub busy_polling: Option<bool>,
    pub insecure_fork_wanted: Option<bool>,
    pub set_dumpable: Option<bool>,
    pub noepoll: bool,
    pub nopoll: bool,
    pub nosplice: bool,
    pub noreuseport: bool,
    pub nogetaddrinfo: bool,
    /// `h1-case-adjust <from> <to>`, keyed by the lower-case name.
    pub h1_case_adjust: Vec<(String, String)>,
    pub expose_experimental_directives: bool,
    /// `default-path`: the mode, and the directory for `origin`.
    pub default_path: Option<String>,
    pub mworker_max_reloads: Option<i64>,
    /// `stats socket` listeners (the CLI), filled by the bind owner.
    pub stats_sockets: Vec<Bind>,
    /// Milliseconds.
    pub stats_timeout: Option<u32>,
    pub stats_maxconn: Option<u32>,
    pub logs: Vec<LogTarget>,
    /// `cpu-map` lines as written: the thread set and the CPU list.
    pub cpu_map: Vec<(String, String)>,
    /// The Lua files `lua-load`/`lua-load-per-thread` could open, in order.
    /// haproxy runs them while parsing and they register `lua.*` services
    /// and actions we cannot know; with none, such names are unknown.
    pub lua_loads: Vec<String>,
    /// `external-check`: external health checks are allowed.
    pub external_check: bool,
}

impl Global {
    pub fn dump(&self, d: &mut Dumper) {
        let mut s = String::from("global");
        flag(&mut s, "daemon", self.daemon);
        flag(&mut s, "master-worker", self.master_worker);
        flag(&mut s, "no-exit-on-failure", self.no_exit_on_failure);
        field(&mut s, "nbthread", self.nbthread);
        field(&mut s, "maxconn", self.maxconn);
        field(&mut s, "maxconnrate", self.maxconnrate);
        field(&mut s, "maxsessrate", self.maxsessrate);
        field(&mut s, "maxsslconn", self.maxsslconn);
        field(&mut s, "maxsslrate", self.maxsslrate);
        field(&mut s, "maxpipes", self.maxpipes);
        field(&mut s, "ulimit-n", self.ulimit_n);
        field(&mut s, "fd-hard-limit", self.fd_hard_limit);
        field(&mut s, "uid", self.uid);
        field(&mut s, "gid", self.gid);
        d.nest(s, |d| {
            self.dump_strings(d);
            self.dump_flags(d);
            dump_ssl(d, "ssl-default-bind", &self.ssl_default_bind);
            dump_ssl(d, "ssl-default-server", &self.ssl_default_server);
            self.tune.dump(d);
            for (from, to) in &self.h1_case_adjust {
                d.line(format!("h1-case-adjust {from} {to}"));
            }
            for (set, cpus) in &self.cpu_map {
                d.line(format!("cpu-map {set} {cpus}"));
            }
            for path in &self.lua_loads {
                d.line(format!("lua-load {path:?}"));
            }
            if let Some(u) = &self.unix_bind {
                let mut s = String::from("unix-bind");
                field(&mut s, "prefix", u.prefix.as_deref());
                field(&mut s, "mode", u.mode.map(|m| format!("{m:o}")));
                field(&mut s, "uid", u.uid);
                field(&mut s, "gid", u.gid);
                d.line(s);
            }
            for b in &self.stats_sockets {
                let mut sd = Dumper::new();
                b.dump(&mut sd);
                d.line(sd.finish().trim_end().replacen("bind ", "stats socket ", 1));
            }
            for log in &self.logs {
                log.dump(d);
            }
        });
    }

    fn dump_strings(&self, d: &mut Dumper) {
        let strings = [
            ("chroot", &self.chroot),
            ("pidfile", &self.pidfile),
            ("log-tag", &self.log_tag),
            ("log-send-hostname", &self.log_send_hostname),
            ("node", &self.node),
            ("description", &self.description),
            ("localpeer", &self.localpeer),
            ("ca-base", &self.ca_base),
            ("crt-base", &self.crt_base),
            ("ssl-dh-param-file", &self.ssl_dh_param_file),
            ("server-state-file", &self.server_state_file),
            ("server-state-base", &self.server_state_base),
            ("default-path", &self.default_path),
        ];
        for (name, value) in strings {
            if let Some(v) = value {
                d.line(format!("{name} {v:?}"));
            }
        }
        let mut s = String::from("timers");
        field(&mut s, "spread-checks", self.spread_checks);
        field(&mut s, "max-spread-checks", self.max_spread_checks);
        field(&mut s, "hard-stop-after", self.hard_stop_after);
        field(&mut s, "grace", self.grace);
        field(&mut s, "stats-timeout", self.stats_timeout);
        field(&mut s, "stats-maxconn", self.stats_maxconn);
        field(&mut s, "mworker-max-reloads", self.mworker_max_reloads);
        if s.len() > "timers".len() {
            d.line(s);
        }
    }

    fn dump_flags(&self, d: &mut Dumper) {
        let mut s = String::from("flags");
        flag(&mut s, "zero-warning", self.zero_warning);
        flag(&mut s, "quiet", self.quiet);
        field(&mut s, "strict-limits", self.strict_limits);
        field(&mut s, "busy-polling", self.busy_polling);
        field(&mut s, "insecure-fork-wanted", self.insecure_fork_wanted);
        field(&mut s, "set-dumpable", self.set_dumpable);
        field(
            &mut s,
            "ssl-server-verify",
            self.ssl_server_verify.map(verify_str),
        );
        flag(&mut s, "noepoll", self.noepoll);
        flag(&mut s, "nopoll", self.nopoll);
        flag(&mut s, "nosplice", self.nosplice);
        flag(&mut s, "noreuseport", self.noreuseport);
        flag(&mut s, "nogetaddrinfo", self.nogetaddrinfo);
        flag(&mut s, "external-check", self.external_check);
        flag(
            &mut s,
            "expose-experimental-directives",
            self.expose_experimental_directives,
        );
        if s.len() > "flags".len() {
            d.line(s);
        }
    }
}

fn verify_str(v: SslServerVerify) -> &'static str {
    match v {
        SslServerVerify::None => "none",
        SslServerVerify::Required => "required",
    }
}

fn dump_ssl(d: &mut Dumper, name: &str, ssl: &SslDefaults) {
    if *ssl == SslDefaults::default() {
        return;
    }
    let mut s = name.to_string();
    field(&mut s, "ciphers", ssl.ciphers.as_deref());
    field(&mut s, "ciphersuites", ssl.ciphersuites.as_deref());
    field(&mut s, "curves", ssl.curves.as_deref());
    if !ssl.options.is_empty() {
        field(&mut s, "options", Some(ssl.options.join(",")));
    }
    d.line(s);
}

impl Tune {
    fn dump(&self, d: &mut Dumper) {
        let mut s = String::from("tune");
        field(&mut s, "bufsize", self.bufsize);
        field(&mut s, "maxrewrite", self.maxrewrite);
        field(&mut s, "maxaccept", self.maxaccept);
        field(&mut s, "maxpollevents", self.maxpollevents);
        field(&mut s, "recv_enough", self.recv_enough);
        field(&mut s, "runqueue-depth", self.runqueue_depth);
        field(&mut s, "idletimer", self.idletimer);
        field(&mut s, "rcvbuf.client", self.rcvbuf_client);
        field(&mut s, "rcvbuf.server", self.rcvbuf_server);
        field(&mut s, "sndbuf.client", self.sndbuf_client);
        field(&mut s, "sndbuf.server", self.sndbuf_server);
        field(&mut s, "pipesize", self.pipesize);
        field(&mut s, "http.maxhdr", self.http_maxhdr);
        field(&mut s, "http.cookielen", self.http_cookielen);
        field(&mut s, "http.logurilen", self.http_logurilen);
        field(&mut s, "ssl.default-dh-param", self.ssl_default_dh_param);
        field(&mut s, "ssl.cachesize", self.ssl_cachesize);
        field(&mut s, "ssl.lifetime", self.ssl_lifetime);
        field(&mut s, "ssl.maxrecord", self.ssl_maxrecord);
        field(&mut s, "ssl.keylog", self.ssl_keylog);
        if *self != Tune::default() {
            d.line(s);
        }
    }
}
