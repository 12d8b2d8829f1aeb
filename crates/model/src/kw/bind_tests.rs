//! Tests for `bind` and `stats socket` lines, through the whole driver.

use crate::build::{Builder, Options};
use crate::cx::ProcEnv;
use crate::host::SystemLikeHost;

/// Lowers `cfg` as `x.cfg` and returns the diagnostics attached to line
/// `at` (every diagnostic when `at` is 0), one per line.
pub(crate) fn run_at(host: &SystemLikeHost, cfg: &str, at: u32) -> String {
    let mut b = Builder::new(host, Options::default(), ProcEnv::default());
    b.add_file("x.cfg", cfg.as_bytes());
    let (_, diags) = b.finish();
    let lines: Vec<String> = diags
        .list
        .iter()
        .filter(|d| at == 0 || d.span.is_some_and(|s| s.line == at))
        .map(|d| format!("{} {}", d.level.label(), d.text))
        .collect();
    lines.join("\n")
}

pub(crate) fn run(host: &SystemLikeHost, cfg: &str) -> String {
    run_at(host, cfg, 0)
}

/// Asserts that a `bind` line in a frontend gives exactly `expected` among
/// the diagnostics mentioning line 2.
fn check(bind: &str, expected: &str) {
    let host = SystemLikeHost {
        users: vec![("nobody".into(), 65534)],
        ..SystemLikeHost::default()
    };
    let got = run_at(&host, &format!("frontend fe\n  {bind}\n"), 2);
    assert_eq!(got, expected, "{bind}");
}

#[test]
fn bind_addresses_and_options() {
    check("bind :80,:81 accept-proxy maxconn 10 name web", "");
    check("bind /tmp/x.sock mode 600 user nobody level admin", "");
    check(
        "bind 127.0.0.1",
        "[ALERT] parsing [x.cfg:2] : 'bind' : missing port specification in '127.0.0.1'",
    );
    check(
        "bind nohost.invalid:80",
        "[ALERT] parsing [x.cfg:2] : 'bind' : invalid address: 'nohost.invalid' in 'nohost.invalid:80'",
    );
    check(
        "bind",
        "[ALERT] parsing [x.cfg:2] : 'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.",
    );
}

#[test]
fn bind_option_errors() {
    check(
        "bind :80 acept-proxy",
        "[ALERT] parsing [x.cfg:2] : 'bind :80' in section 'frontend': unknown keyword 'acept-proxy'; did you mean 'accept-proxy' maybe ?",
    );
    check(
        "bind :80 zzzz",
        "[ALERT] parsing [x.cfg:2] : 'bind :80' in section 'frontend': unknown keyword 'zzzz'.",
    );
    check(
        "bind :80 id 0",
        "[ALERT] parsing [x.cfg:2] : 'bind :80' in section 'frontend' : 'id' : custom id has to be > 0",
    );
    check(
        "bind :80 level foo",
        "[ALERT] parsing [x.cfg:2] : 'bind :80' in section 'frontend' : 'level' only supports 'user', 'operator', and 'admin' (got 'foo')",
    );
    check(
        "bind :80 thread 100",
        "[ALERT] parsing [x.cfg:2] : 'bind :80' in section 'frontend' : '100' : '100' is not a valid number/range. It supports numbers from 1 to 64.",
    );
    check(
        "bind :80 crt /none.pem",
        "[ALERT] parsing [x.cfg:2] : 'bind :80' in section 'frontend' : unable to stat SSL certificate from file '/none.pem' : No such file or directory.",
    );
    check(
        "bind :80 ca-file /nope",
        "[ALERT] Couldn't open the ca-file '/nope' (No such file or directory).\n\
         [ALERT] parsing [x.cfg:2] : 'bind :80' in section 'frontend' : 'ca-file' : unable to load /nope",
    );
}

#[test]
fn bind_placement() {
    let host = SystemLikeHost::default();
    let out = run(&host, "defaults\n  bind :80\nbackend be\n  bind :81\n");
    assert!(out.contains("[ALERT] parsing [x.cfg:2] : 'bind' not allowed in 'defaults' section."));
    assert!(out.contains(
        "[WARNING] parsing [x.cfg:4] : 'bind' ignored because backend 'be' has no frontend capability."
    ));
}
