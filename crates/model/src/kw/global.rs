//! Keywords of the `global` section: the table of the keywords haproxy's
//! `cfg_parse_global` parses itself, the "did you mean" lists and the
//! section opener. The keywords other haproxy files register are in
//! `global_registered.rs`; the parsers live in the `global_*` modules
//! beside this file, grouped by grammar; `log` is in `kw::log`, the `stats
//! socket` listener in `kw::bind`.

#[path = "global_args.rs"]
mod args;
#[path = "global_basic.rs"]
mod basic;
#[path = "global_env.rs"]
mod env;
#[path = "global_misc.rs"]
mod misc;
#[path = "global_registered.rs"]
mod registered;
#[cfg(test)]
#[path = "global_tests.rs"]
mod tests;
#[path = "global_tune.rs"]
mod tune;

use crate::cx::{Current, Cx};
use crate::registry::{Keyword, LowerFn, Sections, Support};
use syntax::Line;

pub(crate) use registered::REGISTERED;

use Support::{Rejected as R, Supported as S, Unsupported as U};

const fn kw(
    name: &'static str,
    support: Support,
    lower: LowerFn,
    summary: &'static str,
) -> Keyword {
    Keyword {
        name,
        sections: Sections::GLOBAL,
        support,
        lower,
        summary,
    }
}

/// Flags haproxy rejects extra words on, that we do not run.
fn lower_unsupported_flag(cx: &mut Cx, line: &Line) {
    args::too_many(cx, line, 0);
}

fn lower_external_check(cx: &mut Cx, line: &Line) {
    if !args::too_many(cx, line, 0) {
        cx.cfg.global.external_check = true;
    }
}

