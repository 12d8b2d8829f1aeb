//! `balance first`: the first-available-server tree of lb_fas.c, ordered
//! by server id. Weights are ignored (a weight of 0 still makes a server
//! unusable).

use crate::group::{Core, Target};
use crate::tree::{Pos, Tree};

#[derive(Clone, Copy, Debug, Default)]
struct FasSrv {
    tree: Option<usize>,
    node: Option<Pos>,
}

#[derive(Clone, Debug)]
pub(crate) struct Fas {
    trees: [Tree; 2],
    srv: Vec<FasSrv>,
}

impl Fas {
    /// `fas_init_server_tree()`.
    pub(crate) fn new(core: &Core) -> Fas {
        let mut f = Fas {
            trees: [Tree::default(), Tree::default()],
            srv: vec![FasSrv::default(); core.srv.len()],
        };
        for i in 0..core.srv.len() {
            if core.srv[i].usable {
                f.up(core, i);
            }
        }
        f
    }

    /// `fas_queue_srv()`: key = puid.
    fn queue(&mut self, core: &Core, i: usize) {
        if let Some(t) = self.srv[i].tree {
            let pos = self.trees[t].insert(core.srv[i].puid, i);
            self.srv[i].node = Some(pos);
        }
    }

    fn dequeue(&mut self, i: usize) {
        if let (Some(t), Some(pos)) = (self.srv[i].tree, self.srv[i].node.take()) {
            self.trees[t].remove(pos);
        }
    }

    /// `fas_srv_reposition()`: only moves a server behind others with the
    /// same id.
    pub(crate) fn reposition(&mut self, core: &Core, i: usize) {
        if self.srv.get(i).is_some_and(|s| s.tree.is_some()) {
            self.dequeue(i);
            self.queue(core, i);
        }
    }

    /// `fas_set_server_status_down()`.
    pub(crate) fn down(&mut self, i: usize) {
        self.dequeue(i);
        self.srv[i].tree = None;
    }

    /// `fas_set_server_status_up()`.
    pub(crate) fn up(&mut self, core: &Core, i: usize) {
        self.srv[i].tree = Some(core.group_of(i));
        self.queue(core, i);
    }

    /// `fas_get_next_server()`: the lowest id that is not saturated.
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
            if !core.is_full(i) {
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
