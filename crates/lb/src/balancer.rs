//! [`Balancer`]: one backend's load-balancing state, dispatching to the
//! algorithm modules the way `struct lbprm`'s callbacks do in haproxy
//! (`set_server_status_up/down`, `update_server_eweight`,
//! `server_take_conn/drop_conn`, and `assign_server()` for picks).

use crate::api::{Algo, Pick, ServerSpec};
use crate::chash::Chash;
use crate::fas::Fas;
use crate::fwlc::Fwlc;
use crate::fwrr::Fwrr;
use crate::group::{weight_gcd, Core, UWEIGHT_MAX, WEIGHT_SCALE};
use crate::hash::{full_hash, source_key};
use crate::map::Map;
use crate::prng::Prng;
use std::net::IpAddr;

/// The lookup structure of the algorithm.
#[derive(Clone, Debug)]
enum Lb {
    Fwrr(Fwrr),
    Map(Map),
    Chash(Chash),
    Fwlc(Fwlc),
    Fas(Fas),
}

/// One backend's servers as the load balancer sees them.
///
/// Indexes are positions in the specs slice given to [`Balancer::new`];
/// an index out of range is ignored by setters and reads as 0/false.
#[derive(Clone, Debug)]
pub struct Balancer {
    algo: Algo,
    core: Core,
    lb: Lb,
    prng: Prng,
}

impl Balancer {
    /// Build the lookup structure; every server starts usable (a server of
    /// weight 0 is not usable until it gets a weight).
    pub fn new(algo: Algo, servers: &[ServerSpec], allbackups: bool) -> Balancer {
        let map_based = matches!(
            algo,
            Algo::StaticRr
                | Algo::Source {
                    consistent: false,
                    ..
                }
        );
        let core = if map_based {
            Core::new(servers, allbackups, 1, weight_gcd(servers))
        } else {
            Core::new(servers, allbackups, WEIGHT_SCALE, 1)
        };
        let lb = match algo {
            Algo::RoundRobin => Lb::Fwrr(Fwrr::new(&core)),
            Algo::StaticRr
            | Algo::Source {
                consistent: false, ..
            } => Lb::Map(Map::new(&core)),
            Algo::Random { .. }
            | Algo::Source {
                consistent: true, ..
            } => Lb::Chash(Chash::new(&core)),
            Algo::LeastConn => Lb::Fwlc(Fwlc::new(&core)),
            Algo::First => Lb::Fas(Fas::new(&core)),
        };
        Balancer {
            algo,
            core,
            lb,
            prng: Prng::from_entropy(),
        }
    }

    pub fn algo(&self) -> Algo {
        self.algo
    }

    /// Seed `balance random`'s PRNG (for reproducible runs and tests).
    pub fn set_prng_seed(&mut self, seed: u32) {
        self.prng = Prng::with_seed(seed);
    }

    /// UP/DOWN/MAINT/DRAIN as seen by the load balancer: haproxy's
    /// `set_server_status_up()` / `set_server_status_down()`.
    pub fn set_usable(&mut self, srv: usize, usable: bool) {
        if let Some(s) = self.core.srv.get_mut(srv) {
            s.up = usable;
            self.apply(srv);
        }
    }

    /// A runtime weight change (`set weight`, agent): 0 takes the server
    /// out like DRAIN. Values above 256 are clamped. Map-based algorithms
    /// keep the gcd computed at start-up, as haproxy does.
    pub fn set_weight(&mut self, srv: usize, uweight: u32) {
        if let Some(s) = self.core.srv.get_mut(srv) {
            s.uweight = uweight.min(UWEIGHT_MAX);
            self.core.recalc_eweight(srv);
            self.apply(srv);
        }
    }

    /// Run the algorithm's callback for the pending state of `srv`
    /// (`srv_update_status()`'s load-balancing part), then commit it.
    fn apply(&mut self, srv: usize) {
        let s = &self.core.srv[srv];
        let (was, will) = (s.usable, s.willbe_usable());
        let changed = s.eweight != s.next_eweight;
        self.core.recount();
        if !(was || will) || (was == will && !changed) {
            self.core.commit(srv);
            return;
        }
        let core = &self.core;
        match (&mut self.lb, was, will) {
            (Lb::Map(m), _, _) => m.recalc(core),
            (Lb::Fwrr(f), false, _) => f.up(core, srv),
            (Lb::Fwrr(f), true, false) => f.down(core, srv),
            (Lb::Fwrr(f), true, true) => f.reweight(core, srv),
            (Lb::Chash(c), _, true) => c.up(core, srv),
            (Lb::Chash(c), _, false) => c.down(core, srv),
            (Lb::Fwlc(f), false, _) => f.up(core, srv),
            (Lb::Fwlc(f), true, false) => f.down(srv),
            (Lb::Fwlc(f), true, true) => f.reweight(core, srv),
            (Lb::Fas(f), false, _) => f.up(core, srv),
            (Lb::Fas(f), true, false) => f.down(srv),
            (Lb::Fas(f), true, true) => f.reposition(core, srv),
        }
        self.core.commit(srv);
    }

    pub fn uweight(&self, srv: usize) -> u32 {
        self.core.srv.get(srv).map_or(0, |s| s.uweight)
    }

    /// haproxy's `cur_eweight`: `uweight * 16` for dynamic algorithms,
    /// `ceil(uweight / gcd)` for map-based ones, whether usable or not.
    pub fn eweight(&self, srv: usize) -> u32 {
        self.core.eweight(srv)
    }

    /// The CSV `weight` column: `ceil(eweight * wmult / wdiv)`.
    pub fn stats_weight(&self, srv: usize) -> u32 {
        self.scale(self.core.eweight(srv))
    }

