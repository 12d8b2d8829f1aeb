//! What the data plane runs today, checked against a configuration.
//!
//! The model validates every keyword of haproxy 2.6; this module says which
//! of the validated settings the runtime actually executes. Anything a
//! proxy would need that the runtime does not do gets the explicit
//! unsupported alert, and `portcullis -c` runs this same check, so a check
//! and a start-up can never disagree (docs/ARCHITECTURE.md, "nothing is
//! silently ignored").
//!
//! Settings that haproxy itself ignores in the situation at hand are not
//! refused: HTTP-only options in a `mode tcp` proxy (haproxy warns and
//! ignores them), log formats without a log target, `timeout check`
//! without checks.

use model::ir::proxy::{Balance, Mode, Proxy};
use model::ir::{Bind, Server};
use model::Config;
use syntax::{Diagnostic, Diagnostics, SectionKind, Span};

/// The boolean `option`s a TCP proxy may carry: those the runtime runs
/// (`allbackups`, `redispatch`, keep-alives, splicing), those about logging
/// (only active with a `log` target, which is refused separately), and the
/// HTTP-only ones haproxy ignores in `mode tcp`.
const RUN_OPTIONS: &[&str] = &[
    "allbackups",
    "clitcpka",
    "srvtcpka",
    "tcpka",
    "redispatch",
    "splice-auto",
    "splice-request",
    "splice-response",
    "contstats",
    // logging: inert without a log target
    "dontlognull",
    "dontlog-normal",
    "logasap",
    "log-separate-errors",
    "log-health-checks",
    // HTTP only: haproxy warns and ignores them in mode tcp
    "checkcache",
    "http-buffer-request",
    "http-ignore-probes",
    "idle-close-on-response",
    "prefer-last-server",
    "accept-invalid-http-request",
    "accept-invalid-http-response",
    "http-use-proxy-header",
    "http-pretend-keepalive",
    "http-no-delay",
    "disable-h2-upgrade",
    "httpclose",
    "forceclose",
    "http-server-close",
    "http-keep-alive",
    "http-tunnel",
    "h1-case-adjust-bogus-client",
    "h1-case-adjust-bogus-server",
];

struct Gate<'a> {
    cfg: &'a Config,
    out: Diagnostics,
}

impl Gate<'_> {
    fn loc(&self, span: Span) -> String {
        let file = self
            .cfg
            .files
            .get(span.file.0 as usize)
            .map(String::as_str)
            .unwrap_or("?");
        format!("{file}:{}", span.line)
    }

    /// The unsupported alert at a line, in the model's words.
    fn at(&mut self, span: Option<Span>, what: &str) {
        let text = match span {
            Some(s) => format!(
                "parsing [{}] : '{what}' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md).",
                self.loc(s)
            ),
            None => format!(
                "'{what}' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md)."
            ),
        };
        self.out.push(Diagnostic::fatal(span, text));
    }

    /// The unsupported alert for a proxy setting without its own line.
    fn proxy(&mut self, px: &Proxy, what: &str) {
        let kind = match px.kind {
            SectionKind::Frontend => "frontend",
            SectionKind::Backend => "backend",
            _ => "proxy",
        };
        let place = px
            .span
            .map(|s| format!(" ({})", self.loc(s)))
            .unwrap_or_default();
        let text = format!(
            "{kind} '{}'{place} : '{what}' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md).",
            px.name
        );
        self.out.push(Diagnostic::fatal(px.span, text));
    }
}

/// Every setting of `cfg` the runtime would have to ignore, as fatal
/// unsupported alerts (empty when the configuration can run as written).
pub fn check(cfg: &Config) -> Diagnostics {
    let mut g = Gate {
        cfg,
        out: Diagnostics::default(),
    };
    global(&mut g);
    for px in &cfg.proxies {
        if px.settings.disabled {
            continue;
        }
        proxy(&mut g, px);
    }
    let s = &cfg.sections;
    for r in &s.resolvers {
        g.at(r.span, "resolvers");
    }
    for o in &s.others {
        let what = match o.kind {
            SectionKind::Peers => "peers",
            SectionKind::Mailers => "mailers",
            SectionKind::Ring => "ring",
            SectionKind::Cache => "cache",
            SectionKind::Program => "program",
            // userlist and http-errors only serve HTTP proxies, which are
            // refused on their own.
            _ => continue,
        };
        g.at(o.span, what);
    }
    g.out
}

fn global(g: &mut Gate) {
    let gl = &g.cfg.global;
    for l in &gl.logs {
        g.at(l.span, "log");
    }
    for b in &gl.stats_sockets {
        g.at(b.span, "stats socket");
    }
    let refused: [(bool, &str); 9] = [
        (gl.master_worker, "master-worker"),
        (gl.maxconnrate.is_some(), "maxconnrate"),
        (gl.maxsessrate.is_some(), "maxsessrate"),
        (gl.maxsslconn.is_some(), "maxsslconn"),
        (gl.maxsslrate.is_some(), "maxsslrate"),
        (!gl.cpu_map.is_empty(), "cpu-map"),
        (gl.server_state_file.is_some(), "server-state-file"),
        (gl.localpeer.is_some(), "localpeer"),
        (gl.uid.is_some() || gl.gid.is_some(), "uid/gid/user/group"),
    ];
    for (set, what) in refused {
        if set {
            g.at(gl.span, what);
        }
    }
    if gl.chroot.is_some() {
        g.at(gl.span, "chroot");
    }
}

