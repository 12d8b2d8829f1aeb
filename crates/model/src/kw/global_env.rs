//! `global` keywords that act on the parser itself or on features we only
//! validate: the environment family (which changes what later lines
//! expand), `stats timeout|maxconn`, Lua files, `set-var`, `cpu-map`,
//! `httpclient.*` and `cluster-secret`.

use super::args::{fatal_tight, too_many};
use crate::cx::Cx;
use crate::units::{self, TimeUnit};
use syntax::Line;

/// `setenv`, `presetenv`: `presetenv` leaves an existing variable alone.
pub(crate) fn lower_setenv(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    if line.word(1).is_empty() || line.word(2).is_empty() {
        fatal_tight(cx, line, format!("'{kw}' expects a name and a value."));
        return;
    }
    let (name, value) = (&line.args()[1], &line.args()[2]);
    if kw == "presetenv" && syntax::Env::var(&cx.env, name).is_some() {
        return;
    }
    cx.env.set(name, value);
}

/// `unsetenv <name>...`.
pub(crate) fn lower_unsetenv(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        fatal_tight(cx, line, "'unsetenv' expects at least one variable name.");
        return;
    }
    for name in &line.args()[1..] {
        cx.env.unset(name);
    }
}

/// `resetenv [<name>...]`: everything but the listed variables goes.
pub(crate) fn lower_resetenv(cx: &mut Cx, line: &Line) {
    let keep = &line.args()[1..];
    cx.env.vars.retain(|(n, _)| keep.contains(n));
}

/// `stats timeout|maxconn|bind-process` (`stats socket` is the bind
/// owner's).
pub(crate) fn lower_stats(cx: &mut Cx, line: &Line) {
    let sub = line.word(1).into_owned();
    match sub.as_str() {
        "timeout" => {
            let text = line.word(2);
            match units::parse_time(&text, TimeUnit::Ms) {
                Ok(t) if t.value > 0 => cx.cfg.global.stats_timeout = Some(t.value),
                Ok(_) => cx.parse_fatal(line, "'stats timeout' expects a positive value"),
                Err(units::TimeError::Char(c, _)) => cx.parse_fatal(
                    line,
                    format!(
                        "'stats timeout' : unexpected character '{}'",
                        c.map(String::from).unwrap_or_default()
                    ),
                ),
                Err(_) => cx.parse_fatal(line, "'stats timeout' expects a positive value"),
            }
        }
        "maxconn" => {
            let v = units::atoi(&line.word(2));
            if v <= 0 {
                cx.parse_fatal(line, "'stats maxconn' expects a positive value");
                return;
            }
            cx.cfg.global.stats_maxconn = Some(v as u32);
        }
        // Ignored since threads replaced processes; accepted silently.
        "bind-process" => {}
        _ => cx.parse_fatal(
            line,
            format!("'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got '{sub}')"),
        ),
    }
}

/// `lua-load`, `lua-load-per-thread`: the file must be readable.
pub(crate) fn lower_lua_load(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    let path = line.word(1).into_owned();
    if path.is_empty() {
        cx.parse_fatal(line, format!("'{kw}' expects a file name as parameter."));
        return;
    }
    match cx.host.read(&path) {
        Ok(_) => cx.cfg.global.lua_loads.push(path),
        Err(e) => cx.parse_fatal(
            line,
            format!("error in Lua file '{path}': cannot open {path}: {e}"),
        ),
    }
}

pub(crate) fn lower_lua_prepend_path(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 2) {
        return;
    }
    if line.word(1).is_empty() {
        cx.parse_fatal(
            line,
            "'lua-prepend-path' expects to receive a <path> as argument",
        );
        return;
    }
    if !matches!(&*line.word(2), "" | "path" | "cpath") {
        cx.parse_fatal(
            line,
            "'lua-prepend-path' expects <type> to either be 'path' or 'cpath'",
        );
    }
}

/// `set-var proc.<name> <expr>` and `set-var-fmt proc.<name> <fmt>`.
pub(crate) fn lower_set_var(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    let name = line.word(1).into_owned();
    if name.is_empty() || line.word(2).is_empty() {
        let what = if kw == "set-var" {
            "a sample expression"
        } else {
            "a format string"
        };
        cx.parse_fatal(
            line,
            format!("'{kw}' requires a process-wide variable name ('proc.<name>') and {what}."),
        );
        return;
    }
    let scoped = ["proc.", "sess.", "txn.", "req.", "res.", "check."]
        .iter()
        .any(|s| name.starts_with(s));
    if !scoped {
        cx.parse_fatal(line, format!("invalid variable name '{name}'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'"));
    }
}

/// `cpu-map [auto:]<thread set> <cpu set>...`: recorded as written once the
/// sets parse.
pub(crate) fn lower_cpu_map(cx: &mut Cx, line: &Line) {
    let set = line.word(1).into_owned();
    if set.is_empty() || line.word(2).is_empty() {
        cx.parse_fatal(line, "cpu-map expects a process number  ('all', 'odd', 'even', a number from 1 to 64 or a range),  followed by a list of CPU ranges with numbers from 0 to 63.");
        return;
    }
    let procs = set.strip_prefix("auto:").unwrap_or(&set);
    let procs = procs.split('/').next().unwrap_or(procs);
    if !matches!(procs, "all" | "odd" | "even") {
        match range(procs) {
            Some((lo, hi)) if lo >= 1 && hi <= 64 => {}
            Some(_) => {
                cx.parse_fatal(line, format!("cpu-map : '{procs}' is not a valid number/range. It supports numbers from 1 to 64.\n"));
                return;
            }
            None => {
                cx.parse_fatal(
                    line,
                    format!("cpu-map : '{procs}' is not a valid number/range."),
                );
                return;
            }
        }
    }
    let cpus: Vec<String> = line.args()[2..]
        .iter()
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    for c in &cpus {
        if c.split(',').any(|r| range(r).is_none_or(|(_, hi)| hi > 63)) {
            cx.parse_fatal(line, format!("cpu-map : '{c}' is not a CPU range."));
            return;
        }
    }
    cx.cfg.global.cpu_map.push((set.clone(), cpus.join(" ")));
}

/// `n` or `a-b` with `a <= b`.
fn range(text: &str) -> Option<(u32, u32)> {
    let num = |s: &str| -> Option<u32> {
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    match text.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (num(a)?, num(b)?);
            (a <= b).then_some((a, b))
        }
        None => num(text).map(|v| (v, v)),
    }
}

/// `httpclient.*`: the choices haproxy checks while parsing.
pub(crate) fn lower_httpclient(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    let v = line.word(1);
    let bad = match kw.as_str() {
        "httpclient.ssl.verify" => {
            (!matches!(&*v, "none" | "required")).then_some("'none' or 'required'")
        }
        "httpclient.resolvers.prefer" => {
            (!matches!(&*v, "ipv4" | "ipv6")).then_some("'ipv4' or 'ipv6'")
        }
        _ => None,
    };
    if let Some(choices) = bad {
        cx.parse_fatal(line, format!("'{kw}' expects {choices} as argument."));
        cx.parse_fatal(line, "(null)");
    }
}

pub(crate) fn lower_cluster_secret(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "expects an ASCII string argument.");
    }
}

/// `tune.chksize`, removed long ago.
pub(crate) fn lower_chksize(cx: &mut Cx, line: &Line) {
    fatal_tight(
        cx,
        line,
        "option 'tune.chksize' is not supported any more (tune.bufsize is used instead).",
    );
}
