//! Consistent hashing (lb_chash.c), used by `hash-type consistent` and by
//! `balance random`.
//!
//! A server with id `puid` owns `eweight` points on a 32-bit ring; point
//! `j` has key `full_hash(puid * 4096 + j)`. Points are added and removed
//! from the top as the weight changes, so a weight change only moves the
//! keys of the points concerned. `last` is the position the hash-less
//! round-robin fallback (`chash_get_next_server()`) resumes from.

use crate::group::{Core, Target, EWGHT_MAX, WEIGHT_SCALE};
use crate::hash::full_hash;
use crate::tree::{Pos, Tree};

#[derive(Clone, Debug, Default)]
struct ChashSrv {
    /// `lb_nodes[].node.key`; the length is `lb_nodes_tot`.
    keys: Vec<u32>,
    /// Where the first `lb_nodes_now` points are in the group's tree.
    pos: Vec<Pos>,
}

#[derive(Clone, Debug)]
pub(crate) struct Chash {
    /// The active and the backup rings.
    trees: [Tree; 2],
    /// `lbprm.chash.last`: a tree index and a node in it.
    last: Option<(usize, Pos)>,
    srv: Vec<ChashSrv>,
}

fn point_key(puid: u32, j: u32) -> u32 {
    full_hash(puid.wrapping_mul(EWGHT_MAX).wrapping_add(j))
}

impl Chash {
    /// `chash_init_server_tree()`.
    pub(crate) fn new(core: &Core) -> Chash {
        let srv = core
            .srv
            .iter()
            .map(|s| ChashSrv {
                keys: (0..s.uweight * WEIGHT_SCALE)
                    .map(|j| point_key(s.puid, j))
                    .collect(),
                pos: Vec::new(),
            })
            .collect();
        let mut c = Chash {
            trees: [Tree::default(), Tree::default()],
            last: None,
            srv,
        };
        for i in 0..core.srv.len() {
            if core.srv[i].usable {
                c.queue_dequeue(core, i);
            }
        }
        c
    }

    /// `chash_skip_node()`: the node after `pos` in tree `t`, wrapping, or
    /// nothing when `pos` is alone.
    fn skip_node(&self, t: usize, pos: Pos) -> Option<(usize, Pos)> {
        let tree = &self.trees[t];
        let next = tree.next(pos).or_else(|| tree.first()).map(|(p, _)| p);
        match next {
            Some(p) if p != pos => Some((t, p)),
            _ => None,
        }
    }

    /// Remove server `i`'s topmost point, moving `last` off it first.
    fn remove_top(&mut self, core: &Core, i: usize) {
        let t = core.group_of(i);
        let Some(pos) = self.srv[i].pos.pop() else {
            return;
        };
        if self.last == Some((t, pos)) {
            self.last = self.skip_node(t, pos);
        }
        self.trees[t].remove(pos);
    }

    /// `chash_dequeue_srv()`: remove every point of server `i`.
    fn dequeue(&mut self, core: &Core, i: usize) {
        while !self.srv[i].pos.is_empty() {
            self.remove_top(core, i);
        }
    }

    /// `chash_queue_dequeue_srv()`: bring server `i` to `next_eweight`
    /// points, growing its point table (after removing all its points,
    /// as the C code must before its realloc) when the weight went past
    /// what was allocated.
    fn queue_dequeue(&mut self, core: &Core, i: usize) {
        let want = core.next_eweight(i) as usize;
        while self.srv[i].pos.len() > want {
            self.remove_top(core, i);
        }
        if self.srv[i].keys.len() < want {
            self.dequeue(core, i);
            let puid = core.srv[i].puid;
            let have = self.srv[i].keys.len() as u32;
            let keys = (have..want as u32).map(|j| point_key(puid, j));
            self.srv[i].keys.extend(keys);
        }
        let t = core.group_of(i);
        while self.srv[i].pos.len() < want {
            let n = self.srv[i].pos.len();
            let Some(&key) = self.srv[i].keys.get(n) else {
                break;
            };
            let pos = self.trees[t].insert(key, i);
            self.srv[i].pos.push(pos);
        }
    }

    /// `chash_set_server_status_down()`.
    pub(crate) fn down(&mut self, core: &Core, i: usize) {
        self.dequeue(core, i);
    }

