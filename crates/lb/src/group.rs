//! Server state shared by every algorithm, and the choice between the
//! active and the backup group (`recount_servers()` and
//! `update_backend_weight()` in src/backend.c, plus the prologue every
//! `*_get_next_server()` starts with).
//!
//! A state change follows haproxy's two-phase scheme: the new state is
//! written as "next" (`next_eweight`, `up`), the algorithm's callback sees
//! both the current and the next values, then [`Core::commit`] makes the
//! next values current (`srv_lb_commit_status()`).

use crate::api::ServerSpec;

/// haproxy's `SRV_UWGHT_MAX`.
pub(crate) const UWEIGHT_MAX: u32 = 256;
/// `BE_WEIGHT_SCALE`: the weight divider of the dynamic algorithms.
pub(crate) const WEIGHT_SCALE: u32 = 16;
/// `SRV_EWGHT_MAX` = `SRV_EWGHT_RANGE` = 4096.
pub(crate) const EWGHT_MAX: u32 = UWEIGHT_MAX * WEIGHT_SCALE;

/// One server's load-balancing state.
#[derive(Clone, Debug)]
pub(crate) struct Srv {
    pub puid: u32,
    pub backup: bool,
    pub maxconn: u32,
    pub maxqueue: u32,
    pub uweight: u32,
    /// RUNNING and not in MAINT/DRAIN, as the caller last said (next state).
    pub up: bool,
    /// `cur_eweight`.
    pub eweight: u32,
    /// `next_eweight`.
    pub next_eweight: u32,
    /// `srv_currently_usable()`: the committed state.
    pub usable: bool,
    pub served: u32,
    pub queued: u32,
}

impl Srv {
    /// `srv_willbe_usable()`.
    pub fn willbe_usable(&self) -> bool {
        self.up && self.next_eweight > 0
    }

    /// The saturation test of fwrr, map, fas and `chash_get_next_server`:
    /// `maxconn && (queue.length || served >= srv_dynamic_maxconn())`.
    pub fn is_full(&self) -> bool {
        self.maxconn != 0 && (self.queued != 0 || self.served >= self.maxconn)
    }
}

/// Which servers a pick may look at (the common `*_get_next_server()`
/// prologue).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Some active server is usable: the active group.
    Active,
    /// No active one, no `allbackups`: this first usable backup only.
    FirstBackup(usize),
    /// No active one, `allbackups`: the backup group.
    Backup,
    /// Nothing usable.
    Nothing,
}

/// The servers and the per-backend counters of `struct lbprm`.
#[derive(Clone, Debug)]
pub(crate) struct Core {
    pub srv: Vec<Srv>,
    pub allbackups: bool,
    /// `lbprm.wmult`: the gcd of the weights for map-based algorithms, else 1.
    pub wmult: u32,
    /// `lbprm.wdiv`: 16 for dynamic algorithms, 1 for map-based ones.
    pub wdiv: u32,
    pub srv_act: usize,
    pub srv_bck: usize,
    pub tot_wact: u32,
    pub tot_wbck: u32,
    /// `lbprm.fbck`: the first usable backup, only without `allbackups`.
    pub fbck: Option<usize>,
    pub tot_weight: u32,
    pub tot_used: usize,
}

impl Core {
    pub fn new(specs: &[ServerSpec], allbackups: bool, wdiv: u32, wmult: u32) -> Core {
        let srv = specs
            .iter()
            .map(|s| Srv {
                puid: s.puid,
                backup: s.backup,
                maxconn: s.maxconn,
                maxqueue: s.maxqueue,
                uweight: s.uweight.min(UWEIGHT_MAX),
                up: true,
                eweight: 0,
                next_eweight: 0,
                usable: false,
                served: 0,
                queued: 0,
            })
            .collect();
        let mut core = Core {
            srv,
            allbackups,
            wmult: wmult.max(1),
            wdiv,
            srv_act: 0,
            srv_bck: 0,
            tot_wact: 0,
            tot_wbck: 0,
            fbck: None,
            tot_weight: 0,
            tot_used: 0,
        };
        for i in 0..core.srv.len() {
            core.recalc_eweight(i);
            core.commit(i);
        }
        core.recount();
        core
    }

