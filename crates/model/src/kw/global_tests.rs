//! Unit tests of the `global` keywords: each case is a `global` body and
//! the exact messages haproxy 2.6.12 prints for it (checked with the real
//! binary), plus the IR dump for valid ones.

use crate::cx::ProcEnv;
use crate::host::SystemLikeHost;
use crate::{Builder, Options};

fn host() -> SystemLikeHost {
    SystemLikeHost {
        users: vec![("root".into(), 0), ("haproxy".into(), 100)],
        groups: vec![("root".into(), 0), ("haproxy".into(), 101)],
        files: vec![(
            "/etc/dh.pem".into(),
            b"-----BEGIN DH PARAMETERS-----\n".to_vec(),
        )],
        ..Default::default()
    }
}

/// Lowers `global\n<body>` and compares every message text, then the dump
/// lines, with `expected`.
fn check(body: &str, expected: &[&str]) {
    let h = host();
    let mut b = Builder::new(&h, Options::default(), ProcEnv::default());
    b.add_file("t.cfg", format!("global\n{body}\n").as_bytes());
    let (cfg, diags) = b.finish();
    let mut got: Vec<String> = diags.list.iter().map(|d| d.text.clone()).collect();
    let mut d = crate::dump::Dumper::new();
    cfg.global.dump(&mut d);
    got.extend(d.finish().lines().skip(1).map(|l| l.trim().to_string()));
    assert_eq!(got, expected, "for {body:?}");
}

/// Only the messages, for error cases.
fn check_err(body: &str, msg: &str) {
    let h = host();
    let mut b = Builder::new(&h, Options::default(), ProcEnv::default());
    b.add_file("t.cfg", format!("global\n{body}\n").as_bytes());
    let (_, diags) = b.finish();
    let texts: Vec<&str> = diags.list.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        [format!("parsing [t.cfg:2] : {msg}")],
        "for {body:?}"
    );
    assert!(diags.code.is_fatal(), "for {body:?}");
}

#[test]
fn valid_settings_reach_the_ir() {
    check(
        " daemon\n maxconn 4096\n user haproxy\n group haproxy\n chroot /var/lib/haproxy\n tune.bufsize 32768\n ssl-default-bind-options no-sslv3 ssl-min-ver TLSv1.2",
        &[
            "chroot \"/var/lib/haproxy\"",
            "ssl-default-bind options=no-sslv3,ssl-min-ver TLSv1.2",
            "tune bufsize=32768",
        ],
    );
}

#[test]
fn repeated_global_sections_merge() {
    let h = host();
    let mut b = Builder::new(&h, Options::default(), ProcEnv::default());
    b.add_file(
        "t.cfg",
        b"global\n maxconn 10\nglobal\n maxconn 20\n nbthread 4\n",
    );
    let (cfg, diags) = b.finish();
    assert_eq!(cfg.global.maxconn, Some(10));
    assert_eq!(cfg.global.nbthread, Some(4));
    let texts: Vec<&str> = diags.list.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        ["parsing [t.cfg:4] : 'maxconn' already specified. Continuing."]
    );
    assert!(!diags.code.is_fatal());
}

