//! Tests of ACLs, conditions and rules through the whole lowering driver:
//! each case is one line in a frontend, compared with the messages haproxy
//! 2.6.12 printed for the same line.

use crate::build::{Builder, Options};
use crate::cx::ProcEnv;
use crate::host::SystemLikeHost;

/// Lowers `line` inside a frontend that declares `acl ok src 1.2.3.4`
/// (line 4) and returns the messages of the rule's line (line 5).
fn messages(line: &str) -> Vec<String> {
    let cfg = format!("frontend fe\n  bind :8080\n  mode http\n  acl ok src 1.2.3.4\n{line}\n");
    let host = SystemLikeHost::default();
    let mut b = Builder::new(&host, Options::default(), ProcEnv::default());
    b.add_file("x.cfg", cfg.as_bytes());
    b.diagnostics()
        .list
        .iter()
        .filter(|d| d.span.is_some_and(|s| s.line == 5))
        .map(|d| d.text.clone())
        .collect()
}

fn check(line: &str, expected: &[&str]) {
    assert_eq!(messages(line), expected, "for {line:?}");
}

#[test]
fn conditions_like_haproxy() {
    check("  http-request deny if ok || !ok TRUE", &[]);
    check(
        "  http-request deny if { path_beg /x } || { hdr(host) -i foo }",
        &[],
    );
    check(
        "  http-request deny if nope",
        &["parsing [x.cfg:5] : error detected while parsing an 'http-request deny' condition : no such ACL : 'nope'."],
    );
    check(
        "  http-request deny if { src 1.2.3.4",
        &["parsing [x.cfg:5] : error detected while parsing an 'http-request deny' condition : missing closing '}' in condition."],
    );
    check(
        "  http-request deny if { srcx 1.2.3.4 }",
        &["parsing [x.cfg:5] : error detected while parsing an 'http-request deny' condition : unknown fetch method 'srcx' in ACL expression 'srcx'."],
    );
    check(
        "  tcp-request content reject if nope",
        &["parsing [x.cfg:5] : 'tcp-request content reject' : error detected in frontend 'fe' while parsing 'if' condition : no such ACL : 'nope'"],
    );
}

#[test]
fn acls_like_haproxy() {
    check("  acl a hdr(a,b)", &["parsing [x.cfg:5] : error detected while parsing ACL 'a' : ACL keyword 'hdr' : failed to parse 'b' as type 'integer' at position 2."]);
    check(
        "  acl b@d src 1",
        &["parsing [x.cfg:5] : character '@' is not permitted in acl name 'b@d'."],
    );
    check("  acl a src 1.2.3.4x", &["parsing [x.cfg:5] : error detected while parsing ACL 'a' : '1.2.3.4x' is not a valid IPv4 or IPv6 address."]);
    check("  acl a dst_port gt foo", &["parsing [x.cfg:5] : error detected while parsing ACL 'a' : 'foo' is neither a number nor a supported operator."]);
    check("  acl a var(txn.x) foo", &["parsing [x.cfg:5] : error detected while parsing ACL 'a' : matching method must be specified first (using '-m') when using a sample fetch of this type ('var')."]);
    check("  acl a path_beg,lower /x", &[]);
    check("  acl a dst_port 80:90", &[]);
}

#[test]
fn rules_like_haproxy() {
    check("  http-request set-header X %[req.hdr(host),lower]", &[]);
    check("  http-request deny foo", &["parsing [x.cfg:5]: 'http-request deny' expects either 'if' or 'unless' followed by a condition but found 'foo'."]);
    check("  http-request set-header X", &["parsing [x.cfg:5] : error detected in frontend 'fe' while parsing 'http-request set-header' rule : expects exactly 2 arguments."]);
    check("  http-request add-header X %[hdr(arg))]", &["parsing [x.cfg:5] : error detected in frontend 'fe' while parsing 'http-request add-header' rule : expected ']' after 'hdr(arg)', but found ')'."]);
    check("  http-request set-var(foo) int(1)", &["parsing [x.cfg:5] : error detected in frontend 'fe' while parsing 'http-request set-var(foo)' rule : invalid variable name 'foo'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'."]);
    check("  tcp-request inspect-delay 5x", &["parsing [x.cfg:5] : 'tcp-request inspect-delay' expects a positive delay in milliseconds, in frontend 'fe' (unexpected character 'x')"]);
    check("  tcp-request foo", &["parsing [x.cfg:5] : 'tcp-request' expects 'inspect-delay', 'connection', or 'content' in frontend 'fe' (got 'foo')"]);
    let got = messages("  http-request denyy");
    assert!(
        got.len() == 1 && got[0].ends_with("but got 'denyy'. Did you mean 'deny' maybe ?"),
        "{got:?}"
    );
}

#[test]
fn services_like_haproxy() {
    let unsupported = "parsing [x.cfg:5] : 'http-request use-service' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md).";
    check(
        "  http-request use-service prometheus-exporter",
        &[unsupported],
    );
    check("  http-request use-service lua.x", &["parsing [x.cfg:5] : error detected in frontend 'fe' while parsing 'http-request use-service' rule : 'lua.x' unknown service name.."]);
    check("  http-request use-service", &["parsing [x.cfg:5] : error detected in frontend 'fe' while parsing 'http-request use-service' rule : 'use-service' expects a service name.."]);
    check("  http-request use-service prometheus-exporter x", &["parsing [x.cfg:5]: 'http-request use-service' expects either 'if' or 'unless' followed by a condition but found 'x'."]);
    check(
        "  tcp-request content use-service lua.x",
        &["parsing [x.cfg:5] : 'content' unknown service name."],
    );
    check(
        "  tcp-request content use-service prometheus-exporter",
        &["parsing [x.cfg:5] : Prometheus exporter service only available on 'http-request' rulesets"],
    );
}

#[test]
fn conditions_that_never_match_like_haproxy() {
    check(
        "  http-request deny if { res.hdr(x) -m found }",
        &["parsing [x.cfg:5] : anonymous acl will never match because it uses keyword 'res.hdr' which is incompatible with 'frontend http-request header rule'"],
    );
    check(
        "  tcp-request connection accept if { path /x }",
        &["parsing [x.cfg:5] : anonymous acl will never match in 'tcp-request connection' because it uses keyword 'path' which is incompatible with 'frontend tcp-request connection rule'"],
    );
    check("  http-request deny if { hdr(x),lower -m found } ok", &[]);
}
