//! The rise/fall health counter of one check (haproxy's `check->health`
//! as `set_server_check_status` moves it) and the interval choice of
//! `srv_getinter`.
//!
//! The counter lives in `[0, rise+fall-1]`; the check counts as up when
//! `health >= rise`. A failure while above 0 decrements it and drops it to
//! 0 as soon as it falls below `rise`; a success while below the top
//! increments it and jumps to the top as soon as it reaches `rise`. So a
//! fresh server (which starts at `rise`) goes DOWN on its first failure,
//! and from the top it takes `fall` failures.

use crate::status::{Outcome, Status, Verdict};

/// One check's health counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Health {
    rise: u32,
    fall: u32,
    health: u32,
    /// The status of the previous result, `INI` before the first one.
    last: Status,
}

/// Whether a result moved the counter across `rise`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    None,
    Up,
    Down,
}

/// What one result did to the counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applied {
    pub transition: Transition,
    /// Whether `option log-health-checks` prints a line for it: the status
    /// changed or the counter moved (haproxy's `status != prev_status ||
    /// report`). Always false for `CHECKED`.
    pub log: bool,
}

impl Health {
    /// A checked server at start-up: UP, with health at `rise` (so
    /// "going down" until its first success). `rise` and `fall` are at
    /// least 1.
    pub fn new(rise: u32, fall: u32) -> Health {
        let (rise, fall) = (rise.max(1), fall.max(1));
        Health {
            rise,
            fall,
            health: rise,
            last: Status::Ini,
        }
    }

    /// A server starting in maintenance (`disabled`): health 0.
    pub fn new_down(rise: u32, fall: u32) -> Health {
        Health {
            health: 0,
            ..Health::new(rise, fall)
        }
    }

    fn top(&self) -> u32 {
        self.rise + self.fall - 1
    }

    /// Counts one passed or failed result.
    pub fn record(&mut self, passed: bool) -> Transition {
        let was_up = self.is_up();
        self.step(passed);
        self.transition(was_up)
    }

    /// Moves the counter; returns whether it moved (haproxy's `report`).
    fn step(&mut self, passed: bool) -> bool {
        if passed {
            if self.health >= self.top() {
                return false;
            }
            self.health += 1;
            if self.health >= self.rise {
                self.health = self.top();
            }
        } else {
            if self.health == 0 {
                return false;
            }
            self.health -= 1;
            if self.health < self.rise {
                self.health = 0;
            }
        }
        true
    }

    fn transition(&self, was_up: bool) -> Transition {
        match (was_up, self.is_up()) {
            (false, true) => Transition::Up,
            (true, false) => Transition::Down,
            _ => Transition::None,
        }
    }

    /// Applies a check result as haproxy does. For an agent (`agent`), the
    /// reply `up` (`L7OK`) sets the counter to the top and `down`, `fail`
    /// or `stopped` (`L7STS`) to 0 before counting, and failures without
    /// layer-7 data (connection errors, timeouts) never count.
    pub fn apply(&mut self, o: &Outcome, agent: bool) -> Applied {
        let was_up = self.is_up();
        let prev = std::mem::replace(&mut self.last, o.status);
        if agent {
            match o.status {
                Status::L7Ok => self.health = self.top(),
                Status::L7Sts => self.health = 0,
                _ => {}
            }
        }
        let moved = match o.status.verdict() {
            Verdict::Neutral | Verdict::Unknown => {
                self.last = prev;
                return Applied {
                    transition: Transition::None,
                    log: false,
                };
            }
            Verdict::Failed if agent && !o.status.has_l7_data() => false,
            Verdict::Failed => self.step(false),
            Verdict::Passed | Verdict::CondPassed => self.step(true),
        };
        Applied {
            transition: self.transition(was_up),
            log: moved || prev != o.status,
        }
    }

    /// Forces the counter to the top (`set server ... health up`) or to 0.
    pub fn force(&mut self, up: bool) -> Transition {
        let was_up = self.is_up();
        self.health = if up { self.top() } else { 0 };
        self.transition(was_up)
    }

    /// Health analysis (`observe` + `on-error`) before it simulates a
    /// failed check: `sudden-death` leaves one failure above DOWN
    /// (`health = rise + 1` when higher), `mark-down` leaves none
    /// (`health = rise`), as haproxy's `__health_adjust`.
    pub fn prepare_hana(&mut self, mark_down: bool) {
        if mark_down {
            self.health = self.rise;
        } else if self.health > self.rise {
            self.health = self.rise + 1;
        }
    }

    pub fn is_up(&self) -> bool {
        self.health >= self.rise
    }

    /// The raw counter (stats `check_health`).
    pub fn value(&self) -> u32 {
        self.health
    }

    pub fn rise(&self) -> u32 {
        self.rise
    }

    pub fn fall(&self) -> u32 {
        self.fall
    }

    /// The delay before the next check (`srv_getinter`): `inter` when fully
    /// up, `downinter` (else `inter`) when fully down, `fastinter` (else
    /// `inter`) in between, which includes the start-up state.
    pub fn interval_ms(&self, inter: u32, fastinter: Option<u32>, downinter: Option<u32>) -> u32 {
        if self.health == self.top() {
            inter
        } else if self.health == 0 {
            downinter.unwrap_or(inter)
        } else {
            fastinter.unwrap_or(inter)
        }
    }

