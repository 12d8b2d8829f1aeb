//! `balance static-rr` and map-based hashing: the static server map of
//! lb_map.c. The map has one slot per unit of effective weight of the
//! group in use and is rebuilt on every state change, so hashes are
//! remapped (hence "static", not consistent).

use crate::group::Core;

#[derive(Clone, Debug, Default)]
pub(crate) struct Map {
    /// `lbprm.map.srv`: the first `tot_weight` slots are meaningful.
    srv: Vec<Option<usize>>,
    /// `lbprm.map.rr_idx`.
    rr_idx: usize,
}

impl Map {
    /// `init_server_map()` (the gcd and eweights are already in `core`).
    pub(crate) fn new(core: &Core) -> Map {
        let mut m = Map::default();
        m.recalc(core);
        m
    }

    /// `recalc_server_map()`: a smooth weighted interleave of the usable
    /// servers of the group in use, built from the next state.
    ///
    /// In backup mode without `allbackups`, `tot_weight` is the first
    /// backup's weight only, yet every usable backup takes part in the
    /// fill; with a first backup of weight 1 the map is that server only,
    /// with larger weights other backups can appear. This is haproxy's
    /// behaviour and is kept.
    pub(crate) fn recalc(&mut self, core: &Core) {
        if core.tot_used == 0 {
            return;
        }
        let tot = core.tot_weight as usize;
        let backup = core.srv_act == 0;
        let tot_i = i64::from(core.tot_weight);
        let mut wscore = vec![0i64; core.srv.len()];
        self.srv.clear();
        self.srv.resize(tot, None);
        for slot in self.srv.iter_mut() {
            let mut max = 0i64;
            let mut best: Option<usize> = None;
            for (i, s) in core.srv.iter().enumerate() {
                if s.backup != backup || !s.willbe_usable() {
                    continue;
                }
                if tot == 1 {
                    best = Some(i);
                    break;
                }
                wscore[i] += i64::from(s.next_eweight);
                let v = (wscore[i] + tot_i) / tot_i;
                if best.is_none() || v > max {
                    max = v;
                    best = Some(i);
                }
            }
            *slot = best;
            if let Some(b) = best {
                wscore[b] -= tot_i;
            }
        }
    }

    /// The map slots in use (for tests).
    #[cfg(test)]
    pub(crate) fn slots(&self) -> &[Option<usize>] {
        &self.srv
    }

    /// `map_get_server_rr()`: walk the map from `rr_idx`, skipping
    /// saturated servers; the server to avoid is only returned when it is
    /// the only non-saturated one.
    pub(crate) fn pick_rr(&mut self, core: &Core, avoid: Option<usize>) -> Option<usize> {
        let tot = (core.tot_weight as usize).min(self.srv.len());
        if tot == 0 {
            return None;
        }
        if self.rr_idx >= tot {
            self.rr_idx = 0;
        }
        let mut newidx = self.rr_idx;
        let mut avoided: Option<usize> = None;
        let mut avoididx = 0;
        loop {
            let slot = self.srv.get(newidx).copied().flatten();
            newidx += 1;
            if let Some(s) = slot {
                if !core.is_full(s) {
                    avoided = Some(s);
                    avoididx = newidx;
                    if Some(s) != avoid {
                        break;
                    }
                }
            }
            if newidx == tot {
                newidx = 0;
            }
            if newidx == self.rr_idx {
                break;
            }
        }
        if avoided.is_some() {
            self.rr_idx = avoididx;
        }
        avoided
    }

    /// `map_get_server_hash()`: `map[hash % tot_weight]`, saturated or not.
    pub(crate) fn pick_hash(&self, core: &Core, hash: u32) -> Option<usize> {
        if core.tot_weight == 0 {
            return None;
        }
        let idx = (hash % core.tot_weight) as usize;
        self.srv.get(idx).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ServerSpec;
    use crate::group::weight_gcd;

    fn map_of(specs: &[ServerSpec], allbackups: bool) -> Vec<Option<usize>> {
        let core = Core::new(specs, allbackups, 1, weight_gcd(specs));
        Map::new(&core).slots().to_vec()
    }

    fn active(weights: &[u32]) -> Vec<ServerSpec> {
        (1..)
            .zip(weights)
            .map(|(p, &w)| ServerSpec::new(p, w))
            .collect()
    }

    #[test]
    fn weights_3_1_2_give_the_observed_map() {
        let m = map_of(&active(&[3, 1, 2]), false);
        assert_eq!(m, [0, 0, 2, 0, 1, 2].map(Some));
    }

    #[test]
    fn weights_are_divided_by_their_gcd() {
        assert_eq!(map_of(&active(&[10, 20]), false), [0, 1, 1].map(Some));
        assert_eq!(map_of(&active(&[1, 1, 1]), false), [0, 1, 2].map(Some));
    }

    #[test]
    fn backup_mode_quirk_fills_a_first_backup_sized_map_from_all_backups() {
        let mut specs = active(&[1, 2, 3]);
        specs[0].uweight = 0;
        specs[1].backup = true;
        specs[2].backup = true;
        // gcd(2, 3) = 1; first backup s2 (eweight 2), tot = 2, but s3
        // (eweight 3) wins the second slot.
        assert_eq!(map_of(&specs, false), [Some(1), Some(2)]);
        // With allbackups, the map covers both backups' weights.
        assert_eq!(map_of(&specs, true).len(), 5);
    }
}
