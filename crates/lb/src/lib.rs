//! haproxy 2.6's load-balancing algorithms, bit-exact for sequential picks.
//!
//! A [`Balancer`] holds one backend's servers and the lookup structure of
//! its `balance` algorithm: FWRR trees for `roundrobin` (module `fwrr`),
//! the static map for `static-rr` and map-based hashing (`map`), the
//! consistent-hash ring for `hash-type consistent` and `random` (`chash`),
//! the least-connection tree for `leastconn` (`fwlc`) and the id-ordered
//! tree for `first` (`fas`). The active/backup choice and the shared
//! server state are in `group`, the ebtree-like ordered multiset in `tree`,
//! the hash functions in `hash`, `random`'s generator in `prng`.
//!
//! Verified against haproxy 2.6.12: the byte hashes against its converters,
//! every algorithm against recorded transcripts (tests/data, replayed by
//! tests/observed.rs), including weight changes, up/down, backups, maxconn
//! and queues.
//!
//! The crate is pure and single-threaded: the runtime tells it about state
//! changes ([`Balancer::set_usable`], [`Balancer::set_weight`]) and
//! connections ([`Balancer::take`], [`Balancer::release`],
//! [`Balancer::set_queued`]) and asks it for a server ([`Balancer::pick`]).
//! Nothing here panics on any input: unknown server indexes are ignored,
//! arithmetic wraps as haproxy's unsigned C arithmetic does.

mod api;
mod balancer;
mod chash;
mod fas;
mod fwlc;
mod fwrr;
mod group;
mod hash;
mod map;
mod prng;
mod tree;

pub use api::{Algo, HashFn, Pick, ServerSpec};
pub use balancer::Balancer;
pub use hash::{full_hash, hash_bytes, source_key};
