//! `global` keywords for process flags, limits, identities and the simple
//! string settings (paths, names, tags), as `cfg_parse_global` parses them.

use super::args::{already, fatal_tight, int_arg, lookup_id, too_many};
use crate::cx::Cx;
use crate::ir::global::Global;
use syntax::{Line, Modifier};

/// Flags without arguments: `daemon`, `quiet`, `noepoll`, ...
pub(crate) fn lower_flag(cx: &mut Cx, line: &Line) {
    let kw = line.word(0);
    // These two ignore extra words in 2.6.
    let lax = matches!(&*kw, "expose-experimental-directives" | "numa-cpu-mapping");
    if !lax && too_many(cx, line, 0) {
        return;
    }
    let on = line.modifier != Modifier::No;
    let g = &mut cx.cfg.global;
    match &*kw {
        "daemon" => g.daemon = true,
        "quiet" => g.quiet = true,
        "zero-warning" => g.zero_warning = true,
        "noepoll" => g.noepoll = true,
        "nopoll" => g.nopoll = true,
        "nosplice" => g.nosplice = true,
        "noreuseport" => g.noreuseport = true,
        "nogetaddrinfo" => g.nogetaddrinfo = true,
        "expose-experimental-directives" => g.expose_experimental_directives = true,
        "strict-limits" => g.strict_limits = Some(on),
        "busy-polling" => g.busy_polling = Some(on),
        "insecure-fork-wanted" => g.insecure_fork_wanted = Some(on),
        "set-dumpable" => g.set_dumpable = Some(on),
        // Validated only: these are refused as unsupported by the registry.
        _ => {}
    }
}

pub(crate) fn lower_master_worker(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    match &*line.word(1) {
        "" => {}
        "no-exit-on-failure" => cx.cfg.global.no_exit_on_failure = true,
        _ => {
            cx.parse_fatal(
                line,
                "'master-worker' only supports 'no-exit-on-failure' option.",
            );
            return;
        }
    }
    cx.cfg.global.master_worker = true;
}

pub(crate) fn lower_nbthread(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let text = line.word(1);
    let (v, n) = crate::units::strtol(&text);
    if text.is_empty() || n != text.len() {
        cx.parse_fatal(
            line,
            format!("'nbthread' passed a missing or unparsable integer value in '{text}'"),
        );
        return;
    }
    if !(1..=64).contains(&v) {
        cx.parse_fatal(
            line,
            format!("'nbthread' value must be between 1 and 64 (was {v})"),
        );
        return;
    }
    cx.cfg.global.nbthread = Some(v as u32);
}

/// The field a process limit keyword sets, and whether haproxy complains
/// when it is set twice.
fn limit_field<'g>(g: &'g mut Global, kw: &str) -> Option<(&'g mut Option<i64>, bool)> {
    Some(match kw {
        "maxconn" => (&mut g.maxconn, true),
        "maxconnrate" => (&mut g.maxconnrate, true),
        "maxsessrate" => (&mut g.maxsessrate, true),
        "maxsslrate" => (&mut g.maxsslrate, true),
        "maxsslconn" => (&mut g.maxsslconn, false),
        "maxpipes" => (&mut g.maxpipes, true),
        "ulimit-n" => (&mut g.ulimit_n, true),
        "fd-hard-limit" => (&mut g.fd_hard_limit, false),
        "mworker-max-reloads" => (&mut g.mworker_max_reloads, false),
        _ => return None,
    })
}

/// Integer limits read with `atol`: `maxconn`, `ulimit-n`, ...
pub(crate) fn lower_limit(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let kw = line.word(0).into_owned();
    let dup = limit_field(&mut cx.cfg.global, &kw)
        .is_some_and(|(f, checks)| checks && f.is_some_and(|v| v != 0));
    if dup {
        already(cx, line, &format!("'{kw}'"));
        return;
    }
    let Some(v) = int_arg(cx, line) else { return };
    if let Some((f, _)) = limit_field(&mut cx.cfg.global, &kw) {
        *f = Some(v);
    }
}

/// Integer settings of features we do not run (`maxcomprate`, ...):
/// validated like haproxy, then refused by the registry.
pub(crate) fn lower_int_only(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let kw = line.word(0);
    let text = line.word(1);
    if text.is_empty() {
        let msg = match &*kw {
            "maxcomprate" => "'maxcomprate' expects an integer argument in kb/s.".to_string(),
            "maxcompcpuusage" => {
                "'maxcompcpuusage' expects an integer argument between 0 and 100.".to_string()
            }
            _ => format!("'{kw}' expects an integer argument."),
        };
        cx.parse_fatal(line, msg);
    }
}