fn proxy(g: &mut Gate, px: &Proxy) {
    let st = &px.settings;
    if st.mode == Mode::Http {
        g.proxy(px, "mode http");
        // Everything else of an HTTP proxy is moot until HTTP runs.
        return;
    }
    for b in &px.binds {
        bind(g, b);
    }
    if px.cap.backend {
        for s in &px.servers {
            server(g, s);
        }
        match &st.balance {
            Some(Balance::RdpCookie { .. }) => g.proxy(px, "balance rdp-cookie"),
            Some(Balance::Hash { .. }) => g.proxy(px, "balance hash"),
            _ => {}
        }
        if st.hash_balance_factor.is_some() {
            g.proxy(px, "hash-balance-factor");
        }
        if st.load_server_state_from_file.is_some() {
            g.proxy(px, "load-server-state-from-file");
        }
        if st.source.is_some() {
            g.proxy(px, "source");
        }
        if st.persist_rdp_cookie.is_some() {
            g.proxy(px, "persist rdp-cookie");
        }
        if st.srvtcpka.iter().any(Option::is_some) {
            g.proxy(px, "srvtcpka-cnt/idle/intvl");
        }
        if !st.email_alert.is_empty() {
            g.proxy(px, "email-alert");
        }
    }
    if px.cap.frontend && st.clitcpka.iter().any(Option::is_some) {
        g.proxy(px, "clitcpka-cnt/idle/intvl");
    }
    if st.rate_limit_sessions.is_some() {
        g.proxy(px, "rate-limit sessions");
    }
    for (name, on) in &st.options {
        if *on && !RUN_OPTIONS.contains(name) {
            g.proxy(px, &format!("option {name}"));
        }
    }
    for l in &px.logs {
        g.at(l.span, "log");
    }
    for r in &px.rules.rules {
        let runs = r.family == "tcp-request connection"
            && matches!(r.action.as_str(), "accept" | "reject");
        // the conditions of the rules that run are compiled (or refused)
        // by the plan (cond::compile)
        if !runs {
            g.at(Some(r.span), &format!("{} {}", r.family, r.action));
        }
    }
    for u in &px.use_backends {
        if u.target.contains('%') {
            g.at(Some(u.span), "use_backend with a log-format name");
        }
    }
    if let Some(t) = &px.rules.stick_table {
        g.at(Some(t.span), "stick-table");
    }
    for s in &px.stick_rules {
        g.at(Some(s.span), "stick");
    }
    for r in &px.redirects {
        g.at(Some(r.span), "redirect");
    }
    for m in &px.monitor_fail {
        g.at(Some(m.span), "monitor fail");
    }
    for u in &px.use_servers {
        g.at(Some(u.span), "use-server");
    }
    for p in &px.persist_rules {
        g.at(Some(p.span), "force-persist/ignore-persist");
    }
    for e in &px.extra_rules {
        let what = e.first().map(String::as_str).unwrap_or("rule");
        g.proxy(px, what);
    }
}

fn bind(g: &mut Gate, b: &Bind) {
    let mut refuse = |set: bool, what: &str| {
        if set {
            g.at(b.span, what);
        }
    };
    refuse(b.ssl.enabled, "bind ssl");
    refuse(b.accept_proxy, "bind accept-proxy");
    refuse(
        b.accept_netscaler_cip.is_some(),
        "bind accept-netscaler-cip",
    );
    refuse(b.transparent, "bind transparent");
    refuse(b.tfo, "bind tfo");
    refuse(b.interface.is_some(), "bind interface");
    refuse(b.namespace.is_some(), "bind namespace");
    refuse(b.proto.is_some(), "bind proto");
    refuse(b.process.is_some(), "bind process");
    refuse(b.thread.is_some(), "bind thread");
    refuse(b.shards.is_some(), "bind shards");
    refuse(b.nice.is_some(), "bind nice");
    refuse(b.mss.is_some(), "bind mss");
    refuse(b.tcp_ut.is_some(), "bind tcp-ut");
    refuse(b.expose_fd_listeners, "bind expose-fd");
    for o in &b.other {
        g.at(b.span, &format!("bind {o}"));
    }
}

fn server(g: &mut Gate, s: &Server) {
    let mut refuse = |set: bool, what: &str| {
        if set {
            g.at(s.span, what);
        }
    };
    // check-ssl, check-send-proxy, check-via-socks4...: refused by
    // checks::CheckSpec when the server is checked (inert otherwise)
    refuse(
        s.on_marked_down
            .as_deref()
            .is_some_and(|v| v != "shutdown-sessions"),
        "server on-marked-down",
    );
    refuse(s.on_marked_up.is_some(), "server on-marked-up");
    // observe layer4 runs (with check); other values are refused by the plan
    refuse(s.send_proxy.is_some(), "server send-proxy");
    refuse(s.ssl.enabled, "server ssl");
    refuse(s.slowstart.is_some(), "server slowstart");
    refuse(s.minconn.is_some(), "server minconn");
    refuse(s.resolvers.is_some(), "server resolvers");
    for o in &s.other {
        g.at(s.span, &format!("server {o}"));
    }
}