    /// `x/y UP|DRAIN|DOWN` as in `log-health-checks` lines: above `rise`,
    /// the steps left before going down out of `fall`, else the successes
    /// so far out of `rise`. `drain` is a user weight of 0.
    pub fn status_text(&self, drain: bool) -> String {
        if self.is_up() {
            let word = if drain { "DRAIN" } else { "UP" };
            format!("{}/{} {word}", self.health - self.rise + 1, self.fall)
        } else {
            format!("{}/{} DOWN", self.health, self.rise)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replays `results` ('+' pass, '-' fail); each step shows the status
    /// text and, after '^' or 'v', the transition.
    fn check(rise: u32, fall: u32, results: &str, expected: &str) {
        let mut h = Health::new(rise, fall);
        let mut got = vec![h.status_text(false)];
        for c in results.chars() {
            let t = h.record(c == '+');
            let mark = match t {
                Transition::Up => "^",
                Transition::Down => "v",
                Transition::None => "",
            };
            got.push(format!("{mark}{}", h.status_text(false)));
        }
        assert_eq!(got.join(" "), expected);
    }

    #[test]
    fn starts_up_at_rise_and_the_first_failure_is_down() {
        // Observed: fresh servers show `UP 1/3` (rise 2, fall 3); the
        // first failed check logs `status: 0/2 DOWN`.
        check(2, 3, "-", "1/3 UP v0/2 DOWN");
        check(2, 3, "+", "1/3 UP 3/3 UP");
        // rise 3 fall 2 starts at `UP 1/2`, a success gives `2/2 UP`.
        check(3, 2, "+", "1/2 UP 2/2 UP");
    }

    #[test]
    fn fall_counts_from_fully_up_and_rise_from_down() {
        check(
            2,
            3,
            "+---++",
            "1/3 UP 3/3 UP 2/3 UP 1/3 UP v0/2 DOWN 1/2 DOWN ^3/3 UP",
        );
        check(
            3,
            3,
            "-+-+++",
            "1/3 UP v0/3 DOWN 1/3 DOWN 0/3 DOWN 1/3 DOWN 2/3 DOWN ^3/3 UP",
        );
        // A failure in the middle of a fall sequence is undone by a pass.
        check(2, 3, "+-+--", "1/3 UP 3/3 UP 2/3 UP 3/3 UP 2/3 UP 1/3 UP");
        check(1, 1, "-+", "1/1 UP v0/1 DOWN ^1/1 UP");
    }

    #[test]
    fn intervals_follow_srv_getinter() {
        let mut h = Health::new(2, 3);
        assert_eq!(h.interval_ms(2000, Some(500), Some(9000)), 500);
        assert_eq!(h.interval_ms(2000, None, Some(9000)), 2000);
        h.record(true);
        assert_eq!(h.interval_ms(2000, Some(500), Some(9000)), 2000);
        h.record(false);
        assert_eq!(h.interval_ms(2000, Some(500), Some(9000)), 500);
        h.force(false);
        assert_eq!(h.interval_ms(2000, Some(500), Some(9000)), 9000);
        assert_eq!(h.interval_ms(2000, Some(500), None), 2000);
    }

    #[test]
    fn drain_word() {
        let h = Health::new(2, 3);
        assert_eq!(h.status_text(true), "1/3 DRAIN");
        assert_eq!(Health::new_down(2, 3).status_text(true), "0/2 DOWN");
    }

    fn o(status: Status) -> Outcome {
        Outcome::new(status, 0, b"", 0)
    }

    #[test]
    fn apply_reports_like_log_health_checks() {
        let mut h = Health::new(2, 3);
        // First result: INI -> L4OK, counter moves: logged.
        let a = h.apply(&o(Status::L4Ok), false);
        assert_eq!((a.transition, a.log), (Transition::None, true));
        // Same status, counter at the top: not logged.
        assert!(!h.apply(&o(Status::L4Ok), false).log);
        let a = h.apply(&o(Status::L4Con), false);
        assert_eq!(
            (a.transition, a.log, h.value()),
            (Transition::None, true, 3)
        );
        h.apply(&o(Status::L4Con), false);
        let a = h.apply(&o(Status::L4Con), false);
        assert_eq!((a.transition, a.log), (Transition::Down, true));
        // At 0, the same failure again changes nothing.
        assert!(!h.apply(&o(Status::L4Con), false).log);
        assert!(!h.apply(&o(Status::Checked), false).log);
    }

    #[test]
    fn agent_results() {
        // Observed: a refused agent logs `failed ... status: 1/1 UP`.
        let mut a = Health::new(1, 1);
        let r = a.apply(&o(Status::L4Con), true);
        assert_eq!(
            (r.transition, r.log, a.status_text(false).as_str()),
            (Transition::None, true, "1/1 UP")
        );
        // `down`: `0/1 DOWN`, server down.
        let r = a.apply(&o(Status::L7Sts), true);
        assert_eq!(
            (r.transition, a.status_text(false).as_str()),
            (Transition::Down, "0/1 DOWN")
        );
        let r = a.apply(&o(Status::L7Ok), true);
        assert_eq!(
            (r.transition, a.status_text(false).as_str()),
            (Transition::Up, "1/1 UP")
        );
        // `CHECKED` (a reply without health word) is never logged.
        assert!(!a.apply(&o(Status::Checked), true).log);
    }
}
