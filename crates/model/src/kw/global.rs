//! Keywords of the `global` section: the registry table and the section
//! opener. The parsers live in the `global_*` modules beside this file,
//! grouped by grammar; `log` is in `kw::log`, the `stats socket` listener in
//! `kw::bind`.

#[path = "global_args.rs"]
mod args;
#[path = "global_basic.rs"]
mod basic;
#[path = "global_env.rs"]
mod env;
#[path = "global_misc.rs"]
mod misc;
#[cfg(test)]
#[path = "global_tests.rs"]
mod tests;
#[path = "global_tune.rs"]
mod tune;

use crate::cx::{Current, Cx};
use crate::registry::{Keyword, LowerFn, Sections, Support};
use syntax::Line;

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

/// Keywords haproxy validates but whose only check we reproduce is
/// "accepted": they are then refused as unsupported.
fn lower_validated(_cx: &mut Cx, _line: &Line) {}

/// Flags haproxy rejects extra words on, that we do not run.
fn lower_unsupported_flag(cx: &mut Cx, line: &Line) {
    args::too_many(cx, line, 0);
}

fn lower_external_check(cx: &mut Cx, line: &Line) {
    if !args::too_many(cx, line, 0) {
        cx.cfg.global.external_check = true;
    }
}

/// `on`/`off`/`auto` and string settings of features we do not run.
fn lower_unsupported_arg(cx: &mut Cx, line: &Line) {
    let k = line.word(0).into_owned();
    let v = line.word(1).into_owned();
    let msg = match k.as_str() {
        "tune.sched.low-latency" | "tune.listener.multi-queue" | "tune.idle-pool.shared"
            if v != "on" && v != "off" =>
        {
            format!("'{k}' expects either 'on' or 'off' but got '{v}'.")
        }
        "profiling.tasks" if !matches!(v.as_str(), "on" | "auto" | "off") => {
            format!("'{k}' expects either 'on', 'auto', or 'off' but got '{v}'.")
        }
        "tune.fd.edge-triggered" if !cx.cfg.global.expose_experimental_directives => format!(
            "'{k}' directive is experimental, must be allowed via a global 'expose-experimental-directives'"
        ),
        "ssl-load-extra-files" if v.is_empty() => format!(
            "'{k}' expects one or multiple arguments (none, all, bundle, sctl, ocsp, issuer)."
        ),
        "ssl-provider" if v.is_empty() => format!(
            "global statement '{k}' expects a valid engine provider name as an argument."
        ),
        "thread-groups" if v.is_empty() => {
            format!("'{k}' passed a missing or unparsable integer value in ''")
        }
        "close-spread-time" if v.is_empty() => format!("'{k}' expects <time> as argument.\n"),
        "tune.pool-low-fd-ratio" | "tune.pool-high-fd-ratio" if v.is_empty() => {
            format!("'{k}' expects an integer argument between 0 and 100.")
        }
        "tune.peers.max-updates-at-once" if v.is_empty() => {
            format!("'{k}' expects an integer argument greater than 0.")
        }
        "tune.lua.session-timeout" | "tune.lua.task-timeout" | "tune.lua.service-timeout"
            if v.is_empty() =>
        {
            format!("{k}: invalid timeout")
        }
        _ => return,
    };
    cx.parse_fatal(line, msg);
}

