//! Tests for `server`, `default-server`, `server-template`, the post-parse
//! server checks and address resolution, through the whole driver.

use crate::host::SystemLikeHost;
use crate::kw::bind::tests::run_at;

fn check(lines: &str, at: u32, expected: &str) {
    let host = SystemLikeHost {
        hosts: vec![(
            "this_puppet".into(),
            "10.0.0.1"
                .parse()
                .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0])),
        )],
        ..SystemLikeHost::default()
    };
    let cfg = format!("backend be\n{lines}");
    assert_eq!(run_at(&host, &cfg, at), expected, "{lines}");
}

#[test]
fn server_option_errors() {
    check(
        "  server s1 1.2.3.4:80 chek\n",
        2,
        "[ALERT] [x.cfg:2] : 'server be/s1' : unknown keyword 'chek'; did you mean 'check' maybe ?",
    );
    check(
        "  server s1 1.2.3.4:80 inter 0\n",
        2,
        "[ALERT] [x.cfg:2] : 'server be/s1' : invalid value 0 for argument 'inter' of server s1..",
    );
    check("  server s1 1.2.3.4:80 inter 10x\n", 2,
        "[ALERT] [x.cfg:2] : 'server be/s1' : unexpected character 'x' in 'agent-inter' argument of server s1..");
    check(
        "  server s1 1.2.3.4:80 weight 257\n",
        2,
        "[ALERT] [x.cfg:2] : 'server be/s1' : weight of server s1 is not within 0 and 256 (257)..",
    );
    check(
        "  server s1 1.2.3.4:80 fall abc\n",
        2,
        "[ALERT] [x.cfg:2] : 'server be/s1' : 'fall' has to be > 0..",
    );
    check("  server s1 1.2.3.4:80 agent-check\n", 2,
        "[ALERT] [x.cfg:2] : 'server be/s1' : server s1 does not have agent port. Agent check has been disabled.");
    check(
        "  server b/x 1.2.3.4:80\n",
        2,
        "[ALERT] [x.cfg:2] : character '/' is not permitted in server name 'b/x'.",
    );
    check(
        "  server s1 1.2.3.4:80 weight 5 maxconn x check port 9200\n",
        2,
        "",
    );
}

#[test]
fn post_parse_and_resolution() {
    check("  server s1 1.2.3.4:80\n  server s1 1.2.3.5:80\n", 3,
        "[ALERT] parsing [x.cfg:3] : backend 'be', another server named 's1' was already defined at line 2, please use distinct names.");
    check(
        "  server s1 1.2.3.4:80 id 1\n  server s1 1.2.3.5:80 id 2\n",
        3,
        "",
    );
    check("  server s1 this_puppet:8140\n", 2, "");
    check(
        "  server s1 nonexistent.invalid:80\n",
        2,
        "[ALERT] [x.cfg:2] : 'server be/s1' : could not resolve address 'nonexistent.invalid'.",
    );
    check("  default-server init-addr last,libc,none\n  server s1 nonexistent.invalid:80\n", 3,
        "[WARNING] [x.cfg:3] : 'server be/s1' : could not resolve address 'nonexistent.invalid', disabling server.");
    check(
        "  server s1 1.2.3.4:80 track s2\n",
        2,
        "[ALERT] [x.cfg:2] : 'server be/s1' : unable to find required server 's2' for tracking.",
    );
    check(
        "  server s1 1.2.3.4 check\n",
        2,
        "[ALERT] config: backend 'be': server 's1' has neither service port nor check port.",
    );
}

#[test]
fn template_ranges_like_haproxy() {
    use super::template_range;
    assert_eq!(template_range("3"), Some((1, 3)));
    assert_eq!(template_range("0-9"), Some((0, 9)));
    assert_eq!(template_range("0-0"), Some((0, 0)));
    assert_eq!(template_range("3x"), Some((1, 3)));
    assert_eq!(template_range("1-2-3"), Some((1, 2)));
    for bad in ["0", "3-", "-1", "abc", "2-1"] {
        assert_eq!(template_range(bad), None, "{bad}");
    }
}
