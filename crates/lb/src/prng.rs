//! `statistical_prng()` (include/haproxy/tools.h): a xorshift32 generator,
//! good enough to spread `balance random` draws, not for secrets.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

#[derive(Clone, Debug)]
pub(crate) struct Prng {
    state: u32,
}

impl Prng {
    /// A generator seeded from the process's hash randomness, as haproxy
    /// seeds one per thread at start-up.
    pub(crate) fn from_entropy() -> Prng {
        let bits = RandomState::new().build_hasher().finish();
        Prng::with_seed((bits ^ (bits >> 32)) as u32)
    }

    /// A generator with a fixed seed; 0, which xorshift never leaves, is
    /// replaced by a constant.
    pub(crate) fn with_seed(seed: u32) -> Prng {
        Prng {
            state: if seed == 0 { 0x9e37_79b9 } else { seed },
        }
    }

    /// The next value: `x ^= x << 13; x ^= x >> 17; x ^= x << 5`.
    pub(crate) fn next_u32(&mut self) -> u32 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.state = x;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift32_reference_values() {
        // Marsaglia's xorshift32 (13, 17, 5) from seed 1.
        let mut p = Prng::with_seed(1);
        assert_eq!(p.next_u32(), 270_369);
        assert_eq!(p.next_u32(), 67_634_689);
        let mut z = Prng::with_seed(0);
        assert_ne!(z.next_u32(), 0);
    }
}
