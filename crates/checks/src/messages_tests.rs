//! Every message below was printed by haproxy 2.6.12 (`-db`, stderr) on
//! loopback against scripted mock servers, with `option
//! log-health-checks` where a "Health check" line is shown (see
//! tests/data/README.md for the set-up).

use super::*;
use crate::status::{Outcome, Status};

fn o(status: Status, code: i32, info: &str, ms: u64) -> Outcome {
    let bytes: Vec<u8> = info.chars().map(|c| c as u32 as u8).collect();
    Outcome::new(status, code, &bytes, ms)
}

#[test]
fn down_messages() {
    let refused = o(Status::L4Con, 0, "Connection refused", 0);
    let c = Counts::new(0, 2);
    assert_eq!(
        server_down_msg("be_bk", "s1", false, Some(&refused), &c),
        "Server be_bk/s1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 0 active and 2 backup servers left. Running on backup. 0 sessions active, 0 requeued, 0 remaining in queue."
    );
    assert_eq!(
        server_down_msg("h500", "s", false, None, &Counts::new(0, 0)),
        "Server h500/s is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
    );
    let agent_down = o(Status::L7Sts, 0, "via agent : down", 0);
    assert_eq!(
        server_down_msg("fe", "s1", false, Some(&agent_down), &Counts::new(1, 0)),
        "Server fe/s1 is DOWN, reason: Layer7 wrong status, code: 0, info: \"via agent : down\", check duration: 0ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
    );
    assert_eq!(
        server_state_msg(Change::Down, "be_rr", "s1", false, Why::Text("changed from CLI"), &Counts::new(2, 0)),
        "Server be_rr/s1 is DOWN, changed from CLI. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
    );
}

#[test]
fn up_stopping_drain_maint_messages() {
    let agent_up = o(Status::L7Ok, 0, "via agent : up", 0);
    assert_eq!(
        server_up_msg("fe", "s1", false, Some(&agent_up), &Counts::new(2, 0)),
        "Server fe/s1 is UP, reason: Layer7 check passed, code: 0, info: \"via agent : up\", check duration: 0ms. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
    );
    assert_eq!(
        server_stopping_msg("hd404", "s", false, None, &Counts::new(0, 0)),
        "Server hd404/s is stopping. 0 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
    );
    assert_eq!(
        server_state_msg(Change::EnterDrain, "a_drain", "s", false, Why::Nothing, &Counts::new(0, 0)),
        "Server a_drain/s enters drain state. 0 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
    );
    assert_eq!(
        server_state_msg(Change::EnterMaint, "a_maint", "s", false, Why::Nothing, &Counts::new(1, 0)),
        "Server a_maint/s is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
    );
    assert_eq!(
        server_leave_drain_msg("fe", "s1", false, true),
        "Server fe/s1 is UP (leaving forced drain)."
    );
    assert_eq!(
        server_leave_maint_msg("fe", "s1", false, true, false),
        "Server fe/s1 is UP/READY (leaving forced maintenance)."
    );
    let mut c = Counts::new(0, 1);
    c.requeued = 3;
    c.queued = 1;
    assert_eq!(
        server_up_msg("b", "bk", true, None, &c),
        "Backup Server b/bk is UP. 0 active and 1 backup servers online. Running on backup. 3 sessions requeued, 1 total in queue."
    );
    assert_eq!(
        server_state_msg(Change::Up, "b", "s", false, Why::Via("other", "t"), &Counts::new(1, 0)),
        "Server b/s is UP via other/t. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
    );
}