    /// `chash_set_server_status_up()` and `chash_update_server_weight()`.
    pub(crate) fn up(&mut self, core: &Core, i: usize) {
        self.queue_dequeue(core, i);
    }

    /// The ring to use, or the answer when no ring is used.
    fn root(core: &Core) -> Result<usize, Option<usize>> {
        match core.target() {
            Target::Active => Ok(0),
            Target::FirstBackup(f) => Err(Some(f)),
            Target::Backup => Ok(1),
            Target::Nothing => Err(None),
        }
    }

    /// `chash_get_server_hash()`: the point closest to `hash` (the one
    /// before it on a tie), then forward past the server to avoid.
    /// Saturation is not looked at.
    pub(crate) fn lookup(&self, core: &Core, hash: u32, avoid: Option<usize>) -> Option<usize> {
        let t = match Chash::root(core) {
            Ok(t) => t,
            Err(answer) => return answer,
        };
        let tree = &self.trees[t];
        let (next_pos, next_srv) = tree.lookup_ge(hash).or_else(|| tree.first())?;
        let (prev_pos, prev_srv) = tree.prev(next_pos).or_else(|| tree.last())?;
        let dp = hash.wrapping_sub(prev_pos.0);
        let dn = next_pos.0.wrapping_sub(hash);
        let (mut node, mut srv) = if dp <= dn {
            (prev_pos, prev_srv)
        } else {
            (next_pos, next_srv)
        };
        let mut wraps = 0;
        while Some(srv) == avoid {
            match tree.next(node) {
                Some(n) => (node, srv) = n,
                None => {
                    let Some(n) = tree.first() else { break };
                    (node, srv) = n;
                    wraps += 1;
                    if wraps > 1 {
                        break;
                    }
                }
            }
        }
        Some(srv)
    }

    /// `chash_get_next_server()`: round-robin over the ring's points from
    /// `last`, for requests without a hash input. Like the C code, a
    /// `last` left in the other group's ring is followed in that ring.
    pub(crate) fn next_server(&mut self, core: &Core, avoid: Option<usize>) -> Option<usize> {
        let root = match Chash::root(core) {
            Ok(t) => t,
            Err(answer) => return answer,
        };
        let mut stop = self.last;
        let mut node = self.last;
        let mut avoided: Option<(usize, (usize, Pos))> = None;
        // Every node is visited at most once before `stop` comes back; the
        // bound only guards against a `stop` that is no longer reachable.
        let bound = self.trees[0].len() + self.trees[1].len() + 2;
        for _ in 0..bound {
            let following = node.and_then(|(t, p)| self.trees[t].next(p).map(|(p2, _)| (t, p2)));
            node = following.or_else(|| self.trees[root].first().map(|(p, _)| (root, p)));
            self.last = node;
            let (t, p) = node?;
            if stop.is_none() {
                stop = node;
            }
            if let Some(s) = self.trees[t].get(p) {
                if !core.is_full(s) {
                    if Some(s) != avoid {
                        return Some(s);
                    }
                    avoided = Some((s, (t, p)));
                }
            }
            if node == stop {
                break;
            }
        }
        let (s, n) = avoided?;
        self.last = Some(n);
        Some(s)
    }

    /// `get_server_rnd()` (src/backend.c): `draws` lookups of PRNG values,
    /// keeping the less loaded by `served / eweight`; a saturated final
    /// choice gives nothing, so the request goes to the backend queue.
    pub(crate) fn pick_random(
        &self,
        core: &Core,
        draws: u32,
        avoid: Option<usize>,
        mut prng: impl FnMut() -> u32,
    ) -> Option<usize> {
        let mut curr: Option<usize> = None;
        // `int draws` counted down with `while (--draws > 0)`.
        let mut left = draws as i32;
        loop {
            let prev = curr;
            curr = self.lookup(core, prng(), avoid);
            let Some(c) = curr else { break };
            if let Some(p) = prev {
                let (cs, ps) = (&core.srv[c], &core.srv[p]);
                if p != c && cs.served.wrapping_mul(ps.eweight) > ps.served.wrapping_mul(cs.eweight)
                {
                    curr = prev;
                }
            }
            left = left.saturating_sub(1);
            if left <= 0 {
                break;
            }
        }
        let c = curr?;
        let s = &core.srv[c];
        if s.queued != 0 || (s.maxconn != 0 && s.served >= s.maxconn) {
            return None;
        }
        Some(c)
    }
}
