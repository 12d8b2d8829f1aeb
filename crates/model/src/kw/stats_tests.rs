//! Unit tests for the proxy `stats` statement. Expected texts were taken
//! from haproxy 2.6.12 `-c` runs on the same configurations.

use crate::build::{Builder, Options};
use crate::cx::ProcEnv;
use crate::host::SystemLikeHost;

const T: &str = "defaults\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n";

/// Builds `T + cfg` as `x.cfg`; asserts the exact list of diagnostics.
fn check(cfg: &str, expected: &[&str]) {
    let host = SystemLikeHost::default();
    let mut b = Builder::new(&host, Options::default(), ProcEnv::default());
    b.add_file("x.cfg", format!("{T}{cfg}").as_bytes());
    let (_, d) = b.finish();
    let got: Vec<String> = d.list.into_iter().map(|d| d.text).collect();
    assert_eq!(got, expected);
}

#[test]
fn bad_arguments() {
    check(
        "listen l\n mode http\n stats\n stats foo\n stats auth\n stats admin\n stats admin foo\n stats uri\n stats realm\n stats scope\n stats refresh 5x\n stats show-node a/b\n stats bind-process 1\n stats enable extra\n",
        &[
            "parsing [x.cfg:7]: missing keyword in 'stats', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.",
            "parsing [x.cfg:8]: unknown stats parameter 'foo', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.",
            "parsing [x.cfg:9] : 'auth' needs a user:password account.",
            "parsing [x.cfg:10] : 'stats admin' requires either 'if' or 'unless' followed by a condition.",
            "parsing [x.cfg:11] : 'stats admin' requires either 'if' or 'unless' followed by a condition.",
            "parsing [x.cfg:12] : 'uri' needs an URI prefix.",
            "parsing [x.cfg:13] : 'realm' needs an realm name.",
            "parsing [x.cfg:14] : 'scope' needs a proxy name.",
            "parsing [x.cfg:15]: unexpected character 'x' in argument to stats refresh interval.",
            "parsing [x.cfg:16]: 'stats show-node' invalid node name - should be a stringwith digits(0-9), letters(A-Z, a-z), hyphen(-) or underscode(_).",
            "parsing [x.cfg:17]: unknown stats parameter 'bind-process', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.",
        ],
    );
}

#[test]
fn refresh_limits() {
    check(
        "backend b\n mode http\n stats refresh 3000000000\n stats refresh -1\n",
        &[
            "parsing [x.cfg:7]: timer overflow in argument <3000000000> to stats refresh interval, maximum value is 2147483647 s (~68 years).",
            "parsing [x.cfg:8]: unexpected character '-' in argument to stats refresh interval.",
        ],
    );
}

#[test]
fn refused_in_defaults() {
    check(
        "defaults\n mode http\n stats admin if TRUE\n stats http-request deny\n stats enable\n",
        &[
            "parsing [x.cfg:7]: 'stats admin' not allowed in 'defaults' section.",
            "parsing [x.cfg:8]: 'stats' not allowed in 'defaults' section.",
        ],
    );
}

#[test]
fn rules_and_conditions() {
    check(
        "listen l\n mode http\n stats http-request allow\n stats http-request deny if TRUE\n stats admin if FOO\n stats admin unless\n stats enable extra\n stats uri /a b\n stats http-request foo\n",
        &[
            "parsing [x.cfg:8]: previous 'stats' action has no condition attached, further entries are NOOP.",
            "parsing [x.cfg:9] : error detected while parsing a 'stats admin' rule : no such ACL : 'FOO'.",
            "parsing [x.cfg:13]: 'http-request' expects 'wait-for-handshake', 'ot-group', 'set-log-level', 'set-nice', 'use-service', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'do-resolve(*)', 'cache-use', 'add-acl(*)', 'add-header', 'allow', 'auth', 'capture', 'del-acl(*)', 'del-header', 'del-map(*)', 'deny', 'disable-l7-retry', 'early-hint', 'normalize-uri', 'redirect', 'reject', 'replace-header', 'replace-path', 'replace-pathq', 'replace-uri', 'replace-value', 'return', 'set-header', 'set-map(*)', 'set-method', 'set-path', 'set-pathq', 'set-query', 'set-uri', 'strict-mode', 'tarpit', 'track-sc(*)', 'set-timeout', 'wait-for-body', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-dst', 'set-dst-port', 'set-mark', 'set-src', 'set-src-port', 'set-tos', 'silent-drop', 'set-priority-class', 'set-priority-offset', but got 'foo'.",
        ],
    );
    check(
        "listen l\n mode http\n stats http-request deny foo\n",
        &["parsing [x.cfg:7]: 'http-request deny' expects either 'if' or 'unless' followed by a condition but found 'foo'."],
    );
}

#[test]
fn post_parse_checks() {
    check(
        "listen l\n bind :8080\n mode http\n stats http-request deny\n stats auth a:b\n",
        &["proxy 'l': stats 'auth'/'realm' and 'http-request' can't be used at the same time."],
    );
    // Inherited from a tcp defaults section by both sides.
    check(
        "defaults\n mode tcp\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n stats enable\nfrontend f\n bind :8080\n default_backend b\nbackend b\n server s 127.0.0.1:80\n",
        &[
            "'stats' statement ignored for frontend 'f' as it requires HTTP mode.",
            "'stats' statement ignored for backend 'b' as it requires HTTP mode.",
        ],
    );
    check(
        "frontend f\n bind :8080\n mode http\n stats enable\n stats show-desc\n stats show-desc a b c\n stats hide-version\n stats show-modules\n stats show-legends\n stats refresh 10s\n stats uri /x\n stats realm R\n stats scope .\n stats show-node\n",
        &["parsing [x.cfg:9]: 'show-desc' requires a parameter or 'desc' to be set in the global section."],
    );
}
