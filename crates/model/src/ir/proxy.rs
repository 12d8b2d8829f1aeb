//! Proxies: defaults, frontend, backend and listen sections. The settings a
//! proxy inherits from its defaults section live in [`Settings`]; the rest
//! (identity, binds, servers, rules) belongs to the proxy alone.

#[path = "proxy_settings.rs"]
mod settings;

pub use settings::{
    At, Balance, CheckKind, ErrorMsg, HashType, HeaderOption, LogFormat, Mode, Settings, Timeouts,
};

use crate::dump::{field, flag, Dumper};
use crate::ir::rules::{Condition, SampleExpr};
use crate::ir::{Acl, Bind, LogTarget, Server};
use crate::sample_types::SmpType;
use syntax::{SectionKind, Span};

/// What a proxy can do: accept connections (frontend side), forward them to
/// servers (backend side), or both (listen). Defaults have both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cap {
    pub frontend: bool,
    pub backend: bool,
}

/// A `use_backend <name|fmt> [{if|unless} <cond>]` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseBackend {
    pub target: String,
    pub cond: Option<Condition>,
    pub span: Span,
}

/// Which way a `stick` rule uses its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StickKind {
    /// `stick match`: look the key up only.
    Match,
    /// `stick on`: look up, then store on the request.
    On,
    /// `stick store-request` (or its alias `stick store`).
    StoreRequest,
    /// `stick store-response`.
    StoreResponse,
}

/// A `stick match|on|store-request|store-response <pattern> [table t]
/// [{if|unless} cond]` rule; `table` is resolved after parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickRule {
    pub span: Span,
    pub kind: StickKind,
    pub expr: SampleExpr,
    /// The expression's output type, checked against the table's key type.
    pub out: SmpType,
    /// The table named with `table`, or `None` for the proxy's own.
    pub table: Option<String>,
    pub cond: Option<Condition>,
}

/// A `redirect location|prefix|scheme <to> [code c] [option]...` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub span: Span,
    /// `location`, `prefix` or `scheme`.
    pub kind: String,
    pub to: String,
    pub code: u16,
    /// `set-cookie` (true) or `clear-cookie` (false) and its cookie.
    pub cookie: Option<(bool, String)>,
    /// `drop-query`, `append-slash`, `ignore-empty` as written.
    pub flags: Vec<String>,
    pub cond: Option<Condition>,
}

/// A `use-server <server> {if|unless} <cond>` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseServer {
    pub span: Span,
    pub server: String,
    pub cond: Condition,
}

/// A `force-persist` (`force` true) or `ignore-persist` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersistRule {
    pub span: Span,
    pub force: bool,
    pub cond: Condition,
}

/// A proxy section after lowering (also used for `defaults`).
#[derive(Clone, Debug)]
pub struct Proxy {
    /// `defaults`, `frontend`, `backend` or `listen`.
    pub kind: SectionKind,
    /// Empty for an anonymous `defaults`.
    pub name: String,
    pub span: Option<Span>,
    pub cap: Cap,
    pub binds: Vec<Bind>,
    pub servers: Vec<Server>,
    /// The cumulative `default-server` settings new servers start from.
    pub default_server: Server,
    pub acls: Vec<Acl>,
    /// Indexes into `acls` by name (a name may have several lines); kept
    /// by [`Proxy::add_acl`], so conditions find their ACLs without a scan.
    pub acl_index: hashbrown::HashMap<String, Vec<usize>>,
    pub logs: Vec<LogTarget>,
    /// Everything inherited from the defaults section.
    pub settings: Settings,
    /// The `from <name>` of the header, if any.
    pub from: Option<String>,
    /// The defaults section (index into `Config::defaults`) this proxy
    /// copied its settings from.
    pub defaults: Option<usize>,
    /// For a defaults section: whether a proxy referenced it with `from`.
    pub referenced_explicitly: bool,
    /// For a named defaults section: whether it defines TCP/HTTP rules
    /// (set by the rule keywords; such defaults cannot serve both sides).
    pub defines_rules: bool,
    /// Which sides already inherited from this defaults section (used with
    /// `defines_rules`).
    pub inherited_by: Cap,
    pub id: Option<i64>,
    pub description: Option<String>,
    pub use_backends: Vec<UseBackend>,
    /// `use-server`, `force-persist`, `ignore-persist`, `dispatch`: words
    /// after the keyword, with the keyword first.
    pub extra_rules: Vec<Vec<String>>,
    /// The 1.x `listen <name> <addr>` address, accepted as a `bind`.
    pub legacy_addr: Option<String>,
    /// Rules, inspect delays, stick-table and captures (kw/rules.rs).
    pub rules: crate::ir::rules::ProxyRules,
    /// `stats ...` (ir/checks.rs).
    pub stats: crate::ir::checks::StatsPage,
    /// `http-check ...` and `tcp-check ...` rules (ir/checks.rs).
    pub checks: crate::ir::checks::CheckRules,
    /// `stick` rules (kw/stick.rs), in declaration order.
    pub stick_rules: Vec<StickRule>,
    /// `redirect` rules (kw/redirect.rs).
    pub redirects: Vec<Redirect>,
    /// `monitor fail` conditions (kw/redirect.rs), with their lines.
    pub monitor_fail: Vec<At<Condition>>,
    pub use_servers: Vec<UseServer>,
    pub persist_rules: Vec<PersistRule>,
}

