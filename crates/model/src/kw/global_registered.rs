//! The `global` keywords haproxy 2.6 registers from its other source files
//! (`cfg_register_keywords`), in the order `haproxy -dKcfg` lists them;
//! the did-you-mean candidates are tried in this order before the ones
//! `cfg_parse_global` parses itself.

use super::{basic, env, kw, lower_unsupported_flag, misc, tune};
use crate::cx::Cx;
use crate::registry::{Keyword, Support};
use syntax::Line;

use Support::{Supported as S, Unsupported as U};

/// Keywords haproxy validates but whose only check we reproduce is
/// "accepted": they are then refused as unsupported.
fn lower_validated(_cx: &mut Cx, _line: &Line) {}

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

pub(crate) static REGISTERED: &[Keyword] = &[
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
];
