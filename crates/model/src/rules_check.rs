//! Post-parse checks of rules (haproxy's `check_config_validity`): `stick`
//! rules find their table and can key it, `use-server` rules their server,
//! conditions of HTTP proxies reading L6 buffers are warned about, rule by
//! rule in haproxy's list order; HTTP-only rules and captures in
//! a proxy that never speaks HTTP are ignored with a warning, and the rules
//! of a named defaults section are handed to the proxies using it.

use crate::acl_cond::PREDEFINED;
use crate::cx::Cx;
use crate::ir::proxy::{Mode, Proxy, StickKind, StickRule};
use crate::ir::rules::{AclRef, Condition, Rule};
use crate::logformat::parse_log_format;
use crate::sample_expr::{self, Source};
use crate::sample_fetches;
use crate::sample_types::{Fetch, SmpType, Use};
use syntax::{Diagnostic, Span};

/// Proxy `i`, unless it is disabled (haproxy skips those).
fn enabled<'c>(cx: &'c Cx, i: usize) -> Option<&'c Proxy> {
    cx.cfg.proxies.get(i).filter(|p| !p.settings.disabled)
}

/// haproxy's `warnif_tcp_http_cond`: a condition of an HTTP proxy that
/// reads the request or response buffer, which HTTP proxies do not keep.
/// `at` is the rule's line, which the warning names.
pub fn l6_warning(px: &Proxy, cond: Option<&Condition>, at: Span, cx: &Cx) -> Option<Diagnostic> {
    let cond = cond?;
    if px.settings.mode != Mode::Http || !cond_uses_l6(px, cond) {
        return None;
    }
    let text = format!(
        "Proxy '{}': L6 sample fetches ignored on HTTP proxies (declared at {}).",
        px.name,
        cx.loc_of(at)
    );
    Some(Diagnostic::warning(None, text))
}

fn cond_uses_l6(px: &Proxy, cond: &Condition) -> bool {
    cond_uses(px, cond, Fetch::is_l6)
}

/// Whether a fetch of the condition (its anonymous ACLs, the proxy's
/// named ones, or the predefined ones) satisfies `pred`.
fn cond_uses(px: &Proxy, cond: &Condition, pred: fn(&Fetch) -> bool) -> bool {
    let l6 = |fetch: &str| sample_fetches::find(fetch).is_some_and(pred);
    cond.terms.iter().flatten().any(|t| match &t.acl {
        AclRef::Anonymous(e) => l6(&e.sample.fetch),
        AclRef::Named(n) => {
            let mut own = px.acls_named(n).peekable();
            if own.peek().is_some() {
                return own.any(|a| l6(&a.expr.sample.fetch));
            }
            PREDEFINED
                .iter()
                .find(|(name, _)| name == n)
                .is_some_and(|(_, words)| words.first().is_some_and(|w| l6(w)))
        }
    })
}

/// The rule lists haproxy walks after the switching rules, in its order,
/// each rule's own error first and then its L6 warning: `use-server`
/// (whose server is resolved after the warning), request-side `stick`
/// rules, `stick store-response` (no warning), then the TCP and HTTP rule
/// families.
pub fn check_rule_lists(cx: &mut Cx, i: usize) {
    let Some(px) = enabled(cx, i) else { return };
    let mut out = Vec::new();
    for us in &px.use_servers {
        out.extend(l6_warning(px, Some(&us.cond), us.span, cx));
        out.extend(use_server_ref(px, &us.server, us.span, cx));
    }
    let (req, rsp): (Vec<_>, Vec<_>) = px
        .stick_rules
        .iter()
        .partition(|r| r.kind != StickKind::StoreResponse);
    for r in req {
        out.extend(stick_ref(&cx.cfg.proxies, px, r).map(|t| Diagnostic::fatal(None, t)));
        out.extend(l6_warning(px, r.cond.as_ref(), r.span, cx));
    }
    for r in rsp {
        out.extend(stick_ref(&cx.cfg.proxies, px, r).map(|t| Diagnostic::fatal(None, t)));
    }
    let families = [
        "tcp-request connection",
        "tcp-request session",
        "tcp-request content",
        "tcp-response content",
        "http-request",
        "http-response",
        "http-after-response",
    ];
    for f in families {
        for r in px.rules.rules.iter().filter(|r| r.family == f) {
            out.extend(action_check(cx, px, r));
            out.extend(l6_warning(px, r.cond.as_ref(), r.span, cx));
        }
    }
    for d in out {
        cx.push(d);
    }
}

