//! Run-level behaviour that the recorded cases cannot pin down: timings
//! and deadlines, destinations of `connect` steps, the agent's commands,
//! `disable-on-404` from a stopped server, buffer limits and refusals.

mod common;

use checks::{Action, AgentCmd, CheckSpec, Outcome, Run, Status};
use common::{drive, drive_at, events, proxy, spec, Ev};

fn tcp_backend(rules: &str, srv: &str) -> String {
    format!("backend b\n  option tcp-check\n{rules}  server s {srv}\n")
}

fn done(run: &mut Run, now: u64) -> Outcome {
    match run.next(now) {
        Action::Done(o) => o,
        other => panic!("{other:?}"),
    }
}

#[test]
fn durations_follow_the_clock() {
    let sp = spec(
        &tcp_backend(
            "  tcp-check expect min-recv 6 rstring ^abc\n",
            "127.0.0.1:1 check",
        ),
        "b",
        false,
    );
    let evs = vec![vec![
        Ev::Send(b"abc".to_vec()),
        Ev::Delay(100),
        Ev::Send(b"def".to_vec()),
    ]];
    let (_, t) = drive_at(Run::start(&sp, 0, 5000), 5000, &evs);
    assert_eq!(
        (t.outcome.status, t.outcome.duration_ms),
        (Status::L7Ok, 100)
    );
}

#[test]
fn deadlines_without_timeout_check() {
    let px = proxy(
        "backend b\n  option httpchk\n  server s 127.0.0.1:1 check inter 3s\n",
        "b",
    );
    let mut px = px;
    px.settings.timeouts.check = None;
    let sp = CheckSpec::health(&px, &px.servers[0]).unwrap().unwrap();
    assert_eq!(
        (sp.connect_timeout_ms(Some(1000)), sp.read_timeout_ms()),
        (3000, 3000)
    );
    let mut run = Run::start(&sp, 0, 1000);
    assert_eq!(run.deadline(), 4000);
    assert!(matches!(run.next(1000), Action::Connect { .. }));
    run.connected(1010);
    assert_eq!(run.deadline(), 4000, "inter counts from the start");
    assert!(matches!(run.next(1010), Action::Send(_)));
    assert_eq!(run.next(1010), Action::Recv);
    run.timeout(4000);
    let o = done(&mut run, 4000);
    assert_eq!(
        (o.status, o.duration_ms, o.info),
        (Status::L7Tout, 3000, None)
    );
}

#[test]
fn deadlines_with_timeout_check() {
    // `timeout check 500ms`, `timeout connect 1s`, `inter 3s`: connecting
    // may take min(inter, connect), the response `timeout check`.
    let px = proxy(
        "backend b\n  option httpchk\n  server s 127.0.0.1:1 check inter 3s\n",
        "b",
    );
    let sp = CheckSpec::health(&px, &px.servers[0]).unwrap().unwrap();
    assert_eq!(
        (sp.connect_timeout_ms(Some(1000)), sp.read_timeout_ms()),
        (1000, 500)
    );
    let mut run = Run::start(&sp, 0, 1000);
    assert_eq!(run.deadline(), 2000);
    run.next(1000);
    run.timeout(2000);
    let o = done(&mut run, 2000);
    assert_eq!((o.status, o.duration_ms), (Status::L4Tout, 1000));
    let mut run = Run::start(&sp, 0, 1000);
    run.next(1000);
    run.connected(1010);
    assert_eq!(run.deadline(), 1510);
}

#[test]
fn connect_steps_go_where_asked() {
    let rules = "  tcp-check connect\n  tcp-check send A\\n\n  tcp-check expect string OK\n  tcp-check connect port 19399 addr 127.0.0.2\n  tcp-check send B\\n\n  tcp-check expect string OK\n";
    let sp = spec(
        &tcp_backend(rules, "127.0.0.1:19305 check port 19000 addr 127.0.0.3"),
        "b",
        false,
    );
    let (_, t) = drive(
        Run::start(&sp, 0, 0),
        &events("send 4f4b0a | next | send 4f4b0a"),
    );
    assert_eq!(t.outcome.status, Status::L7Ok);
    assert_eq!(t.sent, vec![b"A\n".to_vec(), b"B\n".to_vec()]);
    let a3 = Some("127.0.0.3".parse().unwrap());
    let a2 = Some("127.0.0.2".parse().unwrap());
    assert_eq!(t.connects, vec![(Some(19000), a3), (Some(19399), a2)]);
    // A plain check goes to the check port, or to the server's.
    let sp = spec(
        "backend b\n  server s 127.0.0.1:19399 check port 19322\n",
        "b",
        false,
    );
    let (_, t) = drive(Run::start(&sp, 0, 0), &[vec![]]);
    assert_eq!(
        (t.connects[0], t.outcome.status),
        ((Some(19322), None), Status::L4Ok)
    );
    let sp = spec("backend b\n  server s 127.0.0.1:19399 check\n", "b", false);
    assert_eq!(
        drive(Run::start(&sp, 0, 0), &[vec![]]).1.connects[0],
        (None, None)
    );
}