#[test]
fn health_log_lines() {
    let cases: &[(bool, &str, Outcome, bool, &str, &str)] = &[
        (false, "be_old/ok", o(Status::L7Ok, 200, "", 2), true, "3/3 UP",
         "Health check for server be_old/ok succeeded, reason: Layer7 check passed, code: 200, check duration: 2ms, status: 3/3 UP."),
        (false, "be_old/e500", o(Status::L7Sts, 500, "Internal", 0), false, "0/2 DOWN",
         "Health check for server be_old/e500 failed, reason: Layer7 wrong status, code: 500, info: \"Internal\", check duration: 0ms, status: 0/2 DOWN."),
        (false, "be_404/e404", o(Status::L7OkC, 404, "", 0), true, "3/3 UP",
         "Health check for server be_404/e404 conditionally succeeded, reason: Layer7 check conditionally passed, code: 404, check duration: 0ms, status: 3/3 UP."),
        (false, "be_tcpplain/up", o(Status::L4Ok, 0, "", 0), true, "2/2 UP",
         "Health check for server be_tcpplain/up succeeded, reason: Layer4 check passed, check duration: 0ms, status: 2/2 UP."),
        (false, "t_ok/s", o(Status::L7Ok, 0, "(tcp-check)", 1), true, "3/3 UP",
         "Health check for server t_ok/s succeeded, reason: Layer7 check passed, code: 0, info: \"(tcp-check)\", check duration: 1ms, status: 3/3 UP."),
        (false, "t_okstatus/s", o(Status::L6Ok, 0, "(tcp-check)", 0), true, "3/3 UP",
         "Health check for server t_okstatus/s succeeded, reason: Layer6 check passed, info: \"(tcp-check)\", check duration: 0ms, status: 3/3 UP."),
        (false, "hsilent/s", o(Status::L7Tout, 0, "", 953), false, "0/2 DOWN",
         "Health check for server hsilent/s failed, reason: Layer7 timeout, check duration: 953ms, status: 0/2 DOWN."),
        (false, "d/s", o(Status::L7Tout, 0, " at step 1 of tcp-check (expect string 'PONG')", 859), false, "0/2 DOWN",
         "Health check for server d/s failed, reason: Layer7 timeout, info: \" at step 1 of tcp-check (expect string 'PONG')\", check duration: 859ms, status: 0/2 DOWN."),
        (true, "a_refused/s", o(Status::L4Con, 0, "Connection refused", 0), false, "1/1 UP",
         "Agent check for server a_refused/s failed, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms, status: 1/1 UP."),
        (true, "a_combo/s", o(Status::L7Ok, 0, "via agent : up", 402), true, "1/1 DRAIN",
         "Agent check for server a_combo/s succeeded, reason: Layer7 check passed, code: 0, info: \"via agent : up\", check duration: 402ms, status: 1/1 DRAIN."),
        (false, "redis_esc/s", o(Status::L7Sts, 0, "-a\"b\\<\t\u{7f}", 0), false, "0/2 DOWN",
         "Health check for server redis_esc/s failed, reason: Layer7 wrong status, code: 0, info: \"-a<22>b\\<3C><09><7F>\", check duration: 0ms, status: 0/2 DOWN."),
        (false, "esc2/s", o(Status::L7Sts, 0, "-\u{80}\u{ff}", 1), false, "0/2 DOWN",
         "Health check for server esc2/s failed, reason: Layer7 wrong status, code: 0, info: \"-<80><FF>\", check duration: 1ms, status: 0/2 DOWN."),
    ];
    for (agent, who, out, passed, st, want) in cases {
        let (px, srv) = who.split_once('/').unwrap();
        assert_eq!(
            health_log_msg(*agent, px, srv, false, out, *passed, st),
            *want
        );
    }
    let ok = o(Status::L4Ok, 0, "", 0);
    assert_eq!(
        health_log_msg(false, "b", "s", true, &ok, true, "3/3 UP"),
        "Health check for backup server b/s succeeded, reason: Layer4 check passed, check duration: 0ms, status: 3/3 UP."
    );
}

#[test]
fn info_escaping_keeps_printable_ascii() {
    // Observed for a redis reply of all printable punctuation.
    assert_eq!(
        escape_info("- !#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~"),
        "- !#$%&'()*+,-./09:;<3C>=<3E>?@AZ[\\]^_`az{|}~"
    );
}

#[test]
fn no_server() {
    assert_eq!(
        no_server_msg("be_404"),
        "backend 'be_404' has no server available!"
    );
    assert_eq!(
        no_server_msg_for("proxy", "l"),
        "proxy 'l' has no server available!"
    );
    assert_eq!(
        no_server_log_msg("backend", "be_404"),
        "backend be_404 has no server available!"
    );
}