/// haproxy's per-action post-parse checks (`check_ptr`): `track-sc*`
/// finds its table and can key it, `capture ... id <n>` names a declared
/// capture slot.
fn action_check(cx: &Cx, px: &Proxy, r: &Rule) -> Vec<Diagnostic> {
    let fatal = |m: String| {
        vec![Diagnostic::fatal(
            None,
            format!("Proxy '{}': {m}.", px.name),
        )]
    };
    if let Some(n) = r.action.strip_prefix("track-sc") {
        return track_check(cx, px, r, n).unwrap_or_else(fatal);
    }
    let id = r
        .args
        .iter()
        .position(|a| a == "id")
        .and_then(|i| r.args.get(i + 1));
    if let (Some(id), "capture") = (id, r.action.as_str()) {
        let (dir, family) = match r.family.as_str() {
            "http-request" => ("request", "http-request"),
            "http-response" => ("response", "http-response"),
            _ => return Vec::new(),
        };
        let idx = crate::units::atoi(id);
        if px.cap.frontend && i64::from(idx) >= capture_slots(px, dir) as i64 {
            return fatal(format!(
                "unable to find capture id '{idx}' referenced by {family} capture rule"
            ));
        }
    }
    Vec::new()
}

/// The capture slots of a direction: `capture <dir> header`, `declare
/// capture <dir>` and the `capture ... len` actions of the rules.
fn capture_slots(px: &Proxy, dir: &str) -> usize {
    let declared = px
        .rules
        .captures
        .iter()
        .filter(|c| c.kind == format!("{dir} header") || c.kind == format!("declare {dir}"))
        .count();
    let families: &[&str] = if dir == "request" {
        &["tcp-request content", "http-request"]
    } else {
        &["http-response"]
    };
    let actions = px
        .rules
        .rules
        .iter()
        .filter(|r| families.contains(&r.family.as_str()) && r.action == "capture")
        .filter(|r| r.args.iter().any(|a| a == "len"))
        .count();
    declared + actions
}

/// `track-sc<n> <expr> [table <t>]` (haproxy's `check_trk_action`): the
/// table (the proxy's own by default) exists and its key type can hold the
/// sample; a `tcp-request content` rule of a frontend reading request
/// contents needs an inspect delay, and one of an HTTP frontend that does
/// not should run at the session level. Returns the warnings.
fn track_check(cx: &Cx, px: &Proxy, r: &Rule, n: &str) -> Result<Vec<Diagnostic>, String> {
    let at = r.args.iter().position(|a| a == "table");
    let name = at.and_then(|i| r.args.get(i + 1)).unwrap_or(&px.name);
    let table = match at {
        Some(_) => cx
            .cfg
            .proxies
            .iter()
            .filter(|p| p.name == *name)
            .find_map(|p| p.rules.stick_table.as_ref()),
        None => px.rules.stick_table.as_ref(),
    };
    let Some(table) = table else {
        return Err(format!(
            "unable to find table '{name}' referenced by track-sc{n}"
        ));
    };
    let words = &r.args[..at.unwrap_or(r.args.len())];
    let mut idx = 0;
    let src = Source {
        words,
        idx: &mut idx,
        endptr: false,
    };
    let Ok(parsed) = sample_expr::parse(cx.host, src) else {
        return Ok(vec![]);
    };
    if !keys(parsed.out, key_type(&table.key_type)) {
        return Err(format!(
            "stick-table '{name}' uses a type incompatible with the 'track-sc{n}' rule"
        ));
    }
    if r.family != "tcp-request content" || !px.cap.frontend {
        return Ok(vec![]);
    }
    let (ty, pxn) = (px.type_str(), &px.name);
    let mut warnings = Vec::new();
    let no_delay = px.rules.tcp_inspect_delay_ms.unwrap_or(0) == 0;
    if no_delay && parsed.fetch.val & Use::FeTcpSession.bit() == 0 {
        let text = format!("{ty} '{pxn}' : a 'tcp-request content track-sc*' rule explicitly depending on request contents without any 'tcp-request inspect-delay' setting. This means that this rule will randomly find its contents. This can be fixed by setting the tcp-request inspect-delay.");
        warnings.push(Diagnostic::warning(None, text));
    }
    let cond_reads = r
        .cond
        .as_ref()
        .is_some_and(|c| cond_uses(px, c, Fetch::reads_request));
    if px.settings.mode == Mode::Http && !parsed.fetch.reads_request() && !cond_reads {
        let text = format!("{ty} '{pxn}' : a 'tcp-request content track-sc*' rule not depending on request contents for an HTTP frontend should be executed at the session level, using a 'tcp-request session' rule (mandatory to track invalid HTTP requests).");
        warnings.push(Diagnostic::warning(None, text));
    }
    Ok(warnings)
}

