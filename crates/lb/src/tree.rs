//! An ordered multiset with haproxy's ebtree duplicate semantics.
//!
//! haproxy keeps its load-balancing queues in `eb32` trees that allow
//! duplicate keys: a node inserted with a key already present goes after
//! the existing ones, so equal keys come out in FIFO insertion order. Here a
//! node's position is its key plus an insertion sequence number, which gives
//! the same order. A [`Pos`] stays valid until that node is removed.

use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Included, Unbounded};

/// Where a node sits in a [`Tree`]: its key and its insertion number.
pub(crate) type Pos = (u32, u64);

/// An `eb32` root holding server indexes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tree {
    nodes: BTreeMap<Pos, usize>,
    seq: u64,
}

impl Tree {
    /// `eb32_insert()`: after every node with the same key.
    pub(crate) fn insert(&mut self, key: u32, srv: usize) -> Pos {
        self.seq = self.seq.wrapping_add(1);
        let pos = (key, self.seq);
        self.nodes.insert(pos, srv);
        pos
    }

    /// `eb32_delete()`; removing a node that is not there does nothing.
    pub(crate) fn remove(&mut self, pos: Pos) -> Option<usize> {
        self.nodes.remove(&pos)
    }

    /// `eb32_first()`.
    pub(crate) fn first(&self) -> Option<(Pos, usize)> {
        self.nodes.iter().next().map(|(p, s)| (*p, *s))
    }

    /// `eb32_last()`.
    pub(crate) fn last(&self) -> Option<(Pos, usize)> {
        self.nodes.iter().next_back().map(|(p, s)| (*p, *s))
    }

    /// `eb32_next()`: the node after `pos` (which may already be gone).
    pub(crate) fn next(&self, pos: Pos) -> Option<(Pos, usize)> {
        self.nodes
            .range((Excluded(pos), Unbounded))
            .next()
            .map(|(p, s)| (*p, *s))
    }

    /// `eb32_prev()`: the node before `pos`.
    pub(crate) fn prev(&self, pos: Pos) -> Option<(Pos, usize)> {
        self.nodes
            .range((Unbounded, Excluded(pos)))
            .next_back()
            .map(|(p, s)| (*p, *s))
    }

    /// `eb32_lookup_ge()`: the first node whose key is at least `key`.
    pub(crate) fn lookup_ge(&self, key: u32) -> Option<(Pos, usize)> {
        self.nodes
            .range((Included((key, 0)), Unbounded))
            .next()
            .map(|(p, s)| (*p, *s))
    }

    /// The server stored at `pos`, if that node is still in the tree.
    pub(crate) fn get(&self, pos: Pos) -> Option<usize> {
        self.nodes.get(&pos).copied()
    }

    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The servers in tree order (for tests and debugging).
    #[cfg(test)]
    pub(crate) fn servers(&self) -> Vec<usize> {
        self.nodes.values().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_come_out_in_insertion_order() {
        let mut t = Tree::default();
        t.insert(5, 0);
        t.insert(3, 1);
        t.insert(5, 2);
        t.insert(3, 3);
        assert_eq!(t.servers(), vec![1, 3, 0, 2]);
    }

    #[test]
    fn reinserting_moves_a_node_behind_its_equals() {
        let mut t = Tree::default();
        let a = t.insert(0, 0);
        t.insert(0, 1);
        t.insert(0, 2);
        assert_eq!(t.remove(a), Some(0));
        t.insert(0, 0);
        assert_eq!(t.servers(), vec![1, 2, 0]);
    }

    #[test]
    fn navigation_wraps_nowhere_and_tolerates_removed_positions() {
        let mut t = Tree::default();
        let a = t.insert(10, 0);
        let b = t.insert(20, 1);
        let c = t.insert(30, 2);
        assert_eq!(t.lookup_ge(15).map(|x| x.1), Some(1));
        assert_eq!(t.lookup_ge(20).map(|x| x.1), Some(1));
        assert_eq!(t.lookup_ge(31), None);
        assert_eq!(t.prev(a), None);
        assert_eq!(t.next(c), None);
        t.remove(b);
        assert_eq!(t.next(b).map(|x| x.1), Some(2));
        assert_eq!(t.prev(b).map(|x| x.1), Some(0));
        assert_eq!(t.first().map(|x| x.1), Some(0));
        assert_eq!(t.last().map(|x| x.1), Some(2));
        assert_eq!(t.get(b), None);
        assert_eq!(t.len(), 2);
    }
}
