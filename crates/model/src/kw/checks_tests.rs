//! Unit tests for `http-check` and `tcp-check` rules. Expected texts were
//! taken from haproxy 2.6.12 `-c` runs on the same configurations.

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

/// One rule line in an http backend with `option httpchk` (line 8).
fn http_rule(rule: &str, expected: &str) {
    let cfg = format!("backend b\n mode http\n option httpchk\n {rule}\n");
    let want = format!("parsing [x.cfg:8] : {expected}");
    check(&cfg, &[want.as_str()]);
}

/// One rule line in a backend with `option tcp-check` (line 7).
fn tcp_rule(rule: &str, expected: &str) {
    let cfg = format!("backend b\n option tcp-check\n {rule}\n");
    let want = format!("parsing [x.cfg:7] : {expected}");
    check(&cfg, &[want.as_str()]);
}

#[test]
fn http_check_messages() {
    http_rule("http-check foo", "'http-check' only supports 'disable-on-404', 'send-state', 'comment', 'connect', 'send', 'expect', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got 'foo'");
    http_rule(
        "http-check expect",
        "'http-check expect' : expects at least a matching pattern as arguments.",
    );
    http_rule(
        "http-check expect status",
        "'http-check expect' : 'status' expects a <pattern> as argument.",
    );
    http_rule("http-check expect status 200 extra", "'http-check expect' : 'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf', '[!]status', '[!]rstatus', [!]hdr, [!]fhdr or comment but got 'extra' as argument..");
    http_rule(
        "http-check expect min-recv",
        "'http-check expect' : 'min-recv' expects a integer as argument.",
    );
    http_rule("http-check expect hdr name", "'http-check expect' : 'hdr' expects at the name keyword as first argument followed by a pattern.");
    http_rule(
        "http-check expect hdr name host value",
        "'http-check expect' : 'hdr' expect a pattern with the value keyword.",
    );
    http_rule("http-check expect status 200 ok-status FOO", "'http-check expect' : 'ok-status' only supports 'L4OK', 'L6OK', 'L7OK' or 'L7OKC' status (got 'FOO')..");
    http_rule(
        "http-check expect status-code",
        "'http-check expect' : 'status-code' expects an expression as argument.",
    );
    http_rule(
        "http-check send meth",
        "'http-check send' : 'meth' expects a string as argument..",
    );
    http_rule(
        "http-check send hdr a",
        "'http-check send' : 'hdr' expects <name> and <value> as arguments.",
    );
    http_rule("http-check send foo", "'http-check send' : expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body' or 'body-lf' but got 'foo' as argument..");
    http_rule("http-check connect foo", "'http-check connect' : expects 'comment', 'port', 'addr', 'send-proxy', 'ssl', 'sni', 'alpn' or 'via-socks4', 'linger', 'default' but got 'foo' as argument..");
    http_rule(
        "http-check connect port",
        "'http-check connect' : 'port' expects a port number or a sample expression as argument..",
    );
    http_rule(
        "http-check comment",
        "'http-check comment' : expects a string as argument.",
    );
    http_rule(
        "http-check disable-on-404 x",
        "'http-check' cannot handle unexpected argument 'x'.",
    );
    http_rule("http-check set-var", "'http-check set-var' : 'set-var' : invalid or incomplete action 'set-var'. Expects 'set-var(<var-name>)', 'set-var-fmt(<var-name>)' or 'unset-var(<var-name>)'.");
    http_rule("http-check set-var(x)", "'http-check set-var(x)' : 'set-var' : invalid variable name 'x'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'.");
}

#[test]
fn tcp_check_messages() {
    tcp_rule("tcp-check disable-on-404", "'tcp-check' only supports 'comment', 'connect', 'send', 'send-binary', 'expect', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got 'disable-on-404'");
    tcp_rule(
        "tcp-check send",
        "'tcp-check send' : 'string' expects a send as argument.",
    );
    tcp_rule(
        "tcp-check send a b",
        "'tcp-check send' : expects 'comment' but got 'b' as argument..",
    );
    tcp_rule(
        "tcp-check send a comment",
        "'tcp-check send' : 'comment' expects a string as argument..",
    );
    tcp_rule(
        "tcp-check send-binary",
        "'tcp-check send-binary' : 'binary string' expects a send-binary as argument.",
    );
    tcp_rule("tcp-check send-binary zz", "'tcp-check send-binary' : 'zz' invalid binary string (an hex digit is expected (found 'z')).\n.");
    tcp_rule(
        "tcp-check expect binary abc",
        "'tcp-check expect' : invalid binary string (an even number of hex digit is expected)..",
    );
    tcp_rule("tcp-check expect status 200", "'tcp-check expect' : 'only supports min-recv, '[!]binary', '[!]string', '[!]rstring', '[!]string-lf''[!]rbinary', '[!]binary-lf' or comment but got 'status' as argument..");
    tcp_rule(
        "tcp-check connect addr",
        "'tcp-check connect' : 'addr' expects <ipv4|ipv6> as argument..",
    );
    tcp_rule(
        "tcp-check connect proto foo",
        "'tcp-check connect' : 'proto' : unknown MUX protocol 'foo'..",
    );
    tcp_rule(
        "tcp-check connect alpn",
        "'tcp-check connect' : 'alpn' : missing the comma-delimited ALPN protocol suite.",
    );
    tcp_rule("tcp-check connect port 0", "'tcp-check connect' : expects a valid TCP port (from range 1 to 65535) or a sample expression, got 0..");
}