/// A `use-server` names a server of the proxy, unless its name is a
/// log-format with `%` parts, resolved per request.
fn use_server_ref(px: &Proxy, name: &str, at: Span, cx: &Cx) -> Option<Diagnostic> {
    if let Err(e) = parse_log_format(cx.host, name, Use::FeHttpRequest) {
        let text = format!(
            "Parsing [{}]; use-server rule failed to parse log-format '{name}' : {e}.",
            cx.loc_of(at)
        );
        return Some(Diagnostic::fatal(None, text));
    }
    if name.contains('%') || px.servers.iter().any(|s| s.name == name) {
        return None;
    }
    let text = format!(
        "{} '{}' : unable to find server '{name}' referenced in a 'use-server' rule.",
        px.type_str(),
        px.name
    );
    Some(Diagnostic::fatal(None, text))
}

/// HTTP-only rules of proxy `i` are ignored when it does not speak HTTP
/// (after the `stats` warning, as haproxy orders them).
pub fn check_http_only(cx: &mut Cx, i: usize) {
    let Some(px) = enabled(cx, i) else { return };
    for w in http_only(px) {
        cx.push(Diagnostic::warning(None, w));
    }
}

/// The key type of a table as a sample type (`stktable_types`).
fn key_type(name: &str) -> SmpType {
    match name {
        "ip" => SmpType::Ipv4,
        "ipv6" => SmpType::Ipv6,
        "integer" => SmpType::Sint,
        "string" => SmpType::Str,
        _ => SmpType::Bin,
    }
}

/// Whether a sample of type `out` can key a table of type `key`
/// (`stktable_compatible_sample`). haproxy 2.6 also casts a boolean to
/// binary (`c_int2bin`), checked with the real binary.
fn keys(out: SmpType, key: SmpType) -> bool {
    out.casts_to(key) || (out == SmpType::Bool && key == SmpType::Bin)
}

/// A `stick` rule names an existing table (the proxy's own by default)
/// whose key type its sample can be cast to.
fn stick_ref(all: &[Proxy], px: &Proxy, r: &StickRule) -> Option<String> {
    let name = r.table.as_deref().unwrap_or(&px.name);
    let table = match &r.table {
        Some(t) => all
            .iter()
            .filter(|p| p.name == *t)
            .find_map(|p| p.rules.stick_table.as_ref()),
        None => px.rules.stick_table.as_ref(),
    };
    let what = if r.kind == StickKind::StoreResponse {
        "store table"
    } else {
        "stick-table"
    };
    match table {
        None => Some(format!(
            "Proxy '{}': unable to find {what} '{name}'.",
            px.name
        )),
        Some(t) if !keys(r.out, key_type(&t.key_type)) => Some(format!(
            "Proxy '{}': type of fetch not usable with type of {what} '{name}'.",
            px.name
        )),
        Some(_) => None,
    }
}

/// Whether the proxy speaks HTTP: `mode http`, or a tcp proxy that
/// upgrades with `tcp-request content switch-mode http`.
fn speaks_http(px: &Proxy) -> bool {
    px.settings.mode == Mode::Http
        || px
            .rules
            .rules
            .iter()
            .any(|r| r.family == "tcp-request content" && r.action == "switch-mode")
}

