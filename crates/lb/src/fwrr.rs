//! `balance roundrobin`: the fast weighted round-robin of lb_fwrr.c.
//!
//! Each group (active, backup) has a window of positions and three trees:
//! `curr` ordered by next position, and `init`/`next` ordered by weight
//! (they swap roles when a window ends). Positions and keys are unsigned
//! 32-bit values with C's wrapping arithmetic. A server's `tree` is the
//! physical tree it was last queued in (haproxy's `lb_tree`), which stays
//! set while it is briefly dequeued during a pick, exactly like the C code.

use crate::group::{Core, Target, EWGHT_MAX, UWEIGHT_MAX, WEIGHT_SCALE};
use crate::tree::{Pos, Tree};

/// haproxy's `lb_tree` pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Where {
    None,
    Curr,
    /// One of the two weight-ordered trees (`t0`, `t1`).
    Weight(usize),
}

#[derive(Clone, Debug)]
struct FwrrSrv {
    npos: u32,
    lpos: u32,
    rweight: u32,
    tree: Where,
    node: Option<Pos>,
}

/// `struct fwrr_group`.
#[derive(Clone, Debug, Default)]
struct Group {
    curr: Tree,
    t: [Tree; 2],
    /// Which of `t` is `init`; the other one is `next`.
    init: usize,
    curr_pos: u32,
    curr_weight: u32,
    next_weight: u32,
}

impl Group {
    fn next(&self) -> usize {
        1 - self.init
    }

    fn tree_mut(&mut self, w: Where) -> Option<&mut Tree> {
        match w {
            Where::None => None,
            Where::Curr => Some(&mut self.curr),
            Where::Weight(i) => self.t.get_mut(i),
        }
    }