#[test]
fn rule_order() {
    check(
        "backend b\n option tcp-check\n tcp-check send x\n tcp-check connect\n tcp-check expect string x\n tcp-check connect port 80\n",
        &[
            "parsing [x.cfg:8] : 'tcp-check connect' : first step MUST also be a 'connect', optionally preceded by a 'set-var', an 'unset-var' or a 'comment', when there is a 'connect' step in the tcp-check ruleset.",
            "parsing [x.cfg:10] : 'tcp-check connect' : first step MUST also be a 'connect', optionally preceded by a 'set-var', an 'unset-var' or a 'comment', when there is a 'connect' step in the tcp-check ruleset.",
        ],
    );
    check(
        "backend c\n option httpchk\n http-check expect status 200\n http-check expect status 200\n http-check expect status 200\n http-check send meth GET\n",
        &["parsing [x.cfg:10] : 'http-check send' : unable to add http-check send rule at step 4 (missing connect rule).."],
    );
    check(
        "backend b\n option httpchk GET /x HTTP/1.1\n http-check send hdr Host x\n http-check send meth HEAD\n",
        &["parsing [x.cfg:8] : 'http-check send' : unable to add http-check send rule at step 2 (missing connect rule).."],
    );
}

#[test]
fn unused_rules_and_inheritance() {
    check(
        "backend b\n mode http\n http-check expect status 200\nbackend c\n tcp-check expect string x\nbackend d\n option httpchk\n tcp-check send x\nbackend e\n option tcp-check\n http-check send meth GET\n",
        &[
            "backend 'b' uses http-check rules without 'option httpchk', so the rules are ignored.",
            "backend 'c' uses tcp-check rules without 'option tcp-check', so the rules are ignored.",
            "backend 'd' uses tcp-check rules without 'option tcp-check', so the rules are ignored.",
            "backend 'e' uses http-check rules without 'option httpchk', so the rules are ignored.",
        ],
    );
    check(
        "defaults\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n option httpchk\n http-check expect status 200\n tcp-check send x\nbackend b\n server s 127.0.0.1:80 check\n",
        &[],
    );
    check(
        "frontend f\n bind :80\n http-check expect status 200\n tcp-check send x\n http-check disable-on-404\n",
        &[
            "parsing [x.cfg:7] : 'http-check' ignored because frontend 'f' has no backend capability.",
            "parsing [x.cfg:8] : 'tcp-check' ignored because frontend 'f' has no backend capability.",
            "parsing [x.cfg:8] : (null)",
            "parsing [x.cfg:9] : 'http-check' ignored because frontend 'f' has no backend capability.",
            "parsing [x.cfg:9] : (null)",
            "frontend 'f' uses http-check rules without 'option httpchk', so the rules are ignored.",
            "frontend 'f' uses tcp-check rules without 'option tcp-check', so the rules are ignored.",
        ],
    );
}

#[test]
fn a_later_check_option_uses_the_rules() {
    // Any check option put after the rules makes them used; rules put
    // after an option of the other kind are not.
    check(
        "backend b\n mode http\n http-check expect status 200\n tcp-check connect\n option tcp-check\nbackend c\n option tcp-check\n http-check expect status 200\n",
        &["backend 'c' uses http-check rules without 'option httpchk', so the rules are ignored."],
    );
}

#[test]
fn http_flags_without_an_http_ruleset() {
    let d = "defaults d\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n mode http\n option httpchk\n http-check disable-on-404\n http-check send-state\n";
    check(
        &format!("{d}frontend f from d\n bind :80\n default_backend b\nbackend b from d\nbackend c from d\n option redis-check\n"),
        &[
            "'disable-on-404' will be ignored for frontend 'f' (requires 'option httpchk').",
            "'send-state' will be ignored for frontend 'f' (requires 'option httpchk').",
            "'disable-on-404' will be ignored for backend 'c' (requires 'option httpchk').",
            "'send-state' will be ignored for backend 'c' (requires 'option httpchk').",
        ],
    );
}

#[test]
fn external_check_needs_the_global_switch_and_a_command() {
    check(
        "backend b\n option external-check\n",
        &[
            "Proxy 'b' : 'option external-check' unable to find required 'global.external-check'.",
            "Proxy 'b' : 'option external-check' unable to find required 'external-check command'.",
            "Proxy 'b' : 'insecure-fork-wanted' not enabled in the global section, 'option external-check' will likely fail.",
        ],
    );
}