/// haproxy's warnings for HTTP-only rules in a proxy that is not HTTP.
/// Only the cookie capture is named: header captures stay silent.
fn http_only(px: &Proxy) -> Vec<String> {
    if speaks_http(px) {
        return Vec::new();
    }
    let (ty, name) = (px.type_str(), &px.name);
    let mut out = Vec::new();
    if px.rules.captures.iter().any(|c| c.kind == "cookie") {
        out.push(format!(
            "'capture' statement ignored for {ty} '{name}' as it requires HTTP mode."
        ));
    }
    let families = ["http-request", "http-response", "http-after-response"];
    for f in families {
        if px.rules.rules.iter().any(|r| r.family == f) {
            out.push(format!(
                "'{f}' rules ignored for {ty} '{name}' as they require HTTP mode."
            ));
        }
    }
    if !px.redirects.is_empty() {
        out.push(format!(
            "'redirect' rules ignored for {ty} '{name}' as they require HTTP mode."
        ));
    }
    out
}

/// The TCP/HTTP rules of a named defaults section run before the proxy's
/// own (haproxy 2.6 evaluates `defpx` rules first): they are prepended to
/// every proxy inheriting from it. Runs after the checks above, which
/// only consider a proxy's own rules, as haproxy does.
pub fn inherit_defaults_rules(cx: &mut Cx) {
    let cfg = &mut cx.cfg;
    for px in cfg.proxies.iter_mut() {
        let Some(def) = px.defaults.and_then(|d| cfg.defaults.get(d)) else {
            continue;
        };
        if !def.defines_rules || def.rules.rules.is_empty() {
            continue;
        }
        let mut rules = def.rules.rules.clone();
        rules.append(&mut px.rules.rules);
        px.rules.rules = rules;
    }
}

#[cfg(test)]
mod tests {
    //! Expected texts are haproxy 2.6.12 `-c` output for the same lines.
    use crate::build::{Builder, Options};
    use crate::cx::ProcEnv;
    use crate::host::SystemLikeHost;

    const T: &str =
        "defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n";

    fn build(cfg: &str) -> (crate::ir::Config, Vec<String>) {
        let host = SystemLikeHost::default();
        let mut b = Builder::new(&host, Options::default(), ProcEnv::default());
        b.add_file("x.cfg", format!("{T}{cfg}").as_bytes());
        let (c, d) = b.finish();
        (c, d.list.into_iter().map(|d| d.text).collect())
    }

    /// The diagnostics of `cfg` (after the common defaults) are exactly
    /// `expected`.
    fn check(cfg: &str, expected: &[&str]) {
        assert_eq!(build(cfg).1, expected, "for {cfg:?}");
    }

    #[test]
    fn stick_table_messages() {
        check(
            "backend b\n stick-table type ip\n",
            &["parsing [x.cfg:7] : stick-table: missing size."],
        );
        check(
            "backend b\n stick-table type string len 0 size 1\n",
            &["parsing [x.cfg:7] : stick-table: unknown type '0'."],
        );
        check(
            "backend b\n stick-table type ip size 1k store gpc_rate(3)\n",
            &["parsing [x.cfg:7] : stick-table: missing argument to store option 'gpc_rate'."],
        );
        check("backend b\n stick-table type ip size 1k store http_req_rate(x)\n", &["parsing [x.cfg:7] : stick-table: error when processing store option 'http_req_rate'."]);
        check(
            "backend b\n stick-table type ip size 1k store gpc0,gpc0\n",
            &["parsing [x.cfg:7]: stick-table: store option 'gpc0' already enabled, ignored."],
        );
        check("backend b\n stick-table type ip size 1k expire 30d\n", &["parsing [x.cfg:7]: stick-table: timer overflow in argument <30d> to <expire>, maximum value is 2147483647 ms (~24.8 days)."]);
        check(
            "backend b\n stick-table type ip size 1k\n stick-table type ip size 1k\n",
            &["parsing [x.cfg:8] : stick-table name 'b' conflicts with table declared in backend 'b' at x.cfg:7."],
        );
    }

