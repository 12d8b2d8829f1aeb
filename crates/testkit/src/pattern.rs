//! The byte stream of bulk transfers: a 64 KiB block of pseudo-random bytes
//! whose first 8 bytes are replaced by the block's index, repeated. Every
//! block is distinct, so a lost, duplicated or reordered block is seen, and
//! the receiver checks each byte against the expected one with slice
//! comparisons (memcmp), which is exact and fast even in unoptimised test
//! builds, where hashing a GiB byte by byte would take longer than moving it.
//! Memory stays bounded: nothing but one block is ever held.

/// The pattern's block size.
pub const BLOCK: usize = 64 * 1024;

/// Size of the block index stamped at the start of each block.
const STAMP: usize = 8;

/// The repeating pattern.
#[derive(Debug)]
pub struct Pattern {
    base: Vec<u8>,
}

impl Default for Pattern {
    fn default() -> Self {
        Self::new()
    }
}

impl Pattern {
    pub fn new() -> Pattern {
        // xorshift64: any fixed non-trivial bytes would do.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut base = Vec::with_capacity(BLOCK);
        while base.len() < BLOCK {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            base.extend_from_slice(&x.to_le_bytes());
        }
        Pattern { base }
    }

    /// Splits `[off, off + len)` into pieces that stay inside one block:
    /// (block index, offset in block, length).
    fn pieces(off: u64, len: usize) -> impl Iterator<Item = (u64, usize, usize)> {
        let mut pos = off;
        let end = off + len as u64;
        std::iter::from_fn(move || {
            if pos >= end {
                return None;
            }
            let k = pos / BLOCK as u64;
            let i = (pos % BLOCK as u64) as usize;
            let n = (BLOCK - i).min((end - pos) as usize);
            pos += n as u64;
            Some((k, i, n))
        })
    }

    /// Fills `buf` with the stream's bytes starting at offset `off`.
    pub fn fill(&self, off: u64, buf: &mut [u8]) {
        let mut at = 0;
        for (k, i, n) in Self::pieces(off, buf.len()) {
            let dst = &mut buf[at..at + n];
            dst.copy_from_slice(&self.base[i..i + n]);
            if i < STAMP {
                let end = (i + n).min(STAMP);
                dst[..end - i].copy_from_slice(&k.to_le_bytes()[i..end]);
            }
            at += n;
        }
    }

    /// The offset of the first byte of `got` that differs from the stream
    /// at `off`, if any.
    pub fn mismatch(&self, off: u64, got: &[u8]) -> Option<u64> {
        let mut at = 0;
        for (k, i, n) in Self::pieces(off, got.len()) {
            let piece = &got[at..at + n];
            let stamp = k.to_le_bytes();
            let head = (i..(i + n).min(STAMP)).count();
            for (j, b) in piece[..head].iter().enumerate() {
                if *b != stamp[i + j] {
                    return Some(off + (at + j) as u64);
                }
            }
            if piece[head..] != self.base[i + head..i + n] {
                let j = (head..n)
                    .find(|&j| piece[j] != self.base[i + j])
                    .unwrap_or(head);
                return Some(off + (at + j) as u64);
            }
            at += n;
        }
        None
    }
}

/// Checks a received stream against the pattern, chunk by chunk.
#[derive(Debug, Default)]
pub struct Verifier {
    pattern: Pattern,
    /// Bytes received so far.
    pub received: u64,
    /// Offset of the first wrong byte.
    pub first_mismatch: Option<u64>,
}

impl Verifier {
    pub fn new() -> Verifier {
        Verifier::default()
    }

    /// Checks the next received bytes.
    pub fn feed(&mut self, got: &[u8]) {
        if self.first_mismatch.is_none() {
            self.first_mismatch = self.pattern.mismatch(self.received, got);
        }
        self.received += got.len() as u64;
    }

    /// Whether exactly `len` bytes of the pattern were received.
    pub fn is_exact(&self, len: u64) -> bool {
        self.first_mismatch.is_none() && self.received == len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_and_check_agree_across_block_boundaries() {
        let p = Pattern::new();
        let mut buf = vec![0u8; BLOCK + 100];
        p.fill(BLOCK as u64 - 50, &mut buf);
        assert_eq!(p.mismatch(BLOCK as u64 - 50, &buf), None);
        // Block index stamps make blocks differ.
        let (mut a, mut b) = (vec![0u8; 16], vec![0u8; 16]);
        p.fill(0, &mut a);
        p.fill(BLOCK as u64, &mut b);
        assert_ne!(a, b);
        buf[60] ^= 1;
        assert_eq!(p.mismatch(BLOCK as u64 - 50, &buf), Some(BLOCK as u64 + 10));
        let mut v = Verifier::new();
        v.feed(&a[..3]);
        v.feed(&a[3..]);
        assert!(v.is_exact(16));
    }
}