/// `user`, `group`, `uid`, `gid`.
pub(crate) fn lower_identity(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let kw = line.word(0).into_owned();
    let group = kw == "group" || kw == "gid";
    let current = if group {
        cx.cfg.global.gid
    } else {
        cx.cfg.global.uid
    };
    // haproxy tests the id against 0, so setting root twice is silent.
    if current.is_some_and(|id| id != 0) {
        let what = match kw.as_str() {
            "group" => "gid/group was",
            "gid" => "group/gid",
            _ => "user/uid",
        };
        already(cx, line, what);
        return;
    }
    let id = if kw == "uid" || kw == "gid" {
        numeric_id(cx, line, &kw)
    } else {
        lookup_id(cx, line, group)
    };
    if let Some(id) = id {
        if group {
            cx.cfg.global.gid = Some(id);
        } else {
            cx.cfg.global.uid = Some(id);
        }
    }
}

fn numeric_id(cx: &mut Cx, line: &Line, kw: &str) -> Option<u32> {
    let text = line.word(1);
    if text.is_empty() {
        cx.parse_fatal(line, format!("'{kw}' expects an integer argument."));
        return None;
    }
    let (v, n) = crate::units::strtol(&text);
    if n != text.len() {
        let other = if kw == "uid" { "user" } else { "group" };
        cx.parse_warn(
            line,
            format!(
                " {kw}: string '{text}' is not a number.\n   | You might want to use the '{other}' parameter to use a system {other} name."
            ),
        );
    }
    Some(v as u32)
}

/// One-word string settings and their "missing argument" messages.
fn string_missing(kw: &str) -> String {
    match kw {
        "chroot" => "'chroot' expects a directory as an argument.".into(),
        "pidfile" => "'pidfile' expects a file name as an argument.".into(),
        "log-tag" => "'log-tag' expects a tag for use in syslog.".into(),
        "localpeer" => "'localpeer' expects a name as an argument.".into(),
        "server-state-file" => "'server-state-file' expect one argument: a file path.".into(),
        "server-state-base" => "'server-state-base' expects one argument: a directory path.".into(),
        _ => format!("global statement '{kw}' expects a directory path as an argument."),
    }
}

/// `chroot`, `pidfile`, `log-tag`, `localpeer`, `ca-base`, `crt-base`,
/// `server-state-file`, `server-state-base`.
pub(crate) fn lower_string(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let kw = line.word(0).into_owned();
    let value = line.word(1).into_owned();
    let g = &mut cx.cfg.global;
    let (slot, dup_msg) = match kw.as_str() {
        "chroot" => (&mut g.chroot, Some("already specified. Continuing.")),
        "pidfile" => (&mut g.pidfile, Some("already specified. Continuing.")),
        "server-state-file" => (
            &mut g.server_state_file,
            Some("already specified. Continuing."),
        ),
        "server-state-base" => (
            &mut g.server_state_base,
            Some("already specified. Continuing."),
        ),
        "ca-base" => (&mut g.ca_base, Some("already specified.")),
        "crt-base" => (&mut g.crt_base, Some("already specified.")),
        "log-tag" => (&mut g.log_tag, None),
        _ => (&mut g.localpeer, None),
    };
    if let (true, Some(msg)) = (slot.is_some(), dup_msg) {
        let text = format!("'{kw}' {msg}");
        if msg.ends_with("Continuing.") {
            already(cx, line, &format!("'{kw}'"));
        } else {
            cx.parse_fatal(line, text);
        }
        return;
    }
    if value.is_empty() {
        cx.parse_fatal(line, string_missing(&kw));
        return;
    }
    *slot = Some(value);
}

pub(crate) fn lower_log_send_hostname(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    if cx.cfg.global.log_send_hostname.is_some() {
        already(cx, line, "'log-send-hostname'");
        return;
    }
    cx.cfg.global.log_send_hostname = Some(line.word(1).into_owned());
}

pub(crate) fn lower_node(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let name = line.word(1);
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'));
    if !valid {
        fatal_tight(
            cx,
            line,
            "'node' requires valid node name - non-empty string with digits(0-9), letters(A-Z, a-z), dot(.), hyphen(-) or underscode(_).",
        );
        return;
    }
    cx.cfg.global.node = Some(name.into_owned());
}

/// `description <text...>`: every word joined with single spaces.
pub(crate) fn lower_description(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        fatal_tight(cx, line, "'description' expects a string argument.");
        return;
    }
    let words: Vec<String> = line.args()[1..]
        .iter()
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    cx.cfg.global.description = Some(words.join(" "));
}

/// `nbproc`, removed in 2.5.
pub(crate) fn lower_nbproc(cx: &mut Cx, line: &Line) {
    cx.parse_fatal(
        line,
        "nbproc is not supported any more since HAProxy 2.5. Threads will automatically be used on multi-processor machines if available.",
    );
}