/// The keywords `cfg_parse_global` parses itself, in its order (the
/// registered ones are in [`REGISTERED`]).
pub(crate) static KEYWORDS: &[Keyword] = &[
    kw("daemon", S, basic::lower_flag, "run in the background"),
    kw(
        "master-worker",
        S,
        basic::lower_master_worker,
        "master-worker mode",
    ),
    kw("noepoll", S, basic::lower_flag, "do not use epoll"),
    kw("nokqueue", U, lower_unsupported_flag, "do not use kqueue"),
    kw(
        "noevports",
        U,
        lower_unsupported_flag,
        "do not use event ports",
    ),
    kw("nopoll", S, basic::lower_flag, "do not use poll"),
    kw(
        "busy-polling",
        S,
        basic::lower_flag,
        "busy polling (`no` accepted)",
    ),
    kw(
        "set-dumpable",
        S,
        basic::lower_flag,
        "allow core dumps (`no` accepted)",
    ),
    kw(
        "insecure-fork-wanted",
        S,
        basic::lower_flag,
        "allow fork() (`no` accepted)",
    ),
    kw(
        "insecure-setuid-wanted",
        U,
        lower_unsupported_flag,
        "allow setuid binaries",
    ),
    kw("nosplice", S, basic::lower_flag, "do not use splice"),
    kw(
        "nogetaddrinfo",
        S,
        basic::lower_flag,
        "do not use getaddrinfo",
    ),
    kw(
        "noreuseport",
        S,
        basic::lower_flag,
        "do not use SO_REUSEPORT",
    ),
    kw("quiet", S, basic::lower_flag, "no messages at start-up"),
    kw("zero-warning", S, basic::lower_flag, "warnings are fatal"),
    kw(
        "tune.runqueue-depth",
        S,
        tune::lower_tune_int,
        "tasks run per poll loop",
    ),
    kw(
        "tune.maxpollevents",
        S,
        tune::lower_tune_int,
        "events per poll call",
    ),
    kw(
        "tune.maxaccept",
        S,
        tune::lower_tune_int,
        "accepts per listener wake-up",
    ),
    kw(
        "tune.chksize",
        R,
        env::lower_chksize,
        "removed: tune.bufsize is used instead",
    ),
    kw(
        "tune.recv_enough",
        S,
        tune::lower_tune_int,
        "minimum receive size",
    ),
    kw(
        "tune.buffers.limit",
        U,
        tune::lower_tune_unsupported_int,
        "buffer count limit",
    ),
    kw(
        "tune.buffers.reserve",
        U,
        tune::lower_tune_unsupported_int,
        "reserved buffers",
    ),
    kw("tune.bufsize", S, tune::lower_tune_int, "buffer size"),
    kw(
        "tune.maxrewrite",
        S,
        tune::lower_tune_int,
        "buffer space reserved for rewrites",
    ),
    kw(
        "tune.idletimer",
        S,
        tune::lower_tune_idletimer,
        "idle stream timer",
    ),
    kw(
        "tune.rcvbuf.client",
        S,
        tune::lower_tune_int,
        "client socket receive buffer",
    ),
    kw(
        "tune.rcvbuf.server",
        S,
        tune::lower_tune_int,
        "server socket receive buffer",
    ),
    kw(
        "tune.sndbuf.client",
        S,
        tune::lower_tune_int,
        "client socket send buffer",
    ),
    kw(
        "tune.sndbuf.server",
        S,
        tune::lower_tune_int,
        "server socket send buffer",
    ),
    kw(
        "tune.pipesize",
        S,
        tune::lower_tune_int,
        "pipe size for splicing",
    ),
    kw(
        "tune.http.cookielen",
        S,
        tune::lower_tune_int,
        "captured cookie length",
    ),
    kw(
        "tune.http.logurilen",
        S,
        tune::lower_tune_int,
        "logged URI length",
    ),
    kw(
        "tune.http.maxhdr",
        S,
        tune::lower_tune_int,
        "maximum header count",
    ),
    kw(
        "tune.comp.maxlevel",
        U,
        tune::lower_tune_unsupported_int,
        "compression level",
    ),
    kw(
        "tune.pattern.cache-size",
        U,
        tune::lower_tune_unsupported_int,
        "pattern cache size",
    ),
    kw("uid", S, basic::lower_identity, "numeric user id"),
    kw("gid", S, basic::lower_identity, "numeric group id"),
    kw(
        "external-check",
        U,
        lower_external_check,
        "allow external health checks",
    ),
    kw("user", S, basic::lower_identity, "user name"),
    kw("group", S, basic::lower_identity, "group name"),
    kw("nbproc", R, basic::lower_nbproc, "removed in 2.5"),
    kw(
        "maxconn",
        S,
        basic::lower_limit,
        "process-wide connection limit",
    ),
    kw(
        "ssl-server-verify",
        S,
        misc::lower_ssl_server_verify,
        "default server certificate verification",
    ),
    kw(
        "maxconnrate",
        S,
        basic::lower_limit,
        "connections per second",
    ),
    kw("maxsessrate", S, basic::lower_limit, "sessions per second"),
    kw(
        "maxsslrate",
        S,
        basic::lower_limit,
        "TLS sessions per second",
    ),
    kw(
        "maxcomprate",
        U,
        basic::lower_int_only,
        "compression rate limit",
    ),
    kw("maxpipes", S, basic::lower_limit, "pipes for splicing"),
    kw("maxzlibmem", U, basic::lower_int_only, "zlib memory limit"),
    kw(
        "maxcompcpuusage",
        U,
        basic::lower_int_only,
        "compression CPU limit",
    ),
    kw("ulimit-n", S, basic::lower_limit, "file descriptor limit"),
    kw("chroot", S, basic::lower_string, "chroot directory"),
    kw(
        "description",
        S,
        basic::lower_description,
        "process description",
    ),
    kw("node", S, basic::lower_node, "node name"),
    kw("pidfile", S, basic::lower_string, "pid file"),
    kw(
        "unix-bind",
        S,
        misc::lower_unix_bind,
        "defaults for UNIX socket listeners",
    ),
    kw(
        "log-send-hostname",
        S,
        basic::lower_log_send_hostname,
        "host name in syslog headers",
    ),
    kw(
        "server-state-base",
        S,
        basic::lower_string,
        "server state directory",
    ),
    kw(
        "server-state-file",
        S,
        basic::lower_string,
        "server state file",
    ),
    kw("log-tag", S, basic::lower_string, "syslog tag"),
    kw(
        "spread-checks",
        S,
        misc::lower_spread_checks,
        "health check interval jitter (0-50%)",
    ),
    kw(
        "max-spread-checks",
        S,
        misc::lower_max_spread_checks,
        "maximum initial check delay",
    ),
    kw("cpu-map", S, env::lower_cpu_map, "thread to CPU binding"),
    kw(
        "setenv",
        S,
        env::lower_setenv,
        "set an environment variable for later lines",
    ),
    kw(
        "presetenv",
        S,
        env::lower_setenv,
        "set an environment variable unless already set",
    ),
    kw(
        "unsetenv",
        S,
        env::lower_unsetenv,
        "remove environment variables",
    ),
    kw(
        "resetenv",
        S,
        env::lower_resetenv,
        "keep only the listed environment variables",
    ),
    kw(
        "strict-limits",
        S,
        basic::lower_flag,
        "fail when limits cannot be applied (`no` accepted)",
    ),
    kw("localpeer", S, basic::lower_string, "local peer name"),
    kw(
        "numa-cpu-mapping",
        U,
        basic::lower_flag,
        "NUMA-aware CPU binding",
    ),
    kw(
        "fd-hard-limit",
        S,
        basic::lower_limit,
        "upper bound of the computed fd limit",
    ),
    kw(
        "expose-experimental-directives",
        S,
        basic::lower_flag,
        "allow experimental keywords",
    ),
];

/// haproxy's extra "did you mean" candidates in `global` that are not
/// keywords of the section (`common_kw_list` in src/cfgparse-global.c).
pub(crate) static COMMON_KEYWORDS: &[&str] = &[
    "global",
    "defaults",
    "listen",
    "frontend",
    "backend",
    "peers",
    "resolvers",
];

/// Keywords of `global` haproxy 2.6 parses but never suggests: they are in
/// neither its registered keyword lists nor `common_kw_list` (found by
/// probing haproxy 2.6.12 with a misspelling of every global keyword).
pub(crate) static NOT_SUGGESTED: &[&str] = &[
    "expose-experimental-directives",
    "fd-hard-limit",
    "tune.chksize",
];

/// Opens (or reopens: repeated `global` sections merge) the global section.
pub fn open(cx: &mut Cx, line: &Line) {
    cx.cur = Current::Global;
    if cx.cfg.global.span.is_none() {
        cx.cfg.global.span = Some(line.span);
    }
}