impl Proxy {
    pub fn new(kind: SectionKind, name: String, span: Option<Span>) -> Proxy {
        let cap = match kind {
            SectionKind::Frontend => Cap {
                frontend: true,
                backend: false,
            },
            SectionKind::Backend => Cap {
                frontend: false,
                backend: true,
            },
            _ => Cap {
                frontend: true,
                backend: true,
            },
        };
        Proxy {
            kind,
            name,
            span,
            cap,
            binds: Vec::new(),
            servers: Vec::new(),
            default_server: Server::default(),
            acls: Vec::new(),
            acl_index: hashbrown::HashMap::new(),
            logs: Vec::new(),
            settings: Settings::default(),
            from: None,
            defaults: None,
            referenced_explicitly: false,
            defines_rules: false,
            inherited_by: Cap::default(),
            id: None,
            description: None,
            use_backends: Vec::new(),
            extra_rules: Vec::new(),
            legacy_addr: None,
            rules: Default::default(),
            stats: Default::default(),
            checks: Default::default(),
            stick_rules: Vec::new(),
            redirects: Vec::new(),
            monitor_fail: Vec::new(),
            use_servers: Vec::new(),
            persist_rules: Vec::new(),
        }
    }

    /// Declares an ACL line.
    pub fn add_acl(&mut self, acl: Acl) {
        self.acl_index
            .entry(acl.name.clone())
            .or_default()
            .push(self.acls.len());
        self.acls.push(acl);
    }

