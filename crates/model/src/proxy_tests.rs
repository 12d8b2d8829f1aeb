//! Unit tests for proxy sections, options, timeouts and the post-parse
//! proxy checks. Expected texts were taken from haproxy 2.6.12 `-c` runs.

use crate::build::{Builder, Options};
use crate::cx::ProcEnv;
use crate::host::SystemLikeHost;

/// Builds `cfg` as file `x.cfg` and returns every diagnostic text, in order.
fn diags(cfg: &str) -> Vec<String> {
    let host = SystemLikeHost::default();
    let mut b = Builder::new(&host, Options::default(), ProcEnv::default());
    b.add_file("x.cfg", cfg.as_bytes());
    let (_, d) = b.finish();
    d.list.into_iter().map(|d| d.text).collect()
}

/// Asserts that `expected` appear among the diagnostics, in this order.
fn check(cfg: &str, expected: &[&str]) {
    let got = diags(cfg);
    let mut it = got.iter();
    for e in expected {
        assert!(it.any(|g| g == e), "missing {e:?} in {got:#?}");
    }
}

const T: &str =
    "defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n";

#[test]
fn header_errors() {
    check(
        "frontend\n",
        &["parsing [x.cfg:1] : 'frontend' expects an <id> argument"],
    );
    check(
        "backend bad/name\n",
        &["parsing [x.cfg:1] : character '/' is not permitted in 'backend' name 'bad/name'."],
    );
    check(
        "defaults a\nfrontend f1 from nosuch\n bind :80\n",
        &["parsing [x.cfg:2] : defaults section 'nosuch' not found for frontend 'f1'."],
    );
    check(
        "defaults a\ndefaults a\nfrontend f1 from a\n bind :80\n",
        &["parsing [x.cfg:3] : ambiguous defaults section name 'a' referenced by frontend 'f1' exists at least at x.cfg:1 and x.cfg:2."],
    );
}

#[test]
fn duplicate_names() {
    check(
        "frontend fe\n bind :80\nfrontend fe\n bind :81\n",
        &["Parsing [x.cfg:3]: frontend 'fe' has the same name as frontend 'fe' declared at x.cfg:1."],
    );
    check(
        "frontend app\n bind :80\nbackend app\nlisten app\n bind :81\n",
        &["Parsing [x.cfg:4]: proxy 'app' has the same name as frontend 'app' declared at x.cfg:1."],
    );
    let shared = diags("frontend app\n bind :80\nbackend app\n");
    assert!(
        !shared.iter().any(|d| d.contains("same name")),
        "{shared:?}"
    );
}

#[test]
fn legacy_listen_address_is_accepted_as_bind() {
    check(
        "listen puppetmaster_8140 10.0.0.100:8140\n",
        &["parsing [x.cfg:1] : 'listen puppetmaster_8140 10.0.0.100:8140' : the address on the 'listen' line was removed in HAProxy 2.x; accepted as 'bind 10.0.0.100:8140'."],
    );
}

#[test]
fn inheritance_and_reset() {
    let cfg = format!("{T}defaults\n mode http\nfrontend fe\n bind :80\n");
    check(&cfg, &["missing timeouts for frontend 'fe'.\n   | While not properly invalid, you will certainly encounter various problems\n   | with such a configuration. To fix this, please ensure that all following\n   | timeouts are set to a non-zero value: 'client', 'connect', 'server'."]);
    let ok = diags(&format!("{T}frontend fe\n bind :80\n"));
    assert!(ok.is_empty(), "{ok:?}");
}

#[test]
fn misplaced_keywords() {
    let cfg = format!("{T}frontend fe\n bind :80\n balance roundrobin\n timeout server 1s\nbackend be\n maxconn 5\n timeout client 1s\n");
    check(
        &cfg,
        &[
            "parsing [x.cfg:8] : 'balance' ignored because frontend 'fe' has no backend capability.",
            "parsing [x.cfg:9] : 'timeout server' will be ignored because frontend 'fe' has no backend capability",
            "parsing [x.cfg:11] : 'maxconn' ignored because backend 'be' has no frontend capability. Maybe you want 'fullconn' instead ?",
            "parsing [x.cfg:12] : 'timeout client' will be ignored because backend 'be' has no frontend capability",
        ],
    );
    check(
        "defaults\n description x\n",
        &["parsing [x.cfg:2]: 'description' not allowed in 'defaults' section."],
    );
}