    #[test]
    fn stick_rules_resolve_their_table() {
        check(
            "backend b\n stick on src table nosuch\n stick store-response src table x\n stick on meth\n stick-table type ip size 1k\n",
            &[
                "Proxy 'b': unable to find stick-table 'nosuch'.",
                "Proxy 'b': type of fetch not usable with type of stick-table 'b'.",
                "Proxy 'b': unable to find store table 'x'.",
            ],
        );
        check(
            "backend b\n stick on res.hdr(x)\n",
            &["parsing [x.cfg:7] : 'stick': fetch method 'res.hdr' extracts information from 'HTTP response headers', none of which is available during request."],
        );
        let (cfg, d) = build("backend b\n stick-table type binary len 8 size 1m store gpc(2),gpc_rate(2,10s)\n stick on bool(1) if TRUE\n");
        assert!(d.is_empty(), "{d:?}");
        let b = &cfg.proxies[0];
        assert_eq!(b.stick_rules.len(), 1);
        let t = b
            .rules
            .stick_table
            .as_ref()
            .map(|t| (t.key_len, t.size, t.store.clone()));
        assert_eq!(
            t,
            Some((
                Some(8),
                1 << 20,
                vec!["gpc(2)".to_string(), "gpc_rate(2,10s)".to_string()]
            ))
        );
    }

    #[test]
    fn captures_redirects_and_monitor() {
        check(
            "frontend f\n capture request header Host len 3 x\n declare capture request len x\n redirect location /x code 305\n monitor fail\n",
            &[
                "parsing [x.cfg:7] : 'capture request' cannot handle unexpected argument 'x'.",
                "parsing [x.cfg:8] : 'declare capture': cannot parse the length 'len'.",
                "parsing [x.cfg:9] : error detected in frontend 'f' while parsing redirect rule : 'code': unsupported HTTP code '305' (must be one of 301, 302, 303, 307 or 308).",
                "parsing [x.cfg:10] : 'monitor fail' requires either 'if' or 'unless' followed by a condition.",
            ],
        );
        check(
            "frontend f\n bind :80\n http-request deny if TRUE\n use_backend b if TRUE\n redirect prefix /x\n monitor fail if TRUE\nbackend b\n",
            &[
                "parsing [x.cfg:10] : a 'redirect' rule placed after a 'use_backend' rule will still be processed before.",
                "parsing [x.cfg:11] : a 'monitor fail' rule placed after an 'http-request' rule will still be processed before.",
            ],
        );
    }

    #[test]
    fn http_only_rules_in_tcp_mode() {
        check(
            "frontend f\n mode tcp\n bind :80\n capture cookie c len 3\n http-request deny\n redirect location /\n default_backend b\nbackend b\n",
            &[
                "'capture' statement ignored for frontend 'f' as it requires HTTP mode.",
                "'http-request' rules ignored for frontend 'f' as they require HTTP mode.",
                "'redirect' rules ignored for frontend 'f' as they require HTTP mode.",
            ],
        );
    }

    #[test]
    fn switching_rule_conditions_are_parsed() {
        check(
            "frontend f\n use_backend b if nosuch\nbackend b\n use-server s1\n force-persist if nosuch\n",
            &[
                "parsing [x.cfg:7] : error detected while parsing switching rule : no such ACL : 'nosuch'.",
                "parsing [x.cfg:9] : 'use-server' requires either 'if' or 'unless' followed by a condition.",
                "parsing [x.cfg:10] : error detected while parsing a 'force-persist' rule : no such ACL : 'nosuch'.",
            ],
        );
    }

    #[test]
    fn named_defaults_rules_are_inherited() {
        let (cfg, d) = build("defaults d\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n http-request deny if TRUE\nfrontend f from d\n bind :80\n http-request allow\n");
        assert!(d.is_empty(), "{d:?}");
        let actions: Vec<&str> = cfg.proxies[0]
            .rules
            .rules
            .iter()
            .map(|r| r.action.as_str())
            .collect();
        assert_eq!(actions, ["deny", "allow"]);
    }
}
