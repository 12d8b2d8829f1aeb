//! `tcp-request connection|session|content|inspect-delay` and
//! `tcp-response content|inspect-delay`, with haproxy's `tcp_parse_*`
//! messages (`parsing [f:l] : ` form, fatal but not aborting).

use crate::acl_cond::parse_condition;
use crate::acl_conflicts::{self, Style};
use crate::cx::Cx;
use crate::ir::rules::Rule;
use crate::kw::acl::cur_proxy;
use crate::kw::rules::{
    is_backend, proxy_desc, refuse_anonymous_defaults, store, warn_misplaced, words_from,
};
use crate::rules_actions::{self as act, check_args, lookup, split_condition};
use crate::rules_order::Stage;
use crate::sample_types::Use;
use crate::units::{parse_time, TimeError, TimeUnit};
use syntax::Line;

pub(crate) fn lower_tcp_request(cx: &mut Cx, line: &Line) {
    if refuse_anonymous_defaults(cx, line) {
        return;
    }
    let desc = proxy_desc(cx);
    let sub = line.word(1).into_owned();
    match sub.as_str() {
        "" => cx.parse_fatal(line, format!("missing argument for 'tcp-request' in {desc}")),
        "inspect-delay" => inspect_delay(cx, line, "tcp-request", &desc, false),
        "connection" | "session" | "content" => {
            let ctx = match (sub.as_str(), is_backend(cx)) {
                ("connection", _) => Use::FeTcpConnection,
                ("session", _) => Use::FeTcpSession,
                (_, true) => Use::BeTcpContent,
                _ => Use::FeTcpContent,
            };
            tcp_rule(cx, line, &desc, ctx);
        }
        _ => cx.parse_fatal(line, format!("'tcp-request' expects 'inspect-delay', 'connection', or 'content' in {desc} (got '{sub}')")),
    }
}

pub(crate) fn lower_tcp_response(cx: &mut Cx, line: &Line) {
    if refuse_anonymous_defaults(cx, line) {
        return;
    }
    let desc = proxy_desc(cx);
    let sub = line.word(1).into_owned();
    let backend_cap = cur_proxy(cx).is_some_and(|p| p.cap.backend);
    if !backend_cap {
        let msg = format!("tcp-response {sub} is only allowed in 'backend' sections or 'defaults' section with a name");
        cx.parse_fatal(line, msg);
        return;
    }
    match sub.as_str() {
        "" => cx.parse_fatal(
            line,
            format!("missing argument for 'tcp-response' in {desc}"),
        ),
        "inspect-delay" => inspect_delay(cx, line, "tcp-response", &desc, true),
        "content" => tcp_rule(cx, line, &desc, Use::BeTcpResponse),
        _ => cx.parse_fatal(
            line,
            format!("'tcp-response' expects 'inspect-delay' or 'content' in {desc} (got '{sub}')"),
        ),
    }
}

fn inspect_delay(cx: &mut Cx, line: &Line, family: &str, desc: &str, response: bool) {
    let value = line.word(2).into_owned();
    let base =
        format!("'{family} inspect-delay' expects a positive delay in milliseconds, in {desc}");
    let ms = match parse_time(&value, TimeUnit::Ms) {
        Ok(t) if !value.is_empty() => t.value,
        Err(TimeError::Char(Some(c), _)) => {
            cx.parse_fatal(line, format!("{base} (unexpected character '{c}')"));
            return;
        }
        _ => {
            cx.parse_fatal(line, base);
            return;
        }
    };
    if let Some(px) = cur_proxy(cx) {
        let slot = if response {
            &mut px.rules.tcp_res_inspect_delay_ms
        } else {
            &mut px.rules.tcp_inspect_delay_ms
        };
        *slot = Some(u64::from(ms));
    }
}

fn tcp_rule(cx: &mut Cx, line: &Line, desc: &str, ctx: Use) {
    let family = format!("{} {}", line.word(0), line.word(1));
    let action = line.word(2).into_owned();
    let lua = !cx.cfg.global.lua_loads.is_empty();
    if lookup(act::TCP_CONTENT, &action).is_none() && !(lua && action.starts_with("lua.")) {
        let msg = format!("'{family}' expects 'accept', 'reject', 'capture', 'expect-proxy', 'expect-netscaler-cip', 'track-sc0' ... 'track-sc2', 'ot-group', 'set-log-level', 'set-nice', 'switch-mode', 'use-service', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'do-resolve(*)', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-src', 'set-src-port', 'set-dst', 'set-dst-port', 'set-mark', 'set-tos', 'silent-drop', 'set-priority-class', 'set-priority-offset' in {desc} (got '{action}').\n");
        cx.parse_fatal(line, msg);
        return;
    }
    let rest = words_from(line, 3);
    let n = split_condition(&rest);
    let args = &rest[..n];
    if action == "use-service" {
        let head = [line.word(0), line.word(1)];
        let name = args.first().map(String::as_str);
        if let Err(e) = act::check_service([&head[0], &head[1]], name, false, lua) {
            cx.parse_fatal(line, e);
            return;
        }
    }
    if let Err(e) = check_args(cx.host, &action, args, ctx) {
        cx.parse_fatal(line, format!("'{family} {action}' : {e}"));
        return;
    }
    let cond = match parse_condition(cx, line, 3 + n) {
        Ok(c) => c,
        Err(e) => {
            let kw = line.word(3 + n).into_owned();
            let msg = format!("'{family} {action}' : error detected in {desc} while parsing '{kw}' condition : {e}");
            cx.parse_fatal(line, msg);
            return;
        }
    };
    let stage = match line.word(1).as_ref() {
        "connection" => Some(Stage::TcpConnection),
        "session" => Some(Stage::TcpSession),
        "content" if line.word(0) == "tcp-request" => Some(Stage::TcpContent),
        _ => None,
    };
    if let Some(stage) = stage {
        warn_misplaced(cx, line, stage, "tcp-request");
    }
    let cap = cur_proxy(cx).map(|p| p.cap).unwrap_or_default();
    let places: Vec<Use> = match (line.word(0).as_ref(), line.word(1).as_ref()) {
        (_, "connection") => vec![Use::FeTcpConnection],
        (_, "session") => vec![Use::FeTcpSession],
        ("tcp-response", _) => vec![Use::BeTcpResponse],
        _ => [
            (cap.frontend, Use::FeTcpContent),
            (cap.backend, Use::BeTcpContent),
        ]
        .into_iter()
        .filter_map(|(on, u)| on.then_some(u))
        .collect(),
    };
    acl_conflicts::warn(cx, line, cond.as_ref(), &places, Style::Tcp(&family));
    if act::needs_unsupported_engine(&action) || action.starts_with("lua.") {
        let msg = format!("'{family} {action}' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md).");
        cx.parse_fatal(line, msg);
        return;
    }
    store(
        cx,
        Rule {
            span: line.span,
            family,
            action,
            args: args.to_vec(),
            cond,
        },
    );
}