#[test]
fn errors_match_haproxy() {
    let cases = [
        ("nbthread 0", "'nbthread' value must be between 1 and 64 (was 0)"),
        ("nbthread abc", "'nbthread' passed a missing or unparsable integer value in 'abc'"),
        ("maxconn", "'maxconn' expects an integer argument."),
        ("maxconn 1 2", "'maxconn' cannot handle unexpected argument '2'."),
        ("user nosuch", "cannot find user id for 'nosuch' (0:Success)"),
        ("group nosuch", "cannot find group id for 'nosuch' (0:Success)"),
        ("chroot", "'chroot' expects a directory as an argument."),
        ("ca-base", "global statement 'ca-base' expects a directory path as an argument."),
        ("ssl-server-verify foo", "'ssl-server-verify' expects 'none' or 'required' as argument."),
        ("ssl-dh-param-file /nonexist", "'ssl-dh-param-file': unable to load DH parameters from file </nonexist>."),
        ("tune.bufsize 0", "'tune.bufsize' expects a positive integer argument."),
        ("tune.http.maxhdr 40000", "'tune.http.maxhdr' expects a numeric value between 1 and 32767"),
        ("tune.ssl.default-dh-param 512", "'tune.ssl.default-dh-param' expects a value >= 1024."),
        ("hard-stop-after 1x", "unexpected character 'x' in argument to <hard-stop-after>.\n"),
        ("stats maxconn 0", "'stats maxconn' expects a positive value"),
        ("stats foo", "'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got 'foo')"),
        ("daemon foo", "'daemon' cannot handle unexpected argument 'foo'."),
        ("master-worker x", "'master-worker' only supports 'no-exit-on-failure' option."),
        ("ssl-default-bind-options foo", "unknown option 'foo' on global statement 'ssl-default-bind-options'."),
        ("unix-bind foo", "'unix-bind' only supports the 'prefix', 'mode', 'uid', 'gid', 'user' and 'group' options."),
        ("lua-load /nonexist.lua", "error in Lua file '/nonexist.lua': cannot open /nonexist.lua: No such file or directory"),
        ("nbproc 2", "nbproc is not supported any more since HAProxy 2.5. Threads will automatically be used on multi-processor machines if available."),
        ("trace foo", "unknown keyword 'trace' in 'global' section; did you mean 'grace' maybe ?"),
        ("frontendd", "unknown keyword 'frontendd' in 'global' section; did you mean 'frontend' maybe ?"),
        ("tune.stick-counters 50", "unknown keyword 'tune.stick-counters' in 'global' section; did you mean 'tune.idletimer' maybe ?"),
        ("expose-experimental-directivesx", "unknown keyword 'expose-experimental-directivesx' in 'global' section"),
    ];
    for (body, msg) in cases {
        check_err(&format!(" {body}"), msg);
    }
}

#[test]
fn tight_prefix_messages() {
    let h = host();
    for (body, msg) in [
        (
            "spread-checks 60",
            "'spread-checks' needs a positive value in range 0..50.",
        ),
        ("setenv A", "'setenv' expects a name and a value."),
        (
            "tune.chksize 1",
            "option 'tune.chksize' is not supported any more (tune.bufsize is used instead).",
        ),
    ] {
        let mut b = Builder::new(&h, Options::default(), ProcEnv::default());
        b.add_file("t.cfg", format!("global\n {body}\n").as_bytes());
        let (_, diags) = b.finish();
        let texts: Vec<&str> = diags.list.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, [format!("parsing [t.cfg:2]: {msg}")]);
    }
}

#[test]
fn environment_changes_are_seen_by_later_lines() {
    let h = host();
    let env = ProcEnv {
        vars: vec![
            (b"HOME".to_vec(), b"/root".to_vec()),
            (b"KEEP".to_vec(), b"1".to_vec()),
        ],
        features: Vec::new(),
    };
    let mut cx = crate::cx::Cx::new(&h, Options::default(), env);
    cx.cur = crate::cx::Current::Global;
    let body = [
        "presetenv HOME x",
        "presetenv NEW y",
        "setenv A b",
        "resetenv KEEP A NEW",
        "unsetenv A",
    ];
    for (n, text) in body.iter().enumerate() {
        let line = syntax::Line {
            span: syntax::Span {
                file: syntax::FileId(0),
                line: n as u32 + 2,
            },
            words: text.split(' ').map(|w| w.as_bytes().to_vec()).collect(),
            modifier: syntax::Modifier::None,
            raw: text.as_bytes().to_vec(),
        };
        let kw = crate::registry::find(syntax::SectionKind::Global, &line.words).unwrap();
        (kw.lower)(&mut cx, &line);
    }
    assert!(cx.diags.list.is_empty());
    assert_eq!(syntax::Env::var(&cx.env, b"NEW"), Some(b"y".to_vec()));
    let cx_env = cx.env;
    let names: Vec<&[u8]> = cx_env.vars.iter().map(|(n, _)| n.as_slice()).collect();
    assert_eq!(names, [b"KEEP".as_slice(), b"NEW".as_slice()]);
}

#[test]
fn unsupported_keywords_are_refused_after_validation() {
    let h = SystemLikeHost {
        files: vec![("/x.lua".into(), Vec::new())],
        ..Default::default()
    };
    let mut b = Builder::new(&h, Options::default(), ProcEnv::default());
    b.add_file("t.cfg", b"global\n lua-load /x.lua\n");
    let (_, diags) = b.finish();
    assert_eq!(diags.list.len(), 1);
    assert!(diags.list[0]
        .text
        .contains("'lua-load' is not supported by portcullis yet"));
}