    /// The lines of the ACL `name`, in declaration order.
    pub fn acls_named<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Acl> + 'a {
        self.acl_index
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| self.acls.get(*i))
    }

    /// A new proxy starting from a defaults section: its settings, its
    /// `default-server`, its `log` targets and its inspect delays are
    /// copied.
    pub fn inherit(kind: SectionKind, name: String, span: Option<Span>, def: &Proxy) -> Proxy {
        let mut px = Proxy::new(kind, name, span);
        px.settings = def.settings.clone();
        if !px.cap.frontend {
            // haproxy copies the log format only into proxies that accept
            // connections: a backend never logs with the defaults' format.
            px.settings.log_format = None;
        }
        px.default_server = def.default_server.clone();
        px.logs = def.logs.clone();
        px.stats = def.stats.clone();
        px.stats.inherited = true;
        px.checks = def.checks.inherited();
        px.rules.tcp_inspect_delay_ms = def.rules.tcp_inspect_delay_ms;
        px.rules.tcp_res_inspect_delay_ms = def.rules.tcp_res_inspect_delay_ms;
        px
    }

    /// The word haproxy's `proxy_type_str` uses in messages.
    pub fn type_str(&self) -> &'static str {
        match (self.cap.frontend, self.cap.backend, self.kind) {
            (_, _, SectionKind::Defaults) => "defaults",
            (true, false, _) => "frontend",
            (false, true, _) => "backend",
            _ => "proxy",
        }
    }

    /// Compact dump: the header line, then nested binds, servers and rules.
    pub fn dump(&self, d: &mut Dumper) {
        let s = &self.settings;
        let mut head = format!("{} {}", self.kind.keyword(), self.name);
        head.push_str(&format!(" mode={}", s.mode.as_str()));
        field(&mut head, "from", self.from.as_ref());
        field(&mut head, "id", self.id);
        field(&mut head, "maxconn", s.maxconn);
        field(&mut head, "fullconn", s.fullconn);
        field(&mut head, "retries", s.retries);
        field(
            &mut head,
            "balance",
            s.balance.as_ref().map(|b| format!("{b:?}")),
        );
        field(
            &mut head,
            "default_backend",
            s.default_backend.as_ref().map(|b| &b.value),
        );
        flag(&mut head, "disabled", s.disabled);
        d.nest(head, |d| {
            self.dump_timeouts(d);
            for (name, on) in &s.options {
                d.line(format!("option {}{name}", if *on { "" } else { "no " }));
            }
            if let Some(lf) = &s.log_format {
                d.line(format!("log-format {:?}", lf.value));
            }
            if let Some(ck) = &s.check {
                d.line(format!("check {:?}", ck.value));
            }
            if let Some(addr) = &self.legacy_addr {
                d.line(format!("bind {addr} (from the listen line)"));
            }
            for b in &self.binds {
                b.dump(d);
            }
            for log in &self.logs {
                log.dump(d);
            }
            for acl in &self.acls {
                d.line(format!(
                    "acl {} {}",
                    acl.name,
                    crate::acl_expr::dump(&acl.expr)
                ));
            }
            for r in &self.rules.rules {
                let mut line = format!("{} {}", r.family, r.action);
                for a in &r.args {
                    line.push(' ');
                    line.push_str(a);
                }
                if let Some(c) = &r.cond {
                    line.push(' ');
                    line.push_str(&crate::acl_cond::dump(c));
                }
                d.line(line);
            }
            // The default-server line is shown only when it sets something.
            let mut ds = Dumper::new();
            self.default_server.dump(&mut ds);
            let ds = ds.finish();
            let ds = ds.trim_end();
            if ds != "server" {
                d.line(ds.replacen("server ", "default-server", 1));
            }
            for sv in &self.servers {
                sv.dump(d);
            }
            for ub in &self.use_backends {
                d.line(format!(
                    "use_backend {}{}",
                    ub.target,
                    cond_suffix(&ub.cond)
                ));
            }
            self.dump_extra_rules(d);
            self.stats.dump(d);
            self.checks.dump(d);
        });
    }

    /// Captures, stick table and rules lowered by kw/capture.rs,
    /// kw/stick.rs and kw/redirect.rs.
    fn dump_extra_rules(&self, d: &mut Dumper) {
        for c in &self.rules.captures {
            d.line(format!("capture {} {:?} len {}", c.kind, c.name, c.len));
        }
        if let Some(t) = &self.rules.stick_table {
            let mut line = format!("stick-table type {} size {}", t.key_type, t.size);
            field(&mut line, "len", t.key_len);
            field(&mut line, "expire", t.expire_ms);
            field(&mut line, "peers", t.peers.as_ref());
            flag(&mut line, "nopurge", t.nopurge);
            if !t.store.is_empty() {
                line.push_str(&format!(" store={}", t.store.join(",")));
            }
            d.line(line);
        }
        for r in &self.stick_rules {
            let table = r.table.as_ref().map(|t| format!(" table {t}"));
            let kind = match r.kind {
                StickKind::Match => "match",
                StickKind::On => "on",
                StickKind::StoreRequest => "store-request",
                StickKind::StoreResponse => "store-response",
            };
            d.line(format!(
                "stick {kind} {}{}{}",
                sample_text(&r.expr),
                table.unwrap_or_default(),
                cond_suffix(&r.cond)
            ));
        }
        for r in &self.redirects {
            let mut line = format!("redirect {} {:?} code {}", r.kind, r.to, r.code);
            if let Some((set, c)) = &r.cookie {
                line.push_str(if *set {
                    " set-cookie "
                } else {
                    " clear-cookie "
                });
                line.push_str(c);
            }
            for f in &r.flags {
                line.push(' ');
                line.push_str(f);
            }
            d.line(format!("{line}{}", cond_suffix(&r.cond)));
        }
        for m in &self.monitor_fail {
            d.line(format!("monitor fail {}", crate::acl_cond::dump(&m.value)));
        }
        for u in &self.use_servers {
            d.line(format!(
                "use-server {} {}",
                u.server,
                crate::acl_cond::dump(&u.cond)
            ));
        }
        for p in &self.persist_rules {
            let kw = if p.force {
                "force-persist"
            } else {
                "ignore-persist"
            };
            d.line(format!("{kw} {}", crate::acl_cond::dump(&p.cond)));
        }
    }

    fn dump_timeouts(&self, d: &mut Dumper) {
        let t = &self.settings.timeouts;
        let all = [
            ("client", t.client),
            ("server", t.server),
            ("connect", t.connect),
            ("check", t.check),
            ("queue", t.queue),
            ("http-keep-alive", t.http_keep_alive),
            ("http-request", t.http_request),
            ("tunnel", t.tunnel),
            ("tarpit", t.tarpit),
            ("client-fin", t.client_fin),
            ("server-fin", t.server_fin),
        ];
        let mut line = String::new();
        for (name, v) in all {
            field(&mut line, name, v);
        }
        if !line.is_empty() {
            d.line(format!("timeout{line}"));
        }
    }
}

/// `fetch(args),conv(args)` as written.
fn sample_text(e: &SampleExpr) -> String {
    let mut s = e.fetch.clone();
    if !e.args.is_empty() {
        s.push_str(&format!("({})", e.args.join(",")));
    }
    for c in &e.convs {
        s.push(',');
        s.push_str(&c.name);
        if !c.args.is_empty() {
            s.push_str(&format!("({})", c.args.join(",")));
        }
    }
    s
}

/// ` if ...` / ` unless ...`, or nothing without a condition.
fn cond_suffix(cond: &Option<Condition>) -> String {
    cond.as_ref()
        .map(|c| format!(" {}", crate::acl_cond::dump(c)))
        .unwrap_or_default()
}

impl Default for Proxy {
    fn default() -> Proxy {
        Proxy::new(SectionKind::Defaults, String::new(), None)
    }
}
