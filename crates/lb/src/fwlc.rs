//! `balance leastconn`: the fast weighted least-connection tree of
//! lb_fwlc.c. Servers are ordered by `(inflight + 1) * 4096 / eweight`
//! (0 when idle), equal keys in FIFO order; a server is repositioned on
//! every change of its connection count, so equally loaded servers rotate.

use crate::group::{Core, Target, EWGHT_MAX};
use crate::tree::{Pos, Tree};

#[derive(Clone, Copy, Debug, Default)]
struct FwlcSrv {
    /// `lb_tree`: the group tree while the server is usable.
    tree: Option<usize>,
    node: Option<Pos>,
}

#[derive(Clone, Debug)]
pub(crate) struct Fwlc {
    trees: [Tree; 2],
    srv: Vec<FwlcSrv>,
}

/// The tree key for `inflight` connections at weight `eweight`, with C's
/// unsigned wrapping arithmetic.
fn key(inflight: u32, eweight: u32) -> u32 {
    if inflight == 0 {
        0
    } else {
        inflight.wrapping_add(1).wrapping_mul(EWGHT_MAX) / eweight.max(1)
    }
}

fn inflight(core: &Core, i: usize) -> u32 {
    core.srv
        .get(i)
        .map_or(0, |s| s.served.wrapping_add(s.queued))
}

impl Fwlc {
    /// `fwlc_init_server_tree()`.
    pub(crate) fn new(core: &Core) -> Fwlc {
        let mut f = Fwlc {
            trees: [Tree::default(), Tree::default()],
            srv: vec![FwlcSrv::default(); core.srv.len()],
        };
        for i in 0..core.srv.len() {
            if core.srv[i].usable {
                f.srv[i].tree = Some(core.group_of(i));
                f.queue(core, i, core.next_eweight(i));
            }
        }
        f
    }

    /// `fwlc_queue_srv()`.
    fn queue(&mut self, core: &Core, i: usize, eweight: u32) {
        if let Some(t) = self.srv[i].tree {
            let pos = self.trees[t].insert(key(inflight(core, i), eweight), i);
            self.srv[i].node = Some(pos);
        }
    }

    /// `fwlc_dequeue_srv()`.
    fn dequeue(&mut self, i: usize) {
        if let (Some(t), Some(pos)) = (self.srv[i].tree, self.srv[i].node.take()) {
            self.trees[t].remove(pos);
        }
    }

    /// `fwlc_srv_reposition()`, after a take, a release or a queue change:
    /// nothing moves when the key is unchanged.
    pub(crate) fn reposition(&mut self, core: &Core, i: usize) {
        let Some(s) = self.srv.get(i) else { return };
        if s.tree.is_none() {
            return;
        }
        let eweight = core.eweight(i);
        let new_key = key(inflight(core, i), eweight);
        if eweight != 0 && s.node.is_some_and(|p| p.0 == new_key) {
            return;
        }
        self.dequeue(i);
        self.queue(core, i, eweight);
    }

    /// `fwlc_set_server_status_down()`.
    pub(crate) fn down(&mut self, i: usize) {
        self.dequeue(i);
        self.srv[i].tree = None;
    }

    /// `fwlc_set_server_status_up()`.
    pub(crate) fn up(&mut self, core: &Core, i: usize) {
        self.srv[i].tree = Some(core.group_of(i));
        self.queue(core, i, core.next_eweight(i));
    }

    /// `fwlc_update_server_weight()` for a server usable before and after.
    pub(crate) fn reweight(&mut self, core: &Core, i: usize) {
        if self.srv[i].tree.is_some() {
            self.dequeue(i);
            self.queue(core, i, core.next_eweight(i));
        }
    }

    /// `fwlc_get_next_server()`: the first server in key order whose
    /// `served + queued` is below `maxconn + maxqueue`, so with a
    /// `maxqueue` a saturated server whose queue has room can be chosen.
    pub(crate) fn pick(&self, core: &Core, avoid: Option<usize>) -> Option<usize> {
        let t = match core.target() {
            Target::Active => 0,
            Target::FirstBackup(f) => return Some(f),
            Target::Backup => 1,
            Target::Nothing => return None,
        };
        let mut avoided = None;
        let mut node = self.trees[t].first();
        while let Some((pos, i)) = node {
            let s = &core.srv[i];
            let room = s.maxconn == 0
                || s.served.wrapping_add(s.queued) < s.maxconn.wrapping_add(s.maxqueue);
            if room {
                if Some(i) != avoid {
                    return Some(i);
                }
                avoided = Some(i);
            }
            node = self.trees[t].next(pos);
        }
        avoided
    }
}