#[test]
fn keyword_arguments() {
    let cfg = format!("{T}backend be\n mode foo\n timeout client 1x\n timeout foo 1s\n balance foo\n hash-type consistent foo\n retries\n");
    check(
        &cfg,
        &[
            "parsing [x.cfg:7] : unknown proxy mode 'foo'.",
            "parsing [x.cfg:8] : unexpected character 'x' in 'timeout client'",
            "parsing [x.cfg:9] : 'timeout' supports 'client', 'server', 'connect', 'check', 'queue', 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin' (got 'foo')",
            "parsing [x.cfg:10] : balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.",
            "parsing [x.cfg:11] : 'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.",
            "parsing [x.cfg:12] : 'retries' expects an integer argument (dispatch counts for one).",
        ],
    );
}

#[test]
fn options() {
    let cfg = format!("{T}listen l\n bind :80\n option httplogg\n option foo\n option httplog x\n option httpchk GET / HTTP/1.1 extra\n");
    check(
        &cfg,
        &[
            "parsing [x.cfg:8] : unknown option 'httplogg'; did you mean 'httplog' maybe ?",
            "parsing [x.cfg:9] : unknown option 'foo'.",
            "parsing [x.cfg:10] : keyword 'httplog' only supports option 'clf'.",
            "parsing [x.cfg:11] : 'option httpchk' cannot handle unexpected argument 'extra'.",
        ],
    );
}

#[test]
fn post_parse_checks() {
    check(
        "frontend fe\n mode http\n default_backend be\n use_backend nope\n option httplog\nbackend be\n mode tcp\n",
        &[
            "frontend 'fe' has no 'bind' directive. Please declare it as a backend if this was intended.",
            "http frontend 'fe' (x.cfg:1) tries to use incompatible tcp backend 'be' (x.cfg:6) as its default backend (see 'mode').",
            "Proxy 'fe': unable to find required use_backend: 'nope'.",
            "log format ignored for frontend 'fe' since it has no log address.",
        ],
    );
    check(
        "frontend fe\n bind :80\n option httplog\n option forwardfor\n",
        &[
            "parsing [x.cfg:3] : 'option httplog' not usable with frontend 'fe' (needs 'mode http'). Falling back to 'option tcplog'.",
            "'option forwardfor' ignored for frontend 'fe' as it requires HTTP mode.",
        ],
    );
    let dynamic = diags(&format!(
        "{T}frontend fe\n bind :80\n use_backend be_%[req.hdr(host)]\n"
    ));
    assert!(
        !dynamic.iter().any(|d| d.contains("unable to find")),
        "{dynamic:?}"
    );
}

/// `no option x` as the reader hands it over (modifier stripped).
#[test]
fn option_modifiers() {
    use crate::cx::{Current, Cx};
    use syntax::{FileId, Line, Modifier, SectionKind, Span};
    let host = SystemLikeHost::default();
    let mut cx = Cx::new(&host, Options::default(), ProcEnv::default());
    cx.cfg.files.push("x.cfg".into());
    cx.cfg
        .proxies
        .push(crate::ir::Proxy::new(SectionKind::Listen, "l".into(), None));
    cx.cur = Current::Proxy(0);
    let line = |text: &str, modifier| Line {
        span: Span {
            file: FileId(0),
            line: 3,
        },
        words: text.split(' ').map(|w| w.as_bytes().to_vec()).collect(),
        modifier,
        raw: text.as_bytes().to_vec(),
    };
    for (text, m) in [
        ("option httplog", Modifier::No),
        ("option dontlognull", Modifier::No),
    ] {
        let l = line(text, m);
        if let Some(k) = crate::registry::find(SectionKind::Listen, &l.words) {
            (k.lower)(&mut cx, &l);
        }
    }
    let texts: Vec<&str> = cx.diags.list.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        ["parsing [x.cfg:3]: negation/default is not supported for option 'httplog'."]
    );
    let px = cx
        .cfg
        .proxies
        .first()
        .map(|p| p.settings.option("dontlognull"));
    assert_eq!(px, Some(Some(false)));
}