    /// `fwrr_switch_trees()`.
    fn switch_trees(&mut self) {
        self.init = self.next();
        self.curr_weight = self.next_weight;
        self.curr_pos = self.curr_weight;
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Fwrr {
    grp: [Group; 2],
    srv: Vec<FwrrSrv>,
}

impl Fwrr {
    /// `fwrr_init_server_groups()`.
    pub(crate) fn new(core: &Core) -> Fwrr {
        let srv = core
            .srv
            .iter()
            .map(|_| FwrrSrv {
                npos: 0,
                lpos: 0,
                rweight: 0,
                tree: Where::None,
                node: None,
            })
            .collect();
        let mut f = Fwrr {
            grp: [Group::default(), Group::default()],
            srv,
        };
        for (g, tot) in [(0, core.tot_wact), (1, core.tot_wbck)] {
            let grp = &mut f.grp[g];
            grp.curr_pos = tot;
            grp.curr_weight = tot;
            grp.next_weight = tot;
        }
        for i in 0..core.srv.len() {
            if core.srv[i].usable {
                let g = core.group_of(i);
                let init = f.grp[g].init;
                f.queue_by_weight(core, i, g, init);
            }
        }
        f
    }

    /// `fwrr_queue_by_weight()`: key `EWMAX - next_eweight`.
    fn queue_by_weight(&mut self, core: &Core, i: usize, g: usize, t: usize) {
        let key = EWGHT_MAX.wrapping_sub(core.next_eweight(i));
        let pos = self.grp[g].t[t].insert(key, i);
        self.srv[i].tree = Where::Weight(t);
        self.srv[i].node = Some(pos);
    }

    /// `fwrr_dequeue_srv()`: unlink, keeping `lb_tree`.
    fn dequeue(&mut self, core: &Core, i: usize) {
        let g = core.group_of(i);
        let w = self.srv[i].tree;
        if let Some(pos) = self.srv[i].node.take() {
            if let Some(t) = self.grp[g].tree_mut(w) {
                t.remove(pos);
            }
        }
    }

    /// `fwrr_queue_srv()`: into `next` when the position falls outside the
    /// current or the theoretical next window, else into `curr`.
    fn queue_srv(&mut self, core: &Core, i: usize) {
        let g = core.group_of(i);
        let ew = core.next_eweight(i);
        let (cw, nw) = (self.grp[g].curr_weight, self.grp[g].next_weight);
        let npos = self.srv[i].npos;
        if !core.willbe_usable(i) {
            self.srv[i].tree = Where::None;
        } else if ew == 0 || npos >= cw.wrapping_mul(2) || npos >= cw.wrapping_add(nw) {
            self.srv[i].npos = npos.wrapping_sub(cw);
            let next = self.grp[g].next();
            self.queue_by_weight(core, i, g, next);
        } else {
            let rweight = self.srv[i].rweight;
            let key = UWEIGHT_MAX
                .wrapping_mul(npos)
                .wrapping_add(EWGHT_MAX.wrapping_add(rweight).wrapping_sub(ew) / WEIGHT_SCALE);
            let pos = self.grp[g].curr.insert(key, i);
            self.srv[i].node = Some(pos);
            self.srv[i].tree = Where::Curr;
        }
    }

    /// `fwrr_get_srv()`: adjust a server's position for the tree it leaves.
    fn get_srv(&mut self, core: &Core, i: usize) {
        let g = core.group_of(i);
        let grp = &self.grp[g];
        let s = &mut self.srv[i];
        match s.tree {
            Where::Weight(t) if t == grp.init => {
                s.npos = 0;
                s.rweight = 0;
            }
            Where::Weight(_) => s.npos = s.npos.wrapping_add(grp.curr_weight),
            Where::None => s.npos = grp.curr_pos,
            Where::Curr => {}
        }
    }

    /// `fwrr_get_server_from_group()`.
    fn server_from_group(&mut self, core: &Core, g: usize) -> Option<usize> {
        let grp = &self.grp[g];
        let s1 = grp.curr.first().map(|(_, i)| i);
        if let Some(i) = s1 {
            if core.eweight(i) != 0 && self.srv[i].npos <= grp.curr_pos {
                return Some(i);
            }
        }
        if let Some((_, i)) = grp.t[grp.init].first() {
            if core.eweight(i) != 0 {
                self.srv[i].npos = 0;
                self.srv[i].rweight = 0;
                return Some(i);
            }
        }
        s1
    }

    /// `fwrr_update_position()`.
    fn update_position(&mut self, core: &Core, g: usize, i: usize) {
        let ew = core.eweight(i);
        if ew == 0 {
            return;
        }
        let grp = &self.grp[g];
        let s = &mut self.srv[i];
        if s.npos == 0 {
            s.npos = grp.curr_pos;
        }
        s.lpos = s.npos;
        s.npos = s.npos.wrapping_add(grp.next_weight / ew);
        s.rweight = s.rweight.wrapping_add(grp.next_weight % ew);
        if s.rweight >= ew {
            s.rweight -= ew;
            s.npos = s.npos.wrapping_add(1);
        }
    }

    /// `fwrr_get_next_server()`: saturated servers, and the one to avoid
    /// once, are taken out, chained, and put back at the end.
    pub(crate) fn pick(&mut self, core: &Core, avoid: Option<usize>) -> Option<usize> {
        let g = match core.target() {
            Target::Active => 0,
            Target::FirstBackup(f) => return Some(f),
            Target::Backup => 1,
            Target::Nothing => return None,
        };
        let mut switched = false;
        let mut avoided: Option<usize> = None;
        let mut full: Vec<usize> = Vec::new();
        let chosen = 'outer: loop {
            let grp = &mut self.grp[g];
            if grp.curr_weight == 0 {
                grp.curr_weight = grp.next_weight;
                grp.curr_pos = grp.curr_weight;
            }
            let srv = loop {
                if let Some(i) = self.server_from_group(core, g) {
                    break i;
                }
                if switched {
                    break 'outer avoided;
                }
                switched = true;
                self.grp[g].switch_trees();
            };
            self.update_position(core, g, srv);
            self.dequeue(core, srv);
            self.grp[g].curr_pos = self.grp[g].curr_pos.wrapping_add(1);
            if !core.is_full(srv) {
                if Some(srv) != avoid || avoided.is_some() {
                    break Some(srv);
                }
                avoided = Some(srv);
            }
            full.push(srv);
        };
        if let Some(i) = chosen {
            self.queue_srv(core, i);
        }
        // The C code chains at the head, so the last one taken out goes
        // back first; that order matters among equal keys.
        for &i in full.iter().rev() {
            if Some(i) == chosen {
                continue;
            }
            if switched {
                let init = self.grp[g].init;
                self.queue_by_weight(core, i, g, init);
            } else {
                self.queue_srv(core, i);
            }
        }
        chosen
    }

    /// `fwrr_set_server_status_down()`, called while `usable` is the old
    /// state and `up`/`next_eweight` the new one.
    pub(crate) fn down(&mut self, core: &Core, i: usize) {
        let g = core.group_of(i);
        let grp = &mut self.grp[g];
        grp.next_weight = grp.next_weight.wrapping_sub(core.eweight(i));
        self.dequeue(core, i);
        self.srv[i].tree = Where::None;
    }

    /// `fwrr_set_server_status_up()`.
    pub(crate) fn up(&mut self, core: &Core, i: usize) {
        let g = core.group_of(i);
        let ew = core.next_eweight(i).max(1);
        let grp = &mut self.grp[g];
        grp.next_weight = grp.next_weight.wrapping_add(core.next_eweight(i));
        self.get_srv(core, i);
        let grp = &self.grp[g];
        let room = grp
            .next_weight
            .wrapping_add(grp.curr_weight)
            .wrapping_sub(grp.curr_pos);
        self.srv[i].npos = grp.curr_pos.wrapping_add(room / ew);
        self.queue_srv(core, i);
    }

    /// `fwrr_update_server_weight()` for a server usable before and after.
    pub(crate) fn reweight(&mut self, core: &Core, i: usize) {
        let g = core.group_of(i);
        let next_ew = core.next_eweight(i);
        let grp = &mut self.grp[g];
        grp.next_weight = grp
            .next_weight
            .wrapping_sub(core.eweight(i))
            .wrapping_add(next_ew);
        let init = grp.init;
        match self.srv[i].tree {
            Where::Weight(t) if t == init => {
                self.dequeue(core, i);
                self.queue_by_weight(core, i, g, init);
            }
            Where::None => {
                self.dequeue(core, i);
                self.get_srv(core, i);
                let grp = &self.grp[g];
                let room = grp
                    .next_weight
                    .wrapping_add(grp.curr_weight)
                    .wrapping_sub(grp.curr_pos);
                self.srv[i].npos = grp.curr_pos.wrapping_add(room / next_ew.max(1));
                self.queue_srv(core, i);
            }
            _ => {
                self.get_srv(core, i);
                let grp = &self.grp[g];
                let s = &mut self.srv[i];
                if let Some(step) = grp.next_weight.checked_div(next_ew) {
                    let prev_next = s.npos;
                    s.npos = s.lpos.wrapping_add(step);
                    s.rweight = 0;
                    if s.npos > prev_next {
                        s.npos = prev_next;
                    }
                    if s.npos < grp.curr_pos.wrapping_add(2) {
                        s.npos = grp.curr_pos.wrapping_add(step);
                    }
                } else {
                    // A zero weight: push it into the next tree.
                    s.npos = grp.curr_pos.wrapping_add(grp.curr_weight);
                }
                self.dequeue(core, i);
                self.queue_srv(core, i);
            }
        }
    }
}