    /// The BACKEND `weight` column: the same formula over the total weight.
    pub fn backend_stats_weight(&self) -> u32 {
        self.scale(self.core.tot_weight)
    }

    fn scale(&self, w: u32) -> u32 {
        let (wmult, wdiv) = (u64::from(self.core.wmult), u64::from(self.core.wdiv));
        (u64::from(w) * wmult).div_ceil(wdiv.max(1)) as u32
    }

    /// `lbprm.tot_weight`: the total effective weight of the group in use
    /// (the first backup's alone in single-backup mode).
    pub fn tot_weight(&self) -> u32 {
        self.core.tot_weight
    }

    /// Usable by the load balancer (up and with a non-zero weight).
    pub fn is_usable(&self, srv: usize) -> bool {
        self.core.srv.get(srv).is_some_and(|s| s.usable)
    }

    /// `assign_server()`'s load-balancing part. `src` is the client address
    /// (only `balance source` reads it); `avoid` is the server that just
    /// failed, chosen only when nothing else is left.
    pub fn pick(&mut self, src: Option<IpAddr>, avoid: Option<usize>) -> Pick {
        if let Algo::Source { .. } = self.algo {
            return match src {
                Some(ip) => self.pick_hash(Some(source_key(ip)), avoid),
                None => Pick::NoServer,
            };
        }
        if self.core.tot_weight == 0 {
            return Pick::NoServer;
        }
        let core = &self.core;
        let found = match &mut self.lb {
            Lb::Fwrr(f) => f.pick(core, avoid),
            Lb::Map(m) => m.pick_rr(core, avoid),
            Lb::Chash(c) => match self.algo {
                Algo::Random { draws } => {
                    let prng = &mut self.prng;
                    c.pick_random(core, draws, avoid, || prng.next_u32())
                }
                _ => c.next_server(core, avoid),
            },
            Lb::Fwlc(f) => f.pick(core, avoid),
            Lb::Fas(f) => f.pick(core, avoid),
        };
        found.map_or(Pick::Full, Pick::Server)
    }

    /// A hash-based pick for the hash algorithms: `key` is the raw hash of
    /// the input (`hash_bytes()`, or `source_key()`), before avalanche.
    /// With one usable server the key is not looked at (hash 0); with
    /// `None` (input missing) the pick falls back to round-robin over the
    /// same map or ring. Map-based lookups ignore `avoid`, as haproxy's
    /// do; consistent ones walk forward past it. Other algorithms ignore
    /// the key and pick as [`Balancer::pick`] does.
    pub fn pick_hash(&mut self, key: Option<u32>, avoid: Option<usize>) -> Pick {
        if self.core.tot_weight == 0 {
            return Pick::NoServer;
        }
        let Algo::Source { avalanche, .. } = self.algo else {
            return self.pick(None, avoid);
        };
        let core = &self.core;
        let hash = key.map(|k| match (core.tot_used, avalanche) {
            (1, _) => 0,
            (_, true) => full_hash(k),
            (_, false) => k,
        });
        let found = match (&mut self.lb, hash) {
            (Lb::Map(m), Some(h)) => m.pick_hash(core, h).or_else(|| m.pick_rr(core, avoid)),
            (Lb::Map(m), None) => m.pick_rr(core, avoid),
            (Lb::Chash(c), Some(h)) => c
                .lookup(core, h, avoid)
                .or_else(|| c.next_server(core, avoid)),
            (Lb::Chash(c), None) => c.next_server(core, avoid),
            _ => None,
        };
        found.map_or(Pick::Full, Pick::Server)
    }

    /// A connection was assigned to `srv` (`served += 1`,
    /// `server_take_conn()`).
    pub fn take(&mut self, srv: usize) {
        if let Some(s) = self.core.srv.get_mut(srv) {
            s.served = s.served.saturating_add(1);
            self.reposition(srv);
        }
    }

    /// A connection of `srv` ended (`served -= 1`, `server_drop_conn()`).
    pub fn release(&mut self, srv: usize) {
        if let Some(s) = self.core.srv.get_mut(srv) {
            s.served = s.served.saturating_sub(1);
            self.reposition(srv);
        }
    }

    fn reposition(&mut self, srv: usize) {
        match &mut self.lb {
            Lb::Fwlc(f) => f.reposition(&self.core, srv),
            Lb::Fas(f) => f.reposition(&self.core, srv),
            _ => {}
        }
    }

    pub fn served(&self, srv: usize) -> u32 {
        self.core.srv.get(srv).map_or(0, |s| s.served)
    }

    /// The length of `srv`'s pending queue, kept by the runtime. leastconn
    /// counts it in the server's load, so the server is repositioned.
    pub fn set_queued(&mut self, srv: usize, n: u32) {
        if let Some(s) = self.core.srv.get_mut(srv) {
            if s.queued != n {
                s.queued = n;
                if let Lb::Fwlc(f) = &mut self.lb {
                    f.reposition(&self.core, srv);
                }
            }
        }
    }

    pub fn queued(&self, srv: usize) -> u32 {
        self.core.srv.get(srv).map_or(0, |s| s.queued)
    }

    /// Saturated: `maxconn` set and (`queued > 0` or `served >= maxconn`).
    pub fn is_full(&self, srv: usize) -> bool {
        self.core.is_full(srv)
    }

    /// `srv_act`: usable active servers.
    pub fn usable_active(&self) -> usize {
        self.core.srv_act
    }

    /// `srv_bck`: usable backup servers.
    pub fn usable_backup(&self) -> usize {
        self.core.srv_bck
    }

    /// "Running on backup": no usable active server, some usable backup.
    pub fn using_backup(&self) -> bool {
        self.core.srv_act == 0 && self.core.srv_bck > 0
    }
}
