//! The plain-data types of the crate's API: the algorithm, the servers as the
//! configuration gives them, and the answer of a pick.

/// A byte hash function of `hash-type` (src/hash.c).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashFn {
    Sdbm,
    Djb2,
    Wt6,
    Crc32,
}

/// A `balance` algorithm, with the lookup structure haproxy builds for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algo {
    /// `roundrobin`: FWRR trees (lb_fwrr.c), dynamic weights.
    RoundRobin,
    /// `static-rr`: the static map (lb_map.c).
    StaticRr,
    /// `leastconn`: the FWLC tree (lb_fwlc.c).
    LeastConn,
    /// `first`: the FAS tree keyed by server id (lb_fas.c).
    First,
    /// `random[(<draws>)]`: the consistent-hash tree fed by a PRNG.
    Random { draws: u32 },
    /// `balance source` (and later other hashes): map-based or consistent.
    ///
    /// `avalanche` is taken as given: the configuration layer resolves
    /// `hash-type consistent` alone to avalanche on, while
    /// `hash-type consistent sdbm` leaves it off, as haproxy does.
    Source { consistent: bool, avalanche: bool },
}

impl Algo {
    /// haproxy's `BE_LB_PROP_DYN`: weights may change at runtime to any
    /// value. Static algorithms (map-based) only accept 0% and 100% on the
    /// CLI; this crate applies any weight anyway.
    pub fn is_dynamic(self) -> bool {
        !matches!(
            self,
            Algo::StaticRr
                | Algo::Source {
                    consistent: false,
                    ..
                }
        )
    }
}

/// One `server` line as the load balancer needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ServerSpec {
    /// The numeric server id: 1..n in declaration order unless `id` is set.
    pub puid: u32,
    /// The user weight, 0..=256 (larger values are clamped to 256).
    pub uweight: u32,
    pub backup: bool,
    /// 0 = unlimited.
    pub maxconn: u32,
    /// 0 = unlimited.
    pub maxqueue: u32,
}

impl ServerSpec {
    /// An active server without maxconn or maxqueue.
    pub fn new(puid: u32, uweight: u32) -> ServerSpec {
        ServerSpec {
            puid,
            uweight,
            ..ServerSpec::default()
        }
    }
}

/// The answer of [`crate::Balancer::pick`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pick {
    /// An index into the specs slice given to [`crate::Balancer::new`].
    ///
    /// As in haproxy, some algorithms can return a saturated server:
    /// the hash lookups (`source`), leastconn while the server's queue is
    /// below its `maxqueue`, and the single backup server (`fbck`) when no
    /// active server is usable. The caller checks
    /// [`crate::Balancer::is_full`] and queues on that server's queue,
    /// as `assign_server_and_queue()` does.
    Server(usize),
    /// Usable servers exist but the algorithm found none that is not
    /// saturated (haproxy's `SRV_STATUS_FULL`): queue in the backend queue.
    Full,
    /// No usable server (`SRV_STATUS_NOSRV`), or `source` without an IP
    /// source (haproxy's `SRV_STATUS_INTERNAL`).
    NoServer,
}