pub(crate) static KEYWORDS: &[Keyword] = &[
    // Registered keywords (haproxy's `cfg_register_keywords`), then the
    // ones `cfg_parse_global` hard-codes: the did-you-mean order.
    kw(
        "ca-base",
        S,
        basic::lower_string,
        "default directory for CA and CRL files",
    ),
    kw(
        "close-spread-time",
        U,
        lower_unsupported_arg,
        "spread idle connection closing on soft-stop",
    ),
    kw(
        "cluster-secret",
        U,
        env::lower_cluster_secret,
        "secret for QUIC and stateless tokens",
    ),
    kw(
        "crt-base",
        S,
        basic::lower_string,
        "default directory for certificate files",
    ),
    kw(
        "default-path",
        S,
        misc::lower_default_path,
        "base directory for relative paths",
    ),
    kw(
        "grace",
        S,
        misc::lower_stop_timer,
        "delay before stopping listeners on soft-stop",
    ),
    kw(
        "h1-accept-payload-with-any-method",
        U,
        lower_unsupported_flag,
        "accept a body on GET/HEAD/DELETE in HTTP/1.0",
    ),
    kw(
        "h1-case-adjust",
        S,
        misc::lower_h1_case_adjust,
        "HTTP/1 header name case rewrite",
    ),
    kw(
        "h1-case-adjust-file",
        U,
        lower_validated,
        "HTTP/1 header name case rewrites from a file",
    ),
    kw(
        "hard-stop-after",
        S,
        misc::lower_stop_timer,
        "maximum soft-stop duration",
    ),
    kw(
        "httpclient.resolvers.id",
        U,
        env::lower_httpclient,
        "resolvers of the internal HTTP client",
    ),
    kw(
        "httpclient.resolvers.prefer",
        U,
        env::lower_httpclient,
        "address family of the internal HTTP client",
    ),
    kw(
        "httpclient.ssl.ca-file",
        U,
        env::lower_httpclient,
        "CA file of the internal HTTP client",
    ),
    kw(
        "httpclient.ssl.verify",
        U,
        env::lower_httpclient,
        "TLS verification of the internal HTTP client",
    ),
    kw(
        "issuers-chain-path",
        U,
        lower_validated,
        "directory of issuer certificates for chain completion",
    ),
    kw("lua-load", U, env::lower_lua_load, "load a Lua script"),
    kw(
        "lua-load-per-thread",
        U,
        env::lower_lua_load,
        "load a Lua script in every thread",
    ),
    kw(
        "lua-prepend-path",
        U,
        env::lower_lua_prepend_path,
        "Lua module search path",
    ),
    kw(
        "maxsslconn",
        S,
        basic::lower_limit,
        "maximum concurrent TLS connections",
    ),
    kw(
        "mworker-max-reloads",
        S,
        basic::lower_limit,
        "reloads before an old worker is killed",
    ),
    kw(
        "nbthread",
        S,
        basic::lower_nbthread,
        "number of worker threads (1-64)",
    ),
    kw(
        "no-memory-trimming",
        U,
        lower_unsupported_flag,
        "do not trim memory on soft-stop",
    ),
    kw(
        "pp2-never-send-local",
        U,
        lower_unsupported_flag,
        "PROXY v2 LOCAL command behaviour",
    ),
    kw(
        "profiling.tasks",
        U,
        lower_unsupported_arg,
        "task profiling",
    ),
    kw(
        "set-var",
        U,
        env::lower_set_var,
        "process-wide variable from a sample expression",
    ),
    kw(
        "set-var-fmt",
        U,
        env::lower_set_var,
        "process-wide variable from a log-format string",
    ),
    kw(
        "ssl-default-bind-ciphers",
        S,
        misc::lower_ssl_string,
        "default TLS <=1.2 ciphers for bind lines",
    ),
    kw(
        "ssl-default-bind-ciphersuites",
        S,
        misc::lower_ssl_string,
        "default TLS 1.3 cipher suites for bind lines",
    ),
    kw(
        "ssl-default-bind-curves",
        S,
        misc::lower_ssl_string,
        "default ECDHE curves for bind lines",
    ),
    kw(
        "ssl-default-bind-options",
        S,
        misc::lower_ssl_options,
        "default TLS options for bind lines",
    ),
    kw(
        "ssl-default-server-ciphers",
        S,
        misc::lower_ssl_string,
        "default TLS <=1.2 ciphers for servers",
    ),
    kw(
        "ssl-default-server-ciphersuites",
        S,
        misc::lower_ssl_string,
        "default TLS 1.3 cipher suites for servers",
    ),
    kw(
        "ssl-default-server-options",
        S,
        misc::lower_ssl_options,
        "default TLS options for servers",
    ),
    kw(
        "ssl-dh-param-file",
        S,
        misc::lower_ssl_dh_param_file,
        "DH parameters file",
    ),
    kw(
        "ssl-load-extra-del-ext",
        U,
        lower_validated,
        "strip the extension when loading extra files",
    ),
    kw(
        "ssl-load-extra-files",
        U,
        lower_unsupported_arg,
        "which extra certificate files are loaded",
    ),
    kw(
        "ssl-mode-async",
        U,
        lower_validated,
        "asynchronous TLS engine mode",
    ),
    kw(
        "ssl-propquery",
        U,
        lower_validated,
        "OpenSSL property query",
    ),
    kw("ssl-provider", U, lower_unsupported_arg, "OpenSSL provider"),
    kw(
        "ssl-provider-path",
        U,
        lower_validated,
        "OpenSSL provider directory",
    ),
    kw(
        "ssl-skip-self-issued-ca",
        U,
        lower_validated,
        "do not send self-issued CA certificates",
    ),
    kw(
        "stats",
        S,
        env::lower_stats,
        "`stats timeout` / `stats maxconn` of the CLI",
    ),
    kw(
        "stats socket",
        S,
        crate::kw::bind::lower_stats_socket,
        "CLI listener",
    ),
    kw(
        "thread-group",
        U,
        lower_validated,
        "thread group membership",
    ),
    kw(
        "thread-groups",
        U,
        lower_unsupported_arg,
        "number of thread groups",
    ),
    kw(
        "tune.fail-alloc",
        U,
        lower_validated,
        "debugging: fail allocations",
    ),
    kw(
        "tune.fd.edge-triggered",
        U,
        lower_unsupported_arg,
        "experimental edge-triggered polling",
    ),
    kw(
        "tune.h2.header-table-size",
        U,
        tune::lower_tune_unsupported_int,
        "HTTP/2 HPACK table size",
    ),
    kw(
        "tune.h2.initial-window-size",
        U,
        tune::lower_tune_unsupported_int,
        "HTTP/2 initial window",
    ),
    kw(
        "tune.h2.max-concurrent-streams",
        U,
        lower_validated,
        "HTTP/2 stream limit",
    ),
    kw(
        "tune.h2.max-frame-size",
        U,
        tune::lower_tune_unsupported_int,
        "HTTP/2 frame size",
    ),
    kw(
        "tune.idle-pool.shared",
        U,
        lower_unsupported_arg,
        "share idle connections between threads",
    ),
    kw(
        "tune.listener.multi-queue",
        U,
        lower_unsupported_arg,
        "per-thread accept queues",
    ),
    kw(
        "tune.lua.forced-yield",
        U,
        lower_validated,
        "Lua forced yield",
    ),
    kw(
        "tune.lua.maxmem",
        U,
        tune::lower_tune_unsupported_int,
        "Lua memory limit",
    ),
    kw(
        "tune.lua.service-timeout",
        U,
        lower_unsupported_arg,
        "Lua service timeout",
    ),
    kw(
        "tune.lua.session-timeout",
        U,
        lower_unsupported_arg,
        "Lua session timeout",
    ),
    kw(
        "tune.lua.task-timeout",
        U,
        lower_unsupported_arg,
        "Lua task timeout",
    ),
    kw(
        "tune.peers.max-updates-at-once",
        U,
        lower_unsupported_arg,
        "peers update batch",
    ),
    kw(
        "tune.pool-high-fd-ratio",
        U,
        lower_unsupported_arg,
        "idle pool high watermark",
    ),
    kw(
        "tune.pool-low-fd-ratio",
        U,
        lower_unsupported_arg,
        "idle pool low watermark",
    ),
    kw(
        "tune.sched.low-latency",
        U,
        lower_unsupported_arg,
        "low-latency scheduler",
    ),
    kw(
        "tune.ssl.cachesize",
        S,
        tune::lower_tune_int,
        "TLS session cache size",
    ),
    kw(
        "tune.ssl.capture-buffer-size",
        U,
        tune::lower_tune_unsupported_int,
        "TLS ClientHello capture size",
    ),
    kw(
        "tune.ssl.capture-cipherlist-size",
        U,
        tune::lower_tune_unsupported_int,
        "TLS cipher list capture size",
    ),
    kw(
        "tune.ssl.default-dh-param",
        S,
        tune::lower_tune_int,
        "default DH parameter size",
    ),
    kw(
        "tune.ssl.force-private-cache",
        U,
        lower_unsupported_flag,
        "private TLS session cache",
    ),
    kw(
        "tune.ssl.hard-maxrecord",
        U,
        tune::lower_tune_unsupported_int,
        "hard TLS record size",
    ),
    kw(
        "tune.ssl.keylog",
        S,
        tune::lower_tune_onoff,
        "TLS key logging fetches",
    ),
    kw(
        "tune.ssl.lifetime",
        S,
        tune::lower_tune_ssl_lifetime,
        "TLS session lifetime",
    ),
    kw(
        "tune.ssl.maxrecord",
        S,
        tune::lower_tune_int,
        "TLS record size",
    ),
    kw(
        "tune.ssl.ssl-ctx-cache-size",
        U,
        tune::lower_tune_unsupported_int,
        "generated certificates cache",
    ),
    kw(
        "tune.vars.check-max-size",
        U,
        lower_validated,
        "variables memory limit",
    ),
    kw(
        "tune.vars.global-max-size",
        U,
        lower_validated,
        "variables memory limit",
    ),
    kw(
        "tune.vars.proc-max-size",
        U,
        lower_validated,
        "variables memory limit",
    ),
    kw(
        "tune.vars.reqres-max-size",
        U,
        lower_validated,
        "variables memory limit",
    ),
    kw(
        "tune.vars.sess-max-size",
        U,
        lower_validated,
        "variables memory limit",
    ),
    kw(
        "tune.vars.txn-max-size",
        U,
        lower_validated,
        "variables memory limit",
    ),
    // Hard-coded in `cfg_parse_global`, in haproxy's `common_kw_list` order.
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