#[test]
fn agent_commands_and_destination() {
    let body = "backend b\n  balance static-rr\n  server s 127.0.0.1:80 weight 10 check agent-check agent-port 9999 agent-addr 127.0.0.5 agent-inter 5s agent-send \"hello\\n\"\n";
    let sp = spec(body, "b", true);
    assert!(sp.is_agent());
    assert_eq!(
        (sp.rise(), sp.fall(), sp.inter(), sp.port()),
        (1, 1, 5000, Some(9999))
    );
    let (run, t) = drive(
        Run::start(&sp, 0, 0),
        &events("send 647261696e2035302520646f776e202320626f6f740d0a"),
    );
    assert_eq!(t.sent[0], b"hello\n");
    assert_eq!(
        t.connects[0],
        (Some(9999), Some("127.0.0.5".parse().unwrap()))
    );
    assert_eq!(t.outcome.status, Status::L7Sts);
    // static-rr refuses 50% of weight 10.
    assert_eq!(t.outcome.info.as_deref(), Some("via agent : down (boot)"));
    let reply = run.agent_reply().unwrap();
    assert_eq!(
        reply.cmds,
        vec![AgentCmd::Drain, AgentCmd::Down(Some("boot".into()))]
    );
    // An agent reply split over two reads.
    let (run, t) = drive(
        Run::start(&sp, 0, 0),
        &events("send 757020 | send 3735250a"),
    );
    assert_eq!(t.outcome.status, Status::L7Ok);
    assert_eq!(
        run.agent_reply().unwrap().cmds.len(),
        1,
        "static-rr: 75% is refused"
    );
}

#[test]
fn disable_on_404_only_while_not_stopped() {
    let body =
        "backend b\n  option httpchk\n  http-check disable-on-404\n  server s 127.0.0.1:1 check\n";
    let sp = spec(body, "b", false);
    let rsp = events("send 485454502f312e3020343034204e6f7420466f756e640d0a0d0a | close");
    let (_, t) = drive(Run::start(&sp, 0, 0), &rsp);
    assert_eq!(
        (t.outcome.status, t.outcome.code),
        (Status::L7OkC, Some(404))
    );
    let (_, t) = drive(Run::start(&sp, 0, 0).with_server_running(false), &rsp);
    assert_eq!(
        (t.outcome.status, t.outcome.info.as_deref()),
        (Status::L7Sts, Some("Not Found"))
    );
}

#[test]
fn response_buffer_is_bounded() {
    let sp = spec(
        &tcp_backend("  tcp-check expect string NEVER\n", "127.0.0.1:1 check"),
        "b",
        false,
    );
    let big = vec![b'x'; 40000];
    let (_, t) = drive(Run::start(&sp, 0, 0), &[vec![Ev::Send(big)]]);
    assert_eq!(
        t.outcome.status,
        Status::L7Rsp,
        "a full buffer is conclusive"
    );
}

#[test]
fn send_state_header_goes_out() {
    let body = "backend b\n  option httpchk GET /s HTTP/1.1\n  http-check send-state\n  server s 127.0.0.1:1 check\n";
    let sp = spec(body, "b", false);
    assert!(sp.sends_state());
    let (_, t) = drive(
        Run::start(&sp, 0, 0).with_server_state("UP; x".into()),
        &events("close"),
    );
    assert_eq!(
        t.sent[0],
        b"GET /s HTTP/1.1\r\nx-haproxy-server-state: UP; x\r\nconnection: close\r\n\r\n"
    );
}

#[test]
fn unsupported_settings_are_refused() {
    let cases = [
        ("backend b\n  option tcp-check\n  tcp-check send-lf %[src]\n  server s 127.0.0.1:1 check\n", "tcp-check send-lf with log-format tags"),
        ("backend b\n  option tcp-check\n  tcp-check connect port 1 ssl\n  server s 127.0.0.1:1 check verify none\n", "tcp-check connect ssl"),
        ("backend b\n  option tcp-check\n  tcp-check set-var(check.x) int(1)\n  server s 127.0.0.1:1 check\n", "tcp-check set-var"),
        ("backend b\n  option spop-check\n  server s 127.0.0.1:1 check\n", "option spop-check"),
        ("backend b\n  server s 127.0.0.1:1 check check-ssl verify none\n", "check-ssl"),
        ("backend b\n  option httpchk\n  http-check expect status-code int(1) status 200\n  server s 127.0.0.1:1 check\n", "http-check expect status-code"),
    ];
    for (body, want) in cases {
        let px = proxy(body, "b");
        let got = CheckSpec::health(&px, &px.servers[0]).unwrap_err();
        assert_eq!(got, want, "{body}");
    }
    let px = proxy("backend b\n  server s 127.0.0.1:1\n", "b");
    assert!(CheckSpec::health(&px, &px.servers[0]).unwrap().is_none());
    assert!(CheckSpec::agent(&px, &px.servers[0]).unwrap().is_none());
}

#[test]
fn protocol_requests() {
    // Recorded on haproxy 2.6.12 (tests/data/observed.txt, ssl_ok).
    let hello = checks::ssl_client_hello(0x6b01_809a);
    assert_eq!(hello.len(), 126);
    assert_eq!(
        &hello[..15],
        b"\x16\x03\x00\x00\x79\x01\x00\x00\x75\x03\x00\x6b\x01\x80\x9a"
    );
    assert_eq!(
        checks::pgsql_startup_packet("pguser"),
        b"\x00\x00\x00\x15\x00\x03\x00\x00user\x00pguser\x00\x00"
    );
    assert_eq!(checks::LDAP_BIND.len(), 14);
}