    /// `server_recalc_eweight()` without slowstart:
    /// `next_eweight = ceil(uweight * wdiv / wmult)`.
    pub fn recalc_eweight(&mut self, i: usize) {
        let (wdiv, wmult) = (self.wdiv, self.wmult);
        if let Some(s) = self.srv.get_mut(i) {
            s.next_eweight = (s.uweight * wdiv).div_ceil(wmult);
        }
    }

    /// `srv_lb_commit_status()`.
    pub fn commit(&mut self, i: usize) {
        if let Some(s) = self.srv.get_mut(i) {
            s.eweight = s.next_eweight;
            s.usable = s.willbe_usable();
        }
    }

    /// `recount_servers()` then `update_backend_weight()`, from the next
    /// state. The per-algorithm callbacks keep these counters
    /// incrementally in haproxy; the result is the same.
    pub fn recount(&mut self) {
        self.srv_act = 0;
        self.srv_bck = 0;
        self.tot_wact = 0;
        self.tot_wbck = 0;
        self.fbck = None;
        for (i, s) in self.srv.iter().enumerate() {
            if !s.willbe_usable() {
                continue;
            }
            if s.backup {
                if self.srv_bck == 0 && !self.allbackups {
                    self.fbck = Some(i);
                }
                self.srv_bck += 1;
                self.tot_wbck = self.tot_wbck.wrapping_add(s.next_eweight);
            } else {
                self.srv_act += 1;
                self.tot_wact = self.tot_wact.wrapping_add(s.next_eweight);
            }
        }
        if self.srv_act > 0 {
            self.tot_weight = self.tot_wact;
            self.tot_used = self.srv_act;
        } else if let Some(f) = self.fbck {
            self.tot_weight = self.srv[f].next_eweight;
            self.tot_used = 1;
        } else {
            self.tot_weight = self.tot_wbck;
            self.tot_used = self.srv_bck;
        }
    }

    /// The group a pick looks at.
    pub fn target(&self) -> Target {
        if self.srv_act > 0 {
            Target::Active
        } else if let Some(f) = self.fbck {
            Target::FirstBackup(f)
        } else if self.srv_bck > 0 {
            Target::Backup
        } else {
            Target::Nothing
        }
    }

    pub fn is_full(&self, i: usize) -> bool {
        self.srv.get(i).is_some_and(Srv::is_full)
    }

    /// The group index (0 active, 1 backup) of server `i`.
    pub fn group_of(&self, i: usize) -> usize {
        usize::from(self.srv.get(i).is_some_and(|s| s.backup))
    }

    pub fn willbe_usable(&self, i: usize) -> bool {
        self.srv.get(i).is_some_and(Srv::willbe_usable)
    }

    pub fn next_eweight(&self, i: usize) -> u32 {
        self.srv.get(i).map_or(0, |s| s.next_eweight)
    }

    pub fn eweight(&self, i: usize) -> u32 {
        self.srv.get(i).map_or(0, |s| s.eweight)
    }
}

/// The map-based `wmult`: the gcd of the non-zero user weights, found the
/// way `init_server_map()` does (from the first non-zero weight, over every
/// server including backups and zero weights).
pub(crate) fn weight_gcd(specs: &[ServerSpec]) -> u32 {
    let mut weights = specs.iter().map(|s| s.uweight.min(UWEIGHT_MAX));
    let Some(mut pgcd) = weights.by_ref().find(|&w| w != 0) else {
        return 1;
    };
    for mut w in weights {
        if pgcd <= 1 {
            break;
        }
        while w != 0 {
            let t = pgcd % w;
            pgcd = w;
            w = t;
        }
    }
    pgcd
}
